"""Reading export files: delimiters, header rows, row numbers (SPEC section 3), workbooks, ZIPs,
bad files and collecting the inputs.

Row numbers: the first line of the file is row 1; title lines and blank lines count; a quoted
value with line breaks inside is ONE row. Every file is built in the test.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from app.core.reader import InputFile, collect_inputs, read_bytes, read_input

# --------------------------------------------------------------------------------------------
# helpers


def read_all(data: bytes, name: str = "export.csv"):
    return read_bytes(name, f"/exports/{name}", data)


def read_one(data: bytes, name: str = "export.csv"):
    tables = read_all(data, name)
    assert len(tables) == 1, [t.path for t in tables]
    t = tables[0]
    assert t.error is None, t.error
    return t


def read_error(data: bytes, name: str = "export.csv") -> str:
    tables = read_all(data, name)
    assert len(tables) == 1, [t.path for t in tables]
    t = tables[0]
    assert t.error, "expected a read error"
    assert t.frame.empty and t.records == 0
    return t.error


def records(t) -> list[dict]:
    return t.frame.to_dict("records")


def rownums(t) -> list[int]:
    return [int(r) for r in t.rows]


def skipped(t) -> list[tuple[int, str]]:
    return [(s.row, s.reason) for s in t.skipped]


def all_str(t) -> bool:
    return all(isinstance(v, str) for v in t.frame.to_numpy().ravel())


def csv_bytes(*lines: str, nl: str = "\r\n", enc: str = "utf-8") -> bytes:
    return (nl.join(lines) + nl).encode(enc)


# --------------------------------------------------------------------------------------------
# delimiters


@pytest.mark.parametrize(
    "delim,lines",
    [
        (",", ["Name,Amount,Note", '"Muñoz, Ana",12.50,a;b|c', "Lee,3.00,plain"]),
        ("\t", ["Name\tAmount\tNote", "Muñoz, Ana\t12.50\ta;b|c", "Lee\t3.00\tplain"]),
        (";", ["Name;Amount;Note", "Muñoz, Ana;12.50;a,b|c", "Lee;3.00;plain"]),
        ("|", ["Name|Amount|Note", "Muñoz, Ana|12.50|a;b,c", "Lee|3.00|plain"]),
    ],
    ids=["comma", "tab", "semicolon", "pipe"],
)
def test_delimiter_is_detected(delim, lines):
    t = read_one(csv_bytes(*lines))
    assert t.delimiter == delim
    assert t.header_row == 1
    assert t.columns == ["Name", "Amount", "Note"]
    other = {",": "a;b|c", "\t": "a;b|c", ";": "a,b|c", "|": "a;b,c"}[delim]
    assert records(t) == [
        {"Name": "Muñoz, Ana", "Amount": "12.50", "Note": other},
        {"Name": "Lee", "Amount": "3.00", "Note": "plain"},
    ]
    assert rownums(t) == [2, 3]


def test_semicolon_file_with_decimal_commas():
    t = read_one(csv_bytes("Matter;Hours;Rate", "16-1001;1,50;250,00", "16-1002;0,25;250,00"))
    assert t.delimiter == ";"
    assert records(t)[0] == {"Matter": "16-1001", "Hours": "1,50", "Rate": "250,00"}


def test_sep_line_is_honoured_and_counted_in_row_numbers():
    t = read_one(csv_bytes("sep=;", "Name;Amount", "José;1,50", "Ann;2,00"))
    assert t.delimiter == ";"
    assert t.header_row == 2
    assert t.columns == ["Name", "Amount"]
    assert records(t) == [{"Name": "José", "Amount": "1,50"}, {"Name": "Ann", "Amount": "2,00"}]
    assert rownums(t) == [3, 4]
    assert [s.row for s in t.skipped] == [1]


def test_sep_line_overrides_the_sniffed_delimiter():
    # The data alone would sniff as comma-separated; the sep= hint says pipe.
    t = read_one(csv_bytes("sep=|", "Name|Note", "Ann, Lee|a, b, c", "Bo, Ng|d, e, f"))
    assert t.delimiter == "|"
    assert records(t) == [{"Name": "Ann, Lee", "Note": "a, b, c"}, {"Name": "Bo, Ng", "Note": "d, e, f"}]


def test_sep_line_is_reported_as_a_hint_not_a_title():
    t = read_one(csv_bytes("sep=;", "Name;Amount", "José;1,50"))
    assert len(t.skipped) == 1 and "sep" in t.skipped[0].reason


def test_sep_line_in_headerless_file_is_not_a_record():
    t = read_one(csv_bytes("sep=,", "2020-01-02,1.5,john@example.com", "2020-01-03,2.5,jane@example.com"))
    assert t.header_row is None
    assert [r["Column 1"] for r in records(t)] == ["2020-01-02", "2020-01-03"]
    assert rownums(t) == [2, 3]


# --------------------------------------------------------------------------------------------
# values stay text


def test_values_are_kept_exactly_as_text():
    values = ["00123", "16-1001", "1/2/2020", "+1 555 0100", "1.50E+03", "NA", "null", "TRUE", " 12 ", "0.10", "-0"]
    header = ",".join(f"C{i}" for i in range(len(values)))
    t = read_one(csv_bytes(header, ",".join(values)))
    assert list(records(t)[0].values()) == values
    assert all_str(t)


def test_blank_cells_are_empty_strings_not_missing():
    t = read_one(csv_bytes("A,B,C", "1,,3", ",x,"))
    assert records(t) == [{"A": "1", "B": "", "C": "3"}, {"A": "", "B": "x", "C": ""}]
    assert all_str(t)
    assert not t.frame.isna().to_numpy().any()


# --------------------------------------------------------------------------------------------
# header row, title lines, totals, footers


def test_report_with_title_lines_subtotal_and_total():
    t = read_one(
        csv_bytes(
            '"Smith, Jones & Partners LLP",,,',  # 1 firm name (quoted: one cell)
            "Time Entry Report,,,",  # 2 report name
            "Date range: 01/01/2024 - 03/31/2024,,,",  # 3
            ",,,",  # 4 blank
            "Date,User,Matter,Hours",  # 5 header
            "1/2/2024,JS,16-1001,1.50",  # 6
            "1/3/2024,JS,16-1002,0.25",  # 7
            "Subtotal: JS,,,1.75",  # 8 subtotal
            "1/4/2024,AL,16-1001,2.00",  # 9
            "Grand Total,,,3.75",  # 10 total
        )
    )
    assert t.header_row == 5
    assert t.columns == ["Date", "User", "Matter", "Hours"]
    assert records(t) == [
        {"Date": "1/2/2024", "User": "JS", "Matter": "16-1001", "Hours": "1.50"},
        {"Date": "1/3/2024", "User": "JS", "Matter": "16-1002", "Hours": "0.25"},
        {"Date": "1/4/2024", "User": "AL", "Matter": "16-1001", "Hours": "2.00"},
    ]
    assert rownums(t) == [6, 7, 9]
    assert skipped(t) == [
        (1, "title line above the table"),
        (2, "title line above the table"),
        (3, "title line above the table"),
        (4, "blank line"),
        (8, "total line"),
        (10, "total line"),
    ]
    assert t.skipped[0].text == "Smith, Jones & Partners LLP"
    assert "3.75" in t.skipped[-1].text


def test_repeated_header_and_page_footer_are_skipped():
    t = read_one(
        csv_bytes(
            "Matter,Client,Status",
            "16-1001,Acme Corp,Open",
            "Page 1 of 2,,",
            "Matter,Client,Status",
            "16-1002,Beta LLC,Closed",
        )
    )
    assert rownums(t) == [2, 5]
    assert skipped(t) == [(3, "report footer"), (4, "repeated header")]
    assert [r["Matter"] for r in records(t)] == ["16-1001", "16-1002"]


def test_company_named_total_is_a_record_not_a_total_line():
    t = read_one(
        csv_bytes(
            "First,Last,Company,Email",
            "John,Smith,,john@example.com",
            ",,Total Home Care LLC,info@totalhomecare.com",
            "Ann,Lee,,ann@example.com",
        )
    )
    assert rownums(t) == [2, 3, 4]
    assert records(t)[1]["Company"] == "Total Home Care LLC"
    assert t.skipped == []


def test_title_line_with_a_label_and_a_date_cell():
    t = read_one(
        csv_bytes(
            "Report Date:,03/31/2024,,",
            "Matter,Client,Opened,Balance",
            "16-1001,Acme Corp,1/2/2020,12.50",
            "16-1002,Beta LLC,1/3/2020,1.00",
        )
    )
    assert t.header_row == 2
    assert t.columns == ["Matter", "Client", "Opened", "Balance"]
    assert rownums(t) == [3, 4]
    assert skipped(t) == [(1, "title line above the table")]


# --------------------------------------------------------------------------------------------
# quoted line breaks and blank lines: row numbering


def test_quoted_newlines_and_commas_are_one_row():
    t = read_one(
        csv_bytes(
            "Matter,Description,Note",
            '16-1001,"Smith v. Jones, appeal","Line one',
            "line two, with a comma",
            'line three"',
            '16-1002,"Estate of Doe","He said ""yes"""',
            '16-1003,"Two',
            'lines",plain',
            "16-1004,Last,end",
        )
    )
    assert t.header_row == 1
    assert rownums(t) == [2, 3, 4, 5]
    r = records(t)
    assert r[0] == {
        "Matter": "16-1001",
        "Description": "Smith v. Jones, appeal",
        "Note": "Line one\r\nline two, with a comma\r\nline three",
    }
    assert r[1]["Note"] == 'He said "yes"'
    assert r[2]["Description"] == "Two\r\nlines"
    assert r[3] == {"Matter": "16-1004", "Description": "Last", "Note": "end"}


