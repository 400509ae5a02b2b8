"""Pieces every page uses: the progress panel with Cancel, and small layout helpers."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget, QWizardPage

from app.gui.worker import window_first

if TYPE_CHECKING:  # pragma: no cover
    from app.gui.wizard import MigrationWizard


class TaskPanel(QWidget):
    """A progress bar, what is being done, and a working Cancel button; hidden when idle."""

    def __init__(self, wizard: MigrationWizard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wizard = wizard
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        self.label = QLabel("")
        self.label.setAccessibleName("Progress message")
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName("Progress")
        self.bar.setTextVisible(False)
        self.cancel = QPushButton("Cancel")
        self.cancel.setToolTip("Stop this work; nothing is lost")
        self.cancel.clicked.connect(wizard.runner.cancel)
        lay.addWidget(self.label, 2)
        lay.addWidget(self.bar, 3)
        lay.addWidget(self.cancel)
        wizard.runner.busy_changed.connect(self._on_busy)
        wizard.runner.progress.connect(self._on_progress)
        self._busy, self._fraction, self._message = False, 0.0, ""
        # Hidden, it keeps its place: showing it then changes no layout. Otherwise the page's
        # tables are laid out again twice when one piece of work hands over to the next (the
        # files read, the check started), asking a million-row model for its rows each time
        # while the worker holds the interpreter.
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.setVisible(False)

    # Every page has a panel, and only the page on screen shows its own: the others just note the
    # state and catch up when their page is shown (sync), instead of a dozen repaints per update.
    def _on_busy(self, busy: bool) -> None:
        self._busy = busy
        if busy:
            self._fraction, self._message = 0.0, "Working..."
        self._show_if_on_screen()

    def _on_progress(self, fraction: float, message: str) -> None:
        self._fraction = max(0.0, min(1.0, fraction))
        if message:
            self._message = message
        self._show_if_on_screen()

    def _show_if_on_screen(self) -> None:
        page = self.parentWidget()
        if page is None or page.isVisible():
            self.sync()

    def sync(self) -> None:
        # QProgressBar.setValue repaints at once, and a repaint at once paints everything else
        # waiting to be painted in the window too (a page's tables just refilled): 40 ms in
        # the middle of the handler that starts the check. With its updates off the bar is
        # painted with the rest, when the window next paints.
        self.bar.setUpdatesEnabled(False)
        self.bar.setValue(int(self._fraction * 1000))
        self.bar.setUpdatesEnabled(True)
        self.label.setText(self._message)
        self.setVisible(self._busy)


class Page(QWizardPage):
    """A wizard page that knows its wizard (passed in, not looked up)."""

    def __init__(self, wizard: MigrationWizard, title: str, subtitle: str) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(title)
        self.setSubTitle(subtitle)
        wizard.runner.busy_changed.connect(self._completeness_may_change)
        wizard.analysed.connect(self._completeness_may_change)

    def _completeness_may_change(self, *_args) -> None:
        # Only the current page: the wizard asks a page again when it becomes current.
        if self.wiz.currentPage() is self:
            self.completeChanged.emit()

    # Pages that show the check's result refresh when it changes, but only if they are on
    # screen: a page out of sight is marked stale and refreshed when it is shown again.
    _stale = False

    def _refresh(self) -> None:  # pages override
        pass

    def refresh_when_shown(self) -> None:
        if self.isVisible():
            self._refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        window_first().hold()  # a page change: the check running meanwhile waits for it
        super().showEvent(event)
        for panel in self.findChildren(TaskPanel):
            panel.sync()
        if self._stale:
            self._stale = False
            self._refresh()

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self._stale = False
        self._refresh()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        # Not while work runs, except the first check of newly read files: the pages show the
        # files as read meanwhile, refresh when it is done, and the Review page waits for it.
        busy = self.wiz.runner.busy and self.wiz.preview is None
        return not self.wiz.reading and not busy and super().isComplete()


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    return label


STEP_SECONDS = 0.008  # a step of fill_in_steps: short enough that the window answers in between


def fill_in_steps(owner: QObject, items: Sequence[Any], make_row: Callable[[int, Any], None], first: int = 8) -> None:
    """make_row(i, item) for every item: the first few rows at once (the top of the table), the
    rest between events, as many as fit in STEP_SECONDS each time (the first step too, once it
    has its few rows), so a page with seventy rows of drop-down lists (about 1 ms each, several
    when the check running meanwhile holds the interpreter) never holds the window still for
    long. A newer fill of the same owner stops an older one (the page was refreshed meanwhile)."""
    gen = getattr(owner, "_fill_generation", 0) + 1
    owner._fill_generation = gen

    def run(start: int, at_least: int) -> None:
        if getattr(owner, "_fill_generation", 0) != gen:
            return
        until = time.perf_counter() + STEP_SECONDS
        i = start
        while i < len(items):
            make_row(i, items[i])
            i += 1
            if i - start >= at_least and time.perf_counter() >= until:
                break
        if i < len(items):
            QTimer.singleShot(0, owner, lambda: run(i, 1))

    run(0, first)
