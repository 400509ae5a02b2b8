"""The submission bundle (SPEC section 5): layout, manifest, record accounting, Clio's CSV format,
formula safety, custom fields, the review checklist, verify, the password, atomic writing (also
under a real SIGKILL) and the self-contained report.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bundle_fixtures import (
    CUTOFF,
    FILES,
    FORMULA_NOTE_ROW,
    NEGATIVE_ROW,
    NO_NAME_ROW,
    TIME,
    Export,
    codes_at,
    count_records,
    csv_member,
    make_session,
    read_zip,
    rewrite_zip,
    write_export,
)

from app import cli
from app.core import fields as F
from app.core.bundle import BundleError, build_bundle, verify_bundle
from app.core.session import Session

ROOT = Path(__file__).resolve().parents[2]
BOM = b"\xef\xbb\xbf"
PRESENT_TYPES = {"contacts", "matters", "time_entries", "calendar_entries", "tasks", "matter_notes"}
PASSWORD = "correct horse battery staple"


@pytest.fixture
def export(tmp_path) -> Export:
    return write_export(tmp_path)


@pytest.fixture
def session(export) -> Session:
    return make_session(export)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One export, checked with no edits, bundled once: for the read-only checks."""
    root = tmp_path_factory.mktemp("built")
    exp = write_export(root)
    s = make_session(exp)
    path = root / "out" / "bundle.zip"
    path.parent.mkdir()
    manifest = build_bundle(s, path)
    return {"export": exp, "session": s, "path": path, "manifest": manifest, "members": read_zip(path)}


# ---------------------------------------------------------------------------------------------
# Layout and manifest


def test_layout(built):
    names = set(built["members"])
    expected = {"manifest.json", "README.txt", "report.html", "mapping.json", "changes.csv", "excluded.csv", "findings.csv",
                "review_checklist.csv"}
    expected |= {f"clio/{t}.csv" for t in PRESENT_TYPES}
    expected |= {f"source/{n}" for n in FILES}
    expected |= {"custom_fields/contacts.csv", "custom_fields/matters.csv", "custom_fields/time_entries.csv"}
    assert names == expected
    for n in names:
        assert not n.startswith("/") and ".." not in n.split("/") and "\\" not in n


def test_originals_are_byte_identical(built):
    for name, path in built["export"].files.items():
        assert built["members"][f"source/{name}"] == path.read_bytes(), name


def test_manifest_checksums_and_sizes(built):
    members, manifest = built["members"], built["manifest"]
    assert json.loads(members["manifest.json"]) == manifest
    listed = {f["name"]: f for f in manifest["files"]}
    assert set(listed) == set(members) - {"manifest.json"}
    for name, entry in listed.items():
        assert entry["sha256"] == hashlib.sha256(members[name]).hexdigest(), name
        assert entry["size"] == len(members[name]), name
    assert manifest["format"] == "clio-prep-bundle"
    assert manifest["firm"]["name"] == "Holloway Law"
    assert manifest["tool"]["version"]
    _dt.datetime.fromisoformat(manifest["created"])


