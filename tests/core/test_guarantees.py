"""The promises about confidential data, each with a test (engine and CLI level).

- Input files are never modified: hashes, sizes and times before and after check, bundle,
  verify, edits and a project saved and loaded; any attempt to open an input for writing,
  replace, delete or truncate it fails the test.
- No network connection is ever opened: socket use raises during a full run, and a child
  process with an audit hook sees no socket, HTTP or subprocess event at all.
- Logs carry no client data: every log record (DEBUG and up) of a full run, errors included,
  is free of every cell value of the inputs and of the bundle password.
- Outputs and the project file are written atomically: a failure at any point leaves the
  previous file intact and nothing half-written under the final name (or beside it).
- An unwritable output folder, a full disk and a file deleted mid-run give plain messages
  (CLI exit status 2) and lose nothing.

Everything is built in tmp_path. Engine defects are strict xfail tests whose reason starts with "BUG:".
"""

from __future__ import annotations

import builtins
import csv
import errno
import hashlib
import io
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from app.core import project
from app.core.bundle import BundleError, build_bundle, verify_bundle
from app.core.session import Session

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Tr0ub4dor&3-horse-battery"

# Distinctive client data: if any of it shows up where it must not, the test names it.
CONTACTS = [
    ["First Name", "Last Name", "Company", "Email", "Phone", "Notes"],
    ["Zephyrine", "Quillfeather", "", "zephyrine.q@privileged-client.example", "(555) 014-2231", "Settlement floor 4,250,000"],
    ["Barnaby", "Oxenholme", "", "b.oxenholme@privileged-client.example", "(555) 014-9981", "Custody dispute - do not call at work"],
    ["", "", "Vexley Holdings LLC", "legal@vexley-holdings.example", "(555) 014-7713", "Merger code name BLUEHERON"],
    ["", "", "", "orphan.record@privileged-client.example", "", ""],
]
MATTERS = [
    ["Matter Number", "Description", "Client", "Status", "Open Date"],
    ["QX-7781", "Quillfeather v. Marrowdale Trust", "Zephyrine Quillfeather", "Open", "2024-02-14"],
    ["QX-7782", "Oxenholme custody", "Barnaby Oxenholme", "Open", "2024-03-01"],
    ["QX-7783", "Vexley merger BLUEHERON", "Vexley Holdings LLC", "Dormant", "2024-04-11"],
]
TIME = [
    ["Date", "User", "Matter", "Hours", "Rate", "Description"],
    ["2024-05-02", "Margaret Holloway", "QX-7781", "1.5", "425", "Reviewed Marrowdale disclosure bundle"],
    ["2024-05-03", "", "QX-7782", "2.25", "425", "Call with Dr. Ingeborg Fallowfield"],
    ["2024-05-04", "Margaret Holloway", "QX-9999", "0.5", "425", "Drafted BLUEHERON term sheet"],
]
NOTES = [["Matter", "Date", "Subject", "Note"], ["QX-7781", "2024-06-01", "Strategy", "Mediator Perpetua Wintergreen suggested 3.9M"]]
TASKS = [["Task Name", "Due Date", "Assigned To", "Status", "Matter"], ["Serve Marrowdale subpoena", "2024-07-01", "MH", "Pending", "QX-7781"]]
ROSTER = [["first_name", "last_name", "email", "initials"], ["Margaret", "Holloway", "mh@holloway.example", "MH"]]


def _csv(rows, delimiter=",") -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n", delimiter=delimiter).writerows(rows)
    return buf.getvalue()


def client_values() -> set[str]:
    """Every cell value of the inputs (headers and very short values left out: 'Open' is not a secret)."""
    out: set[str] = set()
    for table in (CONTACTS, MATTERS, TIME, NOTES, TASKS):
        for row in table[1:]:
            out |= {v for v in row if len(v) >= 6 and not v.replace(".", "").isdigit()}
    return out


@dataclass
class Export:
    folder: Path
    users: Path
    inputs: list[Path] = field(default_factory=list)

    def fingerprint(self) -> dict[str, tuple]:
        return {str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_size, p.stat().st_mtime_ns, p.stat().st_mode)
                for p in self.inputs}

    def listing(self) -> list[str]:
        return sorted(str(p) for p in self.folder.rglob("*"))


