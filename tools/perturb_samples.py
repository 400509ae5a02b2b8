"""Generate perturbed VARIANTS of sample export folders, with adjusted truth.json (developer tool).

    python tools/perturb_samples.py OUT_DIR SAMPLE_DIR [SAMPLE_DIR ...]
            [--variants control,rename,shuffle,titles,cp1252,ddmm,xlsx,neutral] [--seed N]
            [--xlsx-text] [--score]

For every sample folder (one that holds a truth.json, see tools/score_samples.py) and every
variant, writes OUT_DIR/<variant>-<sample>/ with the sample's files changed in ONE way, so that a
drop in `score_samples.py` can be attributed to that change:

  control  nothing changed except that ZIP members are unpacked (the yardstick for the rest)
  rename   mapped headers renamed to other realistic spellings (truth mapping keys follow)
  shuffle  column order shuffled (deterministic seed)
  titles   three title lines above the header and a "Total" line at the end
           (header_row +3, defect rows +3, rows unchanged)
  cp1252   semicolon delimiter, Windows-1252 encoding, no BOM
  ddmm     dates written day-first (DD/MM/YYYY, time part kept), as a UK/AU firm's export
  xlsx     every file converted to a one-sheet .xlsx (typed cells: numbers, dates, times,
           TRUE/FALSE; formula-like text stays text). --xlsx-text writes every cell as text.
  neutral  files renamed export_01.csv, export_02.csv ... (only headers and content tell the type)

In every variant ZIP archives are unpacked ("X.zip/m.csv" becomes "X/m.csv"), users.csv is copied
unchanged, truth "rows" and defect rows stay exact. Facts that make a variant unfair for a file
(e.g. an ASCII-only file cannot show that it is cp1252; dates that never have a day above 12
cannot show their order) are written into truth.json as "perturb_notes" per file; the scorer
ignores that key. --score runs tools/score_samples.py's scorer on every variant folder made.

Standard library plus openpyxl only. Never writes outside OUT_DIR.
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime as dt
import io
import json
import random
import re
import shutil
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

VARIANTS = ("control", "rename", "shuffle", "titles", "cp1252", "ddmm", "xlsx", "neutral")

# --------------------------------------------------------------------------------------------
# Header synonyms: realistic spellings other programs use, per canonical field. Per data type
# first, then shared tables. The original spelling is never picked (compared normalised).

_MATTER_REF = ["Matter", "Matter Name", "Case", "Case Name", "Matter Description", "Matter Ref", "Case Title", "Matter/Case"]
_PERSON = {
    "title": ["Salutation", "Prefix", "Name Prefix", "Honorific", "Title"],
    "first_name": ["Given Name", "First", "Forename", "FirstName", "First Name"],
    "middle_name": ["Middle Initial", "Middle", "M.I.", "Middle Name"],
    "last_name": ["Surname", "Family Name", "Last", "LastName", "Last Name"],
    "company": ["Organization", "Company Name", "Business Name", "Organisation", "Employer", "Company"],
    "job_title": ["Position", "Occupation", "Job Position", "Job Title"],
    "email_address": ["Email", "E-mail", "Email Address", "Primary Email", "Work Email", "E-Mail 1"],
    "primary_phone": ["Business Phone", "Office Phone", "Telephone", "Main Phone", "Phone 1", "Phone Number"],
    "mobile_phone": ["Cell", "Mobile Phone", "Cell Phone", "Mobile #", "Cellular"],
    "home_phone": ["Home #", "Home Tel", "Home Telephone", "Residence Phone", "Home Phone Number"],
    "fax": ["Fax #", "Fax Number", "Business Fax", "Facsimile"],
    "business_street": ["Street Address", "Address 1", "Mailing Address", "Street", "Addr1", "Address Line1"],
    "business_city": ["Town", "City/Town", "Mailing City", "Suburb"],
    "business_state": ["Province", "State/Province", "Region", "Mailing State"],
    "business_postal_code": ["Postal Code", "ZIP", "Postcode", "Zip/Postal Code", "Mailing Zip"],
    "country": ["Country/Region", "Nation", "Mailing Country"],
    "website": ["Web Address", "URL", "Homepage", "Website"],
    "notes": ["Comments", "Note", "Remarks", "Memo", "Contact Notes"],
    "full_name": ["Name", "Full Name", "Party Name", "Person", "Contact Name"],
}
_NOTE_COMMON = {
    "date": ["Note Date", "Created", "Date Created", "Entered On", "Created On"],
    "subject": ["Title", "Topic", "Heading", "Regarding"],
    "detail": ["Note Text", "Notes", "Body", "Text", "Details", "Comments"],
}
_BOOL_NEG = ["No Charge", "Non Billable", "Non-Chargeable", "Nonbillable?", "Do Not Bill"]
_BOOL_POS = ["Billable?", "Is Billable", "Chargeable", "Billable Y/N", "Bill?"]

SYNONYMS: dict[str, dict[str, list[str]]] = {
    "contacts": dict(_PERSON),
    "matters": {
        "custom_number": ["Matter #", "Matter No.", "File Number", "Case #", "File No", "Ref No", "Matter Number"],
        "description": ["Matter", "Matter Name", "Matter Description", "Case Title", "Title", "Case Description"],
        "client": ["Client", "Client Name", "Primary Client", "Customer", "Client Full Name"],
        "client_reference": ["Client Ref", "Reference", "Client Matter Ref", "Your Ref"],
        "status": ["Matter Status", "Case Status", "Open/Closed", "Matter State"],
        "open_date": ["Date Opened", "Opened", "Open Date", "Opening Date", "Date Open"],
        "pending_date": ["Date Pending", "Pending Since", "Pending On"],
        "close_date": ["Date Closed", "Closed", "Closed Date", "Closing Date", "Date Closed/Archived"],
        "practice_area": ["Case Type", "Matter Type", "Area of Law", "Practice Type", "Department"],
        "responsible_attorney": ["Responsible Lawyer", "Lead Attorney", "Attorney", "Fee Earner", "Handling Attorney", "Responsible Solicitor", "Supervising Attorney"],
        "originating_attorney": ["Originator", "Referring Attorney", "Origination Credit", "Originating Lawyer", "Rainmaker"],
        "statute_of_limitations": ["SOL", "SOL Date", "Limitation Date", "Statute Date", "Limitations Deadline"],
        "location": ["Office", "Branch", "Office Location"],
        "note": ["Comments", "Matter Notes", "Memo", "Remarks"],
    },
    "related_contacts": {
        **_PERSON,
        "matter": _MATTER_REF,
        "relationship": ["Role", "Relation", "Party Type", "Relationship Type", "Capacity"],
        "email_address": ["Email", "E-mail", "Email Address", "Contact Email"],
        "primary_phone": ["Telephone", "Phone Number", "Contact Phone", "Tel"],
    },
    "tasks": {
        "name": ["Task", "Task Name", "Title", "To Do", "Task Title", "Subject"],
        "description": ["Details", "Notes", "Task Description", "Comments"],
        "status": ["Task Status", "Progress", "Task State"],
        "due_date": ["Due", "Deadline", "Date Due", "Due On", "Due By"],
        "assignee": ["Assigned To", "Owner", "Responsible", "Assigned User", "Staff", "Assigned"],
        "matter": _MATTER_REF,
        "priority": ["Importance", "Urgency", "Priority Level"],
    },
    "calendar_entries": {
        "summary": ["Title", "Event", "Event Title", "Subject", "Appointment", "Event Name"],
        "description": ["Details", "Notes", "Event Description", "Comments"],
        "location": ["Where", "Venue", "Place", "Room"],
        "start_date": ["Date", "Event Date", "From Date", "Begin Date", "Start Date"],
        "start_time": ["Time", "From Time", "Begin Time", "Start Time"],
        "end_date": ["To Date", "Finish Date", "End Date", "Until Date"],
        "end_time": ["To Time", "Finish Time", "End Time", "Until Time"],
        "start": ["Starts", "Start Date/Time", "Begins", "From", "Start Date Time", "Begin"],
        "end": ["Ends", "End Date/Time", "To", "Until", "Finish", "End Date Time"],
        "all_day": ["All-Day", "All Day Event", "Full Day", "AllDay"],
        "calendar": ["Attendee", "Owner", "Calendar Owner", "Organizer", "Staff", "Attorney", "User"],
        "matter": _MATTER_REF,
    },
    "contact_notes": {"contact": ["Contact Name", "Client", "Name", "Person", "Client Name"], **_NOTE_COMMON},
    "matter_notes": {"matter": _MATTER_REF, **_NOTE_COMMON},
    "communications": {
        "type": ["Communication Type", "Kind", "Channel", "Medium"],
        "date": ["Logged Date", "Date Logged", "Activity Date", "Entry Date"],
        "time": ["Logged Time", "Time Logged", "Activity Time"],
        "subject": ["Title", "Topic", "Regarding", "Re"],
        "body": ["Message", "Content", "Notes", "Text", "Details"],
        "sender": ["From", "Sender", "Sent By", "Originator"],
        "receiver": ["To", "Recipient", "Recipients", "Sent To"],
        "matter": _MATTER_REF,
        "user": ["Staff", "Owner", "Logged By", "Handled By", "Taken By", "Firm User"],
    },
    "time_entries": {
        "date": ["Work Date", "Entry Date", "Date of Service", "Activity Date", "Service Date", "Date Worked"],
        "activity_user": ["Timekeeper", "Staff", "Attorney", "Fee Earner", "Worked By", "Professional", "Employee"],
        "matter": _MATTER_REF,
        "quantity": ["Hrs", "Hours Worked", "Duration", "Time Spent", "Billable Hours", "Qty"],
        "price": ["Hourly Rate", "Billing Rate", "Rate/Hr", "Bill Rate", "Rate"],
        "activity_description": ["Activity Code", "Task Code", "Activity Type", "Work Type", "Category", "Service"],
        "note": ["Narrative", "Description", "Work Description", "Details", "Memo", "Billing Narrative"],
    },
    "expense_entries": {
        "date": ["Expense Date", "Date Incurred", "Transaction Date", "Entry Date", "Disbursement Date"],
        "activity_user": ["Incurred By", "Timekeeper", "Staff", "Employee", "Submitted By"],
        "matter": _MATTER_REF,
        "quantity": ["Qty", "Units", "Count", "No. of Units"],
        "price": ["Unit Cost", "Unit Price", "Cost", "Amount Each", "Price Each"],
        "activity_description": ["Expense Type", "Expense Category", "Cost Type", "Disbursement Type", "Category", "Expense Code"],
        "note": ["Description", "Memo", "Details", "Narrative", "Expense Description"],
    },
    "ar_balances": {
        "matter": _MATTER_REF,
        "activity_user": ["Responsible Attorney", "Attorney", "Lead Attorney", "Billing Attorney", "Timekeeper", "Responsible Lawyer"],
        "date": ["As Of Date", "Balance Date", "Report Date", "As At Date"],
        "price": ["Balance Due", "Amount Due", "Outstanding", "Outstanding Balance", "Total Due", "AR Balance"],
        "note": ["Notes", "Memo", "Comments"],
    },
    "trust_balances": {
        "matter": _MATTER_REF,
        "contact": ["Client", "Client Name", "Contact Name", "Account Holder"],
        "date": ["As Of Date", "Balance Date", "Report Date", "As At Date"],
        "balance": ["Trust Balance", "Balance", "Trust Funds", "Funds Held", "Amount Held", "IOLTA Balance"],
    },
}
# Fields that must keep their polarity / value kind when renamed.
_TASK_STATUS_BOOL = ["Done", "Is Completed", "Complete?", "Completed?"]

DATE_FIELDS = {"date", "open_date", "pending_date", "close_date", "statute_of_limitations", "due_date", "start_date", "end_date", "start", "end"}
SUM_FIELDS = {"quantity", "balance"}
SUM_HEADER_WORDS = ("total", "amount", "balance", "hours", "quantity", "due", "paid", "invoiced", "trust", "operating", "current", "days")

# m/d/y with optional time; also used to find dates inside title lines.
_DATE_CELL = re.compile(r"^(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?P<rest>(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?)$")
_DATE_IN_TEXT = re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})\b")
_TIME_CELL = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ap>[AaPp][Mm])?$")
_MONEY_CELL = re.compile(r"^(?P<neg>-)?(?P<cur>\$)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)$")


def norm(h: str) -> str:
    h = re.sub(r"([a-z])([A-Z])", r"\1 \2", h)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", h.lower()).split())


def stable_int(*parts: object) -> int:
    return zlib.crc32("\x1f".join(map(str, parts)).encode("utf-8"))


# --------------------------------------------------------------------------------------------
# Loading a sample


@dataclass
class FileRec:
    path: str  # path relative to the variant folder (truth "path")
    truth: dict  # this file's truth entry (copied)
    records: list[list[str]]
    encoding: str
    delimiter: str
    quote_all: bool
    lineterm: str
    trailing_newline: bool
    original: bytes
    kind: str = "csv"  # csv or xlsx
    notes: list[str] = field(default_factory=list)
    modified: bool = False

    @property
    def header_idx(self) -> int:
        return self.truth["header_row"] - 1

    @property
    def header(self) -> list[str]:
        return self.records[self.header_idx]

    def data_indices(self) -> list[int]:
        """Indices of records below the header that are as wide as the header."""
        n = len(self.header)
        return [i for i in range(self.header_idx + 1, len(self.records)) if len(self.records[i]) == n]


@dataclass
class Sample:
    name: str
    folder: Path
    truth: dict
    files: list[FileRec]
    extra: list[tuple[str, bytes]]  # other files copied as they are (users.csv ...)


def _split_zip_path(folder: Path, rel: str) -> tuple[Path, str] | None:
    parts = rel.split("/")
    for i in range(1, len(parts)):
        if parts[i - 1].lower().endswith(".zip"):
            return folder.joinpath(*parts[:i]), "/".join(parts[i:])
    return None


def unpacked_path(rel: str) -> str:
    """'Backup.zip/contacts.csv' -> 'Backup/contacts.csv'."""
    return "/".join(p[:-4] if p.lower().endswith(".zip") and i < len(rel.split("/")) - 1 else p for i, p in enumerate(rel.split("/")))


def parse_csv(data: bytes, encoding: str, delimiter: str) -> tuple[list[list[str]], bool, str, bool]:
    text = data.decode(encoding)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"'))
    first = text.lstrip("\ufeff")
    quote_all = first.startswith('"')
    if "\r\n" in text:
        lineterm = "\r\n"
    elif "\r" in text and "\n" not in text:
        lineterm = "\r"
    else:
        lineterm = "\n"
    trailing = text.endswith(("\n", "\r"))
    return records, quote_all, lineterm, trailing


def write_csv_bytes(f: FileRec) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=f.delimiter, quotechar='"', quoting=csv.QUOTE_ALL if f.quote_all else csv.QUOTE_MINIMAL, lineterminator=f.lineterm)
    w.writerows(f.records)
    text = buf.getvalue()
    if not f.trailing_newline and text.endswith(f.lineterm):
        text = text[: -len(f.lineterm)]
    if f.encoding == "utf-8-sig":
        return text.encode("utf-8-sig")
    return text.encode(f.encoding)


def load_sample(folder: Path) -> Sample:
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    files: list[FileRec] = []
    seen_disk: set[Path] = {folder / "truth.json"}
    zips: dict[Path, zipfile.ZipFile] = {}
    for tf in truth["files"]:
        rel = tf["path"]
        z = _split_zip_path(folder, rel)
        if z:
            zp, member = z
            if zp not in zips:
                zips[zp] = zipfile.ZipFile(zp)
            data = zips[zp].read(member)
            seen_disk.add(zp)
        else:
            data = (folder / rel).read_bytes()
            seen_disk.add(folder / rel)
        if rel.lower().endswith((".xlsx", ".xlsm")) or tf.get("encoding") is None:
            raise SystemExit(f"{folder}/{rel}: workbook samples are not supported as input")
        records, quote_all, lineterm, trailing = parse_csv(data, tf["encoding"], tf["delimiter"])
        fr = FileRec(unpacked_path(rel), copy.deepcopy(tf), records, tf["encoding"], tf["delimiter"], quote_all, lineterm, trailing, data)
        fr.truth["path"] = fr.path
        if write_csv_bytes(fr) != data:
            fr.notes.append("warning: the CSV rewriter does not reproduce this file byte for byte")
        files.append(fr)
    extra = []
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p not in seen_disk:
            extra.append((p.relative_to(folder).as_posix(), p.read_bytes()))
            if p.name.lower() != "users.csv":
                print(f"note: {p} is not in truth.json; copied unchanged", file=sys.stderr)
    for zf in zips.values():
        zf.close()
    return Sample(folder.name, folder, truth, files, extra)


# --------------------------------------------------------------------------------------------
# Variants. Each takes a deep copy of the sample and changes it in place; returns a description.


def v_control(s: Sample, seed: int) -> str:
    return "no change (ZIP members unpacked only)"


def _choose(cands: list[str], taken: set[str], key: tuple) -> str | None:
    ok = [c for c in cands if norm(c) not in taken]
    if not ok:
        return None
    return ok[stable_int(*key) % len(ok)]


def v_rename(s: Sample, seed: int) -> str:
    for f in s.files:
        mapping: dict = f.truth["mapping"]
        if not mapping:
            continue
        dtype = f.truth["data_type"]
        header = f.header
        taken = {norm(h) for h in header}
        table = SYNONYMS.get(dtype, {})
        renames: dict[str, str] = {}
        for col, fld in mapping.items():
            n = norm(col)
            if fld == "non_billable":
                cands = _BOOL_NEG if ("non" in n.split() or n.startswith("non") or "no charge" in n) else _BOOL_POS
            elif dtype == "tasks" and fld == "status" and n in ("completed", "complete", "done", "is completed"):
                cands = _TASK_STATUS_BOOL
            else:
                cands = table.get(fld) or _PERSON.get(fld) or []
            new = _choose(cands, taken, (seed, s.name, f.path, col))
            if new is None:
                f.notes.append(f"rename: no synonym for {col!r} ({fld}); kept")
                continue
            taken.add(norm(new))
            renames[col] = new
        idx = f.header_idx
        f.records[idx] = [renames.get(h, h) for h in header]
        f.truth["mapping"] = {renames.get(c, c): v for c, v in mapping.items()}
        f.truth["renamed"] = renames
        f.modified = True
    return "mapped headers renamed to other programs' spellings (see per-file 'renamed')"


def v_shuffle(s: Sample, seed: int) -> str:
    for f in s.files:
        n = len(f.header)
        if n < 2:
            continue
        rng = random.Random(f"{seed}:{s.name}:{f.path}")
        perm = list(range(n))
        while perm == list(range(n)) or perm[0] == 0:
            rng.shuffle(perm)
        for i in [f.header_idx] + f.data_indices():
            rec = f.records[i]
            new = [rec[j] for j in perm]
            if i != f.header_idx and rec[0].strip().lower().startswith("total"):
                k = new.index(rec[0])
                new[0], new[k] = new[k], new[0]  # a total line keeps its label on the left
            f.records[i] = new
        f.truth["column_order"] = perm
        f.modified = True
    return "column order shuffled (seeded); truth mapping unchanged"


def _money_value(v: str) -> tuple[float, bool, bool] | None:
    m = _MONEY_CELL.match(v.strip())
    if not m:
        return None
    x = float(m["num"].replace(",", ""))
    return (-x if m["neg"] else x), bool(m["cur"]), "," in m["num"]


def _total_line(f: FileRec) -> list[str]:
    header = f.header
    mapping = f.truth["mapping"]
    out = ["Total"] + [""] * (len(header) - 1)
    rows = [f.records[i] for i in f.data_indices()]
    for j, h in enumerate(header):
        if j == 0:
            continue
        wanted = mapping.get(h) in SUM_FIELDS or any(w in h.lower() for w in SUM_HEADER_WORDS)
        if not wanted:
            continue
        vals = [r[j] for r in rows if r[j].strip()]
        parsed = [_money_value(v) for v in vals]
        good = [p for p in parsed if p]
        if not vals or len(good) < 0.9 * len(vals):
            continue
        total = sum(p[0] for p in good)
        cur, thousands = good[0][1], good[0][2]
        txt = f"{total:,.2f}" if thousands else f"{total:.2f}"
        out[j] = ("$" if cur else "") + txt
    return out


def v_titles(s: Sample, seed: int) -> str:
    firm = s.truth.get("firm", {}).get("name") or "Law Office"
    for f in s.files:
        stem = Path(f.path).stem
        report = re.sub(r"\s*\d{4}-\d{2}-\d{2}\s*$", "", stem).replace("_", " ").strip().title() or "Report"
        added_total = False
        last = f.records[-1] if f.records else []
        if not (last and last[0].strip().lower().startswith("total")):
            f.records.append(_total_line(f))
            added_total = True
        f.records[0:0] = [[firm], [report], ["Printed 11/20/2026"]]
        f.truth["header_row"] += 3
        f.modified = True
        if not added_total:
            f.notes.append("titles: file already ended with a Total line; no second one added")
    for d in s.truth["defects"]:
        if d.get("row") is not None:
            d["row"] += 3
    return "3 title lines above the header, a Total line at the end; header_row and defect rows +3"


def v_cp1252(s: Sample, seed: int) -> str:
    for f in s.files:
        f.encoding = "cp1252"
        f.delimiter = ";"
        f.truth["encoding"] = "cp1252"
        f.truth["delimiter"] = ";"
        f.modified = True
        if all(ord(c) < 128 for r in f.records for cell in r for c in cell):
            f.notes.append("cp1252: file is pure ASCII, so no reader can tell cp1252 from utf-8 (encoding check unfair)")
    return "semicolon delimiter, Windows-1252 encoding, no BOM"


def _swap_date(m: re.Match) -> str:
    return f"{m['b']}/{m['a']}/{m['y']}" + (m.groupdict().get("rest") or "")


def v_ddmm(s: Sample, seed: int) -> str:
    s.truth["region"] = "uk"
    for f in s.files:
        header = f.header
        mapping = f.truth["mapping"]
        idx = f.data_indices()
        cols = []
        for j, h in enumerate(header):
            vals = [f.records[i][j].strip() for i in idx if f.records[i][j].strip()]
            is_dates = vals and sum(1 for v in vals if _DATE_CELL.match(v)) >= 0.6 * len(vals)
            if mapping.get(h) in DATE_FIELDS or is_dates:
                cols.append(j)
        converted = evidence = 0
        for i in idx:
            rec = f.records[i]
            for j in cols:
                m = _DATE_CELL.match(rec[j].strip())
                if m:
                    rec[j] = _swap_date(m)
                    converted += 1
                    if int(m["b"]) > 12:
                        evidence += 1
        for i in range(f.header_idx):  # title lines of the report
            f.records[i] = [_DATE_IN_TEXT.sub(_swap_date, c) for c in f.records[i]]
        mapped_cols = [h for h in header if mapping.get(h) in DATE_FIELDS]
        unmapped_cols = [header[j] for j in cols if header[j] not in mapping]
        f.truth["ddmm"] = {"converted": converted, "day_over_12": evidence, "mapped_date_columns": mapped_cols, "unmapped_date_columns": unmapped_cols}
        if converted and not evidence:
            f.notes.append("ddmm: no converted date has a day above 12, so the order cannot be told from the data (unfair)")
        f.modified = True
    return "dates day-first (DD/MM/YYYY, time kept) in mapped date columns and other all-date columns, and in title lines"


def v_xlsx(s: Sample, seed: int) -> str:
    for f in s.files:
        f.kind = "xlsx"
        f.path = str(Path(f.path).with_suffix(".xlsx").as_posix())
        f.truth["path"] = f.path
        f.truth["encoding"] = None
        f.truth["delimiter"] = None
        f.modified = True
    return "every file a one-sheet .xlsx workbook; encoding and delimiter None"


def v_neutral(s: Sample, seed: int) -> str:
    order = list(range(len(s.files)))
    random.Random(f"{seed}:{s.name}:neutral").shuffle(order)
    for num, k in enumerate(order, start=1):
        f = s.files[k]
        f.truth["original_path"] = f.path
        f.path = f"export_{num:02d}{Path(f.path).suffix}"
        f.truth["path"] = f.path
        f.modified = True
    return "files renamed export_NN.csv (flat, in a shuffled order)"


VARIANT_FUNCS = {
    "control": v_control,
    "rename": v_rename,
    "shuffle": v_shuffle,
    "titles": v_titles,
    "cp1252": v_cp1252,
    "ddmm": v_ddmm,
    "xlsx": v_xlsx,
    "neutral": v_neutral,
}

# --------------------------------------------------------------------------------------------
# Writing


def _typed(v: str):
    """(value, number_format) for one xlsx cell, as Excel or an exporting program would type it."""
    t = v.strip()
    if not t or t[0] in "=+@" or t != v:
        return v, None
    if t in ("TRUE", "FALSE"):
        return t == "TRUE", None
    m = _DATE_CELL.match(t)
    if m:
        mo, d, y = int(m["a"]), int(m["b"]), int(m["y"])
        if len(m["y"]) == 2:
            y += 2000 if y < 50 else 1900
        rest = m["rest"].strip()
        try:
            if rest:
                tm = _TIME_CELL.match(rest)
                if not tm:
                    return v, None
                h, mi = int(tm["h"]), int(tm["m"])
                if tm["ap"]:
                    h = h % 12 + (12 if tm["ap"].lower() == "pm" else 0)
                return dt.datetime(y, mo, d, h, mi, int(tm["s"] or 0)), "mm/dd/yyyy h:mm AM/PM"
            return dt.datetime(y, mo, d), ("m/d/yy" if len(m["y"]) == 2 else "mm/dd/yyyy")
        except ValueError:
            return v, None
    tm = _TIME_CELL.match(t)
    if tm and tm["ap"]:
        h = int(tm["h"]) % 12 + (12 if tm["ap"].lower() == "pm" else 0)
        try:
            return dt.time(h, int(tm["m"]), int(tm["s"] or 0)), "h:mm AM/PM"
        except ValueError:
            return v, None
    mm = _MONEY_CELL.match(t)
    if mm:
        num = mm["num"].replace(",", "")
        intpart = num.split(".")[0]
        if (len(intpart) > 1 and intpart.startswith("0")) or len(intpart) > 9:
            return v, None  # zip codes, phone numbers, ids with leading zeros stay text
        x = float(num) if "." in num else int(num)
        if mm["neg"]:
            x = -x
        if mm["cur"]:
            return x, '"$"#,##0.00'
        if "." in num and len(num.split(".")[1]) == 2:
            return x, "0.00"
        return x, None
    return v, None


def write_xlsx(f: FileRec, dest: Path, typed: bool) -> None:
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = re.sub(r"[\[\]:*?/\\]", " ", Path(f.path).stem)[:31] or "Sheet1"
    h = f.header_idx
    for i, rec in enumerate(f.records, start=1):
        for j, v in enumerate(rec, start=1):
            if ILLEGAL_CHARACTERS_RE.search(v):
                v = ILLEGAL_CHARACTERS_RE.sub("", v)
                f.notes.append(f"xlsx: control characters removed in row {i}")
            if v == "":
                continue
            value, fmt = _typed(v) if (typed and i - 1 > h) else (v, None)
            c = ws.cell(row=i, column=j)
            c.value = value
            if isinstance(value, str):
                c.data_type = "s"  # text that looks like a formula stays text, as an export writes it
            if fmt:
                c.number_format = fmt
    wb.save(dest)


def write_variant(s: Sample, variant: str, desc: str, out: Path, typed_xlsx: bool) -> Path:
    dest = out / f"{variant}-{s.name}"
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for f in s.files:
        p = dest / f.path
        p.parent.mkdir(parents=True, exist_ok=True)
        if f.kind == "xlsx":
            write_xlsx(f, p, typed_xlsx)
        elif not f.modified:
            p.write_bytes(f.original)
        else:
            p.write_bytes(write_csv_bytes(f))
        if f.notes:
            f.truth["perturb_notes"] = sorted(set(f.notes))
    for rel, data in s.extra:
        p = dest / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    truth = copy.deepcopy(s.truth)
    truth["files"] = [f.truth for f in s.files]
    truth["variant"] = {"name": variant, "description": desc, "source_sample": str(s.folder)}
    (dest / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return dest


def make_variants(samples: list[Path], out: Path, variants: list[str], seed: int, typed_xlsx: bool) -> list[Path]:
    made = []
    for folder in samples:
        base = load_sample(folder)
        for v in variants:
            s = copy.deepcopy(base)
            # Defect paths in the sample's own truth refer to the original (maybe zipped) paths.
            by_original = {tf["path"]: f for tf, f in zip(base.truth["files"], s.files)}
            desc = VARIANT_FUNCS[v](s, seed)
            for d in s.truth["defects"]:
                f = by_original.get(d["file"])
                if f is None:
                    raise SystemExit(f"{folder}: defect on unknown file {d['file']!r}")
                d["file"] = f.path
            made.append(write_variant(s, v, desc, out, typed_xlsx))
    return made


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="directory to write the variant folders into")
    ap.add_argument("samples", type=Path, nargs="+", help="sample folders (each with a truth.json)")
    ap.add_argument("--variants", default=",".join(VARIANTS), help=f"comma-separated, from {', '.join(VARIANTS)}")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--xlsx-text", action="store_true", help="write every xlsx cell as text (no numbers/dates)")
    ap.add_argument("--score", action="store_true", help="score every variant folder with tools/score_samples.py")
    a = ap.parse_args(argv)
    variants = [v.strip() for v in a.variants.split(",") if v.strip()]
    bad = [v for v in variants if v not in VARIANT_FUNCS]
    if bad:
        ap.error(f"unknown variant(s): {', '.join(bad)}")
    for sdir in a.samples:
        if not (sdir / "truth.json").is_file():
            ap.error(f"{sdir}: no truth.json")
        if a.out.resolve() == sdir.resolve() or sdir.resolve() in a.out.resolve().parents:
            ap.error("the output directory must not be inside a sample folder")
    a.out.mkdir(parents=True, exist_ok=True)
    made = make_variants(a.samples, a.out, variants, a.seed, not a.xlsx_text)
    for m in made:
        print(m)
    if a.score:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import score_samples  # noqa: E402

        for m in made:
            r = score_samples.score(m)
            print(f"{r['folder']}: types {r['types']}, mapping {r['mapping']}, recall {r['recall']:.1%}, precision {r['precision']:.1%}")
            for w in r["wrong"]:
                print("   ", w)
            for x in r["missed"]:
                print("    MISSED", x)
            for x in r["false"][:30]:
                print("    FALSE", x)
    return 0


if __name__ == "__main__":
    sys.exit(main())