def test_rows_accounting(built):
    manifest, members, exp = built["manifest"], built["members"], built["export"]
    sources = {s["path"]: s for s in manifest["sources"]}
    assert set(sources) == set(FILES)
    for name, path in exp.files.items():
        s = sources[name]
        assert s["rows_in"] == count_records(path), name
        assert s["rows_in"] == s["rows_out"] + s["rows_excluded"], name
        assert s["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    # the planted billed entry is left out, the invoices file entirely
    assert (sources["time_entries.csv"]["rows_out"], sources["time_entries.csv"]["rows_excluded"]) == (25, 1)
    assert (sources["invoices.csv"]["rows_out"], sources["invoices.csv"]["rows_excluded"]) == (0, 3)
    # rows_out is what the clio files hold, rows_excluded what excluded.csv lists
    for dt in PRESENT_TYPES:
        out = sum(s["rows_out"] for s in sources.values() if s["data_type"] == dt)
        assert len(csv_member(members, f"clio/{dt}.csv")) == out == manifest["outputs"][dt], dt
    excl = csv_member(members, "excluded.csv")
    assert len(excl) == sum(s["rows_excluded"] for s in sources.values())
    assert {(r["file"], r["row"]) for r in excl} == {("time_entries.csv", "5"), ("invoices.csv", "2"), ("invoices.csv", "3"),
                                                      ("invoices.csv", "4")}
    assert all(r["reason"].strip() for r in excl)


def test_every_source_column_is_mapped_or_kept(built):
    mapping = json.loads(built["members"]["mapping.json"])
    for name, (header, _rows) in FILES.items():
        m = mapping[name]
        if m["data_type"] not in F.DATA_TYPES:
            continue
        assert set(m["columns"]) | set(m["kept_as_custom_fields"]) == set(header), name
        assert m["encoding"] and m["delimiter"] == "," and m["header_row"] == 1
        if m["kept_as_custom_fields"]:
            cf = csv_member(built["members"], f"custom_fields/{m['data_type']}.csv")
            assert set(m["kept_as_custom_fields"]) <= set(cf[0])


def test_unmapped_columns_are_custom_fields(built):
    members = built["members"]
    cf = csv_member(members, "custom_fields/contacts.csv")
    assert [(r["source_row"], r["Referral Source"]) for r in cf][:3] == [("2", "Website"), ("3", "Referral"), ("4", "Bar association")]
    assert len(cf) == 10
    assert {r["Billing Method"] for r in csv_member(members, "custom_fields/matters.csv")} == {"Hourly", "Flat fee"}
    te = csv_member(members, "custom_fields/time_entries.csv")
    assert len(te) == 25 and {r["Billed"] for r in te} == {"No"}


# ---------------------------------------------------------------------------------------------
# Clio's CSV format


def test_clio_csvs_utf8_bom_and_headers(built):
    for dt in PRESENT_TYPES:
        data = built["members"][f"clio/{dt}.csv"]
        assert data.startswith(BOM), dt
        text = data[3:].decode("utf-8")
        header = next(csv.reader(io.StringIO(text)))
        assert tuple(header) == F.DATA_TYPES[dt].output, dt
    for name in ("excluded.csv", "changes.csv", "findings.csv", "review_checklist.csv"):
        assert built["members"][name].startswith(BOM), name


def test_dates_hours_money(built):
    members = built["members"]
    us = re.compile(r"^(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/\d{4}$")
    n_dates = 0
    for dt in PRESENT_TYPES:
        for r in csv_member(members, f"clio/{dt}.csv"):
            for fld, kind in F.DATA_TYPES[dt].fields.items():
                if kind == F.DATE and fld in r and r[fld]:
                    assert us.match(r[fld]), (dt, fld, r[fld])
                    n_dates += 1
    assert n_dates > 100
    matters = csv_member(members, "clio/matters.csv")
    assert matters[0]["open_date"] == "01/13/2024"
    te = csv_member(members, "clio/time_entries.csv")
    assert te[0]["date"] == "01/14/2025"
    assert {r["quantity"] for r in te} == {"1.5", "0.75", "2.25", "0.1"}  # "0:45" became 0.75
    prices = {r["price"] for r in te}
    assert prices == {"250.00", "1250.00", "300.00", "175.50", "-12.50"}
    for p in prices:
        assert "$" not in p and "," not in p
        float(p)


def test_formula_is_neutralised_negative_number_is_not(built):
    members = built["members"]
    notes = csv_member(members, "clio/matter_notes.csv")
    assert notes[FORMULA_NOTE_ROW - 2]["detail"] == "'=SUM(A1:A3)"
    assert all(not r["detail"].startswith("=") for r in notes)
    te = csv_member(members, "clio/time_entries.csv")
    neg = [r for r in te if r["note"] == TIME[NEGATIVE_ROW - 2][5]]
    assert [r["price"] for r in neg] == ["-12.50"]
    # the original travels untouched
    assert b"=SUM(A1:A3)" in members["source/matter_notes.csv"]
    assert b"'=SUM" not in members["source/matter_notes.csv"]


def test_formula_typed_in_an_edit_is_neutralised_everywhere(session, tmp_path):
    session.set_cell("matter_notes.csv", 2, "Note", '=HYPERLINK("http://x.example","click")', why="@SUM(1+1)")
    session.check()
    build_bundle(session, tmp_path / "b.zip")
    members = read_zip(tmp_path / "b.zip")
    assert csv_member(members, "clio/matter_notes.csv")[0]["detail"].startswith("'=HYPERLINK")
    ch = csv_member(members, "changes.csv")[0]
    assert ch["new_value"].startswith("'=HYPERLINK")
    assert ch["why"] == "'@SUM(1+1)"


# ---------------------------------------------------------------------------------------------
# Review checklist (SPEC section 5 sample sizes)


def _checklist(members) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in csv_member(members, "review_checklist.csv"):
        out.setdefault(r["data_type"], []).append(r)
    return out


def _iso(us: str) -> str:
    return f"{us[6:10]}-{us[0:2]}-{us[3:5]}"


def test_review_checklist_sample_sizes(built):
    members = built["members"]
    cl = _checklist(members)
    assert set(cl) == {"contacts", "matters", "activities", "calendar_entries", "tasks", "matter_notes"}
    assert len(cl["contacts"]) == 5
    assert 5 <= len(cl["matters"]) <= 10
    statuses = {r["details"].split(";")[0] for r in cl["matters"]}
    assert "Closed" in statuses and statuses & {"Open", "Pending"}
    assert len(cl["activities"]) == 20
    assert 20 <= len(cl["calendar_entries"]) <= 30
    cal_dates = [_iso(r["record"][:10]) for r in cl["calendar_entries"]]
    assert any(d < CUTOFF for d in cal_dates) and any(d >= CUTOFF for d in cal_dates)
    assert 10 <= len(cl["tasks"]) <= 20
    task_dates = [_iso(r["record"][:10]) for r in cl["tasks"]]
    assert any(d < CUTOFF for d in task_dates) and any(d >= CUTOFF for d in task_dates)
    assert 2 <= len(cl["matter_notes"]) <= 3
    for items in cl.values():
        keys = [(r["source_file"], r["source_row"]) for r in items]
        assert len(set(keys)) == len(keys)  # no record twice
        assert all(r["checked_in_clio"] == "" for r in items)


def test_review_checklist_picks_only_migrated_records(session, tmp_path):
    session.exclude("contacts.csv", [3, 4, 5, 8, 9], "not clients any more")
    session.check()
    build_bundle(session, tmp_path / "b.zip")
    members = read_zip(tmp_path / "b.zip")
    cl = _checklist(members)
    assert sorted(int(r["source_row"]) for r in cl["contacts"]) == [2, 6, 7, 10, 11]
    excluded = {(r["file"], r["row"]) for r in csv_member(members, "excluded.csv")}
    for items in cl.values():
        for r in items:
            assert (r["source_file"], r["source_row"]) not in excluded


def test_review_checklist_is_deterministic(built, tmp_path):
    again = tmp_path / "again.zip"
    build_bundle(built["session"], again)
    assert read_zip(again)["review_checklist.csv"] == built["members"]["review_checklist.csv"]


# ---------------------------------------------------------------------------------------------
# verify


def test_good_bundle_verifies(built, capsys):
    v = verify_bundle(built["path"])
    assert v.ok, v.problems
    assert v.problems == [] and v.checked_files == len(built["members"]) - 1 and v.sources == len(FILES)
    assert cli.main(["verify", str(built["path"])]) == 0
    assert "VERIFIED" in capsys.readouterr().out


def test_altered_member_fails_naming_the_file(built, tmp_path, capsys):
    data = built["members"]["clio/contacts.csv"]
    i = data.index(b"Brennan")
    changed = data[:i] + b"Brennam" + data[i + 7:]
    assert len(changed) == len(data) and sum(a != b for a, b in zip(changed, data)) == 1
    bad = tmp_path / "bad.zip"
    rewrite_zip(built["path"], bad, {"clio/contacts.csv": changed})
    v = verify_bundle(bad)
    assert not v.ok
    assert len(v.problems) == 1 and "clio/contacts.csv" in v.problems[0]
    assert cli.main(["verify", str(bad)]) == 1
    assert "clio/contacts.csv" in capsys.readouterr().out


def test_manifest_counts_that_do_not_add_up_fail(built, tmp_path):
    m = json.loads(built["members"]["manifest.json"])
    te = next(s for s in m["sources"] if s["path"] == "time_entries.csv")
    te["rows_out"] -= 1
    bad = tmp_path / "bad.zip"
    rewrite_zip(built["path"], bad, {"manifest.json": json.dumps(m).encode()})
    v = verify_bundle(bad)
    assert not v.ok
    assert any("time_entries.csv" in p for p in v.problems)


def test_manifest_counts_that_add_up_but_disagree_with_the_files_fail(built, tmp_path):
    m = json.loads(built["members"]["manifest.json"])
    te = next(s for s in m["sources"] if s["path"] == "time_entries.csv")
    te["rows_out"], te["rows_excluded"] = te["rows_out"] + 1, te["rows_excluded"] - 1  # still adds up
    bad = tmp_path / "bad.zip"
    rewrite_zip(built["path"], bad, {"manifest.json": json.dumps(m).encode()})
    v = verify_bundle(bad)
    assert not v.ok
    assert any("clio/time_entries.csv" in p for p in v.problems)
    assert any("excluded.csv" in p for p in v.problems)


def test_missing_and_extra_members_fail(built, tmp_path):
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(built["path"]) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            if info.filename != "clio/tasks.csv":
                zout.writestr(info.filename, zin.read(info.filename))
        zout.writestr("clio/extra.csv", b"x")
    v = verify_bundle(bad)
    assert not v.ok
    assert any("clio/tasks.csv" in p and "missing" in p for p in v.problems)
    assert any("clio/extra.csv" in p for p in v.problems)


def test_verify_of_what_is_not_a_bundle(tmp_path):
    v = verify_bundle(tmp_path / "nothing.zip")
    assert not v.ok and v.problems
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("hello.txt", "hi")
    v = verify_bundle(plain)
    assert not v.ok and "manifest" in v.problems[0]


def test_verify_of_a_file_that_is_not_a_zip_is_a_plain_message(tmp_path, capsys):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"this is not a zip at all")
    v = verify_bundle(junk)
    assert not v.ok and v.problems and "junk.zip" in v.problems[0]
    assert cli.main(["verify", str(junk)]) == 1


