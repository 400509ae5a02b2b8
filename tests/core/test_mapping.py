"""Mapping source columns onto Clio's fields (SPEC section 2): aliases, spellings, pseudo-fields."""

from __future__ import annotations

import pytest
from exports_kit import check, out, report, write_csv


@pytest.mark.parametrize("name,header,row,expected", [
    (  # contacts, UK spellings
        "clients.csv",
        ["Given Name", "Surname", "Organisation", "E-mail", "Mobile", "Post Code", "Town"],
        ["Eleanor", "Whitfield", "", "eleanor@example.com", "07700 900123", "CB2 1TN", "Cambridge"],
        {"Given Name": "first_name", "Surname": "last_name", "Organisation": "company", "E-mail": "email_address",
         "Mobile": "mobile_phone", "Post Code": "business_postal_code", "Town": "business_city"},
    ),
    (  # time entries, a billing program's report
        "timesheet.csv",
        ["Timekeeper", "Work Date", "Hrs", "Narrative", "Client Matter", "Rate"],
        ["MH", "03/15/2021", "1.5", "Drafted will", "2021-004", "250"],
        {"Timekeeper": "activity_user", "Work Date": "date", "Hrs": "quantity", "Narrative": "note",
         "Client Matter": "matter", "Rate": "price"},
    ),
    (  # matters
        "matter_list.csv",
        ["Matter No", "Matter Description", "Client", "Status", "Date Opened", "Responsible Lawyer", "Area of Law"],
        ["2021-004", "Whitfield Estate", "Whitfield, Eleanor", "Open", "03/15/2021", "MH", "Probate"],
        {"Matter No": "custom_number", "Matter Description": "description", "Client": "client", "Status": "status",
         "Date Opened": "open_date", "Responsible Lawyer": "responsible_attorney", "Area of Law": "practice_area"},
    ),
    (  # expenses
        "disbursements.csv",
        ["Date Incurred", "Disbursement Type", "Unit Cost", "Qty", "Incurred By", "Matter ID", "Memo"],
        ["03/15/2021", "Filing fee", "45.00", "1", "MH", "2021-004", "County court"],
        {"Date Incurred": "date", "Disbursement Type": "activity_description", "Unit Cost": "price", "Qty": "quantity",
         "Incurred By": "activity_user", "Matter ID": "matter", "Memo": "note"},
    ),
])
def test_aliases_with_other_spellings(tmp_path, name, header, row, expected):
    write_csv(tmp_path / "ex" / name, header, [row])
    rep = report(check(tmp_path / "ex"), name)
    assert rep.mapping.columns == expected


def test_camel_case_headers(tmp_path):
    write_csv(tmp_path / "ex" / "export1.csv",
              ["FirstName", "MiddleName", "LastName", "CompanyName", "EmailAddress", "HomePhone", "JobTitle", "ZipCode"],
              [["Owen", "J", "Fletcher", "", "owen@example.com", "617-555-0101", "CFO", "02139"]])
    rep = report(check(tmp_path / "ex"), "export1.csv")
    assert rep.data_type == "contacts"
    assert rep.mapping.columns == {
        "FirstName": "first_name", "MiddleName": "middle_name", "LastName": "last_name", "CompanyName": "company",
        "EmailAddress": "email_address", "HomePhone": "home_phone", "JobTitle": "job_title", "ZipCode": "business_postal_code",
    }


def test_prefixed_headers(tmp_path):
    write_csv(tmp_path / "ex" / "export1.csv",
              ["Contact: First Name", "Contact: Last Name", "Contact: Email", "Contact: Phone", "Contact: City"],
              [["Owen", "Fletcher", "owen@example.com", "617-555-0101", "Boston"]])
    rep = report(check(tmp_path / "ex"), "export1.csv")
    assert rep.mapping.columns == {
        "Contact: First Name": "first_name", "Contact: Last Name": "last_name", "Contact: Email": "email_address",
        "Contact: Phone": "primary_phone", "Contact: City": "business_city",
    }


