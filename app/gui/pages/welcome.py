"""Page 1: what can and cannot be migrated; start, open a saved migration, or try the demo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.core import project
from app.gui import dialogs
from app.gui.pages.base import Page, TaskPanel

MIGRATES = """<b>Clio's migration team can bring over</b><ul>
<li>Contacts and companies</li><li>Matters, with their clients and related contacts</li>
<li>Tasks, calendar entries, contact and matter notes</li><li>Emails and phone logs</li>
<li>Unbilled time and expense entries</li><li>What each matter still owes (one balance per matter)</li>
<li>Trust balances (one balance per matter or contact)</li></ul>"""

STAYS = """<b>What stays behind</b><ul>
<li>Invoices and bill history, payments already made</li><li>Trust and bank transactions (only the balance moves)</li>
<li>Billing rates, reports, user permissions and settings</li><li>Documents (Clio scopes these separately)</li></ul>
<p>Bill what you can and apply credits and trust payments in your old program first, and keep
your historical billing and trust reports.</p>"""

HOW = """clio-prep reads the export files from your old program <b>on this computer</b>, finds
every record that Clio would reject or import wrong, helps you fix them, and packages everything
for Clio's migration specialist. Nothing is sent anywhere and your export files are never changed."""


class WelcomePage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, "Welcome", "Get your firm's data ready before the migration appointment.")
        lay = QVBoxLayout(self)
        head = QLabel("<h2>Prepare your firm's data for Clio</h2>")
        lay.addWidget(head)
        intro = QLabel(HOW)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        grid = QGridLayout()
        for i, html in enumerate((MIGRATES, STAYS)):
            box = QGroupBox()
            bl = QVBoxLayout(box)
            label = QLabel(html)
            label.setWordWrap(True)
            label.setTextFormat(Qt.RichText)
            bl.addWidget(label)
            grid.addWidget(box, 0, i)
        lay.addLayout(grid)
        buttons = QHBoxLayout()
        self.new_btn = QPushButton("Start a new migration")
        self.new_btn.setDefault(True)
        self.new_btn.setToolTip("Begin with your firm's details and your export files")
        self.open_btn = QPushButton("Open a saved migration...")
        self.open_btn.setToolTip("Carry on with a project you saved earlier")
        self.demo_btn = QPushButton("Try the demo data")
        self.demo_btn.setToolTip("A fictional firm's exports with the usual problems, to see how it works")
        for b in (self.new_btn, self.open_btn, self.demo_btn):
            b.setMinimumHeight(36)
            buttons.addWidget(b)
        lay.addLayout(buttons)
        lay.addStretch(1)
        self.panel = TaskPanel(wizard)
        lay.addWidget(self.panel)
        self.new_btn.clicked.connect(self._new)
        self.open_btn.clicked.connect(self._open)
        self.demo_btn.clicked.connect(self._demo)

    def _new(self) -> None:
        self.wiz.new_migration()
        self.wiz.next()

    def _demo(self) -> None:
        self.wiz.load_demo()
        self.wiz.next()

    def _open(self) -> None:
        path = dialogs.choose_open_file(self, "Open a saved migration", f"clio-prep project (*{project.SUFFIX});;All files (*)")
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        def done(problems: list[str]) -> None:
            if problems:
                dialogs.show_info(self, "Some things have changed", "\n\n".join(problems))
            from app.gui.wizard import PageId

            # Jump to the review page: the saved project already has its files and mappings.
            while self.wiz.currentId() != PageId.REVIEW and self.wiz.currentId() != -1:
                before = self.wiz.currentId()
                self.wiz.next()
                if self.wiz.currentId() == before:
                    break

        self.wiz.open_project(path, done)
