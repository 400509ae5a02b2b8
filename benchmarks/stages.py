"""Where a check's time and memory go, stage by stage, in one fresh process (run by run.py).

    python benchmarks/stages.py engine FOLDER --users USERS.csv   # the check, as `clio-prep check` runs it
    python benchmarks/stages.py raw FOLDER                         # the least any reading must do

"engine" runs what `python -m app check FOLDER --users USERS --quiet` runs (app.cli's Session:
read, analyse, check), with a timestamp and the RSS after each stage:

  imports   from the process's start (the kernel's start time in /proc/self/stat) to the engine
            imported: the interpreter, pandas, pyarrow, numpy and the engine's modules;
  read      every file of the export read into the engine's tables (parse, checks of the file's
            shape, checksums);
  analyse   what each file is and how its columns map;
  check     preparation (parsing every value, resolving references) and every rule, findings
            sorted.

"raw" is a floor for the reading stage: the same interpreter and imports, then pyarrow's CSV
parser on every CSV of the export, to Arrow string columns kept in memory, nothing else (no
checks, no pandas columns). Any reading of the export must at least do this.

Prints one JSON line: {"mode", "stages": [{"stage", "end_s", "rss_mb", "peak_mb"}], ...}. Linux
only for the process start time (elsewhere the imports stage starts when this script does).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

T_SCRIPT = time.monotonic()


def since_start() -> float:
    """Seconds since this process started (the kernel's record), else since the script started."""
    try:
        with open("/proc/self/stat") as fh:
            start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as fh:
            uptime = float(fh.read().split()[0])
        return max(uptime - start_ticks / os.sysconf("SC_CLK_TCK"), time.monotonic() - T_SCRIPT)
    except (OSError, ValueError, IndexError):
        return time.monotonic() - T_SCRIPT


OFFSET = since_start() - (time.monotonic() - T_SCRIPT)  # process start -> T_SCRIPT, once


def now() -> float:
    return OFFSET + time.monotonic() - T_SCRIPT


def rss_mb() -> float:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


stages: list[dict] = []


def mark(stage: str) -> None:
    stages.append({"stage": stage, "end_s": round(now(), 3), "cpu_s": round(cpu_s(), 3),
                   "rss_mb": round(rss_mb(), 1), "peak_mb": round(peak_mb(), 1)})


def engine(folder: str, users: str) -> dict:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from app.core.roster import read_roster
    from app.core.session import Firm, Session

    mark("imports")
    s = Session([folder], Firm(region="us"), read_roster(users))
    s.read()
    mark("read")
    preview = s.analyse()
    mark("analyse")
    result = s.check(preview=preview)
    mark("check")
    return {"findings": len(result.findings), "records": sum(t.records for t in s.tables)}


def raw(folder: str) -> dict:
    from pathlib import Path

    import pandas  # noqa: F401 - the engine's imports, so that the stage compares like with like
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        pa.jemalloc_set_decay_ms(0)  # the engine's memory settings (app/core/columns.py)
    except (NotImplementedError, AttributeError, OSError):
        pass
    mark("imports")
    rows, tables = 0, []  # every table kept, as the engine keeps them
    for p in sorted(Path(folder).glob("*.csv")):
        if p.name == "users.csv":
            continue
        with open(p, "rb") as fh:
            names = next(iter(fh)).decode("utf-8-sig").rstrip("\r\n").split(",")
        t = pacsv.read_csv(p, read_options=pacsv.ReadOptions(use_threads=True, block_size=8 << 20),
                           parse_options=pacsv.ParseOptions(newlines_in_values=True),
                           convert_options=pacsv.ConvertOptions(column_types={n.strip('"'): pa.string() for n in names}))
        rows += t.num_rows
        tables.append(t)
    mark("read")
    return {"records": rows}


def main(argv: list[str]) -> int:
    mode, folder = argv[0], argv[1]
    users = argv[argv.index("--users") + 1] if "--users" in argv else os.path.join(folder, "users.csv")
    extra = engine(folder, users) if mode == "engine" else raw(folder)
    print(json.dumps({"mode": mode, "stages": stages, **extra}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