def test_quoted_newlines_below_title_lines_with_lf_endings():
    t = read_one(
        csv_bytes(
            "Matter Notes,,",
            "Matter,Subject,Detail",
            '16-1001,Call,"first\nsecond\nthird"',
            "16-1002,Email,short",
            nl="\n",
        )
    )
    assert t.header_row == 2
    assert rownums(t) == [3, 4]
    assert records(t)[0]["Detail"] == "first\nsecond\nthird"


def test_blank_lines_inside_data_are_skipped_and_counted():
    t = read_one(csv_bytes("A,B", "1,2", "", "3,4", ",", "   ", "5,6"))
    assert rownums(t) == [2, 4, 7]
    assert [r["A"] for r in records(t)] == ["1", "3", "5"]
    assert skipped(t) == [(3, "blank line"), (5, "blank line"), (6, "blank line")]


def test_old_mac_cr_line_endings():
    t = read_one(csv_bytes("Name,City", "Ann,Boston", "Bo,Denver", nl="\r"))
    assert records(t) == [{"Name": "Ann", "City": "Boston"}, {"Name": "Bo", "City": "Denver"}]
    assert rownums(t) == [2, 3]


def test_a_very_long_note_does_not_make_the_file_unreadable():
    long_note = "word " * 30_000  # 150,000 characters
    t = read_one(csv_bytes("Matter,Note", f'16-1001,"{long_note}"', "16-1002,short"))
    assert records(t)[0]["Note"] == long_note
    assert rownums(t) == [2, 3]


