"""Page 2: the firm (name, region, source program, cut-off), its Clio users, the close-out checklist."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.core.profiles import load_profiles
from app.core.reader_errors import ReadError
from app.core.roster import Roster, User, read_roster
from app.gui import dialogs
from app.gui.pages.base import Page, hint

REGIONS = [("United States", "us"), ("Canada", "ca"), ("United Kingdom / Europe", "uk"), ("Australia", "au")]
CHECKLIST = [
    ("bill", "Bill all outstanding time and expenses you can in the old program"),
    ("credits", "Apply credits and trust payments to open bills"),
    ("reports", "Export and keep the historical billing, banking and trust reports (they do not migrate)"),
]
USER_COLUMNS = ("First name", "Last name", "Email", "Initials")


class FirmPage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, "Your firm", "Who is moving, from which program, and who will use Clio.")
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Whitmore & Vance LLP")
        self.name.setAccessibleName("Firm name")
        self.region = QComboBox()
        for label, code in REGIONS:
            self.region.addItem(label, code)
        self.region.setAccessibleName("Region")
        self.region.setToolTip("Decides the date order when a file cannot tell (03/04/2021) and the currency style")
        self.source = QComboBox()
        self.source.addItem("Recognise it from the files", None)
        for p in sorted(load_profiles().values(), key=lambda p: p.name.lower()):
            self.source.addItem(p.name, p.id)
        self.source.setAccessibleName("Old program")
        self.cutoff = QDateEdit(QDate.currentDate())
        self.cutoff.setCalendarPopup(True)
        self.cutoff.setDisplayFormat("MMM d, yyyy")
        self.cutoff.setAccessibleName("Export cut-off date")
        self.cutoff.setToolTip("The day the exports were taken. After it, record new work in one place only.")
        form.addRow("Firm name:", self.name)
        form.addRow("Region:", self.region)
        form.addRow("Old program:", self.source)
        form.addRow("Export cut-off date:", self.cutoff)
        lay.addLayout(form)

        users = QGroupBox("The firm's Clio users")
        ul = QVBoxLayout(users)
        ul.addWidget(hint("Everyone who will have a Clio login. Time entries, tasks and calendar entries are matched "
                          "to these people; records for anyone else will not import. Type them in, paste them from a "
                          "spreadsheet, or import a CSV."))
        self.users = QTableWidget(0, len(USER_COLUMNS))
        self.users.setHorizontalHeaderLabels(USER_COLUMNS)
        self.users.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.users.setAccessibleName("Clio users")
        ul.addWidget(self.users)
        row = QHBoxLayout()
        self.add_user = QPushButton("Add a user")
        self.remove_user = QPushButton("Remove selected")
        self.paste_users = QPushButton("Paste from spreadsheet")
        self.paste_users.setToolTip("Copy rows (first name, last name, email, initials) in Excel, then click here")
        self.import_users = QPushButton("Import CSV...")
        for b in (self.add_user, self.remove_user, self.paste_users, self.import_users):
            row.addWidget(b)
        row.addStretch(1)
        ul.addLayout(row)
        lay.addWidget(users, 1)

        close = QGroupBox("Before you export: close out the old program")
        cl = QVBoxLayout(close)
        self.checks: dict[str, QCheckBox] = {}
        for key, text in CHECKLIST:
            cb = QCheckBox(text)
            self.checks[key] = cb
            cl.addWidget(cb)
        lay.addWidget(close)

        self.add_user.clicked.connect(lambda: self._append(["", "", "", ""], edit=True))
        self.remove_user.clicked.connect(self._remove)
        self.paste_users.clicked.connect(self._paste)
        self.import_users.clicked.connect(self._import)
        self.setTabOrder(self.name, self.region)
        self.setTabOrder(self.region, self.source)
        self.setTabOrder(self.source, self.cutoff)
        self.setTabOrder(self.cutoff, self.users)

    # -- users table
    def _append(self, values: list[str], edit: bool = False) -> None:
        r = self.users.rowCount()
        self.users.insertRow(r)
        for c, v in enumerate(values[: len(USER_COLUMNS)]):
            self.users.setItem(r, c, QTableWidgetItem(v))
        if edit:
            self.users.setCurrentCell(r, 0)
            self.users.editItem(self.users.item(r, 0))

    def _remove(self) -> None:
        for r in sorted({i.row() for i in self.users.selectedIndexes()}, reverse=True):
            self.users.removeRow(r)

    def _paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        added = 0
        for line in text.splitlines():
            cells = [c.strip() for c in (line.split("\t") if "\t" in line else line.split(","))]
            if len(cells) >= 2 and any(cells) and cells[0].lower() not in ("first name", "first_name", "first"):
                self._append(cells + [""] * 4)
                added += 1
        if not added:
            dialogs.show_info(self, "Nothing to paste", "Copy the users' rows from a spreadsheet first: first name, last name, email, initials.")

    def _import(self) -> None:
        path = dialogs.choose_open_file(self, "Import the firm's users", "CSV files (*.csv *.txt);;All files (*)")
        if not path:
            return
        try:
            roster = read_roster(path)
        except (ReadError, OSError) as exc:
            dialogs.show_error(self, "The users file could not be read", str(exc))
            return
        self.set_roster(roster)
        self.wiz.session.users_file = path

    def set_roster(self, roster: Roster) -> None:
        self.users.setRowCount(0)
        for u in roster.users:
            self._append([u.first_name, u.last_name, u.email, u.initials])

    def roster(self) -> list[User]:
        out = []
        for r in range(self.users.rowCount()):
            vals = [(self.users.item(r, c).text().strip() if self.users.item(r, c) else "") for c in range(len(USER_COLUMNS))]
            if vals[0] or vals[1]:
                out.append(User(*vals))
        return out

    # -- wizard
    def initializePage(self) -> None:  # noqa: N802
        s = self.wiz.session
        self.name.setText(s.firm.name)
        i = self.region.findData(s.firm.region or "us")
        self.region.setCurrentIndex(max(i, 0))
        j = self.source.findData(s.firm.source)
        self.source.setCurrentIndex(max(j, 0))
        if s.firm.cutoff:
            self.cutoff.setDate(QDate.fromString(s.firm.cutoff, Qt.ISODate))
        self.set_roster(s.roster)
        for k, cb in self.checks.items():
            cb.setChecked(bool(s.firm.checklist.get(k)))

    def validatePage(self) -> bool:  # noqa: N802
        s = self.wiz.session
        s.firm.name = self.name.text().strip()
        s.firm.region = self.region.currentData()
        s.firm.source = self.source.currentData()
        s.firm.cutoff = self.cutoff.date().toString(Qt.ISODate)
        s.firm.checklist = {k: cb.isChecked() for k, cb in self.checks.items()}
        users = self.roster()
        if not users and not dialogs.ask_yes_no(self, "No Clio users yet",
                                                "Without the list of Clio users, clio-prep cannot tell which time entries, "
                                                "tasks and calendar entries would be rejected. Carry on anyway?"):
            return False
        overrides = dict(s.roster.overrides)
        s.roster = Roster(users, overrides)
        self.wiz.edited.emit()
        return True
