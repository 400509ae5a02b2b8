"""The wizard: one window, seven pages, over one Session from the engine.

The wizard owns the session and the worker; pages read it in initializePage() and write it in
validatePage(). Parsing, checking and file writing live in the engine, not here.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWizard

from app.core import project
from app.core.engine import CheckResult
from app.core.resources import resource_path
from app.core.roster import read_roster
from app.core.session import Firm, Session
from app.gui import dialogs
from app.gui.models import all_positions
from app.gui.worker import TaskRunner, window_first

log = logging.getLogger(__name__)


class PageId(IntEnum):
    WELCOME = 0
    FIRM = 1
    FILES = 2
    MAPPING = 3
    PEOPLE = 4
    REVIEW = 5
    PACKAGE = 6


PAGE_NAMES = {p: p.name.lower() for p in PageId}


def plain_error(exc: BaseException) -> str:
    """An exception as words for the office manager: never a traceback."""
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, MemoryError):
        return "This computer ran out of memory. Close other programs and try again, or split the export into smaller files."
    if isinstance(exc, PermissionError):
        return f"clio-prep is not allowed to use this file or folder ({getattr(exc, 'filename', '') or text}). Choose another place."
    if isinstance(exc, OSError):
        return f"A file could not be used: {exc.strerror or text}" + (f" ({exc.filename})" if getattr(exc, "filename", None) else "")
    return text


class MigrationWizard(QWizard):
    """The migration-prep wizard."""

    checked = Signal()  # a check finished: session.result is new
    analysed = Signal()  # files were read: current_result() shows them (mapped, not yet checked)
    edited = Signal()  # the session changed (an edit, undo, redo or setting)

    # The engine's own threads (checks beside the next file's preparation) on any machine with two
    # cores or more. Once they competed with the window (190-430 ms stalls at 1M records on two
    # cores); now they wait at the engine's pause points while the window works (worker.WindowFirst),
    # and on two cores the check is 0.4-0.9 s sooner with the same stalls (52-71 ms against 62-68).
    parallel_engine = (os.cpu_count() or 1) >= 2

    def __init__(self, autosave: Path | None = None, parent=None) -> None:
        super().__init__(parent)
        from app.gui.pages.files import FilesPage
        from app.gui.pages.firm import FirmPage
        from app.gui.pages.mapping import MappingPage
        from app.gui.pages.package import PackagePage
        from app.gui.pages.people import PeoplePage
        from app.gui.pages.review import ReviewPage
        from app.gui.pages.welcome import WelcomePage

        self.session = Session()
        self.runner = TaskRunner(self)
        self.preview: CheckResult | None = None  # files read, checks running: what the pages show meanwhile
        self.reading = False
        self.autosave = autosave
        self._autosave_warned = False
        self.project_path: str | None = None
        self.setWindowTitle("clio-prep - prepare your firm's data for Clio")
        self.setWizardStyle(QWizard.ModernStyle)
        self.setOption(QWizard.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.HaveCustomButton1, True)
        self.setButtonText(QWizard.CustomButton1, "Save project...")
        self.button(QWizard.CustomButton1).setToolTip("Save everything (files, decisions, every edit) to carry on later")
        self.customButtonClicked.connect(self._on_custom_button)
        self.resize(1280, 800)
        self.setMinimumSize(960, 640)

        self.setPage(PageId.WELCOME, WelcomePage(self))
        self.setPage(PageId.FIRM, FirmPage(self))
        self.setPage(PageId.FILES, FilesPage(self))
        self.setPage(PageId.MAPPING, MappingPage(self))
        self.setPage(PageId.PEOPLE, PeoplePage(self))
        self.setPage(PageId.REVIEW, ReviewPage(self))
        self.setPage(PageId.PACKAGE, PackagePage(self))
        self.setStartId(PageId.WELCOME)

        self.undo_action = QAction("Undo", self)
        self.undo_action.setShortcut(QKeySequence.Undo)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction("Redo", self)
        self.redo_action.setShortcuts([QKeySequence.Redo, QKeySequence("Ctrl+Shift+Z")])
        self.redo_action.triggered.connect(self.redo)
        self.addActions([self.undo_action, self.redo_action])

        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(800)
        self._autosave_timer.timeout.connect(self.save_autosave)
        self.edited.connect(self._autosave_timer.start)
        self.checked.connect(self._autosave_timer.start)
        self.currentIdChanged.connect(lambda _i: self._autosave_timer.start())
        self.currentIdChanged.connect(lambda _i: QTimer.singleShot(0, self._update_buttons))

    def initializePage(self, page_id: int) -> None:  # noqa: N802 - Qt override
        # A page change is a burst of work for the window (the page fills, is laid out and
        # painted): a check running meanwhile waits at its next pause point until it is done.
        window_first().hold()
        super().initializePage(page_id)

    def _update_buttons(self) -> None:
        # On the welcome page the three choices are the way on; saving makes sense once there are files.
        welcome = self.currentId() == PageId.WELCOME
        self.button(QWizard.NextButton).setVisible(not welcome)
        self.button(QWizard.CustomButton1).setVisible(not welcome)

    # ----------------------------------------------------------------------------------------
    # Starting points

    def new_migration(self) -> None:
        self.session = Session()
        self.project_path = None
        self.edited.emit()

    def load_demo(self) -> None:
        demo = resource_path("demo")
        users = demo / "users.csv"
        self.session = Session([str(demo)], Firm(name="Whitmore & Vance LLP (demo)", region="us", cutoff="2026-11-20"),
                               read_roster(users) if users.exists() else None)
        self.session.users_file = str(users) if users.exists() else None
        self.project_path = None
        self.edited.emit()

    def open_project(self, path: str, on_done: Callable[[list[str]], None] | None = None) -> None:
        def work(progress, cancelled):
            session, report = project.load(path, progress, cancelled)
            session.parallel = self.parallel_engine
            _prepare_for_pages(session, session.check(progress, cancelled))
            return session, report

        def done(res):
            session, report = res
            self.session = session
            self.project_path = path if not self.autosave or Path(path) != self.autosave else None
            self.checked.emit()
            if on_done:
                on_done(report.describe())

        self.runner.run(work, done, self.show_task_error)

    # ----------------------------------------------------------------------------------------
    # Checking and editing

    def current_result(self) -> CheckResult | None:
        """The last check's result; while the first check of newly read files runs, those files
        as read and mapped, without findings (`complete` False)."""
        return self.session.result if self.session.result is not None else self.preview

    def recheck(self, then: Callable[[CheckResult], None] | None = None, read: bool = False) -> None:
        """Re-run the checks on the worker (and re-read the files first when `read`). After a
        read, the files and their mappings are shown at once (`analysed`) and the checks follow:
        a million records are on screen in a second or two, their problems a few seconds later."""
        session = self.session
        if not read:
            self._check(then)
            return

        session.parallel = self.parallel_engine

        def work(progress, cancelled):
            session.read(progress, cancelled)
            preview = session.analyse()
            preview.user_values()  # counted here, not on the GUI thread
            for t in session.tables:
                all_positions(t.records)  # the tables' row positions, made here too (8 MB at 1M rows)
            return preview

        def done(preview):
            self.reading = False
            session.result = None  # it was about the files as they were before this read
            self.preview = preview
            self.analysed.emit()
            self._check(then)

        def failed(exc, tb=""):
            self.reading = False
            self.show_task_error(exc, tb)

        self.reading = True
        self.runner.run(work, done, failed, on_cancelled=lambda: setattr(self, "reading", False))

    def _check(self, then: Callable[[CheckResult], None] | None = None) -> None:
        session = self.session
        preview = self.preview  # the files as read and mapped: the check need not work that out again
        session.parallel = self.parallel_engine

        def work(progress, cancelled):
            result = session.check(progress, cancelled, preview)
            _prepare_for_pages(session, result)
            return result

        def done(result):
            self.preview = None
            self.checked.emit()
            if then:
                then(result)

        # Cancelled or failed: the files read stay on show (preview); the Review page starts the
        # check again when it is opened.
        self.runner.run(work, done, self.show_task_error)

    def undo(self) -> None:
        if self.runner.busy:
            return
        if self.session.undo() is not None:
            self.edited.emit()
            self.recheck()

    def redo(self) -> None:
        if self.runner.busy:
            return
        if self.session.redo() is not None:
            self.edited.emit()
            self.recheck()

    def show_task_error(self, exc: BaseException, tb: str = "") -> None:
        # The traceback goes to the log for support (it names code, never client data); the user reads words.
        log.error("task failed: %s", type(exc).__name__)
        dialogs.show_error(self, "Something went wrong", plain_error(exc) + "\n\nNothing was lost: your files and edits are as they were.")

    # ----------------------------------------------------------------------------------------
    # Saving

    def save_autosave(self) -> None:
        if self.autosave is None or not self.session.paths or self.runner.busy:
            return
        try:
            project.save(self.session, self.autosave, PAGE_NAMES.get(self.currentId(), None))
        except OSError as exc:
            log.warning("autosave failed: %s", type(exc).__name__)
            if not self._autosave_warned:  # once, not every few seconds; again after it worked
                self._autosave_warned = True
                dialogs.show_error(self, "Your work is not being saved automatically",
                                   f"clio-prep could not save your work in progress ({plain_error(exc)}).\n\n"
                                   "Nothing is lost: your files and edits are still here. Use 'Save project...' to keep a copy "
                                   "somewhere else, or free some disk space; clio-prep keeps trying.")
        else:
            self._autosave_warned = False

    def clear_autosave(self) -> None:
        if self.autosave is not None and self.autosave.exists():
            try:
                self.autosave.unlink()
            except OSError:
                pass

    def _on_custom_button(self, which: int) -> None:
        if which == QWizard.CustomButton1:
            self.save_project_as()

    def save_project_as(self) -> None:
        if not self.session.paths:
            dialogs.show_info(self, "Nothing to save yet", "Add your export files first; then the project can be saved.")
            return
        default = self.project_path or str(Path.home() / f"{self.session.firm.name or 'migration'}{project.SUFFIX}")
        path = dialogs.choose_save_file(self, "Save the project", default, f"clio-prep project (*{project.SUFFIX})")
        if not path:
            return
        if not path.endswith(project.SUFFIX):
            path += project.SUFFIX
        try:
            project.save(self.session, path, PAGE_NAMES.get(self.currentId(), None))
        except OSError as exc:
            dialogs.show_error(self, "The project was not saved", plain_error(exc))
            return
        self.project_path = path

    def done(self, result: int) -> None:  # noqa: D401 - Qt override
        if self.runner.busy:
            self.runner.cancel()
            self.runner.wait(5000)
        if result == QWizard.Accepted:
            self.clear_autosave()
        else:
            self.save_autosave()
        super().done(result)


def _prepare_for_pages(session: Session, result: CheckResult) -> None:
    """What the pages show after a check, worked out here on the worker so that the GUI thread
    only displays it: the findings index and counts, the users to match, the records left out."""
    result.index().counts()
    result.user_values()
    for rep in result.files:
        session.exclusions(rep.path)
        all_positions(rep.table.records)