# --------------------------------------------------------------------------------------------
# header names and ragged rows


def test_duplicate_and_blank_header_names():
    t = read_one(csv_bytes("Name,Email,,email,Phone,Notes,", "Ann,a@x.com,n1,a2@x.com,555,hi,z", "Bo,b@x.com,n2,,556,,"))
    assert t.header_row == 1
    assert t.columns == ["Name", "Email", "Column 3", "email (2)", "Phone", "Notes", "Column 7"]
    assert records(t)[0] == {
        "Name": "Ann",
        "Email": "a@x.com",
        "Column 3": "n1",
        "email (2)": "a2@x.com",
        "Phone": "555",
        "Notes": "hi",
        "Column 7": "z",
    }
    assert records(t)[1]["Column 7"] == ""
    assert rownums(t) == [2, 3]


def test_header_with_three_phone_columns():
    t = read_one(csv_bytes("First Name,Last Name,Email,Phone,Phone,Phone", "Ann,Lee,a@x.com,555-0100,555-0101,"))
    assert t.header_row == 1
    assert t.columns == ["First Name", "Last Name", "Email", "Phone", "Phone (2)", "Phone (3)"]
    assert records(t)[0]["Phone (2)"] == "555-0101"
    assert rownums(t) == [2]


def test_header_with_one_duplicate_among_four():
    t = read_one(csv_bytes("First,Last,Email,Email", "Ann,Lee,a@x.com,ann@home.example"))
    assert t.header_row == 1
    assert t.columns == ["First", "Last", "Email", "Email (2)"]
    assert records(t) == [{"First": "Ann", "Last": "Lee", "Email": "a@x.com", "Email (2)": "ann@home.example"}]


