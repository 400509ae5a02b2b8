"""The whole journey on the demo data: the real wizard, from the welcome page to a verified bundle."""

from __future__ import annotations

import csv
import io

import pyzipper
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QTest

from app.core.bundle import verify_bundle
from app.gui.wizard import PageId

TIME = "Time Entries Export 2026-11-20.csv"
CONTACTS = "Contacts Export 2026-11-20.csv"

DEMO_KINDS = {
    "Accounts Receivable 2026-11-20.csv": "ar_balances",
    "Call Logs Export 2026-11-20.csv": "communications",
    "Contact Notes Export 2026-11-20.csv": "contact_notes",
    CONTACTS: "contacts",
    "Emails Export 2026-11-20.csv": "communications",
    "Events Export 2026-11-20.csv": "calendar_entries",
    "Expenses Export 2026-11-20.csv": "expense_entries",
    "Invoices Export 2026-11-20.csv": "not_migratable",
    "Matter Notes Export 2026-11-20.csv": "matter_notes",
    "Matter Related Contacts Export 2026-11-20.csv": "related_contacts",
    "Matters Export 2026-11-20.csv": "matters",
    "Tasks Export 2026-11-20.csv": "tasks",
    TIME: "time_entries",
    "Trust Balances by Matter 2026-11-20.csv": "trust_balances",
}


def tree_item(page, code, file=None):
    """The findings tree's item for code (and file)."""
    for i in range(page.tree.topLevelItemCount()):
        top = page.tree.topLevelItem(i)
        if top.data(0, Qt.UserRole)[0] != code:
            continue
        if file is None:
            return top
        for j in range(top.childCount()):
            if top.child(j).data(0, Qt.UserRole) == (code, file):
                return top.child(j)
    return None


def counts(wiz):
    c = wiz.session.result.counts()
    return c["blocker"], len(wiz.session.excluded)


def read_member(path, name):
    with pyzipper.AESZipFile(path) as zf:
        return list(csv.DictReader(io.StringIO(zf.read(name).decode("utf-8-sig"), newline="")))


