"""Recognising the source program and what each file holds (SPEC section 1, step 2)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core import fields as F
from app.core.mapping import header_score, norm_header
from app.core.names import fold
from app.core.profiles import GENERIC_ID, Profile, load_profiles
from app.core.reader import Table

# File-name words that say what a file holds, whatever the program.
GENERIC_FILENAME_HINTS: dict[str, tuple[str, ...]] = {
    "contacts": ("contact", "client list", "clients", "address book", "people", "companies", "names", "customers", "parties list"),
    "matters": ("matter", "cases", "case list", "files list", "projects"),
    "related_contacts": ("related contact", "matter contact", "case contact", "contact related", "matter role", "case role", "parties"),
    "tasks": ("task", "to do", "todo", "to-do"),
    "calendar_entries": ("calendar", "event", "appointment", "schedule"),
    "contact_notes": ("contact note", "client note"),
    "matter_notes": ("matter note", "case note", "memo", "file note"),
    "communications": ("communication", "email", "e-mail", "message", "call log", "phone log", "calls"),
    "time_entries": ("time entr", "fee entr", "timesheet", "time sheet", "timecard", "time card", "time log", "billable hours", "fees"),
    "expense_entries": ("expense", "disbursement", "cost entr", "costs"),
    "ar_balances": ("receivable", "a/r", "a_r", "aging", "ageing", "balance due", "outstanding balance", "case balance", "matter balance", "wip"),
    "trust_balances": ("trust balance", "trust listing", "trust summary", "account balances", "iolta balance", "trust account balance"),
}

# Files Clio cannot migrate, with the reason given to the firm.
NOT_MIGRATABLE_RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str], ...] = (
    (
        "invoices and bill history",
        ("invoice", "bills", "bill history", "billing history", "statement"),
        (r"^bill type$", r"^issue date$", r"^invoice date$", r"^date issued$", r"^issued$"),
        "Invoices and bill history cannot be migrated into Clio. Keep a copy (PDF or this file) for your records; "
        "only the outstanding balance per matter moves over, in the A/R balances file.",
    ),
    (
        "payments and receipts",
        ("payment", "receipt", "deposit"),
        (r"^payment (method|type|date)$", r"^receipt (number|no)$", r"^check (number|no)$", r"^cheque (number|no)$"),
        "Payments and receipts are transactions; Clio cannot migrate them. Apply payments and credits in your old "
        "program before the cut-off, and keep this file as a record.",
    ),
    (
        "trust or bank transactions",
        ("transaction", "ledger", "trust activity", "register", "journal", "reconciliation", "bank"),
        (r"^transaction (type|id|date)$", r"^funds in$", r"^funds out$", r"^debit$", r"^credit$", r"^running balance$"),
        "Trust and operating account transactions cannot be migrated; only one trust balance per matter or contact "
        "moves to Clio. Export your historical trust and banking reports from the old program and keep them.",
    ),
    (
        "billing rates",
        ("rate table", "rates", "billing rate", "rate schedule"),
        (r"^(hourly|billing|default) rate$",),
        "Billable rates (per user, client or matter) are not migrated; set them up in Clio's settings instead.",
    ),
    (
        "reports",
        ("productivity", "report", "realization", "summary by", "dashboard"),
        (),
        "This is a report, not a list of records. Clio migrates records (contacts, matters, activities...), "
        "not reports: keep it for your records.",
    ),
    (
        "users and permissions",
        ("users", "permission", "staff list", "user list", "roles"),
        (r"^permission", r"^access level$", r"^user role$", r"^security group$", r"^subscription type$"),
        "User accounts and permissions are not migrated: invite your users in Clio and list them on the Firm page.",
    ),
    (
        "documents",
        ("documents", "document list", "files index"),
        (r"^document (name|path|id)$", r"^file path$"),
        "Documents are not part of the standard migration (they are scoped separately by Clio). Keep this list.",
    ),
)


@dataclass
class Detection:
    data_type: str
    score: float
    reason: str  # plain words: why we think so
    not_migratable_reason: str = ""


def _name_text(table: Table) -> str:
    name = table.path.replace("\\", "/")
    return fold(re.sub(r"\.(csv|tsv|txt|xlsx|xlsm|zip)$", "", name, flags=re.I).replace("_", " "))


def _name_hit(text: str, hints) -> int:
    """Length of the longest hint found in a file name (0: none). The longest hint wins:
    "contact notes" beats "contacts", "matter roles" beats "roles"."""
    best = 0
    for h in hints:
        h2 = fold(h)
        if h2 and len(h2) > best and re.search(rf"(^|\s){re.escape(h2)}", text):
            best = len(h2)
    return best


def detect_data_type(table: Table, profile: Profile | None) -> Detection:
    if table.error:
        return Detection(F.UNKNOWN, 0.0, "the file could not be read")
    leaf = fold(table.name.rsplit(".", 1)[0].replace("_", " "))
    headers = table.columns
    norm = [norm_header(h) for h in headers]

    scores: dict[str, float] = {}
    name_hits: dict[str, int] = {}
    for dtype in F.DATA_TYPES:
        s = header_score(headers, dtype, profile)
        hints = list(GENERIC_FILENAME_HINTS.get(dtype, ()))
        if profile is not None:
            hints += profile.filename_hints.get(dtype, [])
        name_hits[dtype] = _name_hit(leaf, hints)
        scores[dtype] = s
    longest = max(name_hits.values(), default=0)
    for dtype, hit in name_hits.items():
        if hit and hit == longest:
            scores[dtype] += 3.0
    _adjust(scores, norm)

    nm = _not_migratable(leaf, norm, profile)
    best = max(scores, key=lambda k: scores[k])
    if best in ("time_entries", "expense_entries"):
        other = "expense_entries" if best == "time_entries" else "time_entries"
        if scores[best] - scores[other] < 1.0 and not name_hits.get(best):
            best = _time_or_expense(table) or best
    if nm is not None:
        label, reason, strength, name_len, header_hit = nm
        # A migratable name that is more specific than the not-migratable one wins
        # ("Matter Roles" is related contacts, "Accounts Receivable" with invoice numbers is A/R).
        if (name_len > longest or (header_hit and name_len >= longest) or (header_hit and not longest)):
            return Detection(F.NOT_MIGRATABLE, 10.0, f"looks like {label}", reason)
    if scores[best] < 1.5:
        return Detection(F.UNKNOWN, scores[best], "the column headers do not match any kind of record Clio can import")
    return Detection(best, scores[best], "column headers" + (" and file name" if name_hits.get(best) and name_hits[best] == longest else ""))


_NOTE_BODY = ("note", "notes", "detail", "details", "memo", "body", "text", "content", "note text", "comments")


def _time_or_expense(table: Table) -> str | None:
    """Same headers for both (Clio's own activity exports): the values tell."""
    frame = table.frame
    for col in table.columns:
        h = norm_header(col)
        if h in ("type", "activity type", "entry type", "kind"):
            vals = frame[col].str.lower()
            exp = vals.str.contains("expense|cost|disbursement").mean()
            tim = vals.str.contains("time|fee").mean()
            if exp > 0.8:
                return "expense_entries"
            if tim > 0.8:
                return "time_entries"
    for col in table.columns:
        if norm_header(col) in ("quantity", "qty", "hours", "units", "duration"):
            vals = frame[col].str.strip()
            vals = vals[vals.str.match(r"^\d+(\.\d+)?$")]
            if len(vals) >= 5:
                fractional = (~vals.str.match(r"^\d+(\.0+)?$")).mean()
                return "time_entries" if fractional > 0.3 else "expense_entries"
    return None


def _adjust(scores: dict[str, float], norm: list[str]) -> None:
    """Signals that a plain header score misses."""
    s = set(norm)
    aging = sum(1 for h in norm if re.search(r"\b\d+\s+\d+\s+days?\b|\b\d+ days\b|^current$|\b9[01]\b", h))
    if aging >= 2:
        scores["ar_balances"] += 3
    if any("trust" in h and ("balance" in h or h == "trust") for h in norm):
        scores["trust_balances"] += 1.5
    # Receivables carry invoices, due dates, payments and the attorney; trust balances do not.
    if any(re.search(r"\b(invoice|due date|payments?|credit notes?|attorney|lawyer|aging|ageing|overdue)\b", h) for h in norm):
        scores["ar_balances"] += 1.5
    if any(h in ("as of", "as at", "as of date") for h in norm):
        scores["ar_balances"] += 1
        scores["trust_balances"] += 1
    has_hours = any(h in ("hours", "duration", "time spent", "hrs", "billable hours", "quantity hours") for h in norm)
    if has_hours:
        scores["time_entries"] += 1.5
    if any(h in ("cost", "expense type", "expense category", "disbursement type", "units") for h in norm):
        scores["expense_entries"] += 1.5
    if {"first name", "last name"} <= s or "company" in s or any("email" in h for h in norm):
        if not any(h in ("matter", "matter name", "case name", "matter number") for h in norm):
            scores["contacts"] += 1
    if any(h in ("relationship", "role", "relation") for h in norm):
        scores["related_contacts"] += 1.5
    if len(norm) <= 6:
        # Short note files: a date, a subject and a body, plus who/what it belongs to.
        body = any(h in _NOTE_BODY for h in norm)
        if body and any(h in ("matter", "matter name", "case name", "matter number", "case", "matter no", "case number", "matter id") for h in norm):
            scores["matter_notes"] += 1.5
        if body and any(h in ("contact", "contact name", "client", "client name", "person", "company") for h in norm):
            scores["contact_notes"] += 1.5


def _not_migratable(leaf: str, norm: list[str], profile: Profile | None):
    """The best not-migratable rule: (label, reason, strength, name-hint length, header hit)."""
    best = None
    rules = [(label, names, lambda hs=header_res: any(re.search(rx, h) for rx in hs for h in norm), reason)
             for label, names, header_res, reason in NOT_MIGRATABLE_RULES]
    if profile is not None:
        for rule in profile.not_migratable:
            wanted = {norm_header(h) for h in rule.get("headers_any", [])}
            rules.append((rule.get("name", "records Clio cannot take").lower(), rule.get("filename_hints", []),
                          lambda w=wanted: bool(w & set(norm)), rule.get("reason", "")))
    # A running ledger: amounts with a running balance and a transaction type or reference.
    s = set(norm)
    ledger = (any(h in s for h in ("amount", "deposit", "withdrawal", "debit", "credit", "funds in", "funds out"))
              and any(h in s for h in ("balance", "running balance"))
              and any(h in s for h in ("type", "reference", "transaction", "transaction type", "ref", "cheque number", "check number"))
              and not any(h in s for h in ("hours", "quantity", "rate")))
    if ledger:
        rules.append(("trust or bank transactions", (), lambda: True, NOT_MIGRATABLE_RULES[2][3]))
    for label, names, header_fn, reason in rules:
        name_len = _name_hit(leaf, names)
        header_hit = header_fn()
        strength = (1 if name_len else 0) + (1 if header_hit else 0)
        if strength and (best is None or (strength, name_len) > (best[2], best[3])):
            best = (label, reason, strength, name_len, header_hit)
    return best


def detect_source(tables: list[Table], hint: str | None = None) -> tuple[Profile, str]:
    """The source program for the whole run: the user's choice, else the best evidence."""
    profiles = load_profiles()
    if hint:
        from app.core.profiles import find_profile

        p = find_profile(hint)
        if p is not None:
            return p, "chosen by you"
    scores: dict[str, float] = {pid: 0.0 for pid in profiles}
    all_headers: set[str] = set()
    names = " ".join(fold(t.path) for t in tables)
    for t in tables:
        all_headers.update(norm_header(h) for h in t.columns)
    for pid, p in profiles.items():
        if pid == GENERIC_ID:
            continue
        sig = {norm_header(h) for h in p.signature_headers}
        scores[pid] += 2.0 * len(sig & all_headers)
        for cand in (p.name, *p.aka):
            c = fold(cand)
            if c and re.search(rf"(^|\s){re.escape(c)}(\s|$)", names):
                scores[pid] += 5
        # Exports whose file names match this program's own naming.
        for dtype, hints in p.filename_hints.items():
            for t in tables:
                if _name_hit(fold(t.name.rsplit(".", 1)[0].replace("_", " ")), hints) and not _name_hit(
                    fold(t.name.rsplit(".", 1)[0].replace("_", " ")), GENERIC_FILENAME_HINTS.get(dtype, ())
                ):
                    scores[pid] += 0.5
                    break
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < 2:
        return profiles[GENERIC_ID], "no program-specific columns found"
    return profiles[best], "recognised from its column names and file names"