def test_dedupe_headers_numbers_repeats_in_order():
    from app.core.reader import dedupe_headers

    assert dedupe_headers(["Note", "Note", "note", "", "Column 4"], 6) == [
        "Note",
        "Note (2)",
        "note (3)",
        "Column 4",
        "Column 4 (2)",
        "Column 6",
    ]


def test_trailing_delimiter_does_not_add_a_column():
    t = read_one(csv_bytes("A,B,", "1,2,", "3,4,"))
    assert t.columns == ["A", "B"]
    assert records(t) == [{"A": "1", "B": "2"}, {"A": "3", "B": "4"}]


def test_ragged_rows_short_padded_long_kept():
    t = read_one(csv_bytes("A,B,C", "1,2", "1,2,3,4,5", "x,y,z"))
    assert t.columns == ["A", "B", "C", "Column 4", "Column 5"]
    assert records(t) == [
        {"A": "1", "B": "2", "C": "", "Column 4": "", "Column 5": ""},
        {"A": "1", "B": "2", "C": "3", "Column 4": "4", "Column 5": "5"},
        {"A": "x", "B": "y", "C": "z", "Column 4": "", "Column 5": ""},
    ]
    assert t.ragged_rows == [3]
    assert rownums(t) == [2, 3, 4]


# --------------------------------------------------------------------------------------------
# headerless files


def test_headerless_file_keeps_the_first_row_as_data():
    t = read_one(
        csv_bytes(
            "2020-01-02,1.50,john@example.com,Consultation",
            "2020-01-03,0.25,jane@example.com,Phone call",
            "2020-01-04,2.00,john@example.com,Drafting",
        )
    )
    assert t.header_row is None
    assert t.columns == ["Column 1", "Column 2", "Column 3", "Column 4"]
    assert rownums(t) == [1, 2, 3]
    assert records(t)[0] == {"Column 1": "2020-01-02", "Column 2": "1.50", "Column 3": "john@example.com", "Column 4": "Consultation"}
    assert t.skipped == []


# --------------------------------------------------------------------------------------------
# Excel workbooks


