"""How long the records table takes to repaint while another thread keeps the interpreter busy.

    python benchmarks/paint_under_load.py [--rows 200] [--repeat 7]

The wizard's window and its worker share one interpreter. Painting a screen of the records table
calls into Python for every cell; while the worker runs Python code, each such call first waits
for the interpreter lock, up to the switch interval (5 ms by default). This prints the repaint
time of a 1200x700 table (about 250 visible cells) with the worker idle, running a Python loop,
and running numpy (which lets go of the lock), for the switch intervals 5 ms and 1 ms, and with
the model answering all of a cell's roles in one call (`RecordsModel.multiData`, as shipped) or
one call per role (Qt's default). Figures, not a test: the median of --repeat repaints, and the
ratio to the idle repaint measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from PySide6.QtCore import QAbstractTableModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from app.core.columns import text_column  # noqa: E402
from app.core.reader import Table  # noqa: E402
from app.gui.models import RecordsModel  # noqa: E402


class PerRoleModel(RecordsModel):
    """The same model answering one role per call (Qt's default multiData)."""

    def multiData(self, index, span) -> None:  # noqa: N802 - Qt override
        QAbstractTableModel.multiData(self, index, span)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=200)
    p.add_argument("--repeat", type=int, default=7)
    args = p.parse_args()
    app = QApplication.instance() or QApplication([])
    frame = pd.DataFrame({f"Column {j}": text_column([f"value {i} {j}" for i in range(args.rows)]) for j in range(10)})
    table = Table(path="records.csv", origin="records.csv")
    table.columns, table.frame, table.rows = list(frame.columns), frame, np.arange(args.rows) + 2

    stop = threading.Event()

    def python_loop() -> None:
        x = 0
        while not stop.is_set():
            for i in range(1000):
                x += i * i

    def numpy_sort() -> None:
        a = np.random.default_rng(1).random(3_000_000)
        while not stop.is_set():
            np.sort(a)

    def repaint_ms(view: QTableView, model: RecordsModel) -> float:
        times = []
        for _ in range(args.repeat):
            model._blocks = {}  # noqa: SLF001 - a cold cache, as after a page change
            t = time.perf_counter()
            view.viewport().repaint()
            times.append((time.perf_counter() - t) * 1000)
        return float(np.median(times))

    print(f"{'model':<22}{'worker':<14}{'switch':>8}{'repaint ms':>12}{'x idle':>8}")
    for label, cls in (("one call per cell", RecordsModel), ("one call per role", PerRoleModel)):
        model = cls()
        model.set_table(table)
        view = QTableView()
        view.setModel(model)
        view.resize(1200, 700)
        view.show()
        app.processEvents()
        sys.setswitchinterval(0.005)
        idle = repaint_ms(view, model)
        print(f"{label:<22}{'idle':<14}{'':>8}{idle:>12.1f}{1.0:>8.1f}")
        for worker_label, fn in (("Python loop", python_loop), ("numpy", numpy_sort)):
            for interval in (0.005, 0.001):
                sys.setswitchinterval(interval)
                stop.clear()
                th = threading.Thread(target=fn, daemon=True)
                th.start()
                time.sleep(0.1)
                ms = repaint_ms(view, model)
                stop.set()
                th.join()
                print(f"{label:<22}{worker_label:<14}{interval * 1000:>6.0f}ms{ms:>12.1f}{ms / idle:>8.1f}")
        view.close()
    sys.setswitchinterval(0.005)
    return 0


if __name__ == "__main__":
    sys.exit(main())
