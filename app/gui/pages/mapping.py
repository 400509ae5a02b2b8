"""Page 4: for each file, which column goes to which Clio field; value maps and date order."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import fields as F
from app.core import saved_mappings
from app.core.prepare import COMM_TYPE, MATTER_STATUS, TASK_STATUS
from app.gui import dialogs
from app.gui.models import type_label
from app.gui.pages.base import Page, TaskPanel, fill_in_steps, hint

KEEP = ""  # "keep as a custom field"
HOW = {"profile": "known column", "alias": "name match", "fuzzy": "similar name", "content": "by its content", "user": "your choice"}
VALUE_MAPPED = {("matters", "status"): F.MATTER_STATUSES, ("tasks", "status"): F.TASK_STATUSES, ("communications", "type"): ("Email", "Phone")}
DEFAULT_MAPS = {("matters", "status"): MATTER_STATUS, ("tasks", "status"): TASK_STATUS, ("communications", "type"): COMM_TYPE}


def field_label(fld: str) -> str:
    return fld.replace("_", " ")


class MappingPage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, "Match the columns to Clio's fields",
                         "clio-prep has matched each column of each file; check the matches and correct any that are wrong.")
        lay = QVBoxLayout(self)
        split = QSplitter(Qt.Horizontal)
        self.files = QListWidget()
        self.files.setAccessibleName("Files to map")
        self.files.setMinimumWidth(220)
        split.addWidget(self.files)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.needed = QLabel("")
        self.needed.setWordWrap(True)
        self.needed.setAccessibleName("Fields Clio needs")
        rl.addWidget(self.needed)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Column in your file", "Examples", "Goes to Clio field", "Matched"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAccessibleName("Column matches")
        rl.addWidget(self.table, 3)

        opts = QHBoxLayout()
        form = QFormLayout()
        self.date_order = QComboBox()
        self.date_order.addItem("Decide from the data", None)
        self.date_order.addItem("Month first (03/04/2021 = March 4)", "mdy")
        self.date_order.addItem("Day first (03/04/2021 = 3 April)", "dmy")
        self.date_order.setAccessibleName("Date order")
        self.date_order.setToolTip("Only needed when every date in the file could be read both ways")
        form.addRow("Dates in this file:", self.date_order)
        opts.addLayout(form)
        self.save_btn = QPushButton("Remember these matches")
        self.save_btn.setToolTip("Use the same matches automatically for files like this from the same program")
        opts.addStretch(1)
        opts.addWidget(self.save_btn)
        rl.addLayout(opts)

        self.values_box = QGroupBox("What the values mean in Clio")
        vl = QVBoxLayout(self.values_box)
        vl.addWidget(hint("Clio only knows a few values for this field. Choose what each value in your file means."))
        self.values = QTableWidget(0, 3)
        self.values.setHorizontalHeaderLabels(["Value in your file", "Records", "Means in Clio"])
        self.values.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.values.verticalHeader().setVisible(False)
        self.values.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.values.setAccessibleName("Value meanings")
        vl.addWidget(self.values)
        rl.addWidget(self.values_box, 2)
        split.addWidget(right)
        split.setSizes([240, 900])
        lay.addWidget(split, 1)
        self.panel = TaskPanel(wizard)
        lay.addWidget(self.panel)

        self._loading = False
        self.files.currentRowChanged.connect(lambda _r: self._show())
        self.date_order.currentIndexChanged.connect(self._date_order_changed)
        self.save_btn.clicked.connect(self._remember)
        wizard.checked.connect(self.refresh_when_shown)
        wizard.analysed.connect(self.refresh_when_shown)

    def _reports(self):
        res = self.wiz.current_result()
        return [f for f in (res.files if res else []) if f.data_type in F.DATA_TYPES]

    def current(self):
        item = self.files.currentItem()
        if item is None:
            return None
        path = item.data(Qt.UserRole)
        return next((f for f in self._reports() if f.path == path), None)

    def _refresh(self) -> None:
        keep = self.files.currentItem().data(Qt.UserRole) if self.files.currentItem() else None
        self.files.blockSignals(True)
        self.files.clear()
        for f in self._reports():
            need = _missing_required(f)
            item = QListWidgetItem(f"{f.table.name}\n{type_label(f.data_type)}" + ("  - needs attention" if need else ""))
            item.setData(Qt.UserRole, f.path)
            item.setToolTip(f.path)
            self.files.addItem(item)
            if f.path == keep:
                self.files.setCurrentItem(item)
        if self.files.currentRow() < 0 and self.files.count():
            self.files.setCurrentRow(0)
        self.files.blockSignals(False)
        self._show()

    def _show(self) -> None:
        rep = self.current()
        self._loading = True
        self.table.setRowCount(0)
        self.values.setRowCount(0)
        self.values_box.setVisible(False)
        if rep is None:
            self.needed.setText("")
            self._loading = False
            return
        t = rep.table
        fields = [f for f in F.DATA_TYPES[rep.data_type].fields]
        self.table.setRowCount(len(t.columns))
        choices = QStandardItemModel(self)
        for text, data in [("(keep as a custom field)", KEEP)] + [
                (field_label(fld) + (" *" if fld in F.DATA_TYPES[rep.data_type].required else ""), fld) for fld in fields]:
            item = QStandardItem(text)
            item.setData(data, Qt.UserRole)
            choices.appendRow(item)
        self._choices = choices  # the boxes share it; the page keeps it alive

        def make_row(r: int, col: str) -> None:
            item = QTableWidgetItem(col)
            self.table.setItem(r, 0, item)
            examples = [v for v in t.frame[col].head(200).tolist() if str(v).strip()]
            ex = ", ".join(dict.fromkeys(str(v)[:40] for v in examples[:20]).keys())
            ex_item = QTableWidgetItem(ex[:160])
            ex_item.setToolTip(ex)
            self.table.setItem(r, 1, ex_item)
            box = QComboBox()
            box.setModel(choices)  # one list of Clio fields for every column, built once
            box.setAccessibleName(f"Clio field for {col}")
            current = rep.mapping.columns.get(col, KEEP)
            box.setCurrentIndex(max(box.findData(current), 0))
            box.currentIndexChanged.connect(lambda _i, c=col, b=box: self._field_changed(c, b.currentData()))
            self.table.setCellWidget(r, 2, box)
            self.table.setItem(r, 3, QTableWidgetItem(HOW.get(rep.mapping.how.get(col, ""), "") if col in rep.mapping.columns else ""))

        fill_in_steps(self, list(t.columns), make_row)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(2, 230)
        self.needed.setText(_needed_text(rep))
        order = self.wiz.session.settings.get(rep.path)
        self.date_order.setCurrentIndex(max(self.date_order.findData(order.date_order if order else None), 0))
        self._show_values(rep)
        self._loading = False

    def _show_values(self, rep) -> None:
        f2c = rep.mapping.field_to_column()
        for (dt, fld), allowed in VALUE_MAPPED.items():
            if rep.data_type != dt or fld not in f2c:
                continue
            col = f2c[fld]
            counts = Counter({str(k).strip(): int(v) for k, v in rep.table.frame[col].str.strip().value_counts().head(200).items()})
            user = (self.wiz.session.settings.get(rep.path).value_maps.get(fld, {}) if self.wiz.session.settings.get(rep.path) else {})
            defaults = {**DEFAULT_MAPS[(dt, fld)], **rep.profile.value_map(dt, fld)}
            self.values.setRowCount(0)
            for value, n in counts.most_common(50):
                if not value:
                    continue
                r = self.values.rowCount()
                self.values.insertRow(r)
                self.values.setItem(r, 0, QTableWidgetItem(value))
                self.values.setItem(r, 1, QTableWidgetItem(f"{n:,}"))
                box = QComboBox()
                box.addItem("(choose: not a Clio value)", "")
                for a in allowed:
                    box.addItem(a, a)
                key = value.lower()
                chosen = user.get(key) or next((a for a in allowed if a.lower() == key), None) or defaults.get(key, "")
                box.setCurrentIndex(max(box.findData(chosen), 0))
                box.setAccessibleName(f"Clio value for {value}")
                box.currentIndexChanged.connect(lambda _i, v=value, b=box, fl=fld: self._value_changed(fl, v, b.currentData()))
                self.values.setCellWidget(r, 2, box)
            self.values.setColumnWidth(2, 240)
            self.values_box.setTitle(f"What the values of '{col}' mean in Clio ({field_label(fld)})")
            self.values_box.setVisible(True)
            return

    # -- changes
    def _field_changed(self, col: str, fld: str) -> None:
        if self._loading:
            return
        rep = self.current()
        if rep is None:
            return
        chosen = dict(rep.mapping.columns)
        for c, f in list(chosen.items()):
            if fld and f == fld and c != col:
                chosen[c] = KEEP  # a field takes one column: the other goes back to custom
        chosen[col] = fld
        full = {c: chosen.get(c, KEEP) for c in rep.table.columns}
        self.wiz.session.change_setting(rep.path, "mapping", full, why="chosen on the Mapping page")
        self.wiz.edited.emit()
        self.wiz.recheck()

    def _value_changed(self, fld: str, value: str, target: str) -> None:
        rep = self.current()
        if rep is None or not target:
            return
        self.wiz.session.map_value(rep.path, fld, value, target, why="chosen on the Mapping page")
        self.wiz.edited.emit()
        self.wiz.recheck()

    def _date_order_changed(self, _i: int) -> None:
        if self._loading:
            return
        rep = self.current()
        if rep is None:
            return
        self.wiz.session.change_setting(rep.path, "date_order", self.date_order.currentData(), why="chosen on the Mapping page")
        self.wiz.edited.emit()
        self.wiz.recheck()

    def _remember(self) -> None:
        rep = self.current()
        if rep is None:
            return
        try:
            saved_mappings.save(rep.profile.id, rep.data_type, rep.mapping.columns)
        except OSError as exc:
            dialogs.show_error(self, "Not remembered", f"The matches could not be saved on this computer ({exc.strerror or exc}).")
            return
        dialogs.show_info(self, "Remembered", f"Next time, {type_label(rep.data_type).lower()} files from {rep.profile.name} "
                          "with these columns will be matched the same way.")

    def _apply_saved(self) -> bool:
        """Matches remembered earlier, applied as the user's own choices (visible and undoable)."""
        applied = False
        for rep in self._reports():
            s = self.wiz.session.settings.get(rep.path)
            if s is not None and s.mapping is not None:
                continue
            saved = saved_mappings.for_columns(rep.profile.id, rep.data_type, rep.table.columns)
            if saved and saved != rep.mapping.columns:
                full = {c: saved.get(c, KEEP) for c in rep.table.columns}
                self.wiz.session.change_setting(rep.path, "mapping", full, why="remembered matches")
                applied = True
        return applied

    # -- wizard
    def initializePage(self) -> None:  # noqa: N802
        self._stale = False
        if self._apply_saved():
            self.wiz.edited.emit()
            self.wiz.recheck()
        else:
            self._refresh()


