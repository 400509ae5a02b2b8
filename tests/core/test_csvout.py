"""The bundle's CSV writer: what Python's csv module writes (QUOTE_MINIMAL, CRLF, UTF-8 BOM),
formulas neutralised, and the same bytes whatever the size of the pieces it writes in."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.csvout import csv_chunks, frame_chunks

cells = st.lists(st.sampled_from(list('ab ,"\r\n=+-@\t|(éΣ😀') + ["SUM(A1)", "cmd|' /C calc'!A0", "1+2"]), max_size=8).map("".join)


def _python_csv(header, rows) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4).flatmap(lambda k: st.lists(st.lists(cells, min_size=k, max_size=k), max_size=15)), st.integers(1, 5))
def test_same_bytes_as_the_csv_module_without_formulas(rows, chunk):
    k = len(rows[0]) if rows else 1
    header = [f"col {i}" for i in range(k)]
    plain = [[c for c in r] for r in rows if not any(x[:1] in "=+-@\t\r" for x in r)]
    cols = [[r[i] for r in plain] for i in range(k)]
    got = b"".join(csv_chunks(header, cols, chunk_rows=chunk))
    assert got == _python_csv(header, plain)
    back = list(csv.reader(io.StringIO(got.decode("utf-8-sig"), newline="")))
    assert back == [header] + plain


def test_formulas_get_an_apostrophe_and_negative_numbers_do_not():
    df = pd.DataFrame({"note": ["=SUM(A1:A3)", "-5", "+ cmd|' /C calc'!A0", "@SUM(1)", "-see prior entry", "ok"], "n": np.arange(6)})
    text = b"".join(frame_chunks(df)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [r[0] for r in rows[1:]] == ["'=SUM(A1:A3)", "-5", "'+ cmd|' /C calc'!A0", "'@SUM(1)", "-see prior entry", "ok"]
    assert [r[1] for r in rows[1:]] == ["0", "1", "2", "3", "4", "5"]


def test_missing_values_are_empty_cells_and_a_lone_empty_cell_is_quoted():
    assert b"".join(frame_chunks(pd.DataFrame({"a": ["x", None, np.nan, ""], "b": ["1", "2", "3", "4"]}))) == b"\xef\xbb\xbfa,b\r\nx,1\r\n,2\r\n,3\r\n,4\r\n"
    assert b"".join(frame_chunks(pd.DataFrame({"a": ["x", ""]}))) == b'\xef\xbb\xbfa\r\nx\r\n""\r\n'
