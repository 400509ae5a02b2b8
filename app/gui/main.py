"""Starting the wizard: the application, the system's palette, and the offer to resume."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import __version__
from app.core.resources import resource_path
from app.core.userdirs import autosave_path, data_dir


def _setup_logging() -> None:
    # The log names what the program did, never client data (no values, no file contents).
    logging.basicConfig(filename=str(data_dir() / "clio-prep.log"), level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def run(demo: bool = False, project: str | None = None, autosave: Path | None = None, argv: list[str] | None = None) -> int:
    _setup_logging()
    QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("clio-prep")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("clio-prep")
    icon = resource_path("icons", "clio-prep.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    wizard = build(demo=demo, project=project, autosave=autosave if autosave is not None else autosave_path())
    wizard.show()
    return app.exec()


def build(demo: bool = False, project: str | None = None, autosave: Path | None = None):
    """The wizard, set up as the user asked (also used by the tests and --self-test)."""
    from app.gui import dialogs
    from app.gui.wizard import MigrationWizard, PageId

    # The window shares the interpreter with the worker: while the worker runs Python, each call
    # the window makes into Python (every cell it paints) waits up to the switch interval for the
    # lock. With Python's default 5 ms a screen of records repainted 4x slower during a check,
    # with 1 ms 2x (benchmarks/paint_under_load.py).
    sys.setswitchinterval(0.001)
    wizard = MigrationWizard(autosave=autosave)
    if project:
        QTimer.singleShot(0, lambda: wizard.page(PageId.WELCOME).open_path(project))
    elif demo:
        QTimer.singleShot(0, lambda: (wizard.load_demo(), wizard.next()))
    elif autosave is not None and autosave.exists():
        def offer() -> None:
            if dialogs.ask_yes_no(wizard, "Carry on where you left off?",
                                  "clio-prep was closed before the work was finished (or it stopped unexpectedly). "
                                  "Carry on with that migration, with every change you made?"):
                wizard.page(PageId.WELCOME).open_path(str(autosave))
            else:
                wizard.clear_autosave()
        QTimer.singleShot(0, offer)
    return wizard
