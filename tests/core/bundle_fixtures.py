"""A small, realistic export folder for the session / project / bundle tests.

Everything is written into pytest's tmp_path; nothing here reads /work/shared. The folder holds
one file per kind of record a small firm exports, with the usual problems planted at known rows
(row numbers as a spreadsheet shows them: the header is row 1, the first record row 2).
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.core.roster import read_roster
from app.core.session import Firm, Session

CUTOFF = "2025-06-30"  # the export cut-off: calendar / task dates before it are past, after it future

ROSTER_ROWS = [
    ["Margaret", "Holloway", "mholloway@hollowaylaw.com", "MH"],
    ["Daniel", "Okafor", "dokafor@hollowaylaw.com", "DO"],
    ["Priya", "Raman", "praman@hollowaylaw.com", "PR"],
]

# -- contacts.csv --------------------------------------------------------------------------------
CONTACTS_HEADER = ["First Name", "Last Name", "Company", "Email", "Phone", "City", "Referral Source"]
CONTACTS = [
    ["Alice", "Brennan", "", "alice.brennan@example.com", "(555) 201-0001", "Springfield", "Website"],  # row 2
    ["Robert", "Chen", "", "rchen@example.com", "(555) 201-0002", "Shelbyville", "Referral"],  # row 3
    ["", "", "Northwind Traders", "info@northwind.example", "(555) 201-0003", "Capital City", "Bar association"],  # row 4
    ["Maria", "Delgado", "", "mdelgado@example.com", "(555) 201-0004", "Springfield", "Website"],  # row 5
    ["Alice", "Brennan", "", "alice.brennan@example.com", "", "Springfield (new)", "Walk-in"],  # row 6: duplicate of row 2
    ["", "", "", "nobody@example.com", "(555) 201-0006", "Ogdenville", ""],  # row 7: no name
    ["Thomas", "Whitfield", "", "twhitfield@example.com", "(555) 201-0007", "North Haverbrook", "Google"],  # row 8
    ["Grace", "Ivers", "", "grace.ivers@example.com", "(555) 201-0008", "Springfield", "Referral"],  # row 9
    ["Samuel", "Ortiz", "", "sortiz@example.com", "(555) 201-0009", "Brockway", "Website"],  # row 10
    ["", "", "Harbor Freight Lines", "legal@harborfreight.example", "(555) 201-0010", "Capital City", "Referral"],  # row 11
]
DUP_KEEP_ROW, DUP_DROP_ROW, NO_NAME_ROW = 2, 6, 7

# -- matters.csv ---------------------------------------------------------------------------------
MATTERS_HEADER = ["Matter Number", "Matter Name", "Client", "Status", "Open Date", "Close Date", "Responsible Attorney", "Billing Method"]
_CLIENTS = ["Alice Brennan", "Robert Chen", "Northwind Traders", "Maria Delgado", "Thomas Whitfield", "Grace Ivers",
            "Samuel Ortiz", "Harbor Freight Lines"]
MATTERS: list[list[str]] = []
for _i in range(14):
    _num = f"2024-{_i + 1:03d}"
    _status = "Open" if _i % 2 == 0 else "Closed"
    MATTERS.append([_num, f"{_CLIENTS[_i % len(_CLIENTS)]} - Matter {_i + 1}", _CLIENTS[_i % len(_CLIENTS)], _status,
                    f"01/{_i + 13:02d}/2024", f"05/{_i + 13:02d}/2025" if _status == "Closed" else "",
                    ["MH", "Daniel Okafor", "praman@hollowaylaw.com"][_i % 3], ["Hourly", "Flat fee"][_i % 2]])
MATTERS[2][3] = "Pending"
MATTERS[5][3] = "Retainer Expired"  # row 7: a status Clio does not know
MATTERS[9][0] = MATTERS[8][0]  # row 11 reuses the number of row 10
STATUS_UNKNOWN_ROW, DUP_NUMBER_ROW = 7, 11
MATTER_NUMBERS = [m[0] for m in MATTERS]

# -- time_entries.csv ----------------------------------------------------------------------------
TIME_HEADER = ["Date", "User", "Matter", "Hours", "Rate", "Description", "Billed"]
TIME: list[list[str]] = []
for _i in range(26):
    TIME.append([f"{(_i % 12) + 1:02d}/{(_i % 15) + 14:02d}/2025", ["MH", "Daniel Okafor", "PR"][_i % 3], MATTERS[_i % 14][0],
                 ["1.5", "0:45", "2.25", "0.1"][_i % 4], ["$250.00", "$1,250.00", "300", "175.50"][_i % 4],
                 f"Drafting and review, item {_i + 1}", "No"])
TIME[3][6] = "Yes"  # row 5: already billed
TIME[4][1] = ""  # row 6: no user
TIME[5][2] = "2019-999"  # row 7: unknown matter
TIME[6][1] = "Zed Quimby"  # row 8: not a Clio user
TIME[7][4] = "-12.50"  # row 9: a write-down, a negative amount
BILLED_ROW, NO_USER_ROW, UNKNOWN_MATTER_ROW, OFF_ROSTER_ROW, NEGATIVE_ROW = 5, 6, 7, 8, 9

# -- calendar.csv --------------------------------------------------------------------------------
CAL_HEADER = ["Subject", "Start Date", "Start Time", "End Date", "End Time", "Calendar", "Matter"]
CALENDAR: list[list[str]] = []
for _i in range(36):
    past = _i % 2 == 0
    d = _dt.date(2023, 1, 16) + _dt.timedelta(days=17 * _i) if past else _dt.date(2025, 7, 14) + _dt.timedelta(days=13 * _i)
    CALENDAR.append([("Deposition" if past else "Hearing") + f" {_i + 1}", d.strftime("%m/%d/%Y"), "09:30", d.strftime("%m/%d/%Y"),
                     "10:30", ["Margaret Holloway", "Daniel Okafor", "Priya Raman"][_i % 3], MATTERS[_i % 14][0]])

# -- tasks.csv -----------------------------------------------------------------------------------
TASK_HEADER = ["Task Name", "Due Date", "Assigned To", "Status", "Matter"]
TASKS: list[list[str]] = []
for _i in range(26):
    d = _dt.date(2025, 1, 13) + _dt.timedelta(days=11 * _i)
    TASKS.append([f"Follow up {_i + 1}", d.strftime("%m/%d/%Y"), ["MH", "DO", "PR"][_i % 3],
                  ["Pending", "Completed"][_i % 2], MATTERS[_i % 14][0]])

# -- matter_notes.csv ----------------------------------------------------------------------------
NOTES_HEADER = ["Matter", "Date", "Subject", "Note"]
NOTES = [
    [MATTERS[0][0], "02/14/2024", "Intake call", "Client called about the lease."],
    [MATTERS[1][0], "03/15/2024", "Totals", "=SUM(A1:A3)"],  # row 3: a formula
    [MATTERS[2][0], "04/16/2024", "Strategy", "Discussed settlement range, see memo."],
    [MATTERS[3][0], "05/17/2024", "Court call", "Judge moved the hearing."],
    [MATTERS[4][0], "06/18/2024", "Research", "Statute review done."],
]
FORMULA_NOTE_ROW = 3

# -- invoices.csv (not migratable) ---------------------------------------------------------------
INVOICE_HEADER = ["Invoice Number", "Issue Date", "Client", "Total", "Balance Due"]
INVOICES = [["INV-1001", "01/31/2025", "Alice Brennan", "$1,500.00", "$0.00"],
            ["INV-1002", "02/28/2025", "Robert Chen", "$820.00", "$120.00"],
            ["INV-1003", "03/31/2025", "Northwind Traders", "$2,250.00", "$2,250.00"]]

FILES: dict[str, tuple[list[str], list[list[str]]]] = {
    "contacts.csv": (CONTACTS_HEADER, CONTACTS),
    "matters.csv": (MATTERS_HEADER, MATTERS),
    "time_entries.csv": (TIME_HEADER, TIME),
    "calendar.csv": (CAL_HEADER, CALENDAR),
    "tasks.csv": (TASK_HEADER, TASKS),
    "matter_notes.csv": (NOTES_HEADER, NOTES),
    "invoices.csv": (INVOICE_HEADER, INVOICES),
}


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(list(header))
        w.writerows([list(r) for r in rows])
    return path


@dataclass
class Export:
    """The export folder and the users file next to it (outside the folder)."""

    folder: Path
    users: Path
    files: dict[str, Path] = field(default_factory=dict)

    def path(self, name: str) -> str:
        """The file's name as the session shows it (relative to the folder given)."""
        return name


