"""Pieces every page uses: the progress panel with Cancel, and small layout helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget, QWizardPage

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
        self.setVisible(False)

    def _on_busy(self, busy: bool) -> None:
        self.setVisible(busy)
        if busy:
            self.bar.setValue(0)
            self.label.setText("Working...")

    def _on_progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        if message:
            self.label.setText(message)


class Page(QWizardPage):
    """A wizard page that knows its wizard (passed in, not looked up)."""

    def __init__(self, wizard: MigrationWizard, title: str, subtitle: str) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(title)
        self.setSubTitle(subtitle)
        wizard.runner.busy_changed.connect(lambda _b: self.completeChanged.emit())

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return not self.wiz.runner.busy and super().isComplete()


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    return label
