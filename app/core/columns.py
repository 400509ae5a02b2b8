"""Whole-column helpers: work once per distinct value, spread the result with one take().

A million time entries hold a few thousand distinct dates, users and matters: parsing each
distinct value once and indexing the results is what keeps the checks linear and fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from app.core import pause

TEXT = pd.StringDtype("pyarrow")  # every source column: compact, with fast string kernels


def _tune_arrow_memory() -> None:
    """jemalloc, returning freed memory at once: measured 750 MB peak on a 1M-row check against
    830-970 MB with the other pools (benchmarks/README.md)."""
    try:
        import pyarrow as pa

        pa.set_memory_pool(pa.jemalloc_memory_pool())
        pa.jemalloc_set_decay_ms(0)
    except (ImportError, NotImplementedError, AttributeError, OSError):  # jemalloc is not in every build
        pass


_tune_arrow_memory()


def factor(series: pd.Series) -> tuple[np.ndarray, list]:
    """(codes, distinct values) of a column; missing text counts as '', a missing number as NaN."""
    pause.point()
    codes, uniq = pd.factorize(series, use_na_sentinel=True)
    missing = np.nan if pd.api.types.is_float_dtype(series.dtype) else ""
    values = uniq.tolist()  # ten times faster than list() on Arrow-backed text
    if (codes < 0).any():
        codes = codes.copy()
        codes[codes < 0] = len(values)
        values.append(missing)
    return codes, values


TAKE_CHUNK = 1 << 18


def spread(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """values[codes]: per-distinct-value results given to every row. For Python objects in
    pieces of TAKE_CHUNK rows with a pause point between them: numpy copies a million object
    pointers holding the interpreter lock all along (40-75 ms, a stall for the window beside it)."""
    values = np.asarray(values)
    if values.dtype != object or len(codes) <= TAKE_CHUNK:
        return values[codes]
    out = np.empty(len(codes), dtype=object)
    for lo in range(0, len(codes), TAKE_CHUNK):
        pause.point()
        # mode="clip": numpy buffers `out` in its default mode (1.7x slower); codes come from
        # factorising the column, so they are in range.
        np.take(values, codes[lo:lo + TAKE_CHUNK], out=out[lo:lo + TAKE_CHUNK], mode="clip")
    return out


def filled(n: int, value) -> np.ndarray:
    """An object array holding one value n times: the same object, not n copies of it
    (np.full makes a new string per element: 55 MB for 700,000 copies of a file name)."""
    a = np.empty(n, dtype=object)
    a.fill(value)
    return a


def distinct(series: pd.Series) -> list:
    return factor(series)[1]


def map_unique(series: pd.Series, fn: Callable[[Any], Any], dtype=object) -> pd.Series:
    """fn applied to each distinct value, spread back to every row."""
    codes, uniq = factor(series)
    results = np.empty(len(uniq), dtype=dtype)
    for i, u in enumerate(uniq):
        results[i] = fn(u)
    return pd.Series(spread(results, codes) if len(uniq) else np.empty(0, dtype=dtype), index=series.index, dtype=results.dtype)




def blank(series: pd.Series) -> pd.Series:
    """True where the cell is empty or only spaces (as a plain numpy-backed bool Series)."""
    pause.point()
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = pa.chunked_array(series.array._pa_array) if hasattr(series.array, "_pa_array") else pa.array(series.array)
        empty = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(arr), ""), True)
        return pd.Series(empty.to_numpy(), index=series.index)
    if isinstance(series.dtype, pd.StringDtype):
        return pd.Series(series.str.strip().fillna("").eq("").to_numpy(dtype=bool), index=series.index)
    return map_unique(series, lambda v: not str(v).strip(), dtype=bool)


def all_blank(series: pd.Series, head: int = 2_000) -> bool:
    """blank(series).all(), looking at the first rows first: a column in use nearly always has a
    value near the top, and then the other million rows need not be read."""
    if len(series) > head and not bool(blank(series.iloc[:head]).all()):
        return False
    return bool(blank(series).all())


def as_bool(mask) -> np.ndarray:
    """Any boolean-ish Series/array (nullable included) as a plain numpy bool array."""
    if isinstance(mask, pd.Series):
        return mask.fillna(False).to_numpy(dtype=bool)
    return np.asarray(mask, dtype=bool)


def text_column(values) -> pd.Series:
    return pd.Series(pd.array(values, dtype=TEXT))
