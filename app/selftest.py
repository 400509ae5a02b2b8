"""`clio-prep --self-test`: is this installation complete and working?

Imports everything, resolves every resource, checks that a usable font exists, builds the wizard
offscreen, runs the demo data through the engine to a bundle in a temporary folder and verifies
it, prints versions, and exits 0. Any problem exits 1 with a clear message.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import platform
import sys
import tempfile
import time
from pathlib import Path


def _step(name: str, fn) -> str | None:
    t = time.perf_counter()
    try:
        detail = fn() or ""
    except BaseException as exc:  # noqa: BLE001 - every failure becomes a clear line
        print(f"FAIL  {name}: {type(exc).__name__}: {exc}")
        return f"{name}: {exc}"
    print(f"ok    {name} ({time.perf_counter() - t:.2f} s){': ' + detail if detail else ''}")
    return None


def _imports() -> str:
    import app

    names = []
    for mod in pkgutil.walk_packages(app.__path__, "app."):
        importlib.import_module(mod.name)
        names.append(mod.name)
    return f"{len(names)} modules"


def _resources() -> str:
    from app.core.profiles import generic_aliases, load_profiles
    from app.core.resources import resource_path

    profiles = load_profiles()
    if len(profiles) < 12:
        raise RuntimeError(f"only {len(profiles)} source profiles found in {resource_path('profiles')}")
    if not generic_aliases():
        raise RuntimeError("resources/aliases.json is empty or missing")
    for p in resource_path("profiles").glob("*.json"):
        json.loads(p.read_text(encoding="utf-8"))
    demo = resource_path("demo")
    csvs = list(demo.glob("*.csv"))
    if not csvs:
        raise RuntimeError(f"the demo data set is missing ({demo})")
    icon = resource_path("icons", "clio-prep.png")
    if not icon.exists():
        raise RuntimeError(f"the application icon is missing ({icon})")
    return f"{len(profiles)} profiles, {len(csvs)} demo files"


def _gui() -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    families = QFontDatabase.families()
    if not families:
        raise RuntimeError("no font is installed: the window would show empty boxes (install a font such as DejaVu Sans)")
    from app.gui.main import build

    wizard = build(autosave=None)
    wizard.show()
    app.processEvents()
    pages = len(wizard.pageIds())
    wizard.close()
    return f"{len(families)} font families, wizard with {pages} pages (Qt {__import__('PySide6').__version__})"


def _engine() -> str:
    from app.core.bundle import build_bundle, verify_bundle
    from app.core.resources import resource_path
    from app.core.roster import read_roster
    from app.core.session import Firm, Session

    demo = resource_path("demo")
    users = demo / "users.csv"
    session = Session([str(demo)], Firm(name="Self-test"), read_roster(users) if users.exists() else None)
    session.users_file = str(users) if users.exists() else None
    session.read()
    result = session.check()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "selftest.zip"
        manifest = build_bundle(session, out)
        verdict = verify_bundle(out)
        if not verdict.ok:
            raise RuntimeError("the demo bundle did not verify: " + "; ".join(verdict.problems))
    records = sum(s["rows_in"] for s in manifest["sources"])
    from app.core.bundle import fast_deflate_available

    fast, why = fast_deflate_available()
    deflate = "ISA-L deflate" if fast else f"zlib deflate: bundles are written ~3x slower ({why})"
    return f"{len(result.files)} files, {records} records, {len(result.findings)} findings, bundle verified ({deflate})"


def run() -> int:
    import pandas
    import pyarrow

    from app import __version__

    frozen = getattr(sys, "frozen", False)
    print(f"clio-prep {__version__} self-test ({'installed build' if frozen else 'from source'}, Python {platform.python_version()}, "
          f"{platform.system()} {platform.machine()}, pandas {pandas.__version__}, pyarrow {pyarrow.__version__})")
    with tempfile.TemporaryDirectory() as home:
        # Nothing of the user's (autosave, remembered mappings) is read or written by the self-test.
        os.environ["CLIO_PREP_DATA_DIR"] = home
        problems = [p for p in (_step("imports", _imports), _step("resources", _resources),
                                _step("wizard", _gui), _step("engine and bundle", _engine)) if p]
    if problems:
        print(f"SELF-TEST FAILED: {len(problems)} problem(s). Reinstall clio-prep; if it happens again, send this output to support.")
        return 1
    print("SELF-TEST PASSED")
    return 0
