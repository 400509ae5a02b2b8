"""Findings (SPEC section 3): code, severity, file, row (as a spreadsheet shows it) and column.

Each scenario is a small export made to contain one problem; it is checked once as a plain CSV
(header on row 1) and once as a report with two title lines above the header (rows shift by 2).
The finding must appear exactly where expected and nowhere else.
"""

from __future__ import annotations

import pytest
from exports_kit import SPEC_CODES, check, one, only, out, report, summary, where, write_csv, write_roster

TITLES = ["Holloway Law LLP", "Export run 04/01/2021 08:15"]

CONTACTS_H = ["Given Name", "Surname", "Organisation", "E-mail", "Phone"]
MATTERS_H = ["Matter No", "Matter Description", "Client", "Status", "Date Opened", "Responsible Lawyer"]
TIME_H = ["Timekeeper", "Work Date", "Hrs", "Narrative", "Client Matter", "Rate"]

CLEAN_CONTACTS = [
    ["Eleanor", "Whitfield", "", "eleanor.whitfield@example.com", "617-555-0101"],
    ["", "", "Brightwater Marine LLC", "ap@brightwater.example", "617-555-0199"],
    ["Owen", "Fletcher", "", "owen.fletcher@example.com", "617-555-0142"],
]
CLEAN_MATTERS = [
    ["1001", "Whitfield Estate", "Whitfield, Eleanor", "Open", "03/15/2021", "MH"],
    ["1002", "Marine lease", "Brightwater Marine LLC", "Closed", "03/16/2021", "Daniel Okafor"],
    ["1003", "Fletcher v. Dane", "1234 - Owen Fletcher", "Pending", "03/17/2021", "DO"],
]


@pytest.fixture(params=[0, 2], ids=["plain", "2-title-lines"])
def shift(request):
    return request.param


@pytest.fixture
def roster(tmp_path):
    return write_roster(tmp_path / "users.csv")


def _write(folder, files, shift):
    for name, (header, rows) in files.items():
        write_csv(folder / name, header, rows, title_lines=TITLES[:shift])


