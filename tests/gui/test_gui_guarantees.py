"""The promises about confidential data, through the real wizard (offscreen), on a copy of the demo.

One full run (demo data read, matches remembered, a record fixed, one left out, an encrypted
bundle built, the project saved, a failing task shown to the user) and then:
- every input file has the same sha256, size and modification time as before, and nothing was
  written beside them;
- no socket was created, no connection opened, no name looked up;
- the log file the app writes (clio-prep.log in the data folder) and every log record carry no
  cell value of the inputs, nor the typed bundle password, nor the text of the failing task's
  error (which names client data);
- the typed password is in no file (project, autosave, remembered mappings, log), and the
  remembered mappings hold column names only.

Resume after a kill is covered by test_gui_resume.py.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import shutil
import socket
from pathlib import Path

from PySide6.QtCore import Qt

import app.gui.main as gui_main
import app.gui.wizard as wizard_module
from app.core.bundle import verify_bundle
from app.gui.wizard import PageId

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
PASSWORD = "Correct-Horse-7731-battery"
SECRET_IN_ERROR = "Wintergreen-Privileged-Offer-3.9M"


def _fingerprint(folder: Path) -> dict[str, tuple]:
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _cell_values(folder: Path) -> set[str]:
    """Every cell value of the demo's CSV exports (6 characters or more, not plain numbers or dates)."""
    out: set[str] = set()
    for p in folder.glob("*.csv"):
        with open(p, encoding="utf-8-sig", newline="") as fh:
            for i, row in enumerate(csv.reader(fh)):
                if i == 0:
                    continue
                for v in row:
                    v = v.strip()
                    if len(v) >= 6 and not v.replace(".", "").replace("/", "").replace("-", "").replace(":", "").replace(" ", "").isdigit():
                        out.add(v)
    return out


