"""The project file: stop on Friday, carry on on Monday (and rebuild the bundle headlessly).

Saving and loading must give back the same findings, the same edits and the same bundle; a source
file changed in between is named, and edits that no longer fit it are listed and not applied; the
file is written atomically.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest
from bundle_fixtures import (
    BILLED_ROW,
    DUP_DROP_ROW,
    DUP_KEEP_ROW,
    NO_NAME_ROW,
    NO_USER_ROW,
    TIME,
    TIME_HEADER,
    Export,
    codes_at,
    finding_keys,
    make_session,
    read_zip,
    write_csv,
    write_export,
)

from app import cli
from app.core import project
from app.core.bundle import build_bundle
from app.core.session import Session

TE = "time_entries.csv"
CT = "contacts.csv"
MT = "matters.csv"
TIMESTAMPED = {"manifest.json", "report.html", "README.txt"}


@pytest.fixture
def export(tmp_path) -> Export:
    return write_export(tmp_path)


@pytest.fixture
def session(export) -> Session:
    return make_session(export)


def _work(session) -> None:
    """A morning's work in the wizard: every kind of edit."""
    session.set_cell(TE, NO_USER_ROW, "User", "DO", why="Daniel did this work")
    session.set_where(MT, "Billing Method", lambda v: v == "Flat fee", "Fixed fee", why="Clio's wording")
    session.exclude(CT, [NO_NAME_ROW], "empty record")
    session.include(TE, [BILLED_ROW], why="rebill in Clio")
    session.merge_contacts((CT, DUP_KEEP_ROW), (CT, DUP_DROP_ROW), {"City": "Springfield (new)"}, why="same client")
    session.assign_user("Zed Quimby", "Priya Raman")
    session.map_value(MT, "status", "Retainer Expired", "Closed")
    # one more, undone: it stays on the redo list
    session.set_cell(TE, NO_USER_ROW + 1, "Hours", "9.9")
    session.undo()
    session.check()


def _edits(session) -> list[dict]:
    return [e.to_json() for e in session.log.done]


def test_save_and_load_gives_the_same_state(session, export, tmp_path):
    _work(session)
    proj = tmp_path / "firm.clioprep"
    project.save(session, proj)

    loaded, report = project.load(proj)
    assert report.clean, report.describe()
    loaded.check()
    assert finding_keys(loaded) == finding_keys(session)
    assert _edits(loaded) == _edits(session)
    assert [e.to_json() for e in loaded.log.undone] == [e.to_json() for e in session.log.undone]
    assert loaded.excluded == session.excluded
    assert loaded.kept == session.kept
    assert loaded.all_excluded() == session.all_excluded()
    assert loaded.roster.overrides == session.roster.overrides
    assert loaded.firm == session.firm
    assert {k: v.value_maps for k, v in loaded.settings.items()} == {k: v.value_maps for k, v in session.settings.items()}
    # the edited cells hold the edited values
    assert loaded.table(TE).frame["User"].iloc[NO_USER_ROW - 2] == "DO"
    # and the history still works after loading
    loaded.undo()
    loaded.check()
    assert "MATTER_STATUS_UNMAPPED" in codes_at(loaded, MT)


def test_bundle_from_reloaded_project_is_the_same(session, export, tmp_path):
    _work(session)
    before = tmp_path / "before.zip"
    build_bundle(session, before)
    proj = tmp_path / "firm.clioprep"
    project.save(session, proj)

    loaded, report = project.load(proj)
    assert report.clean, report.describe()
    loaded.check()
    after = tmp_path / "after.zip"
    build_bundle(loaded, after)

    a, b = read_zip(before), read_zip(after)
    assert sorted(a) == sorted(b)
    compared = [n for n in a if n not in TIMESTAMPED]
    assert any(n.startswith("clio/") for n in compared)
    for name in ("changes.csv", "excluded.csv", "findings.csv", "mapping.json", "review_checklist.csv"):
        assert name in compared
    differing = [n for n in compared if a[n] != b[n]]
    assert differing == []
    ma, mb = json.loads(a["manifest.json"]), json.loads(b["manifest.json"])
    assert ma["sources"] == mb["sources"]
    assert ma["outputs"] == mb["outputs"]


def test_project_moved_with_its_exports_still_opens(session, export, tmp_path):
    _work(session)
    proj = tmp_path / "firm.clioprep"
    project.save(session, proj)
    keys = finding_keys(session)
    moved = tmp_path.parent / (tmp_path.name + "_moved")
    shutil.move(str(tmp_path), str(moved))
    try:
        loaded, report = project.load(moved / "firm.clioprep")
        assert report.clean, report.describe()
        loaded.check()
        assert finding_keys(loaded) == keys
        assert all(str(moved) in t.origin for t in loaded.tables)
    finally:
        shutil.move(str(moved), str(tmp_path))


