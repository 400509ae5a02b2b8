"""Source-program profiles (data in resources/profiles/) and the generic alias table."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from app.core.fields import DATA_TYPES
from app.core.resources import resource_path


@dataclass
class Profile:
    id: str
    name: str
    aka: list[str] = field(default_factory=list)
    export_notes: str = ""
    date_order: str = "locale"
    two_digit_years: bool = False
    money: dict = field(default_factory=dict)
    user_reference: str = "mixed"
    matter_reference: str = "number_or_name"
    client_prefix_regex: str | None = None
    filename_hints: dict[str, list[str]] = field(default_factory=dict)
    signature_headers: list[str] = field(default_factory=list)
    aliases: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    value_maps: dict[str, dict[str, str]] = field(default_factory=dict)
    not_migratable: list[dict] = field(default_factory=list)
    expected_exports: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @property
    def client_prefix(self) -> re.Pattern | None:
        return re.compile(self.client_prefix_regex) if self.client_prefix_regex else None

    def value_map(self, data_type: str, fld: str) -> dict[str, str]:
        return {k.lower(): v for k, v in self.value_maps.get(f"{data_type}.{fld}", {}).items()}


GENERIC_ID = "spreadsheet"


@lru_cache(maxsize=1)
def load_profiles() -> dict[str, Profile]:
    out: dict[str, Profile] = {}
    folder = resource_path("profiles")
    for p in sorted(folder.glob("*.json")):
        data = json.loads(p.read_text(encoding="utf-8"))
        known = {k: v for k, v in data.items() if k in Profile.__dataclass_fields__}
        prof = Profile(**known)
        out[prof.id] = prof
    if GENERIC_ID not in out:
        out[GENERIC_ID] = Profile(GENERIC_ID, "Spreadsheet / other program")
    return out


def get_profile(pid: str | None) -> Profile:
    profiles = load_profiles()
    if pid and pid in profiles:
        return profiles[pid]
    return profiles[GENERIC_ID]


def find_profile(name: str) -> Profile | None:
    """A profile by id, name or alternative name, in any case ('PracticePanther', 'mycase')."""
    key = re.sub(r"[^a-z0-9]", "", name.lower())
    for p in load_profiles().values():
        for cand in (p.id, p.name, *p.aka):
            if re.sub(r"[^a-z0-9]", "", cand.lower()) == key:
                return p
    return None


@lru_cache(maxsize=1)
def generic_aliases() -> dict[str, dict[str, list[str]]]:
    data = json.loads(resource_path("aliases.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if k in DATA_TYPES}