def test_full_wizard_run_keeps_every_promise(qtbot, wizard, flow, dialogs, monkeypatch, tmp_path, caplog, data_dir):
    from app.gui import dialogs as D

    demo = tmp_path / "demo copy"
    shutil.copytree(DEMO, demo)
    before = _fingerprint(demo)
    secrets = _cell_values(demo)
    assert len(secrets) > 200  # the demo is a real data set: the check below means something
    real_resource_path = wizard_module.resource_path
    monkeypatch.setattr(wizard_module, "resource_path", lambda *parts: demo if parts == ("demo",) else real_resource_path(*parts))

    used: list[str] = []

    def refuse(what):
        def f(*a, **k):
            used.append(what)
            raise OSError(f"test: network use ({what}) is forbidden")
        return f

    for name in ("__init__", "connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse(name))
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse(name))

    # The app's own log file, set up as app.gui.main.run() does, next to pytest's capture.
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    root.handlers.clear()
    gui_main._setup_logging()
    file_handlers = [h for h in root.handlers if isinstance(h, logging.FileHandler)]
    root.handlers.extend(saved_handlers)
    caplog.set_level(logging.DEBUG)
    try:
        # Welcome -> Firm (the demo) -> Files (read on the worker).
        qtbot.mouseClick(wizard.page(PageId.WELCOME).demo_btn, Qt.LeftButton)
        assert wizard.currentId() == PageId.FIRM
        with qtbot.waitSignal(wizard.checked, timeout=20000):
            wizard.next()
        flow.idle(wizard)
        assert wizard.session.paths == [str(demo)]

        # Mapping: remember the matches of the current file (written to the data folder).
        flow.next(wizard, PageId.MAPPING)
        qtbot.mouseClick(wizard.page(PageId.MAPPING).save_btn, Qt.LeftButton)
        assert dialogs.infos and dialogs.infos[-1][0] == "Remembered"
        flow.next(wizard, PageId.PEOPLE)
        flow.next(wizard, PageId.REVIEW)
        flow.idle(wizard)

        # Review: fix one record, leave one out.
        s = wizard.session
        f = next(x for x in s.result.findings if x.code == "ACTIVITY_NO_USER")
        s.set_cell(f.file, f.row, f.column, "Eleanor Whitmore", why="typed in the review")
        g = next(x for x in s.result.findings if x.code == "CONTACT_NO_NAME")
        s.exclude(g.file, [g.row], "empty record")
        with qtbot.waitSignal(wizard.checked, timeout=20000):
            wizard.edited.emit()
            wizard.recheck()
        flow.idle(wizard)
        wizard.save_autosave()

        # Package: an encrypted bundle, typed password.
        flow.next(wizard, PageId.PACKAGE)
        package = wizard.currentPage()
        flow.idle(wizard)
        target = tmp_path / "out" / "bundle.zip"
        target.parent.mkdir()
        package.path.setText(str(target))
        package.password.setText(PASSWORD)
        package.password2.setText(PASSWORD)
        qtbot.mouseClick(package.build, Qt.LeftButton)
        flow.idle(wizard, timeout=60000)
        assert dialogs.errors == []
        assert "written and verified" in package.result.text()
        assert verify_bundle(target, PASSWORD).ok

        # Save the project; the autosave runs too.
        proj = tmp_path / "out" / "migration.clioprep"
        monkeypatch.setattr(D, "choose_save_file", lambda *a, **k: str(proj))
        wizard.save_project_as()
        wizard.save_autosave()
        assert proj.exists() and wizard.autosave.exists()

        # A task that fails with client data in its error: the user reads it, the log does not.
        def failing_check(*a, **k):
            raise ValueError(f"could not parse {SECRET_IN_ERROR} in row 7")

        monkeypatch.setattr(wizard.session, "check", failing_check)
        wizard.recheck()
        flow.idle(wizard)
        assert dialogs.errors and SECRET_IN_ERROR in dialogs.errors[-1][1]
        for h in file_handlers:
            h.flush()
    finally:
        for h in file_handlers:
            root.removeHandler(h)
            h.close()
        root.setLevel(saved_level)

    # Inputs untouched, nothing written beside them.
    assert _fingerprint(demo) == before

    # No network.
    assert used == []

    # Logs: the failure is logged (by kind), and nothing of the client's is.
    log_file = data_dir / "clio-prep.log"
    assert log_file.exists()
    log_text = log_file.read_text(encoding="utf-8")
    assert "task failed: ValueError" in log_text
    texts = [log_text] + [r.getMessage() for r in caplog.records] + [r.exc_text or "" for r in caplog.records]
    leaks = sorted({s for s in secrets | {PASSWORD, SECRET_IN_ERROR} for t in texts if s in t})
    assert leaks == []

    # The password is stored nowhere; remembered mappings hold column names, not values.
    for p in list(data_dir.rglob("*")) + list(tmp_path.joinpath("out").rglob("*")) + [wizard.autosave]:
        if p.is_file():
            assert PASSWORD.encode() not in p.read_bytes(), p
    mappings = list((data_dir / "mappings").glob("*.json"))
    assert mappings
    for p in mappings:
        text = p.read_text(encoding="utf-8")
        assert not [s for s in secrets if s in text], p


def test_autosave_failure_is_told_once_and_nothing_is_lost(qtbot, demo_on_files, dialogs, monkeypatch):
    import errno

    from app.core import project

    wiz = demo_on_files
    real = project.save

    def full_disk(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(project, "save", full_disk)
    wiz.save_autosave()
    wiz.save_autosave()
    assert len(dialogs.errors) == 1
    title, text = dialogs.errors[0]
    assert "not being saved automatically" in title and "Nothing is lost" in text and "Save project" in text
    assert wiz.session.paths  # the work is still there
    monkeypatch.setattr(project, "save", real)
    wiz.save_autosave()
    assert wiz.autosave.exists() and len(dialogs.errors) == 1
    monkeypatch.setattr(project, "save", full_disk)
    wiz.save_autosave()
    assert len(dialogs.errors) == 2  # failing again after it had worked is told again
