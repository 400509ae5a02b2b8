"""Mappings the user confirmed, saved per source program and reused next time.

Stored as {data_type: {normalised header: field}} in the user's data folder; applied to a
file when all of its saved headers are present.
"""

from __future__ import annotations

import json

from app.core.atomic import write_text_atomic
from app.core.mapping import norm_header
from app.core.userdirs import saved_mappings_dir


def _path(profile_id: str):
    return saved_mappings_dir() / f"{profile_id or 'spreadsheet'}.json"


def load(profile_id: str) -> dict[str, dict[str, str]]:
    p = _path(profile_id)
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def save(profile_id: str, data_type: str, mapping: dict[str, str]) -> None:
    data = load(profile_id)
    data[data_type] = {norm_header(h): f for h, f in mapping.items()}
    write_text_atomic(_path(profile_id), json.dumps(data, indent=1, ensure_ascii=False))


def for_columns(profile_id: str, data_type: str, columns: list[str]) -> dict[str, str] | None:
    saved = load(profile_id).get(data_type)
    if not saved:
        return None
    by_norm = {norm_header(c): c for c in columns}
    if not set(saved) <= set(by_norm):
        return None
    return {by_norm[h]: f for h, f in saved.items()}
