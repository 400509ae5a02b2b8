"""Hostile input files: each one is read correctly, or refused in plain words.

"Read correctly" means the right values, encoding and delimiter, and row numbers as SPEC
section 3 defines them (the first line of the file is row 1; title, blank and hint lines count;
a quoted value with line breaks inside is one row). "Refused" means a FILE_UNREADABLE finding
on that file (row null), a message that says what is wrong and what to do, and, when nothing
readable was given, CLI exit status 2. Never a traceback, never a hang, bounded memory.

Every file is built here, in the test (bytes in memory or in tmp_path). Large and hang-prone
cases run the CLI in a child process with a time limit and a memory ceiling. Files of 2 MB or
more go through the pyarrow fast path (app/core/fastcsv.py); each such case is compared with
the careful reader (the csv module) on the same bytes.

Engine defects are kept as strict xfail tests whose reason starts with "BUG:".
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
import os
import random
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hostile_kit import (
    CONTACTS_OK,
    GUIDANCE,
    careful_read,
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
from app.core.reader import InputFile, read_input

# --------------------------------------------------------------------------------------------
# helpers


def fast_and_careful(data: bytes, name: str = "export.csv"):
    """(table as read normally, table from the careful reader, whether pyarrow produced the first)."""
    assert len(data) >= fastcsv.FAST_MIN_BYTES, "the case must be large enough for the fast path"
    used = []
    real = fastcsv.try_read

    def spy(*a, **k):
        t = real(*a, **k)
        used.append(t is not None)
        return t

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fastcsv, "try_read", spy)
        normal = tables_of(data, name)
    careful = careful_read(data, name)
    assert len(normal) == len(careful) == 1
    return normal[0], careful[0], any(used)


def xlsx_bytes(*sheet_rows, titles=None) -> bytes:
    wb = openpyxl.Workbook()
    for i, rows_ in enumerate(sheet_rows):
        ws = wb.active if i == 0 else wb.create_sheet()
        if titles:
            ws.title = titles[i]
        for r in rows_:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------
# Files that must be refused: the reader, the engine's finding, the CLI


def _random_bytes(n: int, seed: int, lo: int = 0) -> bytes:
    rnd = random.Random(seed)
    return bytes(rnd.randrange(lo, 256) for _ in range(n))


def _nested_zip(depth: int) -> bytes:
    data = zip_bytes([("contacts.csv", CONTACTS_OK)])
    for i in range(depth - 1):
        data = zip_bytes([(f"level{i}.zip", data)])
    return data


def _encrypted_member_zip() -> bytes:
    import pyzipper

    buf = io.BytesIO()
    with pyzipper.AESZipFile(buf, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as zf:
        zf.setpassword(b"secret")
        zf.writestr("contacts.csv", CONTACTS_OK)
    return buf.getvalue()


@functools.lru_cache(maxsize=1)
def _one_member_bomb() -> bytes:
    """200 MB of zeros in one member, compressed to a few hundred KB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("export/contacts.csv", "w", force_zip64=True) as fh:
            chunk = b"0" * (1 << 20)
            for _ in range(200):
                fh.write(chunk)
    return buf.getvalue()


_XLSX = xlsx_bytes([["First Name", "Last Name"], ["Ann", "Lee"]])

REFUSED = {
    # id: (file name, bytes builder, words the message must contain (any of))
    "empty": ("contacts.csv", lambda: b"", ("empty",)),
    "only-blank-lines": ("contacts.csv", lambda: b"\r\n\n   \r\n\t\r\n\r\n", ("empty", "blank")),
    "only-delimiters": ("contacts.csv", lambda: b",,,\r\n , ,\r\n\t,\t\r\n", ("empty", "blank")),
    "binary-with-nul": ("contacts.csv", lambda: _random_bytes(20_000, 7), ("binary",)),
    "gzip-named-csv": ("contacts.csv", lambda: gzip.compress(CONTACTS_OK * 50), ("binary",)),
    "nul-byte-in-a-row": ("contacts.csv", lambda: crlf("First Name,Last Name", "Ann,Lee", "Bob\x00,Ray", "Cy,Dee"), ("binary", "nul")),
    "old-xls-named-csv": ("contacts.csv", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _random_bytes(4000, 3), (".xls", "old-style")),
    "text-named-xlsx": ("contacts.xlsx", lambda: CONTACTS_OK, ("excel", "workbook")),
    "truncated-xlsx": ("contacts.xlsx", lambda: _XLSX[: len(_XLSX) // 2], ("damaged", "could not be opened")),
    "damaged-zip": ("backup.zip", lambda: b"PK\x03\x04" + _random_bytes(3000, 5, lo=1), ("damaged",)),
    "utf8-bom-then-bad-bytes": ("contacts.csv", lambda: b"\xef\xbb\xbfFirst Name,Last Name\r\nAnn,L\xff\xfee\r\n", ("damaged", "utf-8")),
    "utf16-bom-odd-length": ("contacts.csv", lambda: b"\xff\xfe" + "First Name\tLast Name\r\nAnn\tLe".encode("utf-16-le") + b"e", ("damaged", "utf-16")),
    "zip-without-exports": ("backup.zip", lambda: zip_bytes([("readme.pdf", b"%PDF-1.4"), ("photo.jpg", b"\xff\xd8\xff")]), ("no csv",)),
    "zip-nested-too-deep": ("backup.zip", lambda: _nested_zip(4), ("nested",)),
    "zip-member-with-password": ("backup.zip", _encrypted_member_zip, ("password",)),
    "zip-bomb-one-member": ("backup.zip", _one_member_bomb, ("unreasonable size", "zip bomb")),
    "workbook-without-data": ("contacts.xlsx", lambda: xlsx_bytes([]), ("no sheet", "no data", "empty")),
}

# Refusals whose message says what is wrong but not what to do about it.
NO_GUIDANCE: dict[str, str] = {}  # every refusal now says what to do


@pytest.mark.parametrize("case", list(REFUSED))
def test_refused_by_the_reader_with_a_reason(case):
    name, build, words = REFUSED[case]
    data = build()
    tables = tables_of(data, name)
    assert tables and all(t.error for t in tables), [(t.path, t.records) for t in tables]
    for t in tables:
        assert t.path == name or t.path.startswith(name + "/"), t.path  # names the file (and the member inside a ZIP)
        assert t.records == 0 and t.frame.empty
        assert any(w in t.error.lower() for w in words), t.error
        assert "Traceback" not in t.error and "Errno" not in t.error


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=NO_GUIDANCE[c])) if c in NO_GUIDANCE else c for c in REFUSED],
)
def test_refusal_says_what_to_do(case):
    name, build, _words = REFUSED[case]
    for t in tables_of(build(), name):
        assert GUIDANCE.search(t.error), f"{t.path}: {t.error!r} does not say what to do"


