"""Property-based tests (hypothesis) of the reader and of the whole pipeline.

The reader: any table written in any of the dialects and encodings exports come in (comma,
semicolon, tab or pipe; CRLF, LF or CR; UTF-8 with or without BOM, UTF-16, Windows-1252, Mac
Roman; title lines and a sep= hint above the table) reads back to exactly the same header,
values and row numbers. The fast path (pyarrow) and the careful reader give the same table.
Arbitrary bytes never make the reader or the checks raise.

The pipeline: for any set of exports and any records the user leaves out, the bundle accounts
for every record (rows_in = rows_out + rows_excluded, each left-out record listed once), it
verifies, and the original files are untouched.

Example counts are kept small so the suite stays fast; every example is built in the test.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from app.core import fastcsv
from app.core.bundle import build_bundle, verify_bundle
from app.core.engine import CheckOptions, check_tables
from app.core.reader import read_bytes
from app.core.roster import Roster
from app.core.session import Session

# Modest counts in CI (tests/conftest.py loads the derandomized "ci" profile); with HYPOTHESIS_PROFILE=explore
# the profile's own count applies, to search further by hand.
_EXPLORE = os.environ.get("HYPOTHESIS_PROFILE", "ci") != "ci"
_HC = [HealthCheck.too_slow, HealthCheck.data_too_large]
FAST = settings(max_examples=settings.default.max_examples if _EXPLORE else 40, deadline=None, database=None, suppress_health_check=_HC)
SLOW = settings(max_examples=max(settings.default.max_examples // 4, 15) if _EXPLORE else 15, deadline=None, database=None,
                suppress_health_check=_HC)

HEADERS = ["First Name", "Last Name", "Company", "Email", "Phone", "City", "Notes", "Status", "Matter Number", "Description",
           "Open Date", "Hours", "Rate", "Référence", "Straße"]
# Realistic cell values: names with accents, punctuation exports really carry, numbers, dates.
WORDS = ["Ann", "Lee", "José", "Müller", "François", "Zoë", "Ñúñez", "Øster", "Ångström", "O'Brien", "Smith & Co", "García-López",
         "Straße", "café", "naïve", "Crème brûlée", "“quoted”", "it’s", "–dash–", "€12,50", "£3", "1,5", "12.50", "2024-01-02",
         "03/04/2021", "a@b.example", "(555) 201-0001", "line\nbreak", "two\r\nlines", 'say "hi"', "semi;colon", "pipe|x",
         "comma, inside", "tab\tinside", "", " ", " padded ", "=1+2", "-5", "…", "½", "Dvořák", "Łukasz", "Ærø"]
SINGLE_BYTE = ("cp1252", "mac_roman")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16") + SINGLE_BYTE
TITLES = ["Contacts Report", "Printed 03/31/2024", "Holloway & Partners LLP", "All matters - open and closed"]


def _encodable(word: str, codec: str) -> bool:
    try:
        word.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@st.composite
def exports(draw, codecs=ENCODINGS, free_text: bool = True):
    """(bytes, header, records, delimiter, codec, header_row) of a well-formed export."""
    codec = draw(st.sampled_from(codecs))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    eol = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=2, max_size=6, unique=True))
    header = [h for h in header if _encodable(h, codec)]
    assume(len(header) >= 2)
    pool = [w for w in WORDS if _encodable(w, codec)]
    cell = st.sampled_from(pool)
    if free_text and codec not in SINGLE_BYTE:
        # Anything at all in UTF: emoji, right-to-left, combining marks, odd separators, and the
        # characters str.splitlines() would break at (VT, FF, U+2028...) inside a cell.
        cell = cell | st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=10)
    n = draw(st.integers(min_value=1, max_value=12))
    records = []
    for i in range(n):
        rest = draw(st.lists(cell, min_size=len(header) - 1, max_size=len(header) - 1))
        records.append([f"R{i + 1}-{draw(st.sampled_from(pool))}".rstrip()] + rest)  # a record key: never blank, never a total
    titles = draw(st.lists(st.sampled_from(TITLES), max_size=2))
    blank_after_titles = bool(titles) and draw(st.booleans())
    sep_line = draw(st.booleans()) and codec != "utf-16"
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    buf = io.StringIO()
    if sep_line:
        buf.write(f"sep={delimiter}{eol}")
    for t in titles:
        buf.write(t + eol)
    if blank_after_titles:
        buf.write(eol)
    for row in [header] + records:
        buf.write(_csv_line(row, delimiter, quoting) + eol)
    text = buf.getvalue()
    data = text.encode(codec)
    header_row = 1 + int(sep_line) + len(titles) + int(blank_after_titles)
    return data, header, records, delimiter, codec, header_row


def _csv_line(row: list[str], delimiter: str, quoting: int = csv.QUOTE_MINIMAL) -> str:
    """One record as a well-formed CSV line, without its line break (cells with CR or LF are quoted
    whatever the file's line ending: csv.writer only quotes the characters of its own terminator)."""
    b = io.StringIO()
    csv.writer(b, delimiter=delimiter, lineterminator="\r\n", quoting=quoting).writerow(row)
    return b.getvalue()[:-2]


def _snapshot(t):
    if t.error:
        return ("refused", t.error)
    return (t.encoding, t.delimiter, t.header_row, list(t.columns), t.frame.astype(object).values.tolist(), t.rows.tolist(),
            [(s.row, s.reason) for s in t.skipped], list(t.ragged_rows))


def _read(data: bytes, name: str = "export.csv", fast_from: int | None = None):
    if fast_from is None:
        return read_bytes(name, f"/exports/{name}", data)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fastcsv, "FAST_MIN_BYTES", fast_from)
        return read_bytes(name, f"/exports/{name}", data)