def _missing_required(rep) -> list[str]:
    req = F.DATA_TYPES[rep.data_type].required
    have = set(rep.prepared.source_col) if rep.prepared is not None else set(rep.mapping.columns.values())
    if rep.data_type in ("contacts", "related_contacts"):
        return [] if {"first_name", "last_name", "company"} & have else ["a name"]
    if rep.data_type == "matters":
        req = tuple(f for f in req if f != "client" or not ({"client_first_name", "client_last_name", "client_company_name"} & have))
    if rep.data_type == "calendar_entries":
        req = ("summary", "start_date", "calendar")
    return [f for f in req if f not in have]


def _needed_text(rep) -> str:
    req = F.DATA_TYPES[rep.data_type].required
    missing = _missing_required(rep)
    if not req:
        return f"<b>{type_label(rep.data_type)}</b>: Clio needs no particular column here."
    if not missing:
        return f"<b>{type_label(rep.data_type)}</b>: every field Clio needs has a column. Fields marked * are needed."
    amb = ""
    if rep.data_type in ("ar_balances", "trust_balances") and len(rep.mapping.amount_candidates) > 1:
        amb = (" <b>This file has several amount columns</b> (" + ", ".join(rep.mapping.amount_candidates)
               + "): choose the one to import below.")
    return (f"<b>{type_label(rep.data_type)}</b>: no column yet for <b>" + ", ".join(field_label(m) for m in missing)
            + "</b>. Choose it below (fields marked * are needed)." + amb)
