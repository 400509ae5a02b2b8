"""People's and companies' names: telling them apart, splitting, and keys for matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from app.core import pause
from app.core.columns import factor, filled, spread

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




_NON_WORD = re.compile(r"[\W_]+")
_COMBINING_CLASS = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_COMBINING = re.compile(_COMBINING_CLASS)


@lru_cache(maxsize=200_000)
def _fold(text: str) -> str:
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    # A final sigma is a sigma: 'ΣΟΦΟΣ' and 'σοφοσ' are one key (and the Arrow kernels agree).
    return " ".join(_NON_WORD.sub(" ", text.lower().replace("ς", "σ")).split())


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation to spaces, spaces collapsed: a matching key."""
    if not isinstance(text, str):
        return ""
    return _fold(text)




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
    """split_full_name() of every value of a column: distinct values through Arrow kernels."""
    codes, uniq = factor(series)
    parts = split_full_name_columns(uniq) if uniq else [np.empty(0, dtype=object)] * 4
    cols = [spread(np.asarray(c, dtype=object), codes) if len(uniq) else np.empty(0, dtype=object) for c in parts]
    return pd.DataFrame({k: pd.Series(c, index=series.index, dtype=object) for k, c in zip(("first_name", "middle_name", "last_name", "company"), cols)})


# --------------------------------------------------------------------------------------------
# Whole columns at once (Arrow kernels): the same keys as fold() and name_keys(), for hundreds of
# thousands of names without a Python call per name. tests/core/test_names.py holds them equal.

# Python's \s and \w are Unicode-aware; RE2's are ASCII: spell the Unicode classes out.
_U_SPACE = r"[\s\x{0b}\p{Z}\x{1c}-\x{1f}\x{85}]"
_COMPANY_RE2 = rf"(?i)(?:^|[\s\p{{Z}}\x{{1c}}-\x{{1f}}\x{{85}},])(?:{_COMPANY_WORDS.replace(chr(92) + 's', _U_SPACE)})(?:$|[\s\p{{Z}}\x{{1c}}-\x{{1f}}\x{{85}},.])"
_ID_PREFIX_RE2 = rf"^{_U_SPACE}*\d+{_U_SPACE}*[-–:]{_U_SPACE}+"
_TITLE_RE2 = rf"(?i)^(mr|mrs|ms|miss|mx|dr|prof|rev|hon|sir|dame)\.?{_U_SPACE}+"
_SUFFIX_RE2 = rf"(?i),?{_U_SPACE}+(jr|sr|ii|iii|iv|esq|md|phd|cpa)\.?$"


def as_text_array(values) -> pa.Array:
    """Any column (pandas text or object, numpy, list) as one Arrow string array: missing as '',
    numbers as their text."""
    pause.point()
    if isinstance(values, pd.Series):
        values = values.array if isinstance(values.dtype, (pd.StringDtype, pd.ArrowDtype)) else values.to_numpy()
    if isinstance(values, pa.ChunkedArray):
        arr = values.combine_chunks()
    elif isinstance(values, pa.Array):
        arr = values
    elif hasattr(values, "__arrow_array__"):
        arr = pa.array(values)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
    elif isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        arr = pa.array(values)
    else:
        try:
            arr = pa.array(values, type=pa.string(), from_pandas=True)
        except (pa.ArrowTypeError, pa.ArrowInvalid):
            arr = pa.array([v if isinstance(v, str) else (None if v is None or v != v else str(v)) for v in values], type=pa.string())
    if arr.type != pa.string():
        arr = arr.cast(pa.string())  # one string type for every kernel (a column holds far less than 2 GB)
    return arr.fill_null("") if arr.null_count else arr


