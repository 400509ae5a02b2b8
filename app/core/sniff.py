"""What a column's content looks like: emails, phones, dates, numbers (for mapping and checks)."""

from __future__ import annotations

import re

import pandas as pd

EMAIL_RE = r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
PHONE_RE = r"^(?:\+?\d{1,3}[\s.\-]?)?(?:\(\d{1,4}\)|\d{1,4})(?:[\s.\-]?\d{2,4}){1,4}(?:\s*(?:x|ext\.?|#)\s*\d{1,6})?$"
DATE_RE = r"^\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}(?:[ T].*)?$|^[A-Za-z]{3,9}\.? \d{1,2},? \d{4}$|^\d{1,2}[ \-][A-Za-z]{3,9}[ \-]\d{2,4}$"
NUMBER_RE = r"^[-+(]?\s*[$€£]?\s*-?[\d][\d,. ']*\)?-?$"
TIME_RE = r"^\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?$"
URL_RE = r"^(?:https?://|www\.)\S+$"

_PHONE = re.compile(PHONE_RE)


def column_profile(series: pd.Series, sample: int = 500) -> dict[str, float]:
    """Share of the non-blank values (up to `sample` of them) that look like each kind."""
    head = series.head(sample * 4).astype(object).fillna("").map(str).str.strip()
    s = head[head != ""].head(sample)
    if s.empty:
        return {}
    n = len(s)
    return {
        "email": s.str.match(EMAIL_RE).sum() / n,
        "phone": s.map(looks_like_phone).sum() / n,
        "date": s.str.match(DATE_RE).sum() / n,
        "number": s.str.match(NUMBER_RE).sum() / n,
        "time": s.str.match(TIME_RE).sum() / n,
        "url": s.str.match(URL_RE).sum() / n,
    }


def looks_like_phone(v: str) -> bool:
    t = v.strip()
    if not _PHONE.match(t):
        return False
    digits = sum(ch.isdigit() for ch in t)
    return 7 <= digits <= 15
