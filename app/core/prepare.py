"""Turning a mapped source table into Clio's fields: parsed, normalised, references resolved.

The result (`Prepared`) carries the normalised output columns and, per parsed field, the
status of every cell ("ok", "blank", "invalid", "ambiguous") for the rules to check.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from app.core import fields as F
from app.core import pause
from app.core import values as V
from app.core.columns import as_bool, blank, distinct, factor, filled, map_unique, spread
from app.core.detect import Detection
from app.core.mapping import ColumnMapping, norm_header
from app.core.names import (
    _CLIENT_ID_RE2,
    as_text_array,
    edge_space_candidates,
    fold,
    fold_array,
    name_key_columns,
    split_full_name_columns,
    split_full_names,
    strip_prefix_array,
)
from app.core.profiles import Profile
from app.core.reader import Table
from app.core.roster import Roster

MATTER_STATUS = {
    **{k: "Open" for k in ("open", "active", "opened", "current", "in progress", "ongoing", "re-opened", "reopened")},
    **{k: "Pending" for k in ("pending", "on hold", "hold", "prospective", "potential", "intake", "lead", "waiting", "suspended", "pre-engagement")},
    **{k: "Closed" for k in ("closed", "inactive", "archived", "completed", "complete", "done", "finished", "dormant", "settled", "dismissed", "withdrawn", "cancelled", "canceled", "concluded", "resolved", "terminated")},
}
TASK_STATUS = {
    **{k: "Pending" for k in ("pending", "not started", "open", "to do", "todo", "to-do", "not completed", "incomplete", "new", "waiting", "outstanding", "not complete", "deferred", "overdue", "false", "no", "n", "0")},
    **{k: "In-Progress" for k in ("in progress", "in-progress", "in_progress", "started", "underway", "working", "active", "partially complete")},
    **{k: "Complete" for k in ("complete", "completed", "done", "closed", "finished", "true", "yes", "y", "1", "x")},
}
COMM_TYPE = {
    **{k: "Email" for k in ("email", "e-mail", "email message", "message", "mail", "emails", "secure message", "text message", "sms")},
    **{k: "Phone" for k in ("phone", "phone call", "call", "telephone", "incoming", "outgoing", "voicemail", "phone log", "call log", "incoming call", "outgoing call", "inbound", "outbound")},
}
PRIORITY = {"urgent": "High", "high": "High", "1": "High", "normal": "Normal", "medium": "Normal", "2": "Normal", "low": "Low", "3": "Low"}
BILLED_HEADERS = ("billed", "is billed", "bill state", "billing status", "invoiced", "invoice number", "invoice no", "bill number", "bill no", "invoice", "billed status")


def name_folds(first, last, company) -> tuple[pa.Array, pa.Array]:
    """fold('first last') and fold(company) of contacts: the keys a contact is found by."""
    person = pc.binary_join_element_wise(as_text_array(first), as_text_array(last), " ")
    return fold_array(person), fold_array(company)


@dataclass
class Prepared:
    table: Table
    data_type: str
    detection: Detection
    mapping: ColumnMapping
    profile: Profile
    out: pd.DataFrame = field(default_factory=pd.DataFrame)
    status: dict[str, pd.Series] = field(default_factory=dict)  # field -> cell status
    source_col: dict[str, str] = field(default_factory=dict)  # field -> source header (for findings)
    date_orders: dict[str, str | None] = field(default_factory=dict)  # source header -> order
    billed: pd.Series | None = None  # activities: already billed
    billed_col: str | None = None
    refs: dict[str, pd.Series] = field(default_factory=dict)  # field -> resolved? (1.0 / 0.0 / NaN where blank)
    extra_maps: dict[str, dict[str, str]] = field(default_factory=dict)  # the user's value maps, per field
    kept: np.ndarray | None = None  # records not left out by the user (None: all)
    date_evidence: dict[str, tuple[int, int]] | None = None  # column_date_evidence(), when already worked out
    _folds: tuple[pa.Array, pa.Array] | None = field(default=None, repr=False)
    _folds_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def contact_name_folds(self, keep: np.ndarray | None = None) -> tuple[pa.Array, pa.Array]:
        """fold('first last') and fold(company) of the records of a contacts file (those where
        `keep` is True), worked out once: the contact index and the duplicate search both need
        them, on two threads (200,000 contacts: ~0.3 s of Arrow kernels each time)."""
        with self._folds_lock:
            if self._folds is None:
                self._folds = name_folds(self.out["first_name"], self.out["last_name"], self.out["company"])
            folds = self._folds
        if keep is None or keep.all():
            return folds
        mask = pa.array(keep)
        return folds[0].filter(mask), folds[1].filter(mask)

    @property
    def path(self) -> str:
        return self.table.path


def _date_source_columns(mapping: ColumnMapping) -> list[str]:
    return [c for c, f in mapping.columns.items() if F.field_kind(mapping.data_type, f) in (F.DATE, F.DATETIME)]


def column_date_evidence(table: Table, mapping: ColumnMapping) -> dict[str, tuple[int, int]]:
    """Each date column's (day-first, month-first) evidence (values.date_order_evidence)."""
    return {c: V.date_order_evidence(distinct(table.frame[c])) for c in _date_source_columns(mapping)}


