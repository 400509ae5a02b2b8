"""Parsing text values into dates, times, money, hours and flags, per column.

Each parser works on a whole column: it parses the distinct values once (a million time entries
hold a few thousand distinct dates) and spreads the results back with one vectorised lookup.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from app.core.columns import factor, spread


def _spread(series: pd.Series, codes: np.ndarray, results: list, dtype=object) -> pd.Series:
    """Per-distinct-value results, indexed back to every row of `series`."""
    arr = np.array(results, dtype=dtype) if results else np.empty(0, dtype=dtype)
    return pd.Series(spread(arr, codes) if len(arr) else np.empty(len(series), dtype=dtype), index=series.index, dtype=arr.dtype)  # no inference pass


def _status(series: pd.Series, codes: np.ndarray, results: list) -> pd.Series:
    """Per-distinct-value cell statuses ('ok', 'blank', 'invalid'...), spread back to every row as
    a category: one byte per row instead of an eight-byte pointer."""
    if not results:  # an empty column
        return pd.Series(pd.Categorical([], categories=["blank"]), index=series.index)
    kinds, names = pd.factorize(np.array(results, dtype=object))
    return pd.Series(pd.Categorical.from_codes(kinds.astype(np.int8)[codes], categories=list(names)), index=series.index)

MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january", "janv", "januar", "ene", "enero"),
            ("feb", "february", "fev", "fevr", "februar", "febrero"),
            ("mar", "march", "mars", "marz", "marzo"),
            ("apr", "april", "avr", "avril", "abr", "abril"),
            ("may", "mai", "mayo"),
            ("jun", "june", "juin", "juni", "junio"),
            ("jul", "july", "juil", "juillet", "juli", "julio"),
            ("aug", "august", "aout", "ago", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre"),
            ("oct", "october", "octobre", "okt", "oktober", "octubre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "decembre", "dez", "dezember", "dic", "diciembre"),
        ),
        start=1,
    )
    for m in names
}

_TIME = r"(?:[ T]+(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?|\d{1,2}\s*[AaPp]\.?[Mm]\.?))?(?:\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT))?"
_ISO_RE = re.compile(r"^\s*(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})" + _TIME + r"\s*$")
_NUM_RE = re.compile(r"^\s*(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{2}|\d{4})" + _TIME + r"\s*$")
_NAMED1_RE = re.compile(r"^\s*(?:[A-Za-z]{3,9},?\s+)?(?P<mon>[A-Za-zéû]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})" + _TIME + r"\s*$")
_NAMED2_RE = re.compile(r"^\s*(?:[A-Za-z]{3,9},?\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+(?P<mon>[A-Za-zéû]{3,9})\.?[\s\-/.,]+(?P<y>\d{2}|\d{4})" + _TIME + r"\s*$")
_COMPACT_RE = re.compile(r"^\s*(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)\s*$")
_TIME_ONLY_RE = re.compile(r"^\s*(?P<h>\d{1,2})(?::(?P<mi>\d{2}))?(?::(?P<s>\d{2})(?:\.\d+)?)?\s*(?P<ap>[AaPp]\.?[Mm]\.?)?\s*$")

# Pivot for two-digit years: 00-49 -> 2000s, 50-99 -> 1900s.
_PIVOT = 50


class DateColumn:
    """The result of parsing one date column. Each form is spread to every row only when asked
    for (the check wants the status and Clio's form; a million rows per form otherwise)."""

    def __init__(self, series: pd.Series, codes: np.ndarray, iso_u: list, time_u: list, status_u: list, order: str | None,
                 evidence: str = "") -> None:
        self._series, self._codes, self._iso_u, self._time_u = series, codes, iso_u, time_u
        self.status: pd.Series = _status(series, codes, status_u)  # "ok", "blank", "invalid", "ambiguous"
        self.order = order  # "mdy", "dmy" or None when the column gave no way to tell
        self.evidence = evidence  # plain words on how the order was decided
        self._forms: dict[str, pd.Series] = {}

    def _form(self, name: str, per_value) -> pd.Series:
        if name not in self._forms:
            self._forms[name] = _spread(self._series, self._codes, per_value())
        return self._forms[name]

    @property
    def iso(self) -> pd.Series:
        """"YYYY-MM-DD" or "" (blank or not a date)."""
        return self._form("iso", lambda: self._iso_u)

    @property
    def time(self) -> pd.Series:
        """"HH:MM" when the cell also carried a time, else ""."""
        return self._form("time", lambda: self._time_u)

    @property
    def us(self) -> pd.Series:
        """"MM/DD/YYYY" (Clio's import format) or "", made per distinct value."""
        return self._form("us", lambda: [us_text(v) for v in self._iso_u])


def _two_digit(y: str) -> int:
    v = int(y)
    if len(y) == 2:
        return 2000 + v if v < _PIVOT else 1900 + v
    return v


def _valid(y: int, m: int, d: int) -> bool:
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1000 <= y <= 9999):
        return False
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def parse_time(text: str) -> str | None:
    """'2:00 PM' -> '14:00'; '14:05:09' -> '14:05'; None when not a time."""
    m = _TIME_ONLY_RE.match(text)
    if not m:
        return None
    h = int(m.group("h"))
    mi = int(m.group("mi") or 0)
    ap = (m.group("ap") or "").lower().replace(".", "")
    if m.group("mi") is None and not ap:
        return None
    if ap:
        if not 1 <= h <= 12:
            return None
        h = (h % 12) + (12 if ap == "pm" else 0)
    if not (0 <= h <= 23 and 0 <= mi <= 59):
        return None
    return f"{h:02d}:{mi:02d}"


