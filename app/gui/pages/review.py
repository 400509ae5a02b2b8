"""Page 6: review and fix. Findings grouped by code; the affected records, editable in place;
set a value on many records, exclude with a reason, merge duplicates; undo and redo."""

from __future__ import annotations

from collections import Counter

import numpy as np
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import fields as F
from app.core.findings import CODES, SEVERITY_ORDER
from app.core.report import calendar_months, month_label
from app.core.session import EditError
from app.gui import dialogs
from app.gui.merge_dialog import MergeDialog
from app.gui.models import SEVERITY_COLORS, RecordsModel, all_positions
from app.gui.pages.base import Page, TaskPanel, hint
from app.gui.worker import TaskRunner

SEV_WORDS = {"blocker": "will not import", "warning": "imports with problems", "info": "worth a look"}


class MonthChart(QWidget):
    """Calendar entries per month, past and future in two colours (drawn, no chart library)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.months: list[tuple[str, int, bool]] = []
        self.setMinimumHeight(160)
        self.setAccessibleName("Calendar entries per month")

    def set_months(self, months: list[tuple[str, int, bool]]) -> None:
        self.months = months[-48:]
        self.setToolTip("\n".join(f"{m}: {c}" for m, c, _f in self.months[-24:]))
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.Base))
        if not self.months:
            p.setPen(pal.color(QPalette.Text))
            p.drawText(self.rect(), Qt.AlignCenter, "No dated calendar entries")
            return
        w, h = self.width(), self.height()
        top, bottom, left = 20, 28, 8
        n = len(self.months)
        bw = (w - 2 * left) / n
        peak = max(c for _m, c, _f in self.months) or 1
        for i, (label, count, future) in enumerate(self.months):
            bh = (h - top - bottom) * count / peak
            color = QColor(30, 132, 73) if future else pal.color(QPalette.Mid)
            p.fillRect(QRectF(left + i * bw + 1, h - bottom - bh, max(bw - 2, 1), bh), color)
            step = max(1, int(46 // max(bw, 1)) + (1 if 46 % max(bw, 1) else 0))  # labels ~46 px wide
            if i % step == 0:
                p.setPen(pal.color(QPalette.Text))
                p.drawText(QRectF(left + i * bw - 20, h - bottom + 4, 46, 16), Qt.AlignHCenter, month_label(label, short=True))
        p.setPen(pal.color(QPalette.Text))
        p.drawText(QRectF(left, 0, w, top), Qt.AlignLeft | Qt.AlignVCenter, f"up to {peak} per month; green = from the cut-off on")


class ReviewPage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, "Review and fix", "Every problem found, grouped by kind. Fix the records in place, set a value on many at once, "
                         "or leave records out with a reason.")
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.counts = QLabel("")
        self.counts.setAccessibleName("Findings summary")
        top.addWidget(self.counts, 1)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the records shown...")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search records")
        self.search.setMaximumWidth(320)
        top.addWidget(self.search)
        self.show_all = QCheckBox("Show all records of the file")
        self.show_all.setToolTip("Not only the records with this problem")
        top.addWidget(self.show_all)
        lay.addLayout(top)

        split = QSplitter(Qt.Horizontal)
        self.tabs = QTabWidget()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Problem", "Records"])
        self.tree.setAccessibleName("Problems found")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)  # "1,000,000" whole, not "1,000,..."
        self.tabs.addTab(self.tree, "Problems")
        cal = QWidget()
        cl = QVBoxLayout(cal)
        cl.addWidget(hint("Are the future court dates and deadlines in the export? Anything missing here will be missing in Clio."))
        self.chart = MonthChart()
        cl.addWidget(self.chart)
        self.events = QListWidget()
        self.events.setAccessibleName("Past and future calendar entries")
        cl.addWidget(self.events, 1)
        self.tabs.addTab(cal, "Calendar check")
        split.addWidget(self.tabs)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.what = QLabel("")
        self.what.setWordWrap(True)
        self.what.setAccessibleName("About this problem")
        rl.addWidget(self.what)
        self.model = RecordsModel(self)
        self.model.on_edit = self._edit_cell
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setAccessibleName("Affected records")
        rl.addWidget(self.view, 1)
        self.cell_note = QLabel("")
        self.cell_note.setWordWrap(True)
        self.cell_note.setAccessibleName("Problem in the selected cell")
        rl.addWidget(self.cell_note)
        buttons = QHBoxLayout()
        self.set_btn = QPushButton("Set a value on selected...")
        self.set_btn.setToolTip("Type one value into the selected cells (for example the user of many time entries)")
        self.exclude_btn = QPushButton("Leave out selected...")
        self.exclude_btn.setToolTip("These records will not go to Clio; you give the reason")
        self.keep_btn = QPushButton("Keep selected")
        self.keep_btn.setToolTip("Take records back in (for example billed entries you want migrated anyway)")
        self.merge_btn = QPushButton("Merge duplicate...")
        self.merge_btn.setToolTip("Compare the two contacts side by side and keep one")
        self.undo_btn = QPushButton("Undo")
        self.undo_btn.setToolTip("Undo the last change (Ctrl+Z)")
        self.redo_btn = QPushButton("Redo")
        self.redo_btn.setToolTip("Redo (Ctrl+Shift+Z)")
        for b in (self.set_btn, self.exclude_btn, self.keep_btn, self.merge_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_btn)
        buttons.addWidget(self.redo_btn)
        rl.addLayout(buttons)
        split.addWidget(right)
        split.setSizes([400, 860])
        lay.addWidget(split, 1)
        self.panel = TaskPanel(wizard)
        lay.addWidget(self.panel)

        self._group: tuple[str, str] | None = None  # (code, file)
        self._searcher = TaskRunner(self)  # searches only: a search never cancels a check
        self._search_gen = 0
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._show_group)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.show_all.toggled.connect(lambda _b: self._show_group())
        self.tree.currentItemChanged.connect(self._group_chosen)
        self.view.selectionModel().currentChanged.connect(self._cell_chosen)
        self.set_btn.clicked.connect(self._set_value)
        self.exclude_btn.clicked.connect(self._exclude)
        self.keep_btn.clicked.connect(self._keep)
        self.merge_btn.clicked.connect(self._merge)
        self.undo_btn.clicked.connect(wizard.undo)
        self.redo_btn.clicked.connect(wizard.redo)
        wizard.checked.connect(self.refresh_when_shown)
        wizard.analysed.connect(self.refresh_when_shown)
        wizard.edited.connect(self._update_buttons)

    # -- findings tree
    def _refresh(self) -> None:
        res = self.wiz.session.result
        if res is None:
            self._show_preview()
            return
        index = res.index()
        counts = index.counts()
        sev = {code: CODES.get(code, ("info", ""))[0] for code in counts}
        c = Counter()
        for code, per_file in counts.items():
            c[sev[code]] += sum(per_file.values())
        self.counts.setText(f"<b style='color:{SEVERITY_COLORS['blocker'].name()}'>{c.get('blocker', 0):,} blockers</b> (will not import), "
                            f"<b style='color:{SEVERITY_COLORS['warning'].name()}'>{c.get('warning', 0):,} warnings</b>, "
                            f"{c.get('info', 0):,} notes. Excluded records: {len(self.wiz.session.excluded):,}.")
        groups: dict[str, Counter] = {code: Counter(per_file) for code, per_file in counts.items()}
        keep = self._group
        self.tree.blockSignals(True)
        self.tree.clear()
        chosen_item = None
        for code in sorted(groups, key=lambda k: (SEVERITY_ORDER.get(sev[k], 3), -sum(groups[k].values()))):
            title = CODES.get(code, ("", code))[1]
            top = QTreeWidgetItem([title, f"{sum(groups[code].values()):,}"])
            top.setData(0, Qt.UserRole, (code, None))
            top.setToolTip(0, f"{code}: {SEV_WORDS.get(sev[code], '')}")
            top.setForeground(0, SEVERITY_COLORS.get(sev[code], SEVERITY_COLORS["info"]))
            for file, n in groups[code].most_common():
                child = QTreeWidgetItem([file, f"{n:,}"])
                child.setData(0, Qt.UserRole, (code, file))
                child.setToolTip(0, file)
                top.addChild(child)
                if keep == (code, file):
                    chosen_item = child
            self.tree.addTopLevelItem(top)
            if keep and keep[0] == code and chosen_item is None:
                chosen_item = top.child(0)
        self.tree.expandAll()
        self.tree.blockSignals(False)
        if chosen_item is None and self.tree.topLevelItemCount():
            chosen_item = self.tree.topLevelItem(0).child(0)
        if chosen_item is not None:
            self.tree.setCurrentItem(chosen_item)
            self._group_chosen(chosen_item, None)
        else:
            self._group = None
            self.model.set_table(None)
            self.what.setText("No problems left. Well done: carry on to package the bundle.")
        self._refresh_calendar()
        self._update_buttons()

    def _show_preview(self) -> None:
        """Files read, checks still running: list the files and show the records of the one
        chosen (the biggest first), so a million records are on screen while they are checked."""
        res = self.wiz.current_result()
        if res is None:
            return
        files = sorted((r for r in res.files if r.data_type in F.DATA_TYPES and not r.table.error), key=lambda r: -r.table.records)
        keep = self._group[1] if self._group else None
        self.tree.blockSignals(True)
        self.tree.clear()
        top = QTreeWidgetItem(["Checking the records...", ""])
        top.setData(0, Qt.UserRole, (None, None))
        top.setToolTip(0, "The problems found will be listed here in a moment; meanwhile, look through the records")
        chosen = None
        for r in files:
            child = QTreeWidgetItem([r.path, f"{r.table.records:,}"])
            child.setData(0, Qt.UserRole, (None, r.path))
            child.setToolTip(0, r.path)
            top.addChild(child)
            if r.path == keep:
                chosen = child
        if chosen is None and top.childCount():
            chosen = top.child(0)
        self.tree.addTopLevelItem(top)
        self.tree.expandAll()
        self.tree.blockSignals(False)
        self.counts.setText("Checking the records: the problems will be listed here as soon as the check is done.")
        if chosen is not None:
            self.tree.blockSignals(True)  # shown once, below, not also by the selection signal
            self.tree.setCurrentItem(chosen)
            self.tree.blockSignals(False)
            self._group_chosen(chosen, None)
        self._update_buttons()

    def _group_chosen(self, item, _prev) -> None:
        if item is None:
            return
        code, file = item.data(0, Qt.UserRole)
        if code is None:  # checks still running: the file's records as they are
            if file is None and item.childCount():
                file = item.child(0).data(0, Qt.UserRole)[1]
            res = self.wiz.current_result()
            rep = next((r for r in (res.files if res else []) if r.path == file), None)
            if rep is None:
                return
            self._group = (None, file)
            t = rep.table
            if self.model.table is not t:
                self.model.set_table(t, None, rep.mapping.columns)
                self._size_columns()
            else:
                self.model.set_positions(all_positions(t.records))
            self.model.set_marks(None)
            self.what.setText(f"<b>{file}</b>: {t.records:,} records, as read. Their problems are being looked for; "
                              "the list on the left fills in when the check is done.")
            self._update_buttons()
            return
        if file is None and item.childCount():
            file = item.child(0).data(0, Qt.UserRole)[1]
        self._group = (code, file)
        self._show_group()

    def _show_group(self) -> None:
        res = self.wiz.session.result
        if res is None or self._group is None:
            return
        code, file = self._group
        rep = next((r for r in res.files if r.path == file), None)
        if rep is None:
            return
        t = rep.table
        index = res.index()
        rows = index.rows_of(code, file)
        total = index.counts().get(code, {}).get(file, 0)
        first = index.at(file, int(rows[0])) if len(rows) else [f for f in index.of(code, file)[:1]]
        example = next((f for f in first if f.code == code), None)
        if self.show_all.isChecked() or not len(rows):
            positions = all_positions(t.records)
        else:
            positions = np.searchsorted(t.rows, rows)
        text = self.search.text().strip().lower()
        self._search_gen += 1
        if text and len(positions):
            # Searching a million records takes a moment: on a worker, the table keeps what it shows.
            gen, frame, columns = self._search_gen, t.frame, list(t.columns)

            def work(_progress, cancelled):
                hit = np.zeros(len(frame), dtype=bool)
                for col in columns:
                    if cancelled():
                        return None
                    hit |= frame[col].str.lower().str.contains(text, regex=False).to_numpy(dtype=bool, na_value=False)
                return positions[hit[positions]]

            def found(pos):
                if pos is not None and gen == self._search_gen and self._group == (code, file):
                    self._show_positions(rep, index, code, file, rows, total, example, pos)

            self._searcher.run(work, found)
            return
        self._show_positions(rep, index, code, file, rows, total, example, positions)

    def _show_positions(self, rep, index, code, file, rows, total, example, positions) -> None:
        t = rep.table
        same_table = self.model.table is t
        self.model.set_table(t, positions, rep.mapping.columns) if not same_table else self.model.set_positions(positions)
        gone, reasons = self.wiz.session.exclusions(file)
        self.model.set_marks(index, gone, reasons)
        title, sev = CODES.get(code, (None, code))[1], CODES.get(code, ("info",))[0]
        struck = " Struck-out records are left out of the migration (hover for why); select them and click Keep to take them back in." if gone.any() else ""
        self.what.setText(f"<b>{title}</b> in <b>{file}</b>: {total:,} finding(s); these {SEV_WORDS.get(sev, '')}.<br>"
                          f"{example.message if example else ''}{struck}")
        if not same_table:
            self._size_columns()
        self._update_buttons()

    def _size_columns(self) -> None:
        """Column widths from the first rows only: resizeColumnsToContents would read every row."""
        fm = self.view.fontMetrics()
        for c in range(self.model.columnCount()):
            texts = self.model.column_texts(c, 30)  # about what the table shows
            width = max(fm.horizontalAdvance(t) for t in texts) + 18
            self.view.setColumnWidth(c, min(max(width, 48), 260))

    def _cell_chosen(self, index, _prev) -> None:
        if not index.isValid():
            self.cell_note.setText("")
            return
        tip = self.model.data(index, Qt.ToolTipRole)
        self.cell_note.setText(tip or "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        s = self.wiz.session
        has = self.model.rowCount() > 0 and s.result is not None  # edits wait for the check
        self.set_btn.setEnabled(has)
        self.exclude_btn.setEnabled(has)
        self.keep_btn.setEnabled(has)
        self.merge_btn.setEnabled(bool(s.result is not None and self._group and self._group[0] == "DUPLICATE_CONTACT"))
        self.undo_btn.setEnabled(s.log.can_undo())
        self.redo_btn.setEnabled(s.log.can_redo())

    # -- selection helpers
    def _selected_rows(self) -> list[int]:
        idx = self.view.selectionModel().selectedIndexes() or ([self.view.currentIndex()] if self.view.currentIndex().isValid() else [])
        return sorted({self.model.row_number(i.row()) for i in idx})

    def _selected_column(self) -> str | None:
        idx = self.view.currentIndex()
        return self.model.column_name(idx.column()) if idx.isValid() else None

    # -- edits
    def _edit_cell(self, file: str, row: int, column: str, value: str) -> bool:
        try:
            self.wiz.session.set_cell(file, row, column, value, why="typed on the Review page")
        except EditError as exc:
            dialogs.show_error(self, "Not changed", str(exc))
            return False
        self.wiz.edited.emit()
        self.wiz.recheck()
        return True

    def _set_value(self) -> None:
        t = self.model.table
        rows = self._selected_rows()
        if t is None or not rows:
            return
        column = self._selected_column()
        if column is None:
            column = dialogs.ask_choice(self, "Which column?", "Set a value in which column?", list(t.columns))
            if not column:
                return
        value = dialogs.ask_text(self, "Set a value", f"New value for '{column}' on {len(rows)} record(s):")
        if value is None:
            return
        try:
            self.wiz.session.set_cells(t.path, column, rows, value, why="set on the Review page", kind="set_where" if len(rows) > 1 else "set_cell")
        except EditError as exc:
            dialogs.show_error(self, "Not changed", str(exc))
            return
        self.model.refresh_column(column)
        self.wiz.edited.emit()
        self.wiz.recheck()

    def _exclude(self) -> None:
        t = self.model.table
        rows = self._selected_rows()
        if t is None or not rows:
            return
        reason = dialogs.ask_text(self, "Leave records out", f"Why are these {len(rows)} record(s) left out? "
                                  "(The reason goes to Clio's migration specialist.)")
        if reason is None:
            return
        try:
            self.wiz.session.exclude(t.path, rows, reason)
        except EditError as exc:
            dialogs.show_error(self, "Not left out", str(exc))
            return
        self.wiz.edited.emit()
        self.wiz.recheck()

    def _keep(self) -> None:
        t = self.model.table
        rows = self._selected_rows()
        if t is None or not rows:
            return
        self.wiz.session.include(t.path, rows, why="kept on the Review page")
        self.wiz.edited.emit()
        self.wiz.recheck()

    def _merge(self) -> None:
        res = self.wiz.session.result
        rows = self._selected_rows()
        if res is None or self._group is None or not rows:
            return
        code, file = self._group
        f = next((x for x in res.index().at(file, rows[0]) if x.code == code), None)
        if f is None or not f.related:
            dialogs.show_info(self, "Choose a duplicate", "Select the record marked as a duplicate first.")
            return
        keep_rep = next(r for r in res.files if r.path == f.related["file"])
        drop_rep = next(r for r in res.files if r.path == file)
        dlg = MergeDialog(keep_rep, f.related["row"], drop_rep, f.row, self)
        if dialogs.run_dialog(dlg):
            self.wiz.session.merge_contacts((keep_rep.path, f.related["row"]), (file, f.row), dlg.values(), why="duplicate contact")
            self.wiz.edited.emit()
            self.wiz.recheck()

    # -- calendar
    def _refresh_calendar(self) -> None:
        res = self.wiz.session.result
        cal = [r for r in (res.files if res else []) if r.data_type == "calendar_entries" and r.prepared is not None]
        self.tabs.setTabEnabled(1, bool(cal))
        self.events.clear()
        if not cal:
            self.chart.set_months([])
            return
        import pandas as pd

        out = pd.concat([r.prepared.out for r in cal], ignore_index=True)
        today = self.wiz.session.firm.cutoff or pd.Timestamp.today().strftime("%Y-%m-%d")
        self.chart.set_months(calendar_months(out, today))
        iso = (out["start_date"].str[6:10] + "-" + out["start_date"].str[0:2] + "-" + out["start_date"].str[3:5]).where(out["start_date"] != "", "")
        dated = out.assign(_iso=iso)[iso != ""].sort_values("_iso")
        past = dated[dated["_iso"] < today].tail(5)
        future = dated[dated["_iso"] >= today].head(10)
        self.events.addItem(f"Last {len(past)} before the cut-off:")
        for _, r in past.iterrows():
            self.events.addItem(f"   {r['start_date']} {r['start_time']}  {r['summary']}  ({r['calendar']})")
        self.events.addItem(f"Next {len(future)} from the cut-off on:")
        for _, r in future.iterrows():
            self.events.addItem(f"   {r['start_date']} {r['start_time']}  {r['summary']}  ({r['calendar']})")

    def initializePage(self) -> None:  # noqa: N802
        self._stale = False
        self._refresh()
        if self.wiz.session.result is None and self.wiz.preview is not None and not self.wiz.runner.busy:
            self.wiz.recheck()  # the check after reading was cancelled or failed: run it now

    def isComplete(self) -> bool:  # noqa: N802
        return not self.wiz.runner.busy and self.wiz.session.result is not None
