"""The submission bundle (SPEC section 5): one ZIP that Clio's migration specialist can trust.

Every record is accounted for (rows_in = rows_out + rows_excluded per source file), every
source column is mapped or kept, the originals travel byte for byte, and `verify` re-checks the
sha256 of every file and the row accounting.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import json
import os
import queue
import re
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from app import __version__
from app.core import fields as F
from app.core.checklist import review_checklist
from app.core.columns import filled
from app.core.csvout import csv_chunks, frame_chunks, rows_chunks
from app.core.findings import CODES, Findings
from app.core.report import render_report
from app.core.session import Session

FORMAT = "clio-prep-bundle"
FORMAT_VERSION = 1

ProgressFn = Callable[[float, str], None]


class BundleError(Exception):
    """The bundle could not be written or read: the message says why, in plain words."""






def rows_csv(header: list[str], rows) -> bytes:
    return b"".join(rows_chunks(header, rows))


def findings_chunks(findings: Findings) -> Iterator[bytes]:
    """findings.csv from the findings' columns, never one object per finding."""
    rows = findings.rows
    row_text = np.where(rows >= 0, rows.astype(str), "")
    return csv_chunks(["code", "severity", "file", "row", "column", "message"],
                      [findings.codes, findings.severities, findings.files, row_text, findings.columns, findings.messages])


@dataclass
class SourceAccount:
    path: str
    data_type: str
    sha256: str
    size: int
    rows_in: int
    rows_out: int
    rows_excluded: int


@dataclass
class BundlePlan:
    """What goes into the bundle, computed before anything is written."""

    members: dict[str, bytes] = field(default_factory=dict)
    accounts: list[SourceAccount] = field(default_factory=list)
    outputs: dict[str, pd.DataFrame] = field(default_factory=dict)  # data type -> clio rows
    open_findings: Findings = field(default_factory=lambda: Findings([]))  # findings on records that go to Clio


def accounting(session: Session) -> dict[str, dict[str, int]]:
    """Per data type: records in, going to Clio, left out, and open blockers and warnings."""
    if session.result is None or session.dirty:
        session.check()
    assert session.result is not None
    out: dict[str, dict[str, int]] = {}
    masks: dict[str, tuple] = {}
    for rep in session.result.files:
        d = out.setdefault(rep.data_type, {"in": 0, "out": 0, "excluded": 0, "blocker": 0, "warning": 0})
        n = rep.table.records
        if rep.prepared is None:
            x = n
        else:
            mask, _reasons = session.exclusions(rep.path)
            masks[rep.path] = (rep.table.rows, mask)
            x = int(mask.sum())
        d["in"] += n
        d["excluded"] += x
        d["out"] += n - x
    types = {r.path: r.data_type for r in session.result.files}
    still = _open(session.result, masks)
    if len(still):
        files, sevs = still.files, still.severities
        for path in set(files.tolist()):
            t = types.get(path)
            if t in out:
                for sev in ("blocker", "warning"):
                    out[t][sev] += int(((files == path) & (sevs == sev)).sum())
    return out


def _open(result, masks: dict[str, tuple]) -> Findings:
    """Findings on records that go to Clio (and file-level ones), decided file by file with arrays."""
    index = result.index()
    drop = np.zeros(len(index.findings), dtype=bool)
    for path, (rows, mask) in masks.items():
        if not mask.any() or path not in index.spans:
            continue
        lo, hi = index.spans[path]
        frows = index.rows[lo:hi]
        pos = np.clip(np.searchsorted(rows, frows), 0, max(len(rows) - 1, 0))
        hit = (frows >= 0) & (rows[pos] == frows) & mask[pos] if len(rows) else np.zeros(hi - lo, bool)
        drop[lo:hi] = hit
    return index.findings.take(~drop)