# code -> (files, [(file, base row, column)], severity). Base rows are for a plain CSV.
SCENARIOS = {
    "CONTACT_NO_NAME": (
        {"people.csv": (CONTACTS_H, CLEAN_CONTACTS + [["", "", "", "nobody@example.com", "617-555-0100"]])},
        [("people.csv", 5, "Given Name")], "blocker"),
    "FIELD_CONTENT_MISMATCH": (
        {"people.csv": (CONTACTS_H, [
            ["Eleanor", "Whitfield", "", "617-555-0101", ""],  # phone in the email field
            ["Owen", "Fletcher", "", "owen@example.com", "owen.f@example.com"],  # email in the phone field
            ["Northgate Holdings LLC", "", "", "info@northgate.example", ""],  # company in a person's name field
            ["Ruth", "Donnelly", "", "ruth@example.com", "617-555-0102"],
        ])},
        [("people.csv", 2, "E-mail"), ("people.csv", 3, "Phone"), ("people.csv", 4, "Given Name")], "warning"),
    "MATTER_NO_DESCRIPTION": (
        {"matters.csv": (MATTERS_H, CLEAN_MATTERS + [["1004", "", "Owen Fletcher", "Open", "03/18/2021", "MH"]])},
        [("matters.csv", 5, "Matter Description")], "warning"),
    "MATTER_NO_CLIENT": (
        {"matters.csv": (MATTERS_H, [CLEAN_MATTERS[0], ["1004", "Pro bono clinic", "", "Open", "03/18/2021", "MH"]])},
        [("matters.csv", 3, "Client")], "warning"),
    "MATTER_CLIENT_UNKNOWN": (
        {"people.csv": (CONTACTS_H, CLEAN_CONTACTS),
         "matters.csv": (MATTERS_H, CLEAN_MATTERS + [["1004", "Zeta contract", "Zeta Corp", "Open", "03/18/2021", "MH"]])},
        [("matters.csv", 5, "Client")], "warning"),
    "MATTER_STATUS_UNMAPPED": (
        {"matters.csv": (MATTERS_H, CLEAN_MATTERS + [["1004", "Odd one", "Owen Fletcher", "Under Review", "03/18/2021", "MH"]])},
        [("matters.csv", 5, "Status")], "blocker"),
    "DUPLICATE_MATTER_NUMBER": (
        {"matters.csv": (MATTERS_H, CLEAN_MATTERS + [["1002", "Second lease", "Owen Fletcher", "Open", "03/18/2021", "MH"]])},
        [("matters.csv", 5, "Matter No")], "blocker"),
    "ACTIVITY_NO_USER": (
        {"timesheet.csv": (TIME_H, [["MH", "03/15/2021", "1.5", "Drafted will", "1001", "250"],
                                    ["", "03/15/2021", "0.5", "Call", "1001", "250"]])},
        [("timesheet.csv", 3, "Timekeeper")], "blocker"),
    "ACTIVITY_UNKNOWN_MATTER": (
        {"matters.csv": (MATTERS_H, CLEAN_MATTERS),
         "timesheet.csv": (TIME_H, [["MH", "03/15/2021", "1.5", "Drafted will", "1001", "250"],
                                    ["DO", "03/15/2021", "0.5", "Call", "9999", "250"]])},
        [("timesheet.csv", 3, "Client Matter")], "blocker"),
    "ACTIVITY_BAD_NUMBER": (
        {"timesheet.csv": (TIME_H, [["MH", "03/15/2021", "1.5", "Drafted will", "1001", "250"],
                                    ["MH", "03/16/2021", "an hour", "Call", "1001", "250"],
                                    ["MH", "03/17/2021", "1.0", "Meeting", "1001", ""]])},
        [("timesheet.csv", 3, "Hrs"), ("timesheet.csv", 4, "Rate")], "blocker"),
    "ACTIVITY_BILLED": (
        {"timesheet.csv": (TIME_H + ["Billed"], [["MH", "03/15/2021", "1.5", "Drafted will", "1001", "250", "No"],
                                                 ["MH", "03/16/2021", "0.5", "Call", "1001", "250", "Yes"]])},
        [("timesheet.csv", 3, "Billed")], "info"),
    "TASK_NO_ASSIGNEE": (
        {"tasks.csv": (["Task Name", "Due Date", "Assigned To", "Task Status"],
                       [["File petition", "04/02/2021", "MH", "Not Started"], ["Call client", "04/03/2021", "", "Not Started"]])},
        [("tasks.csv", 3, "Assigned To")], "blocker"),
    "CALENDAR_NO_START": (
        {"calendar.csv": (["Event Title", "Start Date", "Start Time", "End Date", "End Time", "Calendar Owner"],
                          [["Hearing", "04/02/2021", "9:00 AM", "04/02/2021", "10:00 AM", "MH"],
                           ["Deposition", "", "9:00 AM", "", "10:00 AM", "MH"]])},
        [("calendar.csv", 3, "Start Date")], "blocker"),
    "CALENDAR_NO_CALENDAR": (
        {"calendar.csv": (["Event Title", "Start Date", "Start Time", "End Date", "End Time", "Calendar Owner"],
                          [["Hearing", "04/02/2021", "9:00 AM", "04/02/2021", "10:00 AM", "MH"],
                           ["Meeting", "04/05/2021", "9:00 AM", "04/05/2021", "10:00 AM", ""]])},
        [("calendar.csv", 3, "Calendar Owner")], "warning"),
    "CONTACT_NOTE_NO_CONTACT": (
        {"contact_notes.csv": (["Contact", "Note Date", "Subject", "Note"],
                               [["Eleanor Whitfield", "03/15/2021", "Intake", "Wants a new will."],
                                ["", "03/16/2021", "Call", "Left a message."]])},
        [("contact_notes.csv", 3, "Contact")], "blocker"),
    "MATTER_NOTE_NO_MATTER": (
        {"matter_notes.csv": (["Matter Number", "Note Date", "Subject", "Note"],
                              [["1001", "03/15/2021", "Inventory", "Bank accounts listed."],
                               ["", "03/16/2021", "Call", "Left a message."]])},
        [("matter_notes.csv", 3, "Matter Number")], "blocker"),
    "RELATED_CONTACT_NO_MATTER": (
        {"matter_contacts.csv": (["Matter Number", "Contact Name", "Relationship", "Phone"],
                                 [["1001", "Peter Olsen", "Opposing Counsel", "617-555-0177"],
                                  ["", "Ida Ferrer", "Witness", "617-555-0178"]])},
        [("matter_contacts.csv", 3, "Matter Number")], "blocker"),
    "USER_NOT_ON_ROSTER": (
        {"timesheet.csv": (TIME_H, [["MH", "03/15/2021", "1.5", "Drafted will", "1001", "250"],
                                    ["XQ", "03/16/2021", "0.5", "Call", "1001", "250"]])},
        [("timesheet.csv", 3, "Timekeeper")], "warning"),
    "CELL_FORMULA": (
        {"people.csv": (CONTACTS_H + ["Referral Source"], [
            ["Eleanor", "Whitfield", "", "eleanor@example.com", "+1 617 555 0101", "- see intake form"],
            ["Owen", "Fletcher", "", "owen@example.com", "617-555-0142", '=HYPERLINK("http://evil.example","x")'],
            ["Ruth", "Donnelly", "", "ruth@example.com", "617-555-0102", "@SUM(A1:A9)"],
        ])},
        [("people.csv", 3, "Referral Source"), ("people.csv", 4, "Referral Source")], "warning"),
}


@pytest.mark.parametrize("code", sorted(SCENARIOS))
def test_finding_code_file_row_column(tmp_path, roster, shift, code):
    files, expected, severity = SCENARIOS[code]
    _write(tmp_path / "exports", files, shift)
    result = check(tmp_path / "exports", users=roster)
    found = only(result, code)
    assert where(found) == [(f, row + shift, col) for f, row, col in expected], summary(result)
    assert {f.severity for f in found} == {severity}
    assert all(f.message.strip() for f in found)


def test_scenarios_cover_every_record_level_spec_code():
    file_level = {"FILE_NOT_MIGRATABLE", "FILE_UNREADABLE", "BALANCE_AMBIGUOUS_COLUMN", "INVALID_DATE", "DUPLICATE_CONTACT"}
    assert set(SCENARIOS) | file_level == set(SPEC_CODES)