def prepare(p: Prepared, order_fallback: str | None, roster: Roster, contacts: ContactIndex | None, matters: MatterIndex | None) -> None:
    """Fill p.out and p.status. `order_fallback` decides dates a column cannot decide itself."""
    t, m, dtype = p.table, p.mapping, p.data_type
    frame = t.frame
    f2c = m.field_to_column()
    p.source_col = dict(f2c)
    nothing = _const("", frame.index)

    def text(fld: str) -> pd.Series:
        pause.point()
        c = f2c.get(fld)
        return _stripped(frame[c]) if c is not None else nothing.copy()

    out: dict[str, pd.Series] = {}
    # Each date column factorised once, and its evidence worked out once (the check hands over
    # what it already found deciding the export's date order).
    factored: dict[str, tuple] = {}
    evidence = dict(p.date_evidence or {})
    for c in _date_source_columns(m):
        if c not in evidence:
            factored[c] = factor(frame[c])
            evidence[c] = V.date_order_evidence(factored[c][1])
    file_order = V.decide_order(sum(a for a, _ in evidence.values()), sum(b for _, b in evidence.values()))

    def parsed_dates(c: str) -> V.DateColumn:
        codes_uniq = factored.pop(c, None) or factor(frame[c])
        a, b = evidence[c] if c in evidence else V.date_order_evidence(codes_uniq[1])
        order = V.decide_order(a, b) or file_order or order_fallback
        p.date_orders[c] = order
        return V.parse_dates(frame[c], order, codes_uniq)

    def date_field(fld: str) -> pd.Series:
        c = f2c.get(fld)
        if c is None:
            return nothing.copy()
        col = parsed_dates(c)
        p.status[fld] = col.status
        return col.us

    for fld, kind in F.DATA_TYPES[dtype].fields.items():
        if fld in F.PSEUDO_FIELDS:
            continue
        pause.point()
        if kind == F.DATE:
            out[fld] = date_field(fld)
        elif kind == F.TIME:
            if fld in f2c:
                tv, st = V.parse_times(frame[f2c[fld]])
                p.status[fld] = st
                out[fld] = _ampm(tv)
            else:
                out[fld] = nothing.copy()
        elif kind in (F.MONEY, F.NUMBER):
            if fld in f2c:
                col = V.parse_numbers(frame[f2c[fld]], _decimal_comma(p.profile))
                p.status[fld] = col.status
                out[fld] = col.text(V.money_text if kind == F.MONEY else V.decimal_text)
            else:
                out[fld] = nothing.copy()
        elif kind == F.HOURS:
            c = f2c.get(fld) or f2c.get("hours_minutes")
            if c is not None:
                h = norm_header(c)
                col = V.parse_hours(frame[c], tenths="tenth" in h, minutes=bool(re.search(r"\bmin", h)))
                p.status[fld] = col.status
                p.source_col[fld] = c
                out[fld] = col.text(V.decimal_text)
            else:
                out[fld] = nothing.copy()
        elif kind == F.BOOL:
            if fld in f2c:
                c = f2c[fld]
                col = V.parse_flags(frame[c], V.BILLABLE_WORDS if fld == "non_billable" else None)
                flip = c in m.invert
                words = {True: "yes", False: "", None: ""} if fld == "non_billable" else {True: "Yes", False: "No", None: ""}
                p.status[fld] = col.status
                out[fld] = col.text(lambda v, w=words, f=flip: w[(not v) if (f and v is not None) else v])
            else:
                out[fld] = nothing.copy()
        else:
            out[fld] = text(fld)

    # Pseudo-fields.
    if "full_name" in f2c:
        parts = split_full_names(frame[f2c["full_name"]].str.strip())
        for k in ("first_name", "middle_name", "last_name", "company"):
            if k in out and k not in f2c:
                out[k] = parts[k]
                p.source_col.setdefault(k, f2c["full_name"])
    for pseudo, d_fld, t_fld in (("start", "start_date", "start_time"), ("end", "end_date", "end_time")):
        if pseudo in f2c and d_fld not in f2c:
            c = f2c[pseudo]
            col = parsed_dates(c)
            p.status[d_fld] = col.status
            out[d_fld] = col.us
            out[t_fld] = _ampm(col.time)
            p.source_col[d_fld] = c
            p.source_col[t_fld] = c

    # Value maps.
    if dtype == "matters":
        st_map = {**MATTER_STATUS, **p.profile.value_map("matters", "status"), **p.extra_maps.get("status", {})}
        out["status"], p.status["status"] = _map_values(out["status"], st_map, F.MATTER_STATUSES)
    elif dtype == "tasks":
        st_map = {**TASK_STATUS, **p.profile.value_map("tasks", "status"), **p.extra_maps.get("status", {})}
        out["status"], p.status["status"] = _map_values(out["status"], st_map, F.TASK_STATUSES)
        out["priority"] = map_unique(out["priority"], lambda v: PRIORITY.get(v.lower(), v) if v else v)
    elif dtype == "communications":
        tmap = {**COMM_TYPE, **p.profile.value_map("communications", "type"), **p.extra_maps.get("type", {})}
        if "type" in f2c:
            out["type"], p.status["type"] = _map_values(out["type"], tmap, ("Email", "Phone"))
        else:
            guess = _comm_type_from_name(t.name)
            if guess is None:
                sender = out.get("sender", nothing)
                guess_s = np.where(as_bool(sender.str.contains("@", regex=False)), "Email", "Phone").astype(object)
                out["type"] = pd.Series(guess_s, index=frame.index, dtype=object)
            else:
                out["type"] = _const(guess, frame.index)
    if dtype in ("time_entries", "expense_entries"):
        out["type"] = _const("" if dtype == "time_entries" else "ExpenseEntry", frame.index)
        _find_billed(p)
    if dtype == "ar_balances":
        out["activity_description"] = _const("Balance Brought Forward from Previous Software", frame.index)
        out["quantity"] = _const("1", frame.index)

    # Users -> roster names.
    for fld, kind in F.DATA_TYPES[dtype].fields.items():
        pause.point()
        if kind == F.USER and fld in f2c and roster:
            # Per distinct value: the Clio user's name where the value is one, the value as written where not.
            codes, uniq = factor(out[fld])
            matched = [roster.match(v) if v else None for v in uniq]
            found_u = np.array([u is not None for u in matched], dtype=bool)
            shown_u = np.array([u.full_name if u is not None else v for u, v in zip(matched, uniq)], dtype=object)
            out[fld] = pd.Series(spread(shown_u, codes) if len(uniq) else np.empty(0, dtype=object), index=frame.index, dtype=object)
            p.refs[fld] = _ref(_blank_u(shown_u)[codes], found_u[codes] if len(uniq) else np.zeros(0, bool), frame.index)

    # References to matters and contacts.
    for fld, kind in F.DATA_TYPES[dtype].fields.items():
        pause.point()
        if kind == F.MATTER_REF and fld in f2c and matters is not None:
            # Per distinct value: the matter's number where it is found, the text as written where not.
            codes, uniq = factor(out[fld])
            labels = matters.resolve_many(uniq)
            found_u = np.array([lab is not None for lab in labels], dtype=bool)
            shown_u = np.array([lab if lab is not None else u for lab, u in zip(labels, uniq)], dtype=object)
            p.refs[fld] = _ref(_blank_u(uniq)[codes], found_u[codes] if len(uniq) else np.zeros(0, bool), frame.index)
            out[fld] = pd.Series(spread(shown_u, codes) if len(uniq) else np.empty(0, dtype=object), index=frame.index, dtype=object)
        if kind == F.CONTACT_REF and fld in f2c and contacts is not None:
            found = contacts.resolve_series(out[fld], p.profile)
            p.refs[fld] = _ref(blank(out[fld]).to_numpy(), found.notna().to_numpy(), frame.index)
            if dtype == "matters":
                p.refs["client_row"] = found
    if dtype == "matters" and "client" not in f2c and contacts is not None and ({"client_first_name", "client_last_name", "client_company_name"} & f2c.keys()):
        whole = (out["client_first_name"] + " " + out["client_last_name"]).str.strip()
        whole = whole.where(whole != "", out["client_company_name"])
        found = contacts.resolve_series(whole, p.profile)
        p.refs["client"] = _ref(blank(whole).to_numpy(), found.notna().to_numpy(), frame.index)
        p.source_col["client"] = f2c.get("client_last_name") or f2c.get("client_company_name") or f2c.get("client_first_name")
    if dtype == "matters":
        _client_parts(p, out, f2c, contacts)
    if "client" in out and dtype == "matters":
        out.pop("client")

    pause.point()
    cols = F.DATA_TYPES[dtype].output
    # copy=False: one block per column, not one stacked copy (300 ms holding the GIL at 1M rows)
    p.out = pd.DataFrame({c: out.get(c, nothing) for c in cols}, index=frame.index, copy=False)