def fold_array(values) -> pa.Array:
    """fold() of every value of a column, as Arrow kernels. The Unicode steps run only on the
    values that are not plain ASCII, and the punctuation step only on the values that hold
    something other than letters, digits and single spaces: most names are neither (a
    200,000-name column: 0.18 -> 0.08 s)."""
    a = as_text_array(values)
    if not len(a):
        return a
    is_ascii = pc.string_is_ascii(a)
    lowered = pc.ascii_lower(a)
    if not pc.all(is_ascii).as_py():
        other = pc.invert(is_ascii)
        sub = a.filter(other)
        sub = pc.replace_substring_regex(pc.utf8_normalize(sub, "NFKD"), _COMBINING_CLASS, "")
        sub = pc.replace_substring(pc.utf8_lower(sub), "ς", "σ")
        lowered = pc.replace_with_mask(lowered, other, sub)
    messy = pc.match_substring_regex(lowered, r"[^\p{L}\p{N} ]|  |^ | $")
    if not pc.any(messy).as_py():
        return lowered
    sub = pc.utf8_trim(pc.replace_substring_regex(lowered.filter(messy), r"[^\p{L}\p{N}]+", " "), " ")
    return pc.replace_with_mask(lowered, messy, sub)


def company_array(values) -> np.ndarray:
    """looks_like_company() of every value, as a numpy bool array."""
    a = as_text_array(values)
    if not len(a):
        return np.zeros(0, dtype=bool)
    return pc.match_substring_regex(a, _COMPANY_RE2).to_numpy(zero_copy_only=False)


def _python_sub(a: pa.Array, pattern: re.Pattern) -> pa.Array:
    return pa.array([pattern.sub("", v) for v in a.to_pylist()], type=pa.string())


@lru_cache(maxsize=32)
def _as_re2(source: str, flags: int) -> str | None:
    """A Python pattern in RE2's syntax, with Python's Unicode meaning of \\s and \\d; None when
    it is not simple enough to say so for certain (classes, escaped backslashes, flags)."""
    if flags & ~re.UNICODE or any(x in source for x in ("[", "\\\\", "(?", "\\b", "\\w", "\\S", "\\D", "\\W")):
        return None
    return source.replace("\\s", _U_SPACE).replace("\\d", r"\p{Nd}")


def strip_prefix_array(values, pattern: re.Pattern) -> pa.Array:
    """pattern.sub('', v) of every value: in Arrow when the pattern says the same thing in RE2
    (a profile's ID prefix, '^\\d+\\s*-\\s*', always does), else in Python."""
    a = as_text_array(values)
    re2 = _as_re2(pattern.pattern, pattern.flags)
    if re2 is not None:
        try:
            return pc.replace_substring_regex(a, re2, "")
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    return _python_sub(a, pattern)


_CLIENT_ID_RE2 = rf"^{_U_SPACE}*\p{{Nd}}+{_U_SPACE}*[-–]{_U_SPACE}+"  # '1123 - ' before a client's name


def name_key_columns(values, strip_prefix: re.Pattern | None = None, first_only: bool = False) -> list[pa.Array]:
    """name_keys() of every value, as aligned columns in order of preference ('' where a value
    has no such key). Meant for distinct values: a column's keys, not a row's. `first_only`:
    only the first key (the name as written), which most references match."""
    t = pc.utf8_trim_whitespace(as_text_array(values))
    if strip_prefix is not None:
        t = strip_prefix_array(t, strip_prefix)
    t = pc.replace_substring_regex(t, _ID_PREFIX_RE2, "", max_replacements=1)
    keys = [fold_array(t)]
    if first_only:
        return keys
    has_comma = pc.and_(pc.match_substring(t, ","), pc.invert(pa.array(company_array(t))))
    last = pc.replace_substring_regex(t, r"(?s),.*$", "", max_replacements=1)
    first = pc.replace_substring_regex(t, r"(?s)^[^,]*,", "", max_replacements=1)
    keys.append(pc.if_else(has_comma, fold_array(pc.binary_join_element_wise(first, last, " ")), ""))
    t2 = pc.replace_substring_regex(pc.replace_substring_regex(t, _TITLE_RE2, "", max_replacements=1), _SUFFIX_RE2, "", max_replacements=1)
    f2 = fold_array(t2)
    keys.append(pc.if_else(pc.not_equal(t2, t), f2, ""))
    # Three words or more: first and last only (middle names and initials dropped).
    ends = pc.binary_join_element_wise(pc.replace_substring_regex(f2, " .*$", "", max_replacements=1),
                                       pc.replace_substring_regex(f2, "^.* ", "", max_replacements=1), " ")
    keys.append(pc.if_else(pc.greater_equal(pc.count_substring(f2, " "), 2), ends, ""))
    return keys