@pytest.mark.parametrize("case", list(REFUSED))
def test_refused_file_alone_exits_2_and_is_named(case, tmp_path, capsys):
    name, build, _words = REFUSED[case]
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / name
    path.write_bytes(build())
    rc, report, out, err = check_json(capsys, tmp_path, path)
    assert rc == 2, (rc, out, err)
    unreadable = [f for f in report["findings"] if f["code"] == "FILE_UNREADABLE"]
    assert unreadable, report["findings"]
    for f in unreadable:
        assert f["severity"] == "blocker" and f["row"] is None
        assert f["file"] == str(path) or f["file"].startswith(str(path) + "/"), f["file"]
        assert f["message"] and f"{f['file']}: CANNOT BE READ - {f['message']}" in out  # the user sees file and reason together


def test_refused_files_next_to_good_ones_are_each_named(tmp_path, capsys):
    """A folder of every refused kind plus one good export: the good one is read, each bad one named."""
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "good contacts.csv").write_bytes(CONTACTS_OK)
    expected = set()
    for case, (name, build, _w) in REFUSED.items():
        if case == "zip-bomb-one-member":
            continue  # slow to build; covered alone
        stem, dot, ext = name.rpartition(".")
        fname = f"{case} {stem}.{ext}"
        (folder / fname).write_bytes(build())
        expected.add(fname)
    rc, report, out, err = check_json(capsys, tmp_path, folder)
    assert rc == 1, (rc, err)  # something readable, and blockers (the unreadable files)
    named = {f["file"].split("/", 1)[0] for f in report["findings"] if f["code"] == "FILE_UNREADABLE"}
    assert named == expected
    good = [f for f in report["files"] if f["path"] == "good contacts.csv"]
    assert good and good[0]["rows"] == 2 and good[0]["data_type"] == "contacts"


def test_bundle_of_only_unreadable_input_says_why(tmp_path, capsys):
    path = tmp_path / "contacts.csv"
    path.write_bytes(b"")
    out_zip = tmp_path / "bundle.zip"
    rc, out, err = cli(capsys, "bundle", path, "--out", out_zip)
    assert rc == 2 and not out_zip.exists()
    assert str(path) in out + err and "empty" in (out + err).lower(), (out, err)


def test_semicolon_only_lines_are_blank():
    error = read_refused(b";;\r\n;;\r\n;;\r\n", "contacts.csv")
    assert "blank" in error.lower() or "empty" in error.lower()


@pytest.mark.parametrize("data", [
    crlf("First Name,Last Name", "Ann,Lee", "Bob\x00,Ray", "Cy,Dee"),
    b"\xef\xbb\xbf" + crlf("First Name,Last Name", "Ann,Lee") + b"Bob,R\xffay\r\nCy,Dee\r\n",
    b"\xff\xfe" + "First Name\tLast Name\r\nAnn\tLee\r\nBob\tR".encode("utf-16-le") + b"\x00\xdc" + "ay\r\n".encode("utf-16-le"),
], ids=["nul", "bad-utf8-after-bom", "lone-surrogate-utf16"])
def test_refusal_names_the_row_where_there_is_one(data):
    error = read_refused(data)
    assert re.search(r"\b(row|line) 3\b", error), error
    assert "SIG" not in error


def test_binary_without_nul_bytes_is_refused():
    data = _random_bytes(20_000, 11, lo=1)
    error = read_refused(data, "contacts.csv")
    assert "binary" in error.lower() or "not a csv" in error.lower() or "not text" in error.lower()