def _blank_u(values) -> np.ndarray:
    """blank() of a column's distinct values (index it with the column's codes): not a second
    factorisation of a million cells. Text as one Arrow kernel (100,000 matter names: 0.15 s of
    Python -> ~10 ms); anything else value by value."""
    try:
        a = pa.array(values, type=pa.string())  # None is null; numbers or NaN refuse
    except (pa.ArrowTypeError, pa.ArrowInvalid, TypeError):
        a = None
    if a is not None:
        # utf8_trim_whitespace trims exactly what str.strip() does (every code point compared).
        return pc.fill_null(pc.equal(pc.utf8_trim_whitespace(a), ""), True).to_numpy(zero_copy_only=False)

    def empty(v) -> bool:
        if isinstance(v, str):
            return not v.strip()
        return v is None or v != v or not str(v).strip()  # missing (None, NaN) is blank

    return np.fromiter((empty(v) for v in values), dtype=bool, count=len(values))


def _ref(empty: np.ndarray, found: np.ndarray, index) -> pd.Series:
    """Whether each reference was found: 1.0 found, 0.0 not found, NaN blank (nothing to find).
    Floats, not None/True/False objects: 8 bytes a row with no Python object each."""
    out = found.astype(np.float64)
    out[empty] = np.nan
    return pd.Series(out, index=index)


