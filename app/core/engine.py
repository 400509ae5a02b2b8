"""The check, start to end: read every file once, recognise, map, prepare, check.

The CLI and the wizard both call `run_check`, so they give the same findings for the same input.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from app import __version__
from app.core import fields as F
from app.core import values as V
from app.core.detect import Detection, detect_data_type, detect_source
from app.core.findings import Finding, Findings, make
from app.core.mapping import ColumnMapping, map_columns, norm_header
from app.core.prepare import ContactIndex, MatterIndex, Prepared, column_date_evidence, prepare
from app.core.profiles import Profile
from app.core.reader import InputFile, Table, collect_inputs, read_inputs
from app.core.reader_errors import Cancelled
from app.core.roster import Roster, read_roster
from app.core.rules import check, check_formulas, duplicate_contacts

REGION_ORDER = {"us": "mdy", "uk": "dmy", "au": "dmy", "ca": None}


@dataclass
class FileSettings:
    """What the user decided for one file (from the wizard or the project file)."""

    data_type: str | None = None
    mapping: dict[str, str] | None = None  # source header -> field ("" = keep as custom field)
    date_order: str | None = None  # "mdy" / "dmy" for every date column of the file
    value_maps: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {source value (lower): Clio value}


@dataclass
class CheckOptions:
    source: str | None = None
    region: str | None = None
    users: str | None = None
    roster: Roster | None = None
    settings: dict[str, FileSettings] = field(default_factory=dict)
    excluded: set[tuple[str, int]] = field(default_factory=set)  # records the user left out
    # Read files two at a time and check one file while preparing the next: faster on any machine
    # with two cores, but the wizard on a two-core laptop keeps a core for the window (see
    # app/gui/wizard.py), or every click waits behind three busy threads.
    parallel: bool = True


@dataclass
class FileReport:
    table: Table
    data_type: str
    detection: Detection
    mapping: ColumnMapping
    profile: Profile
    prepared: Prepared | None = None

    @property
    def path(self) -> str:
        return self.table.path

    def to_json(self) -> dict:
        t = self.table
        return {
            "path": t.path,
            "data_type": self.data_type,
            "encoding": t.encoding,
            "delimiter": t.delimiter,
            "header_row": t.header_row,
            "rows": t.records,
            "mapping": dict(self.mapping.columns),
            "source_program": self.profile.id,
            "sheet_or_member": t.member,
            "skipped_lines": len(t.skipped),
            "detected_because": self.detection.reason,
        }


@dataclass
class CheckResult:
    files: list[FileReport]
    findings: Findings  # reads like a list of Finding
    source: Profile
    source_reason: str
    roster: Roster
    problems: list[str] = field(default_factory=list)  # paths that do not exist
    complete: bool = True  # False: files and mappings only, the checks are still to run

    _index = None
    analysed_as = None  # a preview: what its files and mappings were worked out from (see check_tables)

    def index(self):
        """The findings laid out for the wizard's questions (built once, on first use)."""
        if self._index is None:
            from app.core.findings import FindingIndex

            self._index = FindingIndex(self.findings)
        return self._index

    def counts(self) -> dict[str, int]:
        return self.findings.severity_counts()

    _users = None

    def user_values(self) -> list[tuple[str, int, list[str]]]:
        """(value, records, where) for every distinct value of a user column (blank included),
        most records first: what the People page lists. Made once per check."""
        if self._users is None:
            counts: dict[str, int] = {}
            where: dict[str, set[str]] = {}
            for rep in self.files:
                if rep.data_type not in F.DATA_TYPES or rep.table.error:
                    continue
                f2c = rep.mapping.field_to_column()
                for fld, kind in F.DATA_TYPES[rep.data_type].fields.items():
                    col = f2c.get(fld)
                    if kind != F.USER or col is None:
                        continue
                    label = f"{F.DATA_TYPES[rep.data_type].label} ({fld.replace('_', ' ')})"
                    # Counted as written, then stripped: a few dozen distinct values to strip,
                    # not a million cells (1M time entries: 50-80 -> ~10 ms).
                    for v, n in rep.table.frame[col].value_counts(dropna=False).items():
                        v = v.strip() if isinstance(v, str) else ""
                        counts[v] = counts.get(v, 0) + int(n)
                        where.setdefault(v, set()).add(label)
            ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))  # most records first, then by name
            self._users = [(v, n, sorted(where[v])) for v, n in ordered]
        return self._users

    def to_json(self) -> dict:
        return {
            "tool": {"name": "clio-prep", "version": __version__},
            "source_program": {"id": self.source.id, "name": self.source.name, "why": self.source_reason},
            "files": [f.to_json() for f in self.files],
            "findings": [f.to_json() for f in self.findings],
            "summary": self.counts(),
        }


ProgressFn = Callable[[float, str], None]