def test_header_with_a_typo_is_still_mapped(tmp_path):
    write_csv(tmp_path / "ex" / "matters.csv", ["Matter No", "Matter Descripton", "Client", "Status"],
              [["2021-004", "Whitfield Estate", "Eleanor Whitfield", "Open"]])
    write_csv(tmp_path / "ex" / "people.csv", ["First Name", "Last Name", "Email Adress"],
              [["Eleanor", "Whitfield", "eleanor@example.com"]])
    result = check(tmp_path / "ex")
    m = report(result, "matters.csv").mapping
    assert m.columns["Matter Descripton"] == "description"
    assert m.how["Matter Descripton"] == "fuzzy"
    c = report(result, "people.csv").mapping
    assert c.columns["Email Adress"] == "email_address"
    assert out(result, "people.csv", "email_address") == ["eleanor@example.com"]


def test_typo_never_crosses_digits(tmp_path):
    # "Address 2" is a second address line, not "Address 1".
    write_csv(tmp_path / "ex" / "contacts.csv", ["First Name", "Last Name", "Address 1", "Address 2"],
              [["Owen", "Fletcher", "1 Main St", "Suite 4"]])
    m = report(check(tmp_path / "ex"), "contacts.csv").mapping
    assert m.columns.get("Address 1") == "business_street"
    assert "Address 2" not in m.columns


def test_unmapped_columns_are_kept(tmp_path):
    write_csv(tmp_path / "ex" / "contacts.csv", ["First Name", "Last Name", "Referral Source", "Favourite Colour"],
              [["Owen", "Fletcher", "Google", "Blue"], ["Ruth", "Donnelly", "Bar association", ""]])
    result = check(tmp_path / "ex")
    rep = report(result, "contacts.csv")
    assert "Referral Source" not in rep.mapping.columns
    assert "Favourite Colour" not in rep.mapping.columns
    # Kept as custom fields: still in the table, values intact.
    assert rep.table.columns == ["First Name", "Last Name", "Referral Source", "Favourite Colour"]
    assert rep.table.frame["Referral Source"].tolist() == ["Google", "Bar association"]
    assert result.to_json()["files"][0]["mapping"] == {"First Name": "first_name", "Last Name": "last_name"}


def test_one_field_never_takes_two_columns(tmp_path):
    write_csv(tmp_path / "ex" / "matters.csv", ["Matter No", "Matter Number", "Matter Description", "Client", "Status"],
              [["1001", "M-1001", "Whitfield Estate", "Eleanor Whitfield", "Open"]])
    write_csv(tmp_path / "ex" / "contacts.csv", ["First Name", "Last Name", "Phone", "Phone", "Telephone"],
              [["Owen", "Fletcher", "617-555-0101", "617-555-0102", "617-555-0103"]])
    result = check(tmp_path / "ex")
    for rep in result.files:
        fields = list(rep.mapping.columns.values())
        assert len(fields) == len(set(fields)), rep.mapping.columns
    m = report(result, "matters.csv").mapping.columns
    assert sorted(c for c, f in m.items() if f == "custom_number") in (["Matter No"], ["Matter Number"])
    c = report(result, "contacts.csv")
    assert [col for col, f in c.mapping.columns.items() if f == "primary_phone"] == ["Phone"]
    # The other phone columns are kept, not dropped.
    assert c.table.columns == ["First Name", "Last Name", "Phone", "Phone (2)", "Telephone"]


def test_mapping_is_in_file_order(tmp_path):
    header = ["Rate", "Narrative", "Timekeeper", "Hrs", "Work Date", "Client Matter"]
    write_csv(tmp_path / "ex" / "timesheet.csv", header, [["250", "Call", "MH", "1", "03/15/2021", "1001"]])
    rep = report(check(tmp_path / "ex"), "timesheet.csv")
    assert list(rep.mapping.columns) == header


