"""Writing CSV for Clio a block of rows at a time with Arrow kernels.

The output is what Python's csv module writes with QUOTE_MINIMAL and CRLF line ends (a cell is
quoted only when it holds a comma, a quote or a line break), in UTF-8 with a BOM, so Excel and
Clio's importer read accents right. Text a spreadsheet would run as a formula gets a leading
apostrophe (the CELL_FORMULA rule), so opening the bundle in Excel never runs anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from app.core.names import as_text_array, formula_start_array, has_any_byte
from app.core.rules import FORMULA_RE

BOM = b"\xef\xbb\xbf"
CHUNK_ROWS = 100_000
_NEEDS_QUOTES = r'[",\r\n]'


def neutralise_array(a: pa.Array) -> pa.Array:
    """A leading apostrophe on text a spreadsheet would run as a formula; numbers stay numbers."""
    cand = formula_start_array(a)
    if not cand.any():
        return a
    hit = pc.and_(pa.array(cand), pc.match_substring_regex(a, FORMULA_RE))
    if not pc.any(hit).as_py():
        return a
    return pc.if_else(hit, pc.binary_join_element_wise("'", a, ""), a)


def _cells(values, neutralise: bool, only_column: bool) -> pa.Array:
    a = as_text_array(values)
    if neutralise:
        a = neutralise_array(a)
    if not only_column and not has_any_byte(a, b'",\r\n'):
        return a  # most columns: nothing to quote
    needs = pc.match_substring_regex(a, _NEEDS_QUOTES)
    if only_column:  # a row of one empty cell would be a blank line: csv writes '""'
        needs = pc.or_(needs, pc.equal(a, ""))
    if not pc.any(needs).as_py():
        return a
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(a, '"', '""'), '"', "")
    return pc.if_else(needs, quoted, a)


def _lines(cols: list[pa.Array]) -> bytes:
    line = cols[0] if len(cols) == 1 else pc.binary_join_element_wise(*cols, ",")
    line = pc.binary_join_element_wise(line, "\r\n", "")
    line = line.combine_chunks() if isinstance(line, pa.ChunkedArray) else line
    _validity, offsets, data = line.buffers()
    offs = np.frombuffer(offsets, dtype=np.int32, count=len(line) + 1 + line.offset)[line.offset:]
    start, end = int(offs[0]), int(offs[-1])
    return memoryview(data)[start:end].tobytes() if end > start else b""


def csv_chunks(header: Sequence[str], columns: Sequence, neutralise: bool = True, bom: bool = True,
               chunk_rows: int = CHUNK_ROWS) -> Iterator[bytes]:
    """The CSV text of aligned columns (pandas Series, arrays or lists), in pieces of
    `chunk_rows` rows: memory stays bounded however long the file."""
    n = len(columns[0]) if columns else 0
    yield (BOM if bom else b"") + _lines([_cells([h], neutralise, len(header) == 1) for h in header])
    for lo in range(0, n, chunk_rows):
        hi = min(n, lo + chunk_rows)
        cols = [_cells(_slice(c, lo, hi), neutralise, len(columns) == 1) for c in columns]
        yield _lines(cols)


def _slice(c, lo: int, hi: int):
    if hasattr(c, "iloc"):
        return c.iloc[lo:hi]
    return c[lo:hi]


def frame_chunks(frame, neutralise: bool = True, chunk_rows: int = CHUNK_ROWS) -> Iterator[bytes]:
    return csv_chunks([str(c) for c in frame.columns], [frame[c] for c in frame.columns], neutralise, chunk_rows=chunk_rows)


def rows_chunks(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """CSV of row lists (small tables: excluded records, edits, the checklist)."""
    rows = list(rows)
    cols = [[("" if r[i] is None else str(r[i])) for r in rows] for i in range(len(header))]
    return csv_chunks(header, cols)