def test_damaged_workbook_is_called_a_workbook():
    error = read_refused(_XLSX[: len(_XLSX) // 2], "contacts.xlsx")
    assert "workbook" in error.lower() or "excel" in error.lower(), error


# --------------------------------------------------------------------------------------------
# Files that must be read correctly


def test_header_only_has_no_records_and_is_not_an_error(tmp_path, capsys):
    t = read_ok(b"First Name,Last Name,Email\r\n")
    assert t.columns == ["First Name", "Last Name", "Email"] and t.records == 0 and t.header_row == 1
    path = tmp_path / "contacts.csv"
    path.write_bytes(b"First Name,Last Name,Email")  # no final line break either
    rc, report, out, err = check_json(capsys, tmp_path, path)
    assert rc == 0 and report["files"][0]["rows"] == 0
    assert not [f for f in report["findings"] if f["code"] == "FILE_UNREADABLE"]
    rc, out, err = cli(capsys, "bundle", path, "--out", tmp_path / "b.zip")
    assert rc == 0 and (tmp_path / "b.zip").exists()


def test_utf16_with_bom_and_tabs():
    text = "First Name\tLast Name\tCity\r\nJosé\tMuñoz\tZürich\r\nZoë\tØster, Jr.\tKöln\r\n"
    for codec in ("utf-16", "utf-16-be"):
        data = text.encode("utf-16-le") if codec == "utf-16" else text.encode("utf-16-be")
        data = (b"\xff\xfe" if codec == "utf-16" else b"\xfe\xff") + data
        t = read_ok(data)
        assert t.encoding == "utf-16" and t.delimiter == "\t"
        assert t.columns == ["First Name", "Last Name", "City"]
        assert values(t) == [["José", "Muñoz", "Zürich"], ["Zoë", "Øster, Jr.", "Köln"]]
        assert rows(t) == [2, 3]


def test_utf8_with_bom():
    t = read_ok(b"\xef\xbb\xbf" + crlf("First Name,Last Name", "José,Muñoz"))
    assert t.encoding == "utf-8-sig" and t.columns == ["First Name", "Last Name"]  # no BOM glued to the first header
    assert values(t) == [["José", "Muñoz"]]


LEGACY = [["José Muñoz", "Zürich", "O’Brien & Søn – “Ltd”"], ["François Gâteau", "Besançon", "Ñandú Straße"]]


@pytest.mark.parametrize("codec", ["cp1252", "mac_roman"])
def test_windows_1252_and_mac_roman_with_accents(codec):
    lines = ["Name,City,Company"] + [",".join(f'"{c}"' for c in r) for r in LEGACY]
    t = read_ok(crlf(*lines, enc=codec))
    assert t.encoding == codec
    assert values(t) == LEGACY
    assert "\ufffd" not in "".join(v for r in values(t) for v in r)


@pytest.mark.parametrize("codec,rows_", [
    ("cp1252", [["Ann Lee", "“VIP” client – call first"]]),
    ("mac_roman", [["Jürgen Müller", "München"], ["Zoë Brontë", "Köln"]]),
])
def test_common_western_text_is_decoded_in_the_right_code_page(codec, rows_):
    t = read_ok(crlf("Name,Notes", *[",".join(r) for r in rows_], enc=codec))
    assert (t.encoding, values(t)) == (codec, rows_)


@pytest.mark.parametrize("note", ["client is “difficult”", "it’s “fine”", "the “estate” file"])
def test_curly_quotes_around_lower_case_words_stay_windows_1252(note):
    t = read_ok(crlf("Name,Notes", f"Ann Lee,{note}", enc="cp1252"))
    assert (t.encoding, values(t)) == ("cp1252", [["Ann Lee", note]])


@pytest.mark.parametrize("codec", ["utf-8", "cp1252", "mac_roman"])
def test_accents_only_after_the_first_200_kb(codec):
    pad = "".join(f"Person{i},Town{i},Plain Co {i}\r\n" for i in range(9000))  # ASCII only
    data = ("Name,City,Company\r\n" + pad + "José Muñoz,Zürich,Øster – “Søn”\r\n").encode(codec)
    assert data.find(next(b for b in [bytes([x]) for x in range(0x80, 0x100)] if b in data)) > 200_000
    t = read_ok(data)
    assert t.encoding == codec
    assert values(t)[-1] == ["José Muñoz", "Zürich", "Øster – “Søn”"]
    assert rows(t)[-1] == 9002


def test_mixed_line_endings():
    t = read_ok(b"Name,City\r\nA,B\nC,D\rE,F\r\nG,H\n")
    assert values(t) == [["A", "B"], ["C", "D"], ["E", "F"], ["G", "H"]]
    assert rows(t) == [2, 3, 4, 5]


@pytest.mark.parametrize("sep", ["\u2028", "\x0b"])
def test_unicode_line_separators_inside_cells(sep):
    t = read_ok(f"Contacts Report\r\nFirst Name;Last Name;Notes\r\nAnn;Lee;Called{sep}left message{sep}again\r\n".encode())
    assert t.delimiter == ";" and t.header_row == 2
    assert values(t) == [["Ann", "Lee", f"Called{sep}left message{sep}again"]]


def test_quoted_cells_with_line_breaks_are_one_row():
    t = read_ok(b'Name,Note,City\r\nA,"line one\r\nline two\nline three",X\r\nB,"a, ""quoted"" word",Y\r\nC,plain,Z\r\n')
    assert values(t) == [["A", "line one\r\nline two\nline three", "X"], ["B", 'a, "quoted" word', "Y"], ["C", "plain", "Z"]]
    assert rows(t) == [2, 3, 4]


UNBALANCED = crlf("First Name,Last Name,Email", "Ann,Lee,ann@example.com", 'Bob,"Ray,bob@example.com', "Cy,Dee,cy@example.com",
                  "Di,Fox,di@example.com")


def test_unbalanced_quote_loses_no_record_silently(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes(UNBALANCED)
    result = run_check([str(path)], CheckOptions())
    t = result.files[0].table
    told = [f for f in result.findings if f.row == 3 and "quote" in f.message.lower()]
    refused = t.error and re.search(r"\b(row|line) 3\b", t.error)
    assert t.records == 4 or told or refused, (t.records, values(t))


def test_inch_marks_inside_unquoted_cells_are_kept():
    """A lone quote inside an unquoted cell is literal (Excel and the csv module agree): an odd number of
    quote characters in a file is not, by itself, an unclosed quote."""
    data = crlf("First Name,Last Name,Notes", "Ann,Lee,Height 5'10", 'Bob,Ray,Delivered a 27" monitor', "Cy,Dee,plain")
    assert data.count(b'"') == 1
    t = read_ok(data)
    assert values(t) == [["Ann", "Lee", "Height 5'10"], ["Bob", "Ray", 'Delivered a 27" monitor'], ["Cy", "Dee", "plain"]]
    assert rows(t) == [2, 3, 4]


def test_ragged_rows_keep_every_value_and_are_flagged(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes(crlf("First Name,Last Name,Email", "Ann,Lee,ann@example.com", "Bob,Ray,bob@example.com,EXTRA", "Cy"))
    result = run_check([str(path)], CheckOptions())
    t = result.files[0].table
    assert t.columns == ["First Name", "Last Name", "Email", "Column 4"]
    assert values(t) == [["Ann", "Lee", "ann@example.com", ""], ["Bob", "Ray", "bob@example.com", "EXTRA"], ["Cy", "", "", ""]]
    assert rows(t) == [2, 3, 4]
    extra = [f for f in result.findings if f.code == "ROW_EXTRA_CELLS"]
    assert [(f.file, f.row) for f in extra] == [(str(path), 3)]


def test_duplicate_and_blank_header_names_keep_every_column(tmp_path, capsys):
    path = tmp_path / "contacts.csv"
    path.write_bytes(crlf("First Name,Last Name,,Email,email,Last Name", "Ann,Lee,x1,ann@example.com,a2@example.com,Lee-Smith"))
    t = read_input(InputFile(str(path), path))[0]
    assert t.columns == ["First Name", "Last Name", "Column 3", "Email", "email (2)", "Last Name (2)"]
    assert values(t) == [["Ann", "Lee", "x1", "ann@example.com", "a2@example.com", "Lee-Smith"]]
    rc, out, err = cli(capsys, "bundle", path, "--out", tmp_path / "b.zip")
    assert rc in (0, 1)
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        mapping = json.loads(zf.read("mapping.json"))[str(path)]
    assert set(mapping["columns"]) | set(mapping["kept_as_custom_fields"]) == set(t.columns)  # nothing dropped


def test_2000_columns_are_read():
    header = ",".join(f"Field {i}" for i in range(2000))
    body = "".join(",".join(f"r{r}c{i}" for i in range(2000)) + "\r\n" for r in range(30))
    t = read_ok((header + "\r\n" + body).encode())
    assert len(t.columns) == 2000 and t.records == 30
    assert values(t)[29][1999] == "r29c1999" and rows(t)[-1] == 31


def test_a_5_mb_cell_is_kept_whole():
    note = ("Lorem ipsum, dolor \"sit\" amet\n" * 200_000)[:5_000_000]
    quoted = note.replace('"', '""')
    data = f'First Name,Last Name,Notes\r\nAnn,Lee,"{quoted}"\r\nBob,Ray,short\r\n'.encode()
    assert len(data) > fastcsv.FAST_MIN_BYTES
    normal, careful, _fast = fast_and_careful(data)
    assert snapshot(normal) == snapshot(careful)
    assert values(normal)[0][2] == note and values(normal)[1] == ["Bob", "Ray", "short"]
    assert rows(normal) == [2, 3]


def test_a_200000_character_line_is_read():
    long = "x" * 200_000
    t = read_ok(f"First Name,Last Name,Notes\r\nAnn,Lee,{long}\r\nBob,Ray,short\r\n".encode())
    assert values(t) == [["Ann", "Lee", long], ["Bob", "Ray", "short"]]
    assert rows(t) == [2, 3]


EXOTIC = [
    ["😀 Smiley", "👨‍👩‍👧 Family Trust", "🇨🇦"],
    ["שלום כהן", "مرحبا بكم", "\u202eevil\u202c"],
    ["Zoe\u0308 (combining)", "Jose\u0301", "Zoë (precomposed)"],
    ["\u200bzero width", "non\u00a0breaking", "tab\tinside"],
]


def test_emoji_right_to_left_and_combining_characters_survive_to_the_bundle(tmp_path, capsys):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["First Name", "Last Name", "Notes"])
    w.writerows(EXOTIC)
    t = read_ok(buf.getvalue().encode())
    assert values(t) == EXOTIC  # exactly: no normalisation, no stripping, no replacement
    path = tmp_path / "contacts.csv"
    path.write_bytes(buf.getvalue().encode())
    rc, out, err = cli(capsys, "bundle", path, "--out", tmp_path / "b.zip")
    assert rc in (0, 1)
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        clio = list(csv.DictReader(io.StringIO(zf.read("clio/contacts.csv").decode("utf-8-sig"), newline="")))
    assert [r["first_name"] for r in clio] == [r[0] for r in EXOTIC]
    assert [r["last_name"] for r in clio] == [r[1] for r in EXOTIC]


FORMULAS = ["=1+2", "=HYPERLINK(\"http://evil.example\",\"click\")", "@SUM(1+9)*cmd|' /C calc'!A0", "=cmd|' /C calc'!A0",
            "\t=1+1", "-2+3", "+A1"]
DDE = ["+cmd|' /C calc'!A0", "-cmd|' /C calc'!A0"]


def _contacts_with_first_names(names: list[str]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["First Name", "Last Name", "Email"])
    for i, n in enumerate(names):
        w.writerow([n, f"Lee{i}", f"p{i}@example.com"])
    w.writerow(["-5", "Negative", "neg@example.com"])  # a plain negative number is not a formula
    return buf.getvalue().encode()


def _bundle_first_names(tmp_path, capsys, names):
    path = tmp_path / "contacts.csv"
    path.write_bytes(_contacts_with_first_names(names))
    result = run_check([str(path)], CheckOptions())
    rc, out, err = cli(capsys, "bundle", path, "--out", tmp_path / "b.zip")
    assert rc in (0, 1)
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        clio = list(csv.DictReader(io.StringIO(zf.read("clio/contacts.csv").decode("utf-8-sig"), newline="")))
    return result, clio


def test_formula_cells_are_flagged_and_neutralised(tmp_path, capsys):
    result, clio = _bundle_first_names(tmp_path, capsys, FORMULAS)
    flagged = sorted(f.row for f in result.findings if f.code == "CELL_FORMULA")
    assert flagged == list(range(2, 2 + len(FORMULAS)))
    firsts = [r["first_name"] for r in clio]
    for got, v in zip(firsts, FORMULAS):
        assert got.startswith("'") and got[1:].strip() == v.strip(), (got, v)  # a spreadsheet shows it as text
    assert firsts[-1] == "-5"


def test_dde_payloads_starting_with_plus_or_minus_are_neutralised(tmp_path, capsys):
    result, clio = _bundle_first_names(tmp_path, capsys, DDE)
    assert sorted(f.row for f in result.findings if f.code == "CELL_FORMULA") == [2, 3]
    assert [r["first_name"] for r in clio][:2] == ["'" + v for v in DDE]


def test_sep_hint_line():
    t = read_ok(b"sep=;\r\nName;Amount;City\r\nA;1,50;Paris, FR\r\nB;2,75;Lyon\r\n")
    assert t.delimiter == ";" and t.header_row == 2
    assert values(t) == [["A", "1,50", "Paris, FR"], ["B", "2,75", "Lyon"]]
    assert rows(t) == [3, 4] and skipped(t) == [(1, "spreadsheet hint line (sep=)")]


def test_decimal_commas_become_decimal_numbers_in_the_bundle(tmp_path, capsys):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "matters.csv").write_bytes(crlf("Matter Number;Description;Client;Status", "2024-001;Müller divorce;Hans Müller;Open",
                                              enc="cp1252"))
    (folder / "time entries.csv").write_bytes(crlf("Date;User;Matter;Hours;Rate;Description",
                                                   "02.01.2024;Margaret Holloway;2024-001;1,5;1.234,50;Call",
                                                   "03.01.2024;Margaret Holloway;2024-001;0,25;150,00;Letter"))
    users = tmp_path / "users.csv"
    users.write_bytes(crlf("first_name,last_name,email,initials", "Margaret,Holloway,mh@example.com,MH"))
    rc, out, err = cli(capsys, "bundle", folder, "--users", users, "--region", "uk", "--out", tmp_path / "b.zip")
    assert rc == 0, out
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        te = list(csv.DictReader(io.StringIO(zf.read("clio/time_entries.csv").decode("utf-8-sig"), newline="")))
    assert [(r["date"], r["quantity"], r["price"]) for r in te] == [("01/02/2024", "1.5", "1234.50"), ("01/03/2024", "0.25", "150.00")]


def test_tab_file_named_csv():
    t = read_ok(b"Name\tCompany\tNote\r\nAnn Lee\tAcme, Inc.\ta;b|c\r\nBob Ray\tBeta, LLC\tplain\r\n")
    assert t.delimiter == "\t"
    assert values(t) == [["Ann Lee", "Acme, Inc.", "a;b|c"], ["Bob Ray", "Beta, LLC", "plain"]]


def test_title_block_and_total_line():
    t = read_ok(crlf("Time Entry Report", "Holloway & Partners", "Printed 03/31/2024", "", "Date,User,Matter,Hours,Rate",
                     "01/02/2024,MH,2024-001,1.5,200", "01/03/2024,DO,2024-002,2.0,150", "Total,,,3.5,"))
    assert t.header_row == 5 and t.columns == ["Date", "User", "Matter", "Hours", "Rate"]
    assert values(t) == [["01/02/2024", "MH", "2024-001", "1.5", "200"], ["01/03/2024", "DO", "2024-002", "2.0", "150"]]
    assert rows(t) == [6, 7]
    assert [r for r, _ in skipped(t)] == [1, 2, 3, 4, 8]
    assert dict(skipped(t))[8] == "total line" and dict(skipped(t))[4] == "blank line"


def test_workbook_renamed_csv_is_read_as_a_workbook():
    data = xlsx_bytes([["First Name", "Last Name"], ["José", "Köln"], ["Ann", 12.5]])
    t = read_ok(data, "contacts.csv")
    assert t.kind == "xlsx" and t.encoding is None
    assert values(t) == [["José", "Köln"], ["Ann", "12.5"]] and rows(t) == [2, 3]


LONG_NAMES = [
    "é" * 100 + " contacts.csv",  # 205 bytes in UTF-8: near the 255-byte limit of most file systems
    "😀 client list – ünïcödé.csv",
    "עברית אנשי קשר.csv",
    "Cafe\u0301 contacts.csv",  # decomposed
    "=HYPERLINK(1) contacts.csv",  # a file name that a spreadsheet would run
    "<b onmouseover=alert(1)> contacts.csv",
    "x" * 230 + ".csv",
]


def test_very_long_and_unicode_file_names(tmp_path, capsys):
    folder = tmp_path / ("ü" * 40) / "exports"
    folder.mkdir(parents=True)
    for n in LONG_NAMES:
        (folder / n).write_bytes(crlf("First Name,Last Name,Email", ",,nobody@example.com", "Ann,Lee,ann@example.com"))
    rc, report, out, err = check_json(capsys, tmp_path, folder)
    assert rc == 1  # each file has a contact with no name (row 2)
    assert {f["path"] for f in report["files"]} == set(LONG_NAMES)
    assert {(f["file"], f["row"]) for f in report["findings"] if f["code"] == "CONTACT_NO_NAME"} == {(n, 2) for n in LONG_NAMES}
    out_zip = tmp_path / "b.zip"
    rc, out, err = cli(capsys, "bundle", folder, "--out", out_zip)
    assert rc == 1 and out_zip.exists()
    assert cli(capsys, "verify", out_zip)[0] == 0
    with zipfile.ZipFile(out_zip) as zf:
        for n in LONG_NAMES:
            assert zf.read(f"source/{n}") == (folder / n).read_bytes()
        findings = list(csv.reader(io.StringIO(zf.read("findings.csv").decode("utf-8-sig"), newline="")))
        report_html = zf.read("report.html").decode("utf-8")
    files_col = {r[2] for r in findings[1:]}
    assert "'=HYPERLINK(1) contacts.csv" in files_col and "=HYPERLINK(1) contacts.csv" not in files_col
    assert "<b onmouseover" not in report_html


HOSTILE_MEMBERS = ["../../../evil.csv", "/etc/cron.d/abs.csv", "C:\\Windows\\drive.csv", "ok/../../up.csv", "./dot/./x.csv",
                   "..\\..\\back.csv"]


def test_zip_entries_with_parent_and_absolute_paths(tmp_path, capsys, monkeypatch):
    work = tmp_path / "a" / "b" / "c"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    entries = [(m, crlf("First Name,Last Name", f"Ann{i},Lee")) for i, m in enumerate(HOSTILE_MEMBERS)]
    data = zip_bytes(entries)
    archive = work / "backup.zip"
    archive.write_bytes(data)
    tables = tables_of(data, "backup.zip")
    shown = sorted(t.path for t in tables)
    assert len(shown) == len(HOSTILE_MEMBERS) and len(set(shown)) == len(shown)
    for p in shown:
        inner = p.split("/", 1)[1]
        assert ".." not in inner.split("/") and not inner.startswith("/") and not re.match(r"^[A-Za-z]:", inner) and "\\" not in inner, p
    assert sorted(v for t in tables for v in t.frame["First Name"]) == sorted(f"Ann{i}" for i in range(len(HOSTILE_MEMBERS)))
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    rc, out, err = cli(capsys, "bundle", "backup.zip", "--out", "bundle.zip")
    assert rc in (0, 1)
    after = sorted(str(p) for p in tmp_path.rglob("*"))
    assert set(after) - set(before) == {str(work / "bundle.zip")}  # nothing unpacked anywhere
    with zipfile.ZipFile(work / "bundle.zip") as zf:
        names = zf.namelist()
        assert zf.read("source/backup.zip") == data
    for n in names:
        assert not n.startswith("/") and ".." not in n.split("/") and "\\" not in n and not re.match(r"^[A-Za-z]:", n), n


def test_one_member_zip_bomb_is_refused_without_unpacking(tmp_path):
    data = _one_member_bomb()
    assert len(data) < 2_000_000
    path = tmp_path / "backup.zip"
    path.write_bytes(data)
    res = run_bounded(["check", path], tmp_path, timeout=60)
    res.assert_sane()
    assert res.rc == 2 and "zip bomb" in res.out and str(path) in res.out
    assert res.peak_mb < 600


@pytest.fixture(scope="module")
def many_member_bomb(tmp_path_factory) -> Path:
    """A ~0.4 MB ZIP of 6 members, each 45 MB of tiny CSV records (270 MB in all): every member
    stays under the per-member limit, the archive as a whole expands ~700 times."""
    path = tmp_path_factory.mktemp("bomb") / "backup.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for m in range(6):
            with zf.open(f"export/part{m}.csv", "w") as fh:
                fh.write(b"Name,Amount\r\n")
                chunk = b"1,2\r\n" * (1 << 18)
                for _ in range(36):
                    fh.write(chunk)
    return path


def test_zip_bomb_of_many_small_members_is_refused_or_bounded(many_member_bomb, tmp_path):
    assert many_member_bomb.stat().st_size < 3_000_000
    # 800 MB for a 0.4 MB file is already 2000 times its size (and stops a runaway child sooner than 1.5 GB).
    res = run_bounded(["check", many_member_bomb, "--quiet"], tmp_path, timeout=60, limit_mb=800)
    res.assert_sane()
    assert res.rc in (0, 1, 2)
    tables = read_input(InputFile("backup.zip", many_member_bomb))
    assert len(tables) == 1 and "zip bomb" in tables[0].error and tables[0].path == "backup.zip", [t.error for t in tables]


def test_zip_of_too_many_export_files_is_refused_before_unpacking(monkeypatch):
    import app.core.reader as reader

    monkeypatch.setattr(reader, "MAX_ARCHIVE_MEMBERS", 20)
    data = zip_bytes([(f"export/part{i}.csv", CONTACTS_OK) for i in range(21)] + [(f"doc{i}.pdf", b"%PDF") for i in range(30)])
    error = read_refused(data, "backup.zip")
    assert "21" in error and "unpack it yourself" in error.lower()
    assert len(tables_of(zip_bytes([(f"export/part{i}.csv", CONTACTS_OK) for i in range(20)]), "backup.zip")) == 20


def test_workbook_with_a_formatted_cell_far_away_is_read_quickly(tmp_path):
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["First Name", "Last Name"])
    ws.append(["Ann", "Lee"])
    ws.cell(row=1_048_576, column=16_384).font = Font(bold=True)  # formatted, empty: common in real workbooks
    path = tmp_path / "contacts.xlsx"
    wb.save(path)
    assert path.stat().st_size < 20_000
    res = run_bounded(["check", path, "--quiet"], tmp_path, timeout=6)  # a 5 KB workbook: seconds, not minutes
    res.assert_sane()
    assert res.rc in (0, 1)
    t = read_ok(path.read_bytes(), "contacts.xlsx")
    assert t.columns == ["First Name", "Last Name"] and values(t) == [["Ann", "Lee"]] and rows(t) == [2]


def test_workbook_rows_keep_their_width_and_blank_rows_between():
    """Rows are cut after their last value but padded to the widest row, and blank rows between
    records still count for the row numbers."""
    t = read_ok(xlsx_bytes([["First Name", "Last Name", "Email"], ["Ann"], [], [None, None], ["Bob", "Ray", "b@example.com", "x"]]),
                "contacts.xlsx")
    assert t.columns == ["First Name", "Last Name", "Email", "Column 4"]
    assert values(t) == [["Ann", "", "", ""], ["Bob", "Ray", "b@example.com", "x"]] and rows(t) == [2, 5]
    assert skipped(t) == [(3, "blank line"), (4, "blank line")]


def test_absurdly_long_number_is_a_bad_number_not_a_crash(tmp_path, capsys):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "matters.csv").write_bytes(crlf("Matter Number,Description,Client,Status", "2024-001,Estate,Ann Lee,Open"))
    (folder / "time entries.csv").write_bytes(crlf("Date,User,Matter,Hours,Rate,Description",
                                                   f"2024-01-02,Margaret Holloway,2024-001,{'1' * 400},100,Call",
                                                   "2024-01-03,Margaret Holloway,2024-001,1.5,100,Letter"))
    rc, out, err = cli(capsys, "bundle", folder, "--out", tmp_path / "b.zip")
    assert rc in (0, 1)
    result = run_check([str(folder)], CheckOptions())
    assert any(f.code == "ACTIVITY_BAD_NUMBER" and f.file == "time entries.csv" and f.row == 2 for f in result.findings)


