"""Build clio-prep: the frozen one-folder app (PyInstaller), then the installer for this OS.

    python installer/build.py                 # frozen app + this OS's installer, into dist/
    python installer/build.py --app-only      # just the frozen app (what the smoke tests use)
    python installer/build.py --out DIR       # build into DIR instead of ./dist

Linux: a tarball with the app, a .desktop file, the icon and a per-user install script.
Windows: an Inno Setup installer (needs Inno Setup 6). macOS: a .app in a .dmg (needs Xcode's
command-line tools); signing and notarisation run only when their secrets are set.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer" / "clio-prep.spec"


def version() -> str:
    return re.search(r'__version__ = "([^"]+)"', (ROOT / "app" / "__init__.py").read_text()).group(1)


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def build_app(out: Path, work: Path) -> Path:
    """Run PyInstaller with the spec; returns the one-folder app."""
    t = time.perf_counter()
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(out), "--workpath", str(work), str(SPEC)]
    subprocess.run(cmd, check=True, cwd=ROOT)
    app = out / "clio-prep"
    print(f"Frozen app: {app} ({folder_size(app) / 1e6:.0f} MB unpacked, built in {time.perf_counter() - t:.0f} s)")
    return app


def linux_tarball(app: Path, out: Path) -> Path:
    name = f"clio-prep-{version()}-linux-{platform.machine()}"
    target = out / f"{name}.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        tar.add(app, arcname=f"{name}/clio-prep")
        for extra in ("clio-prep.desktop", "clio-prep-mime.xml", "install.sh"):
            p = ROOT / "installer" / "linux" / extra
            if p.exists():
                tar.add(p, arcname=f"{name}/{extra}")
        tar.add(ROOT / "resources" / "icons" / "clio-prep.png", arcname=f"{name}/clio-prep.png")
    print(f"Linux package: {target} ({target.stat().st_size / 1e6:.0f} MB)")
    return target


def windows_installer(app: Path, out: Path) -> None:
    script = ROOT / "installer" / "windows" / "build_installer.ps1"
    subprocess.run(["powershell", "-ExecutionPolicy", "Bypass", "-File", str(script), "-SourceDir", str(app),
                    "-OutputDir", str(out), "-AppVersion", version()], check=True)


def macos_dmg(out: Path) -> None:
    script = ROOT / "installer" / "macos" / "make_dmg.sh"
    subprocess.run(["bash", str(script), str(out / "clio-prep.app"), str(out), version()], check=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "dist"), help="output folder (default: dist/)")
    ap.add_argument("--work", default=str(ROOT / "build"), help="PyInstaller's work folder (default: build/)")
    ap.add_argument("--app-only", action="store_true", help="build the frozen app only, no installer")
    args = ap.parse_args(argv)
    out, work = Path(args.out), Path(args.work)
    out.mkdir(parents=True, exist_ok=True)
    if (out / "clio-prep").exists():
        shutil.rmtree(out / "clio-prep")
    app = build_app(out, work)
    if args.app_only:
        return 0
    if sys.platform.startswith("linux"):
        linux_tarball(app, out)
    elif sys.platform == "win32":
        windows_installer(app, out)
    elif sys.platform == "darwin":
        macos_dmg(out)
    else:
        print(f"No installer step for {sys.platform}; the frozen app is in {app}")
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