@pytest.fixture
def export(tmp_path) -> Export:
    folder = tmp_path / "exports"
    (folder / "sub").mkdir(parents=True)
    (folder / "contacts.csv").write_text(_csv(CONTACTS), encoding="utf-8")
    (folder / "matters.csv").write_bytes(_csv(MATTERS, ";").encode("cp1252"))
    (folder / "sub" / "time entries.csv").write_bytes(b"\xef\xbb\xbf" + _csv(TIME).encode())
    with zipfile.ZipFile(folder / "backup.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("export/tasks.csv", _csv(TASKS))
    wb = openpyxl.Workbook()
    for r in NOTES:
        wb.active.append(r)
    wb.save(folder / "matter notes.xlsx")
    (folder / "broken.csv").write_bytes(b"")
    users = tmp_path / "users.csv"
    users.write_text(_csv(ROSTER), encoding="utf-8")
    exp = Export(folder, users)
    exp.inputs = sorted(p for p in folder.rglob("*") if p.is_file()) + [users]
    for p in exp.inputs:  # old times, so that any touch would show
        os.utime(p, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    return exp


def cli(capsys, *argv) -> tuple[int, str, str]:
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err, out + err
    return rc, out, err


def full_run(exp: Export, out_dir: Path, capsys, monkeypatch) -> None:
    """Everything a user does: check (with JSON), bundle (encrypted), verify, edits, a project saved and
    loaded, check and bundle from the project."""
    out_dir.mkdir(exist_ok=True)
    monkeypatch.setenv("CLIO_BUNDLE_PW", PASSWORD)
    monkeypatch.setenv("CLIO_PREP_DATA_DIR", str(out_dir.parent / "clio-prep-data"))
    rc, out, err = cli(capsys, "check", exp.folder, "--users", exp.users, "--region", "us", "--json", out_dir / "check.json")
    assert rc == 1, out + err
    rc, out, err = cli(capsys, "bundle", exp.folder, "--users", exp.users, "--region", "us", "--out", out_dir / "bundle.zip",
                       "--password-env", "CLIO_BUNDLE_PW", "--firm", "Holloway & Partners")
    assert rc == 1 and (out_dir / "bundle.zip").exists(), out + err
    rc, out, err = cli(capsys, "verify", out_dir / "bundle.zip", "--password-env", "CLIO_BUNDLE_PW")
    assert rc == 0, out

    session = Session([str(exp.folder)])
    session.users_file = str(exp.users)
    session.read()
    session.check()
    session.set_cell("sub/time entries.csv", 3, "User", "Margaret Holloway", why="typed")
    session.exclude("contacts.csv", [5], "empty record")
    session.check()
    proj = out_dir / "migration.clioprep"
    project.save(session, proj, "review")
    loaded, report = project.load(proj)
    assert report.clean, report.describe()
    loaded.check()
    build_bundle(loaded, out_dir / "from-project.zip")
    assert verify_bundle(out_dir / "from-project.zip").ok
    rc, out, err = cli(capsys, "bundle", exp.folder, "--users", exp.users, "--project", proj, "--out", out_dir / "cli-project.zip")
    assert rc in (0, 1), out + err


# --------------------------------------------------------------------------------------------
# Input files are never modified


class WriteGuard:
    """Fails any attempt to write, replace, delete, truncate or re-stamp one of the input files."""

    WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_TRUNC | os.O_CREAT

    def __init__(self, paths, monkeypatch) -> None:
        self.paths = {os.path.realpath(p) for p in paths}
        self.hits: list[tuple[str, str]] = []
        real_open, real_os_open = builtins.open, os.open

        def is_input(p) -> bool:
            try:
                return os.path.realpath(os.fspath(p)) in self.paths
            except TypeError:
                return False  # a file descriptor

        def hit(op: str, p) -> None:
            self.hits.append((op, os.fspath(p)))
            raise PermissionError(errno.EACCES, f"test guard: {op} on an input file", os.fspath(p))

        def guarded_open(file, mode="r", *a, **k):
            if is_input(file) and any(c in mode for c in "wax+"):
                hit(f"open({mode!r})", file)
            return real_open(file, mode, *a, **k)

        def guarded_os_open(path, flags, *a, **k):
            if is_input(path) and flags & self.WRITE_FLAGS:
                hit("os.open(write)", path)
            return real_os_open(path, flags, *a, **k)

        def wrap(name):
            real = getattr(os, name)

            def f(*args, **kw):
                for p in args[:2]:
                    if is_input(p):
                        hit(f"os.{name}", p)
                return real(*args, **kw)
            return f

        monkeypatch.setattr(builtins, "open", guarded_open)
        monkeypatch.setattr(io, "open", guarded_open)
        monkeypatch.setattr(os, "open", guarded_os_open)
        for name in ("replace", "rename", "remove", "unlink", "truncate", "utime", "chmod"):
            monkeypatch.setattr(os, name, wrap(name))


def test_inputs_are_never_modified_by_a_full_run(export, tmp_path, capsys, monkeypatch):
    before, listing = export.fingerprint(), export.listing()
    guard = WriteGuard(export.inputs, monkeypatch)
    for attempt in (lambda: open(export.inputs[0], "ab"), lambda: export.inputs[1].write_bytes(b"x"),
                    lambda: os.replace(export.users, export.inputs[0])):
        with pytest.raises(PermissionError):  # the guard itself works
            attempt()
    guard.hits.clear()
    full_run(export, tmp_path / "out", capsys, monkeypatch)
    monkeypatch.undo()
    assert guard.hits == []
    assert export.fingerprint() == before
    assert export.listing() == listing  # nothing written beside the exports either


def test_bundle_over_an_input_file_is_refused(export, capsys):
    target = export.folder / "contacts.csv"
    before = export.fingerprint()
    rc, out, err = cli(capsys, "bundle", export.folder, "--out", target)
    assert rc == 2 and "contacts.csv" in err
    assert export.fingerprint() == before


def test_json_report_over_an_input_file_is_refused(export, capsys):
    before = export.fingerprint()
    rc, out, err = cli(capsys, "check", export.folder, "--users", export.users, "--json", export.users)
    assert rc == 2
    assert export.fingerprint() == before


# --------------------------------------------------------------------------------------------
# No network


def test_no_socket_is_ever_opened(export, tmp_path, capsys, monkeypatch):
    used: list[str] = []

    def refuse(what):
        def f(*a, **k):
            used.append(what)
            raise OSError(f"test: network use ({what}) is forbidden")
        return f

    monkeypatch.setattr(socket.socket, "__init__", refuse("socket()"))
    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    monkeypatch.setattr(socket, "socketpair", refuse("socketpair"))
    with pytest.raises(OSError):  # the trap itself works
        socket.create_connection(("127.0.0.1", 9))
    used.clear()
    full_run(export, tmp_path / "out", capsys, monkeypatch)
    assert used == []


AUDIT_CHILD = textwrap.dedent("""
    import os, sys
    NETWORK = ("socket.", "urllib.Request", "http.", "ftplib.", "smtplib.", "poplib.", "imaplib.", "nntplib.", "telnetlib.",
               "webbrowser.")
    PROCESS = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.startfile")
    seen, spawned = [], []

    def hook(event, args):
        if event.startswith(NETWORK):
            seen.append(event)
            raise RuntimeError("forbidden: " + event)
        if event.startswith(PROCESS):
            spawned.append(os.path.basename(str(args[0])) if args else event)

    sys.addaudithook(hook)
    sys.path.insert(0, {root!r})
    from app.cli import main
    codes = [main(argv) for argv in {runs!r}]
    print("@@CODES", codes)
    print("@@SEEN", sorted(set(seen)))
    print("@@SPAWNED", sorted(set(spawned)))
""")


def test_a_full_cli_run_makes_no_network_call_at_all(export, tmp_path):
    """Audit hooks see what Python does below any monkeypatch: sockets, DNS, HTTP, and new processes."""
    out = tmp_path / "out"
    out.mkdir()
    runs = [["check", str(export.folder), "--users", str(export.users), "--json", str(out / "c.json")],
            ["bundle", str(export.folder), "--users", str(export.users), "--out", str(out / "b.zip"), "--password-env", "CLIO_BUNDLE_PW"],
            ["verify", str(out / "b.zip"), "--password-env", "CLIO_BUNDLE_PW"],
            ["sources"]]
    env = dict(os.environ, CLIO_BUNDLE_PW=PASSWORD, CLIO_PREP_DATA_DIR=str(tmp_path / "data"))
    proc = subprocess.run([sys.executable, "-c", AUDIT_CHILD.format(root=str(ROOT), runs=runs)], capture_output=True, text=True,
                          env=env, cwd=str(tmp_path), timeout=120)
    assert "@@SEEN []" in proc.stdout, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert "@@CODES [1, 1, 0, 0]" in proc.stdout, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    # No helper program either, except `file`, which pycryptodome (under pyzipper's AES) runs once through
    # platform.architecture() to learn the word size of the Python executable: local, no data passed.
    spawned = proc.stdout.split("@@SPAWNED", 1)[1].strip()
    assert spawned in ("[]", "['file']"), spawned


# --------------------------------------------------------------------------------------------
# Logs carry no client data


def _leaks(texts: list[str]) -> list[tuple[str, str]]:
    secrets = client_values() | {PASSWORD}
    return [(s, t[:200]) for t in texts for s in secrets if s in t]


def test_logs_carry_no_client_data(export, tmp_path, capsys, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)  # the root logger and every library below it
    full_run(export, tmp_path / "out", capsys, monkeypatch)
    # Error paths too: a file gone before the bundle, an unwritable target, a bad project file.
    session = Session([str(export.folder)])
    session.read()
    session.check()
    gone = export.folder / "contacts.csv"
    saved = gone.read_bytes()
    gone.unlink()
    with pytest.raises(BundleError):
        build_bundle(session, tmp_path / "out" / "never.zip")
    gone.write_bytes(saved)
    (tmp_path / "bad.clioprep").write_text('{"format": "clio-prep-project", "version": 1, "inputs": [' + json.dumps(CONTACTS[1][3]),
                                           encoding="utf-8")
    assert cli(capsys, "check", export.folder, "--project", tmp_path / "bad.clioprep")[0] == 2
    records = caplog.records
    texts = []
    for r in records:
        texts.append(r.getMessage())
        if r.exc_info:
            texts.append(logging.Formatter().formatException(r.exc_info))
        if r.exc_text:
            texts.append(r.exc_text)
        if r.stack_info:
            texts.append(r.stack_info)
    assert _leaks(texts) == []


def test_the_bundle_password_is_never_stored(export, tmp_path, capsys, monkeypatch):
    """The password comes from an environment variable (never the command line) and is written nowhere."""
    full_run(export, tmp_path / "out", capsys, monkeypatch)
    data_dir = Path(os.environ.get("CLIO_PREP_DATA_DIR", tmp_path / "none"))
    for base in (tmp_path, data_dir):
        if not base.exists():
            continue
        for p in base.rglob("*"):
            if p.is_file():
                assert PASSWORD.encode() not in p.read_bytes(), p
    with zipfile.ZipFile(tmp_path / "out" / "bundle.zip") as zf:
        assert all(i.flag_bits & 0x1 for i in zf.infolist())  # every member encrypted
        with pytest.raises(RuntimeError):
            zf.read("manifest.json")


# --------------------------------------------------------------------------------------------
# Outputs and the project file are written atomically


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part") or p.name.startswith("."))


@pytest.fixture
def outdir(tmp_path) -> Path:
    d = tmp_path / "out"
    d.mkdir()
    return d


def _old_file(path: Path, text: str = "the previous version\n") -> bytes:
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def test_bundle_replace_fails_old_bundle_intact(export, outdir, capsys, monkeypatch):
    target = outdir / "bundle.zip"
    old = _old_file(target)
    real = os.replace

    def failing_replace(src, dst, *a, **k):
        if os.fspath(dst) == str(target):
            raise OSError(errno.EIO, "Input/output error")
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", failing_replace)
    rc, out, err = cli(capsys, "bundle", export.folder, "--out", target)
    assert rc == 2 and "could not be written" in err and "half-written" in err
    assert target.read_bytes() == old and _parts(outdir) == []


def test_bundle_write_fails_midway_old_bundle_intact_and_never_partial(export, outdir, capsys, monkeypatch):
    target = outdir / "bundle.zip"
    old = _old_file(target)
    real = zipfile.ZipFile.open
    calls = []

    def flaky_open(self, name, mode="r", *a, **k):
        if mode == "w":  # one call per member written
            assert target.read_bytes() == old  # while writing, the final name still holds the previous file
            calls.append(1)
            if len(calls) == 4:
                raise OSError(errno.EIO, "Input/output error")
        return real(self, name, mode, *a, **k)

    monkeypatch.setattr(zipfile.ZipFile, "open", flaky_open)
    rc, out, err = cli(capsys, "bundle", export.folder, "--out", target)
    assert len(calls) == 4
    assert rc == 2 and "could not be written" in err
    assert target.read_bytes() == old and _parts(outdir) == []


class FullDisk:
    """A file object that accepts `budget` bytes, then fails with ENOSPC (disk full)."""

    def __init__(self, fh, budget: int) -> None:
        self._fh, self._left = fh, budget

    def write(self, b):
        if len(b) > self._left:
            raise OSError(errno.ENOSPC, "No space left on device")
        self._left -= len(b)
        return self._fh.write(b)

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()
        return False


def _full_disk(monkeypatch, budget: int = 2048) -> None:
    real = os.fdopen

    def fdopen(fd, mode="r", *a, **k):
        fh = real(fd, mode, *a, **k)
        return FullDisk(fh, budget) if "w" in mode else fh

    monkeypatch.setattr(os, "fdopen", fdopen)


def test_full_disk_while_bundling(export, outdir, capsys, monkeypatch):
    target = outdir / "bundle.zip"
    old = _old_file(target)
    _full_disk(monkeypatch)
    rc, out, err = cli(capsys, "bundle", export.folder, "--out", target)
    assert rc == 2 and "space" in err.lower() and "clio-prep:" in err
    assert target.read_bytes() == old and _parts(outdir) == []


def test_full_disk_while_saving_the_project(export, outdir, monkeypatch):
    session = Session([str(export.folder)])
    session.read()
    session.check()
    target = outdir / "migration.clioprep"
    project.save(session, target)
    old = target.read_bytes()
    session.set_cell("contacts.csv", 2, "First Name", "Zephyrina", why="typo")
    _full_disk(monkeypatch, budget=100)
    with pytest.raises(OSError) as exc:
        project.save(session, target)
    assert exc.value.errno == errno.ENOSPC
    monkeypatch.undo()
    assert target.read_bytes() == old and _parts(outdir) == []
    assert project.load(target)[0].log.done == []  # the previous project still opens, as it was


def test_project_save_replace_fails_previous_project_intact(export, outdir, monkeypatch):
    session = Session([str(export.folder)])
    session.read()
    session.check()
    target = outdir / "migration.clioprep"
    project.save(session, target)
    old = target.read_bytes()
    session.exclude("contacts.csv", [5], "empty record")

    def failing_replace(src, dst, *a, **k):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        project.save(session, target)
    monkeypatch.undo()
    assert target.read_bytes() == old and _parts(outdir) == []


def test_json_report_write_fails_old_report_intact(export, outdir, capsys, monkeypatch):
    target = outdir / "check.json"
    old = _old_file(target, "{}\n")
    _full_disk(monkeypatch, budget=512)
    rc, out, err = cli(capsys, "check", export.folder, "--json", target)
    assert rc == 2 and "space" in err.lower()
    assert target.read_bytes() == old and _parts(outdir) == []


# --------------------------------------------------------------------------------------------
# An unwritable output folder


def _unwritable(folder: Path, monkeypatch) -> None:
    """Make `folder` refuse new files: chmod where that works, a simulated EACCES as root or on Windows."""
    if os.name == "posix" and os.geteuid() != 0:
        folder.chmod(0o500)
        return
    real = tempfile.mkstemp

    def mkstemp(*a, dir=None, **k):  # noqa: A002 - tempfile's own name
        if dir is not None and os.path.realpath(dir) == os.path.realpath(folder):
            raise PermissionError(errno.EACCES, "Permission denied", os.path.join(str(dir), "x.part"))
        return real(*a, dir=dir, **k)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


@pytest.fixture
def locked(tmp_path, monkeypatch):
    d = tmp_path / "locked"
    d.mkdir()
    _unwritable(d, monkeypatch)
    yield d
    d.chmod(0o700)


def test_unwritable_folder_bundle_exits_2_with_a_plain_message(export, locked, capsys):
    rc, out, err = cli(capsys, "bundle", export.folder, "--out", locked / "bundle.zip")
    assert rc == 2
    assert str(locked) in err and "write" in err.lower() and "Errno" not in err
    assert list(locked.iterdir()) == []


def test_unwritable_folder_project_save_raises_and_writes_nothing(export, locked):
    session = Session([str(export.folder)])
    session.read()
    with pytest.raises(PermissionError):
        project.save(session, locked / "migration.clioprep")
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize("trouble", ["unwritable", "full"])
def test_json_report_write_errors_are_plain_and_name_the_output(export, tmp_path, capsys, monkeypatch, trouble):
    folder = tmp_path / "reports"
    folder.mkdir()
    if trouble == "unwritable":
        _unwritable(folder, monkeypatch)
    else:
        _full_disk(monkeypatch, budget=256)
    rc, out, err = cli(capsys, "check", export.folder, "--json", folder / "check.json")
    folder.chmod(0o700)
    assert rc == 2
    assert "check.json" in err and "Errno" not in err and ".part" not in err, err
    assert list(folder.iterdir()) == []


# --------------------------------------------------------------------------------------------
# A file deleted (or changed) mid-run


def test_file_deleted_between_reading_and_bundling(export, outdir, capsys, monkeypatch):
    victim = export.folder / "sub" / "time entries.csv"
    real_check = Session.check

    def check_then_delete(self, *a, **k):
        result = real_check(self, *a, **k)
        if victim.exists():
            victim.unlink()
        return result

    monkeypatch.setattr(Session, "check", check_then_delete)
    target = outdir / "bundle.zip"
    rc, out, err = cli(capsys, "bundle", export.folder, "--out", target)
    assert rc == 2
    assert "time entries.csv" in err and "still there" in err
    assert not target.exists() and _parts(outdir) == []


def test_file_deleted_between_listing_and_reading(export, tmp_path, capsys, monkeypatch):
    import app.core.session as session_module

    victim = export.folder / "contacts.csv"
    real = session_module.collect_inputs

    def list_then_delete(*a, **k):
        found = real(*a, **k)
        victim.unlink()
        return found

    monkeypatch.setattr(session_module, "collect_inputs", list_then_delete)
    rc, out, err = cli(capsys, "check", victim, "--json", tmp_path / "c.json")
    assert rc == 2  # the only file given is gone: nothing readable
    report = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    [f] = [f for f in report["findings"] if f["code"] == "FILE_UNREADABLE"]
    assert f["file"] == str(victim) and "could not be opened" in f["message"] and "still exists" in f["message"]


def test_engine_bundle_names_the_missing_file_and_writes_nothing(export, outdir):
    session = Session([str(export.folder)])
    session.read()
    session.check()
    (export.folder / "backup.zip").unlink()
    with pytest.raises(BundleError) as exc:
        build_bundle(session, outdir / "bundle.zip")
    assert "backup.zip" in str(exc.value)
    assert list(outdir.iterdir()) == []


def test_file_changed_between_reading_and_bundling_is_caught(export, outdir):
    session = Session([str(export.folder)])
    session.read()
    session.check()
    with open(export.folder / "contacts.csv", "ab") as fh:  # the firm re-exports while the wizard is open
        fh.write(b"Late,Addition,,late@privileged-client.example,,\r\n")
    target = outdir / "bundle.zip"
    try:
        manifest = build_bundle(session, target)
    except BundleError as exc:
        assert "contacts.csv" in str(exc)
        assert not target.exists()
        return
    with zipfile.ZipFile(target) as zf:
        packed = hashlib.sha256(zf.read("source/contacts.csv")).hexdigest()
    declared = next(s["sha256"] for s in manifest["sources"] if s["path"] == "contacts.csv")
    assert packed == declared or not verify_bundle(target).ok


# --------------------------------------------------------------------------------------------
# Found by the pipeline property (test_properties.py), now regressions: ordinary edits that broke the check or the bundle


def test_no_named_contact_and_an_exclusion_do_not_crash(tmp_path, capsys):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "contacts.csv").write_text("First Name,Last Name,Email\r\n", encoding="utf-8")
    (folder / "notes.csv").write_text("Matter,Date,Subject,Note\r\n,,,Called the client\r\n", encoding="utf-8")
    session = Session([str(folder)])
    session.read()
    session.check()
    session.exclude("notes.csv", [2], "no matter: not needed")
    proj = tmp_path / "p.clioprep"
    project.save(session, proj)
    rc, out, err = cli(capsys, "check", folder, "--project", proj)
    assert rc in (0, 1)


def test_leaving_out_a_whole_file_does_not_warn(tmp_path):
    import warnings

    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "contacts.csv").write_text("First Name,Last Name,Email\r\nAnn,Lee,a@example.com\r\n,,\r\n", encoding="utf-8")
    (folder / "more contacts.csv").write_text("First Name,Last Name\r\nZoe,Ray\r\n", encoding="utf-8")
    session = Session([str(folder)])
    session.read()
    session.check()
    session.exclude("more contacts.csv", [2], "duplicate of another export")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        manifest = build_bundle(session, tmp_path / "b.zip")
    assert [str(w.message)[:80] for w in caught] == []
    assert {s["path"]: s["rows_excluded"] for s in manifest["sources"]}["more contacts.csv"] == 1
