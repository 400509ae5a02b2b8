"""The command line (SPEC section 4): exit statuses, the JSON, `sources`, `--help`, bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from exports_kit import write_csv, write_roster

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]

CONTACTS_H = ["First Name", "Last Name", "Company", "Email"]
MATTERS_H = ["Matter No", "Matter Description", "Client", "Status", "Date Opened", "Responsible Lawyer"]
TIME_H = ["Timekeeper", "Work Date", "Hrs", "Narrative", "Client Matter", "Rate"]


def run(capsys, *argv) -> tuple[int, str, str]:
    rc = main([str(a) for a in argv])
    cap = capsys.readouterr()
    assert "Traceback" not in cap.err and "Traceback" not in cap.out
    return rc, cap.out, cap.err


@pytest.fixture
def clean(tmp_path):
    ex = tmp_path / "exports"
    write_csv(ex / "contacts.csv", CONTACTS_H, [["Eleanor", "Whitfield", "", "eleanor@example.com"],
                                               ["", "", "Brightwater Marine LLC", "ap@brightwater.example"]])
    write_csv(ex / "matters.csv", MATTERS_H, [["1001", "Whitfield Estate", "Whitfield, Eleanor", "Open", "03/15/2021", "MH"],
                                             ["1002", "Marine lease", "Brightwater Marine LLC", "Closed", "03/16/2021", "DO"]])
    write_csv(ex / "billing" / "timesheet.csv", TIME_H, [["MH", "03/15/2021", "1.5", "Drafted will", "1001", "250"]])
    return ex


@pytest.fixture
def users(tmp_path):
    return write_roster(tmp_path / "users.csv")


def test_clean_folder_exits_0(capsys, clean, users):
    rc, out, err = run(capsys, "check", clean, "--users", users)
    assert rc == 0
    assert "No blockers" in out
    assert err == ""


def test_warnings_only_exit_0(capsys, clean, users):
    write_csv(clean / "matters.csv", MATTERS_H, [["1001", "", "Whitfield, Eleanor", "Open", "03/15/2021", "MH"]])
    rc, out, _ = run(capsys, "check", clean, "--users", users)
    assert rc == 0
    assert "MATTER_NO_DESCRIPTION" in out


def test_blockers_exit_1(capsys, clean, users, tmp_path):
    write_csv(clean / "billing" / "timesheet.csv", TIME_H, [["", "03/15/2021", "1.5", "Drafted will", "1001", "250"]])
    out_json = tmp_path / "findings.json"
    rc, out, _ = run(capsys, "check", clean, "--users", users, "--json", out_json)
    assert rc == 1
    assert "ACTIVITY_NO_USER" in out
    data = json.loads(out_json.read_text(encoding="utf-8"))
    (f,) = [f for f in data["findings"] if f["code"] == "ACTIVITY_NO_USER"]
    assert f == {**f, "severity": "blocker", "file": "billing/timesheet.csv", "row": 2, "column": "Timekeeper"}


def test_json_has_the_spec_keys(capsys, clean, users, tmp_path):
    write_csv(clean / "matters.csv", MATTERS_H, [["1001", "Whitfield Estate", "", "Open", "03/15/2021", "MH"]],
              title_lines=["Matter List", "As of 03/31/2021"])
    out_json = tmp_path / "out" / "check.json"
    out_json.parent.mkdir()
    rc, _, _ = run(capsys, "check", clean, "--users", users, "--json", out_json)
    assert rc == 0
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert {"tool", "files", "findings"} <= set(data)
    assert data["tool"]["name"] == "clio-prep" and data["tool"]["version"]
    files = {f["path"]: f for f in data["files"]}
    assert set(files) == {"contacts.csv", "matters.csv", "billing/timesheet.csv"}  # relative to the folder, users file not included
    for f in files.values():
        assert {"path", "data_type", "encoding", "delimiter", "header_row", "rows", "mapping"} <= set(f)
    m = files["matters.csv"]
    assert (m["data_type"], m["encoding"], m["delimiter"], m["header_row"], m["rows"]) == ("matters", "utf-8", ",", 3, 1)
    assert m["mapping"]["Matter Description"] == "description"
    assert files["billing/timesheet.csv"]["mapping"] == {
        "Timekeeper": "activity_user", "Work Date": "date", "Hrs": "quantity", "Narrative": "note",
        "Client Matter": "matter", "Rate": "price"}
    (nc,) = [f for f in data["findings"] if f["code"] == "MATTER_NO_CLIENT"]
    assert {"code", "severity", "file", "row", "column", "message"} <= set(nc)
    assert (nc["severity"], nc["file"], nc["row"], nc["column"]) == ("warning", "matters.csv", 4, "Client")
    assert isinstance(nc["row"], int)


def test_json_path_is_as_given_for_a_file(capsys, clean, tmp_path):
    out_json = tmp_path / "check.json"
    target = clean / "billing" / "timesheet.csv"
    run(capsys, "check", target, "--json", out_json)
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert [f["path"] for f in data["files"]] == [str(target)]


def test_file_level_findings_have_null_row(capsys, tmp_path):
    ex = tmp_path / "ex"
    write_csv(ex / "invoices.csv", ["Invoice Number", "Client", "Issue Date", "Amount"], [["INV-1", "Owen Fletcher", "03/31/2021", "100.00"]])
    write_csv(ex / "contacts.csv", CONTACTS_H, [["Owen", "Fletcher", "", "owen@example.com"]])
    out_json = tmp_path / "check.json"
    rc, _, _ = run(capsys, "check", ex, "--json", out_json)
    assert rc == 0  # info only
    data = json.loads(out_json.read_text(encoding="utf-8"))
    (f,) = [f for f in data["findings"] if f["code"] == "FILE_NOT_MIGRATABLE"]
    assert (f["severity"], f["file"], f["row"], f["column"]) == ("info", "invoices.csv", None, None)
    assert f["message"]


def test_folder_with_only_an_unreadable_file_exits_2(capsys, tmp_path):
    ex = tmp_path / "ex"
    ex.mkdir()
    (ex / "contacts.csv").write_bytes(b"")
    out_json = tmp_path / "check.json"
    rc, out, _ = run(capsys, "check", ex, "--json", out_json)
    assert rc == 2
    data = json.loads(out_json.read_text(encoding="utf-8"))
    (f,) = data["findings"]
    assert (f["code"], f["severity"], f["file"], f["row"], f["column"]) == ("FILE_UNREADABLE", "blocker", "contacts.csv", None, None)
    assert "empty" in f["message"].lower()
    assert "contacts.csv" in out


def test_missing_path_exits_2(capsys, tmp_path):
    rc, _, err = run(capsys, "check", tmp_path / "no-such-folder")
    assert rc == 2
    assert "no-such-folder" in err


def test_missing_path_next_to_a_good_one_exits_2(capsys, clean, tmp_path):
    rc, _, err = run(capsys, "check", clean, tmp_path / "typo.csv")
    assert rc == 2
    assert "typo.csv" in err


def test_empty_folder_exits_2(capsys, tmp_path):
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "readme.txt.bak").write_text("not an export")
    rc, _, err = run(capsys, "check", tmp_path / "nothing")
    assert rc == 2
    assert err.strip()


@pytest.mark.parametrize("argv", [
    [],
    ["check"],
    ["frobnicate"],
    ["check", "{clean}", "--region", "fr"],
    ["check", "{clean}", "--source", "No Such Program"],
    ["check", "{clean}", "--users", "{tmp}/missing-users.csv"],
])
def test_bad_usage_exits_2_without_traceback(capsys, clean, tmp_path, argv):
    argv = [a.format(clean=clean, tmp=tmp_path) for a in argv]
    rc, out, err = run(capsys, *argv)
    assert rc == 2
    assert (out + err).strip()


@pytest.mark.parametrize("content,why", [
    (b"Login,Role\r\nmh,admin\r\n", "first name"),
    (b"", "empty"),
])
def test_unusable_users_file_exits_2(capsys, clean, tmp_path, content, why):
    bad = tmp_path / "staff.csv"
    bad.write_bytes(content)
    rc, _, err = run(capsys, "check", clean, "--users", bad)
    assert rc == 2
    assert why in err.lower()


@pytest.mark.parametrize("content", [None, "{not json", "[1, 2, 3]"])
def test_missing_or_broken_project_file_exits_2(capsys, clean, tmp_path, content):
    project = tmp_path / "firm.clioprep.json"
    if content is not None:
        project.write_text(content, encoding="utf-8")
    rc, _, err = run(capsys, "check", clean, "--project", project)
    assert rc == 2
    assert "firm.clioprep.json" in err


def test_users_file_inside_the_export_folder_is_not_an_export(capsys, clean, tmp_path):
    users = write_roster(clean / "users.csv")
    out_json = tmp_path / "check.json"
    rc, _, _ = run(capsys, "check", clean, "--users", users, "--json", out_json)
    assert rc == 0
    paths = [f["path"] for f in json.loads(out_json.read_text(encoding="utf-8"))["files"]]
    assert "users.csv" not in paths


def test_unknown_user_is_a_warning_in_the_json(capsys, clean, users, tmp_path):
    write_csv(clean / "billing" / "timesheet.csv", TIME_H, [["Xavier Quinn", "03/15/2021", "1.5", "Drafted will", "1001", "250"]])
    out_json = tmp_path / "check.json"
    rc, _, _ = run(capsys, "check", clean, "--users", users, "--json", out_json)
    assert rc == 0
    (f,) = json.loads(out_json.read_text(encoding="utf-8"))["findings"]
    assert (f["code"], f["severity"], f["file"], f["row"], f["column"]) == (
        "USER_NOT_ON_ROSTER", "warning", "billing/timesheet.csv", 2, "Timekeeper")


def test_region_option_decides_dates(capsys, tmp_path):
    ex = tmp_path / "ex"
    write_csv(ex / "timesheet.csv", TIME_H, [["MH", "03/04/2021", "1.0", "Research", "1001", "250"]])
    out_json = tmp_path / "check.json"
    rc, _, _ = run(capsys, "check", ex, "--source", "spreadsheet", "--json", out_json)
    assert rc == 1
    assert [f["code"] for f in json.loads(out_json.read_text(encoding="utf-8"))["findings"]] == ["INVALID_DATE"]
    rc, _, _ = run(capsys, "check", ex, "--source", "spreadsheet", "--region", "uk", "--json", out_json)
    assert rc == 0
    assert json.loads(out_json.read_text(encoding="utf-8"))["findings"] == []


def test_json_matches_the_engine(capsys, clean, users, tmp_path):
    from app.core.engine import CheckOptions, run_check

    write_csv(clean / "matters.csv", MATTERS_H, [["1001", "", "Zeta Corp", "Gone", "03/15/2021", "XQ"]])
    out_json = tmp_path / "check.json"
    run(capsys, "check", clean, "--users", users, "--json", out_json)
    data = json.loads(out_json.read_text(encoding="utf-8"))
    engine = run_check([str(clean)], CheckOptions(users=str(users)))
    assert data["findings"] == json.loads(json.dumps(engine.to_json()["findings"]))
    assert sorted(f["code"] for f in data["findings"]) == [
        "MATTER_CLIENT_UNKNOWN", "MATTER_NO_DESCRIPTION", "MATTER_STATUS_UNMAPPED", "USER_NOT_ON_ROSTER"]


def test_sources_lists_the_programs(capsys):
    rc, out, _ = run(capsys, "sources")
    assert rc == 0
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert len(lines) >= 12
    text = out.lower()
    for name in ("practicepanther", "mycase", "rocket matter", "cosmolex", "smokeball", "actionstep", "pclaw", "amicus",
                 "time matters", "abacuslaw", "tabs3", "caret legal", "filevine", "clio", "spreadsheet"):
        assert name in text, name


def test_sources_json(capsys):
    rc, out, _ = run(capsys, "sources", "--json")
    assert rc == 0
    progs = json.loads(out)
    assert len(progs) >= 12
    assert all(p["id"] and p["name"] for p in progs)


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"]])
def test_help_mentions_exit_statuses(capsys, argv):
    rc, out, _ = run(capsys, *argv)
    assert rc == 0
    assert "exit status" in out.lower()
    for code in ("0", "1", "2"):
        assert re.search(rf"(?m)^\s*{code}\b.+", out), code
    assert "blocker" in out.lower()


def test_python_dash_m_app_works(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "app", "check", str(tmp_path / "missing")], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "missing" in proc.stderr