def plan_bundle(session: Session, progress: ProgressFn | None = None) -> BundlePlan:
    progress = progress or (lambda f, m: None)
    if session.result is None or session.dirty:
        session.check()
    result = session.result
    assert result is not None
    plan = BundlePlan()
    masks: dict[str, tuple] = {}
    by_type: dict[str, list[pd.DataFrame]] = {}
    custom: dict[str, list[pd.DataFrame]] = {}
    excluded: list[tuple[str, np.ndarray, np.ndarray]] = []  # (file, rows, reasons): columns, not a list per record

    for i, rep in enumerate(result.files):
        progress(0.1 + 0.5 * i / max(len(result.files), 1), f"Preparing {rep.path}")
        t = rep.table
        n = t.records
        if rep.prepared is None:
            reason = {
                F.NOT_MIGRATABLE: "file Clio cannot migrate (" + rep.detection.reason.replace("looks like ", "") + ")",
                F.UNKNOWN: "file not recognised: choose its kind of records to include it",
            }.get(rep.data_type, "file could not be read")
            excluded.append((t.path, t.rows, filled(n, reason)))
            plan.accounts.append(SourceAccount(t.path, rep.data_type, t.sha256, t.size, n, 0, n))
            continue
        out = rep.prepared.out
        gone, reasons = session.exclusions(t.path)
        masks[t.path] = (t.rows, gone)
        keep = ~gone
        if gone.any():
            excluded.append((t.path, t.rows[gone], reasons[gone]))
        # A new frame, numbered afresh in place rather than copied again. With nothing left out
        # it shares the prepared columns (a shallow copy: columns added to it are its own).
        kept = out[keep] if gone.any() else out.copy(deep=False)
        kept.index = pd.RangeIndex(len(kept))
        kept.insert(0, "_source_row", t.rows[keep])
        kept.insert(0, "_source_file", t.path)
        by_type.setdefault(rep.data_type, []).append(kept)
        unmapped = [c for c in t.columns if c not in rep.mapping.columns]
        if unmapped:
            extra = t.frame.loc[keep, unmapped] if gone.any() else t.frame[unmapped].copy(deep=False)
            extra.insert(0, "source_row", t.rows[keep])
            extra.insert(0, "source_file", t.path)
            custom.setdefault(rep.data_type, []).append(extra)
        plan.accounts.append(SourceAccount(t.path, rep.data_type, t.sha256, t.size, n, int(keep.sum()), int(n - keep.sum())))

    for dtype in F.PROCESS_ORDER:
        if dtype not in by_type:
            continue
        parts = [f for f in by_type[dtype] if len(f)] or by_type[dtype][:1]
        frame = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
        plan.outputs[dtype] = frame
        cols = list(F.DATA_TYPES[dtype].output)  # the columns themselves: frame[cols] would copy them all
        plan.members[f"clio/{dtype}.csv"] = lambda frame=frame, cols=cols: csv_chunks(cols, [frame[c] for c in cols])
        if dtype in custom:
            cparts = [f for f in custom[dtype] if len(f)] or custom[dtype][:1]
            cf = cparts[0] if len(cparts) == 1 else pd.concat(cparts, ignore_index=True)
            plan.members[f"custom_fields/{dtype}.csv"] = lambda cf=cf: frame_chunks(cf)

    progress(0.65, "Writing the records left out and the edits")
    plan.members["excluded.csv"] = lambda: csv_chunks(
        ["file", "row", "reason"],
        [np.concatenate([filled(len(r), f) for f, r, _ in excluded]) if excluded else [],
         np.concatenate([r for _, r, _ in excluded]) if excluded else [],
         np.concatenate([x for _, _, x in excluded]) if excluded else []])
    changes: list[list] = []
    for e in session.log.done:
        for c in e.cells:
            for r, o, nv in zip(c.rows, c.old, c.new):
                changes.append([c.file, r, c.column, o, nv, e.when, e.why or e.summary])
        if e.user:
            changes.append(["(all files)", "", "user", e.user["value"], e.user["user"], e.when, e.why or e.summary])
        if e.value_map:
            vm = e.value_map
            changes.append([vm["file"], "", vm["field"], vm["value"], vm["target"], e.when, e.why or e.summary])
    plan.members["changes.csv"] = rows_csv(["file", "row", "column", "old_value", "new_value", "when", "why"], changes)
    open_findings = _open(result, masks)
    plan.open_findings = open_findings
    plan.members["findings.csv"] = lambda: findings_chunks(open_findings)
    plan.members["mapping.json"] = json.dumps(_mapping_json(session), indent=2, ensure_ascii=False).encode("utf-8")
    checklist = review_checklist(plan.outputs, session.firm.cutoff)
    plan.members["review_checklist.csv"] = rows_csv(["data_type", "what_to_check", "source_file", "source_row", "record", "details", "checked_in_clio"],
                                                    [[c.data_type, c.what, c.file, c.row, c.record, c.details, ""] for c in checklist])
    progress(0.75, "Writing the report")
    plan.members["report.html"] = render_report(session, plan, checklist).encode("utf-8")
    plan.members["README.txt"] = readme_text(session, plan).encode("utf-8")
    sums = {t.origin: t.input_sha256 for t in session.tables}
    for origin, name in _originals(session):
        if not os.path.isfile(origin):
            raise BundleError(f"The original export {name} could not be read again (it is not there any more). "
                              "Is it still there? Put it back, or check the files again.")
        plan.members[f"source/{name}"] = lambda origin=origin, name=name: _original_chunks(origin, name, sums.get(origin))
    return plan


