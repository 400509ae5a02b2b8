"""Whether this PySide6 loses references to True and None (see conftest.py and
test_gui_refcounts.py; benchmarks/gui_harness.py loads it by path). A module of its own, imported by both under its own name: a test module
importing `conftest` got whichever conftest.py was imported first (tests/core's when the core tests
were collected first)."""

from __future__ import annotations

import sys


def _singleton_leaks() -> dict[str, int]:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal

    class _Emitter(QObject):
        ping = Signal()

    class _Model(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):  # noqa: N802
            return 1

        def columnCount(self, parent=QModelIndex()):  # noqa: N802
            return 1

        def data(self, index, role=Qt.DisplayRole):
            return None

    e, m = _Emitter(), _Model()
    index = m.index(0, 0)
    true0, none0 = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(50):
        e.ping.emit()
    true1 = sys.getrefcount(True)
    for _ in range(50):
        index.data(Qt.ToolTipRole)
    none1 = sys.getrefcount(None)
    return {"True": true0 - true1, "None": none0 - none1}


SINGLETON_LEAKS = _singleton_leaks()
PYSIDE_LEAKS_SINGLETONS = sys.version_info < (3, 12) and any(n >= 50 for n in SINGLETON_LEAKS.values())