def _ampm(hhmm: pd.Series) -> pd.Series:
    def f(u):
        if not u:
            return ""
        h, mi = int(u[:2]), u[3:5]
        return f"{(h % 12) or 12}:{mi} {'PM' if h >= 12 else 'AM'}"

    return map_unique(hhmm, f)


def _decimal_comma(profile: Profile) -> bool | None:
    dec = (profile.money or {}).get("decimal")
    return True if dec == "," else None


def _map_values(series: pd.Series, mapping: dict[str, str], allowed: tuple[str, ...]) -> tuple[pd.Series, pd.Series]:
    allowed_l = {a.lower(): a for a in allowed}
    codes, uniq = factor(series)
    vals, st = {}, {}
    for u in uniq:
        key = u.strip().lower()
        if not key:
            vals[u], st[u] = "", "blank"
        elif key in allowed_l:
            vals[u], st[u] = allowed_l[key], "ok"
        elif key in mapping:
            vals[u], st[u] = mapping[key], "ok"
        else:
            vals[u], st[u] = u, "invalid"
    return V._spread(series, codes, [vals[u] for u in uniq]), V._status(series, codes, [st[u] for u in uniq])


def _stripped(col: pd.Series) -> pd.Series:
    """The column without surrounding spaces; the column itself (no copy) when it has none."""
    if isinstance(col.dtype, pd.StringDtype):
        maybe = np.flatnonzero(edge_space_candidates(col.array))
        if not len(maybe):
            return col  # no cell starts or ends with a space: nothing to strip (most columns)
        if len(maybe) < len(col):
            # Only the cells whose first or last byte could be a space are stripped to find out
            # (names ending in 'ë' or 'ő' are candidates: their last byte is not ASCII).
            some = col.iloc[maybe]
            if bool((some.str.strip() == some).all()):
                return col
    s = col.str.strip()
    return col if bool((s == col).all()) else s