def _original_chunks(origin: str, name: str, expected_sha: str | None) -> Iterator[bytes]:
    """An original export, byte for byte, checked against what was read (the file must not have
    changed since the check, or the bundle would not match its findings)."""
    h = hashlib.sha256()
    try:
        with open(origin, "rb") as fh:
            while chunk := fh.read(4 << 20):
                h.update(chunk)
                yield chunk
    except OSError as exc:
        raise BundleError(f"The original export {name} could not be read again ({exc.strerror or exc}). "
                          "Is it still there? Put it back, or check the files again.") from exc
    if expected_sha and h.hexdigest() != expected_sha:
        raise BundleError(f"The export file {name} has changed since it was checked. Check the files again "
                          "(the wizard's Files page, or run the command again) so the bundle matches what is in it.")


def _originals(session: Session) -> list[tuple[str, str]]:
    """Each original file once (a ZIP once, not per member), named as the user gave it."""
    seen: dict[str, str] = {}
    for t in session.tables:
        if t.origin not in seen:
            name = (t.input_path or Path(t.origin).name).replace("\\", "/")
            if os.path.isabs(name) or re.match(r"^[A-Za-z]:/", name):
                name = Path(t.origin).name
            parts = [p for p in name.split("/") if p not in ("", ".", "..")]
            seen[t.origin] = "/".join(parts) or Path(t.origin).name
    return list(seen.items())


def _mapping_json(session: Session) -> dict:
    assert session.result is not None
    out = {}
    for r in session.result.files:
        t = r.table
        s = session.settings.get(t.path)
        out[t.path] = {
            "data_type": r.data_type,
            "source_program": r.profile.id,
            "encoding": t.encoding,
            "delimiter": t.delimiter,
            "header_row": t.header_row,
            "records": t.records,
            "columns": dict(r.mapping.columns),
            "kept_as_custom_fields": [c for c in t.columns if c not in r.mapping.columns],
            "inverted_flags": sorted(r.mapping.invert),
            "value_maps": (s.value_maps if s else {}) or {},
            "date_order": {c: o for c, o in (r.prepared.date_orders.items() if r.prepared else [])},
            "lines_left_out": [{"row": x.row, "reason": x.reason} for x in t.skipped],
        }
    return out