# --------------------------------------------------------------------------------------------
# Encodings the reader gets wrong


def _utf8_with_stray_byte(size: str) -> bytes:
    head = "First Name,Last Name,City\r\nJosé,Muñoz,Zürich\r\n"
    n = 60_000 if size == "big" else 200
    pad = "".join(f"Person{i},Plain{i},Town{i}\r\n" for i in range(n))
    if size == "truncated":
        return (head + pad).encode() + "Zoë,Köln".encode()[:-3]  # a download cut inside 'ö'
    return (head + pad).encode() + b"Bad,Caf\x92s,Paris\r\n"  # one Windows-1252 apostrophe


@pytest.mark.parametrize("size", ["small", "big", "truncated"])
def test_utf8_file_with_one_bad_byte_keeps_its_names(size):
    data = _utf8_with_stray_byte(size)
    if size == "big":
        assert len(data) > fastcsv.FAST_MIN_BYTES
    t = tables_of(data)[0]
    if t.error:
        assert re.search(r"\b(row|line) \d+", t.error), t.error
    else:
        assert values(t)[0] == ["José", "Muñoz", "Zürich"], (t.encoding, values(t)[0])


@pytest.mark.parametrize("size,row,last", [("small", 203, ["Bad", "Caf’s", "Paris"]), ("truncated", 203, ["Zoë", "K\ufffd", ""])])
def test_utf8_file_with_one_bad_byte_flags_that_row(size, row, last, tmp_path):
    """The stray byte is read as the Windows-1252 character it most likely is (or U+FFFD at a cut
    end), and that row, and only that row, gets a finding naming it."""
    path = tmp_path / "contacts.csv"
    path.write_bytes(_utf8_with_stray_byte(size))
    result = run_check([str(path)], CheckOptions())
    t = result.files[0].table
    assert t.encoding == "utf-8" and values(t)[-1] == last and rows(t)[-1] == row
    flagged = [f for f in result.findings if f.code == "ROW_BAD_CHARACTERS"]
    assert [(f.file, f.row, f.severity) for f in flagged] == [(str(path), row, "warning")]
    assert "check this record" in flagged[0].message


