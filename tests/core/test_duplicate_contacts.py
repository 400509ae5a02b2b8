"""Duplicate contacts: the engine groups integer codes with numpy; the pandas version it
replaced (kept here, word for word, as the reference) must flag exactly the same records, against
the same originals, on exports full of exact and near duplicates, blanks and excluded records."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from exports_kit import write_csv
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from app.core.columns import filled
from app.core.engine import CheckOptions, run_check
from app.core.names import as_text_array, fold_array
from app.core.rules import _dup_finding, _phone_key, duplicate_contacts

HEADER = ["First Name", "Last Name", "Company", "Email", "Phone", "Mobile"]
FIRST = ["Ann", "Anne", "Bob", "Robert", "Chloé", "Dan", "", "Eve", "Ann-Marie"]
LAST = ["Lee", "Leigh", "Smith", "Smyth", "O'Neil", "García", "", "Ng"]
COMPANY = ["", "", "", "Acme LLC", "Acme, LLC", "Birch Co."]
EMAIL = ["", "", "a@x.com", "A@X.com ", "b@y.org", "c@z.net"]
PHONE = ["", "", "(555) 010-1234", "555.010.1234", "555-010-9999", "+1 555 010 7777"]


def reference_duplicates(contacts, excluded=None):
    """The pandas version the engine used until it compared integer codes (kept as the reference)."""
    if not contacts:
        return []
    cols: dict[str, list] = {k: [] for k in ("name", "email", "phone", "phone2", "row", "file", "pos")}
    for fi, p in enumerate(contacts):
        o = p.out
        n = len(o)
        person = fold_array(pc.binary_join_element_wise(as_text_array(o["first_name"]), as_text_array(o["last_name"]), " "))
        name = pc.if_else(pc.not_equal(person, ""), person, fold_array(o["company"]))
        phones = [_phone_key(o[f]) for f in ("primary_phone", "mobile_phone", "home_phone") if f in o]
        empty = pa.array(filled(n, ""), type=pa.string())
        cols["name"].append(name)
        cols["email"].append(pc.utf8_lower(pc.utf8_trim_whitespace(as_text_array(o["email_address"]))))
        cols["phone"].append(phones[0] if phones else empty)
        cols["phone2"].append(phones[1] if len(phones) > 1 else empty)
        cols["row"].append(np.asarray(p.table.rows, dtype=np.int64))
        cols["file"].append(np.full(n, fi, dtype=np.int64))
        cols["pos"].append(np.arange(n, dtype=np.int64))
    allc = pd.DataFrame({k: (np.concatenate(v) if k in ("row", "file", "pos") else  # object columns typed, not inferred
                             pd.Series(pd.Series(pa.chunked_array(v), dtype=pd.ArrowDtype(pa.string())).to_numpy(dtype=object), dtype=object))
                         for k, v in cols.items()})
    keep = allc["name"].to_numpy() != ""
    if excluded:
        for fi, p in enumerate(contacts):
            gone_rows = [r for f, r in excluded if f == p.path]
            if gone_rows:
                keep &= ~((allc["file"].to_numpy() == fi) & np.isin(allc["row"].to_numpy(), gone_rows))
    allc = allc[keep].reset_index(drop=True)
    flagged = np.zeros(len(allc), dtype=bool)
    pairs: list[tuple[int, int, str, bool]] = []  # (duplicate, first, key, exact)
    # Exact: same name and (same email or same phone); the group's first record is the original.
    for key in ("email", "phone", "phone2"):
        sub = allc[allc[key].to_numpy() != ""]
        sub = sub[sub.duplicated(["name", key], keep=False)]
        if sub.empty:
            continue
        firsts = sub.index.to_series().groupby([sub["name"], sub[key]], sort=False).transform("first").to_numpy()
        later = (sub.index.to_numpy() != firsts) & ~flagged[sub.index.to_numpy()]
        for d, f in zip(sub.index.to_numpy()[later].tolist(), firsts[later].tolist()):
            flagged[d] = True
            pairs.append((d, f, key, True))
    # Near-duplicates: same email or phone, names very alike (typos, middle initials). Only groups
    # of 2-20 records holding different names are compared.
    for key in ("email", "phone"):
        sub = allc[allc[key].to_numpy() != ""]
        sub = sub[sub.duplicated(key, keep=False)]
        if sub.empty:
            continue
        g = sub.groupby(key, sort=False)["name"]
        size, names = g.transform("size"), g.transform("nunique")
        sub = sub[(size.to_numpy() <= 20) & (names.to_numpy() > 1)]
        for _k, grp in sub.groupby(key, sort=False):
            idx, nm = grp.index.tolist(), grp["name"].tolist()
            for i in range(1, len(idx)):
                if flagged[idx[i]]:
                    continue
                for j in range(i):
                    if nm[i] != nm[j] and fuzz.token_sort_ratio(nm[i], nm[j]) >= 90:
                        flagged[idx[i]] = True
                        pairs.append((idx[i], idx[j], key, False))
                        break
    file_, row, pos = allc["file"].to_numpy(), allc["row"].to_numpy(), allc["pos"].to_numpy()
    out = []
    for d, f, key, exact in pairs:
        p, first = contacts[file_[d]], contacts[file_[f]]
        col = p.source_col.get("last_name") or p.source_col.get("company") or p.source_col.get("first_name")
        value = p.table.frame[col].iloc[int(pos[d])] if col else None  # the name as written, one record at a time
        out.append(_dup_finding(p, int(row[d]), value, first.path, int(row[f]), key, exact))
    return out




def _contacts(rng: random.Random, n: int) -> list[list[str]]:
    """Records of ~n/3 people, each written up to a few times: the same, with a typo or a middle
    initial, another case, the phone in another format, the email left out; some firms too."""
    people = []
    for k in range(max(n // 3, 1)):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        company = rng.choice(COMPANY) if not (first or last) else ""
        people.append((first, last, company, f"p{k}@example.com", f"555-01{k:02d}-{rng.randrange(10000):04d}"))
    rows = []
    for _ in range(n):
        first, last, company, email, phone = rng.choice(people)
        twist = rng.randrange(7)
        if twist == 1 and len(last) > 3:
            last = last[:-2] + last[-1] + last[-2]  # a typo
        elif twist == 2 and first:
            first = first + " Q."  # a middle initial
        elif twist == 3:
            first, last = first.upper(), last.upper()
        elif twist == 4:
            phone = "(" + phone[:3] + ") " + phone[4:].replace("-", ".")
        elif twist == 5:
            email = ""
        elif twist == 6:
            email, phone = email.upper(), ""
        rows.append([first, last, company, email, phone, rng.choice(PHONE)])
    return rows


def _seen(findings) -> list[tuple]:
    return [(f.file, f.row, f.column, f.value, f.message, f.related["file"], f.related["row"], f.related["match"], f.related["on"])
            for f in findings]


@pytest.mark.parametrize("seed", range(8))
def test_integer_codes_flag_exactly_what_the_pandas_version_flagged(tmp_path, seed):
    rng = random.Random(seed)
    folder = tmp_path / "export"
    write_csv(folder / "contacts a.csv", HEADER, _contacts(rng, 260))
    write_csv(folder / "contacts b.csv", HEADER, _contacts(rng, 140))
    result = run_check([str(folder)], CheckOptions(region="us"))
    preps = [r.prepared for r in result.files if r.data_type == "contacts"]
    assert len(preps) == 2
    excluded = {("contacts a.csv", r) for r in rng.sample(range(2, 262), 15)} | {("contacts b.csv", 3)}
    for ex in (None, excluded):
        got, want = _seen(duplicate_contacts(preps, ex)), _seen(reference_duplicates(preps, ex))
        assert got == want
        assert len(want) > 20  # the export is full of them: the comparison means something
        assert any(f[7] == "similar" for f in want) and any(f[7] == "exact" for f in want)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=-5, max_value=5), max_size=40))
def test_each_key_points_at_the_first_record_with_that_key(keys):
    """The exact-duplicate search finds each record's original, the first record with the same
    (name, email/phone) number, by hashing: the same answer a sort (np.unique) gives."""
    from app.core.rules import _first_of_equal

    a = np.asarray(keys, dtype=np.int64)
    want = [keys.index(k) for k in keys]
    assert _first_of_equal(a).tolist() == want
    if len(a):
        _u, first_at, inverse = np.unique(a, return_index=True, return_inverse=True)
        assert _first_of_equal(a).tolist() == first_at[inverse.ravel()].tolist()
