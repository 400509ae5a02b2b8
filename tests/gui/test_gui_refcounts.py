"""A long session must not wear out Python's True and None (the app would abort with
"Fatal Python error: bool_dealloc / none_dealloc").

PySide6 6.12.0 on Python 3.11 (the dev venv has 3.11.7, so a build made from it does too; pyproject allows
PySide6-Essentials>=6.7,<7) drops a reference to True on every Signal.emit() from Python and a
reference to None each time a Python data() override returns None to Qt. 6.11.3 does not.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from pyside_probe import PYSIDE_LEAKS_SINGLETONS, SINGLETON_LEAKS

from app.gui.models import RecordsModel

BUG = pytest.mark.xfail(
    PYSIDE_LEAKS_SINGLETONS, strict=True,
    reason=f"BUG: PySide6-Essentials 6.12.0 (allowed by pyproject.toml '>=6.7,<7') on Python 3.11 leaks refs "
           f"(probe: {SINGLETON_LEAKS}); the app aborts with a Fatal Python error after a few thousand signals/"
           f"model cells: exclude 6.12.0 (6.11.3 is fine) or build on Python >= 3.12")


@BUG
def test_signals_do_not_wear_out_true(wizard):
    before = sys.getrefcount(True)
    for _ in range(500):  # a morning's work: edits, checks, progress updates
        wizard.edited.emit()
    assert before - sys.getrefcount(True) < 50


@BUG
def test_records_view_does_not_wear_out_none(demo_on_files, qtbot):
    """Painting the records: most roles of most cells are None."""
    page = demo_on_files.currentPage()
    model: RecordsModel = page.preview_model
    assert model.rowCount() > 0
    before = sys.getrefcount(None)
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            model.index(r, c).data(Qt.BackgroundRole)
    assert before - sys.getrefcount(None) < 50