@pytest.mark.parametrize("codec", ["cp1252", "mac_roman"])
def test_legacy_file_with_one_accent_is_not_taken_for_damaged_utf8(codec):
    t = read_ok(crlf("Name,City", "Ann Lee,Paris", "José Muñoz,Zürich", enc=codec))
    assert t.encoding == codec and t.damaged_rows == [] and values(t)[-1] == ["José Muñoz", "Zürich"]


def test_quoted_line_breaks_before_a_bad_byte_do_not_shift_its_row():
    data = crlf("Name,Note", "José,\"two\r\nlines\"", "Zoë,plain") + b"Bad,Caf\x92s\r\nLast,\xc3\xa9\r\n"
    t = read_ok(data)
    assert t.damaged_rows == [4] and rows(t) == [2, 3, 4, 5] and values(t)[2] == ["Bad", "Caf’s"]


@pytest.mark.parametrize("codec,rows_", [
    ("cp1251", [["Иванов", "Сергей", "Москва"], ["Петрова", "Анна", "Санкт-Петербург"], ["Смирнов", "Дмитрий", "Новосибирск"]]),
    ("cp1253", [["Παπαδόπουλος", "Γιώργος", "Αθήνα"], ["Κωνσταντίνου", "Μαρία", "Θεσσαλονίκη"], ["Νικολάου", "Ελένη", "Πάτρα"]]),
])
def test_non_western_code_page_is_read_or_refused_never_garbled(codec, rows_):
    lines = ["Last Name,First Name,City"] + [",".join(r) for r in rows_ * 6]
    t = tables_of(crlf(*lines, enc=codec))[0]
    assert t.error or values(t)[:3] == rows_, values(t)[:3]


