"""The fast path for large, regular text exports: pyarrow's multi-threaded CSV parser.

Used when the file is plain UTF-8 (or decodes to it), has a header row, no blank lines and no
ragged rows: the shape of nearly every large export. Anything else returns None and the careful
reader (csv module, record by record) takes over, so the result is always the same table.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from app.core import pause

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
FAST_MIN_BYTES = 2_000_000  # small files read just as well the careful way
SAMPLE_BYTES = 256_000


def try_read(display: str, origin: str, data: bytes, text: str | None, encoding: str):
    """A Table read with pyarrow from the file's bytes, or None when the file needs the careful
    reader."""
    if len(data) < FAST_MIN_BYTES:
        return None
    if encoding in ("utf-8", "utf-8-sig"):
        body = memoryview(data)[3:] if data.startswith(b"\xef\xbb\xbf") else memoryview(data)  # no copy
    elif text is not None:
        body = memoryview(text.encode("utf-8"))
    else:
        return None
    end = len(body)
    while end and body[end - 1] == 0x1A:  # DOS end-of-file mark (Ctrl-Z), sometimes padded out
        end -= 1
    if end < len(body):
        body = body[:end]
    head = bytes(body[:SAMPLE_BYTES])
    utf8 = encoding in ("utf-8", "utf-8-sig")
    return _read(display, origin, head, lambda start: pa.BufferReader(pa.py_buffer(body[start:])), encoding, len(body),
                 # A byte-order mark mid-file (two UTF-8 exports joined) is not part of the first
                 # value. (A one-byte find is a memchr: fast. U+FEFF starts with 0xEF, rare in text.)
                 mid_bom=lambda: utf8 and data.find(b"\xef", 3) >= 0)


def try_read_file(display: str, origin: str, skip: int, head: bytes, encoding: str, mid_bom: Callable[[], bool]):
    """The same, parsed straight from the file `origin` on disk: the file's bytes are never all in
    memory (131 MB less at the read's peak for a million time entries). `skip` is the byte-order mark's
    length; `head` the first bytes after it; `mid_bom` answers, once the parse is done, whether
    the file holds 0xEF after its start (read by the caller's own pass over the file)."""
    if encoding not in ("utf-8", "utf-8-sig"):
        return None

    def open_rest(start: int):
        f = pa.OSFile(origin)
        f.seek(skip + start)
        return f

    try:
        size = os.path.getsize(origin) - skip
    except OSError:
        return None
    return _read(display, origin, head[:SAMPLE_BYTES], open_rest, encoding, size, mid_bom)


def block_size(size: int) -> int:
    """Bytes per block of pyarrow's parse: the whole file in one block up to BLOCK_MAX. Blocks are
    found by a quote-aware pass over the file before they are parsed, and each becomes a chunk of
    every column, joined afterwards (the checks and the table view need one chunk per column): one
    block skips both. The three files of a million time entries read in 1.25-1.36 s instead of
    1.84-1.86 s (2.3 instead of 3.3 s of CPU), of five million in 6.0-6.3 instead of 7.8-8.5 s. The
    read's own peak is higher (1M: 575 against 517 MB; 5M: 2.35 against 2.02 GB), still far below
    the check's that follows (750 MB; 3 GB). The two largest files are parsed at once, on two
    threads, so one block each still keeps two cores busy."""
    return max(BLOCK_MIN, min(size + 1, BLOCK_MAX))


BLOCK_MIN = 8 << 20
BLOCK_MAX = 1 << 30  # half the parser's limit (2 GB per block); a larger file is parsed in blocks


def _read(display: str, origin: str, head: bytes, open_rest: Callable[[int], object], encoding: str, size: int,
          mid_bom: Callable[[], bool]):
    from app.core.reader import (
        _FOOTER_RE,
        _TOTAL_RE,
        DEFAULT_QUOTING,
        SkippedLine,
        Table,
        _header_words,
        _is_total_like,
        _line_text,
        _partial_header,
        _second_header,
        dedupe_headers,
        find_header,
        looks_like_printed_report,
        second_table_message,
        sniff_delimiter,
        sniff_quoting,
    )
    from app.core.reader_errors import ReadError

    try:
        sample = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:
            return None  # not UTF-8 after all: the careful reader chooses the encoding
        sample = head[: exc.start].decode("utf-8")  # only a character cut by the sample's end
    first = sample[:64].split("\n", 1)[0].strip().strip('"')
    if first.lower().startswith("sep="):
        return None  # rare enough: the careful reader handles the hint line
    delimiter = sniff_delimiter(sample)
    if sniff_quoting(sample, delimiter) != DEFAULT_QUOTING:
        return None  # quoted with ', a space before quotes, backslash escapes: the careful reader
    # Records of the sample, and where each ends in characters, to find the header's end.
    # Only real line breaks (str.splitlines would also break at form feeds and U+2028).
    lines = _LINE.findall(sample)[:-1]  # the last line of the sample may be cut
    consumed = [0]

    def feed():
        for ln in lines:
            consumed[0] += len(ln)
            yield ln

    reader = csv.reader(feed(), delimiter=delimiter, quotechar='"', strict=False)
    records: list[list[str]] = []
    ends: list[int] = []
    for rec in reader:
        records.append(rec)
        ends.append(consumed[0])
        if len(records) >= 40:
            break
    header_idx = find_header(records, 0)
    if header_idx is None or looks_like_printed_report(records):
        return None
    header = [c.strip() for c in records[header_idx]]
    start_byte = len(sample[: ends[header_idx]].encode("utf-8"))
    # Blank lines are kept by the parser (ignore_empty_lines=False), so row numbers never shift: in
    # a file of several columns a blank line is a row of one cell, which fails the parse and hands
    # the file to the careful reader; in a one-column file it is an empty record, skipped below as
    # a blank line. (Three whole-file searches for blank lines held the interpreter lock ~125 ms.)
    names = [f"c{i}" for i in range(len(header))]
    source = open_rest(start_byte)
    try:
        tbl = pacsv.read_csv(
            source,
            read_options=pacsv.ReadOptions(column_names=names, use_threads=True, block_size=block_size(size)),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"', double_quote=True,
                                             newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.large_string() for n in names}, strings_can_be_null=False,
                                                 quoted_strings_can_be_null=False, null_values=[]),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError):
        return None  # ragged rows, bad quoting, bad UTF-8: the careful reader explains
    finally:
        source.close()
    n = tbl.num_rows
    table = Table(path=display, origin=origin, encoding=encoding, delimiter=delimiter, header_row=header_idx + 1)
    for i in range(header_idx):
        rec = records[i]
        if any(c.strip() for c in rec):
            table.skipped.append(SkippedLine(i + 1, "title line above the table", _line_text(rec)))
        else:
            table.skipped.append(SkippedLine(i + 1, "blank line"))
    first_col = tbl.column(0)
    if mid_bom() and pc.any(pc.starts_with(first_col, "\ufeff")).as_py():
        first_col = pc.utf8_ltrim(first_col, characters="\ufeff")
        tbl = tbl.set_column(0, tbl.field(0), first_col)
    words = _header_words()
    first_lower = pc.utf8_lower(pc.utf8_trim_whitespace(first_col))
    # Candidates for lines that are not records: totals, footers, repeated headers, empty rows,
    # and another export's header pasted below the table.
    cand = pc.or_(
        pc.match_substring_regex(first_col, r"(?i)^\s*(grand\s+|sub\s*-?\s*|report\s+)?totals?\b|^\s*sum\s*:?\s*$|^\s*(page\s+\d|printed\b|run\s+(date|on)\b|generated\b|end of report|\*{3})"),
        pc.equal(first_lower, header[0].strip().lower()),
    )
    if words and len(header) >= 2:
        # The first column and one of the next three hold known column names (one alone is common
        # in data: "Email"). The others are looked at only on the rows where the first one is.
        known = pa.array(sorted(words), type=pa.string())
        first_idx = pc.indices_nonzero(pc.is_in(first_lower, value_set=known))
        if len(first_idx):
            more = None
            for j in range(1, min(len(header), 4)):
                col = pc.utf8_lower(pc.utf8_trim_whitespace(pc.take(tbl.column(j), first_idx)))
                h = pc.is_in(col, value_set=known)
                more = h if more is None else pc.or_(more, h)
            picked = first_idx.to_numpy()[more.to_numpy(zero_copy_only=False)]
            if len(picked):
                extra = np.zeros(n, dtype=bool)
                extra[picked] = True
                cand = pc.or_(cand, pa.array(extra))
    # Empty rows: only where the first cell is empty are the others looked at.
    blank_idx = pc.indices_nonzero(pc.equal(first_lower, ""))
    if len(blank_idx):
        all_blank = None
        for col in tbl.columns[1:]:
            b = pc.equal(pc.utf8_trim_whitespace(pc.take(col, blank_idx)), "")
            all_blank = b if all_blank is None else pc.and_(all_blank, b)
        picked = blank_idx.to_numpy() if all_blank is None else blank_idx.to_numpy()[all_blank.to_numpy(zero_copy_only=False)]
        if len(picked):
            empty = np.zeros(n, dtype=bool)
            empty[picked] = True
            cand = pc.or_(cand, pa.array(empty))
    drop = np.zeros(n, dtype=bool)
    cand_idx = np.flatnonzero(cand.to_numpy(zero_copy_only=False))
    rownums = np.arange(n, dtype=np.int64) + header_idx + 2
    header_norm = [h.lower() for h in header]
    width = len(header)
    for i in cand_idx.tolist():
        rec = [tbl.column(j)[i].as_py() for j in range(width)]
        stripped = [c.strip() for c in rec]
        nonempty = [c for c in stripped if c]
        row = int(rownums[i])
        if not nonempty:
            table.skipped.append(SkippedLine(row, "blank line"))
        elif [c.lower() for c in stripped] == header_norm or _partial_header(stripped, header_norm):
            table.skipped.append(SkippedLine(row, "repeated header", _line_text(rec)))
        elif _TOTAL_RE.match(nonempty[0]) and _is_total_like(nonempty):
            table.skipped.append(SkippedLine(row, "total line", _line_text(rec)))
        elif len(nonempty) == 1 and width > 2 and _FOOTER_RE.match(nonempty[0]):
            table.skipped.append(SkippedLine(row, "report footer", _line_text(rec)))
        elif nonempty[0].lower() in words and _second_header(nonempty, words):
            raise ReadError(second_table_message(row, rec))
        else:
            continue
        drop[i] = True
    if drop.any():
        tbl = tbl.filter(pa.array(~drop))
        rownums = rownums[~drop]
    columns = dedupe_headers(header, width)
    # One chunk per column: taking scattered rows from a chunked column joins all its chunks
    # first (14 ms for 256 rows of a million, against 0.6 ms), and the table view and the
    # checks take rows all the time. Joined a column at a time, so the extra memory is one column.
    # Each column's blocks are let go as soon as it is joined, so the file's table is never held
    # twice over (at 1M rows that was 190 MB more at the read's peak).
    parts = tbl.columns
    del tbl
    series = {}
    for i, name in enumerate(columns):
        pause.point()
        series[name] = pd.Series(pd.arrays.ArrowStringArray(unwrap_text_formulas(_one_chunk(parts[i]))))
        parts[i] = None
    frame = pd.DataFrame(series, copy=False)
    del series
    # Unnamed columns that hold nothing (a trailing delimiter on every line) are not columns.
    empty_unnamed = [c for i, c in enumerate(columns) if not header[i] and not frame[c].str.strip().fillna("").ne("").any()]
    if empty_unnamed:
        frame = frame.drop(columns=empty_unnamed)
        columns = [c for c in columns if c not in empty_unnamed]
    table.columns = columns
    table.frame = frame
    table.rows = rownums
    table.skipped.sort(key=lambda s: s.row)
    return table


_TEXT_FORMULA = r'^="([^"]*)"$'


def unwrap_text_formulas(col):
    """Excel's text-forcing cells, ="00123" (written by exports to keep leading zeros), as the
    text they show: 00123. Whole cells only; vectorised, and a no-op for columns without them.
    Each column's first two bytes are looked at (a few ms, outside the interpreter lock): a
    search of the whole file for '="' held the lock 130 ms per million time entries."""
    if len(col) == 0 or not pc.any(pc.starts_with(col, '="')).as_py():
        return col
    return pc.replace_substring_regex(col, _TEXT_FORMULA, r"\1")


def _one_chunk(col: pa.ChunkedArray) -> pa.ChunkedArray:
    return col if col.num_chunks <= 1 else pa.chunked_array([col.combine_chunks()])
