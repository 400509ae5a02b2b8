"""Where the GUI's stalls come from: the GUI harness run with a sampler of every thread's stack.

    python benchmarks/stall_sampler.py FOLDER --users USERS.csv [--top 8] [harness options]

A daemon thread records, every 2 ms, the Python stack of every thread (sys._current_frames()).
When the harness is done, this prints for its worst stalls what the GUI thread and the workers
were doing, and the longest gaps between samples: a gap is a stretch in which the sampler could
not run, that is some thread held the interpreter lock (the stacks before and after it show
which call). Times are seconds from the harness's start (`t_start_perf_counter` in its JSON).
A developer's tool, like the harness: it prints, it decides nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import sys
import tempfile
import threading
import time
from pathlib import Path

HARNESS = Path(__file__).with_name("gui_harness.py")
SKIP = ("threading.py", "<frozen", "_base.py", "thread.py", "runpy", "gui_harness.py", "stall_sampler.py")


def _stack(frame, depth: int = 8) -> str:
    out = []
    while frame is not None and len(out) < depth:
        name = os.path.basename(frame.f_code.co_filename)
        if not name.startswith(SKIP):
            out.append(f"{name}:{frame.f_code.co_name}:{frame.f_lineno}")
        frame = frame.f_back
    return " < ".join(out)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--top", type=int, default=8)
    p.add_argument("--gui-window", metavar="A:B", help="also print what the GUI thread was doing between A and B seconds "
                   "(samples counted per stack, most first), e.g. 1.5:2.5 for the moments before the first rows show")
    args, rest = p.parse_known_args()
    out_json = Path(tempfile.mkdtemp(prefix="clio-prep-stalls-")) / "gui.json"
    gui_thread = threading.get_ident()
    samples: list[tuple[float, str, list[str]]] = []
    stop = threading.Event()

    def sample() -> None:
        me = threading.get_ident()
        while not stop.is_set():
            t = time.perf_counter()
            frames = sys._current_frames()
            others = [_stack(f) for tid, f in frames.items() if tid not in (me, gui_thread)]
            samples.append((t, _stack(frames.get(gui_thread)), [s for s in others if s]))
            time.sleep(0.002)

    def report() -> None:
        stop.set()
        try:
            d = json.loads(out_json.read_text())
        except (OSError, ValueError):
            print("the harness wrote no figures")
            return
        t0 = d["t_start_perf_counter"]
        print(f"first rows {d.get('first_rows_s')} s, longest stall {d.get('max_stall_ms_overall')} ms, worker {d.get('worker')}")
        for ms, phase, a, b in d.get("worst_stalls", [])[: args.top]:
            print(f"\n== stall {ms} ms ({phase}) {a:.3f}-{b:.3f} s")
            last = None
            for t, gui, others in samples:
                if a - 0.01 <= t - t0 <= b + 0.005 and (gui, others) != last:
                    print(f"  {t - t0:.3f} GUI[{gui[:140]}]  workers{[o[:120] for o in others]}")
                    last = (gui, others)
        if args.gui_window:
            a, b = (float(x) for x in args.gui_window.split(":"))
            counts: dict[str, int] = {}
            for t, gui, _others in samples:
                if a <= t - t0 <= b:
                    counts[gui or "(in Qt, or waiting for the interpreter lock)"] = counts.get(gui or "(in Qt, or waiting for the interpreter lock)", 0) + 1
            print(f"\n== the GUI thread from {a:.3f} to {b:.3f} s (samples every ~2 ms)")
            for stack, n in sorted(counts.items(), key=lambda kv: -kv[1])[:30]:
                print(f"  {n:4d}  {stack[:220]}")
        gaps = sorted(((b[0] - a[0], a, b) for a, b in zip(samples, samples[1:])), key=lambda g: -g[0])[: args.top]
        print("\n== longest gaps between samples (a thread held the interpreter lock)")
        for g, a, b in gaps:
            print(f"  {a[0] - t0:.3f}-{b[0] - t0:.3f} s ({g * 1000:.0f} ms)")
            for o in a[2]:
                print(f"     before: {o[:200]}")
            for o in b[2]:
                print(f"     after:  {o[:200]}")

    real_exit = os._exit

    def exit_with_report(code: int) -> None:  # the harness ends with os._exit
        report()
        sys.stdout.flush()
        real_exit(code)

    os._exit = exit_with_report
    threading.Thread(target=sample, name="stall-sampler", daemon=True).start()
    sys.argv = [str(HARNESS), *rest, "--json", str(out_json)]
    runpy.run_path(str(HARNESS), run_name="__main__")
    report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