def test_invalid_date_blocker_for_required_warning_for_optional(tmp_path, shift):
    _write(tmp_path / "ex", {
        "timesheet.csv": (TIME_H, [["MH", "03/15/2021", "1.5", "Drafted will", "1001", "250"],
                                   ["MH", "the 15th", "0.5", "Call", "1001", "250"]]),
        "matters.csv": (MATTERS_H, [["1001", "Whitfield Estate", "Eleanor Whitfield", "Open", "03/15/2021", "MH"],
                                    ["1002", "Marine lease", "Brightwater Marine LLC", "Open", "31/31/2021", "MH"]]),
    }, shift)
    result = check(tmp_path / "ex")
    bad = {(f.file, f.row, f.column): f.severity for f in only(result, "INVALID_DATE")}
    assert bad == {("timesheet.csv", 3 + shift, "Work Date"): "blocker", ("matters.csv", 3 + shift, "Date Opened"): "warning"}


def test_text_in_a_money_field(tmp_path, shift):
    _write(tmp_path / "ex", {"ar_aging.csv": (["Matter", "Balance Due", "As Of", "Responsible Attorney"],
                                              [["1001", "1,250.00", "03/31/2021", "MH"], ["1002", "see file", "03/31/2021", "MH"]])}, shift)
    f = one(check(tmp_path / "ex"), "FIELD_CONTENT_MISMATCH")
    assert (f.severity, f.file, f.row, f.column) == ("warning", "ar_aging.csv", 3 + shift, "Balance Due")


def test_balance_file_with_several_amount_columns(tmp_path):
    write_csv(tmp_path / "ex" / "ar_aging.csv", ["Matter", "Responsible Attorney", "As Of", "Current", "31-60 Days", "61-90 Days", "Total Due"],
              [["1001", "MH", "03/31/2021", "100.00", "50.00", "0.00", "150.00"]])
    result = check(tmp_path / "ex")
    f = one(result, "BALANCE_AMBIGUOUS_COLUMN")
    assert (f.severity, f.file, f.row) == ("warning", "ar_aging.csv", None)
    for col in ("Current", "31-60 Days", "61-90 Days", "Total Due"):
        assert col in f.message
    # No column is guessed for the balance: the user picks.
    assert "price" not in report(result, "ar_aging.csv").mapping.columns.values()


def test_balance_file_with_one_amount_column_is_not_ambiguous(tmp_path):
    write_csv(tmp_path / "ex" / "trust_balances.csv", ["Client Name", "Trust Balance", "Balance Date"],
              [["Owen Fletcher", "5,000.00", "03/31/2021"]])
    result = check(tmp_path / "ex")
    assert not only(result, "BALANCE_AMBIGUOUS_COLUMN")
    assert out(result, "trust_balances.csv", "balance") == ["5000.00"]


def test_trust_file_with_trust_and_operating_columns_is_ambiguous(tmp_path):
    write_csv(tmp_path / "ex" / "trust_balances.csv", ["Client Name", "Trust Balance", "Operating Balance", "Balance Date"],
              [["Owen Fletcher", "5,000.00", "120.00", "03/31/2021"]])
    f = one(check(tmp_path / "ex"), "BALANCE_AMBIGUOUS_COLUMN")
    assert "Trust Balance" in f.message and "Operating Balance" in f.message


@pytest.mark.parametrize("name,content,why", [
    ("empty.csv", b"", "empty"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 200, "Save As"),
    ("damaged.zip", b"PK\x03\x04garbage-not-a-zip", "damaged"),
    ("binary.csv", bytes(range(256)) * 4, "binary"),
])
def test_unreadable_file(tmp_path, name, content, why):
    folder = tmp_path / "ex"
    folder.mkdir()
    (folder / name).write_bytes(content)
    write_csv(folder / "people.csv", CONTACTS_H, CLEAN_CONTACTS)
    result = check(folder)
    f = one(result, "FILE_UNREADABLE")
    assert (f.severity, f.file, f.row, f.column) == ("blocker", name, None, None)
    assert why.lower() in f.message.lower()
    # The readable file next to it is still checked.
    assert report(result, "people.csv").data_type == "contacts"


def test_not_migratable_file_finding(tmp_path):
    write_csv(tmp_path / "ex" / "bills.csv", ["Invoice Number", "Client", "Issue Date", "Amount"],
              [["INV-1001", "Owen Fletcher", "03/31/2021", "1,250.00"]])
    f = one(check(tmp_path / "ex"), "FILE_NOT_MIGRATABLE")
    assert (f.severity, f.file, f.row, f.column) == ("info", "bills.csv", None, None)
    assert "invoice" in f.message.lower()


# --------------------------------------------------------------------------------------------
# Precision: a clean export gives nothing