def _const(value: str, index) -> pd.Series:
    """One value on every row, without a million-item list."""
    return pd.Series(filled(len(index), value), index=index, dtype=object)


def _comm_type_from_name(name: str) -> str | None:
    n = fold(name)
    if re.search(r"\b(call|phone|telephone)", n):
        return "Phone"
    if re.search(r"\b(e ?mail|message)", n):
        return "Email"
    return None


def _find_billed(p: Prepared) -> None:
    """Activities already billed (a Billed / Bill state / invoice column says so)."""
    frame = p.table.frame
    for c in p.table.columns:
        if c in p.mapping.columns:
            continue
        h = norm_header(c)
        if h not in BILLED_HEADERS:
            continue
        s = frame[c]
        if h in ("billed", "is billed", "invoiced", "billed status"):
            billed = map_unique(s, lambda v: v.strip().lower() in ("yes", "y", "true", "t", "1", "x", "billed", "invoiced") or bool(re.match(r"^#?\d+$", v.strip())), dtype=bool)
        elif h in ("bill state", "billing status"):
            billed = map_unique(s, lambda v: v.strip().lower() in ("paid", "unpaid", "billed", "invoiced", "partially paid", "partial", "awaiting payment", "sent", "approved", "awaiting_payment", "overdue", "past due"), dtype=bool)
        else:
            billed = ~blank(s)
        p.billed = pd.Series(as_bool(billed), index=frame.index)
        p.billed_col = c
        return


def _client_parts(p: Prepared, out: dict, f2c: dict, contacts: ContactIndex | None) -> None:
    n = len(p.table.frame)
    idx = p.table.frame.index
    if "client" not in f2c:
        for k in ("client_first_name", "client_last_name", "client_company_name"):
            out.setdefault(k, pd.Series([""] * n, index=idx, dtype=object))
        return
    raw = out["client"]
    prefix = p.profile.client_prefix
    # Each distinct client once: the ID prefix off ('1123 - Bridgeport Plumbing'), then split.
    codes, uniq = factor(raw)
    found = p.refs.get("client_row")
    if uniq:
        # Clients found among the contacts take the contact's spelling (below): only the others
        # are split here, each distinct one once.
        todo = np.arange(len(uniq))
        if contacts is not None and found is not None:
            todo = np.unique(codes[np.isnan(found.to_numpy(dtype=float))])
        parts = [filled(len(uniq), "") for _ in range(3)]
        if len(todo):
            a = as_text_array([uniq[i] for i in todo.tolist()])
            a = strip_prefix_array(a, prefix) if prefix is not None else pc.replace_substring_regex(a, _CLIENT_ID_RE2, "", max_replacements=1)
            cols = split_full_name_columns(pc.utf8_trim_whitespace(a))
            for part, c in zip(parts, (cols[0], cols[2], cols[3])):
                part[todo] = c
        first, last, comp = (pd.Series(spread(part, codes), index=raw.index, dtype=object) for part in parts)
    else:
        first, last, comp = (pd.Series(np.empty(0, dtype=object), index=raw.index) for _ in range(3))
    if contacts is not None and found is not None:
        # Use the contact's own spelling, so Clio links the matter to it.
        rows = found.dropna().astype(int)
        if len(rows):
            cf = contacts.first.iloc[rows.to_numpy()].to_numpy()
            cl = contacts.last.iloc[rows.to_numpy()].to_numpy()
            cc = contacts.company.iloc[rows.to_numpy()].to_numpy()
            person = (cf != "") | (cl != "")
            first = first.copy()
            last = last.copy()
            comp = comp.copy()
            first.loc[rows.index] = np.where(person, cf, "")
            last.loc[rows.index] = np.where(person, cl, "")
            comp.loc[rows.index] = np.where(person, "", cc)
    out["client_first_name"], out["client_last_name"], out["client_company_name"] = first, last, comp


# --------------------------------------------------------------------------------------------
# Indexes for cross-file references


_BACKGROUND: ThreadPoolExecutor | None = None


def _background() -> ThreadPoolExecutor:
    """One thread for index keys made ahead of their first use (see KeyTable.add_later)."""
    global _BACKGROUND
    if _BACKGROUND is None:
        _BACKGROUND = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clio-prep-keys")
    return _BACKGROUND


