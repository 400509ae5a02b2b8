"""Findings: every problem, with a stable code, a severity, the file, row and column.

Messages are written for an office manager: what is wrong, what Clio will do with it, and how
to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BLOCKER = "blocker"
WARNING = "warning"
INFO = "info"
SEVERITY_ORDER = {BLOCKER: 0, WARNING: 1, INFO: 2}


@dataclass(slots=True)
class Finding:
    code: str
    severity: str
    file: str
    row: int | None
    column: str | None
    message: str
    value: str | None = None  # the offending value, shown in the app (never logged)
    related: dict | None = None  # evidence: the other record of a duplicate...

    def to_json(self) -> dict:
        d = {"code": self.code, "severity": self.severity, "file": self.file, "row": self.row, "column": self.column,
             "message": self.message, "value": self.value, "related": self.related}
        if not d["related"]:
            d.pop("related")
        if d["value"] is None:
            d.pop("value")
        return d


# code -> (default severity, short title for lists and reports)
CODES: dict[str, tuple[str, str]] = {
    "CONTACT_NO_NAME": (BLOCKER, "Contact without a name"),
    "DUPLICATE_CONTACT": (WARNING, "Duplicate contact"),
    "FIELD_CONTENT_MISMATCH": (WARNING, "Value in the wrong field"),
    "MATTER_NO_DESCRIPTION": (WARNING, "Matter without a description"),
    "MATTER_NO_CLIENT": (WARNING, "Matter without a client"),
    "MATTER_CLIENT_UNKNOWN": (WARNING, "Matter's client not among the contacts"),
    "MATTER_STATUS_UNMAPPED": (BLOCKER, "Matter status Clio does not know"),
    "DUPLICATE_MATTER_NUMBER": (BLOCKER, "Two matters with the same number"),
    "ACTIVITY_NO_USER": (BLOCKER, "Time or expense entry without a user"),
    "ACTIVITY_UNKNOWN_MATTER": (BLOCKER, "Time or expense entry for an unknown matter"),
    "ACTIVITY_BAD_NUMBER": (BLOCKER, "Hours, quantity, rate or amount missing or not a number"),
    "ACTIVITY_BILLED": (INFO, "Already billed: left out of the migration"),
    "TASK_NO_ASSIGNEE": (BLOCKER, "Task without an assignee"),
    "TASK_STATUS_UNMAPPED": (WARNING, "Task status Clio does not know"),
    "CALENDAR_NO_START": (BLOCKER, "Calendar entry without a start date"),
    "CALENDAR_NO_CALENDAR": (WARNING, "Calendar entry without a calendar"),
    "CONTACT_NOTE_NO_CONTACT": (BLOCKER, "Contact note without a contact"),
    "MATTER_NOTE_NO_MATTER": (BLOCKER, "Matter note without a matter"),
    "NOTE_UNKNOWN_MATTER": (WARNING, "Record for a matter that is not being migrated"),
    "RELATED_CONTACT_NO_MATTER": (BLOCKER, "Related contact without a matter"),
    "BALANCE_AMBIGUOUS_COLUMN": (WARNING, "Balances file with several amount columns"),
    "USER_NOT_ON_ROSTER": (WARNING, "User not among the firm's Clio users"),
    "INVALID_DATE": (WARNING, "Date that cannot be read"),
    "CELL_FORMULA": (WARNING, "Spreadsheet formula in a cell"),
    "FILE_NOT_MIGRATABLE": (INFO, "File Clio cannot migrate"),
    "FILE_UNREADABLE": (BLOCKER, "File that cannot be read"),
    "FILE_UNKNOWN_TYPE": (WARNING, "File whose contents were not recognised"),
    "REQUIRED_COLUMN_MISSING": (WARNING, "No column for a field Clio needs"),
    "ROW_EXTRA_CELLS": (WARNING, "Row with more cells than the header"),
    "LINES_SKIPPED": (INFO, "Title, blank or total lines left out"),
}


def make(code: str, file: str, row: int | None, column: str | None, message: str, severity: str | None = None, **kw) -> Finding:
    return Finding(code, severity or CODES[code][0], file, row, column, message, **kw)


def sort_key(f: Finding):
    """File, then row (file-level first), blockers first within a record; otherwise the order
    the checks made them (the sort is stable)."""
    return (f.file, -1 if f.row is None else f.row, SEVERITY_ORDER.get(f.severity, 3))


class FindingIndex:
    """Findings laid out for fast questions: which rows of a file have a code, what a row has.

    Built once per check (on the worker, not the GUI thread). `findings` is sorted by file and
    row; each file's findings are one contiguous span.
    """

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings  # the engine hands them over sorted by file and row
        n = len(self.findings)
        self.rows = np.fromiter((-1 if f.row is None else f.row for f in self.findings), dtype=np.int64, count=n)
        self.codes = np.array([f.code for f in self.findings], dtype=object)
        self.spans: dict[str, tuple[int, int]] = {}
        start = 0
        for i in range(1, n + 1):
            if i == n or self.findings[i].file != self.findings[start].file:
                self.spans[self.findings[start].file] = (start, i)
                start = i
        self._counts: dict[str, dict[str, int]] | None = None

    def counts(self) -> dict[str, dict[str, int]]:
        """code -> {file: number of findings}."""
        if self._counts is None:
            out: dict[str, dict[str, int]] = {}
            import pandas as pd

            for path, (lo, hi) in self.spans.items():
                for c, k in pd.Series(self.codes[lo:hi]).value_counts().items():
                    out.setdefault(str(c), {})[path] = int(k)
            self._counts = out
        return self._counts

    def severity(self, code: str) -> str:
        return CODES.get(code, (INFO, ""))[0] if code in CODES else INFO

    def of(self, code: str, path: str) -> list[Finding]:
        lo, hi = self.spans.get(path, (0, 0))
        idx = np.flatnonzero(self.codes[lo:hi] == code) + lo
        return [self.findings[i] for i in idx.tolist()]

    def rows_of(self, code: str, path: str):
        lo, hi = self.spans.get(path, (0, 0))
        r = self.rows[lo:hi][self.codes[lo:hi] == code]
        return np.unique(r[r >= 0])

    def at(self, path: str, row: int) -> list[Finding]:
        lo, hi = self.spans.get(path, (0, 0))
        a = int(np.searchsorted(self.rows[lo:hi], row, side="left")) + lo
        b = int(np.searchsorted(self.rows[lo:hi], row, side="right")) + lo
        return self.findings[a:b]