CLEAN_EXPORT = {
    "contacts.csv": (CONTACTS_H, CLEAN_CONTACTS),
    "matters.csv": (MATTERS_H, CLEAN_MATTERS),
    "matter_contacts.csv": (["Matter Number", "Contact Name", "Relationship", "Phone"],
                            [["1003", "Peter Olsen", "Opposing Counsel", "617-555-0177"]]),
    "tasks.csv": (["Task Name", "Due Date", "Assigned To", "Task Status", "Matter"],
                  [["File motion", "04/02/2021", "MH", "Not Started", "1003"], ["Inventory", "04/09/2021", "Priya Raman", "Completed", "1001"]]),
    "calendar.csv": (["Event Title", "Start Date", "Start Time", "End Date", "End Time", "Location", "Calendar Owner", "Matter"],
                     [["Hearing", "04/02/2021", "9:00 AM", "04/02/2021", "10:00 AM", "Courtroom 3", "MH", "1003"]]),
    "contact_notes.csv": (["Contact", "Note Date", "Subject", "Note"], [["Eleanor Whitfield", "03/15/2021", "Intake", "Discussed"]]),
    "matter_notes.csv": (["Matter Number", "Note Date", "Subject", "Note"], [["1001", "03/15/2021", "Inventory", "Discussed"]]),
    "emails.csv": (["Sender", "Recipients", "Sent Date", "Subject", "Message", "Matter"],
                   [["mholloway@hollowaylaw.com", "eleanor.whitfield@example.com", "03/15/2021", "Your will", "Draft attached.", "1001"]]),
    "timesheet.csv": (TIME_H, [["MH", "03/15/2021", "1.5", "Drafted will", "1001", "250"],
                               ["DO", "03/16/2021", "0:30", "Call with lessor", "Marine lease", "$300.00"]]),
    "expenses.csv": (["Expense Date", "Expense Type", "Cost", "Qty", "Incurred By", "Matter"],
                     [["03/15/2021", "Filing fee", "45.00", "1", "MH", "1003"]]),
    "ar_aging.csv": (["Matter", "Balance Due", "As Of", "Responsible Attorney"], [["1001", "1,250.00", "03/31/2021", "MH"]]),
    "trust_balances.csv": (["Client Name", "Trust Balance", "Balance Date"], [["Owen Fletcher", "5,000.00", "03/31/2021"]]),
}


def test_clean_export_gives_no_findings(tmp_path, roster):
    _write(tmp_path / "ex", CLEAN_EXPORT, 0)
    result = check(tmp_path / "ex", users=roster)
    assert {r.path: r.data_type for r in result.files} == {
        "contacts.csv": "contacts", "matters.csv": "matters", "matter_contacts.csv": "related_contacts", "tasks.csv": "tasks",
        "calendar.csv": "calendar_entries", "contact_notes.csv": "contact_notes", "matter_notes.csv": "matter_notes",
        "emails.csv": "communications", "timesheet.csv": "time_entries", "expenses.csv": "expense_entries",
        "ar_aging.csv": "ar_balances", "trust_balances.csv": "trust_balances",
    }
    assert summary(result) == []


def test_clean_export_with_title_lines_gives_no_spec_findings(tmp_path, roster):
    _write(tmp_path / "ex", CLEAN_EXPORT, 2)
    result = check(tmp_path / "ex", users=roster)
    assert [f for f in result.findings if f.code in SPEC_CODES] == []
    assert all(r.table.header_row == 3 for r in result.files)


# --------------------------------------------------------------------------------------------
# Row numbers as a spreadsheet shows them


def test_rows_count_title_blank_and_multiline_lines(tmp_path):
    f = tmp_path / "ex" / "timesheet.csv"
    f.parent.mkdir()
    f.write_text(
        "Holloway Law LLP\r\n"                                   # 1
        "Time Detail 01/01/2021 - 03/31/2021\r\n"                # 2
        "Timekeeper,Work Date,Hrs,Narrative,Client Matter,Rate\r\n"  # 3
        'MH,03/15/2021,1.5,"Drafted will,\r\nsecond paragraph",1001,250\r\n'  # 4 (one record, two lines)
        "\r\n"                                                   # 5 blank
        "DO,03/16/2021,,Call,1001,250\r\n"                       # 6
        "PR,03/17/2021,1.0,Meeting,1001,250\r\n"                 # 7
        "Total,,3.5,,,\r\n"                                      # 8 total line: not a record
        "Page 1 of 1\r\n",                                       # 9 footer
        encoding="utf-8")
    result = check(tmp_path / "ex")
    rep = report(result, "timesheet.csv")
    assert rep.table.header_row == 3
    assert rep.table.rows.tolist() == [4, 6, 7]
    assert where(x for x in result.findings if x.row is not None) == [("timesheet.csv", 6, "Hrs")]
    assert one(result, "ACTIVITY_BAD_NUMBER").row == 6


def test_skipped_lines_message_reads_well(tmp_path):
    write_csv(tmp_path / "ex" / "timesheet.csv", TIME_H, [["MH", "03/15/2021", "1.5", "Drafted will", "1001", "250"]],
              title_lines=TITLES)
    f = one(check(tmp_path / "ex"), "LINES_SKIPPED")
    assert "2 title lines above the table" in f.message


# --------------------------------------------------------------------------------------------
# Duplicate contacts