class KeyTable:
    """Matching keys -> the first record that gave them, built and searched a whole column at a
    time (Arrow hash lookups, no Python call per key)."""

    def __init__(self, background: bool = False) -> None:
        self._background = background
        self._parts: list = []  # (keys, targets), or a Future of them, in the order added
        self._keys: pa.Array | None = None
        self._targets: np.ndarray | None = None

    def add(self, keys: pa.Array, targets: np.ndarray) -> None:
        """keys[i] -> targets[i], unless an earlier key was the same ('' is never a key)."""
        self._parts.append((keys, np.asarray(targets)))
        self._keys = None

    def add_later(self, make: Callable[[], tuple[pa.Array, np.ndarray]]) -> None:
        """add(*make()), with make() run on another thread from now on: the keys of 200,000
        contacts (Arrow kernels, outside the interpreter lock) are made while the next file is
        prepared, and waited for only at the first lookup."""
        self._parts.append(_background().submit(make) if self._background else make())
        self._keys = None

    def _build(self) -> None:
        pause.point()
        self._parts = [p.result() if isinstance(p, Future) else p for p in self._parts]
        parts = [(k, np.asarray(t)) for k, t in self._parts if len(k)]
        if not parts:
            self._keys, self._targets = pa.array([], type=pa.string()), np.empty(0, dtype=object)
            return
        keys = pa.concat_arrays([k.cast(pa.string()) for k, _ in parts])
        # Contacts' targets are row numbers: kept as numbers (a Python int per key, 800,000 of
        # them for 200,000 contacts, was most of the build's own time).
        same = all(t.dtype == parts[0][1].dtype != object for _, t in parts)
        targets = np.concatenate([t if same else t.astype(object) for _, t in parts])
        filled_ = pc.not_equal(keys, "")  # most records have no key of some kinds ('' is never a key)
        # Positions, not the targets themselves: an object array copied is a reference count
        # touched per item, at random places in memory (the targets are taken once, at the end).
        at = np.flatnonzero(filled_.to_numpy(zero_copy_only=False))
        keys = keys.filter(filled_)
        # Each distinct key at its first position, in the order given. Arrow numbers a column's
        # distinct values in the order they first appear, so a key's first position is where its
        # number passes every number before it: one hash pass, not a lookup of every key among
        # all of them (360,000 keys: the whole build 0.14 s; that lookup alone took 0.16 s).
        encoded = keys.dictionary_encode()
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        first = np.empty(len(codes), dtype=bool)
        first[:1] = True
        first[1:] = codes[1:] > np.maximum.accumulate(codes)[:-1]
        self._keys = encoded.dictionary
        self._targets = targets[at[first]]
        assert len(self._keys) == len(self._targets)

    def __len__(self) -> int:
        if self._keys is None:
            self._build()
        return len(self._keys)

    def lookup(self, keys: pa.Array) -> np.ndarray:
        """Position of each key in the table, -1 where it is not there."""
        pause.point()
        if self._keys is None:
            self._build()
        if not len(keys) or not len(self._keys):
            return np.full(len(keys), -1, dtype=np.int64)
        if len(keys) * 8 < len(self._keys):
            # A few keys (the references the name as written missed): the table's keys are looked
            # up among them, not the other way round. Hashing the big side costs 10x the probe.
            uniq = pc.unique(keys)
            hit = pc.fill_null(pc.index_in(self._keys, value_set=uniq), -1).to_numpy(zero_copy_only=False)
            at = np.full(len(uniq), -1, dtype=np.int64)
            where = np.flatnonzero(hit >= 0)
            at[hit[where]] = where  # the table's keys are distinct: one position per key
            return at[pc.index_in(keys, value_set=uniq).to_numpy(zero_copy_only=False)]
        return pc.fill_null(pc.index_in(keys, value_set=self._keys), -1).to_numpy(zero_copy_only=False).astype(np.int64)

    def first_found(self, n: int, candidates) -> np.ndarray:
        """For n values, the table position of their first candidate key found (-1: none).
        `candidates`: (value position, key) arrays in order of preference; a value may have
        several keys in one array, the earlier one preferred."""
        found = np.full(n, -1, dtype=np.int64)
        for parents, keys in candidates:
            if not (found < 0).any():
                break
            pos = self.lookup(keys)
            hit = pos >= 0
            if not hit.any():
                continue
            par, where = np.asarray(parents)[hit], pos[hit]
            par, first = np.unique(par, return_index=True)  # the earliest key of each value
            open_ = found[par] < 0
            found[par[open_]] = where[first][open_]
        return found

    def targets(self, positions: np.ndarray) -> np.ndarray:
        if self._keys is None:
            self._build()
        out = np.full(len(positions), None, dtype=object)
        ok = positions >= 0
        out[ok] = self._targets[positions[ok]]
        return out