_PARTICLES_RE2 = "van|von|de|del|della|da|di|la|le|st\\.|st|der|den|du|dos|das|bin|al"
# first word, the middle words (as few as can be), and the last name: the last word with the
# particles just before it ('Ludwig van Beethoven', 'María de la Cruz'); the first word stays first.
_THREE_RE2 = rf"^(?P<first>\S+) (?:(?P<middle>.*?) )??(?P<last>(?:(?i:{_PARTICLES_RE2}) )*\S+)$"


def split_full_name_columns(values) -> list[np.ndarray]:
    """split_full_name() of every value, as four lists (first, middle, last, company)."""
    a = as_text_array(values)
    t = pc.utf8_trim(pc.replace_substring_regex(a, rf"{_U_SPACE}+", " "), " ")
    company = company_array(t)
    t2 = pc.replace_substring_regex(pc.replace_substring_regex(t, _TITLE_RE2, "", max_replacements=1), _SUFFIX_RE2, "", max_replacements=1)
    comma = pc.match_substring(t2, ",").to_numpy(zero_copy_only=False)
    # 'Last, First Middle'
    c_last = pc.utf8_trim_whitespace(pc.replace_substring_regex(t2, r"(?s),.*$", "", max_replacements=1))
    rest = pc.utf8_trim(pc.replace_substring_regex(pc.replace_substring_regex(t2, r"(?s)^[^,]*,", "", max_replacements=1), rf"{_U_SPACE}+", " "), " ")
    c_first = pc.replace_substring_regex(rest, " .*$", "", max_replacements=1)
    c_middle = pc.if_else(pc.match_substring(rest, " "), pc.replace_substring_regex(rest, "^[^ ]* ", "", max_replacements=1), "")
    # 'First [Middle...] Last'
    words = pc.add(pc.count_substring(t2, " "), pc.if_else(pc.equal(t2, ""), -1, 1)).to_numpy(zero_copy_only=False)
    two_first = pc.replace_substring_regex(t2, " .*$", "", max_replacements=1)
    two_last = pc.replace_substring_regex(t2, "^[^ ]* ", "", max_replacements=1)
    three = pc.extract_regex(pc.if_else(pa.array(words >= 3), t2, "a b c"), _THREE_RE2)
    f3, m3, l3 = (pc.fill_null(pc.struct_field(three, k), "") for k in ("first", "middle", "last"))
    def obj(x) -> np.ndarray:
        return np.asarray(x.to_pylist(), dtype=object)

    empty = pc.equal(t, "").to_numpy(zero_copy_only=False)
    cases = [company, empty, comma, words == 1, words == 2, words >= 3]
    blank = filled(len(a), "")
    first = np.select(cases, [blank, blank, obj(c_first), blank, obj(two_first), obj(f3)], blank)
    middle = np.select(cases, [blank, blank, obj(c_middle), blank, blank, obj(m3)], blank)
    last = np.select(cases, [blank, blank, obj(c_last), obj(t2), obj(two_last), obj(l3)], blank)
    comp = np.where(company, obj(t), blank)
    return [first, middle, last, comp]


_FORMULA_BYTES = np.zeros(256, dtype=bool)
_FORMULA_BYTES[[ord(c) for c in "=+-@\t\r"]] = True