# ---------------------------------------------------------------------------------------------
# Password


@pytest.fixture(scope="module")
def encrypted(built, tmp_path_factory):
    path = tmp_path_factory.mktemp("enc") / "secret.zip"
    build_bundle(built["session"], path, password=PASSWORD)
    return path


def test_encrypted_bundle_verifies_with_the_right_password(built, encrypted):
    v = verify_bundle(encrypted, PASSWORD)
    assert v.ok, v.problems
    import pyzipper

    with pyzipper.AESZipFile(encrypted) as zf:
        zf.setpassword(PASSWORD.encode())
        assert set(zf.namelist()) == set(built["members"])
        assert zf.read("clio/contacts.csv") == built["members"]["clio/contacts.csv"]
        assert zf.read("source/contacts.csv") == built["members"]["source/contacts.csv"]


@pytest.mark.parametrize("password", ["wrong password", None, ""])
def test_encrypted_bundle_does_not_open_without_the_right_password(encrypted, password):
    v = verify_bundle(encrypted, password)
    assert not v.ok
    assert v.problems and all(isinstance(p, str) and p for p in v.problems)
    assert "password" in v.problems[0].lower()
    assert "Traceback" not in v.text()


def test_encrypted_members_are_not_readable_with_plain_zipfile(encrypted):
    with zipfile.ZipFile(encrypted) as zf:
        infos = zf.infolist()
        assert infos
        for info in infos:
            assert info.flag_bits & 0x1, info.filename  # encrypted
            with pytest.raises((RuntimeError, NotImplementedError)):
                zf.read(info.filename)
    raw = encrypted.read_bytes()
    assert b"alice.brennan@example.com" not in raw and b"Holloway Law" not in raw


