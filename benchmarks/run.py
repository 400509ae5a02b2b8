"""clio-prep scale benchmarks: figures, not tests (nothing here fails a build or runs in CI).

    .venv/bin/python benchmarks/run.py [--sizes 100k,1M,5M] [--workdir DIR] [--skip-gui] [--skip-5m]

For each size (time entries; contacts = 20% and matters = 10% of it, at least 2,000 each) it writes
a PracticePanther-style export with benchmarks/make_large.py (kept in --workdir and reused while
the generator and the counts are unchanged), then measures, each in a fresh process, one after
the other on this machine:

  baseline  pandas.read_csv(time-entry file, engine="pyarrow", dtype=str): the parse time (inside
            the process, imports excluded) and the process's peak RSS;
  check     python -m app check FOLDER --users users.csv --quiet: wall time of the process, as a
            multiple of the baseline parse; peak RSS, as a multiple of the time-entry file's size;
  bundle    python -m app bundle FOLDER --users users.csv --out X.zip --quiet: the same;
  gui       benchmarks/gui_harness.py (offscreen): time to the first rows of the time-entry file
            on the Review page, the longest event-loop stall while loading, checking and
            scrolling, total time, peak RSS;
  stages    benchmarks/stages.py: the check stage by stage (imports, read, analyse, check: when
            each ends, CPU and RSS), and beside it a floor: the same imports and a plain pyarrow
            parse of the whole export, the least any reading must do.

A "floor" export (1,000 time entries) is measured too: its check and bundle times are the fixed
cost (interpreter, imports, report) that the "net" per-row ratios leave out.

Each process runs under a small wrapper (python -c WRAPPER) that waits for it and reads
resource.getrusage(RUSAGE_CHILDREN): ru_maxrss is then that one process's peak RSS, and user+sys
its CPU time. The wrapper also samples the RSS every 0.1 s and kills the process if it passes
--mem-limit-gb (reported as "out of memory"), so that a runaway run cannot take the machine down.

Prints the machine, a table per size, a summary table (Markdown, for benchmarks/README.md), the
per-row cost ratios between sizes, and writes everything to benchmarks/results-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MAKE_LARGE = HERE / "make_large.py"
GUI_HARNESS = HERE / "gui_harness.py"
STAGES = HERE / "stages.py"
TIME_FILE_HINT = "Time Entries"

TARGETS = {
    "check_x_baseline": 4.0,  # aim 2.0
    "check_x_baseline_aim": 2.0,
    "bundle_x_baseline": 6.0,
    "mem_x_file": 3.0,
    "gui_stall_ms": 100.0,
    "gui_first_rows_s": 2.0,
}

WRAPPER = r"""
import json, os, resource, subprocess, sys, threading, time
spec = json.loads(sys.argv[1])
state = {"peak_kb": 0, "killed": None}
def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
t0 = time.perf_counter()
with open(spec["stdout"], "wb") as out, open(spec["stderr"], "wb") as err:
    p = subprocess.Popen(spec["cmd"], stdout=out, stderr=err, cwd=spec["cwd"], env=spec["env"])
    def watch():
        while p.poll() is None:
            kb = rss_kb(p.pid)
            state["peak_kb"] = max(state["peak_kb"], kb)
            if spec["mem_limit_kb"] and kb > spec["mem_limit_kb"]:
                state["killed"] = "memory"
                p.kill()
                return
            if time.perf_counter() - t0 > spec["timeout"]:
                state["killed"] = "timeout"
                p.kill()
                return
            time.sleep(0.1)
    threading.Thread(target=watch, daemon=True).start()
    rc = p.wait()
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
kb = ru.ru_maxrss // 1024 if sys.platform == "darwin" else ru.ru_maxrss
print(json.dumps({"rc": rc, "wall_s": wall, "maxrss_kb": kb, "sampled_peak_kb": state["peak_kb"],
                  "cpu_s": ru.ru_utime + ru.ru_stime, "killed": state["killed"]}))
"""

BASELINE = r"""
import json, sys, time
t0 = time.perf_counter()
import pandas as pd
t1 = time.perf_counter()
kind = "pandas.read_csv(engine='pyarrow', dtype=str)"
try:
    df = pd.read_csv(sys.argv[1], engine="pyarrow", dtype=str)