@pytest.mark.parametrize("header,values,expected", [
    ("Billable", ["Yes", "No", "Y", "N"], ["", "yes", "", "yes"]),  # inverted
    ("Non-billable", ["Yes", "No", "Y", "N"], ["yes", "", "yes", ""]),  # as is
    ("No Charge", ["TRUE", "FALSE", "1", "0"], ["yes", "", "yes", ""]),
])
def test_billable_flag_polarity(tmp_path, header, values, expected):
    rows = [["MH", "03/15/2021", "1.0", "Call", "1001", "250", v] for v in values]
    write_csv(tmp_path / "ex" / "timesheet.csv", ["Timekeeper", "Work Date", "Hrs", "Narrative", "Client Matter", "Rate", header], rows)
    result = check(tmp_path / "ex")
    rep = report(result, "timesheet.csv")
    assert rep.mapping.columns[header] == "non_billable"
    assert (header in rep.mapping.invert) == (header == "Billable")
    assert out(result, "timesheet.csv", "non_billable") == expected


def test_full_name_column_is_split(tmp_path):
    write_csv(tmp_path / "ex" / "contacts.csv", ["Name", "Email"], [
        ["Whitfield, Eleanor J.", "eleanor@example.com"],
        ["Brightwater Marine LLC", "ap@brightwater.example"],
        ["Owen Fletcher", "owen@example.com"],
    ])
    result = check(tmp_path / "ex")
    assert report(result, "contacts.csv").mapping.columns == {"Name": "full_name", "Email": "email_address"}
    assert out(result, "contacts.csv", "first_name") == ["Eleanor", "", "Owen"]
    assert out(result, "contacts.csv", "middle_name") == ["J.", "", ""]
    assert out(result, "contacts.csv", "last_name") == ["Whitfield", "", "Fletcher"]
    assert out(result, "contacts.csv", "company") == ["", "Brightwater Marine LLC", ""]


def test_separate_name_columns_win_over_a_full_name_column(tmp_path):
    write_csv(tmp_path / "ex" / "contacts.csv", ["Display Name", "First Name", "Last Name", "Email"],
              [["Fletcher, Owen (Dr)", "Owen", "Fletcher", "owen@example.com"]])
    result = check(tmp_path / "ex")
    rep = report(result, "contacts.csv")
    assert rep.mapping.columns == {"First Name": "first_name", "Last Name": "last_name", "Email": "email_address"}
    assert "Display Name" in rep.table.columns
    assert out(result, "contacts.csv", "first_name") == ["Owen"]


def test_start_and_end_date_time_cells_are_split(tmp_path):
    write_csv(tmp_path / "ex" / "calendar.csv", ["Subject", "Starts", "Ends", "Calendar", "Location"], [
        ["Probate hearing", "04/02/2021 9:00 AM", "04/02/2021 10:30 AM", "MH", "Courtroom 3"],
        ["Client meeting", "04/13/2021 14:00", "04/13/2021 15:15", "DO", "Office"],
    ])
    result = check(tmp_path / "ex")
    rep = report(result, "calendar.csv")
    assert rep.mapping.columns["Starts"] == "start"
    assert rep.mapping.columns["Ends"] == "end"
    assert out(result, "calendar.csv", "start_date") == ["04/02/2021", "04/13/2021"]
    assert [_hhmm(t) for t in out(result, "calendar.csv", "start_time")] == ["09:00", "14:00"]
    assert out(result, "calendar.csv", "end_date") == ["04/02/2021", "04/13/2021"]
    assert [_hhmm(t) for t in out(result, "calendar.csv", "end_time")] == ["10:30", "15:15"]


def _hhmm(text: str) -> str:
    """A time as Clio's output writes it ('9:00 AM' or '09:00') -> 'HH:MM'."""
    from app.core.values import parse_time

    return parse_time(text) or f"not a time: {text!r}"