def write_export(root: Path) -> Export:
    folder = root / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    files = {name: write_csv(folder / name, h, rows) for name, (h, rows) in FILES.items()}
    users = write_csv(root / "users.csv", ["first_name", "last_name", "email", "initials"], ROSTER_ROWS)
    return Export(folder, users, files)


def make_session(exp: Export) -> Session:
    s = Session([str(exp.folder)], Firm(name="Holloway Law", region="us", cutoff=CUTOFF), read_roster(exp.users))
    s.users_file = str(exp.users)
    s.read()
    s.check()
    return s


# -- helpers to look at results ------------------------------------------------------------------

def codes_at(session: Session, file: str, row: int | None = None) -> set[str]:
    assert session.result is not None
    return {f.code for f in session.result.findings if f.file == file and (row is None or f.row == row)}


def findings_of(session: Session, code: str, file: str | None = None) -> list[tuple[str, int | None, str | None]]:
    assert session.result is not None
    return sorted((f.file, f.row, f.column) for f in session.result.findings if f.code == code and (file is None or f.file == file))


def finding_keys(session: Session) -> list[tuple]:
    assert session.result is not None
    return [(f.code, f.severity, f.file, f.row, f.column, f.message) for f in session.result.findings]


def read_zip(path: Path | str) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def csv_member(members: dict[str, bytes], name: str) -> list[dict[str, str]]:
    data = members[name]
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def count_records(path: Path) -> int:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def sha256(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def rewrite_zip(src: Path, dst: Path, replace: dict[str, bytes]) -> None:
    """Copy a plain ZIP, replacing some members' content (the way someone editing a bundle would)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))