# --------------------------------------------------------------------------------------------
# The pyarrow fast path (files of 2 MB or more): same answer as the careful reader


BIG_HEADER = "ID,Name,Email,City\r\n"


def big_body(n: int = 50_000, start: int = 0) -> str:
    return "".join(f"{i},Person {i},p{i}@example.com,Town {i % 97}\r\n" for i in range(start, start + n))


@pytest.fixture(scope="module")
def big() -> bytes:
    data = (BIG_HEADER + big_body()).encode()
    assert len(data) > fastcsv.FAST_MIN_BYTES
    return data


def test_fast_path_clean_file_is_used_and_matches(big):
    normal, careful, fast = fast_and_careful(big)
    assert fast, "the clean 2 MB file should go through pyarrow"
    assert snapshot(normal) == snapshot(careful)
    assert normal.records == 50_000 and rows(normal)[:2] == [2, 3] and rows(normal)[-1] == 50_001


def test_fast_path_bad_utf8_late_falls_back_to_the_right_encoding(big):
    data = big + b"99999,Caf\xe9 Ren\xe9,late@example.com,Montr\xe9al\r\n"
    normal, careful, _ = fast_and_careful(data)
    assert snapshot(normal) == snapshot(careful)
    assert normal.encoding == "cp1252"
    assert values(normal)[-1] == ["99999", "Café René", "late@example.com", "Montréal"] and rows(normal)[-1] == 50_002