except pd.errors.ParserError:
    # pandas does not ask pyarrow to allow line breaks inside quoted cells, and a long export with
    # multi-line notes then fails where a block boundary falls inside one (seen at 5M rows): the
    # same parser, told so, is the plain parse.
    import pyarrow as pa
    import pyarrow.csv as pacsv
    t1 = time.perf_counter()
    import csv
    with open(sys.argv[1], encoding="utf-8-sig", newline="") as fh:
        head = next(csv.reader(fh))
    tbl = pacsv.read_csv(sys.argv[1], parse_options=pacsv.ParseOptions(newlines_in_values=True),
                         convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in head}))
    df = tbl.to_pandas()
    kind = "pyarrow.csv.read_csv(newlines_in_values=True, all columns text) -> pandas"
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "parse_s": t2 - t1, "rows": len(df), "columns": int(df.shape[1]), "kind": kind}))
"""


# ------------------------------------------------------------------------------------------------
# Helpers


def parse_size(s: str) -> int:
    """'100k' -> 100000, '1M' -> 1000000 (the same reading as make_large.py's)."""
    sys.path.insert(0, str(HERE))
    from make_large import _count

    return _count(s)


def label(n: int) -> str:
    if n >= 1_000_000 and n % 100_000 == 0:
        return f"{n / 1_000_000:g}M"
    if n >= 1000 and n % 100 == 0:
        return f"{n / 1000:g}k"
    return str(n)


def mb(nbytes: float) -> float:
    return nbytes / 1e6


def say(msg: str = "") -> None:
    print(msg, flush=True)


def loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def meminfo() -> dict[str, int]:
    out = {}
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                k, v = line.split(":", 1)
                out[k] = int(v.split()[0]) * 1024
    except OSError:
        pass
    return out


def machine(python: str) -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        if sys.platform == "darwin":
            try:
                cpu = subprocess.run(["sysctl", "-n", "machdep.cpu.brand_string"], capture_output=True, text=True).stdout.strip() or cpu
            except OSError:
                pass
    mi = meminfo()
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        ram = mi.get("MemTotal", 0)
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    probe = ("import json, sys, platform\nfrom importlib.metadata import version, PackageNotFoundError\n"
             "out = {'python': sys.version.split()[0], 'implementation': platform.python_implementation()}\n"
             "for p in ('pandas', 'pyarrow', 'numpy', 'PySide6-Essentials', 'rapidfuzz', 'chardet', 'openpyxl', 'pyzipper'):\n"
             "    try:\n        out[p] = version(p)\n    except PackageNotFoundError:\n        out[p] = None\n"
             "sys.path.insert(0, sys.argv[1])\nimport app\nout['clio-prep'] = app.__version__\nprint(json.dumps(out))\n")
    libs = json.loads(subprocess.run([python, "-c", probe, str(ROOT)], capture_output=True, text=True, check=True).stdout)
    return {"cpu": cpu, "cores": os.cpu_count(), "cores_usable": usable, "ram_gb": round(ram / 2**30, 1),
            "mem_available_gb": round(mi.get("MemAvailable", 0) / 2**30, 1), "os": platform.platform(),
            "python_executable": python, "versions": libs}


def app_tree_hash() -> str:
    h = hashlib.sha256()
    for p in sorted((ROOT / "app").rglob("*.py")):
        h.update(str(p.relative_to(ROOT)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def code_state() -> dict:
    """Which engine was measured: the commit, whether app/ differs from it, and a hash of app/."""
    out = {"app_tree_sha256": app_tree_hash()}
    try:
        out["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        # --no-optional-locks: never touch the index (another engineer works in this tree).
        st = subprocess.run(["git", "--no-optional-locks", "status", "--porcelain", "--", "app"], cwd=ROOT, capture_output=True, text=True).stdout
        out["app_uncommitted_changes"] = [line[3:] for line in st.splitlines()]
    except OSError:
        pass
    return out


def sha_file(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()[:16]


# ------------------------------------------------------------------------------------------------
# Data sets


def counts_for(n: int) -> dict[str, int]:
    return {"time_entries": n, "contacts": max(2000, round(n * 0.2)), "matters": max(2000, round(n * 0.1))}


def ensure_dataset(python: str, workdir: Path, name: str, counts: dict[str, int], seed: int) -> Path:
    d = workdir / f"pp-{name}"
    key = {"counts": counts, "seed": seed, "generator": sha_file(MAKE_LARGE)}
    marker = d / ".run_key.json"
    if marker.exists():
        try:
            if json.loads(marker.read_text()) == key:
                say(f"[{name}] reusing the export in {d}")
                return d
        except (OSError, ValueError):
            pass
    if d.exists():
        shutil.rmtree(d)
    say(f"[{name}] writing the export ({counts['time_entries']:,} time entries, {counts['contacts']:,} contacts, "
        f"{counts['matters']:,} matters) to {d}")
    subprocess.run([python, str(MAKE_LARGE), str(d), "--time-entries", str(counts["time_entries"]), "--contacts", str(counts["contacts"]),
                    "--matters", str(counts["matters"]), "--seed", str(seed)], check=True)
    marker.write_text(json.dumps(key))
    return d


def time_file(folder: Path) -> Path:
    hits = sorted(p for p in folder.glob("*.csv") if TIME_FILE_HINT.lower() in p.name.lower())
    if not hits:
        raise SystemExit(f"no time-entry file in {folder}")
    return hits[0]


# ------------------------------------------------------------------------------------------------
# Measuring one process


class Runner:
    def __init__(self, python: str, workdir: Path, mem_limit_kb: int, timeout: float, repeat: int) -> None:
        self.python = python
        self.workdir = workdir
        self.mem_limit_kb = mem_limit_kb
        self.timeout = timeout
        self.repeat = repeat
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ)
        self.env["CLIO_PREP_DATA_DIR"] = str(workdir / "clio-prep-data")  # no user settings, no remembered mappings
        self.env.pop("PYTHONSTARTUP", None)
        (workdir / "clio-prep-data").mkdir(exist_ok=True)

    def measure(self, tag: str, cmd: list[str], ok_codes=(0,), repeat: int | None = None) -> dict:
        """Run cmd (self.repeat times) in a fresh process; the fastest run's figures, the largest peak."""
        runs = []
        repeat = repeat or self.repeat
        for k in range(repeat):
            spec = {"cmd": cmd, "cwd": str(ROOT), "env": self.env, "stdout": str(self.logs / f"{tag}.out"),
                    "stderr": str(self.logs / f"{tag}.err"), "mem_limit_kb": self.mem_limit_kb, "timeout": self.timeout}
            load = loadavg()
            tree = app_tree_hash()
            w = subprocess.run([self.python, "-c", WRAPPER, json.dumps(spec)], capture_output=True, text=True)
            if w.returncode != 0:
                raise RuntimeError(f"the measuring wrapper failed: {w.stderr[-2000:]}")
            r = json.loads(w.stdout.strip().splitlines()[-1])
            r["load_before"] = load
            r["app_tree"] = tree  # the engine this process ran (app/ may change while a run goes on)
            r["stdout_tail"] = Path(spec["stdout"]).read_text(errors="replace").strip().splitlines()[-3:]
            err = Path(spec["stderr"]).read_text(errors="replace").strip()
            r["ok"] = r["rc"] in ok_codes and not r["killed"]
            if not r["ok"]:
                r["stderr_tail"] = err.splitlines()[-15:]
            runs.append(r)
            if not r["ok"] or k + 1 < repeat and r["wall_s"] > 600:
                break
        best = min(runs, key=lambda r: (not r["ok"], r["wall_s"]))
        best = dict(best)
        best["peak_mb"] = max(r["maxrss_kb"] for r in runs) * 1024 / 1e6
        best["runs"] = len(runs)
        best["run_list"] = runs
        if len(runs) > 1:
            best["all_wall_s"] = [round(r["wall_s"], 3) for r in runs]
        return best


# ------------------------------------------------------------------------------------------------
# One size


def run_size(rn: Runner, name: str, folder: Path, n: int, skip_gui: bool, gui_args: list[str]) -> dict:
    py = rn.python
    tf = time_file(folder)
    users = folder / "users.csv"
    sizes = {p.name: p.stat().st_size for p in folder.glob("*.csv")}
    res: dict = {"rows": n, "counts": counts_for(n) if name != "floor" else None, "folder": str(folder),
                 "time_file": tf.name, "time_file_bytes": tf.stat().st_size, "export_bytes": sum(sizes.values()), "files": sizes}

    def baseline(when: str) -> list[dict]:
        b = rn.measure(f"{name}-baseline-{when}", [py, "-c", BASELINE, str(tf)], repeat=max(3, rn.repeat))  # cheap: best of 3 at least
        if not b["ok"]:
            raise SystemExit(f"the baseline failed: {b.get('stderr_tail')}")
        runs = []
        for r in b["run_list"]:
            if r["ok"]:
                x = dict(r)
                x.update(json.loads(r["stdout_tail"][-1]))
                x["peak_mb"] = r["maxrss_kb"] * 1024 / 1e6
                x["when"] = when
                runs.append(x)
        return runs

    # The baseline is short and uses every core (pyarrow): other work on the machine slows it more
    # than the single-threaded engine. It is measured before and after check and bundle, and the
    # fastest parse is kept; every run is in the JSON.
    say(f"[{name}] baseline: pandas.read_csv(pyarrow) on {tf.name} ({mb(tf.stat().st_size):,.1f} MB), best of 3 ...")
    base_runs = baseline("before")
    best = min(base_runs, key=lambda x: x["parse_s"])
    say(f"[{name}]   parse {best['parse_s']:.2f} s (process {best['wall_s']:.2f} s), peak {best['peak_mb']:,.0f} MB")

    for what, extra in (("check", []), ("bundle", ["--out", str(rn.workdir / f"bundle-{name}.zip")])):
        say(f"[{name}] {what}: python -m app {what} ... (a fresh process)")
        cmd = [py, "-m", "app", what, str(folder), "--users", str(users), "--quiet", *extra]
        r = rn.measure(f"{name}-{what}", cmd, ok_codes=(0, 1))
        r.pop("run_list")
        if what == "bundle":
            z = rn.workdir / f"bundle-{name}.zip"
            r["bundle_bytes"] = z.stat().st_size if z.exists() else None
            if z.exists():
                z.unlink()
        res[what] = r
        say(f"[{name}]   {status(r)} {r['wall_s']:.1f} s (cpu {r['cpu_s']:.1f} s), peak {r['peak_mb']:,.0f} MB = "
            f"{r['peak_mb'] * 1e6 / res['time_file_bytes']:.1f}x the file; exit {r['rc']}"
            + (" (blockers found, as expected)" if r["rc"] == 1 else ""))

    if name != "floor":
        # Where the check's time and memory go, and the least any reading of this export must do.
        say(f"[{name}] stages: the check stage by stage, and a plain pyarrow parse of the whole export ...")
        res["stages"] = {}
        for mode in ("engine", "raw"):
            r = rn.measure(f"{name}-stages-{mode}", [py, str(STAGES), mode, str(folder), "--users", str(users)])
            if r["ok"]:
                res["stages"][mode] = json.loads(r["stdout_tail"][-1])
                res["stages"][mode]["wall_s"] = r["wall_s"]
            else:
                say(f"[{name}]   stages ({mode}) {status(r)}: {r.get('stderr_tail', [])[-3:]}")

    say(f"[{name}] baseline again, best of 3 ...")
    base_runs += baseline("after")
    best = min(base_runs, key=lambda x: x["parse_s"])
    b = {k: best[k] for k in ("parse_s", "import_s", "wall_s", "cpu_s", "peak_mb", "rows", "columns", "load_before")}
    b["ok"] = True
    b["peak_mb"] = max(x["peak_mb"] for x in base_runs)
    b["all_parse_s"] = {w: [round(x["parse_s"], 3) for x in base_runs if x["when"] == w] for w in ("before", "after")}
    res["baseline"] = b
    for what in ("check", "bundle"):
        ratios(res[what], b, res["time_file_bytes"], res["export_bytes"])
    say(f"[{name}]   baseline parse {b['parse_s']:.2f} s (before: {b['all_parse_s']['before']}, after: {b['all_parse_s']['after']}); "
        f"check {res['check']['x_baseline']:.1f}x, bundle {res['bundle']['x_baseline']:.1f}x the baseline")

    if not skip_gui and name != "floor":
        say(f"[{name}] GUI: wizard offscreen, load + check + scroll the review table ...")
        out = rn.workdir / "logs" / f"{name}-gui.json"
        if out.exists():
            out.unlink()
        r = rn.measure(f"{name}-gui", [py, str(GUI_HARNESS), str(folder), "--users", str(users), "--json", str(out),
                                       "--timeout", str(rn.timeout), *gui_args])
        r.pop("run_list")
        if out.exists():
            r["harness"] = json.loads(out.read_text())
        r["x_file"] = r["peak_mb"] * 1e6 / res["time_file_bytes"]
        res["gui"] = r
        h = r.get("harness", {})
        if r["ok"]:
            say(f"[{name}]   first rows {h.get('first_rows_s', float('nan')):.1f} s, max stall {h.get('max_stall_ms_overall', 0):,.0f} ms "
                f"({', '.join(f'{k} {v:,.0f}' for k, v in h.get('max_stall_ms', {}).items())}), total {h.get('total_s', 0):.1f} s, "
                f"peak {r['peak_mb']:,.0f} MB")
        else:
            say(f"[{name}]   GUI FAILED: {status(r)} {h.get('error', '')[:300]} {r.get('stderr_tail', [])[-3:]}")
    return res


def ratios(r: dict, b: dict, file_bytes: int, export_bytes: int | None = None) -> None:
    r["x_baseline"] = r["wall_s"] / b["parse_s"]  # the headline: process wall time / parse time
    r["x_baseline_process"] = r["wall_s"] / b["wall_s"]  # both as whole processes (imports included)
    r["x_file"] = r["peak_mb"] * 1e6 / file_bytes
    # the whole export the command reads (contacts and matters too): its input
    r["x_export"] = r["peak_mb"] * 1e6 / export_bytes if export_bytes else None
    # peak over what `import pandas` + reading costs anyway (the baseline process's own peak)
    r["x_file_over_baseline_peak"] = max(r["peak_mb"] - b["peak_mb"], 0) * 1e6 / file_bytes


def status(r: dict) -> str:
    if r["killed"] == "memory":
        return "OUT OF MEMORY (killed at the memory limit)"
    if r["killed"] == "timeout":
        return "TIMED OUT"
    if not r["ok"]:
        return f"FAILED (exit {r['rc']})"
    return "ok"


# ------------------------------------------------------------------------------------------------
# Reporting


def mark(ok: bool | None) -> str:
    return "" if ok is None else (" ok" if ok else " MISS")


def verdicts(name: str, res: dict) -> dict[str, bool | None]:
    v: dict[str, bool | None] = {}
    c, b, g = res.get("check"), res.get("bundle"), res.get("gui")
    if c:
        v["check time <= 4x baseline"] = c["ok"] and c["x_baseline"] <= TARGETS["check_x_baseline"]
        v["check peak <= 3x file"] = c["ok"] and c["x_file"] <= TARGETS["mem_x_file"]
        v["check peak <= 3x export"] = c["ok"] and (c.get("x_export") or 1e9) <= TARGETS["mem_x_file"]
    if b:
        v["bundle time <= 6x baseline"] = b["ok"] and b["x_baseline"] <= TARGETS["bundle_x_baseline"]
        v["bundle peak <= 3x file"] = b["ok"] and b["x_file"] <= TARGETS["mem_x_file"]
        v["bundle peak <= 3x export"] = b["ok"] and (b.get("x_export") or 1e9) <= TARGETS["mem_x_file"]
    if g:
        h = g.get("harness", {})
        v["GUI first rows < 2 s"] = g["ok"] and h.get("first_rows_s", 1e9) < TARGETS["gui_first_rows_s"]
        v["GUI stall <= 100 ms"] = g["ok"] and h.get("max_stall_ms_overall", 1e9) <= TARGETS["gui_stall_ms"]
    if res["rows"] >= 5_000_000:
        v["5M completes (no OOM)"] = all(x["ok"] for x in (c, b, g) if x)
    return v


def size_table(name: str, res: dict) -> list[str]:
    lines = [f"{name}: {res['rows']:,} time entries; time-entry file {mb(res['time_file_bytes']):,.1f} MB, whole export "
             f"{mb(res['export_bytes']):,.1f} MB"]
    lines.append(f"  {'':<10} {'wall s':>9} {'x baseline':>11} {'cpu s':>8} {'peak MB':>9} {'x file':>7}  targets")
    b = res["baseline"]
    lines.append(f"  {'baseline':<10} {b['parse_s']:>9.2f} {1.0:>11.2f} {'':>8} {b['peak_mb']:>9,.0f} {b['peak_mb'] * 1e6 / res['time_file_bytes']:>7.1f}"
                 f"  (parse only; the process took {b['wall_s']:.2f} s)")
    for what, tt in (("check", TARGETS["check_x_baseline"]), ("bundle", TARGETS["bundle_x_baseline"])):
        r = res.get(what)
        if not r:
            continue
        lines.append(f"  {what:<10} {r['wall_s']:>9.2f} {r['x_baseline']:>11.1f} {r['cpu_s']:>8.1f} {r['peak_mb']:>9,.0f} {r['x_file']:>7.1f}"
                     f"  time <= {tt:g}x{mark(r['ok'] and r['x_baseline'] <= tt)}, memory <= 3x{mark(r['ok'] and r['x_file'] <= 3)}"
                     + ("" if r["ok"] else f"  [{status(r)}]"))
    whole = [f"{what} {res[what]['x_baseline_process']:.1f}x" for what in ("check", "bundle") if res.get(what, {}).get("ok")]
    if whole:
        lines.append(f"  {'':<10} whole process against whole process (the interpreter and imports in both): {', '.join(whole)}")
    g = res.get("gui")
    if g:
        h = g.get("harness", {})
        fr = h.get("first_rows_s")
        st = h.get("max_stall_ms_overall")
        lines.append(f"  {'GUI':<10} {h.get('total_s', g['wall_s']):>9.2f} {'':>11} {g['cpu_s']:>8.1f} {g['peak_mb']:>9,.0f} {g['x_file']:>7.1f}"
                     f"  first rows {fr if fr is None else round(fr, 2)} s (< 2 s{mark(fr is not None and fr < 2)}), "
                     f"max stall {st if st is None else round(st)} ms (<= 100 ms{mark(st is not None and st <= 100)})"
                     + ("" if g["ok"] else f"  [{status(g)}: {h.get('error', '')[:200]}]"))
        if h.get("max_stall_ms"):
            pad = " " * 12
            lines.append(pad + "max stall by phase (ms): " + ", ".join(f"{k} {v:,.0f}" for k, v in h["max_stall_ms"].items())
                         + f"; {h.get('stalls_over_100ms', 0)} probe firings late by > 100 ms")
            lines.append(pad + f"check done {fmt(h.get('checked_s'), '.1f')} s, Review page {fmt(h.get('review_page_s'), '.1f')} s, "
                         f"'show all' of the time entries took {fmt(h.get('show_all_s'), '.1f')} s on the GUI thread")
            ss, pf = h.get("scroll_step_ms", {}), h.get("paint_floor", {})
            lines.append(pad + f"scroll: {h.get('scroll', {}).get('steps', '-')} steps, paint per step median {ss.get('median', '-')} ms, "
                         f"max {ss.get('max', '-')} ms (a trivial model of the same shape: {pf.get('median_ms', '-')} ms)")
    return lines


def stage_table(res: dict) -> list[str]:
    """The check stage by stage (stages.py engine) beside the floor (stages.py raw), as multiples
    of the baseline parse and of the export's size."""
    st = res.get("stages") or {}
    eng, raw = st.get("engine"), st.get("raw")
    if not eng:
        return []
    base, export = res["baseline"]["parse_s"], res["export_bytes"]
    lines = ["  where the check's time goes (stages.py, one fresh process; times from the process's start):",
             f"    {'stage':<10} {'ends at s':>9} {'x baseline':>11} {'cpu s':>7} {'RSS MB':>8} {'x export':>9}    "
             f"floor (imports + plain pyarrow parse of the export)"]
    floor = {s["stage"]: s for s in (raw or {}).get("stages", [])}
    for s in eng["stages"]:
        f = floor.get(s["stage"])
        fl = f"{f['end_s']:.2f} s = {f['end_s'] / base:.1f}x, {f['rss_mb']:,.0f} MB = {f['rss_mb'] * 1e6 / export:.1f}x" if f else ""
        lines.append(f"    {s['stage']:<10} {s['end_s']:>9.2f} {s['end_s'] / base:>11.1f} {s['cpu_s']:>7.1f} {s['rss_mb']:>8,.0f} "
                     f"{s['rss_mb'] * 1e6 / export:>9.1f}    {fl}")
    return lines


def stages_markdown(results: dict) -> list[str]:
    out = ["| time entries | stage | ends at s (x baseline) | CPU s | RSS MB (x export) | floor: imports + plain parse, s (x baseline) / RSS MB (x export) |",
           "|---|---|---|---|---|---|"]
    for res in results.values():
        eng = (res.get("stages") or {}).get("engine")
        if not eng:
            continue
        base, export = res["baseline"]["parse_s"], res["export_bytes"]
        floor = {s["stage"]: s for s in ((res["stages"].get("raw") or {}).get("stages", []))}
        for s in eng["stages"]:
            f = floor.get(s["stage"])
            out.append(f"| {label(res['rows'])} | {s['stage']} | {s['end_s']:.2f} ({s['end_s'] / base:.1f}x) | {s['cpu_s']:.1f} | "
                       f"{s['rss_mb']:,.0f} ({s['rss_mb'] * 1e6 / export:.1f}x) | "
                       + (f"{f['end_s']:.2f} ({f['end_s'] / base:.1f}x) / {f['rss_mb']:,.0f} ({f['rss_mb'] * 1e6 / export:.1f}x) |" if f else "- |"))
    return out


def fmt(x, spec: str = ".1f", suffix: str = "") -> str:
    return "-" if x is None else f"{x:{spec}}{suffix}"


def markdown_summary(results: dict) -> list[str]:
    out = ["| time entries | file MB (export MB) | baseline parse s | check s (x baseline) | check peak MB (x file / x export) | bundle s (x baseline) "
           "| bundle peak MB (x file / x export) | GUI first rows s | GUI max stall ms | GUI total s | GUI peak MB |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, res in results.items():
        if name == "floor":
            continue
        b, c, bu, g = res["baseline"], res.get("check"), res.get("bundle"), res.get("gui")

        def cell(r):
            if not r:
                return "-", "-"
            t = f"{r['wall_s']:.1f} ({r['x_baseline']:.1f}x)" if r["ok"] else status(r)
            xe = f" / {r['x_export']:.1f}x" if r.get("x_export") else ""
            return t, f"{r['peak_mb']:,.0f} ({r['x_file']:.1f}x{xe})"

        ct, cm = cell(c)
        bt, bm = cell(bu)
        h = (g or {}).get("harness", {})
        gok = bool(g and g["ok"])
        out.append(f"| {label(res['rows'])} | {mb(res['time_file_bytes']):,.0f} ({mb(res['export_bytes']):,.0f}) | {b['parse_s']:.2f} | {ct} | {cm} | {bt} | {bm} | "
                   f"{fmt(h.get('first_rows_s'), '.1f') if gok else ('-' if not g else status(g))} | "
                   f"{fmt(h.get('max_stall_ms_overall'), ',.0f') if gok else '-'} | {fmt(h.get('total_s'), '.1f') if gok else '-'} | "
                   f"{fmt(g['peak_mb'], ',.0f') if g else '-'} |")
    return out


def scaling(results: dict) -> tuple[list[str], dict]:
    """Per-row cost of each size relative to the previous one: ~1 = linear, > 1 = worse than linear."""
    names = [k for k in results if k != "floor"]
    floor = results.get("floor")
    lines = ["per-row cost ratio (bigger size / smaller size; 1.0 = linear, below 1 = better, above 1 = worse):"]
    data: dict = {}

    def metrics(res):
        m = {"baseline parse": res["baseline"]["parse_s"]}
        for what in ("check", "bundle"):
            r = res.get(what)
            if r and r["ok"]:
                m[f"{what} wall"] = r["wall_s"]
                if floor and floor.get(what, {}).get("ok"):
                    m[f"{what} net of floor"] = max(r["wall_s"] - floor[what]["wall_s"], 1e-9)
                m[f"{what} peak RSS"] = r["peak_mb"]
        g = res.get("gui")
        if g and g["ok"]:
            h = g.get("harness", {})
            if h.get("checked_s") is not None:
                m["GUI check done"] = h["checked_s"]
            if h.get("first_rows_s") is not None:
                m["GUI first rows"] = h["first_rows_s"]
            m["GUI peak RSS"] = g["peak_mb"]
        return m

    for a, b in zip(names, names[1:]):
        ra, rb = results[a], results[b]
        ma, mb_ = metrics(ra), metrics(rb)
        k = rb["rows"] / ra["rows"]
        pair = {}
        for key in ma:
            if key in mb_ and ma[key] > 0:
                pair[key] = (mb_[key] / rb["rows"]) / (ma[key] / ra["rows"])
        data[f"{b}/{a}"] = pair
        lines.append(f"  {b} vs {a} ({k:g}x the rows): " + ", ".join(f"{key} {v:.2f}" for key, v in pair.items()))
    return lines, data


# ------------------------------------------------------------------------------------------------


def default_python() -> str:
    venv = ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    return str(venv) if venv.exists() else sys.executable


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="100k,1M,5M", help="time-entry counts, comma-separated (default 100k,1M,5M)")
    p.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "clio-prep-bench"),
                   help="where the exports, bundles and logs go (default: %(default)s); exports are reused between runs")
    p.add_argument("--skip-gui", action="store_true", help="leave out the GUI measurements")
    p.add_argument("--skip-5m", action="store_true", help="leave out sizes of 5M time entries and more")
    p.add_argument("--no-floor", action="store_true", help="leave out the 1,000-row floor (fixed cost) measurement")
    p.add_argument("--repeat", type=int, default=1, help="run each measurement N times and keep the fastest (default 1)")
    p.add_argument("--seed", type=int, default=1, help="seed for make_large.py (default 1)")
    p.add_argument("--python", default=default_python(), help="the interpreter that runs clio-prep (default: the repo's .venv)")
    p.add_argument("--mem-limit-gb", type=float, default=None,
                   help="kill a measured process above this RSS and report it out of memory (default: 90%% of the memory available at the start)")
    p.add_argument("--timeout", type=float, default=3600, help="seconds before a measured process is killed (default 3600)")
    p.add_argument("--gui-page-steps", type=int, default=100, help="GUI: page-by-page scroll steps from the top (default 100)")
    p.add_argument("--gui-jump-steps", type=int, default=300, help="GUI: then even jumps to the bottom (default 300)")
    p.add_argument("--out", help="results JSON (default benchmarks/results-<date>.json)")
    a = p.parse_args(argv)

    sizes = [parse_size(s) for s in a.sizes.split(",") if s.strip()]
    if a.skip_5m:
        sizes = [n for n in sizes if n < 5_000_000]
    sizes = sorted(set(sizes))
    workdir = Path(a.workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    avail = meminfo().get("MemAvailable", 0)
    limit_kb = int(a.mem_limit_gb * 2**20) if a.mem_limit_gb else int(avail * 0.9 / 1024)
    started = dt.datetime.now()
    t_all = time.perf_counter()

    m = machine(a.python)
    code = code_state()
    v = m["versions"]
    say(f"Machine: {m['cpu']}, {m['cores']} cores ({m['cores_usable']} usable), {m['ram_gb']} GB RAM "
        f"({m['mem_available_gb']} GB available), {m['os']}")
    say(f"Python {v['python']}; " + ", ".join(f"{k} {val}" for k, val in v.items() if k not in ("python", "implementation")))
    say(f"Engine: commit {code.get('commit')}, app/ tree {code['app_tree_sha256']}"
        + (f", uncommitted changes in {len(code.get('app_uncommitted_changes', []))} file(s) of app/" if code.get("app_uncommitted_changes") else ""))
    say(f"Load average now: {loadavg()} (other work on this machine skews wall times; cpu s is less sensitive)")
    say(f"Sizes: {', '.join(label(n) for n in sizes)}; work folder {workdir}; memory limit per process {limit_kb / 2**20:.1f} GB")
    say()

    rn = Runner(a.python, workdir, limit_kb, a.timeout, max(1, a.repeat))
    gui_args = ["--page-steps", str(a.gui_page_steps), "--jump-steps", str(a.gui_jump_steps)]
    results: dict = {}
    plan = ([] if a.no_floor else [("floor", 1000)]) + [(label(n), n) for n in sizes]
    for name, n in plan:
        counts = {"time_entries": n, "contacts": 2000, "matters": 2000} if name == "floor" else counts_for(n)
        folder = ensure_dataset(a.python, workdir, name, counts, a.seed)
        t0 = time.perf_counter()
        results[name] = run_size(rn, name, folder, n, a.skip_gui, gui_args)
        results[name]["counts"] = counts
        results[name]["verdicts"] = verdicts(name, results[name])
        say(f"[{name}] measured in {time.perf_counter() - t0:.0f} s")
        say()

    say("=" * 100)
    say(f"clio-prep scale benchmarks, {started:%Y-%m-%d %H:%M}; {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; "
        f"Python {v['python']}, pandas {v.get('pandas')}, pyarrow {v.get('pyarrow')}, PySide6 {v.get('PySide6-Essentials')}")
    say(f"engine: commit {code.get('commit')}, app/ tree {code['app_tree_sha256']}"
        + (" (with uncommitted changes)" if code.get("app_uncommitted_changes") else ""))
    say()
    for name, res in results.items():
        for line in size_table(name, res) + stage_table(res):
            say(line)
        if res["verdicts"]:
            say("  targets: " + ", ".join(f"{k}:{mark(ok)}" for k, ok in res["verdicts"].items()))
        say()
    trees = sorted({r.get("app_tree") for res in results.values() for k in ("check", "bundle", "gui") if (r := res.get(k))} - {None})
    if len(trees) > 1:
        say(f"WARNING: app/ changed during this run ({', '.join(trees)}): the sizes did not all measure the same engine. Run again.")
        say()
    lines, scale = scaling(results)
    for line in lines:
        say(line)
    say()
    say("Summary (Markdown, for benchmarks/README.md):")
    say()
    for line in markdown_summary(results):
        say(line)
    say()
    if any(res.get("stages") for res in results.values()):
        for line in stages_markdown(results):
            say(line)
        say()

    out = Path(a.out) if a.out else HERE / f"results-{started:%Y-%m-%d}.json"
    doc = {"started": started.isoformat(timespec="seconds"), "seconds": round(time.perf_counter() - t_all, 1), "machine": m, "code": code,
           "targets": TARGETS, "args": vars(a), "load_average_end": loadavg(), "app_trees_measured": trees, "results": results, "scaling": scale,
           "summary_markdown": markdown_summary(results), "stages_markdown": stages_markdown(results)}
    out.write_text(json.dumps(doc, indent=1, default=str), encoding="utf-8")
    say(f"Written: {out} (total {time.perf_counter() - t_all:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