# The package page calls a deprecated PySide6 overload (pinned by test_package_page_uses_no_deprecated_qt_call):
# let the journey go on past it.
def test_demo_journey_to_a_verified_bundle(qtbot, wizard, flow, dialogs, monkeypatch, tmp_path):
    from app.gui import dialogs as D

    # Welcome: the demo button.
    assert wizard.currentId() == PageId.WELCOME
    welcome = wizard.currentPage()
    qtbot.mouseClick(welcome.demo_btn, Qt.LeftButton)

    # Firm: filled from the demo.
    assert wizard.currentId() == PageId.FIRM
    firm = wizard.currentPage()
    assert firm.name.text() == "Whitmore & Vance LLP (demo)"
    assert firm.region.currentData() == "us"
    assert firm.cutoff.date().toString(Qt.ISODate) == "2026-11-20"
    assert firm.users.rowCount() == 5
    assert firm.users.item(0, 2).text() == "ewhitmore@whitmorevance.example"

    # Files: read on the worker, then listed with their kinds.
    with qtbot.waitSignal(wizard.checked, timeout=20000):
        qtbot.mouseClick(wizard.button(wizard.WizardButton.NextButton), Qt.LeftButton)
    assert wizard.currentId() == PageId.FILES
    flow.idle(wizard)
    files = wizard.currentPage()
    model = files.model
    listed = {model.index(r, 0).data(): model.index(r, 1).data(Qt.EditRole) for r in range(model.rowCount())}
    assert listed == DEMO_KINDS
    labels = {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}
    assert labels["Invoices Export 2026-11-20.csv"] == "Cannot be migrated"
    assert labels[CONTACTS] == "Contacts"
    assert "users.csv" not in listed  # the roster is not an export
    assert "14 file(s)" in files.summary.text()

    # Mapping and people: shown, then on.
    flow.next(wizard, PageId.MAPPING)
    mapping = wizard.currentPage()
    assert mapping.files.count() == 13  # every migratable file
    assert mapping.table.rowCount() > 0
    flow.next(wizard, PageId.PEOPLE)
    people = wizard.currentPage()
    assert people.table.rowCount() > 0
    flow.next(wizard, PageId.REVIEW)
    review = wizard.currentPage()
    flow.idle(wizard)
    start_blockers, start_excluded = counts(wizard)
    assert start_blockers > 0 and start_excluded == 0

    # Fix one blocker: a time entry without a user, typed through the model.
    item = tree_item(review, "ACTIVITY_NO_USER", TIME)
    assert item is not None
    review.tree.setCurrentItem(item)
    f = next(x for x in wizard.session.result.findings if x.code == "ACTIVITY_NO_USER")
    col = review.model._columns.index(f.column) + 1
    row = next(r for r in range(review.model.rowCount()) if review.model.row_number(r) == f.row)
    idx = review.model.index(row, col)
    assert idx.data() == ""
    with qtbot.waitSignal(wizard.checked, timeout=20000):
        assert review.model.setData(idx, "Eleanor Whitmore")
    flow.idle(wizard)
    assert wizard.session.table(TIME).frame[f.column].iloc[int(wizard.session.table(TIME).rows.searchsorted(f.row))] == "Eleanor Whitmore"
    assert not any(x.code == "ACTIVITY_NO_USER" and x.row == f.row for x in wizard.session.result.findings)
    fixed_blockers, _ = counts(wizard)
    assert fixed_blockers == start_blockers - 1

    # Leave a record out, with a reason, through the button.
    item = tree_item(review, "CONTACT_NO_NAME", CONTACTS)
    review.tree.setCurrentItem(item)
    assert review.model.rowCount() == 1
    drop_row = review.model.row_number(0)
    review.view.selectionModel().setCurrentIndex(review.model.index(0, 1), QItemSelectionModel.ClearAndSelect)
    asked = []
    monkeypatch.setattr(D, "ask_text", lambda *a, **k: asked.append(a) or "empty record, nobody to migrate")
    assert review.exclude_btn.isEnabled()
    with qtbot.waitSignal(wizard.checked, timeout=20000):
        qtbot.mouseClick(review.exclude_btn, Qt.LeftButton)
    flow.idle(wizard)
    assert asked
    assert wizard.session.excluded == {(CONTACTS, drop_row): "empty record, nobody to migrate"}
    after_exclude = counts(wizard)
    assert after_exclude == (fixed_blockers - 1, 1)
    assert "Excluded records: 1" in review.counts.text()

    # Undo and redo with the wizard's shortcuts.
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    with qtbot.waitSignal(wizard.checked, timeout=20000):
        QTest.keyClick(wizard, Qt.Key_Z, Qt.ControlModifier)
    flow.idle(wizard)
    assert counts(wizard) == (fixed_blockers, 0)
    assert "Excluded records: 0" in review.counts.text()
    with qtbot.waitSignal(wizard.checked, timeout=20000):
        QTest.keyClick(wizard, Qt.Key_Z, Qt.ControlModifier)
    flow.idle(wizard)
    assert counts(wizard) == (start_blockers, 0)
    assert wizard.session.table(TIME).frame[f.column].iloc[int(wizard.session.table(TIME).rows.searchsorted(f.row))] == ""
    assert not review.undo_btn.isEnabled() and review.redo_btn.isEnabled()
    with qtbot.waitSignal(wizard.checked, timeout=20000):
        QTest.keyClick(wizard, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    flow.idle(wizard)
    assert counts(wizard) == (fixed_blockers, 0)
    with qtbot.waitSignal(wizard.checked, timeout=20000):
        QTest.keyClick(wizard, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    flow.idle(wizard)
    assert counts(wizard) == after_exclude
    assert not wizard.session.log.can_redo()
    assert review.undo_btn.isEnabled() and not review.redo_btn.isEnabled()

    # Package: write the bundle to tmp_path.
    flow.next(wizard, PageId.PACKAGE)
    package = wizard.currentPage()
    flow.idle(wizard)
    assert package.table.rowCount() > 0
    target = tmp_path / "out" / "bundle.zip"
    target.parent.mkdir()
    package.path.setText(str(target))
    qtbot.mouseClick(package.build, Qt.LeftButton)
    flow.idle(wizard, timeout=60000)
    assert dialogs.errors == []
    assert target.exists()
    assert "written and verified" in package.result.text()
    assert package.open_folder.isEnabled()
    verdict = verify_bundle(target)
    assert verdict.ok, verdict.problems

    changes = read_member(target, "changes.csv")
    assert any(c["file"] == TIME and c["row"] == str(f.row) and c["column"] == f.column and c["old_value"] == ""
               and c["new_value"] == "Eleanor Whitmore" for c in changes), changes
    excluded = read_member(target, "excluded.csv")
    assert {"file": CONTACTS, "row": str(drop_row), "reason": "empty record, nobody to migrate"} in excluded
    assert [p for p in tmp_path.joinpath("out").iterdir()] == [target]  # nothing half-written left beside it