def test_fast_path_ragged_row_late(big):
    data = big + b"99999,Extra,x@example.com,Town,SPILLED\r\n100000,Short\r\n100001,After,a@example.com,Town\r\n"
    normal, careful, _ = fast_and_careful(data)
    assert snapshot(normal) == snapshot(careful)
    assert normal.ragged_rows == [50_002]
    assert values(normal)[-3:] == [["99999", "Extra", "x@example.com", "Town", "SPILLED"], ["100000", "Short", "", "", ""],
                                   ["100001", "After", "a@example.com", "Town", ""]]
    assert rows(normal)[-3:] == [50_002, 50_003, 50_004]  # ragged_rows is what ROW_EXTRA_CELLS reports


def test_fast_path_unbalanced_quote_late(big):
    data = big + b'99999,"Broken,x@example.com,Town\r\n100000,After,a@example.com,Town\r\n100001,Last,l@example.com,Town\r\n'
    normal, careful, _ = fast_and_careful(data)
    assert snapshot(normal) == snapshot(careful)
    assert normal.records == 50_003 or any(re.search(r"\b(row|line) 50002\b", x) for x in [normal.error or ""])


@pytest.mark.parametrize("eol", ["\r\n", "\n"])
def test_fast_path_blank_lines_keep_row_numbers(eol):
    body = big_body(25_000) + eol.join(["", "", ""]) + big_body(25_000, start=25_000)  # two blank lines after record 25,000
    data = (BIG_HEADER + body).replace("\r\n", eol).encode()
    normal, careful, _ = fast_and_careful(data)
    assert snapshot(normal) == snapshot(careful)
    assert skipped(normal) == [(25_002, "blank line"), (25_003, "blank line")]
    assert rows(normal)[24_999:25_001] == [25_001, 25_004]
    assert values(normal)[25_000][0] == "25000" and rows(normal)[-1] == 50_003


def test_fast_path_whitespace_and_delimiter_only_lines(big):
    data = big + b"   \r\n,,,\r\n\t\r\n99999,Last,l@example.com,Town\r\n"
    normal, careful, _ = fast_and_careful(data)
    assert snapshot(normal) == snapshot(careful)
    assert skipped(normal) == [(50_002, "blank line"), (50_003, "blank line"), (50_004, "blank line")]
    assert rows(normal)[-1] == 50_005


def test_fast_path_quoted_line_breaks_late(big):
    data = big + b'99999,"Multi\r\nline\nname",m@example.com,Town\r\n100000,After,a@example.com,Town\r\n'
    normal, careful, _ = fast_and_careful(data)
    assert snapshot(normal) == snapshot(careful)
    assert values(normal)[-2][1] == "Multi\r\nline\nname" and rows(normal)[-2:] == [50_002, 50_003]