def test_duplicate_contact_is_reported_on_the_later_record(tmp_path, shift):
    _write(tmp_path / "ex", {"people.csv": (CONTACTS_H, CLEAN_CONTACTS + [
        ["Eleanor", "Whitfield", "", "Eleanor.Whitfield@example.com", ""],  # same person, email in other case
        ["ELEANOR", " Whitfield ", "", "", "(617) 555-0101"],  # same person, phone written differently
    ])}, shift)
    result = check(tmp_path / "ex")
    dups = only(result, "DUPLICATE_CONTACT")
    assert where(dups) == [("people.csv", 5 + shift, "Surname"), ("people.csv", 6 + shift, "Surname")]
    for f in dups:
        assert f.severity == "warning"
        assert f"row {2 + shift}" in f.message  # names the earlier record
        assert f.related["row"] == 2 + shift and f.related["file"] == "people.csv"


def test_duplicate_company(tmp_path):
    write_csv(tmp_path / "ex" / "people.csv", CONTACTS_H, [
        ["", "", "Brightwater Marine, LLC", "", "617.555.0199"],
        ["Owen", "Fletcher", "", "owen@example.com", ""],
        ["", "", "Brightwater Marine LLC", "", "(617) 555-0199"],
    ])
    f = one(check(tmp_path / "ex"), "DUPLICATE_CONTACT")
    assert (f.file, f.row) == ("people.csv", 4)
    assert "row 2" in f.message


def test_near_duplicate_with_a_typo_and_the_same_email(tmp_path):
    write_csv(tmp_path / "ex" / "people.csv", CONTACTS_H, [
        ["Jonathan", "Parker", "", "jparker@example.com", ""],
        ["Eleanor", "Whitfield", "", "eleanor@example.com", ""],
        ["Jonathon", "Parker", "", "jparker@example.com", ""],
    ])
    f = one(check(tmp_path / "ex"), "DUPLICATE_CONTACT")
    assert (f.severity, f.file, f.row) == ("warning", "people.csv", 4)
    assert "row 2" in f.message
    assert f.related["match"] == "similar"


def test_near_duplicate_short_name_typo(tmp_path):
    write_csv(tmp_path / "ex" / "people.csv", CONTACTS_H, [
        ["Peter", "Olsen", "", "polsen@example.com", ""],
        ["Peter", "Olson", "", "polsen@example.com", ""],
    ])
    f = one(check(tmp_path / "ex"), "DUPLICATE_CONTACT")
    assert f.row == 3


def test_not_duplicates(tmp_path):
    write_csv(tmp_path / "ex" / "people.csv", CONTACTS_H, [
        ["Owen", "Fletcher", "", "fletchers@example.com", ""],  # spouses sharing one email
        ["Ruth", "Fletcher", "", "fletchers@example.com", ""],
        ["Peter", "Olsen", "", "p.olsen@example.com", "617-555-0111"],  # namesakes, different email and phone
        ["Peter", "Olsen", "", "peter.olsen@example.org", "617-555-0112"],
        ["Nora", "Bell", "", "", ""],  # same name, nothing else to compare
        ["Nora", "Bell", "", "", ""],
    ])
    assert not only(check(tmp_path / "ex"), "DUPLICATE_CONTACT")


def test_three_copies_each_name_the_first(tmp_path):
    write_csv(tmp_path / "ex" / "people.csv", CONTACTS_H, [
        ["Nora", "Bell", "", "nora@example.com", "617-555-0101"],
        ["Nora", "Bell", "", "", "617 555 0101"],
        ["Nora", "Bell", "", "nora@example.com", ""],
    ])
    dups = only(check(tmp_path / "ex"), "DUPLICATE_CONTACT")
    assert [f.row for f in dups] == [3, 4]
    assert all("row 2" in f.message for f in dups)


def test_duplicate_contact_across_files(tmp_path):
    write_csv(tmp_path / "ex" / "a_clients.csv", CONTACTS_H, CLEAN_CONTACTS)
    write_csv(tmp_path / "ex" / "b_contacts.csv", ["First Name", "Last Name", "Email"], [
        ["Ida", "Ferrer", "ida@example.com"],
        ["Owen", "Fletcher", "OWEN.FLETCHER@example.com"],
    ])
    f = one(check(tmp_path / "ex"), "DUPLICATE_CONTACT")
    assert (f.file, f.row, f.column) == ("b_contacts.csv", 3, "Last Name")
    assert "a_clients.csv" in f.message and "row 4" in f.message


# --------------------------------------------------------------------------------------------
# References: clients, matters and users


def test_matter_clients_resolved_against_contacts(tmp_path):
    write_csv(tmp_path / "ex" / "people.csv", CONTACTS_H, CLEAN_CONTACTS + [["Jane", "Smith", "", "jane@example.com", ""]])
    write_csv(tmp_path / "ex" / "matters.csv", MATTERS_H, [
        ["1001", "Smith estate", "1234 - Jane Smith", "Open", "03/15/2021", "MH"],
        ["1002", "Smith lease", "Smith, Jane", "Open", "03/15/2021", "MH"],
        ["1003", "Smith trust", "jane smith", "Open", "03/15/2021", "MH"],
        ["1004", "Marine lease", "Brightwater Marine, LLC", "Open", "03/15/2021", "MH"],
        ["1005", "Whitfield will", "Whitfield, Eleanor", "Open", "03/15/2021", "MH"],
        ["1006", "Zeta contract", "Zeta Corp", "Open", "03/15/2021", "MH"],
    ])
    result = check(tmp_path / "ex")
    f = one(result, "MATTER_CLIENT_UNKNOWN")
    assert (f.severity, f.file, f.row, f.column) == ("warning", "matters.csv", 7, "Client")
    assert "Zeta Corp" in f.message
    # Linked matters carry the contact's own spelling, in three parts.
    assert out(result, "matters.csv", "client_first_name")[:3] == ["Jane", "Jane", "Jane"]
    assert out(result, "matters.csv", "client_last_name")[:3] == ["Smith", "Smith", "Smith"]
    assert out(result, "matters.csv", "client_company_name")[3] == "Brightwater Marine LLC"