@lru_cache(maxsize=65_536)  # a column's distinct dates are looked at up to three times (order evidence, parsing)
def _split_date(value: str):
    """-> (kind, parts, time) where kind is 'iso', 'num', 'named' or None."""
    m = _ISO_RE.match(value)
    if m:
        return "iso", (int(m["y"]), int(m["m"]), int(m["d"])), m["time"]
    m = _NUM_RE.match(value)
    if m:
        return "num", (int(m["a"]), int(m["b"]), _two_digit(m["y"])), m["time"]
    for rx in (_NAMED1_RE, _NAMED2_RE):
        m = rx.match(value)
        if m:
            mon = MONTHS.get(_fold(m["mon"]).lower().rstrip("."))
            if mon:
                return "named", (_two_digit(m["y"]), mon, int(m["d"])), m["time"]
    m = _COMPACT_RE.match(value)
    if m:
        return "iso", (int(m["y"]), int(m["m"]), int(m["d"])), None
    return None, None, None


def _fold(s: str) -> str:
    return s.replace("é", "e").replace("û", "u").replace("É", "E")


def date_order_evidence(values) -> tuple[int, int]:
    """(votes for day-first, votes for month-first) from the distinct values of a column."""
    dmy = mdy = 0
    for v in values:
        kind, parts, _ = _split_date(v)
        if kind != "num":
            continue
        a, b, _y = parts
        if a > 12 and b <= 12:
            dmy += 1
        elif b > 12 and a <= 12:
            mdy += 1
    return dmy, mdy


def decide_order(dmy: int, mdy: int) -> str | None:
    if dmy and not mdy:
        return "dmy"
    if mdy and not dmy:
        return "mdy"
    if dmy and mdy:
        # Mixed: the larger side wins only when the other side is a handful of typos.
        if dmy >= 20 * mdy:
            return "dmy"
        if mdy >= 20 * dmy:
            return "mdy"
    return None


def parse_dates(series: pd.Series, order: str | None, factored: tuple[np.ndarray, list] | None = None) -> DateColumn:
    """Parse a text column of dates with a known order (or None when undecided). `factored`:
    factor(series), when the caller has it already."""
    codes, uniques = factored if factored is not None else factor(series)
    iso_map: dict[str, str] = {}
    time_map: dict[str, str] = {}
    status_map: dict[str, str] = {}
    for v in uniques:
        s = v.strip() if isinstance(v, str) else ""
        if not s:
            iso_map[v], time_map[v], status_map[v] = "", "", "blank"
            continue
        kind, parts, tpart = _split_date(s)
        t = parse_time(tpart) if tpart else ""
        if kind is None or t is None:
            iso_map[v], time_map[v], status_map[v] = "", "", "invalid"
            continue
        if kind == "num":
            a, b, y = parts
            if order == "dmy":
                d, m = a, b
            elif order == "mdy":
                m, d = a, b
            else:
                if a == b or (a > 12) != (b > 12):
                    m, d = (b, a) if a > 12 else (a, b)
                else:
                    iso_map[v], time_map[v], status_map[v] = "", t or "", "ambiguous"
                    continue
        else:
            y, m, d = parts
        if _valid(y, m, d):
            iso_map[v], time_map[v], status_map[v] = f"{y:04d}-{m:02d}-{d:02d}", t or "", "ok"
        else:
            iso_map[v], time_map[v], status_map[v] = "", "", "invalid"
    return DateColumn(series, codes, [iso_map[u] for u in uniques], [time_map[u] for u in uniques],
                      [status_map[u] for u in uniques], order)


