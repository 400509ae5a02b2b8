"""Recognising what each export file holds (SPEC section 1 step 2, section 2 data types)."""

from __future__ import annotations

import pytest
from exports_kit import check, one, only, write_csv

# One realistic file per data type, with header spellings that are not Clio's own template names.
BY_HEADERS = {
    "contacts": (["Given Name", "Surname", "Organisation", "E-mail", "Mobile"],
                 [["Eleanor", "Whitfield", "", "eleanor.whitfield@example.com", "617-555-0101"]]),
    "matters": (["Matter No", "Matter Description", "Client", "Status", "Date Opened", "Responsible Lawyer"],
                [["2021-004", "Whitfield Estate", "Whitfield, Eleanor", "Open", "03/15/2021", "MH"]]),
    "related_contacts": (["Matter Number", "Contact Name", "Relationship", "Phone"],
                         [["2021-004", "Peter Olsen", "Opposing Counsel", "617-555-0177"]]),
    "tasks": (["Task Name", "Due Date", "Assigned To", "Task Status", "Matter"],
              [["File probate petition", "04/02/2021", "MH", "Not Started", "2021-004"]]),
    "calendar_entries": (["Event Title", "Start Date", "Start Time", "End Date", "End Time", "Location", "Calendar Owner"],
                         [["Probate hearing", "04/02/2021", "9:00 AM", "04/02/2021", "10:00 AM", "Courtroom 3", "MH"]]),
    "contact_notes": (["Contact", "Note Date", "Subject", "Note"],
                      [["Eleanor Whitfield", "03/15/2021", "Intake call", "Wants to update her will."]]),
    "matter_notes": (["Matter Number", "Note Date", "Subject", "Note"],
                     [["2021-004", "03/15/2021", "Inventory", "Listed the bank accounts."]]),
    "communications": (["Sender", "Recipients", "Sent Date", "Subject", "Message"],
                       [["mholloway@hollowaylaw.com", "eleanor.whitfield@example.com", "03/15/2021", "Your will", "Draft attached."]]),
    "time_entries": (["Timekeeper", "Work Date", "Hrs", "Narrative", "Client Matter", "Rate"],
                     [["MH", "03/15/2021", "1.5", "Drafted will", "2021-004", "250"]]),
    "expense_entries": (["Expense Date", "Expense Type", "Cost", "Qty", "Incurred By", "Matter"],
                        [["03/15/2021", "Filing fee", "45.00", "1", "MH", "2021-004"]]),
    "ar_balances": (["Matter", "Balance Due", "As Of", "Responsible Attorney"],
                    [["2021-004", "1,250.00", "03/31/2021", "MH"]]),
    "trust_balances": (["Client Name", "Trust Balance", "Balance Date"],
                       [["Eleanor Whitfield", "5,000.00", "03/31/2021"]]),
}


@pytest.mark.parametrize("expected", sorted(BY_HEADERS))
def test_data_type_from_headers_alone(tmp_path, expected):
    header, rows = BY_HEADERS[expected]
    f = write_csv(tmp_path / "export1.csv", header, rows)
    result = check(f)
    (rep,) = result.files
    assert rep.data_type == expected
    assert rep.detection.reason  # the wizard shows why
    assert not only(result, "FILE_UNKNOWN_TYPE")
    assert not only(result, "FILE_NOT_MIGRATABLE")


def test_all_twelve_types_are_covered():
    from app.core.fields import DATA_TYPES

    assert set(BY_HEADERS) == set(DATA_TYPES)


@pytest.mark.parametrize("expected,header", [
    ("contact_notes", ["Contact Name", "Note Date", "Subject", "Details"]),
    ("matter_notes", ["Matter Number", "Date", "Subject", "Details"]),
])
def test_note_files_with_other_body_headers(tmp_path, expected, header):
    f = write_csv(tmp_path / "export7.csv", header, [["2021-004" if "Matter" in header[0] else "Eleanor Whitfield",
                                                      "03/15/2021", "Phone call", "Discussed the estate inventory."]])
    (rep,) = check(f).files
    assert rep.data_type == expected


# Headers that say nothing by themselves: only the file name can tell.
VAGUE_HEADER = ["Ref", "Item", "Entered", "Remarks"]
VAGUE_ROW = [["A-17", "Whitfield", "03/15/2021", "see file"]]


@pytest.mark.parametrize("name,expected", [
    ("Contacts.csv", "contacts"),
    ("Client List.csv", "contacts"),
    ("Matters.csv", "matters"),
    ("related_contacts.csv", "related_contacts"),
    ("Matter Roles.csv", "related_contacts"),  # "matter roles" beats "roles" (user permissions)
    ("Tasks.csv", "tasks"),
    ("Calendar.csv", "calendar_entries"),
    ("Appointments.csv", "calendar_entries"),
    ("contact_notes.csv", "contact_notes"),  # "contact notes" beats "contacts"
    ("Case Notes.csv", "matter_notes"),
    ("Emails.csv", "communications"),
    ("Phone Log.csv", "communications"),
    ("time_entries.csv", "time_entries"),
    ("Timesheet.csv", "time_entries"),
    ("Expenses.csv", "expense_entries"),
    ("Disbursements.csv", "expense_entries"),
    ("AR Aging.csv", "ar_balances"),
    ("Accounts Receivable.csv", "ar_balances"),
    ("Trust Balances.csv", "trust_balances"),
    ("Trust Listing.csv", "trust_balances"),
])
def test_data_type_from_file_name(tmp_path, name, expected):
    f = write_csv(tmp_path / name, VAGUE_HEADER, VAGUE_ROW)
    (rep,) = check(f).files
    assert rep.data_type == expected
    assert "name" in rep.detection.reason


