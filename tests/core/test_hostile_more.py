"""More hostile inputs: classes of broken files that real legacy programs and office staff make,
beyond tests/core/test_hostile_inputs.py.

Same contract as that suite: each file is read correctly (right columns, row count, values and
row numbers as SPEC section 3 defines them) or refused in plain words (a FILE_UNREADABLE finding
on that file, and CLI exit status 2 when nothing readable was given). Never a traceback, never a
hang, bounded memory. Every file is built here, in the test; nothing is read from /work/shared.

Engine defects are kept as strict xfail tests whose reason starts with "BUG:" and names the
function and the cause.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import io
import json
import os
import re
import struct
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hostile_kit import (
    CONTACTS_OK,
    GUIDANCE,
    check_json,
    cli,
    crlf,
    read_ok,
    read_refused,
    rows,
    run_bounded,
    skipped,
    snapshot,
    tables_of,
    values,
    zip_bytes,
)

from app.core import fastcsv
from app.core.engine import CheckOptions, run_check

# --------------------------------------------------------------------------------------------
# helpers of this file (the shared ones are in hostile_kit.py)


def fast_and_careful(data: bytes, name: str = "export.csv"):
    """(table as read normally, table from the careful reader only)."""
    assert len(data) >= fastcsv.FAST_MIN_BYTES, "the case must be large enough for the fast path"
    normal = tables_of(data, name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fastcsv, "FAST_MIN_BYTES", 10**15)
        careful = tables_of(data, name)
    assert len(normal) == len(careful) == 1
    return normal[0], careful[0]


def assert_refused_alone(capsys, tmp_path: Path, name: str, data: bytes) -> dict:
    """The file given alone: exit 2, a FILE_UNREADABLE finding on it (row null), shown with its name."""
    folder = tmp_path / "exports"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    rc, report, out, err = check_json(capsys, tmp_path, path)
    assert rc == 2, (rc, out, err)
    unreadable = [f for f in report["findings"] if f["code"] == "FILE_UNREADABLE"]
    assert unreadable and all(f["file"] == str(path) and f["row"] is None for f in unreadable), report["findings"]
    assert f"{path}: CANNOT BE READ - " in out and str(path) in err
    return unreadable[0]


def bundle_csv(capsys, tmp_path: Path, folder: Path, member: str, extra=()) -> tuple[int, list[dict]]:
    out_zip = tmp_path / f"bundle-{time.monotonic_ns()}.zip"
    rc, out, err = cli(capsys, "bundle", folder, *extra, "--out", out_zip)
    assert rc in (0, 1), (rc, out, err)
    with zipfile.ZipFile(out_zip) as zf:
        return rc, list(csv.DictReader(io.StringIO(zf.read(member).decode("utf-8-sig"), newline="")))


def zip_with_raw_names(entries: list[tuple[bytes, bytes]]) -> bytes:
    """A ZIP whose member names are the given bytes, with the UTF-8 flag (bit 11) clear: what
    Windows' built-in ZIP (OEM code page) and macOS's Archive Utility (UTF-8, unflagged) write."""
    buf = io.BytesIO()
    placeholders = []
    with zipfile.ZipFile(buf, "w") as zf:
        for i, (raw, data) in enumerate(entries):
            ph = (f"P{i}_" + "x" * len(raw))[: len(raw)]
            placeholders.append((ph.encode("ascii"), raw))
            zf.writestr(ph, data)
    out = buf.getvalue()
    for ph, raw in placeholders:
        assert out.count(ph) == 2  # local header and central directory; the CRC does not cover names
        out = out.replace(ph, raw)
    return out


def workbook_bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# A minimal .xlsx written by hand, for what openpyxl will not write: cached formula results and
# a stale <dimension> element (both common in workbooks made by other programs and libraries).
_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
       '</Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="xl/workbook.xml"/></Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
       '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>')


class F:
    """A formula cell: its formula, the cached result (None: never calculated) and the cell type."""

    def __init__(self, formula: str, cached=None, kind: str | None = None):
        self.formula, self.cached, self.kind = formula, cached, kind


def _xml_cell(ref: str, v) -> str:
    from xml.sax.saxutils import escape

    if isinstance(v, F):
        t = f' t="{v.kind}"' if v.kind else ""
        cached = f"<v>{escape(str(v.cached))}</v>" if v.cached is not None else ""
        return f'<c r="{ref}"{t}><f>{escape(v.formula)}</f>{cached}</c>'
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"><v>{v}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'


def handmade_xlsx(sheet_rows: list[list], dimension: str | None) -> bytes:
    xml_rows = []
    for i, r in enumerate(sheet_rows, 1):
        cells = "".join(_xml_cell(f"{chr(65 + j)}{i}", v) for j, v in enumerate(r) if v is not None)
        xml_rows.append(f'<row r="{i}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}'
             f'<sheetData>{"".join(xml_rows)}</sheetData></worksheet>')
    return zip_bytes([("[Content_Types].xml", _CT), ("_rels/.rels", _RELS), ("xl/workbook.xml", _WB),
                      ("xl/_rels/workbook.xml.rels", _WB_RELS), ("xl/worksheets/sheet1.xml", sheet)])


def encrypted_office_file() -> bytes:
    """A password-protected .xlsx as Office writes it: not a ZIP but an OLE compound file (CFB,
    version 3, 512-byte sectors) holding the streams EncryptionInfo and EncryptedPackage."""
    free, end, fatsect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<?xml version=\"1.0\"?><encryption/>"
    info = info.ljust(4096, b"\x00")  # >= 4096 bytes: kept in regular sectors, no mini stream needed
    package = struct.pack("<Q", 9000) + bytes((i * 37 + 11) % 256 for i in range(4088))
    fat = [fatsect, end] + [3, 4, 5, 6, 7, 8, 9, end] + [11, 12, 13, 14, 15, 16, 17, end]
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = (name.encode("utf-16-le") + b"\x00\x00") if name else b""
        return (raw.ljust(64, b"\x00") + struct.pack("<HBB", len(raw), kind, 1) + struct.pack("<III", nostream, right, child)
                + bytes(16) + bytes(4) + bytes(16) + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, 1, nostream, end, 0) + entry("EncryptionInfo", 2, nostream, 2, 2, len(info))
                 + entry("EncryptedPackage", 2, nostream, nostream, 10, len(package)) + entry("", 0, nostream, nostream, 0, 0))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0) + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    assert len(header) == 512 and len(directory) == 512
    return header + struct.pack("<128I", *fat) + directory + info + package


MATTERS_OK = crlf("Matter Number,Description,Client,Status", "2024-001,Estate of Ann Lee,Ann Lee,Open")
USERS = crlf("first_name,last_name,email,initials", "Margaret,Holloway,mh@example.com,MH")


# --------------------------------------------------------------------------------------------
# Documents that are not tables, under a spreadsheet's or a CSV's name


HTML_TABLE = (b'<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body>\r\n'
              b"<table border=1>\r\n<tr><th>First Name</th><th>Last Name</th><th>Email</th></tr>\r\n"
              b"<tr><td>Ann</td><td>Lee</td><td>ann@example.com</td></tr>\r\n"
              b"<tr><td>Bob</td><td>Ray</td><td>bob@example.com</td></tr>\r\n</table></body></html>\r\n")
MHTML = (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01\"\r\n\r\n"
         b"------=_NextPart_01\r\nContent-Location: file:///C:/contacts.htm\r\nContent-Type: text/html; charset=\"utf-8\"\r\n\r\n"
         + HTML_TABLE + b"------=_NextPart_01--\r\n")
SPREADSHEET_ML = b"""<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Contacts">
  <Table>
   <Row><Cell><Data ss:Type="String">First Name</Data></Cell><Cell><Data ss:Type="String">Last Name</Data></Cell><Cell><Data ss:Type="String">Email</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">Ann</Data></Cell><Cell><Data ss:Type="String">Lee</Data></Cell><Cell><Data ss:Type="String">ann@example.com</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">Bob</Data></Cell><Cell><Data ss:Type="String">Ray</Data></Cell><Cell><Data ss:Type="String">bob@example.com</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>
