"""RecordsModel and FilesModel: Qt's model contract, blanks, undoable edits, big tables."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt

from app.core.reader import Table, read_bytes
from app.core.session import Session
from app.gui.models import FilesModel, RecordsModel

SMALL = (b"First Name,Last Name,Email,Hours\n"
         b"Ann,Lee,ann@x.example,1.5\n"
         b"Bob,,,\n"
         b"Cy,Moe\n"  # a short row: the missing cells are blanks
         b",Zed,zed@x.example,2\n")


def small_session(tmp_path) -> Session:
    p = tmp_path / "people.csv"
    p.write_bytes(SMALL)
    s = Session([str(p)])
    s.read()
    s.check()
    return s


def texts(model, role=Qt.DisplayRole):
    return [[model.index(r, c).data(role) for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_records_model_passes_the_model_tester(qtmodeltester, tmp_path):
    s = small_session(tmp_path)
    rep = s.result.files[0]
    model = RecordsModel()
    model.set_table(rep.table, None, rep.mapping.columns)
    gone = np.zeros(rep.table.records, dtype=bool)
    gone[1] = True
    reasons = np.where(gone, "left out for the test", "").astype(object)
    model.set_marks(s.result.index(), gone, reasons)
    assert model.index(1, 1).data(Qt.ToolTipRole) == "Left out: left out for the test"
    qtmodeltester.check(model)
    # a subset of the rows, as the review page shows them
    model.set_positions(np.array([1, 3]))
    qtmodeltester.check(model)
    model.set_table(None)
    qtmodeltester.check(model)


def test_files_model_passes_the_model_tester(qtmodeltester, tmp_path):
    (tmp_path / "people.csv").write_bytes(SMALL)
    (tmp_path / "broken.csv").write_bytes(bytes(range(256)) * 8)
    s = Session([str(tmp_path)])
    s.read()
    s.check()
    model = FilesModel()
    model.set_files(s.result.files)
    assert model.rowCount() == 2
    qtmodeltester.check(model)
    model.set_files([])
    qtmodeltester.check(model)


def test_blanks_show_as_empty_text_never_nan_or_none(tmp_path):
    s = small_session(tmp_path)
    model = RecordsModel()
    model.set_table(s.tables[0])
    shown = texts(model)
    assert shown[0] == ["2", "Ann", "Lee", "ann@x.example", "1.5"]
    assert shown[1] == ["3", "Bob", "", "", ""]
    assert shown[2] == ["4", "Cy", "Moe", "", ""]
    assert shown[3] == ["5", "", "Zed", "zed@x.example", "2"]

    # Missing values that pandas may hold (None, NaN) are blanks too.
    frame = pd.DataFrame({"A": ["x", None, np.nan], "B": [np.nan, "y", None]}, dtype=object)
    t = Table(path="t.csv", origin="t.csv", columns=["A", "B"], frame=frame, rows=np.array([2, 3, 4]))
    model.set_table(t)
    for role in (Qt.DisplayRole, Qt.EditRole):
        flat = [v for row in texts(model, role) for v in row]
        assert not {"nan", "None", "NaN", "<NA>"} & set(flat)
        assert flat == ["2", "x", "", "3", "", "y", "4", "", ""]


def test_set_data_records_an_undoable_edit(tmp_path):
    s = small_session(tmp_path)
    t = s.tables[0]
    model = RecordsModel()
    model.set_table(t)
    model.on_edit = lambda f, row, col, new: bool(s.set_cell(f, row, col, new, why="typed in the test"))
    seen = []
    model.cell_edited.connect(lambda *a: seen.append(a))
    changed = []
    model.dataChanged.connect(lambda a, b, _r=None: changed.append((a.column(), b.column())))

    idx = model.index(1, 2)  # Bob's blank last name
    assert model.flags(idx) & Qt.ItemIsEditable
    assert not model.flags(model.index(1, 0)) & Qt.ItemIsEditable  # the row number is not editable
    assert model.setData(idx, "Brown")
    assert idx.data() == "Brown"
    assert seen == [(t.path, 3, "Last Name", "Brown")]
    assert changed  # the view is told
    assert len(s.log.done) == 1
    e = s.log.done[0]
    assert (e.cells[0].file, e.cells[0].column, e.cells[0].rows, e.cells[0].old, e.cells[0].new) == \
        (t.path, "Last Name", [3], [""], ["Brown"])
    assert e.why == "typed in the test"

    assert not model.setData(idx, "Brown")  # no change, no edit
    assert not model.setData(model.index(1, 0), "99")  # the row number column
    assert len(s.log.done) == 1

    s.undo()
    model.refresh_column("Last Name")
    assert idx.data() == ""
    s.redo()
    model.refresh_column("Last Name")
    assert idx.data() == "Brown"


def test_set_data_refused_by_the_session_changes_nothing(tmp_path):
    s = small_session(tmp_path)
    model = RecordsModel()
    model.set_table(s.tables[0])
    model.on_edit = lambda *a: False
    assert not model.setData(model.index(0, 1), "Zoe")
    assert model.index(0, 1).data() == "Ann"


@pytest.fixture(scope="module")
def big_table() -> Table:
    lines = ["First Name,Last Name,Email,Matter,Hours,Note"]
    for i in range(200_000):
        lines.append(f"Ann{i},Lee{i},a{i}@x.example,M-{i % 977},{i % 7}.5," + ("" if i % 3 else "call client"))
    [t] = read_bytes("big.csv", "big.csv", ("\n".join(lines) + "\n").encode())
    assert t.error is None
    return t


def test_records_model_answers_fast_on_200000_rows(big_table, monkeypatch):
    model = RecordsModel()
    started = time.perf_counter()
    model.set_table(big_table)
    assert time.perf_counter() - started < 2.0
    assert model.rowCount() == 200_000
    assert model.columnCount() == 7

    # No per-cell pandas indexing: values are fetched a block of rows at a time (never the
    # whole column, never cell by cell).
    from pandas.core import indexing

    calls = []
    for cls in (indexing._iLocIndexer, indexing._LocIndexer, indexing._iAtIndexer, indexing._AtIndexer):
        orig = cls.__getitem__
        monkeypatch.setattr(cls, "__getitem__", lambda self, key, _o=orig: calls.append(key) or _o(self, key))

    started = time.perf_counter()
    assert model.index(0, 0).data() == "2"
    assert model.index(0, 1).data() == "Ann0"
    assert model.index(199_999, 0).data() == "200001"
    assert model.index(199_999, 3).data() == "a199999@x.example"
    assert model.index(199_998, 6).data() == "call client"
    assert model.index(199_999, 6).data() == ""
    # One screenful near the end of the table, every role a view asks for, is answered at once.
    roles = (Qt.DisplayRole, Qt.BackgroundRole, Qt.ToolTipRole, Qt.ForegroundRole, Qt.FontRole, Qt.TextAlignmentRole)
    for r in range(199_950, 200_000):
        for c in range(7):
            for role in roles:
                model.index(r, c).data(role)
    elapsed = time.perf_counter() - started
    blocks = 7 * 2 + 7  # the first block and the last two blocks of each column touched
    assert len(calls) <= blocks, f"{len(calls)} pandas lookups for {50 * 7 * len(roles)} data() calls"
    assert elapsed < 0.5, f"{50 * 7 * len(roles)} data() calls took {elapsed:.2f}s"

    # Showing a subset (the review page's rows with a finding) is as quick.
    started = time.perf_counter()
    model.set_positions(np.arange(0, 200_000, 2))
    assert model.rowCount() == 100_000
    assert model.index(99_999, 1).data() == "Ann199998"
    assert time.perf_counter() - started < 0.5


def test_records_paint_the_same_with_all_roles_answered_in_one_call(qtbot, tmp_path):
    """multiData answers every role of a cell in one Python call (fewer waits for the interpreter
    lock while a check runs): the table must look exactly as it does answered role by role, with
    problems marked and a record left out (struck out, greyed)."""
    from PySide6.QtCore import QAbstractTableModel
    from PySide6.QtWidgets import QTableView

    class PerRole(RecordsModel):
        def multiData(self, index, span):  # noqa: N802 - Qt's own, one role per call
            QAbstractTableModel.multiData(self, index, span)

    p = tmp_path / "contacts.csv"
    p.write_bytes(b"First Name,Last Name,Email,Phone\n"
                  b"Ann,Lee,ann@x.example,555-0101\n"
                  b",,nobody@x.example,\n"  # no name: a blocker on the record
                  b"Cy,Moe,not an email,=SUM(A1:A2)\n"  # problems in two cells
                  b"Dee,Zed,dee@x.example,555-0102\n")
    s = Session([str(p)])
    s.read()
    s.check()
    rep = s.result.files[0]
    images = []
    for cls in (RecordsModel, PerRole):
        model = cls()
        model.set_table(rep.table, None, rep.mapping.columns)
        gone = np.zeros(rep.table.records, dtype=bool)
        gone[2] = True
        model.set_marks(s.result.index(), gone, np.where(gone, "left out for the test", "").astype(object))
        view = QTableView()
        qtbot.addWidget(view)
        view.setModel(model)
        view.resize(700, 240)
        view.show()
        qtbot.waitExposed(view)
        images.append(view.grab().toImage())
    assert {f.code for f in s.result.findings} >= {"CONTACT_NO_NAME", "CELL_FORMULA"}, "the test needs marked cells"
    assert images[0] == images[1]


def test_column_texts_are_the_header_and_the_cells_the_table_shows(tmp_path):
    """The Review page sizes its columns from these: they must be what the view paints."""
    s = small_session(tmp_path)
    rep = s.result.files[0]
    model = RecordsModel()
    model.set_table(rep.table, None, rep.mapping.columns)
    model.set_positions(np.array([3, 1, 0]))  # a group's records, not in file order
    shown = texts(model)
    for c in range(model.columnCount()):
        header = model.headerData(c, Qt.Horizontal, Qt.DisplayRole)
        assert model.column_texts(c, 2) == [header] + [shown[r][c] for r in range(2)]
        assert model.column_texts(c, 30) == [header] + [row[c] for row in shown]  # no more than there are
    assert model.column_texts(0, 30)[1:] == ["5", "3", "2"]  # file row numbers
    model.set_table(None)
    assert len(model.column_texts(0, 30)) == 1  # the header alone