def readme_text(session: Session, plan: BundlePlan) -> str:
    firm = session.firm.name or "the firm"
    src = session.result.source.name if session.result else "the previous program"
    lines = [
        f"Migration bundle for {firm}",
        f"Made by clio-prep {__version__} on {_dt.date.today().isoformat()} from {src} exports.",
        "",
        "WHAT IS INSIDE",
        "  clio/            one CSV per kind of record, in Clio's import format (UTF-8, dates MM/DD/YYYY,",
        "                   hours as decimals, amounts without currency signs).",
        "  custom_fields/   source columns that have no Clio field, kept so that nothing is lost.",
        "  source/          the original export files, exactly as they were.",
        "  report.html      the validation report: open it in any web browser.",
        "  findings.csv     every problem still open (blockers will not import as they are).",
        "  changes.csv      every correction made, with the old and new value.",
        "  excluded.csv     every record left out, with the reason.",
        "  mapping.json     how each file was read and which column went to which Clio field.",
        "  review_checklist.csv  records to look up in Clio after the import.",
        "  manifest.json    checksums of every file and the record counts (clio-prep verify checks them).",
        "",
        "NEXT STEPS",
        "  1. Give this file to your Clio migration specialist (send the password separately, if you set one).",
        "  2. Keep the export cut-off: after exporting, enter new work only in one place and keep a list of it.",
        "     Do not turn on calendar or contact syncs or other integrations until the migration is complete.",
        "  3. During the transition, record new time and notes against a placeholder matter",
        "     (for example 'Transition - to be reallocated') and move them once the data is in Clio.",
        "  4. Within three business days after the import, check the records in review_checklist.csv in Clio",
        "     and tell the specialist about anything that is missing or wrong.",
        "",
        "RECORD COUNTS",
    ]
    for a in plan.accounts:
        lines.append(f"  {a.path}: {a.rows_in} in, {a.rows_out} in the bundle, {a.rows_excluded} left out ({a.data_type})")
    blockers = plan.open_findings.severity_counts()["blocker"]
    lines += ["", f"Open blockers: {blockers} (see findings.csv)." if blockers else "No open blockers."]
    return "\r\n".join(lines) + "\r\n"


def build_bundle(session: Session, out_path: str | os.PathLike, password: str | None = None, progress: ProgressFn | None = None) -> dict:
    """Write the bundle atomically. Returns the manifest."""
    progress = progress or (lambda f, m: None)
    inputs = {os.path.realpath(t.origin) for t in session.tables} | ({os.path.realpath(session.users_file)} if session.users_file else set())
    if os.path.realpath(out_path) in inputs:
        raise BundleError(f"{Path(out_path).name} is one of the export files; the bundle would replace it. Choose another name.")
    plan = plan_bundle(session, progress)
    box: dict = {}

    def manifest(sums: dict[str, tuple[str, int]]) -> bytes:
        box["manifest"] = _manifest(session, plan, sums)
        return json.dumps(box["manifest"], indent=2, ensure_ascii=False).encode("utf-8")

    _write_zip_atomic(Path(out_path), plan.members, password, manifest,
                      lambda f, name: progress(0.8 + 0.2 * f, f"Writing {name}"))
    progress(1.0, "Bundle written")
    return box["manifest"]


def _manifest(session: Session, plan: BundlePlan, sums: dict[str, tuple[str, int]]) -> dict:
    result = session.result
    assert result is not None
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tool": {"name": "clio-prep", "version": __version__},
        "created": _dt.datetime.now().astimezone().replace(microsecond=0).isoformat(),
        "firm": {"name": session.firm.name, "region": session.firm.region, "cutoff": session.firm.cutoff},
        "source_program": {"id": result.source.id, "name": result.source.name},
        "files": [{"name": n, "sha256": sha, "size": size} for n, (sha, size) in sorted(sums.items())],
        "sources": [a.__dict__ for a in plan.accounts],
        "outputs": {dt: int(len(df)) for dt, df in plan.outputs.items()},
        "open_findings": plan.open_findings.severity_counts(),
    }


