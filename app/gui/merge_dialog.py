"""Merging two duplicate contacts side by side: for each field, keep one record's value."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core import fields as F
from app.core.engine import FileReport


class MergeDialog(QDialog):
    def __init__(self, keep: FileReport, keep_row: int, drop: FileReport, drop_row: int, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge duplicate contacts")
        self.keep, self.drop = keep, drop
        lay = QVBoxLayout(self)
        info = QLabel(f"The first record (row {keep_row} of {keep.path}) stays; the second (row {drop_row} of {drop.path}) "
                      "is left out and anything that named it is pointed at the first. Choose which value to keep for each field.")
        info.setWordWrap(True)
        lay.addWidget(info)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.addWidget(QLabel("<b>Field</b>"), 0, 0)
        grid.addWidget(QLabel(f"<b>Row {keep_row}</b>"), 0, 1)
        grid.addWidget(QLabel(f"<b>Row {drop_row}</b>"), 0, 2)
        kpos = int(keep.table.rows.searchsorted(keep_row))
        dpos = int(drop.table.rows.searchsorted(drop_row))
        k2c = keep.mapping.field_to_column()
        d2c = drop.mapping.field_to_column()
        self._choices: list[tuple[str, QRadioButton, str, str]] = []
        r = 1
        for fld in F.DATA_TYPES["contacts"].output:
            kc, dc = k2c.get(fld), d2c.get(fld)
            if kc is None:
                continue
            a = str(keep.table.frame[kc].iloc[kpos])
            b = str(drop.table.frame[dc].iloc[dpos]) if dc else ""
            grid.addWidget(QLabel(fld.replace("_", " ")), r, 0)
            ra, rb = QRadioButton(a or "(blank)"), QRadioButton(b or "(blank)")
            ra.setAccessibleName(f"Keep {fld} from the first record")
            rb.setAccessibleName(f"Keep {fld} from the second record")
            group = QButtonGroup(self)
            group.addButton(ra)
            group.addButton(rb)
            (ra if a or not b else rb).setChecked(True)
            rb.setEnabled(a != b)
            grid.addWidget(ra, r, 1)
            grid.addWidget(rb, r, 2)
            self._choices.append((kc, ra, a, b))
            r += 1
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)
        lay.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Merge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(720, 520)

    def values(self) -> dict[str, str]:
        """Column of the surviving record -> the value chosen for it."""
        return {col: (a if ra.isChecked() else b) for col, ra, a, b in self._choices}
