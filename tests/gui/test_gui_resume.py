"""Resume after a kill: the autosave of a process that died (SIGKILL) is offered on the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.gui.wizard import PageId

ROOT = Path(__file__).resolve().parents[2]
TIME = "Time Entries Export 2026-11-20.csv"

CHILD = textwrap.dedent("""
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from app.gui.main import build
    from app.gui.wizard import PageId
    wizard = build(autosave=Path({autosave!r}))
    wizard.load_demo()
    wizard.session.read()
    wizard.session.check()
    row = next(f.row for f in wizard.session.result.findings if f.code == "ACTIVITY_NO_USER")
    wizard.session.set_cell({time!r}, row, "User", "Rafael Vance", why="typed before the crash")
    wizard.save_autosave()
    print("READY", row, flush=True)
    time.sleep(600)
""")


@pytest.fixture
def killed_child(tmp_path, autosave, data_dir):
    """A real clio-prep process that autosaved an edit, killed with SIGKILL."""
    script = CHILD.format(root=str(ROOT), autosave=str(autosave), time=TIME)
    env = dict(os.environ, CLIO_PREP_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=str(tmp_path))
    try:
        line = proc.stdout.readline()  # blocks until the child says READY (or dies)
        if not line.startswith("READY"):
            proc.kill()
            raise AssertionError(f"the child did not get ready: {line!r} {proc.stderr.read()}")
        assert autosave.exists()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    return int(line.split()[1])


def test_resume_after_a_kill(qtbot, make_wizard, flow, autosave, monkeypatch, killed_child, dialogs):
    from app.gui import dialogs as D

    row = killed_child
    offered = []
    monkeypatch.setattr(D, "ask_yes_no", lambda parent, title, text: offered.append(title) or True)
    wiz = make_wizard(autosave=autosave)
    qtbot.waitUntil(lambda: bool(offered), timeout=10000)
    assert offered == ["Carry on where you left off?"]
    qtbot.waitUntil(lambda: wiz.currentId() == PageId.REVIEW and not wiz.runner.busy, timeout=30000)
    flow.idle(wiz)

    s = wiz.session
    t = s.table(TIME)
    assert t.frame["User"].iloc[int(t.rows.searchsorted(row))] == "Rafael Vance"
    [edit] = s.log.done
    assert edit.why == "typed before the crash"
    assert (edit.cells[0].file, edit.cells[0].column, edit.cells[0].rows, edit.cells[0].old, edit.cells[0].new) == \
        (TIME, "User", [row], [""], ["Rafael Vance"])
    assert not any(f.code == "ACTIVITY_NO_USER" and f.row == row for f in s.result.findings)
    assert s.firm.name == "Whitmore & Vance LLP (demo)"
    assert len(s.roster.users) == 5
    assert wiz.project_path is None  # the autosave is not taken for the user's own project file
    assert dialogs.infos == [] and dialogs.errors == []  # the sources had not changed: nothing to report


def test_declining_to_resume_clears_the_autosave(qtbot, make_wizard, autosave, monkeypatch):
    from app.core import project
    from app.core.resources import resource_path
    from app.core.session import Session
    from app.gui import dialogs as D

    s = Session([str(resource_path("demo", "Matters Export 2026-11-20.csv"))])
    s.read()
    project.save(s, autosave, "review")

    offered = []
    monkeypatch.setattr(D, "ask_yes_no", lambda parent, title, text: offered.append(title) or False)
    wiz = make_wizard(autosave=autosave)
    qtbot.waitUntil(lambda: bool(offered), timeout=10000)
    assert not autosave.exists()
    assert wiz.currentId() == PageId.WELCOME
    assert not wiz.runner.busy