def _write_zip_atomic(target: Path, members: dict, password: str | None, last: Callable[[dict], bytes] | None = None,
                      progress: Callable[[float, str], None] | None = None) -> None:
    """Write members (bytes, or a function giving the bytes piece by piece) into a ZIP under a
    temporary name, then put it in place in one step: a crash leaves no half bundle. The sha256
    and size of every member are taken as it is written; `last(sums)` gives manifest.json."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise BundleError(f"The folder {folder} does not exist. Choose another place for the bundle.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise BundleError(f"clio-prep cannot write in {folder} ({exc.strerror or exc}). Choose a folder you may write to.") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            if password:
                import pyzipper

                zf = pyzipper.AESZipFile(fh, "w", compression=pyzipper.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL, encryption=pyzipper.WZ_AES)
                zf.setpassword(password.encode("utf-8"))
                zf.setencryption(pyzipper.WZ_AES, nbits=256)
            else:
                zf = zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL)
            with zf:
                sums: dict[str, tuple[str, int]] = {}
                items = list(members.items())
                # Each member made on its own thread, the next one already started while this one
                # is compressed and written: making CSV is the slow side, and two makers keep both
                # cores busy while the writer waits.
                makers: dict[int, _Prefetch] = {}

                def start(k: int) -> None:
                    if k < len(items) and k not in makers and not isinstance(items[k][1], (bytes, bytearray)):
                        makers[k] = _Prefetch(items[k][1])
                try:
                    for i, (name, member) in enumerate(items):
                        if progress:
                            progress(i / max(len(items), 1), name)
                        start(i)
                        start(i + 1)
                        sums[name] = _write_member(zf, name, makers.pop(i) if i in makers else member)
                finally:
                    for m in makers.values():
                        m.close()
                if last is not None:
                    _write_member(zf, "manifest.json", last(sums))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise BundleError(f"The bundle could not be written ({exc.strerror or exc}). Nothing was left half-written; "
                              "check the free space and try again.") from exc
        raise


COMPRESS_LEVEL = 1  # deflate's fastest level: 3x faster than the default, files ~30% larger


def _fast_deflate():
    """Intel's ISA-L deflate (the isal package): standard deflate data, 3.5x faster than zlib's
    fastest level and as small (131 MB of time entries: 0.32 s against 1.12 s, 28.7 against
    29.9 MB). Without it (a platform with no wheel), zlib."""
    global _NO_FAST_DEFLATE
    try:
        from isal import isal_zlib
    except ImportError as exc:  # pragma: no cover - isal ships wheels for every platform we build
        _NO_FAST_DEFLATE = f"{type(exc).__name__}: {exc}"
        return None
    return lambda: isal_zlib.compressobj(2, isal_zlib.DEFLATED, -15)


_NO_FAST_DEFLATE = ""
_FAST_DEFLATE = _fast_deflate()


def fast_deflate_available() -> tuple[bool, str]:
    """Whether bundles are compressed with ISA-L, and if not why (the self-test says so)."""
    return _FAST_DEFLATE is not None, _NO_FAST_DEFLATE


def _use_fast_deflate(w) -> None:
    """Give a member being written (zipfile's or pyzipper's writer, which compress through
    `_compressor` and then encrypt) the faster compressor, before anything is written."""
    if _FAST_DEFLATE is not None and getattr(w, "_compressor", None) is not None and w._zinfo.compress_type == zipfile.ZIP_DEFLATED:
        w._compressor = _FAST_DEFLATE()


def _write_member(zf, name: str, member) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    if isinstance(member, (bytes, bytearray)):
        pieces: Iterable[bytes] = [member]
    else:
        pieces = member if isinstance(member, _Prefetch) else _Prefetch(member)
    try:
        with zf.open(name, "w", force_zip64=True) as w:
            _use_fast_deflate(w)
            for piece in pieces:
                h.update(piece)
                size += len(piece)
                w.write(piece)
    finally:
        if isinstance(pieces, _Prefetch):
            pieces.close()
    return h.hexdigest(), size


class _Prefetch:
    """A member's pieces made on a thread of their own from the moment this is created, a few
    pieces ahead of the writer (Arrow and zlib both let go of the interpreter lock, so making and
    compressing run on two cores at once). Iterate once; close() stops the maker early."""

    def __init__(self, make: Callable[[], Iterable[bytes]], depth: int = 2) -> None:
        self._q: queue.Queue = queue.Queue(maxsize=depth)
        self._done = object()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(make,), name="bundle-member", daemon=True)
        self._thread.start()

    def _run(self, make) -> None:
        try:
            for piece in make():
                if self._stop.is_set():
                    return
                while True:  # a bounded queue, but never deaf to the stop sign
                    try:
                        self._q.put(piece, timeout=0.05)
                        break
                    except queue.Full:
                        if self._stop.is_set():
                            return
            self._q.put(self._done)
        except BaseException as exc:  # handed to the writing thread, which raises it
            self._q.put(exc)

    def __iter__(self) -> Iterator[bytes]:
        while True:
            item = self._q.get()
            if item is self._done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def close(self) -> None:
        self._stop.set()
        while self._thread.is_alive():
            try:
                self._q.get_nowait()
            except queue.Empty:
                self._thread.join(0.05)


# --------------------------------------------------------------------------------------------
# Verifying


@dataclass
class Verdict:
    ok: bool
    problems: list[str]
    checked_files: int
    sources: int

    def text(self) -> str:
        if self.ok:
            return (f"VERIFIED: all {self.checked_files} files match their checksums and every record of the "
                    f"{self.sources} source files is accounted for (in the bundle or listed as left out).")
        return "NOT VERIFIED:\n" + "\n".join(f"  - {p}" for p in self.problems)


def verify_bundle(path: str | os.PathLike, password: str | None = None) -> Verdict:
    problems: list[str] = []
    try:
        import pyzipper

        zf = pyzipper.AESZipFile(path)
        if password:
            zf.setpassword(password.encode("utf-8"))
    except FileNotFoundError:
        return Verdict(False, [f"There is no file {path}."], 0, 0)
    except (zipfile.BadZipFile, pyzipper.BadZipFile, OSError) as exc:
        return Verdict(False, [f"{path} is not a readable ZIP file ({exc})."], 0, 0)
    with zf:
        names = set(zf.namelist())
        try:
            manifest = json.loads(zf.read("manifest.json"))
        except KeyError:
            return Verdict(False, ["The bundle has no manifest.json: it was not made by clio-prep, or it is damaged."], 0, 0)
        except RuntimeError as exc:
            msg = "The bundle is password-protected: give the password (--password-env VAR)." if not password else "The password is wrong."
            return Verdict(False, [msg + f" ({exc})"], 0, 0)
        if manifest.get("format") != FORMAT:
            problems.append("manifest.json is not a clio-prep bundle manifest.")
        listed = {f["name"]: f for f in manifest.get("files", [])}
        for name, entry in listed.items():
            if name not in names:
                problems.append(f"{name} is listed in the manifest but missing from the bundle.")
                continue
            try:
                data = zf.read(name)
            except RuntimeError:
                problems.append("The password is wrong." if password else "The bundle is password-protected: give the password.")
                break
            if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
                problems.append(f"{name} has been changed since the bundle was made (checksum differs).")
        for name in sorted(names - set(listed) - {"manifest.json"}):
            problems.append(f"{name} is in the bundle but not in the manifest.")
        total_excluded = 0
        for s in manifest.get("sources", []):
            if s["rows_in"] != s["rows_out"] + s["rows_excluded"]:
                problems.append(f"{s['path']}: {s['rows_in']} records in, but {s['rows_out']} out + {s['rows_excluded']} left out.")
            total_excluded += s["rows_excluded"]
        if not problems:
            out_by_type: dict[str, int] = {}
            for s in manifest.get("sources", []):
                out_by_type[s["data_type"]] = out_by_type.get(s["data_type"], 0) + s["rows_out"]
            for dt, n in out_by_type.items():
                if dt not in F.DATA_TYPES:
                    continue
                name = f"clio/{dt}.csv"
                if name not in names:
                    if n:
                        problems.append(f"{name} is missing although {n} records should be in it.")
                    continue
                got = _count_csv_records(zf.read(name))
                if got != n:
                    problems.append(f"{name} holds {got} records, the manifest says {n}.")
            if "excluded.csv" in names:
                got = _count_csv_records(zf.read("excluded.csv"))
                if got != total_excluded:
                    problems.append(f"excluded.csv lists {got} records, the manifest says {total_excluded}.")
    return Verdict(not problems, problems, len(listed), len(manifest.get("sources", [])))


def _count_csv_records(data: bytes) -> int:
    text = data.decode("utf-8-sig")
    return max(sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1, 0)


def finding_title(code: str) -> str:
    return CODES.get(code, ("", code))[1]