def _noop(_f: float, _m: str) -> None:
    return None


def run_check(
    paths: list[str],
    options: CheckOptions | None = None,
    progress: ProgressFn | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> CheckResult:
    options = options or CheckOptions()
    progress = progress or _noop
    cancelled = is_cancelled or (lambda: False)
    roster = options.roster or (read_roster(options.users) if options.users else Roster())

    inputs, problems = collect_inputs(paths, exclude=[options.users] if options.users else [])
    tables = read_inputs(inputs, lambda f, m: progress(0.6 * f, m), cancelled, threads=2 if options.parallel else 1)
    return check_tables(tables, options, roster, progress, cancelled, problems)


def _analyse(tables: list[Table], options: CheckOptions) -> tuple[Profile, str, list[FileReport]]:
    readable = [t for t in tables if not t.error]
    profile, why = detect_source(readable, options.source)
    reports: list[FileReport] = []
    for t in tables:
        s = options.settings.get(t.path, FileSettings())
        det = detect_data_type(t, profile)
        dtype = s.data_type or det.data_type
        if s.data_type:
            det = Detection(dtype, det.score, "chosen by you", det.not_migratable_reason)
        mapping = map_columns(t.frame, t.columns, dtype, profile) if dtype in F.DATA_TYPES else ColumnMapping(dtype)
        if s.mapping is not None and dtype in F.DATA_TYPES:
            _apply_user_mapping(t, mapping, s.mapping)
        reports.append(FileReport(t, dtype, det, mapping, profile))
    return profile, why, reports


def analyse_tables(tables: list[Table], options: CheckOptions, roster: Roster, problems: list[str] | None = None) -> CheckResult:
    """What each file is and how its columns map, without the checks (a second or so on a
    million rows): enough to show the files, the mapping and the records while the checks run.
    The result says so (`complete` is False) and holds no findings."""
    profile, why, reports = _analyse(tables, options)
    result = CheckResult(reports, Findings([]), profile, why, roster, problems or [], complete=False)
    result.analysed_as = _analysis_inputs(tables, options)
    return result


def _analysis_inputs(tables: list[Table], options: CheckOptions) -> tuple:
    """Everything _analyse() depends on: the very tables, the program chosen, each file's kind
    and mapping as the user set them."""
    return ([id(t) for t in tables], options.source,
            {p: (s.data_type, copy.deepcopy(s.mapping)) for p, s in options.settings.items()})


def check_tables(tables: list[Table], options: CheckOptions, roster: Roster, progress: ProgressFn = _noop,
                 cancelled: Callable[[], bool] = lambda: False, problems: list[str] | None = None,
                 preview: CheckResult | None = None) -> CheckResult:
    if preview is not None and preview.analysed_as is not None and preview.analysed_as == _analysis_inputs(tables, options):
        # The preview of these very files (shown while this runs) already worked out what they
        # are and how they map: not again. Its mappings are copied, as the checks add to them.
        profile, why = preview.source, preview.source_reason
        reports = [FileReport(r.table, r.data_type, r.detection, copy.deepcopy(r.mapping), r.profile) for r in preview.files]
    else:
        profile, why, reports = _analyse(tables, options)

    # Date order the data cannot decide: other files of this export, the program, the region.
    dmy = mdy = 0
    evidence: dict[int, dict[str, tuple[int, int]]] = {}
    for r in reports:
        if r.data_type in F.DATA_TYPES:
            evidence[id(r)] = column_date_evidence(r.table, r.mapping)
            dmy += sum(a for a, _ in evidence[id(r)].values())
            mdy += sum(b for _, b in evidence[id(r)].values())
    run_order = V.decide_order(dmy, mdy)
    if run_order is None and profile.date_order in ("mdy", "dmy"):
        run_order = profile.date_order
    if run_order is None and options.region:
        run_order = REGION_ORDER.get(options.region)

    has = {d: any(r.data_type == d for r in reports) for d in F.DATA_TYPES}
    by_type = sorted((r for r in reports if r.data_type in F.DATA_TYPES), key=lambda r: F.PROCESS_ORDER.index(r.data_type))
    # A file's own checks, and the duplicate-contact search once every contact file is ready, run
    # on a second thread while the next file is prepared: both are mostly Arrow and numpy work
    # outside the interpreter lock, and nothing of a prepared file changes after it is prepared.
    side = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clio-prep-check") if options.parallel else InlineExecutor()
    try:
        contacts = ContactIndex(background=options.parallel)
        matters = MatterIndex(background=options.parallel)
        n = max(len(by_type), 1)
        checked: dict[int, Future] = {}
        dupes: Future | None = None
        for i, r in enumerate(by_type):
            if cancelled():
                raise Cancelled()
            progress(0.6 + 0.3 * i / n, f"Checking {r.path}")
            p = Prepared(r.table, r.data_type, r.detection, r.mapping, r.profile)
            fs = options.settings.get(r.path, FileSettings())
            p.extra_maps = fs.value_maps
            p.date_evidence = evidence.get(id(r))
            order = fs.date_order or run_order
            if fs.mapping is None:
                _sniff_references(r, contacts if has["contacts"] else None, matters if has["matters"] else None, roster)
            keep = _kept(r.table, options.excluded)  # left-out records are not there for others to point at
            p.kept = keep
            if r.data_type == "matters":
                prepare(p, order, roster, contacts if has["contacts"] else None, None)
                matters.add(p.out["custom_number"][keep], p.out["description"][keep])
                for col in _identifier_columns(r):
                    matters.add_identifiers(r.table.frame[col].str.strip()[keep], p.out["custom_number"][keep], p.out["description"][keep])
            elif r.data_type == "contacts":
                prepare(p, order, roster, None, None)
                fn_col = r.mapping.field_to_column().get("full_name")
                contacts.add(p.out["first_name"][keep], p.out["last_name"][keep], p.out["company"][keep],
                             r.table.frame[fn_col][keep] if fn_col else None,
                             folds=lambda p=p, keep=keep: p.contact_name_folds(keep))
            else:
                prepare(p, order, roster, contacts if has["contacts"] else None, matters if has["matters"] else None)
            r.prepared = p
            release_memory()
            checked[id(r)] = side.submit(_file_checks, p, has, roster)
            if r.data_type == "contacts" and (i + 1 == len(by_type) or by_type[i + 1].data_type != "contacts"):
                dupes = side.submit(duplicate_contacts, [q.prepared for q in by_type[: i + 1] if q.data_type == "contacts"], options.excluded)

        parts: list = []
        for r in reports:
            parts += _file_level(r)
            if id(r) in checked:
                parts += checked[id(r)].result()
        if dupes is not None:
            parts += dupes.result()
        release_memory()
        findings = Findings.gather(parts)
        if options.excluded and len(findings):
            findings = findings.take(~_on_excluded(findings, options.excluded))
        findings = findings.sorted()
        progress(1.0, "Done")
        return CheckResult(reports, findings, profile, why, roster, problems or [])
    finally:
        side.shutdown(wait=True, cancel_futures=True)


class InlineExecutor:
    """An executor that runs each task at once on the calling thread (parallel=False)."""

    def submit(self, fn, *args, **kwargs) -> Future:
        done: Future = Future()
        try:
            done.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed over as a thread pool would
            done.set_exception(exc)
        return done

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def _file_checks(p: Prepared, has: dict[str, bool], roster: Roster) -> list:
    parts = check(p, has["contacts"], has["matters"], bool(roster)) + check_formulas(p)
    release_memory()
    return parts


def _share_resolving(values, resolve_many) -> float:
    """Share of a column's distinct non-blank values (up to 2,000) that `resolve_many` recognises."""
    from app.core.columns import distinct

    uniq = [u.strip() for u in distinct(values) if isinstance(u, str) and u.strip()][:2000]
    if len(uniq) < 2:
        return 0.0
    return sum(1 for r in resolve_many(uniq) if r is not None) / len(uniq)


def _sniff_references(r: FileReport, contacts: ContactIndex | None, matters: MatterIndex | None, roster: Roster) -> None:
    """A required reference no header named: an unmapped column whose values are matter numbers,
    contact names or the firm's users is that reference, whatever its header says."""
    t, m = r.table, r.mapping
    fields = F.DATA_TYPES[r.data_type].fields
    f2c = m.field_to_column()
    wanted: list[tuple[str, object]] = []
    if matters is not None and "matter" in fields and "matter" not in f2c and len(matters):  # len() waits for the index
        wanted.append(("matter", matters.resolve_many))
    if contacts is not None and len(contacts) and r.data_type == "matters" and "client" not in f2c and not (
            {"client_first_name", "client_last_name", "client_company_name"} & f2c.keys()):
        wanted.append(("client", contacts.resolve_many))
    if contacts is not None and len(contacts) and r.data_type == "contact_notes" and "contact" not in f2c:
        wanted.append(("contact", contacts.resolve_many))
    if roster:
        for fld, kind in fields.items():
            if kind == F.USER and fld not in f2c and fld in F.DATA_TYPES[r.data_type].required + ("responsible_attorney", "user"):
                wanted.append((fld, lambda vals: [roster.match(v) for v in vals]))
    for fld, resolve in wanted:
        best, best_share = None, 0.6
        for col in t.columns:
            if col in m.columns:
                continue
            share = _share_resolving(t.frame[col], resolve)
            if share > best_share:
                best, best_share = col, share
        if best is not None:
            m.columns[best] = fld
            m.how[best] = "content"
    m.columns = {c: m.columns[c] for c in t.columns if c in m.columns}


def _trim():
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (Windows, macOS): their allocators return memory themselves
        return None


_MALLOC_TRIM = _trim()


def release_memory() -> None:
    """Hand freed memory back to the system between big steps: glibc keeps freed blocks of a
    million-row step mapped, and the next step's peak would stand on top of them."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _on_excluded(findings: Findings, excluded: set[tuple[str, int]]) -> np.ndarray:
    """Which findings are on a record the user left out (file-level ones never are)."""
    by_file: dict[str, list[int]] = {}
    for f, r in excluded:
        by_file.setdefault(f, []).append(r)
    files, rows = findings.files, findings.rows
    hit = np.zeros(len(findings), dtype=bool)
    for path, gone in by_file.items():
        here = files == path
        hit |= here & np.isin(rows, gone)
    return hit & (rows >= 0)


def _kept(t: Table, excluded: set[tuple[str, int]]):
    import numpy as np

    if not excluded:
        return np.ones(t.records, dtype=bool)
    rows = {r for f, r in excluded if f == t.path}
    return ~np.isin(t.rows, list(rows)) if rows else np.ones(t.records, dtype=bool)


_ID_HEADER_RE = re.compile(r"\b(number|no|num|id|code|display|ref|reference|key)\b")


def _identifier_columns(r: FileReport) -> list[str]:
    """Unmapped matter columns that identify the matter (unique ID, display number, file no.)."""
    out = []
    for col in r.table.columns:
        if col in r.mapping.columns:
            continue
        h = norm_header(col)
        if _ID_HEADER_RE.search(h) and not re.search(r"client|contact|phone|invoice|bill", h):
            out.append(col)
    return out


def _apply_user_mapping(t: Table, mapping: ColumnMapping, chosen: dict[str, str]) -> None:
    for col, fld in chosen.items():
        if col not in t.columns:
            continue
        # A field takes one column: the user's choice replaces the guess.
        for other, f in list(mapping.columns.items()):
            if (f == fld and other != col) or other == col:
                mapping.columns.pop(other)
                mapping.how.pop(other, None)
        if fld:
            mapping.columns[col] = fld
            mapping.how[col] = "user"
    mapping.columns = {c: mapping.columns[c] for c in t.columns if c in mapping.columns}


def _file_level(r: FileReport) -> list[Finding]:
    t = r.table
    out: list[Finding] = []
    if t.error:
        out.append(make("FILE_UNREADABLE", t.path, None, None, t.error))
        return out
    if r.data_type == F.NOT_MIGRATABLE:
        out.append(make("FILE_NOT_MIGRATABLE", t.path, None, None,
                        r.detection.not_migratable_reason or "Clio cannot migrate this kind of file."))
    elif r.data_type == F.UNKNOWN:
        out.append(make("FILE_UNKNOWN_TYPE", t.path, None, None,
                        "What this file holds could not be recognised from its columns or name. Choose its kind of records "
                        "on the Files page (contacts, matters, time entries...), or leave it out if it is not needed."))
    if t.skipped:
        kinds: dict[str, int] = {}
        for s in t.skipped:
            kinds[s.reason] = kinds.get(s.reason, 0) + 1
        text = ", ".join(f"{v} {_plural(k) if v > 1 else k}" for k, v in kinds.items())
        rows = ", ".join(str(s.row) for s in t.skipped[:12]) + (" ..." if len(t.skipped) > 12 else "")
        out.append(make("LINES_SKIPPED", t.path, None, None,
                        f"{len(t.skipped)} line(s) are not records and were left out of the data: {text} (rows {rows}). "
                        "They are kept in the original file in the bundle."))
    for row in t.ragged_rows[:1000]:
        out.append(make("ROW_EXTRA_CELLS", t.path, row, None,
                        "This row has more cells than the header has columns, so its values may have shifted (often an unquoted comma). "
                        "The extra cells are kept in extra columns; check the record against the original."))
    for row in t.damaged_rows[:1000]:
        out.append(make("ROW_BAD_CHARACTERS", t.path, row, None,
                        "This row holds bytes that are not UTF-8 text, although the rest of the file is (often text pasted in "
                        "from another program, or a file cut short). They were read as the most likely characters ('\ufffd' "
                        "where none fits): check this record against the original and correct it if it is wrong."))
    return out


def _plural(reason: str) -> str:
    """'title line above the table' -> 'title lines above the table'."""
    for word in ("line", "header", "footer"):
        if f"{word} " in reason + " ":
            return (reason + " ").replace(f"{word} ", f"{word}s ", 1).rstrip()
    return reason



__all__ = ["run_check", "check_tables", "analyse_tables", "CheckOptions", "CheckResult", "FileReport", "FileSettings", "Cancelled", "InputFile"]