def test_client_resolved_against_a_full_name_contacts_file(tmp_path):
    write_csv(tmp_path / "ex" / "contacts.csv", ["Name", "Email"], [["Fletcher, Owen", "owen@example.com"],
                                                                   ["Northgate Holdings LLC", "info@northgate.example"]])
    write_csv(tmp_path / "ex" / "matters.csv", MATTERS_H, [["1001", "Lease", "Owen Fletcher", "Open", "03/15/2021", "MH"],
                                                           ["1002", "Supply", "Northgate Holdings LLC", "Open", "03/15/2021", "MH"]])
    assert not only(check(tmp_path / "ex"), "MATTER_CLIENT_UNKNOWN")


def test_client_with_an_ordinary_first_name_resolves(tmp_path):
    write_csv(tmp_path / "ex" / "contacts.csv", ["Name", "Email"], [["Hill, Rosa", "rosa@example.com"]])
    write_csv(tmp_path / "ex" / "matters.csv", MATTERS_H, [["1001", "Hill estate", "Rosa Hill", "Open", "03/15/2021", "MH"]])
    result = check(tmp_path / "ex")
    assert out(result, "contacts.csv", "first_name") == ["Rosa"]
    assert not only(result, "MATTER_CLIENT_UNKNOWN")


def test_no_contacts_file_no_unknown_client(tmp_path):
    write_csv(tmp_path / "ex" / "matters.csv", MATTERS_H, [["1006", "Zeta contract", "Zeta Corp", "Open", "03/15/2021", "MH"]])
    assert not only(check(tmp_path / "ex"), "MATTER_CLIENT_UNKNOWN")


CLIENT_PARTS_H = ["Matter No", "Matter Description", "Client First Name", "Client Last Name", "Client Company", "Status"]


def test_no_client_in_parts_names_a_column(tmp_path):
    write_csv(tmp_path / "ex" / "matters.csv", CLIENT_PARTS_H, [["1001", "Lease", "Owen", "Fletcher", "", "Open"],
                                                               ["1002", "Estate", "", "", "", "Open"]])
    f = one(check(tmp_path / "ex"), "MATTER_NO_CLIENT")
    assert f.row == 3
    assert f.column in CLIENT_PARTS_H


def test_unknown_client_in_parts(tmp_path):
    write_csv(tmp_path / "ex" / "people.csv", CONTACTS_H, CLEAN_CONTACTS)
    write_csv(tmp_path / "ex" / "matters.csv", CLIENT_PARTS_H, [["1001", "Lease", "Owen", "Fletcher", "", "Open"],
                                                               ["1002", "Supply", "", "", "Zeta Corp", "Open"]])
    f = one(check(tmp_path / "ex"), "MATTER_CLIENT_UNKNOWN")
    assert (f.file, f.row) == ("matters.csv", 3)


def test_time_entries_refer_to_matters_by_number_and_description(tmp_path):
    write_csv(tmp_path / "ex" / "matters.csv", MATTERS_H, CLEAN_MATTERS)
    write_csv(tmp_path / "ex" / "timesheet.csv", TIME_H, [
        ["MH", "03/15/2021", "1.0", "a", "1001", "250"],
        ["MH", "03/15/2021", "1.0", "b", "Marine lease", "250"],
        ["MH", "03/15/2021", "1.0", "c", "marine LEASE", "250"],
        ["MH", "03/15/2021", "1.0", "d", "1003 - Fletcher v. Dane", "250"],
        ["MH", "03/15/2021", "1.0", "e", "Whitfield, Eleanor: Whitfield Estate", "250"],
        ["MH", "03/15/2021", "1.0", "f", "2001", "250"],
        ["MH", "03/15/2021", "1.0", "g", "Fletcher appeal", "250"],
    ])
    result = check(tmp_path / "ex")
    bad = only(result, "ACTIVITY_UNKNOWN_MATTER")
    assert where(bad) == [("timesheet.csv", 7, "Client Matter"), ("timesheet.csv", 8, "Client Matter")]
    assert all(f.severity == "blocker" for f in bad)
    assert "Fletcher appeal" in bad[1].message
    # Resolved references point Clio at the matter's number.
    assert out(result, "timesheet.csv", "matter")[:5] == ["1001", "1002", "1002", "1003", "1001"]


def test_expense_for_an_unknown_matter(tmp_path):
    write_csv(tmp_path / "ex" / "matters.csv", MATTERS_H, CLEAN_MATTERS)
    write_csv(tmp_path / "ex" / "expenses.csv", ["Expense Date", "Expense Type", "Cost", "Qty", "Incurred By", "Matter"], [
        ["03/15/2021", "Filing fee", "45.00", "1", "MH", "1001"],
        ["03/15/2021", "Courier", "12.00", "1", "MH", "1099"],
    ])
    f = one(check(tmp_path / "ex"), "ACTIVITY_UNKNOWN_MATTER")
    assert (f.severity, f.file, f.row, f.column) == ("blocker", "expenses.csv", 3, "Matter")


