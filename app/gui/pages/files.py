"""Page 3: the export files: add files, folders or ZIPs (or drop them here), see what each holds."""

from __future__ import annotations

import os

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import fields as F
from app.gui import dialogs
from app.gui.models import FilesModel, RecordsModel, type_label
from app.gui.pages.base import Page, TaskPanel, hint

KINDS = [*F.PROCESS_ORDER, F.NOT_MIGRATABLE, F.UNKNOWN]


class KindDelegate(QStyledItemDelegate):
    """A dropdown of the kinds of records, for the 'Holds' column."""

    def createEditor(self, parent, option, index):  # noqa: N802
        box = QComboBox(parent)
        for k in KINDS:
            box.addItem(type_label(k), k)
        box.setAccessibleName("What this file holds")
        return box

    def setEditorData(self, editor, index):  # noqa: N802
        i = editor.findData(index.data(Qt.EditRole))
        editor.setCurrentIndex(max(i, 0))

    def setModelData(self, editor, model, index):  # noqa: N802
        self.kind_chosen(index.row(), editor.currentData())

    def kind_chosen(self, row: int, kind: str) -> None:  # replaced by the page
        pass


class FilesPage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, "Your export files",
                         "Add the files you exported from your old program: CSV, Excel or a ZIP backup. You can also drop them here.")
        self.setAcceptDrops(True)
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        self.add_files = QPushButton("Add files...")
        self.add_files.setToolTip("CSV, TSV, Excel (.xlsx) or ZIP files")
        self.add_folder = QPushButton("Add a folder...")
        self.add_folder.setToolTip("Every export file in the folder and its sub-folders")
        self.remove = QPushButton("Remove selected")
        self.remove.setToolTip("Leave this input out of the migration (the file itself is not touched)")
        for b in (self.add_files, self.add_folder, self.remove):
            row.addWidget(b)
        row.addStretch(1)
        self.summary = QLabel("")
        self.summary.setAccessibleName("Files summary")
        row.addWidget(self.summary)
        lay.addLayout(row)

        split = QSplitter(Qt.Vertical)
        self.model = FilesModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.SelectedClicked | QAbstractItemView.EditKeyPressed)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.view.verticalHeader().setVisible(False)
        self.view.setAccessibleName("Export files")
        self.delegate = KindDelegate(self.view)
        self.delegate.kind_chosen = self._kind_chosen
        self.view.setItemDelegateForColumn(1, self.delegate)
        split.addWidget(self.view)

        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        self.explain = hint("")
        self.explain.setAccessibleName("About the selected file")
        ll.addWidget(self.explain)
        self.preview_model = RecordsModel(self)
        self.preview = QTableView()
        self.preview.setModel(self.preview_model)
        self.preview.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)
        self.preview.setAccessibleName("Preview of the selected file")
        ll.addWidget(self.preview)
        split.addWidget(lower)
        split.setSizes([300, 300])
        lay.addWidget(split, 1)
        self.missing = hint("")
        self.missing.setAccessibleName("Expected exports")
        lay.addWidget(self.missing)
        self.panel = TaskPanel(wizard)
        lay.addWidget(self.panel)

        self.add_files.clicked.connect(self._add_files)
        self.add_folder.clicked.connect(self._add_folder)
        self.remove.clicked.connect(self._remove)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show(cur.row()))
        wizard.checked.connect(self._refresh)
        wizard.analysed.connect(self._refresh)

    # -- adding files
    def add_paths(self, paths: list[str]) -> None:
        s = self.wiz.session
        new = [p for p in paths if p and os.path.abspath(p) not in {os.path.abspath(q) for q in s.paths}]
        if not new:
            return
        s.paths.extend(new)
        self.wiz.edited.emit()
        self.wiz.recheck(read=True)

    def _add_files(self) -> None:
        self.add_paths(dialogs.choose_files(self))

    def _add_folder(self) -> None:
        folder = dialogs.choose_folder(self)
        if folder:
            self.add_paths([folder])

    def _remove(self) -> None:
        idx = self.view.currentIndex()
        if not idx.isValid():
            return
        t = self.model.file(idx.row()).table
        s = self.wiz.session
        victim = next((p for p in s.paths if os.path.abspath(p) == os.path.abspath(t.origin)), None)
        if victim is None:
            dialogs.show_info(self, "Part of a folder or ZIP", f"{t.path} came in with a folder or ZIP. Remove the whole folder, or set what it holds to 'Cannot be migrated'.")
            return
        s.paths.remove(victim)
        self.wiz.edited.emit()
        self.wiz.recheck(read=True)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        self.add_paths(paths)
        event.acceptProposedAction()

    # -- showing
    def _kind_chosen(self, row: int, kind: str) -> None:
        rep = self.model.file(row)
        if kind == rep.data_type:
            return
        self.wiz.session.change_setting(rep.path, "data_type", kind, why="chosen on the Files page")
        self.wiz.edited.emit()
        self.wiz.recheck()

    def _refresh(self) -> None:
        res = self.wiz.current_result()
        current = self.view.currentIndex().row()
        self.model.set_files(res.files if res else [])
        if res is None:
            self.summary.setText("")
            self.missing.setText("")
            self.completeChanged.emit()
            return
        n = len(res.files)
        total = sum(f.table.records for f in res.files if not f.table.error)
        self.summary.setText(f"{n} file(s), {total:,} records. Source program: {res.source.name}.")
        present = {f.data_type for f in res.files}
        expected = [d for d in res.source.expected_exports if d in F.DATA_TYPES and d not in present]
        if expected:
            self.missing.setText("<b>Still missing?</b> From " + res.source.name + " firms usually also export: "
                                 + ", ".join(F.DATA_TYPES[d].label.lower() for d in expected)
                                 + ". Add them if your firm has any, or carry on.")
        else:
            self.missing.setText("Every kind of record usually exported from " + res.source.name + " is here." if res.source.expected_exports else "")
        if n:
            self.view.selectRow(min(max(current, 0), n - 1))
            self._show(min(max(current, 0), n - 1))
        self.completeChanged.emit()

    def _show(self, row: int) -> None:
        if row < 0 or row >= self.model.rowCount():
            self.preview_model.set_table(None)
            self.explain.setText("")
            return
        rep = self.model.file(row)
        t = rep.table
        if t.error:
            self.explain.setText(f"<b>{t.path} cannot be read.</b> {t.error}")
            self.preview_model.set_table(None)
            return
        parts = [f"<b>{t.path}</b>: {type_label(rep.data_type).lower()}, {t.records:,} records"]
        if t.header_row:
            parts.append(f"column names on row {t.header_row}")
        if t.encoding:
            parts.append(f"text encoding {t.encoding}")
        text = ", ".join(parts) + "."
        if rep.data_type == F.NOT_MIGRATABLE:
            text += " <b>Clio cannot migrate this file:</b> " + rep.detection.not_migratable_reason
        elif rep.data_type == F.UNKNOWN:
            text += " What this file holds could not be recognised: double-click 'Holds' above to choose."
        if t.skipped:
            text += f" {len(t.skipped)} line(s) that are not records (titles, totals, blank lines) are left out."
        self.explain.setText(text)
        self.preview_model.set_table(t, np.arange(min(t.records, 200)), rep.mapping.columns)

    # -- wizard
    def initializePage(self) -> None:  # noqa: N802
        s = self.wiz.session
        if s.paths and (not s.tables or self.wiz.current_result() is None):
            self.wiz.recheck(read=True)
        else:
            self._refresh()

    def isComplete(self) -> bool:  # noqa: N802
        # Complete once the files are read and mapped: their checks may still be running (the
        # next pages show what they can meanwhile).
        res = self.wiz.current_result()
        return (not self.wiz.reading and res is not None
                and any(f.data_type in F.DATA_TYPES for f in res.files))
