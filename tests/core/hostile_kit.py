"""Shared by the hostile-input suites (test_hostile_inputs.py, test_hostile_more.py): reading
bytes the way the app does, the CLI in this process, and the CLI in a child process with a time
limit and a memory ceiling. Every file is built by the tests themselves."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from app.cli import main
from app.core import fastcsv
from app.core.reader import read_bytes

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT_MB = 1500
GUIDANCE = re.compile(r"\b(export|save|open|unpack|check|choose|add|download|remove|fix|split|pick)\b", re.I)


def tables_of(data: bytes, name: str = "export.csv"):
    return read_bytes(name, f"/exports/{name}", data)


def read_ok(data: bytes, name: str = "export.csv"):
    tables = tables_of(data, name)
    assert len(tables) == 1, [t.path for t in tables]
    t = tables[0]
    assert t.error is None, t.error
    assert len(t.rows) == t.records == len(t.frame)
    assert all(isinstance(v, str) for v in t.frame.to_numpy().ravel())
    return t


def read_refused(data: bytes, name: str = "export.csv") -> str:
    tables = tables_of(data, name)
    assert len(tables) == 1, [t.path for t in tables]
    t = tables[0]
    assert t.error, f"{name} was read ({t.records} records, columns {t.columns[:5]}) instead of being refused"
    assert t.path == name and t.records == 0 and t.frame.empty
    assert "Traceback" not in t.error and "Errno" not in t.error
    return t.error


def values(t) -> list[list[str]]:
    return t.frame.astype(object).values.tolist()


def rows(t) -> list[int]:
    return [int(r) for r in t.rows]


def skipped(t) -> list[tuple[int, str]]:
    return [(s.row, s.reason) for s in t.skipped]


def snapshot(t):
    if t.error:
        return ("refused", t.error)
    return (t.encoding, t.delimiter, t.header_row, list(t.columns), values(t), rows(t), skipped(t), list(t.ragged_rows))


def careful_read(data: bytes, name: str = "export.csv"):
    """The same bytes through the careful reader only (the fast path switched off)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fastcsv, "FAST_MIN_BYTES", 10**15)
        return tables_of(data, name)


def cli(capsys, *argv) -> tuple[int, str, str]:
    """The CLI in this process: exit status, stdout, stderr. Never a traceback."""
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out and "Traceback" not in err, out + err
    return rc, out, err


def check_json(capsys, tmp_path: Path, *paths, extra=()) -> tuple[int, dict, str, str]:
    out_json = tmp_path / f"check-{time.monotonic_ns()}.json"
    rc, out, err = cli(capsys, "check", *paths, *extra, "--json", out_json)
    data = json.loads(out_json.read_text(encoding="utf-8")) if out_json.exists() else {}
    return rc, data, out, err
CHILD = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from app.cli import main
    rc = main({argv!r})
    try:
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if sys.platform == "darwin":
            peak //= 1024
    except ImportError:  # Windows: the parent's polling is all there is
        peak = 0
    sys.stderr.write("\\n@@PEAK_KB=%d\\n" % peak)
    sys.exit(rc)
""")


class Bounded:
    """The outcome of a CLI run in a child process with a time limit and a memory ceiling."""

    def __init__(self, rc, out, err, peak_mb, timed_out, over_memory, seconds):
        self.rc, self.out, self.err = rc, out, err
        self.peak_mb, self.timed_out, self.over_memory, self.seconds = peak_mb, timed_out, over_memory, seconds

    def assert_sane(self) -> None:
        assert not self.timed_out, f"the CLI did not finish within the time limit ({self.seconds:.0f} s): a hang"
        assert not self.over_memory, f"the CLI went past {MEMORY_LIMIT_MB} MB of memory and was stopped"
        assert self.peak_mb < MEMORY_LIMIT_MB, f"peak memory {self.peak_mb:.0f} MB"
        assert "Traceback" not in self.err and "Traceback" not in self.out, self.err[-3000:]


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_bounded(argv: list, tmp_path: Path, timeout: float = 60, limit_mb: float = MEMORY_LIMIT_MB) -> Bounded:
    """Run `clio-prep ARGV` in a child process; stop it at `timeout` seconds or `limit_mb` MB."""
    script = CHILD.format(root=str(ROOT), argv=[str(a) for a in argv])
    stamp = time.monotonic_ns()
    out_path, err_path = tmp_path / f"child-{stamp}.out", tmp_path / f"child-{stamp}.err"
    env = dict(os.environ, CLIO_PREP_DATA_DIR=str(tmp_path / "clio-prep-data"))
    start = time.monotonic()
    peak = 0.0
    timed_out = over = False
    with open(out_path, "wb") as fo, open(err_path, "wb") as fe:
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=fo, stderr=fe, env=env, cwd=str(tmp_path))
        try:
            while proc.poll() is None:
                peak = max(peak, _rss_mb(proc.pid))
                if peak > limit_mb:
                    over = True
                    break
                if time.monotonic() - start > timeout:
                    timed_out = True
                    break
                time.sleep(0.05)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
    out = out_path.read_text(encoding="utf-8", errors="replace")
    err = err_path.read_text(encoding="utf-8", errors="replace")
    m = re.search(r"@@PEAK_KB=(\d+)", err)
    if m:
        peak = max(peak, int(m.group(1)) / 1024)
    return Bounded(proc.returncode, out, err, peak, timed_out, over, time.monotonic() - start)


def zip_bytes(entries, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def crlf(*lines: str, enc: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(enc)
CONTACTS_OK = crlf("First Name,Last Name,Email", "Ann,Lee,ann@example.com", "Bob,Ray,bob@example.com")