def test_no_matters_file_no_unknown_matter(tmp_path):
    write_csv(tmp_path / "ex" / "timesheet.csv", TIME_H, [["MH", "03/15/2021", "1.0", "a", "9999", "250"]])
    assert not only(check(tmp_path / "ex"), "ACTIVITY_UNKNOWN_MATTER")


def test_users_matched_by_name_initials_and_email(tmp_path, roster):
    users = ["Margaret Holloway", "MH", "mholloway@hollowaylaw.com", "Holloway, Margaret", "DOkafor@HollowayLaw.com", "pr",
             "Xavier Quinn", "ZZ"]
    write_csv(tmp_path / "ex" / "timesheet.csv", TIME_H, [[u, "03/15/2021", "1.0", "Work", "1001", "250"] for u in users])
    result = check(tmp_path / "ex", users=roster)
    bad = only(result, "USER_NOT_ON_ROSTER")
    assert where(bad) == [("timesheet.csv", 8, "Timekeeper"), ("timesheet.csv", 9, "Timekeeper")]
    assert all(f.severity == "warning" for f in bad)
    assert out(result, "timesheet.csv", "activity_user")[:6] == [
        "Margaret Holloway", "Margaret Holloway", "Margaret Holloway", "Margaret Holloway", "Daniel Okafor", "Priya Raman"]


def test_unknown_attorney_assignee_and_calendar(tmp_path, roster):
    write_csv(tmp_path / "ex" / "matters.csv", MATTERS_H, [CLEAN_MATTERS[0], ["1002", "Lease", "Owen Fletcher", "Open", "03/16/2021", "Xavier Quinn"]])
    write_csv(tmp_path / "ex" / "tasks.csv", ["Task Name", "Due Date", "Assigned To", "Task Status"],
              [["Draft", "04/02/2021", "Priya Raman", "Not Started"], ["Call", "04/03/2021", "JQ", "Not Started"]])
    write_csv(tmp_path / "ex" / "calendar.csv", ["Event Title", "Start Date", "Start Time", "End Date", "End Time", "Calendar Owner"],
              [["Hearing", "04/02/2021", "9:00 AM", "04/02/2021", "10:00 AM", "dokafor@hollowaylaw.com"],
               ["Meeting", "04/05/2021", "9:00 AM", "04/05/2021", "10:00 AM", "Front Desk"]])
    result = check(tmp_path / "ex", users=roster)
    assert where(only(result, "USER_NOT_ON_ROSTER")) == [
        ("calendar.csv", 3, "Calendar Owner"), ("matters.csv", 3, "Responsible Lawyer"), ("tasks.csv", 3, "Assigned To")]


def test_no_roster_no_user_findings(tmp_path):
    write_csv(tmp_path / "ex" / "timesheet.csv", TIME_H, [["Xavier Quinn", "03/15/2021", "1.0", "Work", "1001", "250"]])
    assert not only(check(tmp_path / "ex"), "USER_NOT_ON_ROSTER")


# --------------------------------------------------------------------------------------------
# Cross-file


def test_findings_across_files_of_one_folder(tmp_path, roster):
    ex = tmp_path / "Firm Export"
    write_csv(ex / "clients" / "people.csv", CONTACTS_H, CLEAN_CONTACTS + [["Owen", "Fletcher", "", "owen.fletcher@example.com", ""]])
    write_csv(ex / "clients" / "matters.csv", MATTERS_H, CLEAN_MATTERS + [["1004", "Zeta contract", "Zeta Corp", "Open", "03/18/2021", "MH"]])
    write_csv(ex / "billing" / "fees.csv", TIME_H, [["MH", "03/15/2021", "1.0", "a", "1004", "250"],
                                                    ["MH", "03/15/2021", "1.0", "b", "1005", "250"]])
    result = check(ex, users=roster)
    assert sorted(r.path for r in result.files) == ["billing/fees.csv", "clients/matters.csv", "clients/people.csv"]
    assert (one(result, "DUPLICATE_CONTACT").file, one(result, "DUPLICATE_CONTACT").row) == ("clients/people.csv", 5)
    assert (one(result, "MATTER_CLIENT_UNKNOWN").file, one(result, "MATTER_CLIENT_UNKNOWN").row) == ("clients/matters.csv", 5)
    # 1004 is in the matters file (even with an unknown client); 1005 is not.
    assert where(only(result, "ACTIVITY_UNKNOWN_MATTER")) == [("billing/fees.csv", 3, "Client Matter")]


def test_references_across_separately_given_paths(tmp_path):
    write_csv(tmp_path / "a" / "matters.csv", MATTERS_H, CLEAN_MATTERS)
    fees = write_csv(tmp_path / "b" / "fees.csv", TIME_H, [["MH", "03/15/2021", "1.0", "a", "1002", "250"],
                                                          ["MH", "03/15/2021", "1.0", "b", "1099", "250"]])
    result = check([tmp_path / "a", fees])
    assert [(f.file, f.row) for f in only(result, "ACTIVITY_UNKNOWN_MATTER")] == [(str(fees), 3)]