def _assert_round_trip(case) -> None:
    data, header, records, delimiter, codec, header_row = case
    tables = _read(data)
    assert len(tables) == 1
    t = tables[0]
    assert t.error is None, t.error
    assert t.delimiter == delimiter
    assert t.header_row == header_row
    assert t.columns == [h.strip() for h in header]
    assert t.frame.astype(object).values.tolist() == records
    assert t.rows.tolist() == list(range(header_row + 1, header_row + 1 + len(records)))
    if codec in ("utf-8-sig", "utf-16"):
        assert t.encoding == codec
    elif data.isascii():
        assert t.encoding in ("utf-8", codec)
    else:  # the code page written, or one that gives exactly the same text ('£' is 0xA3 in both cp1252 and Mac Roman)
        assert t.encoding == codec or data.decode(t.encoding) == data.decode(codec)


@FAST
@given(exports(codecs=("utf-8", "utf-8-sig", "utf-16")))
def test_reader_round_trips_any_dialect_and_unicode_encoding(case):
    _assert_round_trip(case)


def _case(rows: list[list[str]], codec: str):
    data = ("\r\n".join(",".join(r) for r in rows) + "\r\n").encode(codec)
    return data, rows[0], rows[1:], ",", codec, 1


# Regressions first: cp1252 smart quotes once read as Mac Roman, Mac Roman umlauts once read as cp1252.
@example(_case([["Name", "Notes"], ["R1-Ann Lee", "“VIP” – urgent"]], "cp1252"))
@example(_case([["First Name", "Last Name", "City"], ["R1-Jürgen", "Müller", "München"], ["R2-Zoë", "Brontë", "Köln"]], "mac_roman"))
@FAST
@given(exports(codecs=SINGLE_BYTE))
def test_reader_round_trips_windows_1252_and_mac_roman(case):
    _assert_round_trip(case)


def _assert_paths_agree(case) -> None:
    data = case[0]
    fast = _read(data, fast_from=1)  # every file through pyarrow first
    careful = _read(data, fast_from=10**15)  # never
    assert [_snapshot(t) for t in fast] == [_snapshot(t) for t in careful]


@FAST
@given(exports(codecs=("utf-8", "utf-8-sig", "utf-16")))
def test_fast_path_and_careful_reader_agree_on_unicode_files(case):
    _assert_paths_agree(case)


# Regression first: the fast path once cut the accents out of a cp1252 header and called the file UTF-8.
@example((b"First Name,R\xe9f\xe9rence\r\nR1-Ann,Ann\r\n", ["First Name", "Référence"], [["R1-Ann", "Ann"]], ",", "cp1252", 1))
@FAST
@given(exports(codecs=SINGLE_BYTE))
def test_fast_path_and_careful_reader_agree_on_windows_1252_and_mac_roman(case):
    _assert_paths_agree(case)


_NOISE = st.text(alphabet=list(',;\t|"\'\r\n aAé1=-+@.:/$%()€\u2028\x85\x0c\ufeff'), max_size=300)


@FAST
@given(st.one_of(st.binary(max_size=3000), _NOISE.map(lambda s: s.encode("utf-8")), _NOISE.map(lambda s: s.encode("utf-16")),
                 _NOISE.map(lambda s: s.encode("cp1252", "ignore"))),
       st.sampled_from(["export.csv", "export.tsv", "export.xlsx", "backup.zip", "export.txt"]))
def test_arbitrary_bytes_never_raise_and_tables_are_well_formed(data, name):
    for fast_from in (1, 10**15):
        tables = _read(data, name, fast_from)
        assert tables
        for t in tables:
            if t.error:
                assert isinstance(t.error, str) and t.error.strip() and t.records == 0
                continue
            rows = t.rows.tolist()
            assert len(rows) == t.records == len(t.frame)
            assert rows == sorted(set(rows)) and all(r >= 1 for r in rows)
            assert t.header_row is None or all(r > t.header_row for r in rows)
            assert list(t.frame.columns) == t.columns and len({c.lower() for c in t.columns}) == len(t.columns)
            assert all(isinstance(v, str) for v in t.frame.to_numpy().ravel())
            skipped = [s.row for s in t.skipped]
            assert not set(skipped) & set(rows)
        # The checks run on whatever was read, without raising.
        result = check_tables(tables, CheckOptions(), Roster())
        assert len(result.files) == len(tables)