def _workbook_bytes() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Contacts"
    ws.append(["Smith & Jones LLP"])  # 1 title
    ws.append([])  # 2 blank
    ws.append(["Name", "Client No", "Opened", "Hours"])  # 3 header
    ws.append(["José Muñoz", "00123", dt.datetime(2020, 1, 2), 1.5])  # 4
    ws.append(["Ann Lee", "00456", dt.datetime(2020, 3, 4, 9, 30), 2])  # 5
    ws["B4"].number_format = "@"
    ws2 = wb.create_sheet("Matters")
    ws2.append(["Matter", "Description"])
    ws2.append(["16-1001", "Smith v. Jones"])
    ws2.append(["16-1002", "Estate of Doe"])
    wb.create_sheet("Empty")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _check_workbook_tables(tables, shown: str):
    assert [t.path for t in tables] == [f"{shown}/Contacts", f"{shown}/Matters"]
    contacts, matters = tables
    assert contacts.error is None and matters.error is None
    assert contacts.kind == "xlsx"
    assert contacts.header_row == 3
    assert contacts.columns == ["Name", "Client No", "Opened", "Hours"]
    assert records(contacts) == [
        {"Name": "José Muñoz", "Client No": "00123", "Opened": "2020-01-02", "Hours": "1.5"},
        {"Name": "Ann Lee", "Client No": "00456", "Opened": "2020-03-04 09:30", "Hours": "2"},
    ]
    assert rownums(contacts) == [4, 5]
    assert skipped(contacts) == [(1, "title line above the table"), (2, "blank line")]
    assert all_str(contacts)
    assert matters.header_row == 1
    assert records(matters) == [
        {"Matter": "16-1001", "Description": "Smith v. Jones"},
        {"Matter": "16-1002", "Description": "Estate of Doe"},
    ]
    assert rownums(matters) == [2, 3]


def test_xlsx_with_two_sheets():
    tables = read_all(_workbook_bytes(), name="export.xlsx")
    _check_workbook_tables(tables, "export.xlsx")


def test_workbook_renamed_csv_is_still_read_as_a_workbook():
    tables = read_all(_workbook_bytes(), name="export.csv")
    _check_workbook_tables(tables, "export.csv")


def test_single_sheet_workbook_is_shown_by_file_name():
    wb = openpyxl.Workbook()
    wb.active.append(["Matter", "Status"])
    wb.active.append(["16-1001", "Open"])
    buf = io.BytesIO()
    wb.save(buf)
    t = read_one(buf.getvalue(), name="matters.xlsx")
    assert t.path == "matters.xlsx"
    assert records(t) == [{"Matter": "16-1001", "Status": "Open"}]


def test_text_file_named_xlsx_gives_an_error():
    assert "not one" in read_error(b"Name,Email\nAnn,a@x.com\n", name="contacts.xlsx")


# --------------------------------------------------------------------------------------------
# ZIP archives


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name), data)
    return buf.getvalue()


def test_zip_with_two_csvs_in_nested_folders():
    data = _zip(
        {
            "contacts.csv": b"First,Last\r\nAnn,Lee\r\n",
            "exports/2024/matters.csv": b"Matter;Status\r\n16-1001;Open\r\n16-1002;Closed\r\n",
            "exports/readme.pdf": b"%PDF-1.4 not a table",
            "__MACOSX/exports/._matters.csv": b"\x00\x05\x16\x07junk",
        }
    )
    tables = read_all(data, name="backup.zip")
    assert [t.path for t in tables] == ["backup.zip/contacts.csv", "backup.zip/exports/2024/matters.csv"]
    assert all(t.error is None for t in tables)
    contacts, matters = tables
    assert contacts.member == "contacts.csv"
    assert records(contacts) == [{"First": "Ann", "Last": "Lee"}]
    assert matters.delimiter == ";"
    assert records(matters) == [{"Matter": "16-1001", "Status": "Open"}, {"Matter": "16-1002", "Status": "Closed"}]
    assert rownums(matters) == [2, 3]