def test_findings_are_in_file_and_row_order(tmp_path):
    _write(tmp_path / "ex", {"people.csv": (CONTACTS_H, [["", "", "", "a@example.com", ""]] + CLEAN_CONTACTS + [["", "", "", "b@example.com", ""]]),
                             "matters.csv": (MATTERS_H, CLEAN_MATTERS + [["1001", "", "", "Gone", "soon", "MH"]])}, 0)
    result = check(tmp_path / "ex")
    keys = [(f.file, f.row if f.row is not None else -1) for f in result.findings]
    assert keys == sorted(keys)
    assert [f.row for f in result.findings if f.file == "people.csv"] == [2, 6]
    row5 = [f for f in result.findings if f.file == "matters.csv"]
    assert {f.code for f in row5} == {"DUPLICATE_MATTER_NUMBER", "MATTER_STATUS_UNMAPPED", "INVALID_DATE", "MATTER_NO_CLIENT",
                                      "MATTER_NO_DESCRIPTION"}
    assert {f.row for f in row5} == {5}
    sev = [f.severity for f in row5]
    assert sev == sorted(sev, key=["blocker", "warning", "info"].index)  # blockers first within a record


# --------------------------------------------------------------------------------------------
# Records that cannot import must be blockers even when a whole column is missing


@pytest.mark.parametrize("header", [
    ["Timekeeper", "Work Date", "Narrative", "Client Matter", "Rate"],  # no hours
    ["Work Date", "Hrs", "Narrative", "Client Matter", "Rate"],  # no user
])
def test_time_file_missing_a_required_column_blocks(tmp_path, header):
    row = {"Timekeeper": "MH", "Work Date": "03/15/2021", "Hrs": "1.0", "Narrative": "Research", "Client Matter": "1001", "Rate": "250"}
    write_csv(tmp_path / "ex" / "timesheet.csv", header, [[row[h] for h in header]])
    result = check(tmp_path / "ex")
    assert report(result, "timesheet.csv").data_type == "time_entries"
    assert result.counts()["blocker"] >= 1


def test_findings_in_blocks_read_like_a_sorted_list_of_findings():
    import numpy as np

    from app.core.findings import Finding, FindingIndex, Findings, RowBlock

    billed = RowBlock("ACTIVITY_BILLED", "info", "t.csv", "Billed", np.array([5, 2, 9]), np.array([0, 1, 0], dtype=np.int32),
                      ["Yes", "Y"], None, ["billed Yes", "billed Y"])
    loose = [Finding("FILE_NOT_MIGRATABLE", "info", "a.csv", None, None, "ledger"),
             Finding("ACTIVITY_NO_USER", "blocker", "t.csv", 9, "User", "no user")]
    f = Findings.gather([billed, *loose]).sorted()
    assert [(x.file, x.row, x.code) for x in f] == [("a.csv", None, "FILE_NOT_MIGRATABLE"), ("t.csv", 2, "ACTIVITY_BILLED"),
                                                    ("t.csv", 5, "ACTIVITY_BILLED"), ("t.csv", 9, "ACTIVITY_NO_USER"),
                                                    ("t.csv", 9, "ACTIVITY_BILLED")]
    assert f[1].message == "billed Y" and f[1].value == "Y" and f[2].value == "Yes"
    assert f.counts_by() == {("info", "ACTIVITY_BILLED"): 3, ("info", "FILE_NOT_MIGRATABLE"): 1, ("blocker", "ACTIVITY_NO_USER"): 1}
    assert f.severity_counts() == {"blocker": 1, "warning": 0, "info": 4}
    only = f.take(f.codes == "ACTIVITY_BILLED")
    assert [x.row for x in only] == [2, 5, 9] and list(only.messages) == ["billed Y", "billed Yes", "billed Yes"]
    idx = FindingIndex(f)
    assert [x.code for x in idx.at("t.csv", 9)] == ["ACTIVITY_NO_USER", "ACTIVITY_BILLED"]
    assert idx.rows_of("ACTIVITY_BILLED", "t.csv").tolist() == [2, 5, 9]
    assert idx.counts() == {"FILE_NOT_MIGRATABLE": {"a.csv": 1}, "ACTIVITY_BILLED": {"t.csv": 3}, "ACTIVITY_NO_USER": {"t.csv": 1}}
    assert list(idx.counts()["ACTIVITY_BILLED"]) == ["t.csv"] and list(idx.counts())[1:] == ["ACTIVITY_BILLED", "ACTIVITY_NO_USER"]  # most first
    assert [(x.row, x.message) for x in idx.of("ACTIVITY_NO_USER", "t.csv")] == [(9, "no user")]
    assert idx.rows_of("ACTIVITY_NO_USER", "a.csv").tolist() == [] and idx.rows_of("NOT_A_CODE", "t.csv").tolist() == []
    assert idx.of("NOT_A_CODE", "t.csv") == [] and idx.rows_of("ACTIVITY_BILLED", "missing.csv").tolist() == []
    none = FindingIndex(Findings.gather([]))
    assert none.counts() == {} and none.rows_of("ACTIVITY_BILLED", "t.csv").tolist() == []
