"""The firm's Clio users (the roster) and matching user, initials and attorney values to them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.core.names import fold, name_keys

_FIELD_ALIASES = {
    "first_name": ("first name", "first", "given name", "firstname"),
    "last_name": ("last name", "last", "surname", "family name", "lastname"),
    "email": ("email", "e mail", "email address", "e mail address", "login"),
    "initials": ("initials", "initial", "nickname", "code", "user code", "timekeeper code"),
    "full_name": ("name", "full name", "user", "user name"),
}


@dataclass(frozen=True)
class User:
    first_name: str
    last_name: str
    email: str = ""
    initials: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def to_dict(self) -> dict:
        return {"first_name": self.first_name, "last_name": self.last_name, "email": self.email, "initials": self.initials}


@dataclass
class Roster:
    users: list[User] = field(default_factory=list)
    # Confirmed matches from the People page or the project file: source value -> user full name.
    overrides: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index: dict[str, User] = {}
        self._ambiguous: set[str] = set()
        for u in self.users:
            keys = set(name_keys(u.full_name))
            keys.add(fold(f"{u.last_name}, {u.first_name}"))
            if u.email:
                keys.add(fold(u.email))
                keys.add(fold(u.email.split("@")[0]))
            if u.initials:
                keys.add(fold(u.initials))
            if u.first_name and u.last_name:
                keys.add(fold(f"{u.first_name[0]} {u.last_name}"))
                keys.add(fold(f"{u.first_name[0]}{u.last_name}"))
                keys.add(fold(f"{u.last_name} {u.first_name}"))
            for k in keys:
                if not k:
                    continue
                if k in self._index and self._index[k] is not u:
                    self._ambiguous.add(k)
                self._index[k] = u
        for k in self._ambiguous:
            self._index.pop(k, None)

    def __bool__(self) -> bool:
        return bool(self.users)

    def match(self, value: str) -> User | None:
        """The Clio user a source value stands for, or None."""
        if not isinstance(value, str) or not value.strip():
            return None
        if value in self.overrides:
            name = self.overrides[value]
            return next((u for u in self.users if u.full_name == name), None)
        for k in name_keys(value):
            u = self._index.get(k)
            if u is not None:
                return u
        return None

    def match_many(self, values) -> dict[str, User | None]:
        return {v: self.match(v) for v in values}


def read_roster(path: str | Path) -> Roster:
    """Read a users CSV: first name, last name, email, initials (header names are flexible)."""
    from app.core.reader import read_bytes
    from app.core.reader_errors import ReadError

    p = Path(path)
    tables = read_bytes(p.name, str(p), p.read_bytes())
    t = tables[0]
    if t.error:
        raise ReadError(f"The users file {p.name} could not be read: {t.error}")
    cols: dict[str, str] = {}
    for c in t.columns:
        key = fold(c)
        for fld, aliases in _FIELD_ALIASES.items():
            if key in aliases and fld not in cols:
                cols[fld] = c
    if not ({"first_name", "last_name"} <= cols.keys() or "full_name" in cols):
        raise ReadError(
            f"The users file {p.name} needs columns for first name and last name "
            "(or one 'Name' column), and optionally email and initials."
        )
    users: list[User] = []
    for _, row in t.frame.iterrows():
        first = row[cols["first_name"]].strip() if "first_name" in cols else ""
        last = row[cols["last_name"]].strip() if "last_name" in cols else ""
        if not (first or last) and "full_name" in cols:
            parts = row[cols["full_name"]].split()
            first, last = (parts[0], " ".join(parts[1:])) if len(parts) > 1 else ("", " ".join(parts))
        if not (first or last):
            continue
        users.append(
            User(
                first,
                last,
                row[cols["email"]].strip() if "email" in cols else "",
                row[cols["initials"]].strip() if "initials" in cols else "",
            )
        )
    return Roster(users)
