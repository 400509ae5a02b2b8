"""The checks (SPEC section 3), on whole columns at a time.

Each check builds a boolean mask over a file's records; only flagged records become findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz

from app.core import fields as F
from app.core import pause
from app.core.columns import as_bool, factor, filled, map_unique
from app.core.columns import blank as _blank
from app.core.findings import BLOCKER, CODES, WARNING, Finding, RowBlock, make
from app.core.names import as_text_array, formula_start_array
from app.core.prepare import Prepared
from app.core.sniff import EMAIL_RE, looks_like_phone

FORMULA_RE = r"^\s*(?:=.+|[+\-@]\s*(?:[A-Za-z_][A-Za-z0-9_.]*\s*\(|[A-Za-z]{1,3}\$?\d+\b|\d+(?:\.\d+)?\s*[-+*/^]\s*\d|[A-Za-z]\w*\s*\|)|[\t\r])"
_STRONG_COMPANY_RE = re.compile(r"(?:^|\s)(?:llc|l\.l\.c\.|llp|l\.l\.p\.|pllc|inc\.?|incorporated|corp\.?|corporation|ltd\.?|limited|company|co\.|gmbh|p\.c\.|plc)$", re.I)


def emit(p: Prepared, mask: pd.Series, code: str, fld: str | None, message: Callable[[str], str] | str, severity: str | None = None, column: str | None = None) -> list[RowBlock]:
    """The flagged records of a mask as one block of findings (messages written once per distinct value)."""
    if mask is None:
        return []
    pause.point()
    flags = as_bool(mask)
    if not flags.any():
        return []
    col = column if column is not None else (p.source_col.get(fld) if fld else None)
    idx = np.flatnonzero(flags)
    rows = p.table.rows[idx]
    codes, uniq = None, []
    if col in p.table.frame.columns:
        # Values through the column's distinct values: a million flagged rows share a few strings.
        codes, uniq = factor(p.table.frame[col].iloc[idx])
        codes = codes.astype(np.int32)
    sev = severity or CODES[code][0]
    if callable(message):
        if codes is None:
            codes, uniq = np.zeros(len(idx), dtype=np.int32), [None]
        return [RowBlock(code, sev, p.path, col, rows, codes, uniq, None, [message(v or "") for v in uniq])]
    return [RowBlock(code, sev, p.path, col, rows, codes, uniq, message, None)]


def blank(s: pd.Series) -> pd.Series:
    return _blank(s)


def check(p: Prepared, has_contacts: bool, has_matters: bool, roster_given: bool) -> list[Finding]:
    out: list[Finding] = []
    o = p.out
    dt = p.data_type
    m = p.mapping.field_to_column()

    out += _required_columns(p)
    out += _dates(p)

    if dt == "contacts":
        no_name = blank(o["first_name"]) & blank(o["last_name"]) & blank(o["company"])
        out += emit(p, no_name, "CONTACT_NO_NAME", "first_name" if "first_name" in p.source_col else ("full_name" if "full_name" in m else "company"),
                    "This contact has no first name, last name or company name, so Clio will not import it. "
                    "Type the name in, or exclude the record if it is not needed.")
        out += _content_mismatch(p)
    elif dt == "matters":
        if "description" in m:
            out += emit(p, blank(o["description"]), "MATTER_NO_DESCRIPTION", "description",
                        "This matter has no description (matter name). Clio will give it a placeholder description on import. "
                        "Type the matter's name so the firm can find it.")
        if "client" in m or "client_last_name" in m or "client_company_name" in m:
            no_client = blank(o["client_first_name"]) & blank(o["client_last_name"]) & blank(o["client_company_name"])
            out += emit(p, no_client, "MATTER_NO_CLIENT", "client" if "client" in m else ("client_last_name" if "client_last_name" in m else "client_company_name"),
                        "This matter has no client. Clio will file it under an 'Unknown Client'. Enter the client's name as it appears in your contacts.")
            ref = p.refs.get("client")
            if has_contacts and ref is not None:
                unknown = (ref == 0) & ~no_client  # 0: not found (NaN: blank)
                out += emit(p, unknown, "MATTER_CLIENT_UNKNOWN", "client",
                            lambda v: f"The client '{v}' is not among the contacts being migrated, so Clio cannot link this matter to them. "
                            "Add the contact to the contacts export, or correct the client's name.")
        if "status" in m:
            st = p.status.get("status")
            bad = (st == "invalid") | (st == "blank")
            out += emit(p, bad, "MATTER_STATUS_UNMAPPED", "status",
                        lambda v: (f"The status '{v}' is not one of Clio's matter statuses (Open, Pending, Closed), so this matter will not import. "
                                   "Choose which Clio status it means on the Mapping page, or correct it here.") if v.strip() else
                        "This matter has no status; Clio needs Open, Pending or Closed or the matter will not import.")
        if "custom_number" in m:
            num = o["custom_number"].str.strip().str.lower()
            if p.kept is not None and not p.kept.all():
                num = num.where(p.kept, "")  # a left-out matter no longer holds its number
            dup = num.duplicated(keep="first") & (num != "")
            firsts = _first_rows(p, num)
            out += emit(p, dup, "DUPLICATE_MATTER_NUMBER", "custom_number",
                        lambda v: f"The matter number '{v}' is used by another matter too (first at row {firsts.get(v.strip().lower(), '?')}). "
                        "Clio needs each matter number once: renumber one of them, or exclude a duplicate record.")
        out += _users(p, roster_given)
    elif dt == "related_contacts":
        if "matter" in m:
            out += emit(p, blank(o["matter"]), "RELATED_CONTACT_NO_MATTER", "matter",
                        "This related contact is not linked to a matter, so Clio will not import it. Enter the matter's number or name.")
        out += _unknown_matter(p, has_matters, "NOTE_UNKNOWN_MATTER")
        out += _content_mismatch(p)
    elif dt == "tasks":
        if "assignee" in m:
            out += emit(p, blank(o["assignee"]), "TASK_NO_ASSIGNEE", "assignee",
                        "This task is not assigned to anyone, so Clio will not import it. Choose the Clio user it belongs to.")
        if "status" in m:
            st = p.status.get("status")
            out += emit(p, st == "invalid", "TASK_STATUS_UNMAPPED", "status",
                        lambda v: f"The task status '{v}' is not one of Clio's (Pending, In-Progress, Complete). Choose which one it means.")
        out += _users(p, roster_given)
        out += _unknown_matter(p, has_matters, "NOTE_UNKNOWN_MATTER")
    elif dt == "calendar_entries":
        if "start_date" in p.source_col:
            out += emit(p, blank(o["start_date"]) & (p.status.get("start_date", pd.Series("blank", index=o.index)) == "blank"), "CALENDAR_NO_START", "start_date",
                        "This calendar entry has no start date, so Clio will not import it. Enter the date, or exclude the entry.")
        if "calendar" in m:
            out += emit(p, blank(o["calendar"]), "CALENDAR_NO_CALENDAR", "calendar",
                        "This calendar entry has no calendar (the user it belongs to). Choose the Clio user whose calendar it goes on.")
        out += _users(p, roster_given)
        out += _unknown_matter(p, has_matters, "NOTE_UNKNOWN_MATTER")
    elif dt == "contact_notes":
        if "contact" in m:
            out += emit(p, blank(o["contact"]), "CONTACT_NOTE_NO_CONTACT", "contact",
                        "This note has no contact or company name, so Clio will not import it. Enter the contact it belongs to.")
    elif dt == "matter_notes":
        if "matter" in m:
            out += emit(p, blank(o["matter"]), "MATTER_NOTE_NO_MATTER", "matter",
                        "This note has no matter, so Clio will not import it. Enter the matter's number or name.")
        out += _unknown_matter(p, has_matters, "NOTE_UNKNOWN_MATTER")
    elif dt == "communications":
        out += _users(p, roster_given)
        out += _unknown_matter(p, has_matters, "NOTE_UNKNOWN_MATTER")
    elif dt in ("time_entries", "expense_entries"):
        if "activity_user" in m:
            out += emit(p, blank(o["activity_user"]), "ACTIVITY_NO_USER", "activity_user",
                        "This entry has no user. Clio does not import time or expense entries without a user: choose the Clio user who did the work.")
        out += _unknown_matter(p, has_matters, "ACTIVITY_UNKNOWN_MATTER")
        for fld, what in (("quantity", "hours" if dt == "time_entries" else "quantity"), ("price", "rate" if dt == "time_entries" else "amount")):
            if fld in p.source_col:
                st = p.status.get(fld)
                bad = (st == "invalid") | (st == "blank")
                out += emit(p, bad, "ACTIVITY_BAD_NUMBER", fld,
                            lambda v, what=what: (f"The {what} '{v}' is not a number, so Clio will not import this entry. Type the {what} as a number (e.g. 1.5)." if v.strip()
                                                  else f"The {what} is missing, so Clio will not import this entry. Enter the {what}."))
        if p.billed is not None:
            out += emit(p, p.billed, "ACTIVITY_BILLED", None,
                        "This entry was already billed. Clio migrates only unbilled time and expenses, so it is left out of the bundle "
                        "unless you choose to keep it.", column=p.billed_col)
        out += _users(p, roster_given)
    elif dt == "ar_balances":
        out += _users(p, roster_given)
        out += _unknown_matter(p, has_matters, "NOTE_UNKNOWN_MATTER")
        out += _balance_ambiguous(p)
        if "price" in p.source_col:
            st = p.status.get("price")
            out += emit(p, st == "invalid", "FIELD_CONTENT_MISMATCH", "price", lambda v: f"'{v}' is not an amount of money. Type the outstanding balance as a number.")
    elif dt == "trust_balances":
        out += _balance_ambiguous(p)
        if "balance" in p.source_col:
            st = p.status.get("balance")
            out += emit(p, st == "invalid", "FIELD_CONTENT_MISMATCH", "balance", lambda v: f"'{v}' is not an amount of money. Type the trust balance as a number.")
    return out


def _first_rows(p: Prepared, key: pd.Series) -> dict[str, int]:
    dup_keys = key[key.duplicated(keep=False) & (key != "")]
    if dup_keys.empty:
        return {}
    first = ~dup_keys.duplicated(keep="first")
    pos = np.flatnonzero(key.index.isin(dup_keys.index[first.to_numpy()]))
    return {k: int(p.table.rows[i]) for k, i in zip(key.iloc[pos].tolist(), pos.tolist())}


def _required_columns(p: Prepared) -> list[Finding]:
    """A field Clio needs that no column gives: one file-level finding, not one per record."""
    dt = p.data_type
    required = F.DATA_TYPES[dt].required
    present = set(p.source_col)
    if dt == "contacts":
        required = () if ({"first_name", "last_name", "company"} & present) else ("first_name",)
    if dt == "related_contacts":
        required = tuple(f for f in required if f == "matter") + (() if ({"first_name", "last_name", "company"} & present) else ("first_name",))
    if dt == "matters":
        required = tuple(f for f in required if f != "client" or not ({"client_first_name", "client_last_name", "client_company_name"} & present))
    if dt == "calendar_entries":
        required = tuple(f for f in required if f not in ("end_date", "end_time", "start_time"))
    if dt in ("ar_balances", "trust_balances"):
        required = tuple(f for f in required if f not in ("price",))  # ambiguity has its own finding
    missing = [f for f in required if f not in present]
    out = []
    for f in missing:
        blocks = f in _BLOCKING_FIELDS.get(dt, ())
        out.append(make("REQUIRED_COLUMN_MISSING", p.path, None, None,
                        f"No column in this file was recognised as '{f}', which Clio needs for {F.DATA_TYPES[dt].label.lower()}"
                        + (": without it none of these records will import. " if blocks else ". ")
                        + "Pick the column on the Mapping page, or set one value for every record.",
                        severity=BLOCKER if blocks else WARNING))
    return out


# Fields whose absence stops a record from importing (their row-level findings are blockers).
_BLOCKING_FIELDS = {
    "contacts": ("first_name",),
    "matters": ("status",),
    "related_contacts": ("matter", "first_name"),
    "tasks": ("assignee",),
    "calendar_entries": ("start_date",),
    "contact_notes": ("contact",),
    "matter_notes": ("matter",),
    "time_entries": ("activity_user", "quantity", "price"),
    "expense_entries": ("activity_user", "quantity", "price"),
}


def _dates(p: Prepared) -> list[Finding]:
    out: list[Finding] = []
    for fld, kind in F.DATA_TYPES[p.data_type].fields.items():
        if kind != F.DATE or fld not in p.status:
            continue
        st = p.status[fld]
        severity = BLOCKER if fld in F.DATA_TYPES[p.data_type].required else WARNING
        col = p.source_col.get(fld)
        order = p.date_orders.get(col) if col else None
        out += emit(p, st == "invalid", "INVALID_DATE", fld,
                    lambda v, sev=severity: f"'{v}' could not be read as a date. Type it as MM/DD/YYYY." + (" Clio needs this date to import the record." if sev == BLOCKER else ""),
                    severity=severity)
        if order is None:
            out += emit(p, st == "ambiguous", "INVALID_DATE", fld,
                        lambda v: f"'{v}' could be read either as day/month or as month/day, and nothing in this file tells which. "
                        "Set the date order for this column on the Mapping page (or the firm's region on the Firm page).",
                        severity=severity)
    return out


def _users(p: Prepared, roster_given: bool) -> list[Finding]:
    if not roster_given:
        return []
    out: list[Finding] = []
    for fld, kind in F.DATA_TYPES[p.data_type].fields.items():
        if kind != F.USER or fld not in p.refs:
            continue
        ref = p.refs[fld]
        out += emit(p, ref == 0, "USER_NOT_ON_ROSTER", fld,  # 0: not found (NaN: blank)
                    lambda v: f"'{v}' is not one of the firm's Clio users. Match it to a Clio user on the People page "
                    "(or add the user to the firm's list); otherwise Clio may not import the record.")
    return out


def _unknown_matter(p: Prepared, has_matters: bool, code: str) -> list[Finding]:
    if not has_matters or "matter" not in p.refs:
        return []
    ref = p.refs["matter"]
    unknown = ref == 0  # 0: not found (NaN: blank)
    if code == "ACTIVITY_UNKNOWN_MATTER":
        msg = (lambda v: f"The matter '{v}' is not among the matters being migrated, so Clio will not import this entry. "
               "Correct the matter, add the matter to the matters export, or exclude the entry.")
        return emit(p, unknown, code, "matter", msg)
    msg = (lambda v: f"The matter '{v}' is not among the matters being migrated, so Clio cannot link this record to it. "
           "Correct the matter or add it to the matters export.")
    return emit(p, unknown, code, "matter", msg)


def _balance_ambiguous(p: Prepared) -> list[Finding]:
    cands = p.mapping.amount_candidates
    amount_field = "price" if p.data_type == "ar_balances" else "balance"
    if len(cands) > 1 and amount_field not in p.mapping.columns.values():
        names = ", ".join(f"'{c}'" for c in cands)
        return [make("BALANCE_AMBIGUOUS_COLUMN", p.path, None, ", ".join(cands),
                     f"This balances file has several amount columns ({names}). Clio takes one balance per "
                     f"{'matter' if p.data_type == 'ar_balances' else 'matter or contact'}: choose the column to import on the Mapping page.")]
    return []


def _content_mismatch(p: Prepared) -> list[Finding]:
    o = p.out
    out: list[Finding] = []
    if "email_address" in p.mapping.columns.values():
        e = o["email_address"].str.strip()
        filled = e != ""
        bad = filled & ~e.str.match(EMAIL_RE)
        if bad.any():
            b = as_bool(bad)
            phone = np.zeros(len(e), dtype=bool)
            phone[b] = map_unique(e[b], looks_like_phone, dtype=bool).to_numpy()  # only what is not an address
            is_phone = pd.Series(phone, index=e.index)
            out += emit(p, bad & is_phone, "FIELD_CONTENT_MISMATCH", "email_address",
                        lambda v: f"The email field holds a phone number ('{v}'). Clio rejects phone numbers in email fields: move it to a phone field and enter the email address.")
            out += emit(p, bad & ~is_phone, "FIELD_CONTENT_MISMATCH", "email_address",
                        lambda v: f"'{v}' is not a valid email address. Correct it or clear the field.")
    for fld in ("primary_phone", "mobile_phone", "home_phone", "fax"):
        if fld in p.mapping.columns.values():
            ph = o[fld].str.strip()
            bad = (ph != "") & ph.str.contains("@", regex=False)
            out += emit(p, bad, "FIELD_CONTENT_MISMATCH", fld,
                        lambda v: f"The phone field holds an email address ('{v}'). Move it to the email field.")
    for fld in ("first_name", "last_name"):
        if fld in p.mapping.columns.values():
            s = o[fld].str.strip()
            bad = (s != "") & s.str.contains(_STRONG_COMPANY_RE)
            out += emit(p, bad, "FIELD_CONTENT_MISMATCH", fld,
                        lambda v: f"The person's name field holds a company name ('{v}'). Clio would create a person with that name: move it to the company field.")
    return out


def check_formulas(p: Prepared) -> list[Finding]:
    """Cells a spreadsheet would run as a formula, in every column (mapped or kept)."""
    out: list[Finding] = []
    frame = p.table.frame
    for col in p.table.columns:
        s = frame[col]
        cand = formula_start_array(s)
        if not cand.any():
            continue
        sub_idx = np.flatnonzero(cand)
        hits = as_bool(s.iloc[sub_idx].str.match(FORMULA_RE))
        bad = np.zeros(len(s), dtype=bool)
        bad[sub_idx[hits]] = True
        out += emit(p, bad, "CELL_FORMULA", None,
                    lambda v: f"This cell starts like a spreadsheet formula ('{v[:40]}'). Opened in Excel it could run as a formula. "
                    "It is made safe in the bundle (a leading apostrophe); check that the text is what you meant.",
                    column=col)
    return out


def duplicate_contacts(contacts: list[Prepared], excluded: set | None = None) -> list[Finding]:
    """Same normalised name plus same email or phone: the later record is the duplicate.

    Names, emails and phones are compared as integer codes (each distinct text one number), so
    200,000 contacts are grouped by numpy without a Python object per cell; only the few groups
    that may hold near-duplicates are looked at name by name."""
    if not contacts:
        return []
    cols: dict[str, list] = {k: [] for k in ("name", "email", "phone", "phone2")}
    row_l, file_l, pos_l = [], [], []
    for fi, p in enumerate(contacts):
        o = p.out
        n = len(o)
        person, company = p.contact_name_folds()  # shared with the contact index
        phones = [_phone_key(o[f]) for f in ("primary_phone", "mobile_phone", "home_phone") if f in o]
        empty = pa.array(filled(n, ""), type=pa.string())
        cols["name"].append(pc.if_else(pc.not_equal(person, ""), person, company))
        cols["email"].append(pc.utf8_lower(pc.utf8_trim_whitespace(as_text_array(o["email_address"]))))
        cols["phone"].append(phones[0] if phones else empty)
        cols["phone2"].append(phones[1] if len(phones) > 1 else empty)
        row_l.append(np.asarray(p.table.rows, dtype=np.int64))
        file_l.append(np.full(n, fi, dtype=np.int64))
        pos_l.append(np.arange(n, dtype=np.int64))
    text = {k: pa.concat_arrays([a.cast(pa.string()) for a in v]) for k, v in cols.items()}
    file_, row, pos = np.concatenate(file_l), np.concatenate(row_l), np.concatenate(pos_l)
    keep = pc.not_equal(text["name"], "").to_numpy(zero_copy_only=False)
    if excluded:
        for fi, p in enumerate(contacts):
            gone_rows = [r for f, r in excluded if f == p.path]
            if gone_rows:
                keep &= ~((file_ == fi) & np.isin(row, gone_rows))
    at = np.flatnonzero(keep)
    take = pa.array(at)
    text = {k: v.take(take) for k, v in text.items()}
    file_, row, pos = file_[at], row[at], pos[at]
    codes = {k: _text_codes(v) for k, v in text.items()}  # (codes, distinct count, code of '')
    name_c, name_n, _ = codes["name"]
    flagged = np.zeros(len(at), dtype=bool)
    pairs: list[tuple[int, int, str, bool]] = []  # (duplicate, first, key, exact)
    # Exact: same name and (same email or same phone); the group's first record is the original.
    for key in ("email", "phone", "phone2"):
        key_c, key_n, key_empty = codes[key]
        sel = np.flatnonzero(key_c != key_empty)
        if not len(sel):
            continue
        combo = name_c[sel].astype(np.int64) * (key_n + 1) + key_c[sel]
        firsts = sel[_first_of_equal(combo)]
        later = (sel != firsts) & ~flagged[sel]
        for d, f in zip(sel[later].tolist(), firsts[later].tolist()):
            flagged[d] = True
            pairs.append((d, f, key, True))
    # Near-duplicates: same email or phone, names very alike (typos, middle initials). Only groups
    # of 2-20 records holding different names are compared.
    for key in ("email", "phone"):
        key_c, key_n, key_empty = codes[key]
        sel = np.flatnonzero(key_c != key_empty)
        if not len(sel):
            continue
        k = key_c[sel].astype(np.int64)
        size = np.bincount(k, minlength=key_n)
        distinct_names = np.bincount(pd.unique(k * (name_n + 1) + name_c[sel]) // (name_n + 1), minlength=key_n)
        ok = (size[k] >= 2) & (size[k] <= 20) & (distinct_names[k] > 1)
        q, kq = sel[ok], k[ok]
        if not len(q):
            continue
        # Groups in the order they first appear, each group's records in file order.
        _g, group_first = np.unique(kq, return_index=True)
        rank = np.empty(len(_g), dtype=np.int64)
        rank[np.argsort(group_first, kind="stable")] = np.arange(len(_g))
        order = np.argsort(rank[np.searchsorted(_g, kq)], kind="stable")
        q, kq = q[order], kq[order]
        names = text["name"].take(pa.array(q)).to_pylist()
        bounds = np.flatnonzero(np.diff(kq)) + 1
        for lo, hi in zip([0, *bounds.tolist()], [*bounds.tolist(), len(q)]):
            idx, nm = q[lo:hi].tolist(), names[lo:hi]
            for i in range(1, len(idx)):
                if flagged[idx[i]]:
                    continue
                for j in range(i):
                    if nm[i] != nm[j] and fuzz.token_sort_ratio(nm[i], nm[j]) >= 90:
                        flagged[idx[i]] = True
                        pairs.append((idx[i], idx[j], key, False))
                        break
    # Each duplicate's name as written, taken per file in one go (one iloc per finding took
    # 90-230 us each: 1.2 s for 5,000 duplicates among a million contacts).
    names_at: dict[tuple[int, int], str] = {}
    for fi, p in enumerate(contacts):
        mine = [int(pos[d]) for d, _f, _k, _e in pairs if file_[d] == fi]
        col = _name_column(p)
        if mine and col:
            names_at.update(zip(((fi, x) for x in mine), p.table.frame[col].iloc[mine].tolist()))
    out = []
    for d, f, key, exact in pairs:
        p, first = contacts[file_[d]], contacts[file_[f]]
        out.append(_dup_finding(p, int(row[d]), names_at.get((int(file_[d]), int(pos[d]))), first.path, int(row[f]), key, exact))
    return out


def _first_of_equal(values: np.ndarray) -> np.ndarray:
    """For each element, the position of the first element equal to it. Hashed, not sorted:
    np.unique's sort of a million keys took 2x as long and grew faster than the keys (cache)."""
    codes, _uniq = pd.factorize(values)  # numbered in order of first appearance
    if not len(codes):
        return codes
    first = np.empty(len(codes), dtype=bool)
    first[0] = True
    first[1:] = codes[1:] > np.maximum.accumulate(codes)[:-1]  # a number never seen before
    return np.flatnonzero(first)[codes]


