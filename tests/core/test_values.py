"""Normalising values: dates, money, hours, flags, times, statuses and names (SPEC sections 1 step 3, 2)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from exports_kit import check, one, only, out, report, where, write_csv

from app.core import values as V
from app.core.names import looks_like_company, split_full_name


def _values_and_status(col: V.Parsed) -> tuple[pd.Series, pd.Series]:
    return col.values(), col.status


def S(*vals: str) -> pd.Series:
    return pd.Series(list(vals), dtype=object)


# --------------------------------------------------------------------------------------------
# Dates: the functions


def test_date_order_evidence_counts_values_over_twelve():
    assert V.date_order_evidence(["03/04/2021", "25/12/2020", "13/01/2021"]) == (2, 0)
    assert V.date_order_evidence(["03/04/2021", "12/25/2020"]) == (0, 1)
    assert V.date_order_evidence(["03/04/2021", "2021-12-25", "December 25, 2020"]) == (0, 0)


@pytest.mark.parametrize("dmy,mdy,expected", [
    (3, 0, "dmy"), (0, 2, "mdy"), (0, 0, None), (2, 2, None), (40, 1, "dmy"), (1, 40, "mdy"),
])
def test_decide_order(dmy, mdy, expected):
    assert V.decide_order(dmy, mdy) == expected


def test_parse_dates_with_a_known_order():
    col = V.parse_dates(S("03/04/2021", "13/04/2021", "", "31/02/2021", "next week"), "dmy")
    assert col.iso.tolist() == ["2021-04-03", "2021-04-13", "", "", ""]
    assert col.status.tolist() == ["ok", "ok", "blank", "invalid", "invalid"]
    col = V.parse_dates(S("03/04/2021", "12/31/2021"), "mdy")
    assert col.iso.tolist() == ["2021-03-04", "2021-12-31"]


def test_parse_dates_without_an_order_leaves_only_the_ambiguous_ones_open():
    col = V.parse_dates(S("03/04/2021", "25/12/2020", "12/25/2020", "04/04/2021"), None)
    assert col.status.tolist() == ["ambiguous", "ok", "ok", "ok"]
    assert col.iso.tolist() == ["", "2020-12-25", "2020-12-25", "2021-04-04"]


@pytest.mark.parametrize("text,iso", [
    ("3/15/21", "2021-03-15"),
    ("12/31/99", "1999-12-31"),
    ("1/2/05", "2005-01-02"),
    ("2021-03-04", "2021-03-04"),
    ("2021-03-04T14:30:00Z", "2021-03-04"),
    ("March 4, 2021", "2021-03-04"),
    ("Thu, Mar 4 2021", "2021-03-04"),
    ("4 Mar 2021", "2021-03-04"),
    ("04-Mar-21", "2021-03-04"),
    ("20210304", "2021-03-04"),
])
def test_parse_date_forms_and_two_digit_years(text, iso):
    col = V.parse_dates(S(text), "mdy")
    assert col.status.tolist() == ["ok"]
    assert col.iso.tolist() == [iso]


def test_date_with_a_time_keeps_the_time():
    col = V.parse_dates(S("03/04/2021 2:30 PM", "03/05/2021 09:15"), "mdy")
    assert col.time.tolist() == ["14:30", "09:15"]


def test_us_date_is_clio_format():
    assert V.parse_dates(S("2021-03-04", ""), None).us.tolist() == ["03/04/2021", ""]
    col = V.parse_dates(S("03/04/2021", "", "31/02/2021", "2021-12-25 10:00", "03/04/2021"), "dmy")
    assert col.us.tolist() == ["04/03/2021", "", "", "12/25/2021", "04/03/2021"]
    assert col.us.tolist() == [V.us_text(v) for v in col.iso]


# --------------------------------------------------------------------------------------------
# Dates: decided from the data, the region or nothing (through the engine)

TIME_HEADER = ["Timekeeper", "Work Date", "Hrs", "Narrative", "Client Matter", "Rate"]


def _time_rows(dates):
    return [["MH", d, "1.0", "Research", "1001", "250"] for d in dates]


def test_month_first_decided_by_a_day_over_twelve(tmp_path):
    write_csv(tmp_path / "ex" / "timesheet.csv", TIME_HEADER, _time_rows(["03/04/2021", "12/25/2021", "05/06/2021"]))
    result = check(tmp_path / "ex", region="uk")  # the data wins over the region
    assert out(result, "timesheet.csv", "date") == ["03/04/2021", "12/25/2021", "05/06/2021"]
    assert not only(result, "INVALID_DATE")


def test_day_first_decided_by_a_day_over_twelve(tmp_path):
    write_csv(tmp_path / "ex" / "timesheet.csv", TIME_HEADER, _time_rows(["03/04/2021", "25/12/2021", "05/06/2021"]))
    result = check(tmp_path / "ex", region="us")
    assert out(result, "timesheet.csv", "date") == ["04/03/2021", "12/25/2021", "06/05/2021"]
    assert not only(result, "INVALID_DATE")
    assert report(result, "timesheet.csv").prepared.date_orders == {"Work Date": "dmy"}


def test_ambiguous_only_dates_without_region_are_flagged(tmp_path):
    write_csv(tmp_path / "ex" / "timesheet.csv", TIME_HEADER, _time_rows(["03/04/2021", "05/06/2021", "2021-07-08"]))
    result = check(tmp_path / "ex", source="spreadsheet")
    bad = only(result, "INVALID_DATE")
    assert where(bad) == [("timesheet.csv", 2, "Work Date"), ("timesheet.csv", 3, "Work Date")]
    assert {f.severity for f in bad} == {"blocker"}  # a time entry's date is required
    assert "day/month" in bad[0].message
    assert out(result, "timesheet.csv", "date") == ["", "", "07/08/2021"]


@pytest.mark.parametrize("region,expected", [
    ("uk", ["04/03/2021", "06/05/2021"]),
    ("au", ["04/03/2021", "06/05/2021"]),
    ("us", ["03/04/2021", "05/06/2021"]),
])
def test_region_decides_ambiguous_dates(tmp_path, region, expected):
    write_csv(tmp_path / "ex" / "timesheet.csv", TIME_HEADER, _time_rows(["03/04/2021", "05/06/2021"]))
    result = check(tmp_path / "ex", region=region, source="spreadsheet")
    assert out(result, "timesheet.csv", "date") == expected
    assert not only(result, "INVALID_DATE")


def test_ambiguous_optional_date_is_a_warning(tmp_path):
    write_csv(tmp_path / "ex" / "matters.csv", ["Matter No", "Matter Description", "Client", "Status", "Date Opened"],
              [["1001", "Whitfield Estate", "Eleanor Whitfield", "Open", "03/04/2021"]])
    result = check(tmp_path / "ex", source="spreadsheet")
    f = one(result, "INVALID_DATE")
    assert (f.severity, f.file, f.row, f.column) == ("warning", "matters.csv", 2, "Date Opened")


def test_other_files_of_the_export_decide_the_order(tmp_path):
    # The matters file alone cannot tell; the time entries of the same export are day-first.
    write_csv(tmp_path / "ex" / "matters.csv", ["Matter No", "Matter Description", "Client", "Status", "Date Opened"],
              [["1001", "Whitfield Estate", "Eleanor Whitfield", "Open", "03/04/2021"]])
    write_csv(tmp_path / "ex" / "timesheet.csv", TIME_HEADER, _time_rows(["28/04/2021"]))
    result = check(tmp_path / "ex", source="spreadsheet")
    assert out(result, "matters.csv", "open_date") == ["04/03/2021"]
    assert not only(result, "INVALID_DATE")


def test_two_digit_years_in_a_file(tmp_path):
    write_csv(tmp_path / "ex" / "timesheet.csv", TIME_HEADER, _time_rows(["3/15/21", "12/1/20", "1/31/99"]))
    result = check(tmp_path / "ex")
    assert out(result, "timesheet.csv", "date") == ["03/15/2021", "12/01/2020", "01/31/1999"]


def test_unreadable_date_is_flagged(tmp_path):
    write_csv(tmp_path / "ex" / "timesheet.csv", TIME_HEADER, _time_rows(["03/15/2021", "31/31/2021", "sometime in May"]))
    result = check(tmp_path / "ex")
    bad = only(result, "INVALID_DATE")
    assert where(bad) == [("timesheet.csv", 3, "Work Date"), ("timesheet.csv", 4, "Work Date")]
    assert all(f.severity == "blocker" for f in bad)


# --------------------------------------------------------------------------------------------
# Money and numbers


@pytest.mark.parametrize("text,value", [
    ("$1,234.50", 1234.50),
    ("1234.5", 1234.5),
    ("(12.00)", -12.0),
    ("-5", -5.0),
    ("12.00-", -12.0),
    ("USD 10", 10.0),
    ("£ 99.99", 99.99),
    ("0.75", 0.75),
])
def test_money_styles_dot_decimal(text, value):
    vals, st = _values_and_status(V.parse_numbers(S(text, "1,000.00")))
    assert st.tolist()[0] == "ok"
    assert vals.tolist()[0] == pytest.approx(value)


def test_money_decimal_comma_is_detected_from_the_column():
    vals, st = _values_and_status(V.parse_numbers(S("1.234,56", "12,50", "€ 3,00")))
    assert st.tolist() == ["ok", "ok", "ok"]
    assert vals.tolist() == pytest.approx([1234.56, 12.5, 3.0])


def test_money_text_and_blank():
    vals, st = _values_and_status(V.parse_numbers(S("n/a", "", "12.50")))
    assert st.tolist() == ["invalid", "blank", "ok"]
    assert math.isnan(vals.tolist()[0])


def test_money_in_a_file_is_written_plainly(tmp_path):
    write_csv(tmp_path / "ex" / "timesheet.csv", TIME_HEADER, [
        ["MH", "03/15/2021", "1.0", "Research", "1001", "$1,250.00"],
        ["MH", "03/15/2021", "1.0", "Write-off", "1001", "(250.00)"],
        ["MH", "03/15/2021", "1.0", "Call", "1001", "300"],
    ])
    result = check(tmp_path / "ex")
    assert out(result, "timesheet.csv", "price") == ["1250.00", "-250.00", "300.00"]
    assert not only(result, "ACTIVITY_BAD_NUMBER")


def test_decimal_comma_money_in_a_file(tmp_path):
    write_csv(tmp_path / "ex" / "expenses.csv", ["Expense Date", "Expense Type", "Cost", "Qty", "Incurred By", "Matter"], [
        ["15/03/2021", "Court fee", "1.234,50", "1", "MH", "1001"],
        ["16/03/2021", "Copies", "12,40", "2", "MH", "1001"],
    ])
    result = check(tmp_path / "ex")
    assert out(result, "expenses.csv", "price") == ["1234.50", "12.40"]


# --------------------------------------------------------------------------------------------
# Hours


@pytest.mark.parametrize("text,hours", [
    ("1.5", 1.5), ("1:30", 1.5), ("0:06", 0.1), ("1h 30m", 1.5), ("2 hrs", 2.0), ("45 min", 0.75), ("1 hour", 1.0),
    ("0.25", 0.25), ("1:30:00", 1.5),
])
def test_hours_forms(text, hours):
    vals, st = _values_and_status(V.parse_hours(S(text)))
    assert st.tolist() == ["ok"]
    assert vals.tolist()[0] == pytest.approx(hours)


def test_hours_in_tenths_and_minutes_by_header():
    vals, _ = _values_and_status(V.parse_hours(S("15", "3"), tenths=True))
    assert vals.tolist() == pytest.approx([1.5, 0.3])
    vals, _ = _values_and_status(V.parse_hours(S("90", "30"), minutes=True))
    assert vals.tolist() == pytest.approx([1.5, 0.5])


def test_hours_that_are_not_hours():
    _, st = _values_and_status(V.parse_hours(S("about an hour", "")))
    assert st.tolist() == ["invalid", "blank"]


def test_hours_forms_in_a_file(tmp_path):
    write_csv(tmp_path / "ex" / "timesheet.csv", TIME_HEADER, [
        ["MH", "03/15/2021", "1:30", "Research", "1001", "250"],
        ["MH", "03/15/2021", "1h 15m", "Call", "1001", "250"],
        ["MH", "03/15/2021", ".2", "Email", "1001", "250"],
        ["MH", "03/15/2021", "2", "Meeting", "1001", "250"],
    ])
    result = check(tmp_path / "ex")
    assert out(result, "timesheet.csv", "quantity") == ["1.5", "1.25", "0.2", "2"]
    assert not only(result, "ACTIVITY_BAD_NUMBER")


@pytest.mark.parametrize("header,value,hours", [("Duration (minutes)", "90", "1.5"), ("Hours (tenths)", "15", "1.5")])
def test_duration_in_minutes_or_tenths_column(tmp_path, header, value, hours):
    write_csv(tmp_path / "ex" / "timesheet.csv", ["Timekeeper", "Work Date", header, "Narrative", "Matter", "Rate"], [
        ["MH", "03/15/2021", value, "Research", "1001", "250"],
    ])
    result = check(tmp_path / "ex")
    assert report(result, "timesheet.csv").mapping.columns.get(header) == "quantity"
    assert out(result, "timesheet.csv", "quantity") == [hours]


# --------------------------------------------------------------------------------------------
# Flags and times


def test_flags():
    vals, st = _values_and_status(V.parse_flags(S("Yes", "n", "TRUE", "0", "x", "maybe", "")))
    assert vals.tolist() == [True, False, True, False, True, None, None]
    assert st.tolist() == ["ok", "ok", "ok", "ok", "ok", "invalid", "blank"]


def test_times():
    t, st = V.parse_times(S("2:00 PM", "14:05:09", "9am", "25:00", "", "03/04/2021 10:15"))
    assert t.tolist() == ["14:00", "14:05", "09:00", "", "", "10:15"]
    assert st.tolist() == ["ok", "ok", "ok", "invalid", "blank", "ok"]


# --------------------------------------------------------------------------------------------
# Statuses

MATTER_HEADER = ["Matter No", "Matter Description", "Client", "Status"]


def test_matter_statuses_mapped_to_open_pending_closed(tmp_path):
    statuses = ["Open", "active", "CLOSED ", "On Hold", "Archived", "Prospective", "Settled", "pending"]
    write_csv(tmp_path / "ex" / "matters.csv", MATTER_HEADER,
              [[str(1001 + i), f"Matter {i}", "Owen Fletcher", s] for i, s in enumerate(statuses)])
    result = check(tmp_path / "ex")
    assert out(result, "matters.csv", "status") == ["Open", "Open", "Closed", "Pending", "Closed", "Pending", "Closed", "Pending"]
    assert not only(result, "MATTER_STATUS_UNMAPPED")


def test_unmapped_matter_status_is_flagged(tmp_path):
    write_csv(tmp_path / "ex" / "matters.csv", MATTER_HEADER, [
        ["1001", "Whitfield Estate", "Eleanor Whitfield", "Open"],
        ["1002", "Fletcher lease", "Owen Fletcher", "Under Review"],
        ["1003", "Donnelly divorce", "Ruth Donnelly", "Closed"],
        ["1004", "Bell estate", "Nora Bell", "Awaiting Signature"],
    ])
    result = check(tmp_path / "ex")
    bad = only(result, "MATTER_STATUS_UNMAPPED")
    assert where(bad) == [("matters.csv", 3, "Status"), ("matters.csv", 5, "Status")]
    assert all(f.severity == "blocker" for f in bad)
    assert "Under Review" in bad[0].message
    assert out(result, "matters.csv", "status")[0::2] == ["Open", "Closed"]


def test_blank_matter_status_is_flagged(tmp_path):
    write_csv(tmp_path / "ex" / "matters.csv", MATTER_HEADER, [["1001", "Whitfield Estate", "Eleanor Whitfield", ""]])
    f = one(check(tmp_path / "ex"), "MATTER_STATUS_UNMAPPED")
    assert (f.severity, f.row, f.column) == ("blocker", 2, "Status")


def test_task_statuses(tmp_path):
    write_csv(tmp_path / "ex" / "tasks.csv", ["Task Name", "Due Date", "Assigned To", "Task Status"], [
        ["Draft will", "04/02/2021", "MH", "Not Started"],
        ["Call client", "04/03/2021", "MH", "In Progress"],
        ["File petition", "04/04/2021", "MH", "Completed"],
        ["Send letter", "04/05/2021", "MH", "pending"],
    ])
    result = check(tmp_path / "ex")
    assert out(result, "tasks.csv", "status") == ["Pending", "In-Progress", "Complete", "Pending"]


# --------------------------------------------------------------------------------------------
# Names


@pytest.mark.parametrize("text,parts", [
    ("Smith, John A.", ("John", "A.", "Smith", "")),
    ("John A. Smith", ("John", "A.", "Smith", "")),
    ("Acme LLC", ("", "", "", "Acme LLC")),
    ("Smith & Jones LLP", ("", "", "", "Smith & Jones LLP")),
    ("Brightwater Marine, Inc.", ("", "", "", "Brightwater Marine, Inc.")),
    ("Dr. Owen Fletcher Jr.", ("Owen", "", "Fletcher", "")),
    ("Ludwig van Beethoven", ("Ludwig", "", "van Beethoven", "")),
    ("Whitfield, Eleanor", ("Eleanor", "", "Whitfield", "")),
    ("", ("", "", "", "")),
])
def test_split_full_name(text, parts):
    assert split_full_name(text) == parts


@pytest.mark.parametrize("text,company", [
    ("Acme LLC", True), ("Hill & Co.", True), ("Northgate Holdings", True), ("Owen Fletcher", False),
    ("Fletcher, Owen", False),
])
def test_looks_like_company(text, company):
    assert looks_like_company(text) is company


COMMON_FIRST_NAMES = ["Rosa Hill", "Sarah Mitchell", "Lisa Nguyen", "Vincent Lee", "Ralph Moore", "Teresa Walsh",
                      "Hill, Rosa", "Agnes Park"]


@pytest.mark.parametrize("text", COMMON_FIRST_NAMES)
def test_ordinary_person_names_are_not_companies(text):
    assert not looks_like_company(text)
    first, _middle, last, company = split_full_name(text)
    assert company == ""
    assert first and last


@pytest.mark.parametrize("header,values,expected", [
    # "Billable" says the opposite of Clio's non_billable: Yes -> '', No -> 'yes'; blank stays blank
    # (it was made non-billable once: a blank cell came out as 'yes').
    ("Billable", ["Yes", "", "No", "  "], ["", "", "yes", ""]),
    ("Non-billable", ["No", "", "Yes"], ["", "", "yes"]),  # a blank flag read the same way round (it once raised)
])
def test_a_blank_billable_flag_stays_blank(tmp_path, header, values, expected):
    rows = [[f"01/0{i + 2}/2024", "Ann Lee", "1.5", "Lee - Lease", "Call", v] for i, v in enumerate(values)]
    write_csv(tmp_path / "ex" / "Time Entries.csv", ["Date", "User", "Hours", "Matter", "Description", header], rows)
    assert out(check(tmp_path / "ex"), "Time Entries.csv", "non_billable") == expected
    assert out(check(tmp_path / "ex"), "Time Entries.csv", "quantity") == ["1.5"] * len(values)


def test_numbers_made_into_text_once_per_distinct_value():
    col = V.parse_numbers(S("$1,800.00", "", "12.5", "n/a", "$1,800.00"))
    assert col.text(V.money_text).tolist() == ["1800.00", "", "12.50", "", "1800.00"]
    assert col.text(V.money_text).tolist() == [V.money_text(x) for x in col.values()]
    assert col.status.tolist() == ["ok", "blank", "ok", "invalid", "ok"]
    hours = V.parse_hours(S("1:30", "90", "0.25"), minutes=False)
    assert hours.text(V.decimal_text).tolist() == [V.decimal_text(x) for x in hours.values()] == ["1.5", "90", "0.25"]