def parse_times(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """-> (HH:MM or '', status ok/blank/invalid)."""
    codes, uniques = factor(series)
    out: dict[str, str] = {}
    st: dict[str, str] = {}
    for v in uniques:
        s = v.strip() if isinstance(v, str) else ""
        if not s:
            out[v], st[v] = "", "blank"
            continue
        t = parse_time(s)
        if t is None:
            # A date-time in a time column: keep the time part.
            kind, _parts, tpart = _split_date(s)
            t = parse_time(tpart) if kind and tpart else None
        out[v], st[v] = (t, "ok") if t is not None else ("", "invalid")
    return _spread(series, codes, [out[u] for u in uniques]), _status(series, codes, [st[u] for u in uniques])


# --------------------------------------------------------------------------------------------
# Numbers

_MONEY_STRIP = re.compile(r"[\s$€£¥\u00a0\u202f']|USD|CAD|AUD|GBP|EUR|(?<=\d)\s*(?:CR|DR)$", re.I)


def detect_decimal_comma(values) -> bool:
    """True when the column writes decimals with a comma (1.234,56 or 12,5)."""
    comma_dec = dot_dec = 0
    for v in values:
        s = _MONEY_STRIP.sub("", v) if isinstance(v, str) else ""
        if re.fullmatch(r"-?\(?\d{1,3}(\.\d{3})+,\d{1,2}\)?-?|-?\(?\d+,\d{1,2}\)?-?", s):
            comma_dec += 1
        elif re.fullmatch(r"-?\(?\d{1,3}(,\d{3})+\.\d{1,4}\)?-?|-?\(?\d+\.\d{1,2}\)?-?", s):
            dot_dec += 1
    return comma_dec > dot_dec


def _number(s: str, decimal_comma: bool) -> float | None:
    s = _MONEY_STRIP.sub("", s)
    if not s:
        return None
    neg = False
    if s.startswith("(") and s.endswith(")"):
        neg, s = True, s[1:-1]
    if s.endswith("-"):
        neg, s = True, s[:-1]
    if s.startswith("-"):
        neg, s = (not neg), s[1:]
    elif s.startswith("+"):
        s = s[1:]
    s = _MONEY_STRIP.sub("", s)
    if decimal_comma:
        if not re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?|\d+(,\d+)?", s):
            return None
        s = s.replace(".", "").replace(",", ".")
    else:
        if not re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?|\.\d+", s):
            return None
        s = s.replace(",", "")
    try:
        val = float(s)
    except ValueError:
        return None
    if val != val or val in (float("inf"), float("-inf")):
        return None  # a 400-digit "amount" is not a number anyone meant
    return -val if neg else val


class Parsed:
    """A column parsed once per distinct value: the values per distinct text (`values_u`), the
    cell statuses, and the values or any text made from them spread to every row only when
    asked for. Making Clio's text from the distinct values saves a second factorisation of a
    million parsed numbers (and its ~40 MB hash table)."""

    def __init__(self, series: pd.Series, codes: np.ndarray, values_u: list, status_u: list, dtype=object) -> None:
        self._series, self._codes, self.values_u, self._dtype = series, codes, values_u, dtype
        self.status = _status(series, codes, status_u)

    def values(self) -> pd.Series:
        return _spread(self._series, self._codes, self.values_u, self._dtype)

    def text(self, fn) -> pd.Series:
        """fn(value) of every row, worked out once per distinct value."""
        return _spread(self._series, self._codes, [fn(v) for v in self.values_u])


def _parse_each(series: pd.Series, parse, uniques_codes=None) -> Parsed:
    """Float values (NaN where none) and status ok/blank/invalid from `parse(text) -> float |
    None`, run once per distinct value."""
    codes, uniques = uniques_codes or factor(series)
    vals: list[float] = []
    st: list[str] = []
    for v in uniques:
        s = v.strip() if isinstance(v, str) else ""
        n = parse(s) if s else None
        vals.append(np.nan if n is None else n)
        st.append("blank" if not s else ("ok" if n is not None else "invalid"))
    return Parsed(series, codes, vals, st, float)


def parse_numbers(series: pd.Series, decimal_comma: bool | None = None) -> Parsed:
    """Numbers (float, NaN where none) and status ok/blank/invalid."""
    codes, uniques = factor(series)
    if decimal_comma is None:
        decimal_comma = detect_decimal_comma(uniques)
    return _parse_each(series, lambda s: _number(s, decimal_comma), (codes, uniques))


_HM_RE = re.compile(r"^\s*(?P<h>\d+):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?\s*$")
_HUMAN_RE = re.compile(
    r"^\s*(?:(?P<h>\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|hour|hours)\.?)?\s*(?:(?P<m>\d+)\s*(?:m|min|mins|minute|minutes)\.?)?\s*$",
    re.I,
)


def parse_hours(series: pd.Series, tenths: bool = False, minutes: bool = False) -> Parsed:
    """Decimal hours from '1.5', '1,5', '1:30', '1h 30m', '90 min'; tenths or minutes by header."""
    codes, uniques = factor(series)
    dec_comma = detect_decimal_comma(uniques)

    def hours(s: str) -> float | None:
        m = _HM_RE.match(s)
        if m:
            return round(int(m["h"]) + int(m["m"]) / 60 + int(m["s"] or 0) / 3600, 4)
        n = _number(s, dec_comma)
        if n is not None:
            return round(n / 10 if tenths else n / 60 if minutes else n, 4)
        m2 = _HUMAN_RE.match(s)
        if m2 and (m2["h"] or m2["m"]):
            return round(float((m2["h"] or "0").replace(",", ".")) + int(m2["m"] or 0) / 60, 4)
        return None

    return _parse_each(series, hours, (codes, uniques))


# --------------------------------------------------------------------------------------------
# Flags

TRUE_WORDS = {"yes", "y", "true", "t", "1", "x", "checked", "on", "oui", "ja", "si", "sí", "✓", "✔"}
FALSE_WORDS = {"no", "n", "false", "f", "0", "off", "unchecked", "non", "nein"}


def parse_flags(series: pd.Series, extra: dict[str, bool] | None = None) -> Parsed:
    """True/False/None (as objects) and status ok/blank/invalid."""
    codes, uniques = factor(series)
    vals: dict[str, object] = {}
    st: dict[str, str] = {}
    for v in uniques:
        s = v.strip().lower() if isinstance(v, str) else ""
        if not s:
            vals[v], st[v] = None, "blank"
        elif extra and s in extra:
            vals[v], st[v] = extra[s], "ok"
        elif s in TRUE_WORDS:
            vals[v], st[v] = True, "ok"
        elif s in FALSE_WORDS:
            vals[v], st[v] = False, "ok"
        else:
            vals[v], st[v] = None, "invalid"
    return Parsed(series, codes, [vals[u] for u in uniques], [st[u] for u in uniques])


# Words that say "billable" / "not billable" in a billing-type column (TimeSolv, Rocket Matter, CARET).
BILLABLE_WORDS = {"billable": True, "hourly": True, "non-billable": False, "non billable": False,
                  "nonbillable": False, "no charge": False, "nc": False, "ncds": False, "n/c": False,
                  "not billable": False, "unbillable": False}


def money_text(x: float) -> str:
    """A float as a plain text number without symbols or thousands separators ('' for NaN)."""
    return "" if x != x else f"{x:.2f}"


def decimal_text(x: float) -> str:
    """A float as the shortest decimal text ('1.5', '0.25', '2'); '' for NaN."""
    if x != x:
        return ""
    s = f"{x:.4f}".rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


def us_text(iso) -> str:
    """'YYYY-MM-DD' -> 'MM/DD/YYYY' (Clio's import format); '' stays ''."""
    return f"{iso[5:7]}/{iso[8:10]}/{iso[0:4]}" if isinstance(iso, str) and len(iso) == 10 else ""
