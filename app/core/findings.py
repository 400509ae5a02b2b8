"""Findings: every problem, with a stable code, a severity, the file, row and column.

Messages are written for an office manager: what is wrong, what Clio will do with it, and how
to fix it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.core.columns import filled, spread

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
    "ROW_BAD_CHARACTERS": (WARNING, "Row with characters that are not proper text"),
    "LINES_SKIPPED": (INFO, "Title, blank or total lines left out"),
}


def make(code: str, file: str, row: int | None, column: str | None, message: str, severity: str | None = None, **kw) -> Finding:
    return Finding(code, severity or CODES[code][0], file, row, column, message, **kw)




# --------------------------------------------------------------------------------------------
# Many findings at once. A check that flags 700,000 already-billed entries makes one block of
# arrays (rows, and the offending values as codes into their distinct values, each with its
# message written once), not 700,000 objects: a Finding is made only when someone looks at it.


class RowBlock:
    """Findings of one code, in one file and column, on many rows."""

    __slots__ = ("code", "severity", "file", "column", "rows", "value_codes", "values", "messages", "message")

    def __init__(self, code: str, severity: str, file: str, column: str | None, rows: np.ndarray,
                 value_codes: np.ndarray | None, values: list, message: str | None, messages: list[str] | None) -> None:
        self.code, self.severity, self.file, self.column = code, severity, file, column
        self.rows = np.asarray(rows, dtype=np.int64)
        self.value_codes, self.values = value_codes, values  # values[value_codes[i]] is item i's value
        self.message, self.messages = message, messages  # one message, or one per distinct value

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, i: int) -> Finding:
        v = self.values[self.value_codes[i]] if self.value_codes is not None else None
        msg = self.message if self.messages is None else self.messages[self.value_codes[i]]
        return Finding(self.code, self.severity, self.file, int(self.rows[i]), self.column, msg, v)

    def array(self, name: str) -> np.ndarray:
        """One attribute (code, severity, file, column, message) of every finding of the block."""
        if name == "message" and self.messages is not None:
            return np.asarray(self.messages, dtype=object)[self.value_codes]
        return filled(len(self), getattr(self, name) or "")


class LooseBlock:
    """Findings made one at a time (file-level ones, duplicates...)."""

    __slots__ = ("items", "rows")

    def __init__(self, items: list[Finding]) -> None:
        self.items = items
        self.rows = np.fromiter((-1 if f.row is None else f.row for f in items), dtype=np.int64, count=len(items))

    def __len__(self) -> int:
        return len(self.items)

    def get(self, i: int) -> Finding:
        return self.items[i]

    def array(self, name: str) -> np.ndarray:
        return np.array([getattr(f, name) or "" for f in self.items], dtype=object)


class Findings(Sequence):
    """A list of findings held as blocks: reads like a list of Finding, answers counts and
    filters with arrays."""

    def __init__(self, blocks: list, block_ids: np.ndarray | None = None, items: np.ndarray | None = None) -> None:
        self.blocks = blocks
        if block_ids is None:
            sizes = np.array([len(b) for b in blocks], dtype=np.int64)
            block_ids = np.repeat(np.arange(len(blocks), dtype=np.int32), sizes)
            items = np.concatenate([np.arange(n, dtype=np.int32) for n in sizes]) if len(blocks) else np.empty(0, dtype=np.int32)
        self.block_ids, self.items = block_ids, items
        self._cols: dict[str, np.ndarray] = {}
        self._idcols: dict[str, tuple[np.ndarray, list[str]]] = {}

    @classmethod
    def gather(cls, parts) -> Findings:
        """From what the checks return: blocks, Finding objects, or lists of either."""
        blocks: list = []
        loose: list[Finding] = []
        for part in parts:
            if isinstance(part, Finding):
                loose.append(part)
                continue
            if loose:
                blocks.append(LooseBlock(loose))
                loose = []
            if isinstance(part, (RowBlock, LooseBlock)):
                if len(part):
                    blocks.append(part)
        if loose:
            blocks.append(LooseBlock(loose))
        return cls(blocks)

    def __len__(self) -> int:
        return len(self.block_ids)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.blocks[self.block_ids[i]].get(int(self.items[i]))

    def __iter__(self):
        blocks = self.blocks
        for b, i in zip(self.block_ids.tolist(), self.items.tolist()):
            yield blocks[b].get(i)

    def __repr__(self) -> str:
        return f"Findings({len(self)} in {len(self.blocks)} blocks)"

    def ids(self, name: str) -> tuple[np.ndarray, list[str]]:
        """An attribute a block shares by all its findings (code, severity, file) for every
        finding, as numbers into its distinct values: (numbers, values). No Python object per
        finding: sorting, counting and indexing 700,000 findings need only these."""
        if name not in self._idcols:
            number: dict[str, int] = {}
            per = []
            for b in self.blocks:
                if isinstance(b, RowBlock):
                    per.append(np.full(len(b), number.setdefault(getattr(b, name) or "", len(number)), dtype=np.int32))
                else:
                    per.append(np.fromiter((number.setdefault(getattr(f, name) or "", len(number)) for f in b.items),
                                           dtype=np.int32, count=len(b)))
            if not len(self):
                ids = np.empty(0, dtype=np.int32)
            else:
                starts = np.cumsum([0] + [len(b) for b in self.blocks])[:-1]
                ids = np.concatenate(per)[starts[self.block_ids] + self.items]
            self._idcols[name] = (ids, list(number))
        return self._idcols[name]

    def _column(self, name: str) -> np.ndarray:
        """One attribute of every finding, in order, as an array (made once)."""
        if name not in self._cols:
            if name in ("code", "severity", "file"):
                ids, values = self.ids(name)
                self._cols[name] = spread(np.array(values, dtype=object), ids)
                return self._cols[name]
            if name == "rows":
                per = [b.rows for b in self.blocks]
                empty = np.empty(0, dtype=np.int64)
            else:
                per = [b.array(name) for b in self.blocks]
                empty = np.empty(0, dtype=object)
            if not len(self):
                self._cols[name] = empty
            else:
                starts = np.cumsum([0] + [len(b) for b in self.blocks])[:-1]
                self._cols[name] = np.concatenate(per)[starts[self.block_ids] + self.items]
        return self._cols[name]

    @property
    def rows(self) -> np.ndarray:
        """Each finding's row, -1 for a file-level finding."""
        return self._column("rows")

    @property
    def codes(self) -> np.ndarray:
        return self._column("code")

    @property
    def severities(self) -> np.ndarray:
        return self._column("severity")

    @property
    def files(self) -> np.ndarray:
        return self._column("file")

    @property
    def columns(self) -> np.ndarray:
        """Each finding's column ('' where none)."""
        return self._column("column")

    @property
    def messages(self) -> np.ndarray:
        return self._column("message")

    def take(self, keep) -> Findings:
        """The findings where `keep` (a bool mask or positions) says so, in order."""
        keep = np.asarray(keep)
        sub = Findings(self.blocks, self.block_ids[keep], self.items[keep])
        for k, v in self._cols.items():
            sub._cols[k] = v[keep]
        for k, (ids, values) in self._idcols.items():
            sub._idcols[k] = (ids[keep], values)
        return sub

    def sorted(self) -> Findings:
        """By file, then row (file-level first), blockers first within a record; otherwise in
        the order the checks made them (a stable sort)."""
        if not len(self):
            return self
        file_rank = _ranks(*self.ids("file"))
        sev_ids, sev_values = self.ids("severity")
        sev = np.array([SEVERITY_ORDER.get(x, 3) for x in sev_values], dtype=np.int8)[sev_ids]
        order = np.lexsort((np.arange(len(self)), sev, self.rows, file_rank))
        return self.take(order)

    def counts_by(self) -> dict[tuple[str, str], int]:
        """(severity, code) -> number of findings."""
        if not len(self):
            return {}
        sc, su = self.ids("severity")
        cc, cu = self.ids("code")
        u, c = np.unique(sc.astype(np.int64) * len(cu) + cc, return_counts=True)
        return {(su[k // len(cu)], cu[k % len(cu)]): int(n) for k, n in zip(u.tolist(), c.tolist())}

    def severity_counts(self) -> dict[str, int]:
        out = {BLOCKER: 0, WARNING: 0, INFO: 0}
        for (sev, _code), n in self.counts_by().items():
            out[sev] = out.get(sev, 0) + n
        return out


def _ranks(ids: np.ndarray, values: list[str]) -> np.ndarray:
    """Each finding's value's place among its distinct values sorted (from Findings.ids)."""
    order = np.argsort(np.asarray([str(u) for u in values], dtype=object), kind="stable")
    rank = np.empty(len(values), dtype=np.int64)
    rank[order] = np.arange(len(values))
    return rank[ids]


class FindingIndex:
    """Findings laid out for fast questions: which rows of a file have a code, what a row has.

    Built once per check (on the worker, not the GUI thread). `findings` is sorted by file and
    row; each file's findings are one contiguous span.
    """

    def __init__(self, findings) -> None:
        if not isinstance(findings, Findings):
            findings = Findings.gather(findings)
        self.findings = findings  # the engine hands them over sorted by file and row
        n = len(findings)
        self.rows = findings.rows
        # Each finding's code as a small number: the window's questions (which rows of a file have
        # a code) then compare numbers, not 700,000 strings (15 ms on the window's thread each).
        self._code_ids, self._code_names = findings.ids("code")
        self._code_number = {c: i for i, c in enumerate(self._code_names)}
        file_ids, file_names = findings.ids("file")
        self.spans: dict[str, tuple[int, int]] = {}
        if n:
            change = np.flatnonzero(file_ids[1:] != file_ids[:-1]) + 1
            starts = np.concatenate([[0], change])
            ends = np.concatenate([change, [n]])
            for a, b in zip(starts.tolist(), ends.tolist()):
                self.spans[file_names[file_ids[a]]] = (a, b)
        self._counts: dict[str, dict[str, int]] | None = None

    def counts(self) -> dict[str, dict[str, int]]:
        """code -> {file: number of findings}."""
        if self._counts is None:
            out: dict[str, dict[str, int]] = {}
            names = self._code_names
            for path, (lo, hi) in self.spans.items():
                per = np.bincount(self._code_ids[lo:hi], minlength=len(names))
                for i in sorted(np.flatnonzero(per).tolist(), key=lambda i: (-per[i], names[i])):  # most first
                    out.setdefault(names[i], {})[path] = int(per[i])
            self._counts = out
        return self._counts

    def severity(self, code: str) -> str:
        return CODES.get(code, (INFO, ""))[0] if code in CODES else INFO

    def _has_code(self, code: str, lo: int, hi: int) -> np.ndarray:
        number = self._code_number.get(code)
        if number is None:
            return np.zeros(hi - lo, dtype=bool)
        return self._code_ids[lo:hi] == number

    def of(self, code: str, path: str) -> list[Finding]:
        lo, hi = self.spans.get(path, (0, 0))
        idx = np.flatnonzero(self._has_code(code, lo, hi)) + lo
        return [self.findings[i] for i in idx.tolist()]

    def rows_of(self, code: str, path: str):
        lo, hi = self.spans.get(path, (0, 0))
        r = self.rows[lo:hi][self._has_code(code, lo, hi)]
        return np.unique(r[r >= 0])

    def at(self, path: str, row: int) -> list[Finding]:
        lo, hi = self.spans.get(path, (0, 0))
        a = int(np.searchsorted(self.rows[lo:hi], row, side="left")) + lo
        b = int(np.searchsorted(self.rows[lo:hi], row, side="right")) + lo
        return self.findings[a:b]
