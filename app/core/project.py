"""The project file: how a firm stops on Friday and carries on on Monday.

One versioned JSON file: the firm profile, the source files (path, size, sha256) with their
reading settings, mappings and value maps, the roster and every edit. Loading it re-reads the
sources and re-applies the edits; a source that changed since is named, and edits that no longer
fit it are listed instead of being applied to the wrong rows.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app import __version__
from app.core.atomic import write_text_atomic
from app.core.edits import Edit
from app.core.engine import FileSettings
from app.core.reader_errors import ReadError
from app.core.roster import Roster, User
from app.core.session import Firm, Session

FORMAT = "clio-prep-project"
VERSION = 1
SUFFIX = ".clioprep"


@dataclass
class LoadReport:
    changed_files: list[str] = field(default_factory=list)  # sources whose content changed
    missing_files: list[str] = field(default_factory=list)
    stale_edits: list[str] = field(default_factory=list)  # edits that no longer apply

    @property
    def clean(self) -> bool:
        return not (self.changed_files or self.missing_files or self.stale_edits)

    def describe(self) -> list[str]:
        out = []
        for f in self.missing_files:
            out.append(f"The export file {f} is missing: put it back where it was, or remove it from the project.")
        for f in self.changed_files:
            out.append(f"The export file {f} has changed since the project was saved.")
        out += self.stale_edits
        return out


def to_dict(session: Session, current_page: str | None = None) -> dict:
    sources = []
    for t in session.tables:
        sources.append({"path": t.path, "origin": os.path.abspath(t.origin), "member": t.member, "size": t.size, "sha256": t.sha256})
    return {
        "format": FORMAT,
        "version": VERSION,
        "tool_version": __version__,
        "firm": asdict(session.firm),
        "inputs": [os.path.abspath(p) for p in session.paths],
        "users_file": os.path.abspath(session.users_file) if session.users_file else None,
        "sources": sources,
        "settings": {k: _settings_json(v) for k, v in session.settings.items()},
        "roster": {"users": [u.to_dict() for u in session.roster.users], "overrides": dict(session.roster.overrides)},
        "edits": [e.to_json() for e in session.log.done],
        "redo": [e.to_json() for e in session.log.undone],
        "page": current_page,
    }


def _settings_json(s: FileSettings) -> dict:
    return {"data_type": s.data_type, "mapping": s.mapping, "date_order": s.date_order, "value_maps": s.value_maps}


def save(session: Session, path: str | os.PathLike, current_page: str | None = None) -> None:
    data = to_dict(session, current_page)
    # Inputs also relative to the project file, so a project moved with its exports still opens.
    base = Path(path).resolve().parent
    data["inputs_relative"] = [os.path.relpath(p, base) for p in data["inputs"]]
    write_text_atomic(path, json.dumps(data, indent=1, ensure_ascii=False))


def read(path: str | os.PathLike) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReadError(f"The project file {path} could not be read ({exc}).") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReadError(f"{path} is not a clio-prep project file.")
    if int(data.get("version", 0)) > VERSION:
        raise ReadError(f"{path} was saved by a newer version of clio-prep ({data.get('tool_version')}). Update clio-prep to open it.")
    return data


def _resolve_inputs(data: dict, project_path: str | os.PathLike) -> list[str]:
    base = Path(project_path).resolve().parent
    out = []
    rel = data.get("inputs_relative") or []
    for i, p in enumerate(data.get("inputs", [])):
        if os.path.exists(p):
            out.append(p)
        elif i < len(rel) and (base / rel[i]).exists():
            out.append(str(base / rel[i]))
        else:
            out.append(p)
    return out


def load(path: str | os.PathLike, progress=None, cancelled=None) -> tuple[Session, LoadReport]:
    data = read(path)
    firm = Firm(**{k: v for k, v in data.get("firm", {}).items() if k in Firm.__dataclass_fields__})
    roster_d = data.get("roster", {})
    roster = Roster([User(**u) for u in roster_d.get("users", [])], dict(roster_d.get("overrides", {})))
    session = Session(_resolve_inputs(data, path), firm, roster)
    session.users_file = data.get("users_file")
    for k, v in data.get("settings", {}).items():
        session.settings[k] = FileSettings(v.get("data_type"), v.get("mapping"), v.get("date_order"), v.get("value_maps") or {})
    session.read(progress, cancelled)
    report = LoadReport()
    report.missing_files = [p for p in session.problems]
    now = {t.path: t.sha256 for t in session.tables}
    for s in data.get("sources", []):
        if s["path"] not in now:
            if not any(s["path"] in m for m in report.missing_files):
                report.missing_files.append(s["path"])
        elif now[s["path"]] != s.get("sha256"):
            report.changed_files.append(s["path"])
    report.stale_edits = session.replay([Edit.from_json(e) for e in data.get("edits", [])])
    session.log.undone = [Edit.from_json(e) for e in data.get("redo", [])] if report.clean else []
    return session, report


def session_for_cli(project_path: str, paths: list[str], source: str | None, region: str | None,
                    users_file: str | None, roster: Roster | None) -> tuple[Session, LoadReport]:
    """The CLI's view of a project: the PATHs given, with the project's decisions and edits,
    so `check --project` and `bundle --project` rebuild exactly what the wizard built."""
    data = read(project_path)
    firm = Firm(**{k: v for k, v in data.get("firm", {}).items() if k in Firm.__dataclass_fields__})
    firm.source = source or firm.source
    firm.region = region or firm.region
    roster_d = data.get("roster", {})
    if roster is None:
        roster = Roster([User(**u) for u in roster_d.get("users", [])])
    roster.overrides.update(roster_d.get("overrides", {}))
    session = Session(paths, firm, roster)
    session.users_file = users_file
    for k, v in data.get("settings", {}).items():
        session.settings[k] = FileSettings(v.get("data_type"), v.get("mapping"), v.get("date_order"), v.get("value_maps") or {})
    session.read()
    report = LoadReport()
    now = {t.path: t.sha256 for t in session.tables}
    for s in data.get("sources", []):
        if s["path"] in now and now[s["path"]] != s.get("sha256"):
            report.changed_files.append(s["path"])
    report.stale_edits = session.replay([Edit.from_json(e) for e in data.get("edits", [])])
    return session, report