def test_fast_path_title_block_total_and_footer(big):
    data = b"People Report\r\nPrinted 03/31/2024\r\n\r\n" + big + b"Total,,,\r\nPage 1 of 1,,,\r\n"
    normal, careful, _ = fast_and_careful(data)
    assert snapshot(normal) == snapshot(careful)
    assert normal.header_row == 4 and rows(normal)[0] == 5 and rows(normal)[-1] == 50_004
    assert skipped(normal) == [(1, "title line above the table"), (2, "title line above the table"), (3, "blank line"),
                               (50_005, "total line"), (50_006, "report footer")]


def test_fast_path_mixed_line_endings(big):
    body = big_body(60_000)
    mixed = "".join(line + ("\r\n", "\n", "\r")[i % 3] for i, line in enumerate(body.split("\r\n")[:-1]))
    data = (BIG_HEADER + mixed).encode()
    normal, careful, _ = fast_and_careful(data)
    assert snapshot(normal) == snapshot(careful)
    assert normal.records == 60_000 and rows(normal)[-1] == 60_001


def test_fast_path_nul_late_is_refused(big):
    data = big + b"99999,Nul\x00here,n@example.com,Town\r\n"
    normal, careful, _ = fast_and_careful(data)
    assert normal.error and "binary" in normal.error.lower() and snapshot(normal) == snapshot(careful)


@pytest.mark.parametrize("header", ["ID,Name,Email,Référence\r\n", "ID,Name,Email,Société\r\n", "ID,Nom,Prénom,Ville\n"])
def test_fast_path_accented_header_in_a_windows_1252_file(header):
    eol = "\r\n" if header.endswith("\r\n") else "\n"
    data = (header + big_body(50_000).replace("\r\n", eol)).encode("cp1252")
    normal, careful, _ = fast_and_careful(data)
    assert careful.encoding == "cp1252" and careful.columns == header.strip().split(",")
    assert snapshot(normal) == snapshot(careful)


def test_fast_path_page_break_in_the_title_block(big):
    data = b"\x0cClient List\r\nPrinted 03/31/2024\r\n" + big
    normal, careful, _ = fast_and_careful(data)
    assert careful.header_row == 3 and rows(careful)[0] == 4
    assert snapshot(normal) == snapshot(careful)


@pytest.mark.parametrize("codec", ["utf-16", "cp1252"])
def test_fast_path_legacy_and_utf16_encodings(codec):
    text = BIG_HEADER + big_body(45_000) + "99999,Zoë Ñúñez,z@example.com,Besançon\r\n"
    data = text.encode(codec)
    normal, careful, _ = fast_and_careful(data)
    assert snapshot(normal) == snapshot(careful)
    assert normal.encoding == codec and values(normal)[-1] == ["99999", "Zoë Ñúñez", "z@example.com", "Besançon"]


def test_fast_path_sep_line(big):
    data = b"sep=,\r\n" + big
    normal, careful, _ = fast_and_careful(data)
    assert snapshot(normal) == snapshot(careful)
    assert normal.header_row == 2 and rows(normal)[0] == 3 and skipped(normal) == [(1, "spreadsheet hint line (sep=)")]


def test_fast_path_repeated_header_in_other_case_is_skipped_like_the_careful_reader(big):
    data = big + b"ID,NAME,EMAIL,CITY\r\n ID , Name , Email , City \r\n99999,Last,l@example.com,Town\r\n"
    normal, careful, _ = fast_and_careful(data)
    assert skipped(careful) == [(50_002, "repeated header"), (50_003, "repeated header")]
    assert snapshot(normal) == snapshot(careful)


# --------------------------------------------------------------------------------------------
# Large inputs through the whole CLI: time and memory


def test_2000_columns_through_the_cli_is_bounded(tmp_path):
    header = "First Name,Last Name,Email," + ",".join(f"Custom {i}" for i in range(1997))
    body = "".join(f"Ann{r},Lee{r},a{r}@example.com," + ",".join(f"v{r}_{i}" for i in range(1997)) + "\r\n" for r in range(20))
    path = tmp_path / "contacts.csv"
    path.write_text(header + "\r\n" + body, encoding="utf-8")
    res = run_bounded(["check", path, "--json", tmp_path / "out.json"], tmp_path, timeout=60)
    res.assert_sane()
    assert res.rc == 0
    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert report["files"][0]["rows"] == 20 and report["files"][0]["data_type"] == "contacts"


def test_5_mb_cell_and_200000_character_line_through_the_cli_are_bounded(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    note = ("lorem ipsum, dolor \"sit\" amet\n" * 170_000)[:5_000_000].replace('"', '""')
    (folder / "contacts.csv").write_bytes(f'First Name,Last Name,Notes\r\nAnn,Lee,"{note}"\r\nBob,Ray,short\r\n'.encode())
    (folder / "more contacts.csv").write_bytes(f"First Name,Last Name,Notes\r\nCy,Dee,{'q' * 200_000}\r\nDi,Fox,short\r\n".encode())
    out_zip = tmp_path / "b.zip"
    res = run_bounded(["bundle", folder, "--out", out_zip], tmp_path, timeout=60)
    res.assert_sane()
    assert res.rc == 0 and out_zip.exists()
    assert res.peak_mb < 800
    with zipfile.ZipFile(out_zip) as zf:
        clio = list(csv.DictReader(io.StringIO(zf.read("clio/contacts.csv").decode("utf-8-sig"), newline="")))
    notes = {r["notes"] for r in clio}
    assert note.replace('""', '"') in notes and "q" * 200_000 in notes


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_or_device_is_never_read(tmp_path):
    """A FIFO named .csv blocks whoever reads it; /dev/zero never ends. Neither may hang the CLI."""
    folder = tmp_path / "exports"
    folder.mkdir()
    os.mkfifo(folder / "pipe.csv")
    if os.path.exists("/dev/zero"):
        os.symlink("/dev/zero", folder / "zero.csv")
    (folder / "contacts.csv").write_bytes(CONTACTS_OK)
    res = run_bounded(["check", folder, folder / "pipe.csv"], tmp_path, timeout=30)
    res.assert_sane()
    assert "contacts.csv: contacts, 2 records" in res.out  # the folder: the regular file read, the others passed over
    assert res.rc == 2 and "pipe.csv" in res.err  # the pipe given by name: named, not read
