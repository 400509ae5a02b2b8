"""Table models over the engine's data. They never copy a whole frame per cell: each column is
fetched once as an array, and the view asks only for the cells it shows."""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from app.core import fields as F
from app.core.engine import FileReport
from app.core.findings import Finding
from app.core.reader import Table

SEVERITY_COLORS = {"blocker": QColor(220, 60, 50), "warning": QColor(230, 150, 30), "info": QColor(60, 130, 200)}


def _tint(sev: str) -> QColor:
    c = QColor(SEVERITY_COLORS.get(sev, SEVERITY_COLORS["info"]))
    c.setAlpha(70)
    return c


def cell_text(v) -> str:
    """A cell as shown: missing values (None, NaN, pandas' NA) are blank, never 'nan'."""
    return "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)


@functools.lru_cache(maxsize=8)
def all_positions(n: int) -> np.ndarray:
    """0..n-1, read-only and made once per length: the table shows every record of a file again
    and again (each group, each refresh), and a fresh million-position array costs the window
    4-10 ms of page faults each time."""
    a = np.arange(n, dtype=np.int64)
    a.flags.writeable = False
    return a


class _OneCallPerCell(QAbstractTableModel):
    """Qt 6 views ask for all the roles a cell is painted with at once (multiData): answered in
    one Python call instead of seven. While a check runs on the worker, each call into Python
    waits for the interpreter lock; a screen of the records table is ~250 cells (1,771 calls)."""

    def multiData(self, index: QModelIndex, span) -> None:  # noqa: N802 - Qt override
        for role_data in span:
            role_data.setData(self.data(index, role_data.role()))


