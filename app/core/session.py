"""A migration-prep session: the files read once, the user's decisions, every edit, the findings.

The wizard and the CLI (`--project`) both work through a Session, so they see the same data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from app.core import fields as F
from app.core.columns import filled
from app.core.edits import CellChanges, Edit, EditLog, Exclusion
from app.core.engine import CheckOptions, CheckResult, FileSettings, analyse_tables, check_tables
from app.core.reader import Table, collect_inputs, read_inputs
from app.core.roster import Roster

ProgressFn = Callable[[float, str], None]
BILLED_REASON = "already billed (Clio migrates only unbilled activities)"


@dataclass
class Firm:
    name: str = ""
    region: str | None = None  # us, ca, uk, au
    source: str | None = None  # profile id chosen by the user (None: detected)
    cutoff: str = ""  # export cut-off date, ISO
    checklist: dict[str, bool] = field(default_factory=dict)  # close-out steps done


class EditError(Exception):
    """An edit that cannot be made (unknown file, row or column)."""


class Session:
    def __init__(self, paths: list[str] | None = None, firm: Firm | None = None, roster: Roster | None = None) -> None:
        self.paths: list[str] = list(paths or [])
        self.firm = firm or Firm()
        self.roster = roster or Roster()
        self.settings: dict[str, FileSettings] = {}
        self.tables: list[Table] = []
        self.problems: list[str] = []
        self.log = EditLog()
        self.excluded: dict[tuple[str, int], str] = {}  # (file, row) -> reason (the user's)
        self.kept: set[tuple[str, int]] = set()  # billed activities the user keeps
        self.result: CheckResult | None = None
        self.users_file: str | None = None
        self.dirty = True  # an edit since the last check
        self.parallel = True  # CheckOptions.parallel: the wizard decides by the machine's cores

    # ----------------------------------------------------------------------------------------
    # Reading and checking

    def read(self, progress: ProgressFn | None = None, cancelled: Callable[[], bool] | None = None, exclude: list[str] | None = None) -> None:
        progress = progress or (lambda f, m: None)
        cancelled = cancelled or (lambda: False)
        inputs, self.problems = collect_inputs(self.paths, exclude=exclude or ([self.users_file] if self.users_file else []))
        tables = read_inputs(inputs, progress, cancelled)  # two at a time: parsing lets go of the interpreter lock
        self.tables = tables
        self._by_path = {t.path: t for t in tables}

    def options(self) -> CheckOptions:
        return CheckOptions(source=self.firm.source, region=self.firm.region, roster=self.roster, settings=self.settings,
                            excluded=set(self.excluded), parallel=self.parallel)

    def analyse(self) -> CheckResult:
        """Files and mappings without the checks (engine.analyse_tables): what the wizard shows
        while the checks of newly read files run. It does not replace `result`."""
        return analyse_tables(self.tables, self.options(), self.roster, self.problems)

    def check(self, progress: ProgressFn | None = None, cancelled: Callable[[], bool] | None = None,
              preview: CheckResult | None = None) -> CheckResult:
        """Check the files; `preview`: this session's analyse() of them, reused when nothing it
        depends on changed since."""
        result = check_tables(self.tables, self.options(), self.roster, progress or (lambda f, m: None),
                              cancelled or (lambda: False), self.problems, preview)
        self.result = result
        self.dirty = False
        self.__dict__["_excl_cache"] = {}
        return result

    def table(self, path: str) -> Table:
        t = getattr(self, "_by_path", {}).get(path)
        if t is None:
            raise EditError(f"There is no file '{path}' in this project.")
        return t

    def positions(self, t: Table, rows: list[int]) -> np.ndarray:
        arr = np.asarray(rows, dtype=np.int64)
        pos = np.searchsorted(t.rows, arr)
        ok = (pos < len(t.rows)) & (t.rows[np.minimum(pos, len(t.rows) - 1)] == arr) if len(t.rows) else np.zeros(len(arr), bool)
        if not np.all(ok):
            bad = arr[~ok][:3].tolist()
            raise EditError(f"Row(s) {bad} of '{t.path}' are not records.")
        return pos

    def billed_excluded(self) -> dict[tuple[str, int], str]:
        """Activities already billed, left out unless the user keeps them."""
        out: dict[tuple[str, int], str] = {}
        if self.result is None:
            return out
        for r in self.result.files:
            p = r.prepared
            if p is None or p.billed is None:
                continue
            rows = p.table.rows[np.flatnonzero(p.billed.to_numpy())]
            for row in rows.tolist():
                if (r.path, row) not in self.kept:
                    out[(r.path, row)] = BILLED_REASON
        return out

    # ----------------------------------------------------------------------------------------
    # Edits

    def set_cells(self, file: str, column: str, rows: list[int], new: str | list[str], why: str = "", kind: str = "set_cell") -> Edit:
        t = self.table(file)
        if column not in t.frame.columns:
            raise EditError(f"'{file}' has no column '{column}'.")
        pos = self.positions(t, rows)
        col = t.frame[column]
        old = [str(v) for v in col.iloc[pos].tolist()]
        news = list(new) if isinstance(new, list) else [new] * len(rows)
        e = Edit(kind=kind, why=why, cells=[CellChanges(file, column, [int(r) for r in rows], old, news)],
                 summary=f"{'Set' if kind == 'set_cell' else 'Bulk set'} {column} on {len(rows)} record(s) of {file}")
        return self._do(e)

    def set_cell(self, file: str, row: int, column: str, new: str, why: str = "") -> Edit:
        return self.set_cells(file, column, [row], new, why)

    def set_where(self, file: str, column: str, condition: Callable, new: str, why: str = "", target_column: str | None = None) -> Edit:
        """Set `target_column` (default: the same column) to `new` on every record where
        `condition(value_of_column)` holds."""
        t = self.table(file)
        from app.core.columns import map_unique

        mask = map_unique(t.frame[column], lambda v: bool(condition(v)), dtype=bool).to_numpy()
        rows = t.rows[mask].tolist()
        if not rows:
            raise EditError("No record matches that condition.")
        return self.set_cells(file, target_column or column, rows, new, why, kind="set_where")

    def exclude(self, file: str, rows: list[int], reason: str) -> Edit:
        t = self.table(file)
        self.positions(t, rows)
        if not reason.strip():
            raise EditError("Say why the record is left out: the reason goes to the migration specialist.")
        e = Edit(kind="exclude", why=reason, exclude=[Exclusion(file, int(r), reason) for r in rows],
                 summary=f"Excluded {len(rows)} record(s) of {file}: {reason}")
        return self._do(e)

    def include(self, file: str, rows: list[int], why: str = "") -> Edit:
        e = Edit(kind="include", why=why, include=[Exclusion(file, int(r), self.excluded.get((file, int(r)), "")) for r in rows],
                 summary=f"Kept {len(rows)} record(s) of {file}")
        return self._do(e)

    def merge_contacts(self, keep: tuple[str, int], drop: tuple[str, int], values: dict[str, str], why: str = "") -> Edit:
        """Merge two contacts: `keep` survives with `values` (column -> chosen value), `drop` is
        excluded, and matters, notes and balances that named the dropped contact are re-pointed."""
        kf, kr = keep
        df, dr = drop
        t = self.table(kf)
        pos = int(self.positions(t, [kr])[0])
        cells: list[CellChanges] = []
        for col, val in values.items():
            old = str(t.frame[col].iloc[pos])
            if old != val:
                cells.append(CellChanges(kf, col, [kr], [old], [val]))
        cells += self._repoint(keep, drop, values)
        e = Edit(kind="merge_contacts", why=why or "duplicate contact", cells=cells,
                 exclude=[Exclusion(df, dr, f"merged into row {kr} of {kf}" + (f" ({why})" if why else ""))],
                 summary=f"Merged contact row {dr} into row {kr}")
        return self._do(e)

    def _repoint(self, keep: tuple[str, int], drop: tuple[str, int], values: dict[str, str]) -> list[CellChanges]:
        """References (by name) to the dropped contact, rewritten to the kept contact's name."""
        if self.result is None:
            return []
        from app.core.names import name_keys

        def contact_name(path: str, row: int, overrides: dict[str, str] | None = None) -> str:
            rep = next((r for r in self.result.files if r.path == path), None)
            if rep is None or rep.prepared is None:
                return ""
            t = rep.table
            pos = int(self.positions(t, [row])[0])
            o = rep.prepared.out.iloc[pos]
            f2c = rep.mapping.field_to_column()
            get = lambda fld: (overrides or {}).get(f2c.get(fld, ""), o.get(fld, ""))  # noqa: E731
            person = f"{get('first_name')} {get('last_name')}".strip()
            return person or str(get("company"))

        keep_name = contact_name(*keep, values)
        drop_name = contact_name(*drop)
        if not keep_name or not drop_name:
            return []
        drop_keys = set(name_keys(drop_name))
        keep_keys = set(name_keys(keep_name))
        if drop_keys & keep_keys:
            return []  # same name: references already point at the survivor
        out: list[CellChanges] = []
        for rep in self.result.files:
            if rep.data_type not in F.DATA_TYPES:
                continue
            for col, fld in rep.mapping.columns.items():
                if F.field_kind(rep.data_type, fld) != F.CONTACT_REF:
                    continue
                s = rep.table.frame[col]
                prefix = rep.profile.client_prefix
                from app.core.columns import map_unique

                hit = map_unique(s, lambda v, pre=prefix: bool(set(name_keys(v, pre)) & drop_keys), dtype=bool).to_numpy()
                if hit.any():
                    rows = rep.table.rows[hit].tolist()
                    old = s[hit].tolist()
                    out.append(CellChanges(rep.path, col, rows, old, [keep_name] * len(rows)))
        return out

    def assign_user(self, value: str, user: str, why: str = "") -> Edit:
        e = Edit(kind="assign_user", why=why, user={"value": value, "user": user, "previous": self.roster.overrides.get(value)},
                 summary=f"'{value}' is Clio user {user}")
        return self._do(e)

    def map_value(self, file: str, fld: str, value: str, target: str, why: str = "") -> Edit:
        s = self.settings.setdefault(file, FileSettings())
        prev = (s.value_maps or {}).get(fld, {}).get(value.strip().lower())
        e = Edit(kind="map_value", why=why, value_map={"file": file, "field": fld, "value": value, "target": target, "previous": prev},
                 summary=f"{fld} '{value}' means '{target}' in {file}")
        return self._do(e)

    def change_setting(self, file: str, key: str, value, why: str = "") -> Edit:
        """key: data_type, date_order, or mapping (a dict header -> field)."""
        s = self.settings.setdefault(file, FileSettings())
        prev = getattr(s, key)
        e = Edit(kind="setting", why=why, setting={"file": file, "key": key, "value": value, "previous": prev},
                 summary=f"{key} of {file} set")
        return self._do(e)

    def undo(self) -> Edit | None:
        if not self.log.done:
            return None
        e = self.log.done.pop()
        self._apply(e, forward=False)
        self.log.undone.append(e)
        return e

    def redo(self) -> Edit | None:
        if not self.log.undone:
            return None
        e = self.log.undone.pop()
        self._apply(e, forward=True)
        self.log.done.append(e)
        return e

    def _do(self, e: Edit) -> Edit:
        self._apply(e, forward=True)
        self.log.push(e)
        return e

    def replay(self, edits: list[Edit]) -> list[str]:
        """Apply saved edits; those whose cells no longer hold the old values are skipped and named."""
        problems: list[str] = []
        for e in edits:
            stale = self._stale(e)
            if stale:
                problems.append(f"{e.summary or e.kind} ({e.when}): no longer applies: {stale}")
                continue
            self._apply(e, forward=True)
            self.log.done.append(e)
        return problems

    def _stale(self, e: Edit) -> str:
        for c in e.cells:
            t = getattr(self, "_by_path", {}).get(c.file)
            if t is None:
                return f"the file {c.file} is no longer there"
            if c.column not in t.frame.columns:
                return f"{c.file} has no column '{c.column}' any more"
            try:
                pos = self.positions(t, c.rows)
            except EditError:
                return f"some rows of {c.file} are not there any more"
            now = t.frame[c.column].iloc[pos].tolist()
            if [str(v) for v in now] != c.old:
                return f"{c.file} has changed: the cells no longer hold the values this edit replaced"
        for x in e.exclude:
            t = getattr(self, "_by_path", {}).get(x.file)
            if t is None or not len(t.rows) or x.row not in set(t.rows.tolist()):
                return f"row {x.row} of {x.file} is not there any more"
        return ""

    def _apply(self, e: Edit, forward: bool) -> None:
        self.dirty = True
        self.__dict__["_excl_cache"] = {}
        for c in e.cells:
            t = self.table(c.file)
            pos = self.positions(t, c.rows)
            vals = c.new if forward else c.old
            j = t.frame.columns.get_loc(c.column)
            t.frame.iloc[pos, j] = vals
        for x in e.exclude:
            key = (x.file, x.row)
            if forward:
                self.excluded[key] = x.reason
            else:
                self.excluded.pop(key, None)
        for x in e.include:
            key = (x.file, x.row)
            if forward:
                self.excluded.pop(key, None)
                self.kept.add(key)
            else:
                self.kept.discard(key)
                if x.reason:
                    self.excluded[key] = x.reason
        if e.user:
            v, u, prev = e.user["value"], e.user["user"], e.user.get("previous")
            target = u if forward else prev
            if target is not None:
                self.roster.overrides[v] = target  # "" means: not a Clio user
            else:
                self.roster.overrides.pop(v, None)
        if e.value_map:
            vm = e.value_map
            s = self.settings.setdefault(vm["file"], FileSettings())
            maps = s.value_maps.setdefault(vm["field"], {})
            target = vm["target"] if forward else vm.get("previous")
            if target:
                maps[vm["value"].strip().lower()] = target
            else:
                maps.pop(vm["value"].strip().lower(), None)
        if e.setting:
            st = e.setting
            s = self.settings.setdefault(st["file"], FileSettings())
            setattr(s, st["key"], st["value"] if forward else st.get("previous"))

    # ----------------------------------------------------------------------------------------

    def exclusions(self, path: str) -> tuple[np.ndarray, np.ndarray]:
        """For one file: a mask over its records of those left out, and the reason of each record
        (object array, '' where kept). Built from arrays, not per-record dictionaries, so it stays
        fast on a million billed entries."""
        cache = self.__dict__.setdefault("_excl_cache", {})
        if path in cache:
            return cache[path]
        cache[path] = self._exclusions(path)
        return cache[path]

    def _exclusions(self, path: str) -> tuple[np.ndarray, np.ndarray]:
        rep = next((r for r in (self.result.files if self.result else []) if r.path == path), None)
        t = rep.table if rep is not None else getattr(self, "_by_path", {}).get(path)
        if t is None:
            return np.zeros(0, dtype=bool), np.zeros(0, dtype=object)
        n = t.records
        mask = np.zeros(n, dtype=bool)
        reasons = filled(n, "")
        p = rep.prepared if rep is not None else None
        if p is not None and p.billed is not None:
            billed = p.billed.to_numpy(dtype=bool).copy()
            kept = [r for f, r in self.kept if f == path]
            if kept:
                billed[np.isin(t.rows, kept)] = False
            mask |= billed
            reasons[billed] = BILLED_REASON
        mine = [(r, why) for (f, r), why in self.excluded.items() if f == path]
        if mine:
            rows = np.array([r for r, _ in mine], dtype=np.int64)
            pos = np.searchsorted(t.rows, rows)
            ok = (pos < n) & (t.rows[np.minimum(pos, max(n - 1, 0))] == rows) if n else np.zeros(len(rows), bool)
            for k in np.flatnonzero(ok):
                mask[pos[k]] = True
                reasons[pos[k]] = mine[k][1]
        return mask, reasons

    def all_excluded(self) -> dict[tuple[str, int], str]:
        out = self.billed_excluded()
        out.update(self.excluded)
        return out
