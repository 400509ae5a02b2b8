"""The packaged app, as a firm gets it: built with the real spec, run from a folder outside the
source tree with no Python environment on the PATH.

Building takes a minute or two; set CLIO_PREP_FROZEN to an existing build folder to reuse one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

# Lines the frozen app may print on stderr without it being a problem (none expected so far).
ALLOWED_STDERR: tuple[str, ...] = ()


def _clean_env(home: Path) -> dict[str, str]:
    """What a firm's computer has: no virtual environment, no PYTHONPATH, a plain PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "CONDA"))}
    env["PATH"] = "/usr/bin:/bin"
    env["HOME"] = str(home)
    env["CLIO_PREP_DATA_DIR"] = str(home / "data")
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _unexpected(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.strip() and not any(a in ln for a in ALLOWED_STDERR)]


@pytest.fixture(scope="session")
def frozen_app(tmp_path_factory) -> Path:
    if sys.platform != "linux":
        pytest.skip("the frozen-app smoke test runs on Linux (CI)")
    prebuilt = os.environ.get("CLIO_PREP_FROZEN")
    if prebuilt:
        return Path(prebuilt)
    if shutil.which("pyinstaller") is None and subprocess.run([sys.executable, "-c", "import PyInstaller"]).returncode:
        pytest.fail("PyInstaller is not installed: pip install -e '.[test]' installs it")
    out = tmp_path_factory.mktemp("build")
    subprocess.run([sys.executable, str(ROOT / "installer" / "build.py"), "--app-only", "--out", str(out / "dist"),
                    "--work", str(out / "work")], check=True, cwd=ROOT)
    app = out / "dist" / "clio-prep"
    # Installed somewhere else entirely, as a firm would have it.
    installed = tmp_path_factory.mktemp("installed") / "clio-prep"
    shutil.copytree(app, installed, symlinks=True)
    size = sum(f.stat().st_size for f in installed.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"\nFrozen one-folder build: {size / 1e6:.0f} MB unpacked")
    return installed


def test_self_test_passes_outside_the_source_tree(frozen_app, tmp_path):
    proc = subprocess.run([str(frozen_app / "clio-prep"), "--self-test"], cwd=tmp_path, env=_clean_env(tmp_path),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "SELF-TEST PASSED" in proc.stdout
    assert "wizard with 7 pages" in proc.stdout
    assert "bundle verified (ISA-L deflate)" in proc.stdout  # isal made it into the build, not only the venv
    assert _unexpected(proc.stderr) == []


def test_check_on_the_demo_from_the_frozen_binary(frozen_app, tmp_path):
    demo = tmp_path / "exports"
    shutil.copytree(ROOT / "resources" / "demo", demo)
    users = tmp_path / "users.csv"
    shutil.move(str(demo / "users.csv"), users)
    out = tmp_path / "findings.json"
    proc = subprocess.run([str(frozen_app / "clio-prep"), "check", str(demo), "--users", str(users), "--json", str(out)],
                          cwd=tmp_path, env=_clean_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr  # the demo has blockers on purpose
    assert _unexpected(proc.stderr) == []
    data = json.loads(out.read_text(encoding="utf-8"))
    codes = {f["code"] for f in data["findings"]}
    assert {"ACTIVITY_NO_USER", "DUPLICATE_CONTACT", "FILE_NOT_MIGRATABLE", "BALANCE_AMBIGUOUS_COLUMN"} <= codes
    assert {f["data_type"] for f in data["files"]} >= {"contacts", "matters", "time_entries", "calendar_entries"}


def test_bundle_and_verify_from_the_frozen_binary(frozen_app, tmp_path):
    demo = tmp_path / "exports"
    shutil.copytree(ROOT / "resources" / "demo", demo)
    env = _clean_env(tmp_path)
    env["BUNDLE_PW"] = "correct horse"
    bundle = tmp_path / "out.zip"
    proc = subprocess.run([str(frozen_app / "clio-prep"), "bundle", str(demo), "--users", str(demo / "users.csv"),
                           "--out", str(bundle), "--password-env", "BUNDLE_PW", "--quiet"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    assert _unexpected(proc.stderr) == []
    verify = subprocess.run([str(frozen_app / "clio-prep"), "verify", str(bundle), "--password-env", "BUNDLE_PW"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0 and "VERIFIED" in verify.stdout, verify.stdout + verify.stderr
