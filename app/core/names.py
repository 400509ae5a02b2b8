"""People's and companies' names: telling them apart, splitting, and keys for matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd

from app.core.columns import map_unique, map_unique_many

_COMPANY_WORDS = (
    r"llc|l\.l\.c\.?|llp|l\.l\.p\.?|lllp|pllc|p\.?l\.?l\.?c\.?|inc\.?|incorporated|corp\.?|corporation|co\.|company|ltd\.?|limited|"
    r"plc|p\.?c\.|p\.?a\.|gmbh|ag|s\.?a\.?|s\.?r\.?l\.?|b\.?v\.?|n\.?v\.?|pty|pty\.? ltd\.?|lp|l\.p\.|"
    r"group|holdings?|partners|partnership|associates|enterprises|industries|international|"
    r"bank|bancorp|insurance|agency|trust company|foundation|university|college|school|hospital|clinic|"
    r"church|ministries|association|society|institute|council|county|city of|department|dept\.?|"
    r"services|solutions|systems|technologies|consulting|construction|properties|realty|"
    r"law firm|law office|law offices|attorneys|&\s*co\.?"
)
_COMPANY_RE = re.compile(rf"(?:^|[\s,])(?:{_COMPANY_WORDS})(?:$|[\s,.])", re.I)
_ID_PREFIX_RE = re.compile(r"^\s*\d+\s*[-–:]\s+")
_TITLE_RE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|rev|hon|sir|dame)\.?\s+", re.I)
_SUFFIX_RE = re.compile(r",?\s+(jr|sr|ii|iii|iv|esq|md|phd|cpa)\.?$", re.I)


def looks_like_company(text: str) -> bool:
    return bool(text) and bool(_COMPANY_RE.search(f" {text} "))


def company_mask(series: pd.Series) -> pd.Series:
    """Vectorised looks_like_company over a text column."""
    return map_unique(series, lambda u: looks_like_company(u) if isinstance(u, str) else False, dtype=bool)


_NON_WORD = re.compile(r"[\W_]+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@lru_cache(maxsize=200_000)
def _fold(text: str) -> str:
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation to spaces, spaces collapsed: a matching key."""
    if not isinstance(text, str):
        return ""
    return _fold(text)


def person_key(first: str, last: str) -> str:
    return fold(f"{first} {last}")


def name_keys(text: str, strip_prefix: re.Pattern | None = None) -> list[str]:
    """Keys a free-text name may match: 'Smith, John' also as 'john smith'; ID prefixes removed."""
    if not isinstance(text, str) or not text.strip():
        return []
    t = text.strip()
    if strip_prefix is not None:
        t = strip_prefix.sub("", t)
    t = _ID_PREFIX_RE.sub("", t)
    keys = [fold(t)]
    if "," in t and not looks_like_company(t):
        last, _, first = t.partition(",")
        keys.append(fold(f"{first} {last}"))
    t2 = _SUFFIX_RE.sub("", _TITLE_RE.sub("", t))
    if t2 != t:
        keys.append(fold(t2))
    parts = fold(t2).split()
    if len(parts) >= 3:
        keys.append(f"{parts[0]} {parts[-1]}")  # drop middle names / initials
    return [k for k in dict.fromkeys(keys) if k]


def split_full_name(text: str) -> tuple[str, str, str, str]:
    """-> (first, middle, last, company). Companies stay whole; 'Last, First M.' is handled."""
    if not isinstance(text, str) or not text.strip():
        return "", "", "", ""
    t = " ".join(text.split())
    if looks_like_company(t):
        return "", "", "", t
    t = _TITLE_RE.sub("", t)
    t = _SUFFIX_RE.sub("", t)
    if "," in t:
        last, _, rest = t.partition(",")
        parts = rest.split()
        first = parts[0] if parts else ""
        middle = " ".join(parts[1:])
        return first, middle, last.strip(), ""
    parts = t.split()
    if len(parts) == 1:
        return "", "", parts[0], ""
    if len(parts) == 2:
        return parts[0], "", parts[1], ""
    # Particles stay with the last name: "Ludwig van Beethoven", "María de la Cruz".
    particles = {"van", "von", "de", "del", "della", "da", "di", "la", "le", "st.", "st", "der", "den", "du", "dos", "das", "bin", "al"}
    i = len(parts) - 1
    while i > 1 and parts[i - 1].lower() in particles:
        i -= 1
    return parts[0], " ".join(parts[1:i]), " ".join(parts[i:]), ""


def split_full_names(series: pd.Series) -> pd.DataFrame:
    first, middle, last, company = map_unique_many(series, split_full_name, 4)
    return pd.DataFrame({"first_name": first, "middle_name": middle, "last_name": last, "company": company}, index=series.index)
