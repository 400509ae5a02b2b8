"""Where clio-prep keeps its own files on this computer (never the firm's exports)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir


def data_dir() -> Path:
    override = os.environ.get("CLIO_PREP_DATA_DIR")  # tests and portable installs
    p = Path(override) if override else Path(user_data_dir("clio-prep", "clio-prep"))
    p.mkdir(parents=True, exist_ok=True)
    return p


def autosave_path() -> Path:
    return data_dir() / "autosave.clioprep"


def saved_mappings_dir() -> Path:
    p = data_dir() / "mappings"
    p.mkdir(parents=True, exist_ok=True)
    return p