def test_cli_bundle_and_verify_with_password_env(export, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CLIO_PREP_TEST_PW", PASSWORD)
    out = tmp_path / "cli.zip"
    code = cli.main(["bundle", str(export.folder), "--users", str(export.users), "--out", str(out),
                     "--password-env", "CLIO_PREP_TEST_PW", "--quiet"])
    assert code == 1  # blockers remain in the fixture
    assert out.exists()
    assert cli.main(["verify", str(out), "--password-env", "CLIO_PREP_TEST_PW"]) == 0
    capsys.readouterr()
    assert cli.main(["verify", str(out)]) == 1
    said = capsys.readouterr()
    assert "password" in said.out.lower() and "Traceback" not in said.out + said.err
    monkeypatch.setenv("CLIO_PREP_TEST_PW_WRONG", "nope")
    assert cli.main(["verify", str(out), "--password-env", "CLIO_PREP_TEST_PW_WRONG"]) == 1


def test_cli_bundle_with_unset_password_variable_writes_nothing(export, tmp_path, monkeypatch):
    monkeypatch.delenv("CLIO_PREP_TEST_UNSET", raising=False)
    out = tmp_path / "cli.zip"
    code = cli.main(["bundle", str(export.folder), "--out", str(out), "--password-env", "CLIO_PREP_TEST_UNSET"])
    assert code == 2
    assert not out.exists()


# ---------------------------------------------------------------------------------------------
# Atomic writing


def test_failed_write_keeps_the_old_bundle(built, tmp_path, monkeypatch):
    target = tmp_path / "bundle.zip"
    old = built["path"].read_bytes()
    target.write_bytes(old)

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(BundleError) as info:
        build_bundle(built["session"], target)
    monkeypatch.undo()
    assert "space" in str(info.value).lower() or "could not be written" in str(info.value)
    assert target.read_bytes() == old
    assert os.listdir(tmp_path) == ["bundle.zip"]


def test_bundle_into_missing_folder_is_a_plain_error(built, tmp_path):
    with pytest.raises(BundleError):
        build_bundle(built["session"], tmp_path / "no" / "such" / "folder" / "b.zip")


_KILL_SCRIPT = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[1])
    from app.core.bundle import build_bundle
    from app.core.session import Firm, Session
    s = Session([sys.argv[2]], Firm(name="Big Firm", region="us"))
    s.read()
    s.check()
    build_bundle(s, sys.argv[3])
    print("FINISHED")