def test_zip_member_names_are_shown_safely():
    data = _zip(
        {
            "../../evil.csv": b"A,B\n1,2\n",
            "/etc/absolute.csv": b"A,B\n3,4\n",
            "C:\\Users\\me\\drive.csv": b"A,B\n5,6\n",
        }
    )
    tables = read_all(data, name="backup.zip")
    assert len(tables) == 3
    assert all(t.error is None for t in tables)
    for t in tables:
        inner = t.path.removeprefix("backup.zip/")
        assert t.path.startswith("backup.zip/")
        assert ".." not in t.path.replace("\\", "/").split("/")
        assert not inner.startswith(("/", "\\"))
        assert ":" not in inner and "\\" not in inner
        assert t.member is not None and not t.member.startswith("/") and ".." not in t.member.split("/")
    assert sorted(t.path for t in tables) == ["backup.zip/Users/me/drive.csv", "backup.zip/etc/absolute.csv", "backup.zip/evil.csv"]
    assert sorted(records(t)[0]["A"] for t in tables) == ["1", "3", "5"]


def test_zip_members_that_sanitise_to_the_same_name_stay_distinct():
    data = _zip({"contacts.csv": b"A,B\n1,2\n", "../contacts.csv": b"A,B\n3,4\n", "/contacts.csv": b"A,B\n5,6\n"})
    tables = read_all(data, name="backup.zip")
    assert len(tables) == 3 and all(t.error is None for t in tables)
    assert len({t.path for t in tables}) == 3


def test_zip_with_a_workbook_inside():
    tables = read_all(_zip({"book.xlsx": _workbook_bytes()}), name="backup.zip")
    _check_workbook_tables(tables, "backup.zip/book.xlsx")


def test_zip_without_any_csv_gives_an_error():
    msg = read_error(_zip({"readme.pdf": b"%PDF-1.4", "photo.jpg": b"\xff\xd8\xff\xe0"}), name="backup.zip")
    assert "no CSV" in msg


def test_damaged_zip_gives_an_error():
    msg = read_error(b"PK\x03\x04" + b"\x14\x00garbage-not-a-zip" * 20, name="backup.zip")
    assert "damaged" in msg