def _text_or_large(values) -> pa.Array:
    """A column as one Arrow string or large_string array, nulls as '': the source columns are
    large_string, and casting them to string (as_text_array) would copy every offset."""
    if isinstance(values, pd.Series) and isinstance(values.dtype, (pd.StringDtype, pd.ArrowDtype)):
        values = values.array
    if hasattr(values, "_pa_array"):
        values = values._pa_array
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    if isinstance(values, pa.Array) and values.type in (pa.string(), pa.large_string()):
        return values.fill_null("") if values.null_count else values
    return as_text_array(values)


# Cells per piece for the byte-level tests below: the int64 temporaries of five million cells
# (40 MB each) were fresh memory every time, and the test took 11x as long as for one million.
_PIECE = 1 << 20


def _bytes_and_offsets(a: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A string array's UTF-8 bytes and its n+1 offsets into them, as numpy views (no copy)."""
    _validity, offsets, data = a.buffers()
    width = np.int64 if a.type == pa.large_string() else np.int32
    offs = np.frombuffer(offsets, dtype=width, count=len(a) + 1 + a.offset)[a.offset:]
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
    return raw, offs


def formula_start_array(values) -> np.ndarray:
    """Cells whose first character could start a spreadsheet formula (= + - @ tab CR): the
    candidates for the full formula pattern. Each cell's first byte looked up in a table."""
    a = _text_or_large(values)
    if not len(a):
        return np.zeros(0, dtype=bool)
    raw, offs = _bytes_and_offsets(a)
    if not len(raw):
        return np.zeros(len(a), dtype=bool)
    out = np.empty(len(a), dtype=bool)
    for lo in range(0, len(a), _PIECE):
        hi = min(lo + _PIECE, len(a))
        start, end = offs[lo:hi], offs[lo + 1:hi + 1]
        out[lo:hi] = _FORMULA_BYTES[raw[np.minimum(start, len(raw) - 1)]] & (end > start)
    return out


def has_any_byte(values, chars: bytes) -> bool:
    """Whether any cell of a column holds any of these ASCII characters (one search of its bytes
    per character, no per-cell work: most columns hold none of what needs quoting)."""
    a = _text_or_large(values)
    if not len(a):
        return False
    raw, offs = _bytes_and_offsets(a)
    text = raw[int(offs[0]):int(offs[-1])].tobytes()  # a memcpy, then memchr per character
    return any(text.find(bytes([c])) >= 0 for c in chars)


# Bytes a cell's first or last character may have when it is white space: ASCII spaces and
# controls, and the lead (first) or any continuation (last) byte of a multi-byte character (NBSP,
# U+2000-U+200A, U+3000...): a cell with neither cannot change when stripped.
_EDGE_FIRST = np.zeros(256, dtype=bool)
_EDGE_FIRST[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True
_EDGE_FIRST[0xC2] = _EDGE_FIRST[0xE1] = _EDGE_FIRST[0xE2] = _EDGE_FIRST[0xE3] = True
_EDGE_LAST = _EDGE_FIRST.copy()
_EDGE_LAST[0x80:0xC0] = True


def edge_space_candidates(values) -> np.ndarray:
    """The cells that might start or end with white space (the others certainly do not), from
    each cell's first and last byte: no per-cell string work."""
    a = _text_or_large(values)
    if not len(a):
        return np.zeros(0, dtype=bool)
    raw, offs = _bytes_and_offsets(a)
    if not len(raw):
        return np.zeros(len(a), dtype=bool)
    out = np.empty(len(a), dtype=bool)
    for lo in range(0, len(a), _PIECE):  # a million cells at a time: temporaries that stay in cache
        hi = min(lo + _PIECE, len(a))
        start, end = offs[lo:hi], offs[lo + 1:hi + 1]
        first = raw[np.minimum(start, len(raw) - 1)]
        last = raw[np.maximum(end - 1, 0)]
        out[lo:hi] = (_EDGE_FIRST[first] | _EDGE_LAST[last]) & (end > start)
    return out


def may_have_edge_space(values) -> bool:
    """Whether any cell might start or end with white space (False: certainly none does)."""
    return bool(edge_space_candidates(values).any())