"""
JSON_EXPORT = b'[\n  {"First Name": "Ann", "Last Name": "Lee", "Email": "ann@example.com"},\n  {"First Name": "Bob", "Last Name": "Ray", "Email": "bob@example.com"}\n]\n'
XML_EXPORT = (b'<?xml version="1.0" encoding="UTF-8"?>\n<contacts>\n  <contact><first>Ann</first><last>Lee</last></contact>\n'
              b"  <contact><first>Bob</first><last>Ray</last></contact>\n</contacts>\n")
RTF_EXPORT = (rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Courier New;}}\f0\fs20 First Name, Last Name, Email\par" b"\r\n"
              rb"Ann, Lee, ann@example.com\par" b"\r\n" rb"Bob, Ray, bob@example.com\par" b"\r\n}")
PDF_TEXT = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
            b"3 0 obj\n<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>\nendobj\n4 0 obj\n<< /Length 120 >>\nstream\n"
            b"BT /F1 10 Tf 72 720 Td (First Name, Last Name, Email) Tj 0 -12 Td (Ann, Lee, ann@example.com) Tj ET\n"
            b"endstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

NOT_TABLES = {
    # id: (file name, bytes, whether it holds the contacts table (so reading that table is also right))
    "html-table-saved-as-xls": ("contacts.xls", HTML_TABLE, True),
    "single-file-web-page-xls": ("contacts.xls", MHTML, True),
    "spreadsheetml-2003-xls": ("contacts.xls", SPREADSHEET_ML, True),
    "spreadsheetml-2003-xml": ("contacts.xml", SPREADSHEET_ML, True),
    "json-named-csv": ("contacts.csv", JSON_EXPORT, False),
    "xml-named-csv": ("contacts.csv", XML_EXPORT, False),
    "rtf-named-csv": ("contacts.csv", RTF_EXPORT, False),
    "pdf-named-csv": ("contacts.csv", PDF_TEXT, False),
}


@pytest.mark.parametrize("case", list(NOT_TABLES))
def test_a_document_that_is_not_a_csv_is_refused_or_its_table_read(case, tmp_path, capsys):
    name, data, holds_table = NOT_TABLES[case]
    t = tables_of(data, name)[0]
    if t.error is None and holds_table:
        assert t.columns == ["First Name", "Last Name", "Email"], t.columns
        assert values(t) == [["Ann", "Lee", "ann@example.com"], ["Bob", "Ray", "bob@example.com"]]
        return
    error = read_refused(data, name)
    assert GUIDANCE.search(error), error
    assert_refused_alone(capsys, tmp_path, name, data)


# --------------------------------------------------------------------------------------------
# Other spreadsheet programs' files, and a password-protected workbook


def _ods() -> bytes:
    return zip_bytes([("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                      ("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'),
                      ("META-INF/manifest.xml", "<manifest/>")], zipfile.ZIP_STORED)


def _numbers() -> bytes:
    return zip_bytes([("Index/Document.iwa", b"\x00\x8c\x01\x00" + bytes(40)), ("Index/Tables/DataList.iwa", b"\x00\x10\x00"),
                      ("Metadata/Properties.plist", b"bplist00\xd1\x01\x02"), ("preview.jpg", b"\xff\xd8\xff\xe0")])


def _xlsb() -> bytes:
    return zip_bytes([("[Content_Types].xml", "<Types/>"), ("_rels/.rels", "<Relationships/>"),
                      ("xl/workbook.bin", b"\x83\x01\x00\x84\x01\x00"), ("xl/worksheets/sheet1.bin", b"\x81\x01\x00\x82\x01\x00")])


OTHER_SPREADSHEETS = {
    "libreoffice-ods": ("contacts.ods", _ods),
    "apple-numbers": ("contacts.numbers", _numbers),
    "excel-binary-xlsb": ("contacts.xlsb", _xlsb),
    "password-protected-xlsx": ("contacts.xlsx", encrypted_office_file),
}


@pytest.mark.parametrize("case", list(OTHER_SPREADSHEETS))
def test_other_spreadsheet_files_are_refused_and_named(case, tmp_path, capsys):
    name, build = OTHER_SPREADSHEETS[case]
    error = read_refused(build(), name)
    assert GUIDANCE.search(error), error
    assert_refused_alone(capsys, tmp_path, name, build())


@pytest.mark.parametrize("case", ["libreoffice-ods", "apple-numbers", "excel-binary-xlsb"])
def test_other_spreadsheet_files_are_called_spreadsheets_not_zip_archives(case):
    name, build = OTHER_SPREADSHEETS[case]
    error = read_refused(build(), name).lower()
    assert "zip" not in error, error
    assert any(w in error for w in ("spreadsheet", "workbook", "opendocument", "libreoffice", "numbers", ".ods", ".xlsb")), error


def test_password_protected_xlsx_is_refused_because_of_its_password():
    error = read_refused(encrypted_office_file(), "contacts.xlsx").lower()
    assert "password" in error or "encrypted" in error or "protected" in error, error
    assert "old-style" not in error


def test_folder_with_other_spreadsheet_and_compressed_files_names_each(tmp_path, capsys):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "contacts.csv").write_bytes(CONTACTS_OK)
    others = {"matters.ods": _ods(), "clients.numbers": _numbers(), "bills.xlsb": _xlsb(),
              "time entries.csv.gz": gzip.compress(crlf("Date,User,Matter,Hours", "01/02/2024,MH,2024-001,1.5"))}
    for n, data in others.items():
        (folder / n).write_bytes(data)
    rc, report, out, err = check_json(capsys, tmp_path, folder)
    told = {f["file"] for f in report["findings"] if f["code"] == "FILE_UNREADABLE"}
    for n in others:
        assert n in told or n in err, f"{n} was passed over without a word: {told}, {err!r}"
    assert rc in (1, 2)


def test_gzipped_export_given_by_name_is_refused_and_named(tmp_path, capsys):
    data = gzip.compress(CONTACTS_OK * 20)
    error = read_refused(data, "contacts.csv.gz")
    assert GUIDANCE.search(error)
    assert_refused_alone(capsys, tmp_path, "contacts.csv.gz", data)


# --------------------------------------------------------------------------------------------
# Encodings: UTF-16 without a byte-order mark, UTF-32, DOS code pages, a BOM in the middle


ACCENTED = [["José", "Muñoz", "Zürich"], ["Zoë", "Øster", "Köln"]]
ACCENTED_TEXT = "First Name,Last Name,City\r\n" + "".join(",".join(r) + "\r\n" for r in ACCENTED)


@pytest.mark.parametrize("data", [
    ACCENTED_TEXT.encode("utf-16-le"),
    ACCENTED_TEXT.encode("utf-16-be"),
    ACCENTED_TEXT.replace(",", "\t").encode("utf-16-le"),
    ACCENTED_TEXT.encode("utf-32"),
    b"\x00\x00\xfe\xff" + ACCENTED_TEXT.encode("utf-32-be"),
], ids=["utf-16-le-no-bom", "utf-16-be-no-bom", "utf-16-le-no-bom-tabs", "utf-32-le-bom", "utf-32-be-bom"])
def test_utf16_without_bom_and_utf32_are_read(data):
    t = read_ok(data)
    assert t.columns == ["First Name", "Last Name", "City"]
    assert values(t) == ACCENTED and rows(t) == [2, 3]


def test_utf32_without_bom_is_read_or_refused_never_garbled(tmp_path, capsys):
    data = ACCENTED_TEXT.encode("utf-32-le")
    t = tables_of(data)[0]
    if t.error:
        assert_refused_alone(capsys, tmp_path, "contacts.csv", data)
    else:
        assert values(t) == ACCENTED


@pytest.mark.parametrize("codec", ["cp850", "cp437"])
def test_dos_code_page_export(codec):
    """Old DOS-era programs write the OEM code page: ü is 0x81, which Windows-1252 does not define."""
    people = [["Müller", "Zürich"], ["François", "Señor"], ["Jürgen", "Köln"]]
    t = read_ok(crlf("Name,City", *[",".join(r) for r in people], enc=codec))
    assert values(t) == people and rows(t) == [2, 3, 4]


@pytest.mark.parametrize("size", ["small", "big"])
def test_two_utf8_exports_joined_with_a_bom_in_the_middle(size):
    n = 2 if size == "small" else 60_000
    part = "".join(f"Person{i},Plain{i},p{i}@example.com\r\n" for i in range(n))
    head = "First Name,Last Name,Email\r\n"
    data = b"\xef\xbb\xbf" + (head + part).encode() + b"\xef\xbb\xbf" + (head + part).encode()
    if size == "big":
        assert len(data) > fastcsv.FAST_MIN_BYTES
    t = tables_of(data)[0]
    assert t.error is None, t.error
    assert t.records == 2 * n, t.records
    assert not any(v[0].lstrip("\ufeff") == "First Name" for v in values(t))
    assert (n + 2, "repeated header") in skipped(t)


# --------------------------------------------------------------------------------------------
# Line structure: DOS end-of-file mark, doubled CRs, classic Mac CR-only, a second export pasted below


@pytest.mark.parametrize("tail", [b"\x1a", b"\x1a" * 64], ids=["one-ctrl-z", "padded-with-ctrl-z"])
def test_dos_end_of_file_mark_is_not_a_record(tail):
    t = read_ok(CONTACTS_OK + tail)
    assert values(t) == [["Ann", "Lee", "ann@example.com"], ["Bob", "Ray", "bob@example.com"]]
    assert rows(t) == [2, 3]


def test_doubled_carriage_returns():
    """Windows text mode writing '\\r\\n' again gives '\\r\\r\\n': every record still reads right."""
    t = read_ok(b"First Name,Last Name\r\r\nAnn,Lee\r\r\nBob,Ray\r\r\n")
    assert t.columns == ["First Name", "Last Name"] and values(t) == [["Ann", "Lee"], ["Bob", "Ray"]]
    assert rows(t) == sorted(rows(t)) and all(reason == "blank line" for _r, reason in skipped(t))


def test_classic_mac_cr_only_file_on_the_fast_path():
    data = b"ID,Name,City\r" + b"".join(b"%d,Person %d,Town %d\r" % (i, i, i % 7) for i in range(120_000))
    normal, careful = fast_and_careful(data)
    assert snapshot(normal) == snapshot(careful)
    assert normal.records == 120_000 and rows(normal)[:2] == [2, 3] and rows(normal)[-1] == 120_001
    assert values(normal)[-1] == ["119999", "Person 119999", f"Town {119_999 % 7}"]


def test_a_second_export_pasted_below_the_first_is_not_read_as_records():
    data = crlf("First Name,Last Name,Email", "Ann,Lee,ann@example.com", "Bob,Ray,bob@example.com",
                "Matter Number,Description,Status", "2024-001,Estate of Ann Lee,Open", "2024-002,Ray divorce,Closed")
    t = tables_of(data)[0]
    if t.error:
        assert re.search(r"\b(row|line) 4\b", t.error), t.error
        return
    assert ["Matter Number", "Description", "Status"] not in values(t), values(t)


# --------------------------------------------------------------------------------------------
# Quoting dialects


def test_space_after_the_delimiter_before_quoted_values():
    t = read_ok(b'"First Name", "Last Name", "Company"\r\n"Ann", "Lee", "Acme, Inc."\r\n"Bob", "Ray", "Beta"\r\n')
    assert t.columns == ["First Name", "Last Name", "Company"]
    assert [[v.strip() for v in r] for r in values(t)] == [["Ann", "Lee", "Acme, Inc."], ["Bob", "Ray", "Beta"]]


def test_single_quote_as_the_quote_character():
    t = read_ok(b"'First Name','Last Name','Company'\r\n'Ann','Lee','Acme'\r\n'Bob','Ray','Beta, LLC'\r\n")
    assert t.columns == ["First Name", "Last Name", "Company"]
    assert values(t) == [["Ann", "Lee", "Acme"], ["Bob", "Ray", "Beta, LLC"]]


def test_apostrophes_in_names_are_not_quotes():
    """Whatever quote detection is added: O'Brien and D'Angelo stay whole in a normal file."""
    t = read_ok(crlf("First Name,Last Name,Company", "Ann,O'Brien,Acme", "Dom,D'Angelo,'t Hooft B.V.", "Bob,Ray,Beta"))
    assert values(t) == [["Ann", "O'Brien", "Acme"], ["Dom", "D'Angelo", "'t Hooft B.V."], ["Bob", "Ray", "Beta"]]


def test_backslash_escaped_quotes(tmp_path):
    data = b'First Name,Last Name,Notes\r\nAnn,Lee,"He said \\"hi\\" loudly"\r\nBob,Ray,plain\r\n'
    t = tables_of(data)[0]
    if t.error:
        assert re.search(r"\b(row|line) 2\b", t.error), t.error
        return
    if values(t)[0][2] == 'He said "hi" loudly':
        return
    path = tmp_path / "contacts.csv"
    path.write_bytes(data)
    result = run_check([str(path)], CheckOptions())
    assert any(f.row == 2 and "quot" in f.message.lower() for f in result.findings), (values(t), result.findings)


def test_backslash_at_the_end_of_a_quoted_value_stays():
    """A Windows folder in a note ends with a backslash before the closing quote: plain RFC 4180."""
    t = read_ok(b'First Name,Last Name,Notes\r\nAnn,Lee,"C:\\Files\\"\r\nBob,Ray,"a ""quoted"" word"\r\n')
    assert values(t) == [["Ann", "Lee", "C:\\Files\\"], ["Bob", "Ray", 'a "quoted" word']]


# --------------------------------------------------------------------------------------------
# Values: Excel's text-forcing formulas, serial dates, thousands separators, control characters


def test_excel_text_forcing_cells_become_their_text(tmp_path, capsys):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "matters.csv").write_bytes(b'Matter Number,Description,Client,Status,Zip\r\n'
                                         b'="00123",Estate of Ann Lee,Ann Lee,Open,="02134"\r\n')
    _rc, clio = bundle_csv(capsys, tmp_path, folder, "clio/matters.csv")
    assert [r["custom_number"] for r in clio] == ["00123"], clio


def test_excel_serial_numbers_in_a_date_column_are_flagged_or_converted(tmp_path, capsys):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "matters.csv").write_bytes(crlf("Matter Number,Description,Client,Status", "2024-001,Estate,Ann Lee,Open"))
    (folder / "time entries.csv").write_bytes(crlf("Date,User,Matter,Hours,Rate,Description",
                                                   "45293,Margaret Holloway,2024-001,1.5,200,Call",
                                                   "01/03/2024,Margaret Holloway,2024-001,1,200,Letter"))
    users = tmp_path / "users.csv"
    users.write_bytes(USERS)
    result = run_check([str(folder)], CheckOptions(region="us"))
    told = [f for f in result.findings if f.code == "INVALID_DATE" and f.file == "time entries.csv" and f.row == 2]
    if not told:  # converted: 45293 is 2024-01-02 in Excel's 1900 date system
        _rc, te = bundle_csv(capsys, tmp_path, folder, "clio/time_entries.csv", extra=("--region", "us", "--users", users))
        assert te[0]["date"] == "01/02/2024", te


def test_thousands_separators_currency_and_parenthesised_negatives(tmp_path, capsys):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "matters.csv").write_bytes(MATTERS_OK)
    (folder / "expenses.csv").write_bytes(crlf("Date,User,Matter,Quantity,Amount,Description",
                                               '01/02/2024,Margaret Holloway,2024-001,1,"$1,250.00",Filing fee',
                                               "01/03/2024,Margaret Holloway,2024-001,1,($150.00),Refund",
                                               '01/04/2024,Margaret Holloway,2024-001,1,"1,234,567.89",Expert'))
    users = tmp_path / "users.csv"
    users.write_bytes(USERS)
    rc, clio = bundle_csv(capsys, tmp_path, folder, "clio/expense_entries.csv", extra=("--region", "us", "--users", users))
    assert rc == 0
    assert [(r["date"], r["price"]) for r in clio] == [("01/02/2024", "1250.00"), ("01/03/2024", "-150.00"), ("01/04/2024", "1234567.89")]


NOTES = ["bell\x07here", "escape\x1b[31mred", "backspace\x08x", "unit\x1fsep", "delete\x7fchar"]


def test_control_characters_inside_cells_are_kept_and_do_not_break_the_run(tmp_path, capsys):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["First Name", "Last Name", "Notes"])
    for i, n in enumerate(NOTES):
        w.writerow([f"Ann{i}", "Lee", n])
    data = buf.getvalue().encode()
    t = read_ok(data)
    assert [r[2] for r in values(t)] == NOTES and rows(t) == list(range(2, 2 + len(NOTES)))
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "contacts.csv").write_bytes(data)
    _rc, clio = bundle_csv(capsys, tmp_path, folder, "clio/contacts.csv")
    assert [r["first_name"] for r in clio] == [f"Ann{i}" for i in range(len(NOTES))]


# --------------------------------------------------------------------------------------------
# Header names with invisible characters


@pytest.mark.parametrize("header", [
    " First Name ,\u00a0Last Name\u00a0,  Email  ",  # padded with spaces and non-breaking spaces
    "First\u00a0Name,Last\u00a0Name,Email",  # non-breaking spaces between the words (pasted from a web page)
    "\u200bFirst Name,Last Name\u200b,\ufeffEmail",  # zero-width spaces and a stray BOM inside names
    "First Name\t,Last Name\t,Email\t",
], ids=["padded-spaces-and-nbsp", "nbsp-between-words", "zero-width-and-bom", "trailing-tabs"])
def test_header_names_with_invisible_characters_still_map(header, tmp_path, capsys):
    path = tmp_path / "contacts.csv"
    path.write_bytes(crlf(header, "Ann,Lee,ann@example.com", "Bob,Ray,bob@example.com"))
    rc, report, out, err = check_json(capsys, tmp_path, path)
    assert rc == 0, (out, err)
    (f,) = report["files"]
    assert f["data_type"] == "contacts" and f["rows"] == 2
    assert sorted(f["mapping"].values()) == ["email_address", "first_name", "last_name"], f["mapping"]


# --------------------------------------------------------------------------------------------
# Printed reports saved as text


def test_fixed_width_printed_report(tmp_path, capsys):
    data = crlf("CLIENT LIST                                   Page 1", "",
                "Client Name          Matter     Opened", "-------------------- ---------- ----------",
                "Ann Lee              2024-001   01/02/2024", "Bob Ray              2024-002   01/03/2024",
                "Cy Dee               2024-003   01/04/2024")
    t = tables_of(data, "clients.txt")[0]
    if t.error:
        assert GUIDANCE.search(t.error)
        return
    assert t.columns == ["Client Name", "Matter", "Opened"], t.columns
    assert values(t)[0] == ["Ann Lee", "2024-001", "01/02/2024"]


# --------------------------------------------------------------------------------------------
# Workbooks


def test_workbook_with_an_empty_sheet_and_a_chart_sheet():
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Contacts"
    for r in [["First Name", "Last Name", "Hours"], ["Ann", "Lee", 1.5], ["Bob", "Ray", 2]]:
        ws.append(r)
    wb.create_sheet("Empty")
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=3, min_row=1, max_row=3), titles_from_data=True)
    wb.create_chartsheet("Chart").add_chart(chart)
    tables = tables_of(workbook_bytes(wb), "contacts.xlsx")
    assert len(tables) == 1, [t.path for t in tables]
    t = tables[0]
    assert t.error is None and t.columns == ["First Name", "Last Name", "Hours"]
    assert values(t) == [["Ann", "Lee", "1.5"], ["Bob", "Ray", "2"]] and rows(t) == [2, 3]


def test_workbook_with_a_merged_two_level_header():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Client", None, "Contact details", None])
    ws.merge_cells("A1:B1")
    ws.merge_cells("C1:D1")
    ws.append(["First Name", "Last Name", "Email", "Phone"])
    ws.append(["Ann", "Lee", "ann@example.com", "555-0100"])
    ws.append(["Bob", "Ray", "bob@example.com", "555-0101"])
    t = read_ok(workbook_bytes(wb), "contacts.xlsx")
    assert t.header_row == 2 and t.columns == ["First Name", "Last Name", "Email", "Phone"]
    assert values(t) == [["Ann", "Lee", "ann@example.com", "555-0100"], ["Bob", "Ray", "bob@example.com", "555-0101"]]
    assert rows(t) == [3, 4]


def test_workbook_with_title_rows_and_the_table_starting_in_column_c():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Client List"
    ws["A2"] = "Printed 31 March 2024"
    for r, line in enumerate([["First Name", "Last Name"], ["Ann", "Lee"], ["Bob", "Ray"]], start=4):
        ws.cell(row=r, column=3, value=line[0])
        ws.cell(row=r, column=4, value=line[1])
    t = read_ok(workbook_bytes(wb), "contacts.xlsx")
    assert t.header_row == 4 and t.columns == ["First Name", "Last Name"]
    assert values(t) == [["Ann", "Lee"], ["Bob", "Ray"]] and rows(t) == [5, 6]


def test_workbook_in_the_mac_1904_date_system():
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.append(["Date", "User", "Start"])
    ws.append([datetime.date(2024, 1, 2), "MH", datetime.datetime(2024, 1, 3, 9, 30)])
    t = read_ok(workbook_bytes(wb), "calendar.xlsx")
    assert values(t) == [["2024-01-02", "MH", "2024-01-03 09:30"]]


def test_workbook_formulas_are_read_as_their_cached_results():
    sheet = [["First Name", "Last Name", "Full Name", "Hours", "Check"]]
    for i in range(3):
        sheet.append([f"Ann{i}", "Lee", F(f'A{i + 2}&" "&B{i + 2}', f"Ann{i} Lee", "str"), F(f"0.5*{i + 1}", 0.5 * (i + 1)),
                      F("1/0", "#DIV/0!", "e")])
    t = read_ok(handmade_xlsx(sheet, "A1:E4"), "contacts.xlsx")
    assert t.columns == ["First Name", "Last Name", "Full Name", "Hours", "Check"]
    assert values(t) == [[f"Ann{i}", "Lee", f"Ann{i} Lee", str(0.5 * (i + 1)).removesuffix(".0"), "#DIV/0!"] for i in range(3)]


@pytest.mark.parametrize("dimension", ["A1", "A1:B2"])
def test_workbook_with_a_stale_dimension_is_read_whole(dimension):
    """openpyxl's read-only sheets trust the <dimension> element, which many programs and libraries
    write wrong ('A1'): the reader must not stop there (ws.reset_dimensions())."""
    sheet = [["First Name", "Last Name", "Email"]] + [[f"Ann{i}", "Lee", f"a{i}@example.com"] for i in range(5)]
    assert read_ok(handmade_xlsx(sheet, None), "contacts.xlsx").records == 5  # the same sheet without <dimension>
    t = read_ok(handmade_xlsx(sheet, dimension), "contacts.xlsx")
    assert t.columns == ["First Name", "Last Name", "Email"]
    assert values(t) == [r for r in sheet[1:]] and rows(t) == [2, 3, 4, 5, 6]


def test_workbook_formula_without_a_cached_result_is_not_silently_blank(tmp_path):
    sheet = [["Full Name", "Email"], [F('"Ann"&" "&"Lee"'), "ann@example.com"], [F('"Bob"&" "&"Ray"'), "bob@example.com"]]
    path = tmp_path / "contacts.xlsx"
    path.write_bytes(handmade_xlsx(sheet, "A1:B3"))
    result = run_check([str(path)], CheckOptions())
    t = result.files[0].table
    if t.error:
        assert "formula" in t.error.lower()
        return
    told = [f for f in result.findings if f.row == 2 and "formula" in f.message.lower()]
    assert values(t)[0][0] == "Ann Lee" or told, (values(t), [(f.code, f.row) for f in result.findings])


def test_workbook_with_a_value_merged_down_over_several_rows(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "User", "Matter", "Hours", "Rate", "Description"])
    ws.append(["01/02/2024", "Margaret Holloway", "2024-001", 1, 200, "Call"])
    ws.append(["01/03/2024", "Margaret Holloway", None, 2, 200, "Letter"])
    ws.merge_cells("C2:C3")
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "time entries.xlsx").write_bytes(workbook_bytes(wb))
    (folder / "matters.csv").write_bytes(MATTERS_OK)
    result = run_check([str(folder)], CheckOptions(region="us"))
    (t,) = [f.table for f in result.files if f.table.path == "time entries.xlsx"]
    told = [f for f in result.findings if f.file == "time entries.xlsx" and f.row == 3]
    assert values(t)[1][2] == "2024-001" or told, (values(t), [(f.code, f.file, f.row) for f in result.findings])


def test_workbook_number_format_with_leading_zeros_is_kept():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Matter Number", "Description", "Zip"])
    ws.append([123, "Estate of Ann Lee", 2134])
    ws["A2"].number_format = "000000"
    ws["C2"].number_format = "00000"
    t = read_ok(workbook_bytes(wb), "matters.xlsx")
    assert values(t) == [["000123", "Estate of Ann Lee", "02134"]]


# --------------------------------------------------------------------------------------------
# ZIP archives


def test_empty_zip_is_refused_and_named(tmp_path, capsys):
    data = zip_bytes([])
    error = read_refused(data, "backup.zip")
    assert GUIDANCE.search(error)
    assert_refused_alone(capsys, tmp_path, "backup.zip", data)


def test_zip_member_names_in_the_dos_code_page():
    data = zip_with_raw_names([("export/Société.csv".encode("cp437"), CONTACTS_OK),
                               ("export/Müller matters.csv".encode("cp437"), MATTERS_OK)])
    tables = sorted(tables_of(data, "backup.zip"), key=lambda t: t.path)
    assert [t.path for t in tables] == ["backup.zip/export/Müller matters.csv", "backup.zip/export/Société.csv"]
    assert [t.records for t in tables] == [1, 2] and not any(t.error for t in tables)


def test_zip_member_names_in_utf8_without_the_utf8_flag():
    data = zip_with_raw_names([("export/Müller contacts.csv".encode(), CONTACTS_OK)])
    (t,) = tables_of(data, "backup.zip")
    assert t.error is None and t.records == 2
    assert t.path == "backup.zip/export/Müller contacts.csv", t.path


# --------------------------------------------------------------------------------------------
# What is given on the command line: the same file twice, a folder named .csv, loops, permissions


@pytest.mark.parametrize("how", ["file-twice", "file-and-its-folder"])
def test_the_same_file_given_twice_is_read_once(how, tmp_path, capsys):
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "contacts.csv"
    path.write_bytes(CONTACTS_OK)
    args = [path, path] if how == "file-twice" else [folder, path]
    rc, report, out, err = check_json(capsys, tmp_path, *args)
    assert sum(f["rows"] for f in report["files"]) == 2, report["files"]
    assert not [f for f in report["findings"] if f["code"] == "DUPLICATE_CONTACT"]


def test_unreadable_file_is_refused_and_named(tmp_path, capsys, monkeypatch):
    """Permission denied (chmod 000, a file locked by another program): running as root ignores
    chmod, so the refusal of the operating system is simulated for that one file."""
    folder = tmp_path / "exports"
    folder.mkdir()
    locked = folder / "contacts.csv"
    locked.write_bytes(CONTACTS_OK)
    real = Path.read_bytes

    def read_bytes_(self):
        if self.name == "contacts.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes_)
    rc, report, out, err = check_json(capsys, tmp_path, locked)
    assert rc == 2
    (f,) = [f for f in report["findings"] if f["code"] == "FILE_UNREADABLE"]
    assert f["file"] == str(locked) and f["row"] is None
    assert "permission" in f["message"].lower() and GUIDANCE.search(f["message"])
    assert str(locked) in err and "Errno" not in out + err


def test_a_folder_named_like_a_csv_file(tmp_path, capsys):
    odd = tmp_path / "contacts.csv"
    odd.mkdir()
    rc, out, err = cli(capsys, "check", odd)
    assert rc == 2 and err.strip()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlink_loops_are_named_or_passed_over_never_followed(tmp_path):
    folder = tmp_path / "exports"
    (folder / "sub").mkdir(parents=True)
    (folder / "contacts.csv").write_bytes(CONTACTS_OK)
    os.symlink(folder, folder / "sub" / "back to top")  # a folder loop
    os.symlink("loop-b.csv", folder / "loop-a.csv")  # a file loop
    os.symlink("loop-a.csv", folder / "loop-b.csv")
    res = run_bounded(["check", folder, folder / "loop-a.csv"], tmp_path, timeout=30)
    res.assert_sane()
    assert "contacts.csv: contacts, 2 records" in res.out, res.out
    assert res.out.count("contacts.csv: contacts") == 1  # not again through 'sub/back to top'
    assert res.rc == 2 and "loop-a.csv" in res.err  # the loop given by name is named


# --------------------------------------------------------------------------------------------
# Shapes that are large in one direction: time and memory


def test_header_then_thousands_of_delimiter_only_lines():
    data = b"First Name,Last Name,Email,Phone,City\r\n" + b",,,,\r\n" * 5000 + b"Ann,Lee,ann@example.com,555-0100,Paris\r\n"
    t = read_ok(data)
    assert t.columns == ["First Name", "Last Name", "Email", "Phone", "City"]
    assert values(t) == [["Ann", "Lee", "ann@example.com", "555-0100", "Paris"]] and rows(t) == [5002]
    assert len(t.skipped) == 5000 and skipped(t)[0] == (2, "blank line") and skipped(t)[-1] == (5001, "blank line")


def test_header_then_a_large_number_of_delimiter_only_lines_through_the_cli(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes(b"First Name,Last Name,Email,Phone,City\r\n" + b",,,,\r\n" * 350_000)
    assert path.stat().st_size > fastcsv.FAST_MIN_BYTES
    out_json = tmp_path / "out.json"
    res = run_bounded(["check", path, "--quiet", "--json", out_json], tmp_path, timeout=60, limit_mb=800)
    res.assert_sane()
    assert res.rc == 0, res.err[-2000:]
    report = json.loads(out_json.read_text(encoding="utf-8"))
    assert report["files"][0]["rows"] == 0
    assert not [f for f in report["findings"] if f["code"] == "FILE_UNREADABLE"]


def test_one_column_of_many_rows():
    data = b"Email\r\n" + b"".join(b"p%d@example.com\r\n" % i for i in range(150_000))
    normal, careful = fast_and_careful(data)
    assert snapshot(normal) == snapshot(careful)
    assert normal.columns == ["Email"] and normal.records == 150_000
    assert rows(normal)[-1] == 150_001 and values(normal)[-1] == ["p149999@example.com"]