def test_vague_headers_under_a_neutral_name_stay_unknown(tmp_path):
    # The control for the file-name test: the headers alone decide nothing.
    f = write_csv(tmp_path / "export.csv", VAGUE_HEADER, VAGUE_ROW)
    result = check(f)
    (rep,) = result.files
    assert rep.data_type == "unknown"
    assert rep.mapping.columns == {}


def test_reason_does_not_credit_a_neutral_file_name(tmp_path):
    header, rows = BY_HEADERS["time_entries"]
    f = write_csv(tmp_path / "export1.csv", header, rows)
    result = check(f)
    (rep,) = result.files
    assert rep.data_type == "time_entries"
    assert "file name" not in rep.detection.reason
    assert "file name" not in result.to_json()["files"][0]["detected_because"]


@pytest.mark.parametrize("name,header,row,reason_word", [
    ("export2.csv", ["Invoice Number", "Client", "Issue Date", "Amount", "Paid"],
     ["INV-1001", "Eleanor Whitfield", "03/31/2021", "1,250.00", "0.00"], "invoice"),
    ("Invoices.csv", ["Ref", "Client", "Date", "Total"], ["1001", "Eleanor Whitfield", "03/31/2021", "1,250.00"], "invoice"),
    ("export3.csv", ["Transaction Date", "Matter", "Description", "Funds In", "Funds Out", "Running Balance"],
     ["03/31/2021", "2021-004", "Retainer deposit", "5,000.00", "", "5,000.00"], "trust"),
    ("Trust Transactions.csv", ["Date", "Matter", "Description", "Amount"],
     ["03/31/2021", "2021-004", "Retainer deposit", "5,000.00"], "trust"),
])
def test_not_migratable_files_say_why(tmp_path, name, header, row, reason_word):
    write_csv(tmp_path / "exports" / name, header, [row, row])
    result = check(tmp_path / "exports")
    (rep,) = result.files
    assert rep.data_type == "not_migratable"
    assert reason_word in rep.detection.not_migratable_reason.lower()
    fnm = one(result, "FILE_NOT_MIGRATABLE")
    assert (fnm.severity, fnm.file, fnm.row, fnm.column) == ("info", name, None, None)
    assert fnm.message == rep.detection.not_migratable_reason
    # Its records are not checked as if they were contacts or activities.
    assert [f.code for f in result.findings] == ["FILE_NOT_MIGRATABLE"]
    assert rep.mapping.columns == {}


def test_trust_balance_file_is_not_mistaken_for_transactions(tmp_path):
    # "trust" in a name is not enough: a balance listing migrates.
    f = write_csv(tmp_path / "Trust Balances.csv", ["Client Name", "Trust Balance", "Balance Date"],
                  [["Eleanor Whitfield", "5,000.00", "03/31/2021"]])
    (rep,) = check(f).files
    assert rep.data_type == "trust_balances"


def test_unrelated_columns_are_unknown(tmp_path):
    f = write_csv(tmp_path / "export4.csv", ["Make", "Model", "Mileage", "Colour"],
                  [["Ford", "Focus", "42000", "Blue"], ["Honda", "Civic", "18000", "Grey"]])
    result = check(f)
    (rep,) = result.files
    assert rep.data_type == "unknown"
    assert rep.mapping.columns == {}
    assert rep.prepared is None
    # Not recognised is not "cannot migrate": no FILE_NOT_MIGRATABLE, and no per-record findings.
    assert not only(result, "FILE_NOT_MIGRATABLE")
    assert all(f.row is None for f in result.findings)
    assert result.to_json()["files"][0]["data_type"] == "unknown"


def test_each_file_of_a_folder_is_recognised_on_its_own(tmp_path):
    folder = tmp_path / "exports"
    for i, dtype in enumerate(("contacts", "matters", "time_entries", "trust_balances")):
        header, rows = BY_HEADERS[dtype]
        write_csv(folder / f"export{i}.csv", header, rows)
    write_csv(folder / "export9.csv", ["Invoice Number", "Client", "Issue Date", "Amount"],
              [["INV-1", "Eleanor Whitfield", "03/31/2021", "10.00"]])
    result = check(folder)
    assert {r.path: r.data_type for r in result.files} == {
        "export0.csv": "contacts", "export1.csv": "matters", "export2.csv": "time_entries",
        "export3.csv": "trust_balances", "export9.csv": "not_migratable",
    }


def test_header_below_report_title_lines_is_found(tmp_path):
    header, rows = BY_HEADERS["time_entries"]
    f = write_csv(tmp_path / "export5.csv", header, rows, title_lines=["Holloway Law", "Time Detail 01/01/2021 - 03/31/2021"])
    (rep,) = check(f).files
    assert rep.data_type == "time_entries"
    assert rep.table.header_row == 3
    assert rep.table.columns == header