class RecordsModel(_OneCallPerCell):
    """Records of one source file (all, or a chosen subset), shown as the file has them.

    Column 0 is the spreadsheet row number; then every source column. Values are fetched in
    blocks of rows as the view asks for them (a million-row file is never copied whole), and the
    problems of a row are looked up in the check's finding index. Editing a cell calls
    `on_edit(file, row, column, new_value)`, which records an undoable edit in the session.
    """

    cell_edited = Signal(str, int, str, str)
    BLOCK = 256
    MAX_BLOCKS = 4000

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._table: Table | None = None
        self._columns: list[str] = []
        self._rows = np.zeros(0, dtype=np.int64)  # positions into the table
        self._blocks: dict[tuple[int, int], list] = {}
        self._index = None  # FindingIndex of the last check
        self._excluded = np.zeros(0, dtype=bool)  # by position in the table
        self._reasons: np.ndarray | None = None  # why each left-out record is left out (None: none are)
        self._mapped: dict[str, str] = {}
        self._marks: dict[int, dict[str | None, Finding]] = {}  # row number -> column -> the problem shown
        self.on_edit: Callable[[str, int, str, str], bool] | None = None

    # -- loading
    def set_table(self, table: Table | None, positions: np.ndarray | None = None, mapped: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self._table = table
        self._columns = list(table.columns) if table is not None else []
        self._blocks = {}
        self._marks = {}
        n = table.records if table is not None else 0
        self._rows = all_positions(n) if positions is None else np.asarray(positions, dtype=np.int64)
        self._mapped = mapped or {}
        self._excluded = np.zeros(n, dtype=bool)
        self._reasons = None
        self.endResetModel()

    def set_positions(self, positions: np.ndarray) -> None:
        self.beginResetModel()
        self._rows = np.asarray(positions, dtype=np.int64)
        self._blocks = {}
        self.endResetModel()

    def set_marks(self, index, excluded: np.ndarray | None = None, reasons: np.ndarray | None = None) -> None:
        """The check's FindingIndex, and which records are left out (masks over the table)."""
        self._index = index
        self._marks = {}
        if excluded is not None and self._table is not None and len(excluded) == self._table.records:
            self._excluded, self._reasons = excluded, reasons
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def refresh_column(self, column: str) -> None:
        if self._table is None or column not in self._columns:
            return
        j = self._columns.index(column)
        self._blocks = {k: v for k, v in self._blocks.items() if k[0] != j}
        if self.rowCount():
            self.dataChanged.emit(self.index(0, j + 1), self.index(self.rowCount() - 1, j + 1))

    # -- access
    @property
    def table(self) -> Table | None:
        return self._table

    def row_number(self, view_row: int) -> int:
        assert self._table is not None
        return int(self._table.rows[self._rows[view_row]])

    def column_name(self, view_col: int) -> str | None:
        return self._columns[view_col - 1] if view_col >= 1 else None

    def positions(self) -> np.ndarray:
        return self._rows

    def _value(self, view_row: int, j: int) -> str:
        b = view_row // self.BLOCK
        block = self._blocks.get((j, b))
        if block is None:
            assert self._table is not None
            if len(self._blocks) > self.MAX_BLOCKS:
                self._blocks.clear()
            pos = self._rows[b * self.BLOCK:(b + 1) * self.BLOCK]
            block = self._table.frame[self._columns[j]].iloc[pos].tolist()
            self._blocks[(j, b)] = block
        return cell_text(block[view_row - b * self.BLOCK])

    def _findings(self, rownum: int) -> list[Finding]:
        if self._index is None or self._table is None:
            return []
        return self._index.at(self._table.path, rownum)

    def _mark(self, rownum: int, column: str | None) -> Finding | None:
        """The most severe problem of a cell (column None: of the record as a whole), worked out
        once per row: painting asks for every cell's colour many times."""
        marks = self._marks.get(rownum)
        if marks is None:
            if len(self._marks) > 20_000:
                self._marks.clear()
            marks = {}
            for f in self._findings(rownum):
                key = f.column if f.column and f.column in self._columns else None
                if key not in marks or _rank(f) < _rank(marks[key]):
                    marks[key] = f
            self._marks[rownum] = marks
        return marks.get(column)

    # -- Qt
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self._table is None else len(self._columns) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal:
            if role == Qt.DisplayRole:
                return "Row" if section == 0 else self._columns[section - 1]
            if role == Qt.ToolTipRole and section >= 1:
                col = self._columns[section - 1]
                fld = self._mapped.get(col)
                return f"Goes to Clio's field '{fld}'" if fld else "Not a Clio field: kept as a custom field"
        return None

    def column_texts(self, view_col: int, n: int) -> list[str]:
        """The header and the first n cells of a column as shown: what the column's width is
        worked out from (without a round trip through Qt for each cell)."""
        header = str(self.headerData(view_col, Qt.Horizontal) or "")
        n = min(n, len(self._rows))
        if self._table is None or n <= 0:
            return [header]
        if view_col == 0:
            return [header] + [str(int(r)) for r in self._table.rows[self._rows[:n]]]
        return [header] + [self._value(r, view_col - 1) for r in range(n)]

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        # Painting a screen of a million-row table asks this ~1,000 times: plain ints, no enum
        # arithmetic, and one dictionary of marks per row.
        role = int(role)
        if self._table is None or not index.isValid():
            return None
        if role == _DISPLAY or role == _EDIT:
            r, c = index.row(), index.column()
            if c == 0:
                return str(int(self._table.rows[self._rows[r]]))
            return self._value(r, c - 1)
        if role not in _STYLED:
            return None
        r, c = index.row(), index.column()
        pos = self._rows[r]
        if role == _ALIGN:
            return _RIGHT if c == 0 else None
        left_out = bool(self._excluded[pos]) if pos < len(self._excluded) else False
        if role == _FOREGROUND:
            return QApplication.palette().color(QPalette.Disabled, QPalette.Text) if left_out else None
        if role == _FONT:
            return _struck() if left_out else None
        rownum = int(self._table.rows[pos])
        if role == _TOOLTIP and left_out:
            return f"Left out: {self._reasons[pos] if self._reasons is not None else ''}"
        f = self._mark(rownum, self._columns[c - 1] if c >= 1 else None)
        if f is None:
            return None
        return f.message if role == _TOOLTIP else _tint(f.severity)

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.NoItemFlags
        return _EDITABLE if index.column() >= 1 else _READ_ONLY

    def setData(self, index: QModelIndex, value, role: int = Qt.EditRole) -> bool:  # noqa: N802
        if role != Qt.EditRole or not index.isValid() or index.column() < 1 or self._table is None:
            return False
        new = "" if value is None else str(value)
        col = self._columns[index.column() - 1]
        old = self.data(index)
        if new == old:
            return False
        row = self.row_number(index.row())
        ok = self.on_edit(self._table.path, row, col, new) if self.on_edit else False
        if ok:
            self.refresh_column(col)
            self.cell_edited.emit(self._table.path, row, col, new)
        return bool(ok)


_DISPLAY, _EDIT, _TOOLTIP = int(Qt.DisplayRole.value), int(Qt.EditRole.value), int(Qt.ToolTipRole.value)
_BACKGROUND, _FOREGROUND = int(Qt.BackgroundRole.value), int(Qt.ForegroundRole.value)
_FONT, _ALIGN = int(Qt.FontRole.value), int(Qt.TextAlignmentRole.value)
_STYLED = frozenset((_TOOLTIP, _BACKGROUND, _FOREGROUND, _FONT, _ALIGN))
_RIGHT = Qt.AlignRight | Qt.AlignVCenter
_READ_ONLY = Qt.ItemIsSelectable | Qt.ItemIsEnabled | Qt.ItemNeverHasChildren
_EDITABLE = _READ_ONLY | Qt.ItemIsEditable
_STRUCK: list[QFont] = []


def _struck() -> QFont:
    if not _STRUCK:
        f = QFont()
        f.setStrikeOut(True)
        _STRUCK.append(f)
    return _STRUCK[0]


def _rank(f: Finding) -> int:
    return {"blocker": 0, "warning": 1, "info": 2}.get(f.severity, 3)


FILE_COLUMNS = ("File", "Holds", "Program", "Encoding", "Header row", "Records", "Notes")


def type_label(dt: str) -> str:
    if dt in F.DATA_TYPES:
        return F.DATA_TYPES[dt].label
    return {"not_migratable": "Cannot be migrated", "unknown": "Not recognised"}.get(dt, dt)


class FilesModel(_OneCallPerCell):
    """Every file read, with what it was recognised as."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._files: list[FileReport] = []

    def set_files(self, files: list[FileReport]) -> None:
        self.beginResetModel()
        self._files = list(files)
        self.endResetModel()

    def file(self, row: int) -> FileReport:
        return self._files[row]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._files)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(FILE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return FILE_COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        f = self._files[index.row()]
        t = f.table
        c = index.column()
        if role in (Qt.DisplayRole, Qt.EditRole):
            if c == 0:
                return t.path
            if c == 1:
                return f.data_type if role == Qt.EditRole else type_label(f.data_type)
            if c == 2:
                return f.profile.name
            if c == 3:
                return t.encoding or ("Excel workbook" if t.kind == "xlsx" else "")
            if c == 4:
                return "" if t.header_row is None else str(t.header_row)
            if c == 5:
                return "" if t.error else f"{t.records:,}"
            if c == 6:
                if t.error:
                    return "Cannot be read"
                if f.data_type == "not_migratable":
                    return "Clio cannot take this file"
                if f.data_type == "unknown":
                    return "Choose what it holds"
                return f"{len(t.skipped)} non-record line(s) left out" if t.skipped else ""
        if role == Qt.ToolTipRole:
            if t.error:
                return t.error
            if f.data_type == "not_migratable":
                return f.detection.not_migratable_reason
            if c == 1:
                return f"Recognised from its {f.detection.reason}. Double-click to change."
        if role == Qt.ForegroundRole and (t.error or f.data_type in ("not_migratable", "unknown")) and c in (1, 6):
            return SEVERITY_COLORS["warning"] if not t.error else SEVERITY_COLORS["blocker"]
        if role == Qt.TextAlignmentRole and c in (4, 5):
            return Qt.AlignRight | Qt.AlignVCenter
        return None

    def flags(self, index: QModelIndex):
        base = super().flags(index)
        if index.isValid() and index.column() == 1 and not self._files[index.row()].table.error:
            return base | Qt.ItemIsEditable
        return base
