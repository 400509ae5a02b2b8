"""Mapping a file's columns onto Clio's fields: aliases, then fuzzy matching, then content.

A column maps to at most one field and a field takes at most one column. Columns that map to
nothing are kept as custom fields; nothing is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz

from app.core import fields as F
from app.core.columns import all_blank
from app.core.names import fold
from app.core.profiles import Profile, generic_aliases
from app.core.sniff import column_profile

_ENTITY_PREFIXES = ("contact", "matter", "case", "task", "event", "entry", "activity", "calendar", "time", "expense")
FUZZY_THRESHOLD = 94.0
_AMOUNT_HEADER_RE = re.compile(r"balance|amount|total|due|owing|outstanding|invoiced|paid|trust|operating|current|\d+\s*(-|to)\s*\d+|\d+\s*\+|days|credit|receivable|unpaid|fees|costs", re.I)


@lru_cache(maxsize=20_000)
def norm_header(h: str) -> str:
    h = re.sub(r"([a-z])([A-Z])", r"\1 \2", h or "")
    h = re.sub(r"#", " number ", h)  # "Matter #", "Case #", "Bill #"
    return fold(h)


# A leading word naming the record itself can go: "Task Name" in tasks, "Contact: Email" in contacts.
# Elsewhere it names another record ("Case Title" in a call log is the matter, not the subject).
_OWN_PREFIXES = {
    "contacts": ("contact", "client", "person", "company"),
    "matters": ("matter", "case", "file", "project"),
    "related_contacts": ("contact", "party", "related"),
    "tasks": ("task", "todo"),
    "calendar_entries": ("event", "calendar", "appointment", "meeting"),
    "contact_notes": ("note",),
    "matter_notes": ("note", "memo"),
    "communications": ("message", "communication"),
    "time_entries": ("time", "entry", "activity", "fee"),
    "expense_entries": ("expense", "entry", "activity", "cost", "disbursement"),
    "ar_balances": ("balance",),
    "trust_balances": ("trust",),
}


def header_variants(h: str, data_type: str | None = None) -> list[str]:
    n = norm_header(h)
    out = [n]
    parts = n.split(" ", 1)
    prefixes = _OWN_PREFIXES.get(data_type, ()) if data_type else _ENTITY_PREFIXES
    if len(parts) == 2 and parts[0] in prefixes:
        out.append(parts[1])
    return out


# Words that qualify a header without changing its field: "Mailing City", "Activity Date", "Is Completed".
_QUALIFIERS = {"mailing", "activity", "entry", "record", "item", "is", "the", "current", "primary", "main", "default",
               "physical", "preferred", "actual", "official", "full", "number"}


def _loose_match(v: str, table: list[tuple[str, str, int, str]]) -> tuple[float, str, str] | None:
    """Second chance for a header no alias names exactly: drop qualifier words, or find a
    two-word alias whose words all appear in a header with at most one more word."""
    words = v.split()
    core = " ".join(w for w in words if w not in _QUALIFIERS)
    best: tuple[float, str, str] | None = None
    if core and core != v:
        for a, fld, rank, _src in table:
            if a == core and (best is None or 700 - rank > best[0]):
                best = (700 - rank, fld, "alias")
    if best is not None:
        return best
    wset = set(words)
    for a, fld, rank, _src in table:
        aw = a.split()
        if len(aw) >= 2 and set(aw) <= wset and len(wset) - len(set(aw)) <= 1:
            if best is None or 600 - rank > best[0]:
                best = (600 - rank, fld, "alias")
    return best


@lru_cache(maxsize=20_000)  # the same few hundred aliases are stemmed for every column of every file
def _stem(text: str) -> str:
    """'date opened' ~ 'date open', 'notes' ~ 'note': a light stemmer for fuzzy matching."""
    return " ".join(re.sub(r"(ed|ing|s)$", "", w) if len(w) > 4 else w for w in text.split())


@dataclass
class ColumnMapping:
    data_type: str
    columns: dict[str, str] = field(default_factory=dict)  # source header -> field
    how: dict[str, str] = field(default_factory=dict)  # source header -> "profile", "alias", "fuzzy", "content", "user"
    invert: set[str] = field(default_factory=set)  # bool fields whose source says the opposite (Billable -> non_billable)
    amount_candidates: list[str] = field(default_factory=list)  # balances: columns that hold amounts
    notes: list[str] = field(default_factory=list)

    def field_to_column(self) -> dict[str, str]:
        return {f: c for c, f in self.columns.items()}


def alias_table(data_type: str, profile: Profile | None) -> list[tuple[str, str, int, str]]:
    return _alias_table(data_type, profile.id if profile is not None else "")


@lru_cache(maxsize=512)
def _alias_table(data_type: str, profile_id: str) -> list[tuple[str, str, int, str]]:
    from app.core.profiles import load_profiles

    profile = load_profiles().get(profile_id)
    """(normalised alias, field, rank, source) for a data type; lower rank = preferred."""
    rows: list[tuple[str, str, int, str]] = []
    if profile is not None:
        for fld, names in profile.aliases.get(data_type, {}).items():
            for i, a in enumerate(names):
                rows.append((norm_header(a), fld, i, "profile"))
    for fld, names in generic_aliases().get(data_type, {}).items():
        for i, a in enumerate(names):
            rows.append((norm_header(a), fld, 100 + i, "alias"))
    return rows


@lru_cache(maxsize=1)
def alias_type_index() -> dict[str, frozenset[str]]:
    """normalised alias -> the data types whose generic aliases contain it (for IDF weights)."""
    idx: dict[str, set[str]] = {}
    for dtype, flds in generic_aliases().items():
        for names in flds.values():
            for a in names:
                idx.setdefault(norm_header(a), set()).add(dtype)
    return {k: frozenset(v) for k, v in idx.items()}


def map_columns(frame: pd.DataFrame, columns: list[str], data_type: str, profile: Profile | None) -> ColumnMapping:
    mapping = ColumnMapping(data_type)
    if data_type not in F.DATA_TYPES:
        return mapping
    table = alias_table(data_type, profile)
    exact: dict[str, list[tuple[int, str, str]]] = {}
    for a, fld, rank, src in table:
        exact.setdefault(a, []).append((rank, fld, src))
    # Candidates: (score, column index, field, how). Higher score wins.
    cands: list[tuple[float, int, str, str, str]] = []
    for ci, col in enumerate(columns):
        variants = header_variants(col, data_type)
        # An empty column loses to a filled one that means the same field.
        empty = -300 if (not frame.empty and col in frame.columns and all_blank(frame[col])) else 0
        best: tuple[float, str, str] | None = None
        for vi, v in enumerate(variants):
            for rank, fld, src in exact.get(v, []):
                score = 1000 - rank - vi * 50 + (200 if src == "profile" else 0)
                if best is None or score > best[0]:
                    best = (score, fld, src)
        if best is None:
            best = _loose_match(variants[-1], table)
        if best is not None:
            cands.append((best[0] + empty, ci, col, best[1], best[2]))
            continue
        # Fuzzy: never across different digits ("Address 2" is not "Address 1").
        fz: tuple[float, str] | None = None
        for a, fld, _rank, _src in table:
            for v in variants:
                if re.sub(r"\D", "", a) != re.sub(r"\D", "", v) or len(v) < 4:
                    continue
                if fld in F.PSEUDO_FIELDS:
                    continue  # a guess never splits or converts a column
                r = max(fuzz.ratio(v, a), 100.0 if _stem(v) == _stem(a) else 0.0)
                if r >= FUZZY_THRESHOLD and (fz is None or r > fz[0]):
                    fz = (r, fld)
        if fz is not None:
            cands.append((fz[0] - 200 + empty, ci, col, fz[1], "fuzzy"))
    taken_fields: set[str] = set()
    taken_cols: set[str] = set()
    for _score, _ci, col, fld, how in sorted(cands, key=lambda c: (-c[0], c[1])):
        if fld in taken_fields or col in taken_cols:
            continue
        mapping.columns[col] = fld
        mapping.how[col] = how
        taken_fields.add(fld)
        taken_cols.add(col)
    _resolve_pseudo_fields(mapping)
    _sniff_missing(frame, columns, mapping)
    _flag_polarity(mapping)
    if data_type in ("ar_balances", "trust_balances"):
        _balance_amounts(frame, columns, mapping)
    # Keep the columns in file order.
    mapping.columns = {c: mapping.columns[c] for c in columns if c in mapping.columns}
    return mapping


def _resolve_pseudo_fields(m: ColumnMapping) -> None:
    f2c = m.field_to_column()
    if "full_name" in f2c and ({"first_name", "last_name"} & f2c.keys() or ("company" in f2c and m.data_type == "contacts" and "first_name" in f2c)):
        m.columns.pop(f2c["full_name"])
    if "start" in f2c and "start_date" in f2c:
        m.columns.pop(f2c["start"])
    if "end" in f2c and "end_date" in f2c:
        m.columns.pop(f2c["end"])
    if "hours_minutes" in f2c and "quantity" in f2c:
        m.columns.pop(f2c["hours_minutes"])
    if m.data_type == "matters" and "client" in f2c and ({"client_first_name", "client_last_name", "client_company_name"} & f2c.keys()):
        m.columns.pop(f2c["client"])
    for c in list(m.how):
        if c not in m.columns:
            m.how.pop(c)


def _flag_polarity(m: ColumnMapping) -> None:
    """`Billable` (yes = billable) feeds non_billable inverted; `Non-billable` feeds it as is."""
    for col, fld in m.columns.items():
        if fld == "non_billable":
            n = norm_header(col)
            if "billable" in n and not re.search(r"\bnon ?billable\b|\bnot billable\b|\bunbillable\b|no charge", n):
                m.invert.add(col)
        if fld == "status" and m.data_type == "tasks" and re.search(r"\b(completed?|done)\b", norm_header(col)):
            m.notes.append(f"'{col}' says whether the task is done: yes = Complete, no = Pending.")


# Fields worth finding by content when no header named them, per data type.
_SNIFF_TARGETS = {
    "contacts": (("email", "email_address"), ("phone", "primary_phone")),
    "related_contacts": (("email", "email_address"), ("phone", "primary_phone")),
    "time_entries": (("date", "date"),),
    "expense_entries": (("date", "date"),),
    "contact_notes": (("date", "date"),),
    "matter_notes": (("date", "date"),),
    "tasks": (("date", "due_date"),),
    "matters": (("date", "open_date"),),
}


def _sniff_missing(frame: pd.DataFrame, columns: list[str], m: ColumnMapping) -> None:
    """A column full of emails is an email column whatever its header says (only for unnamed
    or generic headers, and only for fields no header claimed)."""
    targets = _SNIFF_TARGETS.get(m.data_type, ())
    if not targets or frame.empty:
        return
    for kind, fld in targets:
        if fld in m.columns.values():
            continue
        # Only a header that says nothing ("Column 3") or says the kind in other words
        # ("Logged On", "E-mail 1"): a named header that means something else stays a custom field.
        free = [c for c in columns if c not in m.columns and (_generic_header(c) or _KIND_WORDS[kind].search(norm_header(c)))]
        for col in free:
            prof = column_profile(frame[col])
            if prof.get(kind, 0) >= (0.8 if _generic_header(col) else 0.95):
                m.columns[col] = fld
                m.how[col] = "content"
                break


_KIND_WORDS = {
    "date": re.compile(r"\b(date|dated|day|when|on|logged|entered|created|posted)\b"),
    "email": re.compile(r"mail"),
    "phone": re.compile(r"\b(tel|phone|telephone|cell|mobile|fax)\b"),
}


def _generic_header(col: str) -> bool:
    n = norm_header(col)
    return bool(re.fullmatch(r"(column|field|col|unnamed|f)\s*\d+|", n)) or len(n) <= 2


def _balance_amounts(frame: pd.DataFrame, columns: list[str], m: ColumnMapping) -> None:
    """Balances need exactly one amount column. Several candidates: the user must pick."""
    amount_field = "price" if m.data_type == "ar_balances" else "balance"
    cands: list[str] = []
    for col in columns:
        if col in m.columns and m.columns[col] != amount_field:
            continue
        if not _AMOUNT_HEADER_RE.search(col) and m.columns.get(col) != amount_field:
            continue
        prof = column_profile(frame[col]) if not frame.empty else {"number": 1.0}
        if prof.get("number", 0) >= 0.8:
            cands.append(col)
    m.amount_candidates = cands
    chosen = [c for c, f in m.columns.items() if f == amount_field]
    if len(cands) > 1 and not any(m.how.get(c) == "user" for c in chosen):
        for c in chosen:
            m.columns.pop(c)
            m.how.pop(c, None)
    elif len(cands) == 1 and not chosen:
        m.columns[cands[0]] = amount_field
        m.how[cands[0]] = "content"


def header_score(columns: list[str], data_type: str, profile: Profile | None) -> float:
    """How well a file's headers fit a data type: rarer aliases weigh more (IDF)."""
    idx = alias_type_index()
    prof_aliases = _profile_alias_set(profile.id if profile is not None else "", data_type)
    own = _generic_alias_set(data_type)
    score = 0.0
    for col in columns:
        for v in header_variants(col, data_type):
            if v in prof_aliases:
                score += 1.5
                break
            if v in own:
                score += 1.0 / len(idx.get(v, {data_type}))
                break
    return score


@lru_cache(maxsize=512)
def _profile_alias_set(profile_id: str, data_type: str) -> frozenset[str]:
    from app.core.profiles import load_profiles

    prof = load_profiles().get(profile_id)
    if prof is None:
        return frozenset()
    return frozenset(norm_header(a) for names in prof.aliases.get(data_type, {}).values() for a in names)


@lru_cache(maxsize=64)
def _generic_alias_set(data_type: str) -> frozenset[str]:
    return frozenset(norm_header(a) for names in generic_aliases().get(data_type, {}).values() for a in names)
