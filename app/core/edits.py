"""Edits: every fix the wizard offers, recorded so it can be undone, redone, saved and replayed.

An edit is stored concretely (which cells changed from what to what, which records were
excluded), so replaying it on a reloaded project can tell when the source file has changed
under it: an old value that no longer matches means the edit no longer applies.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass, field


def now_iso() -> str:
    return _dt.datetime.now().astimezone().replace(microsecond=0).isoformat()


@dataclass
class CellChanges:
    """The same column of one file, changed on several rows."""

    file: str
    column: str
    rows: list[int]
    old: list[str]
    new: list[str]


@dataclass
class Exclusion:
    file: str
    row: int
    reason: str


@dataclass
class Edit:
    kind: str  # set_cell, set_where, exclude, include, merge_contacts, assign_user, map_value, set_mapping, set_type
    why: str = ""
    when: str = field(default_factory=now_iso)
    cells: list[CellChanges] = field(default_factory=list)
    exclude: list[Exclusion] = field(default_factory=list)
    include: list[Exclusion] = field(default_factory=list)  # records taken back in (with their old reason)
    # assign_user: source value -> Clio user; map_value: (file, field, source value) -> Clio value
    user: dict = field(default_factory=dict)  # {"value": ..., "user": ..., "previous": ...}
    value_map: dict = field(default_factory=dict)  # {"file", "field", "value", "target", "previous"}
    setting: dict = field(default_factory=dict)  # {"file", "key", "value", "previous"} for mapping / type / date order
    summary: str = ""  # one line for the history list

    def to_json(self) -> dict:
        return asdict(self)

    @staticmethod
    def from_json(d: dict) -> Edit:
        return Edit(
            kind=d["kind"],
            why=d.get("why", ""),
            when=d.get("when", ""),
            cells=[CellChanges(**c) for c in d.get("cells", [])],
            exclude=[Exclusion(**x) for x in d.get("exclude", [])],
            include=[Exclusion(**x) for x in d.get("include", [])],
            user=d.get("user", {}),
            value_map=d.get("value_map", {}),
            setting=d.get("setting", {}),
            summary=d.get("summary", ""),
        )

    def changed_cells(self) -> int:
        return sum(len(c.rows) for c in self.cells)


@dataclass
class EditLog:
    """Undo/redo history. `done` are applied, `undone` can be redone (cleared by a new edit)."""

    done: list[Edit] = field(default_factory=list)
    undone: list[Edit] = field(default_factory=list)

    def push(self, e: Edit) -> None:
        self.done.append(e)
        self.undone.clear()

    def can_undo(self) -> bool:
        return bool(self.done)

    def can_redo(self) -> bool:
        return bool(self.undone)