def test_changed_source_is_named_and_stale_edit_not_applied(session, export, tmp_path):
    session.set_cell(TE, NO_USER_ROW, "User", "DO", why="Daniel did this work")  # becomes stale
    session.exclude(CT, [NO_NAME_ROW], "empty record")  # still fits
    session.check()
    proj = tmp_path / "firm.clioprep"
    project.save(session, proj)

    # Someone re-exports the time entries: the user is now filled in (PR) in the source.
    rows = [list(r) for r in TIME]
    rows[NO_USER_ROW - 2][1] = "PR"
    write_csv(export.files[TE], TIME_HEADER, rows)

    loaded, report = project.load(proj)
    assert report.changed_files == [TE]
    assert len(report.stale_edits) == 1
    assert "no longer applies" in report.stale_edits[0]
    assert not report.clean
    assert any(TE in line for line in report.describe())
    # not applied: the cell keeps what the file now says, the edit is not in the history
    assert loaded.table(TE).frame["User"].iloc[NO_USER_ROW - 2] == "PR"
    assert [e.kind for e in loaded.log.done] == ["exclude"]
    assert loaded.excluded == {(CT, NO_NAME_ROW): "empty record"}
    loaded.check()
    assert "ACTIVITY_NO_USER" not in codes_at(loaded, TE, NO_USER_ROW)


def test_changed_source_keeps_edits_on_unchanged_cells(session, export, tmp_path):
    session.set_cell(TE, NO_USER_ROW, "User", "DO")
    session.check()
    proj = tmp_path / "firm.clioprep"
    project.save(session, proj)
    rows = [list(r) for r in TIME]
    rows[0][5] = "Drafting and review, item 1 (corrected)"  # another row changes
    write_csv(export.files[TE], TIME_HEADER, rows)

    loaded, report = project.load(proj)
    assert report.changed_files == [TE]
    assert report.stale_edits == []
    assert loaded.table(TE).frame["User"].iloc[NO_USER_ROW - 2] == "DO"


def test_project_file_is_written_atomically(session, export, tmp_path, monkeypatch):
    folder = tmp_path / "projects"
    folder.mkdir()
    proj = folder / "firm.clioprep"
    project.save(session, proj)
    assert os.listdir(folder) == ["firm.clioprep"]
    old = proj.read_bytes()
    assert json.loads(old)["edits"] == []

    _work(session)
    project.save(session, proj)  # overwrite: still one file, no temp file left
    assert os.listdir(folder) == ["firm.clioprep"]
    second = proj.read_bytes()
    assert second != old and json.loads(second)["edits"]

    session.set_cell(TE, NO_USER_ROW + 2, "User", "MH")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        project.save(session, proj)
    monkeypatch.undo()
    assert proj.read_bytes() == second  # the old project is intact
    assert os.listdir(folder) == ["firm.clioprep"]  # and the temp file is gone


def test_load_refuses_what_is_not_a_project(tmp_path):
    from app.core.reader_errors import ReadError

    bad = tmp_path / "x.clioprep"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ReadError):
        project.load(bad)
    bad.write_text(json.dumps({"format": "something else"}), encoding="utf-8")
    with pytest.raises(ReadError):
        project.load(bad)


# ---------------------------------------------------------------------------------------------
# The CLI rebuilds what the wizard built


def test_cli_check_with_project_gives_the_same_findings(session, export, tmp_path, capsys):
    _work(session)
    proj = tmp_path / "firm.clioprep"
    project.save(session, proj)
    out = tmp_path / "findings.json"
    code = cli.main(["check", str(export.folder), "--project", str(proj), "--json", str(out)])
    data = json.loads(out.read_text(encoding="utf-8"))
    expected = session.result.to_json()
    assert data["findings"] == expected["findings"]
    assert data["summary"] == expected["summary"]
    assert {f["path"]: f["mapping"] for f in data["files"]} == {f["path"]: f["mapping"] for f in expected["files"]}
    assert code == (1 if expected["summary"]["blocker"] else 0)
    assert "no longer applies" not in capsys.readouterr().err


def test_cli_check_with_project_and_users(session, export, tmp_path):
    _work(session)
    proj = tmp_path / "firm.clioprep"
    project.save(session, proj)
    out = tmp_path / "findings.json"
    cli.main(["check", str(export.folder), "--users", str(export.users), "--project", str(proj), "--json", str(out)])
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["findings"] == session.result.to_json()["findings"]


def test_cli_bundle_with_project_matches_the_wizard(session, export, tmp_path):
    _work(session)
    wizard = tmp_path / "wizard.zip"
    build_bundle(session, wizard)
    proj = tmp_path / "firm.clioprep"
    project.save(session, proj)
    headless = tmp_path / "cli.zip"
    cli.main(["bundle", str(export.folder), "--users", str(export.users), "--project", str(proj), "--out", str(headless),
              "--firm", "Holloway Law", "--quiet"])
    a, b = read_zip(wizard), read_zip(headless)
    assert sorted(a) == sorted(b)
    assert [n for n in a if n not in TIMESTAMPED and a[n] != b[n]] == []


def test_exclusion_of_a_row_that_is_gone_is_stale(session, export, tmp_path):
    session.exclude(CT, [11], "no longer a client")
    session.exclude(CT, [NO_NAME_ROW], "empty record")
    proj = tmp_path / "firm.clioprep"
    project.save(session, proj)
    from bundle_fixtures import CONTACTS, CONTACTS_HEADER

    write_csv(export.files[CT], CONTACTS_HEADER, CONTACTS[:-1])  # the last contact (row 11) is gone
    loaded, report = project.load(proj)
    assert report.changed_files == [CT]
    assert len(report.stale_edits) == 1 and "row 11" in report.stale_edits[0]
    assert loaded.excluded == {(CT, NO_NAME_ROW): "empty record"}
