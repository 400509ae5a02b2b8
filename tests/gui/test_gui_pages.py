"""Each page on its own: firm, files, mapping, people, review."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

from app.core import fields as F
from app.core.resources import resource_path
from app.gui.wizard import PageId

DEMO = resource_path("demo")
CONTACTS = "Contacts Export 2026-11-20.csv"
TIME = "Time Entries Export 2026-11-20.csv"


def codes(wiz, file=None) -> Counter:
    return Counter(f.code for f in wiz.session.result.findings if file is None or f.file == file)


def report(wiz, path):
    return next(r for r in wiz.session.result.files if r.path == path)


def start_new(wiz, monkeypatch) -> None:
    """A new migration, on the Files page (no Clio users yet: the user says carry on)."""
    from app.gui import dialogs as D

    asked = []
    monkeypatch.setattr(D, "ask_yes_no", lambda parent, title, text: asked.append(title) or True)
    wiz.new_migration()
    wiz.next()
    wiz.next()
    assert wiz.currentId() == PageId.FILES
    assert asked == ["No Clio users yet"]


# --------------------------------------------------------------------------------------------
# Firm


def test_firm_paste_users_from_the_clipboard(qtbot, wizard, flow):
    wizard.new_migration()
    wizard.next()
    assert wizard.currentId() == PageId.FIRM
    page = wizard.currentPage()
    assert page.users.rowCount() == 0
    page.name.setText("Harbor & Pine LLP")
    QGuiApplication.clipboard().setText(
        "First name\tLast name\tEmail\tInitials\n"  # a header row copied along is skipped
        "Ada\tMorgan\tada@harborpine.example\tAM\n"
        "Ben\tOkafor\tben@harborpine.example\tBO\r\n"
        "\n"
        "Cleo\tVasquez\n")  # a short row: the rest left blank
    qtbot.mouseClick(page.paste_users, Qt.LeftButton)
    assert page.users.rowCount() == 3
    assert [page.users.item(1, c).text() for c in range(4)] == ["Ben", "Okafor", "ben@harborpine.example", "BO"]
    assert [page.users.item(2, c).text() for c in range(4)] == ["Cleo", "Vasquez", "", ""]

    assert page.validatePage()
    roster = wizard.session.roster
    assert [(u.first_name, u.last_name, u.email, u.initials) for u in roster.users] == [
        ("Ada", "Morgan", "ada@harborpine.example", "AM"),
        ("Ben", "Okafor", "ben@harborpine.example", "BO"),
        ("Cleo", "Vasquez", "", ""),
    ]
    assert roster.match("AM").full_name == "Ada Morgan"
    assert wizard.session.firm.name == "Harbor & Pine LLP"


def test_firm_paste_of_nothing_says_so(qtbot, wizard, dialogs):
    wizard.new_migration()
    wizard.next()
    page = wizard.currentPage()
    QGuiApplication.clipboard().setText("just some words")
    qtbot.mouseClick(page.paste_users, Qt.LeftButton)
    assert page.users.rowCount() == 0
    assert [t for t, _ in dialogs.infos] == ["Nothing to paste"]


# --------------------------------------------------------------------------------------------
# Files


@pytest.fixture
def mixed_folder(tmp_path):
    d = tmp_path / "exports"
    d.mkdir()
    (d / "contacts.csv").write_bytes(b"First Name,Last Name,Email,Phone\n"
                                     b"Ann,Lee,ann@x.example,555-0101\nBob,Ray,bob@x.example,555-0102\n")
    (d / "invoices.csv").write_bytes(b"Invoice Number,Invoice Date,Client,Matter,Total,Balance Due\n"
                                     b"1001,01/02/2026,Ann Lee,Lee - Divorce,1200.00,0.00\n"
                                     b"1002,02/02/2026,Bob Ray,Ray - Estate,800.00,200.00\n")
    (d / "broken.csv").write_bytes(bytes(range(256)) * 12)  # binary, named .csv
    return d


def files_row(model, name) -> int:
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)


def test_files_page_explains_what_cannot_be_migrated_or_read(qtbot, wizard, flow, dialogs, monkeypatch, mixed_folder):
    from app.gui import dialogs as D

    start_new(wizard, monkeypatch)
    page = wizard.currentPage()
    assert not page.isComplete()
    monkeypatch.setattr(D, "choose_folder", lambda *a, **k: str(mixed_folder))
    with qtbot.waitSignal(wizard.checked, timeout=20000):
        qtbot.mouseClick(page.add_folder, Qt.LeftButton)
    flow.idle(wizard)
    assert wizard.session.paths == [str(mixed_folder)]
    model = page.model
    assert sorted(model.index(r, 0).data() for r in range(model.rowCount())) == ["broken.csv", "contacts.csv", "invoices.csv"]
    assert page.isComplete()

    inv = files_row(model, "invoices.csv")
    assert model.index(inv, 1).data() == "Cannot be migrated"
    assert model.index(inv, 6).data() == "Clio cannot take this file"
    reason = report(wizard, "invoices.csv").detection.not_migratable_reason
    assert "Invoices" in reason and "cannot be migrated" in reason
    assert model.index(inv, 1).data(Qt.ToolTipRole) == reason
    page.view.selectRow(inv)
    assert "Clio cannot migrate this file" in page.explain.text() and reason in page.explain.text()

    bad = files_row(model, "broken.csv")
    error = report(wizard, "broken.csv").table.error
    assert error and "binary" in error
    assert model.index(bad, 6).data() == "Cannot be read"
    assert model.index(bad, 5).data() == ""
    assert model.index(bad, 0).data(Qt.ToolTipRole) == error
    assert not model.flags(model.index(bad, 1)) & Qt.ItemIsEditable  # nothing to choose for an unreadable file
    page.view.selectRow(bad)
    assert "cannot be read" in page.explain.text() and error in page.explain.text()
    assert page.preview_model.rowCount() == 0

    good = files_row(model, "contacts.csv")
    assert model.index(good, 1).data() == "Contacts"
    page.view.selectRow(good)
    assert page.preview_model.rowCount() == 2
    preview = page.preview_model
    header = [preview.headerData(c, Qt.Horizontal) for c in range(preview.columnCount())]
    assert header == ["Row", "First Name", "Last Name", "Email", "Phone"]
    assert [preview.index(0, c).data() for c in range(5)] == ["2", "Ann", "Lee", "ann@x.example", "555-0101"]
    assert preview.headerData(3, Qt.Horizontal, Qt.ToolTipRole) == "Goes to Clio's field 'email_address'"
    assert dialogs.errors == []


def test_files_page_changing_a_files_kind_rechecks(qtbot, wizard, flow, monkeypatch, mixed_folder):
    start_new(wizard, monkeypatch)
    page = wizard.currentPage()
    with qtbot.waitSignal(wizard.checked, timeout=20000):
        page.add_paths([str(mixed_folder)])
    flow.idle(wizard)
    model = page.model
    row = files_row(model, "invoices.csv")
    idx = model.index(row, 1)
    assert idx.data(Qt.EditRole) == "not_migratable"
    assert codes(wizard, "invoices.csv")["FILE_NOT_MIGRATABLE"] == 1

    # The delegate's dropdown, as a double-click on 'Holds' opens it.
    editor = page.delegate.createEditor(page.view.viewport(), QStyleOptionViewItem(), idx)
    assert isinstance(editor, QComboBox) and editor.accessibleName()
    page.delegate.setEditorData(editor, idx)
    assert editor.currentData() == "not_migratable"
    editor.setCurrentIndex(editor.findData("ar_balances"))
    with qtbot.waitSignal(wizard.checked, timeout=20000):
        page.delegate.setModelData(editor, model, idx)
    flow.idle(wizard)
    editor.deleteLater()

    row = files_row(model, "invoices.csv")
    assert model.index(row, 1).data(Qt.EditRole) == "ar_balances"
    assert model.index(row, 1).data() == "A/R balances" or "balance" in model.index(row, 1).data().lower()
    assert wizard.session.settings["invoices.csv"].data_type == "ar_balances"
    assert report(wizard, "invoices.csv").prepared is not None
    assert codes(wizard, "invoices.csv")["FILE_NOT_MIGRATABLE"] == 0
    assert wizard.session.log.done[-1].setting["key"] == "data_type"

    # and back, through the wizard's undo
    with qtbot.waitSignal(wizard.checked, timeout=20000):
        wizard.undo()
    flow.idle(wizard)
    assert model.index(files_row(model, "invoices.csv"), 1).data(Qt.EditRole) == "not_migratable"


# --------------------------------------------------------------------------------------------
# Mapping


def mapping_row(page, column) -> int:
    return next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == column)


def choose_file(page, path) -> None:
    for i in range(page.files.count()):
        if page.files.item(i).data(Qt.UserRole) == path:
            page.files.setCurrentRow(i)
            return
    raise AssertionError(f"{path} is not on the mapping page")


def test_mapping_keep_as_custom_field_unmaps_the_column(qtbot, demo_on_files, flow):
    wiz = demo_on_files
    flow.next(wiz, PageId.MAPPING)
    page = wiz.currentPage()
    choose_file(page, CONTACTS)
    assert report(wiz, CONTACTS).mapping.columns["Contact: Email"] == "email_address"
    row = mapping_row(page, "Contact: Email")
    box = page.table.cellWidget(row, 2)
    assert box.currentData() == "email_address"
    assert box.accessibleName() == "Clio field for Contact: Email"
    assert codes(wiz, CONTACTS)["FIELD_CONTENT_MISMATCH"] >= 1

    with qtbot.waitSignal(wiz.checked, timeout=20000):
        box.setCurrentIndex(box.findText("(keep as a custom field)"))
    flow.idle(wiz)
    rep = report(wiz, CONTACTS)
    assert "Contact: Email" not in rep.mapping.columns
    assert "email_address" not in rep.mapping.columns.values()
    assert wiz.session.settings[CONTACTS].mapping["Contact: Email"] == ""
    # the page shows the new state (the rows were rebuilt from the new result)
    assert page.table.cellWidget(mapping_row(page, "Contact: Email"), 2).currentData() == ""
    assert page.table.item(mapping_row(page, "Contact: Email"), 3).text() == ""
    # the phone number typed in the email field is no longer an email problem
    assert not any(f.code == "FIELD_CONTENT_MISMATCH" and f.column == "Contact: Email" for f in wiz.session.result.findings)


@pytest.fixture
def matters_folder(tmp_path):
    d = tmp_path / "matters"
    d.mkdir()
    (d / "matters.csv").write_bytes(b"Matter Name,Client,Status,Open Date\n"
                                    b"Lee - Divorce,Ann Lee,Open,01/22/2026\n"
                                    b"Ray - Estate,Bob Ray,Archived,02/23/2026\n"
                                    b"Ray - Will,Bob Ray,Shelved,03/24/2026\n"
                                    b"Lee - House,Ann Lee,Shelved,03/25/2026\n")
    (d / "contacts.csv").write_bytes(b"First Name,Last Name,Email\nAnn,Lee,ann@x.example\nBob,Ray,bob@x.example\n")
    return d


def value_row(page, value) -> int:
    return next(r for r in range(page.values.rowCount()) if page.values.item(r, 0).text() == value)


def test_mapping_value_map_for_matter_status(qtbot, wizard, flow, monkeypatch, matters_folder):
    start_new(wizard, monkeypatch)
    with qtbot.waitSignal(wizard.checked, timeout=20000):
        wizard.currentPage().add_paths([str(matters_folder)])
    flow.next(wizard, PageId.MAPPING)
    page = wizard.currentPage()
    choose_file(page, "matters.csv")
    assert not page.values_box.isHidden()
    unmapped = [f for f in wizard.session.result.findings if f.code == "MATTER_STATUS_UNMAPPED"]
    assert sorted(f.row for f in unmapped) == [4, 5] and {f.value for f in unmapped} == {"Shelved"}

    # 'Archived' is a status Clio does not have; clio-prep proposes Closed, which the user can see.
    archived = page.values.cellWidget(value_row(page, "Archived"), 2)
    assert archived.currentData() == "Closed"
    shelved = page.values.cellWidget(value_row(page, "Shelved"), 2)
    assert shelved.currentData() == ""
    assert page.values.item(value_row(page, "Shelved"), 1).text() == "2"

    with qtbot.waitSignal(wizard.checked, timeout=20000):
        shelved.setCurrentIndex(shelved.findData("Closed"))
    flow.idle(wizard)
    assert codes(wizard)["MATTER_STATUS_UNMAPPED"] == 0
    assert wizard.session.settings["matters.csv"].value_maps["status"]["shelved"] == "Closed"
    out = report(wizard, "matters.csv").prepared.out
    assert list(out["status"]) == ["Open", "Closed", "Closed", "Closed"]
    # the new choice stays shown
    assert page.values.cellWidget(value_row(page, "Shelved"), 2).currentData() == "Closed"


# --------------------------------------------------------------------------------------------
# People


USER_COLUMNS = {  # the demo's columns that name a firm user
    "Accounts Receivable 2026-11-20.csv": "Assigned To",
    "Call Logs Export 2026-11-20.csv": "User",
    "Emails Export 2026-11-20.csv": "User",
    "Events Export 2026-11-20.csv": "Assigned To",
    "Expenses Export 2026-11-20.csv": "User",
    "Matters Export 2026-11-20.csv": "Assigned To",
    "Tasks Export 2026-11-20.csv": "Assigned To",
    TIME: "User",
}


def demo_user_values() -> Counter:
    c: Counter = Counter()
    for name, col in USER_COLUMNS.items():
        with open(DEMO / name, encoding="utf-8-sig", newline="") as fh:
            c.update(r[col].strip() for r in csv.DictReader(fh))
    return c


def test_people_page_lists_values_and_assigns_a_user(qtbot, demo_on_files, flow):
    wiz = demo_on_files
    flow.walk_to(wiz, PageId.PEOPLE)
    page = wiz.currentPage()
    expected = demo_user_values()
    shown = {page.table.item(r, 0).text(): int(page.table.item(r, 1).text().replace(",", "")) for r in range(page.table.rowCount())}
    assert shown == {(v or "(blank: nobody)"): n for v, n in expected.items()}
    assert page.table.rowCount() == len(expected) == 7
    counts_in_order = [int(page.table.item(r, 1).text().replace(",", "")) for r in range(page.table.rowCount())]
    assert counts_in_order == sorted(counts_in_order, reverse=True)  # most records first

    r = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "Temp Paralegal")
    assert page.table.item(r, 1).text() == "2"
    assert "Time entries" in page.table.item(r, 2).text() or "time" in page.table.item(r, 2).text().lower()
    box = page.table.cellWidget(r, 3)
    assert box.currentData() == ""  # no match on the roster
    assert box.accessibleName() == "Clio user for Temp Paralegal"
    assert "not yet matched" in page.summary.text()
    assert codes(wiz)["USER_NOT_ON_ROSTER"] == 2
    # the users already on the roster are matched by name
    r_ing = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "Ingrid Solberg")
    assert page.table.cellWidget(r_ing, 3).currentData() == "Ingrid Solberg"

    with qtbot.waitSignal(wiz.checked, timeout=20000):
        box.setCurrentIndex(box.findData("Ingrid Solberg"))
    flow.idle(wiz)
    assert codes(wiz)["USER_NOT_ON_ROSTER"] == 0
    assert wiz.session.roster.overrides["Temp Paralegal"] == "Ingrid Solberg"
    r = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "Temp Paralegal")
    assert page.table.cellWidget(r, 3).currentData() == "Ingrid Solberg"
    assert page.table.cellWidget(r, 3).toolTip() == "Chosen by you"


def test_people_page_with_many_values_fills_its_drop_downs_a_few_at_a_time(qtbot, demo_on_files, flow):
    """Seventy user values are seventy drop-down lists (about 1 ms each): the first rows come at
    once and the rest between events, so the window never freezes; a refresh meanwhile replaces
    them all, and no row is left without its list."""
    wiz = demo_on_files
    flow.walk_to(wiz, PageId.PEOPLE)
    page = wiz.currentPage()
    many = [(f"Former Clerk {i}", 500 - i, ["Time entries"]) for i in range(80)]
    page.people = lambda: many
    page._refresh()
    assert page.table.rowCount() == 80
    assert all(page.table.cellWidget(r, 3) is not None for r in range(8))  # the top of the table at once
    assert page.table.cellWidget(79, 3) is None  # not yet: it comes between events
    assert "80 different values" in page.summary.text()  # the summary counts every value at once
    fewer = [(f"Visiting Partner {i}", 90 - i, ["Time entries"]) for i in range(30)]
    page.people = lambda: fewer
    page._refresh()  # before the first fill is done
    qtbot.waitUntil(lambda: page.table.cellWidget(29, 3) is not None, timeout=5000)
    qtbot.wait(50)
    assert page.table.rowCount() == 30
    assert [page.table.cellWidget(r, 3).accessibleName() for r in range(30)] == [f"Clio user for Visiting Partner {i}" for i in range(30)]
    assert all(page.table.cellWidget(r, 3).currentData() == "" for r in range(30))  # nobody of that name on the roster
    page.people = lambda: many
    page._refresh()
    qtbot.waitUntil(lambda: page.table.cellWidget(79, 3) is not None, timeout=5000)  # left alone, every row comes
    assert [page.table.cellWidget(r, 3).accessibleName() for r in range(80)] == [f"Clio user for Former Clerk {i}" for i in range(80)]


# --------------------------------------------------------------------------------------------
# Review


def tree_counts(page) -> dict[str, int]:
    out = {}
    for i in range(page.tree.topLevelItemCount()):
        top = page.tree.topLevelItem(i)
        code = top.data(0, Qt.UserRole)[0]
        out[code] = int(top.text(1).replace(",", ""))
        assert sum(int(top.child(j).text(1).replace(",", "")) for j in range(top.childCount())) == out[code]
    return out


def tree_item(page, code):
    for i in range(page.tree.topLevelItemCount()):
        top = page.tree.topLevelItem(i)
        if top.data(0, Qt.UserRole)[0] == code:
            return top
    raise AssertionError(f"{code} is not in the tree")


def test_review_tree_and_merging_duplicates(qtbot, demo_on_files, flow, monkeypatch):
    from app.gui import dialogs as D
    from app.gui.merge_dialog import MergeDialog

    wiz = demo_on_files
    flow.walk_to(wiz, PageId.REVIEW)
    page = wiz.currentPage()
    assert tree_counts(page) == dict(codes(wiz))
    assert tree_counts(page)["ACTIVITY_BILLED"] == 235
    # blockers first
    sev = {f.code: f.severity for f in wiz.session.result.findings}
    order = [sev[page.tree.topLevelItem(i).data(0, Qt.UserRole)[0]] for i in range(page.tree.topLevelItemCount())]
    assert order == sorted(order, key=["blocker", "warning", "info"].index)
    assert page.tree.topLevelItem(0).toolTip(0).endswith("will not import")


    page.tree.setCurrentItem(tree_item(page, "DUPLICATE_CONTACT"))
    assert page.model.rowCount() == 2
    dup = next(f for f in wiz.session.result.findings if f.code == "DUPLICATE_CONTACT" and f.row == page.model.row_number(0))
    page.view.selectionModel().setCurrentIndex(page.model.index(0, 1), QItemSelectionModel.ClearAndSelect)
    assert page.merge_btn.isEnabled()

    shown = []

    def accept(dlg):
        assert isinstance(dlg, MergeDialog)
        shown.append(dlg)
        return True

    monkeypatch.setattr(D, "run_dialog", accept)
    with qtbot.waitSignal(wiz.checked, timeout=20000):
        qtbot.mouseClick(page.merge_btn, Qt.LeftButton)
    flow.idle(wiz)
    assert len(shown) == 1
    reason = wiz.session.excluded[(CONTACTS, dup.row)]
    assert reason.startswith(f"merged into row {dup.related['row']}")
    assert wiz.session.log.done[-1].kind == "merge_contacts"
    assert not any(f.code == "DUPLICATE_CONTACT" and f.row == dup.row for f in wiz.session.result.findings)
    assert tree_counts(page).get("DUPLICATE_CONTACT") == 1
    assert "Excluded records: 1" in page.counts.text()


def test_review_choosing_the_duplicate_group_enables_merge(demo_on_files, flow):
    wiz = demo_on_files
    flow.walk_to(wiz, PageId.REVIEW)
    page = wiz.currentPage()
    page.tree.setCurrentItem(tree_item(page, "CONTACT_NO_NAME").child(0))
    assert not page.merge_btn.isEnabled()
    page.tree.setCurrentItem(tree_item(page, "DUPLICATE_CONTACT").child(0))
    assert page.merge_btn.isEnabled()
    page.tree.setCurrentItem(tree_item(page, "CONTACT_NO_NAME").child(0))
    assert not page.merge_btn.isEnabled()


def test_review_merge_cancelled_changes_nothing(qtbot, demo_on_files, flow, monkeypatch):
    from app.gui import dialogs as D

    wiz = demo_on_files
    flow.walk_to(wiz, PageId.REVIEW)
    page = wiz.currentPage()
    page.tree.setCurrentItem(tree_item(page, "DUPLICATE_CONTACT"))
    page.view.selectionModel().setCurrentIndex(page.model.index(0, 1), QItemSelectionModel.ClearAndSelect)
    monkeypatch.setattr(D, "run_dialog", lambda dlg: False)
    qtbot.mouseClick(page.merge_btn, Qt.LeftButton)
    assert not wiz.runner.busy
    assert wiz.session.excluded == {}
    assert not wiz.session.log.done


def test_review_search_runs_on_a_worker_and_keeps_only_matching_records(qtbot, demo_on_files, flow):
    wiz = demo_on_files
    flow.walk_to(wiz, PageId.REVIEW)
    page = wiz.currentPage()
    page.tree.setCurrentItem(tree_item(page, "ACTIVITY_BILLED").child(0))
    page.show_all.setChecked(True)
    everything = page.model.rowCount()
    t = page.model.table
    word = str(t.frame[t.columns[0]].iloc[3]).strip()
    expected = sum(1 for i in range(t.records) if any(word.lower() in str(t.frame[c].iloc[i]).lower() for c in t.columns))
    assert 0 < expected < everything
    page.search.setText(word)
    qtbot.waitUntil(lambda: page.model.rowCount() == expected, timeout=10000)
    assert all(any(word.lower() in (page.model.data(page.model.index(r, c)) or "").lower() for c in range(1, page.model.columnCount()))
               for r in range(page.model.rowCount()))
    assert not wiz.runner.busy  # the search did not take the wizard's worker (a check would have been cancelled)
    page.search.setText("")
    qtbot.waitUntil(lambda: page.model.rowCount() == everything, timeout=10000)


def test_records_show_while_the_check_still_runs(qtbot, wizard, flow, monkeypatch):
    """After reading, the files, the mapping, the users and the records are on screen at once;
    the problems follow when the check is done (a million records are checked for seconds)."""
    import threading

    from app.core.session import Session

    gate = threading.Event()
    real_check = Session.check

    def slow_check(self, *a, **k):
        assert gate.wait(20)
        return real_check(self, *a, **k)

    monkeypatch.setattr(Session, "check", slow_check)
    with qtbot.waitSignal(wizard.analysed, timeout=20000):
        wizard.load_demo()
        wizard.next()  # welcome -> firm
        wizard.next()  # firm -> files: reads the demo, then checks it
    try:
        assert wizard.runner.busy and wizard.session.result is None
        for expected in (PageId.MAPPING, PageId.PEOPLE, PageId.REVIEW):
            qtbot.waitUntil(wizard.currentPage().isComplete, timeout=5000)
            wizard.next()
            assert wizard.currentId() == expected
        page = wizard.currentPage()
        biggest = max((r for r in wizard.preview.files if r.data_type in F.DATA_TYPES), key=lambda r: r.table.records)
        assert page.model.table is biggest.table and page.model.rowCount() == biggest.table.records
        first = {page.model.data(page.model.index(0, c)) for c in range(1, page.model.columnCount())}
        assert str(biggest.table.frame[biggest.table.columns[0]].iloc[0]) in first
        assert "Checking the records" in page.counts.text() and page.tree.topLevelItem(0).text(0).startswith("Checking")
        assert not page.exclude_btn.isEnabled() and not page.isComplete()  # edits and packaging wait for the check
        assert wizard.page(PageId.PEOPLE).people()  # the users to match were listed from the files as read
    finally:
        gate.set()
    with qtbot.waitSignal(wizard.checked, timeout=20000):
        pass
    flow.idle(wizard)
    assert wizard.preview is None and wizard.session.result is not None
    assert tree_counts(page) == dict(codes(wizard))
    assert page.isComplete()
