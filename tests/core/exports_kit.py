"""Small helpers for the recognition / mapping / findings / CLI tests.

Every test writes its own small export files into pytest's tmp_path: nothing here reads the
sample exports under /work/shared. Names are invented; they avoid words that the engine treats as
company markers on purpose only where a test is not about names.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from app.core.engine import CheckOptions, CheckResult, FileReport, run_check
from app.core.findings import Finding

# SPEC section 3: the required codes and their severities.
SPEC_CODES: dict[str, str] = {
    "CONTACT_NO_NAME": "blocker",
    "DUPLICATE_CONTACT": "warning",
    "FIELD_CONTENT_MISMATCH": "warning",
    "MATTER_NO_DESCRIPTION": "warning",
    "MATTER_NO_CLIENT": "warning",
    "MATTER_CLIENT_UNKNOWN": "warning",
    "MATTER_STATUS_UNMAPPED": "blocker",
    "DUPLICATE_MATTER_NUMBER": "blocker",
    "ACTIVITY_NO_USER": "blocker",
    "ACTIVITY_UNKNOWN_MATTER": "blocker",
    "ACTIVITY_BAD_NUMBER": "blocker",
    "ACTIVITY_BILLED": "info",
    "TASK_NO_ASSIGNEE": "blocker",
    "CALENDAR_NO_START": "blocker",
    "CALENDAR_NO_CALENDAR": "warning",
    "CONTACT_NOTE_NO_CONTACT": "blocker",
    "MATTER_NOTE_NO_MATTER": "blocker",
    "RELATED_CONTACT_NO_MATTER": "blocker",
    "BALANCE_AMBIGUOUS_COLUMN": "warning",
    "USER_NOT_ON_ROSTER": "warning",
    "INVALID_DATE": "blocker or warning",
    "CELL_FORMULA": "warning",
    "FILE_NOT_MIGRATABLE": "info",
    "FILE_UNREADABLE": "blocker",
}

# The firm's Clio users used throughout (first, last, email, initials).
ROSTER_ROWS = [
    ["Margaret", "Holloway", "mholloway@hollowaylaw.com", "MH"],
    ["Daniel", "Okafor", "dokafor@hollowaylaw.com", "DO"],
    ["Priya", "Raman", "praman@hollowaylaw.com", "PR"],
]


def write_csv(path: Path | str, header: Sequence[str], rows: Iterable[Sequence[str]], *, title_lines: Sequence[str] = (),
              delimiter: str = ",", encoding: str = "utf-8") -> Path:
    """Write a small export: optional report title lines, one header line, then the records."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding=encoding) as fh:
        for line in title_lines:
            fh.write(line + "\r\n")
        w = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n")
        w.writerow(list(header))
        for r in rows:
            w.writerow(list(r))
    return path


def write_roster(path: Path | str, rows: Sequence[Sequence[str]] = ROSTER_ROWS) -> Path:
    return write_csv(path, ["first_name", "last_name", "email", "initials"], rows)


def check(paths: Sequence[Path | str] | Path | str, *, users: Path | str | None = None, region: str | None = None,
          source: str | None = None) -> CheckResult:
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return run_check([str(p) for p in paths], CheckOptions(users=str(users) if users else None, region=region, source=source))


def only(result: CheckResult, code: str) -> list[Finding]:
    return [f for f in result.findings if f.code == code]


def one(result: CheckResult, code: str) -> Finding:
    found = only(result, code)
    assert len(found) == 1, f"expected one {code}, got {[(f.file, f.row, f.column) for f in found]}; all: {summary(result)}"
    return found[0]


def where(findings: Iterable[Finding]) -> list[tuple]:
    """(file, row, column) of findings, sorted: what a user would look up."""
    return sorted(((f.file, f.row, f.column) for f in findings), key=lambda t: (t[0], t[1] if t[1] is not None else -1, t[2] or ""))


def summary(result: CheckResult) -> list[tuple]:
    return [(f.code, f.severity, f.file, f.row, f.column) for f in result.findings]


def report(result: CheckResult, name: str) -> FileReport:
    """The file report whose path is `name` (or ends with /name)."""
    hits = [r for r in result.files if r.path == name or r.path.replace("\\", "/").endswith("/" + name)]
    assert len(hits) == 1, f"no single file {name!r} in {[r.path for r in result.files]}"
    return hits[0]


def out(result: CheckResult, name: str, field: str) -> list[str]:
    """The normalised output column (Clio field) of one file, as it would go to Clio."""
    rep = report(result, name)
    assert rep.prepared is not None, f"{name} was not prepared (data type {rep.data_type})"
    return rep.prepared.out[field].tolist()
