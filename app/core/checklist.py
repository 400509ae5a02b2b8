"""The post-import review checklist: real records from the firm's own data to look up in Clio.

Sample sizes follow SPEC section 5. The choice is deterministic (the same data gives the same
checklist), spread over the data rather than the first rows.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass

import pandas as pd


@dataclass
class CheckItem:
    data_type: str
    what: str
    file: str
    row: int
    record: str
    details: str


def _seed(frame: pd.DataFrame) -> int:
    h = hashlib.sha256(str(len(frame)).encode())
    for c in frame.columns[:4]:
        h.update("|".join(map(str, frame[c].head(50).tolist())).encode("utf-8", "replace"))
    return int.from_bytes(h.digest()[:4], "big")


def _pick(frame: pd.DataFrame, n: int) -> pd.DataFrame:
    if len(frame) <= n:
        return frame
    return frame.sample(n=n, random_state=_seed(frame) % (2**32))


def _iso(us: pd.Series) -> pd.Series:
    s = us.astype(str)
    return (s.str[6:10] + "-" + s.str[0:2] + "-" + s.str[3:5]).where(s.str.len() == 10, "")


def review_checklist(outputs: dict[str, pd.DataFrame], cutoff: str = "") -> list[CheckItem]:
    today = cutoff or _dt.date.today().isoformat()
    items: list[CheckItem] = []

    def add(dt: str, frame: pd.DataFrame, what: str, record, details) -> None:
        for _, r in frame.iterrows():
            items.append(CheckItem(dt, what, r["_source_file"], int(r["_source_row"]), record(r), details(r)))

    c = outputs.get("contacts")
    if c is not None and len(c):
        add("contacts", _pick(c, 5), "The contact exists once, with its name, email, phone and address.",
            lambda r: (f"{r['first_name']} {r['last_name']}".strip() or r["company"]),
            lambda r: ", ".join(x for x in (r["email_address"], r["primary_phone"] or r["mobile_phone"], r["business_city"]) if x))
    m = outputs.get("matters")
    if m is not None and len(m):
        open_m = m[m["status"].isin(["Open", "Pending"])]
        closed = m[m["status"] == "Closed"]
        pick = pd.concat([_pick(open_m, 5), _pick(closed, 5)]) if len(open_m) and len(closed) else _pick(m, 10)
        add("matters", pick, "The matter has the right number, description, client, status and responsible attorney.",
            lambda r: f"{r['custom_number']} {r['description']}".strip(),
            lambda r: f"{r['status']}; client {(r['client_first_name'] + ' ' + r['client_last_name']).strip() or r['client_company_name']}; {r['responsible_attorney']}")
    acts = [outputs[k] for k in ("time_entries", "expense_entries") if k in outputs and len(outputs[k])]
    if acts:
        a = pd.concat(acts, ignore_index=True)
        add("activities", _pick(a, 20), "The entry is on the right matter and user, with the same date, hours/quantity, rate and billable flag.",
            lambda r: f"{r['date']} {r['matter']}",
            lambda r: f"{r['activity_user']}; {r['quantity']} x {r['price']}; {'non-billable' if r['non_billable'] else 'billable'}")
    cal = outputs.get("calendar_entries")
    if cal is not None and len(cal):
        d = _iso(cal["start_date"])
        past, future = cal[(d != "") & (d < today)], cal[d >= today]
        add("calendar_entries", pd.concat([_pick(past, 15), _pick(future, 15)]),
            "The event is on the right user's calendar, at the same date and time (future court dates especially).",
            lambda r: f"{r['start_date']} {r['start_time']} {r['summary']}".strip(), lambda r: f"{r['calendar']}; {r['matter']}")
    tk = outputs.get("tasks")
    if tk is not None and len(tk):
        d = _iso(tk["due_date"])
        past, future = tk[(d != "") & (d < today)], tk[d >= today]
        add("tasks", pd.concat([_pick(past, 10), _pick(future, 10)]), "The task has the same assignee, due date and status.",
            lambda r: f"{r['due_date']} {r['name']}", lambda r: f"{r['assignee']}; {r['status']}; {r['matter']}")
    for dt, what in (("contact_notes", "The note is on the right contact, with its date and text."),
                     ("matter_notes", "The note is on the right matter, with its date and text.")):
        n = outputs.get(dt)
        if n is not None and len(n):
            add(dt, _pick(n, 3), what, lambda r: f"{r['date']} {r['subject']}",
                lambda r, dt=dt: r["contact"] if dt == "contact_notes" else r["matter"])
    rc = outputs.get("related_contacts")
    if rc is not None and len(rc):
        with_matter = rc[rc["matter"] != ""]
        matters = pd.unique(with_matter["matter"].to_numpy())
        chosen = set(pd.Series(matters).sample(n=min(10, len(matters)), random_state=_seed(rc) % (2**32)).tolist()) if len(matters) else set()
        firsts = with_matter[with_matter["matter"].isin(chosen)].drop_duplicates("matter")
        add("related_contacts", firsts, "The matter lists its related contacts with the right relationship labels.",
            lambda r: r["matter"], lambda r: f"{(r['first_name'] + ' ' + r['last_name']).strip() or r['company']} ({r['relationship']})")
    return items
