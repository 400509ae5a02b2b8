"""Page 5: every user, initials or attorney value in the data, matched to one of the firm's Clio users."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from app.gui.pages.base import Page, TaskPanel, fill_in_steps, hint

NOT_A_USER = ""


class PeoplePage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, "People", "Who is who: the names, initials and attorneys in your exports, matched to the firm's Clio users.")
        lay = QVBoxLayout(self)
        lay.addWidget(hint("Clio imports time entries, tasks and calendar entries only for its own users. clio-prep suggests "
                           "a match for each value; check each one, and choose the right user where there is none."))
        self.summary = QLabel("")
        self.summary.setAccessibleName("People summary")
        lay.addWidget(self.summary)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["In your exports", "Records", "Found in", "Clio user"])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAccessibleName("People matches")
        lay.addWidget(self.table, 1)
        self.panel = TaskPanel(wizard)
        lay.addWidget(self.panel)
        self._loading = False
        wizard.checked.connect(self.refresh_when_shown)
        wizard.analysed.connect(self.refresh_when_shown)

    def people(self) -> list[tuple[str, int, list[str]]]:
        """(value, records, where) for every distinct user value, most records first (counted
        on the worker with the check)."""
        res = self.wiz.current_result()
        return res.user_values() if res is not None else []

    def _refresh(self) -> None:
        roster = self.wiz.session.roster
        names = [u.full_name for u in roster.users]
        rows = self.people()
        choices = QStandardItemModel(self)
        for text, data in [("(not a Clio user)", NOT_A_USER)] + [(n, n) for n in names]:
            item = QStandardItem(text)
            item.setData(data, Qt.UserRole)
            choices.appendRow(item)
        self._choices = choices  # the boxes share it; the page keeps it alive
        self._loading = True
        matches = [(value, n, where, roster.match(value) if value else None) for value, n, where in rows]
        unmatched = sum(n for value, n, _w, match in matches if match is None)
        self.table.setRowCount(0)  # the old rows' drop-downs go with them
        self.table.setRowCount(len(matches))
        overrides = roster.overrides

        def make_row(r: int, row) -> None:
            value, n, where, match = row
            self.table.setItem(r, 0, QTableWidgetItem(value or "(blank: nobody)"))
            self.table.setItem(r, 1, QTableWidgetItem(f"{n:,}"))
            self.table.setItem(r, 2, QTableWidgetItem(", ".join(where)))
            if not value:
                self.table.setItem(r, 3, QTableWidgetItem("Fix on the Review page (choose the user for these records)"))
                return
            box = QComboBox()
            box.setModel(choices)  # one list of users for every row: 70 rows x 70 users built once
            box.setCurrentIndex(max(box.findData(match.full_name if match else NOT_A_USER), 0))
            box.setAccessibleName(f"Clio user for {value}")
            box.setToolTip("Suggested by name, initials or email" if match and value not in overrides else
                           ("Chosen by you" if value in overrides else "No match found: choose the Clio user"))
            box.currentIndexChanged.connect(lambda _i, v=value, b=box: self._chosen(v, b.currentData()))
            self.table.setCellWidget(r, 3, box)

        fill_in_steps(self, matches, make_row)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(3, 260)
        self._loading = False
        if not roster.users:
            self.summary.setText("<b>No Clio users were listed on the Firm page</b>: go back and add them to check these names.")
        elif unmatched:
            self.summary.setText(f"{len(rows)} different values; <b>{unmatched:,} records</b> are not yet matched to a Clio user.")
        else:
            self.summary.setText(f"{len(rows)} different values, all matched to a Clio user.")

    def _chosen(self, value: str, user: str) -> None:
        if self._loading:
            return
        if user:
            self.wiz.session.assign_user(value, user, why="confirmed on the People page")
        else:
            self.wiz.session.assign_user(value, "", why="not a Clio user")
        self.wiz.edited.emit()
        self.wiz.recheck()

    def initializePage(self) -> None:  # noqa: N802
        self._stale = False
        self._refresh()