def _text_codes(a: pa.Array) -> tuple[np.ndarray, int, int]:
    """(a code per value, how many distinct values, the code of '' or -1): equal texts, equal codes."""
    enc = pc.dictionary_encode(a)
    values = enc.dictionary
    where = pc.index_in(pa.scalar("", type=values.type), value_set=values).as_py() if len(values) else None
    return enc.indices.to_numpy(zero_copy_only=False).astype(np.int64), len(values), -1 if where is None else int(where)


def _phone_key(s: pd.Series) -> pa.Array:
    """A phone number's last ten digits: '(555) 010-1234' and '555.010.1234' are one key."""
    return pc.utf8_slice_codeunits(pc.replace_substring_regex(as_text_array(s), r"[^\p{Nd}]+", ""), -10)


def _name_column(p: Prepared) -> str | None:
    """The source column a duplicate contact's finding points at (and shows the value of)."""
    return p.source_col.get("last_name") or p.source_col.get("company") or p.source_col.get("first_name")


def _dup_finding(p: Prepared, row: int, value: str | None, first_file: str, first_row: int, key: str, exact: bool) -> Finding:
    what = "email address" if key == "email" else "phone number"
    where = f"row {first_row}" + ("" if first_file == p.path else f" of {first_file}")
    name_col = _name_column(p)
    if exact:
        msg = (f"This contact looks like a duplicate of {where}: same name and same {what}. Clio does not remove duplicates: "
               "merge the two records or exclude this one.")
    else:
        msg = (f"This contact may be a duplicate of {where}: a very similar name and the same {what}. Check and merge them if they are the same.")
    return make("DUPLICATE_CONTACT", p.path, row, name_col, msg, value=value,
                related={"file": first_file, "row": first_row, "match": "exact" if exact else "similar", "on": key})