def test_truncated_zip_gives_an_error():
    good = _zip({"contacts.csv": b"First,Last\n" + b"Ann,Lee\n" * 500})
    msg = read_error(good[: len(good) // 2], name="backup.zip")
    assert "damaged" in msg


def test_password_protected_member_gives_an_error():
    data = bytearray(_zip({"contacts.csv": b"First,Last\nAnn,Lee\n"}))
    # Set the "encrypted" flag bit in the local header and the central directory entry.
    data[6] |= 0x01
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 8] |= 0x01
    msg = read_error(bytes(data), name="backup.zip")
    assert "password" in msg


# --------------------------------------------------------------------------------------------
# files that cannot be read: a clear error, never an exception


@pytest.mark.parametrize(
    "data,phrase",
    [
        (b"", "empty"),
        (b"\r\n\r\n\n  \n", "nothing in it to migrate"),
        (b",,,\r\n,,\r\n", "only blank lines"),
        (bytes(range(256)) * 8, "binary data"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary data"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), ".xls"),
    ],
    ids=["empty", "only-newlines", "only-delimiters", "binary", "png", "old-xls"],
)
def test_unreadable_files_give_a_clear_error(data, phrase):
    assert phrase in read_error(data, name="contacts.csv")


def test_header_only_file_has_no_records_and_no_error():
    t = read_one(csv_bytes("First,Last,Email"))
    assert t.header_row == 1
    assert t.columns == ["First", "Last", "Email"]
    assert t.records == 0
    assert list(t.frame.columns) == ["First", "Last", "Email"]
    assert rownums(t) == []


def test_table_records_sha256_and_size_of_the_original_bytes():
    import hashlib

    data = csv_bytes("A,B", "1,2")
    t = read_one(data)
    assert t.size == len(data)
    assert t.sha256 == hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------------------------
# collecting the inputs


def test_collect_inputs_from_a_folder(tmp_path):
    root = tmp_path / "exports"
    (root / "sub").mkdir(parents=True)
    (root / "contacts.csv").write_bytes(b"First,Last\nAnn,Lee\n")
    (root / "sub" / "Matters.CSV").write_bytes(b"Matter,Status\n16-1001,Open\n")
    (root / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    (root / ".hidden.csv").write_bytes(b"A,B\n1,2\n")
    (root / "~$contacts.xlsx").write_bytes(b"lock")
    (root / "users.csv").write_bytes(b"First,Last,Email\nAnn,Lee,a@x.com\n")
    (root / "notes.pdf").write_bytes(b"%PDF")
    missing = tmp_path / "nowhere.csv"

    files, problems = collect_inputs([str(root), str(missing)], exclude=[str(root / "users.csv")])

    assert [f.display for f in files] == ["contacts.csv", "old.xls", "sub/Matters.CSV"]
    assert all(isinstance(f, InputFile) and f.path.is_file() for f in files)
    assert len(problems) == 1 and str(missing) in problems[0]

    tables = {t.path: t for f in files for t in read_input(f)}
    assert records(tables["contacts.csv"]) == [{"First": "Ann", "Last": "Lee"}]
    assert records(tables["sub/Matters.CSV"]) == [{"Matter": "16-1001", "Status": "Open"}]
    assert ".xls" in tables["old.xls"].error


def test_collect_inputs_single_file_keeps_the_path_as_given(tmp_path):
    f = tmp_path / "matters.csv"
    f.write_bytes(b"Matter\n16-1001\n")
    files, problems = collect_inputs([str(f)])
    assert problems == []
    assert [x.display for x in files] == [str(f)]


def test_collect_inputs_excluded_single_file(tmp_path):
    users = tmp_path / "users.csv"
    users.write_bytes(b"First,Last\nAnn,Lee\n")
    files, problems = collect_inputs([str(users)], exclude=[str(users)])
    assert files == [] and problems == []


def test_read_input_of_a_vanished_file_is_an_error(tmp_path):
    f = tmp_path / "gone.csv"
    tables = read_input(InputFile("gone.csv", f))
    assert len(tables) == 1 and tables[0].error
    assert "could not be opened" in tables[0].error


# --------------------------------------------------------------------------------------------
# documents recognised by their first bytes (app/core/documents.py)


def test_bracketed_sql_headers_are_still_a_csv():
    t = read_one(b"[First Name],[Last Name]\r\nAnn,Lee\r\n")
    assert t.columns == ["[First Name]", "[Last Name]"] and t.records == 1


def test_a_csv_whose_values_hold_markup_is_still_a_csv():
    t = read_one(b"First Name,Notes\r\nAnn,<b>VIP</b>\r\n")
    assert t.columns == ["First Name", "Notes"] and t.records == 1


def test_html_page_without_a_table_is_refused_as_a_web_page():
    error = read_error(b"<!DOCTYPE html><html><body><p>Please sign in</p></body></html>", "contacts.csv")
    assert "web page" in error and "export" in error.lower()


def test_html_table_with_colspan_entities_and_line_breaks():
    page = (b"<html><body><table><tr><th>Name</th><th colspan=2>Address</th></tr>"
            b"<tr><td>Ann &amp; Bob</td><td>1 Main St<br>Suite 2</td><td>Paris</td></tr></table></body></html>")
    t = read_one(page, "contacts.xls")
    assert t.columns == ["Name", "Address", "Column 3"]
    assert t.frame.astype(object).values.tolist() == [["Ann & Bob", "1 Main St\nSuite 2", "Paris"]]
    assert [int(r) for r in t.rows] == [2]


def test_spreadsheetml_with_two_sheets_skipped_cells_and_types():
    data = b"""<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Matters"><Table>
  <Row><Cell><Data ss:Type="String">Matter</Data></Cell><Cell><Data ss:Type="String">Opened</Data></Cell><Cell><Data ss:Type="String">Hours</Data></Cell></Row>
  <Row ss:Index="3"><Cell><Data ss:Type="String">2024-001</Data></Cell><Cell><Data ss:Type="DateTime">2024-01-02T00:00:00.000</Data></Cell><Cell><Data ss:Type="Number">2</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">2024-002</Data></Cell><Cell ss:Index="3"><Data ss:Type="Number">1.5</Data></Cell></Row>
 </Table></Worksheet>
 <Worksheet ss:Name="Empty"><Table/></Worksheet>
</Workbook>"""
    t = read_one(data, "matters.xls")
    assert t.columns == ["Matter", "Opened", "Hours"]
    assert t.frame.astype(object).values.tolist() == [["2024-001", "2024-01-02", "2"], ["2024-002", "", "1.5"]]
    assert [int(r) for r in t.rows] == [3, 4]


def test_compressed_file_is_refused_as_compressed():
    import gzip

    assert "compressed (gzip)" in read_error(gzip.compress(b"a,b\r\n1,2\r\n"), "contacts.csv.gz")


def test_folder_keeps_spreadsheet_xml_but_not_other_xml(tmp_path):
    (tmp_path / "contacts.xml").write_bytes(b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>')
    (tmp_path / "settings.xml").write_bytes(b'<?xml version="1.0"?><settings><a>1</a></settings>')
    files, _problems = collect_inputs([str(tmp_path)])
    assert [f.display for f in files] == ["contacts.xml"]


def test_the_same_file_through_a_symlink_and_by_name_is_taken_once(tmp_path):
    import os

    (tmp_path / "contacts.csv").write_bytes(b"First,Last\nAnn,Lee\n")
    os.symlink(tmp_path / "contacts.csv", tmp_path / "link.csv")
    files, _problems = collect_inputs([str(tmp_path / "contacts.csv"), str(tmp_path)])
    assert [f.display for f in files] == [str(tmp_path / "contacts.csv")]


def _big(lines: str, n: int) -> bytes:
    return lines.encode() * n


def test_a_second_export_pasted_below_a_large_first_one_is_refused_on_the_fast_path():
    from app.core import fastcsv

    data = b"First Name,Last Name,Email\r\n" + _big("Ann,Lee,ann@example.com\r\n", 90_000)
    data += b"Matter Number,Description,Status\r\n2024-001,Estate,Open\r\n"
    assert len(data) > fastcsv.FAST_MIN_BYTES
    error = read_error(data)
    assert "Row 90002 starts a second table" in error


def test_records_holding_column_names_are_not_a_second_header():
    t = read_one(b"Type,Subject,Status\r\nEmail,Phone call,Open\r\nPhone,Email follow-up,Closed\r\nTask,Notes,Done\r\n")
    assert t.records == 3


def test_a_large_file_ending_with_a_dos_end_of_file_mark():
    from app.core import fastcsv

    data = b"First Name,Last Name\r\n" + _big("Ann,Lee\r\n", 250_000) + b"\x1a" * 10
    assert len(data) > fastcsv.FAST_MIN_BYTES
    t = read_one(data)
    assert t.records == 250_000 and t.frame.iloc[-1].tolist() == ["Ann", "Lee"]


def test_workbook_zero_padding_formats_and_plain_decimals():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Matter Number", "Phone", "Hours"])
    ws.append([123, 5551234567, 5])
    ws["A2"].number_format = "000000"
    ws["B2"].number_format = "(000) 000-0000"
    ws["C2"].number_format = "00.00"
    buf = io.BytesIO()
    wb.save(buf)
    t = read_one(buf.getvalue(), "matters.xlsx")
    assert t.frame.astype(object).values.tolist() == [["000123", "(555) 123-4567", "5"]]


def test_a_one_column_export_is_not_a_printed_report():
    t = read_one(b"Full Name\r\nAnn Lee\r\nBob Ray\r\nCy Dee\r\nDi Fox\r\n")
    assert t.records == 4


def test_a_printed_report_is_refused():
    error = read_error(b"Client Name          Matter\r\nAnn Lee              2024-001\r\nBob Ray              2024-002\r\n"
                       b"Cy Dee               2024-003\r\n", "clients.txt")
    assert "printed report" in error