# --------------------------------------------------------------------------------------------
# The whole pipeline

KINDS = {
    "contacts.csv": ["First Name", "Last Name", "Company", "Email", "Phone"],
    "matters.csv": ["Matter Number", "Description", "Client", "Status", "Open Date"],
    "time entries.csv": ["Date", "User", "Matter", "Hours", "Rate", "Description"],
    "tasks.csv": ["Task Name", "Due Date", "Assignee", "Status", "Matter"],
    "notes.csv": ["Matter", "Date", "Subject", "Note"],
}
VALUES = ["", "Ann", "Lee", "Acme LLC", "José Müller", "ann@example.com", "(555) 201-0001", "2024-001", "2024-002", "Open",
          "Closed", "Retired?", "01/02/2024", "31/12/2024", "not a date", "1.5", "abc", "150", "Margaret Holloway", "MH",
          "=HYPERLINK(1)", "Total", "line\nbreak", "€1.234,50", "-2"]


@st.composite
def export_folders(draw):
    """A few exports (well-formed, with report lines, or junk bytes) and which records to leave out."""
    files: dict[str, bytes] = {}
    for name in draw(st.lists(st.sampled_from(sorted(KINDS)), min_size=1, max_size=3, unique=True)):
        header = KINDS[name]
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n", delimiter=draw(st.sampled_from([",", ";"])))
        if draw(st.booleans()):
            buf.write("Export of " + name + "\r\n\r\n")
        w.writerow(header)
        for _ in range(draw(st.integers(0, 15))):
            w.writerow(draw(st.lists(st.sampled_from(VALUES), min_size=len(header), max_size=len(header) + 1)))
            if draw(st.integers(0, 9)) == 0:
                buf.write("\r\n")  # a blank line inside the data
        if draw(st.booleans()):
            w.writerow(["Total"] + [""] * (len(header) - 2) + ["12.5"])
        files[name] = buf.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])))
    if draw(st.booleans()):
        files["junk.csv"] = draw(st.binary(max_size=400))
    if draw(st.booleans()):
        zbuf = io.BytesIO()
        with zipfile.ZipFile(zbuf, "w") as zf:
            zf.writestr("inner/contacts more.csv", "First Name,Last Name\r\nZoë,Ray\r\n,\r\nBob,\r\n")
        files["backup.zip"] = zbuf.getvalue()
    exclude_share = draw(st.sampled_from([0.0, 0.3, 1.0]))
    seed = draw(st.integers(0, 10_000))
    return files, exclude_share, seed


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@SLOW
@given(export_folders())
def test_pipeline_accounts_for_every_record_and_leaves_the_originals_alone(case):
    import random

    files, exclude_share, seed = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "exports"
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        before = {p.name: (_sha(p), p.stat().st_mtime_ns) for p in folder.iterdir()}

        session = Session([str(folder)])
        session.read()
        result = session.check()
        rnd = random.Random(seed)
        expected_out: dict[str, set[int]] = {}
        for rep in result.files:
            t = rep.table
            rows = t.rows.tolist()
            chosen = [r for r in rows if rnd.random() < exclude_share] if rep.prepared is not None else []
            if chosen:
                session.exclude(t.path, chosen, "left out by the property test")
            expected_out[t.path] = set(rows) - set(chosen)
        out = Path(tmp) / "bundle.zip"
        manifest = build_bundle(session, out)
        verdict = verify_bundle(out)
        assert verdict.ok, verdict.problems

        with zipfile.ZipFile(out) as zf:
            excluded = list(csv.DictReader(io.StringIO(zf.read("excluded.csv").decode("utf-8-sig"), newline="")))
            sources = {n[len("source/"):]: zf.read(n) for n in zf.namelist() if n.startswith("source/")}
            assert json.loads(zf.read("manifest.json")) == manifest

        by_path = {rep.table.path: rep for rep in session.result.files}
        assert {s["path"] for s in manifest["sources"]} == set(by_path)
        for s in manifest["sources"]:
            t = by_path[s["path"]].table
            assert s["rows_in"] == s["rows_out"] + s["rows_excluded"]
            assert s["rows_in"] == t.records
            listed = [int(e["row"]) for e in excluded if e["file"] == s["path"]]
            assert len(listed) == len(set(listed)) == s["rows_excluded"]  # each left-out record once
            assert set(listed) <= set(t.rows.tolist())
            if by_path[s["path"]].prepared is not None:
                assert set(t.rows.tolist()) - set(listed) == expected_out[s["path"]]
            # Nothing lost while reading: every line is the header, a record, or a line left out and named.
            assert t.error or t.records + len(t.skipped) + (1 if t.header_row else 0) >= 1

        after = {p.name: (_sha(p), p.stat().st_mtime_ns) for p in folder.iterdir() if p.name in before}
        assert after == before
        assert sorted(p.name for p in folder.iterdir()) == sorted(before)  # nothing written beside the exports
        for name, data in files.items():
            assert sources[name] == data  # the originals travel byte for byte