def test_hours_minutes_column(tmp_path):
    write_csv(tmp_path / "ex" / "timesheet.csv", ["Timekeeper", "Work Date", "Duration (hh:mm)", "Narrative", "Matter", "Rate"], [
        ["MH", "03/15/2021", "1:30", "Drafted will", "1001", "250"],
        ["MH", "03/16/2021", "0:06", "Email", "1001", "250"],
    ])
    result = check(tmp_path / "ex")
    assert report(result, "timesheet.csv").mapping.columns["Duration (hh:mm)"] == "hours_minutes"
    assert out(result, "timesheet.csv", "quantity") == ["1.5", "0.1"]


def test_matter_client_is_always_output_in_three_parts(tmp_path):
    write_csv(tmp_path / "ex" / "matters.csv", ["Matter No", "Matter Description", "Client", "Status"], [
        ["1001", "Whitfield Estate", "Whitfield, Eleanor", "Open"],
        ["1002", "Marine lease", "Brightwater Marine LLC", "Open"],
    ])
    result = check(tmp_path / "ex")
    assert out(result, "matters.csv", "client_first_name") == ["Eleanor", ""]
    assert out(result, "matters.csv", "client_last_name") == ["Whitfield", ""]
    assert out(result, "matters.csv", "client_company_name") == ["", "Brightwater Marine LLC"]


def test_column_without_a_header_is_recognised_by_its_content(tmp_path):
    write_csv(tmp_path / "ex" / "contacts.csv", ["First Name", "Last Name", "", "City"], [
        ["Owen", "Fletcher", "owen@example.com", "Boston"],
        ["Ruth", "Donnelly", "ruth.donnelly@example.org", "Salem"],
    ])
    rep = report(check(tmp_path / "ex"), "contacts.csv")
    assert rep.table.columns == ["First Name", "Last Name", "Column 3", "City"]
    assert rep.mapping.columns["Column 3"] == "email_address"
    assert rep.mapping.how["Column 3"] == "content"


def test_named_header_is_not_overridden_by_content(tmp_path):
    # "Referral Source" holds emails here, but its header names something else: it stays a custom field.
    write_csv(tmp_path / "ex" / "contacts.csv", ["First Name", "Last Name", "Referral Source"], [
        ["Owen", "Fletcher", "partner@referrer.example"],
        ["Ruth", "Donnelly", "partner@referrer.example"],
    ])
    rep = report(check(tmp_path / "ex"), "contacts.csv")
    assert "Referral Source" not in rep.mapping.columns


def test_semicolon_file_with_bom_and_odd_header_case(tmp_path):
    f = tmp_path / "ex" / "export1.csv"
    f.parent.mkdir()
    f.write_bytes("\ufeff  FIRST NAME ;Last-Name;E_Mail_Address;Phone\r\nOwen;Fletcher;owen@example.com;617-555-0142\r\n".encode())
    rep = report(check(tmp_path / "ex"), "export1.csv")
    assert rep.table.delimiter == ";"
    assert rep.mapping.columns == {"FIRST NAME": "first_name", "Last-Name": "last_name", "E_Mail_Address": "email_address",
                                   "Phone": "primary_phone"}


def test_client_parts_columns(tmp_path):
    write_csv(tmp_path / "ex" / "matters.csv",
              ["Matter No", "Matter Description", "Client First Name", "Client Last Name", "Client Company", "Status"],
              [["1001", "Lease", "Owen", "Fletcher", "", "Open"]])
    result = check(tmp_path / "ex")
    m = report(result, "matters.csv").mapping.columns
    assert m == {"Matter No": "custom_number", "Matter Description": "description", "Client First Name": "client_first_name",
                 "Client Last Name": "client_last_name", "Client Company": "client_company_name", "Status": "status"}
    assert out(result, "matters.csv", "client_first_name") == ["Owen"]
    assert out(result, "matters.csv", "client_last_name") == ["Fletcher"]