def _resolved_series(s: pd.Series, resolve_many, dtype=object) -> pd.Series:
    """resolve_many over a column's distinct non-blank values, spread back to every row."""
    codes, uniq = factor(s)
    vals = resolve_many(uniq) if uniq else np.empty(0, dtype=object)
    return pd.Series(spread(np.asarray(vals, dtype=dtype), codes) if len(uniq) else np.empty(0, dtype=dtype), index=s.index)


class ContactIndex:
    """Every contact being migrated, keyed by the spellings a reference may use."""

    def __init__(self, background: bool = False) -> None:
        self.first = pd.Series([], dtype=object)
        self.last = pd.Series([], dtype=object)
        self.company = pd.Series([], dtype=object)
        self._table = KeyTable(background)

    def add(self, first: pd.Series, last: pd.Series, company: pd.Series, extra_names: pd.Series | None = None,
            folds: Callable[[], tuple[pa.Array, pa.Array]] | None = None) -> None:
        """`folds`, when given, gives fold('first last') and fold(company) of these rows already
        worked out (Prepared.contact_name_folds)."""
        base = len(self.first)
        parts = [(self.first, first), (self.last, last), (self.company, company)]
        self.first, self.last, self.company = (
            (new.reset_index(drop=True).astype(object) if len(old) == 0 else pd.concat([old, new.reset_index(drop=True).astype(object)], ignore_index=True))
            for old, new in parts
        )
        self._table.add_later(lambda: self._keys_of(base, first, last, company, extra_names, folds))

    @staticmethod
    def _keys_of(base: int, first: pd.Series, last: pd.Series, company: pd.Series, extra_names: pd.Series | None,
                 folds: Callable[[], tuple[pa.Array, pa.Array]] | None = None):
        n = len(first)
        rows = np.arange(base, base + n)
        fa, la = as_text_array(first), as_text_array(last)
        person, firm = folds() if folds is not None else name_folds(fa, la, company)
        keys = [person, fold_array(pc.binary_join_element_wise(la, fa, " ")), firm]
        if extra_names is not None:
            # The full name's own keys ('Smith, John'...), through its distinct spellings.
            codes, uniq = factor(extra_names.reset_index(drop=True))
            for col in name_key_columns(uniq):
                keys.append(col.take(pa.array(codes)))
        # Row by row, a row's keys before the next row's: the earliest record wins a shared key.
        order = np.argsort(np.tile(rows, len(keys)), kind="stable")
        return pa.concat_arrays(keys).take(pa.array(order)), np.tile(rows, len(keys))[order]

    def __len__(self) -> int:
        return len(self.first)

    def resolve(self, value: str, profile: Profile | None = None) -> int | None:
        return self.resolve_many([value], profile)[0]

    def resolve_rows(self, values, profile: Profile | None = None) -> np.ndarray:
        """The contact row each value names, as floats: NaN where no contact (or a blank value)."""
        a = as_text_array(values)
        n = len(a)
        if not n:
            return np.empty(0, dtype=float)
        prefix = profile.client_prefix if profile is not None else None
        pos = self._table.lookup(name_key_columns(a, prefix, first_only=True)[0])
        miss = np.flatnonzero(pos < 0)
        if len(miss):  # the other spellings ('Smith, John', titles, middle names) only for the rest
            cols = name_key_columns(a.take(pa.array(miss)), prefix)[1:]
            pos[miss] = self._table.first_found(len(miss), [(np.arange(len(miss)), c) for c in cols])
        rows = np.full(n, np.nan)
        ok = pos >= 0
        if ok.any():
            rows[ok] = self._table.targets(pos[ok]).astype(float)
        rows[pc.equal(pc.utf8_trim_whitespace(a), "").to_numpy(zero_copy_only=False)] = np.nan
        return rows

    def resolve_many(self, values, profile: Profile | None = None) -> list[int | None]:
        """The contact row each value names (None: no contact)."""
        return [None if r != r else int(r) for r in self.resolve_rows(list(values), profile).tolist()]

    def resolve_series(self, s: pd.Series, profile: Profile | None = None) -> pd.Series:
        """Row of the contact each cell names, NaN where none (or blank)."""
        return _resolved_series(s, lambda u: self.resolve_rows(u, profile), dtype=float)