""")


def _big_time_entries(path: Path, n: int = 120_000) -> None:
    """~30 MB of time entries: reading and checking take a few seconds, writing the ZIP about half a second."""
    users = ("Margaret Holloway", "Daniel Okafor", "Priya Raman")
    words = "draft review letter client court motion file call email research memo hearing deposition brief exhibit".split()
    pad = " ".join(words[(i * 7) % len(words)] for i in range(30))
    lines = ["Date,User,Matter,Hours,Rate,Description\r\n"]
    lines += [f"{(i % 12) + 1:02d}/{(i % 28) + 1:02d}/2024,{users[i % 3]},M-{i % 500:04d},{(i % 40) / 4:.2f},{150 + i % 200}.00,"
              f"Work item {i}: {pad[i % 50:]}\r\n" for i in range(n)]
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.slow
def test_sigkill_while_writing_leaves_no_half_written_bundle(built, tmp_path):
    src = tmp_path / "big"
    src.mkdir()
    _big_time_entries(src / "time_entries.csv")
    new_dir, old_dir = tmp_path / "new", tmp_path / "old"
    new_dir.mkdir()
    old_dir.mkdir()
    new_target, old_target = new_dir / "bundle.zip", old_dir / "bundle.zip"
    old_bytes = built["path"].read_bytes()
    old_target.write_bytes(old_bytes)

    procs = {}
    for folder, target in ((new_dir, new_target), (old_dir, old_target)):
        procs[folder] = subprocess.Popen([sys.executable, "-c", _KILL_SCRIPT, str(ROOT), str(src / "time_entries.csv"), str(target)],
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    killed_while_writing = {}
    deadline = time.monotonic() + 90
    try:
        while len(killed_while_writing) < len(procs) and time.monotonic() < deadline:
            for folder, p in procs.items():
                if folder in killed_while_writing:
                    continue
                if p.poll() is not None:
                    out, err = p.communicate()
                    pytest.fail(f"the bundle process ended before it could be killed while writing: {out!r} {err[-2000:]!r}")
                parts = [n for n in os.listdir(folder) if n.endswith(".part")]
                if parts and os.path.getsize(folder / parts[0]) > 0:
                    p.send_signal(signal.SIGKILL)
                    p.wait(10)
                    killed_while_writing[folder] = parts[0]
            time.sleep(0.005)
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
                p.wait(10)
            p.stdout.close()
            p.stderr.close()
    assert len(killed_while_writing) == 2, "the bundle processes never started writing"
    for p in procs.values():
        assert p.returncode == -signal.SIGKILL

    # No file under the final name...
    assert not new_target.exists()
    assert all(not n.endswith(".zip") for n in os.listdir(new_dir))
    # ... and an older bundle there is intact, and still verifies.
    assert old_target.read_bytes() == old_bytes
    assert verify_bundle(old_target).ok


# ---------------------------------------------------------------------------------------------
# report.html


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.starts: list[tuple[str, dict]] = []
        self.ends: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))
        if tag == "style":
            self._in_style = True
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self.ends.append(tag)
        if tag == "style":
            self._in_style = False
        if tag in _VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data):
        if self._in_style:
            self.style += data


def _parse(html: str) -> _Collector:
    c = _Collector()
    c.feed(html)
    c.close()
    return c


def _section(html: str, heading_start: str) -> str:
    i = html.index("<h2>" + heading_start)
    j = html.find("<h2>", i + 4)
    return html[i: j if j != -1 else len(html)]


def test_report_is_well_formed_html(built):
    html = built["members"]["report.html"].decode("utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    c = _parse(html)
    assert c.errors == [] and c.stack == []
    for tag in ("html", "head", "body"):
        assert [t for t, _ in c.starts].count(tag) == 1, tag
        assert c.ends.count(tag) == 1, tag


def test_report_has_no_external_resources(built):
    html = built["members"]["report.html"].decode("utf-8")
    c = _parse(html)
    tags = [t for t, _ in c.starts]
    assert "script" not in tags and "iframe" not in tags and "img" not in tags
    for tag, attrs in c.starts:
        for k, v in attrs.items():
            if k in ("src", "href", "xlink:href", "srcset", "action", "data", "poster", "background"):
                assert not re.match(r"^\s*(https?:)?//", v or ""), (tag, k, v)
        if tag == "link":
            pytest.fail(f"<link> in a self-contained report: {attrs}")
    assert "url(" not in c.style and "@import" not in c.style
    # The only http(s) text allowed is the SVG namespace name (an identifier, never fetched).
    leftover = re.sub(r'xmlns(:\w+)?="http://www\.w3\.org/[^"]*"', "", html)
    assert "http://" not in leftover and "https://" not in leftover


def test_report_charts_calendar_and_time_per_user(built):
    html = built["members"]["report.html"].decode("utf-8")
    assert html.count("<svg") >= 3
    cal = _section(html, "Calendar")
    assert "<svg" in cal
    text = re.sub(r"<svg.*?</svg>", " ", cal, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    assert re.search(r"\b36\b[^.]*\b18\b", text), text  # 36 entries, 18 of them in the future
    assert "2023-01" in cal and "2025-07" in cal  # a past and a future month
    assert ">past<" in cal and ">future<" in cal

    per_user = _section(html, "Unbilled time per user")
    assert "<svg" in per_user
    # the hours per user of the entries in the bundle (the billed one is left out)
    hours: dict[str, float] = {}
    te = csv_member(built["members"], "clio/time_entries.csv")
    for r in te:
        hours[r["activity_user"] or "(no user)"] = hours.get(r["activity_user"] or "(no user)", 0.0) + float(r["quantity"])
    for user, h in hours.items():
        assert f">{user}<" in per_user, user
        label = f"{h:,.0f} h" if h == int(h) else f"{h:,.1f} h"
        assert f">{label}<" in per_user, (user, label)


def test_report_mentions_fixes_and_exclusions(session, tmp_path):
    session.exclude("contacts.csv", [NO_NAME_ROW], "empty record")
    session.set_cell("time_entries.csv", 6, "User", "DO", why="Daniel did this work")
    session.check()
    build_bundle(session, tmp_path / "b.zip")
    html = read_zip(tmp_path / "b.zip")["report.html"].decode("utf-8")
    assert "Daniel did this work" in _section(html, "What was fixed")
    left_out = _section(html, "Left out")
    assert "empty record" in left_out and "already billed" in left_out


# ---------------------------------------------------------------------------------------------
# What the bundle holds is what the session shows


def test_values_not_flagged_as_formulas_reach_clio_unchanged(session, tmp_path):
    session.set_cell("contacts.csv", 3, "Phone", "+44 20 7946 0958")
    session.set_cell("matter_notes.csv", 2, "Note", "- called client re: lease")
    session.check()
    assert "CELL_FORMULA" not in codes_at(session, "contacts.csv", 3) | codes_at(session, "matter_notes.csv", 2)
    build_bundle(session, tmp_path / "b.zip")
    members = read_zip(tmp_path / "b.zip")
    assert csv_member(members, "clio/contacts.csv")[1]["primary_phone"] == "+44 20 7946 0958"
    assert csv_member(members, "clio/matter_notes.csv")[0]["detail"] == "- called client re: lease"


def test_bundle_after_an_edit_packs_the_edit(session, tmp_path):
    session.set_cell("time_entries.csv", 6, "User", "DO", why="Daniel did this work")
    build_bundle(session, tmp_path / "b.zip")  # no session.check() in between
    members = read_zip(tmp_path / "b.zip")
    assert [c["new_value"] for c in csv_member(members, "changes.csv")] == ["DO"]
    te = csv_member(members, "clio/time_entries.csv")
    assert [r["activity_user"] for r in te if r["note"] == TIME[4][5]] == ["Daniel Okafor"]
    assert not [f for f in csv_member(members, "findings.csv") if f["code"] == "ACTIVITY_NO_USER"]


def test_bundling_leaves_the_checked_records_as_they_were(session, tmp_path):
    """With nothing left out the bundle shares the prepared columns instead of copying them: what
    it adds (source file and row) must not reach the session, and a second bundle is the same."""
    session.check()
    before = {r.path: (list(r.prepared.out.columns), r.prepared.out.copy(), list(r.table.frame.columns))
              for r in session.result.files if r.prepared is not None}
    build_bundle(session, tmp_path / "a.zip")
    first = read_zip(tmp_path / "a.zip")
    for r in session.result.files:
        if r.prepared is None:
            continue
        cols, frame, source_cols = before[r.path]
        assert list(r.prepared.out.columns) == cols and "_source_file" not in r.prepared.out.columns
        assert r.prepared.out.equals(frame)
        assert list(r.table.frame.columns) == source_cols
    build_bundle(session, tmp_path / "b.zip")
    second = read_zip(tmp_path / "b.zip")
    for name in first:
        if name.startswith(("clio/", "custom_fields/")):
            assert first[name] == second[name], name


_REPORT_IN_A_FRESH_PROCESS = """
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from bundle_fixtures import make_session, read_zip, write_export
from app.core.bundle import build_bundle
root = Path(sys.argv[2])
s = make_session(write_export(root / "export"))
build_bundle(s, root / "bundle.zip")
sys.stdout.buffer.write(read_zip(root / "bundle.zip")["report.html"])
"""


def test_the_report_is_the_same_whatever_the_interpreter_s_hash_seed(tmp_path):
    """The same export makes the same report.html: the kinds in the chart came in a set's order,
    which changes from one run of Python to the next."""
    here = Path(__file__).resolve().parent
    reports = []
    for seed in ("1", "2", "3"):
        out = tmp_path / seed
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", _REPORT_IN_A_FRESH_PROCESS, str(here), str(out)],
                              capture_output=True, env=env, timeout=300, check=True)
        reports.append(done.stdout)
    assert reports[0] and reports[0] == reports[1] == reports[2]
    html = reports[0].decode("utf-8")
    chart = _section(html, "Blockers and warnings per kind of record")
    in_chart = re.findall(r'text-anchor="end">([^<]+)<', chart)
    table = [k for k in re.findall(r"<tr><td>([^<]+)</td>", _section(html, "Records per kind")) if k in in_chart]
    assert len(in_chart) >= 2 and in_chart == table  # the chart lists the kinds in the table's order
