"""A large plain UTF-8 export is parsed straight from disk (reader._read_large_text), never held
whole in memory. It must give exactly the table the in-memory reader gives for the same bytes,
the same checksum, and hand every file it cannot take to the in-memory reader."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.core import fastcsv, reader
from app.core.reader import InputFile, read_bytes, read_input

HEADER = "Date,User,Hours,Matter,Note,Client ID\r\n"


def _rows(n: int, start: int = 0) -> list[str]:
    out = []
    for i in range(start, start + n):
        note = f'"Call with Zoë about the lease, part {i}\r\nsecond line"' if i % 97 == 0 else f"Drafted letter {i} for Renée"
        client = '="00123"' if i % 13 == 0 else f"C{i:05d}"
        out.append(f"1/{1 + i % 28}/2024,Pamela Van der Berg,0.{1 + i % 9},Lin - Debt Settlement {i % 50},{note},{client}\r\n")
    return out


def big(*, bom: bool = True, lines: list[str] | None = None, tail: str = "") -> bytes:
    body = HEADER + "".join(lines if lines is not None else _rows(40_000)) + tail
    data = (b"\xef\xbb\xbf" if bom else b"") + body.encode("utf-8")
    assert len(data) > fastcsv.FAST_MIN_BYTES, "the case must be large enough for the fast path"
    return data


def snapshot(t):
    if t.error:
        return ("refused", t.error)
    return (t.encoding, t.delimiter, t.header_row, list(t.columns), t.frame.astype(object).values.tolist(),
            [int(r) for r in t.rows], [(s.row, s.reason, s.text) for s in t.skipped], list(t.ragged_rows),
            list(t.damaged_rows), t.size, t.sha256, t.member)


def read_both(tmp_path: Path, data: bytes, name: str = "Time Entries.csv", monkeypatch=None):
    """(table read from disk by read_input, table from read_bytes on the same bytes, whether
    read_input had to load the whole file)."""
    path = tmp_path / name
    path.write_bytes(data)
    loaded = []
    real = Path.read_bytes

    def spy(self):
        loaded.append(self)
        return real(self)

    mp = monkeypatch or pytest.MonkeyPatch()
    mp.setattr(Path, "read_bytes", spy)
    try:
        from_disk = read_input(InputFile(name, path))
    finally:
        if monkeypatch is None:
            mp.undo()
    assert len(from_disk) == 1
    from_bytes = read_bytes(name, str(path), data)
    assert len(from_bytes) == 1
    return from_disk[0], from_bytes[0], path in loaded


def test_a_large_utf8_export_is_read_from_disk_as_the_same_table(tmp_path):
    data = big(tail="Total,,100.0,,,\r\n")
    disk, mem, loaded = read_both(tmp_path, data)
    assert not loaded, "the whole file was loaded into memory"
    assert disk.error is None and disk.records == 40_000
    assert snapshot(disk) == snapshot(mem)
    assert disk.sha256 == disk.input_sha256 == hashlib.sha256(data).hexdigest()
    assert disk.size == len(data) and disk.input_path == "Time Entries.csv"
    # What the user sees: accents, a note over two lines, a text formula unwrapped, the total skipped.
    assert disk.frame["Note"].iloc[0] == "Call with Zoë about the lease, part 0\r\nsecond line"
    assert disk.frame["Client ID"].iloc[0] == "00123"
    assert disk.skipped[-1].reason == "total line"


def test_without_a_byte_order_mark_and_with_semicolons(tmp_path):
    lines = [ln.replace(",", ";") for ln in _rows(40_000)]
    data = (HEADER.replace(",", ";") + "".join(lines)).encode("utf-8")
    disk, mem, loaded = read_both(tmp_path, data)
    assert not loaded
    assert disk.delimiter == ";" and disk.encoding == "utf-8"
    assert snapshot(disk) == snapshot(mem)


def test_a_title_line_above_the_header(tmp_path):
    data = b"\xef\xbb\xbf" + ("Time entries, all users\r\n" + HEADER + "".join(_rows(40_000))).encode("utf-8")
    disk, mem, loaded = read_both(tmp_path, data)
    assert not loaded and disk.header_row == 2 and disk.rows[0] == 3
    assert snapshot(disk) == snapshot(mem)


def test_a_blank_line_in_the_middle(tmp_path):
    lines = _rows(40_000)
    lines[35_000] = "\r\n"
    disk, mem, loaded = read_both(tmp_path, big(lines=lines))
    assert snapshot(disk) == snapshot(mem)
    assert disk.records == 39_999 and (35_002, "blank line") in [(s.row, s.reason) for s in disk.skipped]


def test_a_byte_order_mark_where_two_exports_were_joined(tmp_path):
    lines = _rows(40_000)
    lines[30_000] = "\ufeff" + lines[30_000]
    disk, mem, loaded = read_both(tmp_path, big(lines=lines))
    assert not loaded
    assert snapshot(disk) == snapshot(mem)
    assert not disk.frame["Date"].str.startswith("\ufeff").any()


@pytest.mark.parametrize("case", ["nul", "ctrl-z", "cp1252", "ragged"])
def test_files_the_fast_parser_cannot_take_are_read_whole_as_before(tmp_path, case):
    lines = _rows(40_000)
    tail = ""
    if case == "nul":
        lines[35_000] = lines[35_000].replace("Drafted", "Draf\x00ted")
    elif case == "ragged":
        lines[35_000] = lines[35_000].rstrip("\r\n") + ",extra\r\n"
    elif case == "ctrl-z":
        tail = "\x1a\x1a"
    data = big(lines=lines, tail=tail, bom=case != "cp1252")
    if case == "cp1252":
        data = data.replace("Renée".encode(), "Renée".encode("cp1252"))
    disk, mem, loaded = read_both(tmp_path, data)
    assert loaded, "the file should have been read whole"
    assert snapshot(disk) == snapshot(mem)
    if case == "nul":
        assert disk.error and "binary data" in disk.error
    else:
        assert disk.error is None and disk.records == 40_000


@pytest.mark.parametrize("name,data", [
    ("export.xlsx", None),  # text named like a workbook: refused by the whole-file reader
    ("small.csv", (HEADER + "".join(_rows(10))).encode("utf-8")),  # too small for the fast parser
])
def test_other_files_are_not_taken_from_disk(tmp_path, name, data):
    data = data if data is not None else big()
    disk, mem, loaded = read_both(tmp_path, data, name=name)
    assert loaded
    assert snapshot(disk) == snapshot(mem)


def test_a_file_that_changes_while_it_is_read_is_read_again_whole(tmp_path, monkeypatch):
    data = big()
    path = tmp_path / "Time Entries.csv"
    real = fastcsv.try_read_file

    def growing(*args, **kwargs):
        t = real(*args, **kwargs)
        with open(path, "ab") as fh:  # the old program still writing its export
            fh.write("".join(_rows(10, start=40_000)).encode("utf-8"))
        return t

    monkeypatch.setattr(fastcsv, "try_read_file", growing)
    path.write_bytes(data)
    t = read_input(InputFile(path.name, path))[0]
    final = path.read_bytes()
    assert t.records == 40_010, "the table must be what the file holds once read, not a mix"
    assert t.sha256 == hashlib.sha256(final).hexdigest() and t.size == len(final)


def test_the_scan_finds_what_the_fast_reader_asks_for(tmp_path):
    path = tmp_path / "x.csv"
    chunk = 4 << 20
    # The marks sit after the scan's 4 MB chunk boundary.
    data = b"\xef\xbb\xbf" + b"a" * (chunk - 4) + b'="b' + b"b" * 100 + b"\xef\xbb\xbf" + b"c" * 10
    path.write_bytes(data)
    found = reader._FileScan(path).result()
    assert (found.mid_bom, found.nul, found.size) == (True, False, len(data))
    assert found.sha256 == hashlib.sha256(data).hexdigest()
    path.write_bytes(b"a" * (chunk + 10) + b"\x00" + b"x" * 10)
    assert reader._FileScan(path).result().nul is True
    path.write_bytes(b"\xef\xbb\xbfabc")  # the mark at the start is not mid-file
    assert reader._FileScan(path).result().mid_bom is False


@pytest.mark.parametrize("lines", ["plain", "blank line", "joined"])
def test_a_file_parsed_in_many_blocks_is_the_table_of_one_block(tmp_path, monkeypatch, lines):
    """A file is parsed in one block up to fastcsv.BLOCK_MAX and in several above it: every cell,
    row number and skipped line the same either way, notes with line breaks across the blocks'
    edges included (here blocks of 64 KB: about 50 of them)."""
    rows = _rows(40_000)
    if lines == "blank line":
        rows[35_000] = "\r\n"
    elif lines == "joined":
        rows[30_000] = "\ufeff" + rows[30_000]
    data = big(lines=rows, tail="Total,,100.0,,,\r\n")
    one = snapshot(read_both(tmp_path, data)[0])
    monkeypatch.setattr(fastcsv, "BLOCK_MIN", 64 << 10)
    monkeypatch.setattr(fastcsv, "BLOCK_MAX", 64 << 10)
    assert fastcsv.block_size(len(data)) == 64 << 10
    many, _mem, loaded = read_both(tmp_path, data, monkeypatch=monkeypatch)
    assert not loaded
    assert snapshot(many) == one
    assert many.frame["Note"].array._pa_array.num_chunks == 1  # joined, as the table view needs