class MatterIndex:
    """Every matter being migrated, keyed by number, by description and by 'number - name'."""

    _SEPARATORS = (" - ", ":", " – ", "|")  # 'Number - Description', 'Client:Matter'...

    def __init__(self, background: bool = False) -> None:
        self._table = KeyTable(background)  # key -> the matter's number as output (or description)

    def add(self, numbers: pd.Series, descriptions: pd.Series) -> None:
        self._table.add_later(lambda: self._keys_of(numbers, descriptions))

    @staticmethod
    def _keys_of(numbers: pd.Series, descriptions: pd.Series):
        nums, descs = as_text_array(numbers), as_text_array(descriptions)
        labels = pc.if_else(pc.not_equal(nums, ""), nums, descs)
        has = pc.not_equal(labels, "").to_numpy(zero_copy_only=False)
        label_np = np.asarray(labels.to_pylist(), dtype=object)
        n = len(nums)
        # Clio display numbers: '00012-Smith' is also reached by '00012'.
        head = pc.replace_substring_regex(nums, r"(?s)[-\s:].*$", "", max_replacements=1)
        head_ok = pc.and_(pc.and_(pc.not_equal(head, nums), pc.not_equal(head, "")), pc.utf8_is_digit(head))
        head_key = pc.if_else(head_ok, pc.binary_join_element_wise("#", head, ""), "")
        keys = [fold_array(nums), fold_array(descs), fold_array(pc.binary_join_element_wise(nums, descs, " ")), head_key]
        keys = [pc.if_else(pa.array(has), k, "") for k in keys]
        rows = np.arange(n)
        order = np.argsort(np.tile(rows, len(keys)), kind="stable")
        return pa.concat_arrays(keys).take(pa.array(order)), np.tile(label_np, len(keys))[order]

    def add_identifiers(self, ids: pd.Series, numbers: pd.Series, descriptions: pd.Series) -> None:
        """Other identifiers of the same matters (unique IDs, file numbers): other exports may use them."""
        def make():
            nums, descs = as_text_array(numbers), as_text_array(descriptions)
            labels = pc.if_else(pc.not_equal(nums, ""), nums, descs)
            return pc.if_else(pc.not_equal(labels, ""), fold_array(ids), ""), np.asarray(labels.to_pylist(), dtype=object)

        self._table.add_later(make)

    def __len__(self) -> int:
        return len(self._table)

    def resolve(self, value: str) -> str | None:
        return self.resolve_many([value])[0]

    def resolve_many(self, values) -> list[str | None]:
        """The matter (its number as output) each value names, None where none."""
        values = [v if isinstance(v, str) else "" for v in values]
        if not values:
            return []
        a = as_text_array(values)
        pos = self._table.lookup(fold_array(a))  # the name as written: nearly every reference
        miss = np.flatnonzero(pos < 0)
        if len(miss):  # a bare number, or one part of 'Number - Description', only for the rest
            m = a.take(pa.array(miss))
            at = np.arange(len(m))
            stripped = pc.utf8_trim_whitespace(m)
            digits = pc.and_(pc.utf8_is_digit(stripped), pc.not_equal(stripped, ""))
            candidates = [(at, pc.if_else(digits, pc.binary_join_element_wise("#", stripped, ""), ""))]
            for sep in self._SEPARATORS:
                has = pc.match_substring(m, sep).to_numpy(zero_copy_only=False)
                if not has.any():
                    continue
                parts = pc.split_pattern(m.filter(pa.array(has)), sep)
                parents = at[has][pc.list_parent_indices(parts).to_numpy()]
                candidates.append((parents, fold_array(pc.list_flatten(parts))))
            pos[miss] = self._table.first_found(len(m), candidates)
        found = self._table.targets(pos)
        return [f if v else None for v, f in zip(values, found)]
