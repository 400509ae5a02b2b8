# ruff: noqa: TID251 - Qt is banned only in the engine (app/core); this harness drives the wizard.
"""GUI scale benchmark: the wizard, offscreen, on a large export. Run by benchmarks/run.py in a
fresh process; it can also be run alone:

    python benchmarks/gui_harness.py FOLDER --users USERS.csv --json OUT.json

What it does, as a user would (nothing here is timed by a test: it prints and writes figures):

1. builds the wizard (app.gui.main.build(autosave=None)) and shows it on the offscreen platform;
2. starts a 10 ms "probe" QTimer (PreciseTimer) that records its own lateness: how much later than
   10 ms after its previous firing it ran. A late probe is a stall of the GUI thread's event loop
   (work on the GUI thread, or a worker thread holding the GIL);
3. puts the export folder into the session (Session([folder], Firm(region="us"), read_roster(users))),
   then presses Next from the Welcome page to the Review page, as soon as each page is complete
   (the Files page is complete once the files are read and mapped; the check then runs on the
   worker while the Review page shows the records of the biggest file, the time entries);
4. "first rows" is the first moment the Review page's records table shows the time-entry file's
   first record (row 0 holds its Note and Matter Name), during the check or after it; once the
   check is done, it ticks "Show all records of the file" and picks a finding group of the
   time-entry file (for the scrolling, with the problems marked);
5. scrolls the table from top to bottom: page by page for the first --page-steps pages, then in
   --jump-steps even jumps to the last row, painting the viewport after every step.

The JSON written holds: first_rows_s (from step 3 to step 4), checked_s (the worker's check done),
the maximum probe lateness per phase (load = step 3-4, settle, scroll) and overall, the number of
stalls over 100 ms, the slowest scroll steps, total_s, and the PySide6 reference-leak probe (see
below).

PySide6 6.12.0 on Python 3.11 leaks a reference to None each time a Python data() override returns
None, and to True on every Signal.emit(); scrolling a million rows would abort the process with
"Fatal Python error: none_dealloc" long before the bottom (tests/gui/test_gui_refcounts.py pins the
bug). Like tests/gui/conftest.py, the harness gives the three singletons a large reserve of
references when the leak is present, so that the figures can be measured; it reports that it did
("pyside_leak") and how many references were lost during the run. The real app on that
combination would not survive the same scrolling.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("CLIO_PREP_DATA_DIR", tempfile.mkdtemp(prefix="clio-prep-bench-data-"))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

STALL_LIMIT_MS = 100.0


def singleton_leaks() -> tuple[dict[str, int], bool]:
    """How many references to True / None 50 emits / 50 None-returning data() calls lose, and
    whether that is the leak: the tests' own probe (tests/gui/pyside_probe.py), loaded by path."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("pyside_probe", ROOT / "tests" / "gui" / "pyside_probe.py")
    probe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(probe)
    return probe.SINGLETON_LEAKS, probe.PYSIDE_LEAKS_SINGLETONS


def paint_floor(width: int, height: int, columns: int, steps: int = 40) -> dict:
    """What one scroll step costs on this machine and platform with a trivial model of the same
    shape (text in every cell, nothing else): the floor under the Review table's scroll figures."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QTableView

    class Trivial(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):  # noqa: N802
            return 0 if parent.isValid() else 1_000_000

        def columnCount(self, parent=QModelIndex()):  # noqa: N802
            return 0 if parent.isValid() else columns

        def data(self, index, role=Qt.DisplayRole):
            return f"value {index.row()}/{index.column()}" if role == Qt.DisplayRole else None

    view = QTableView()
    model = Trivial(view)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.resize(width, height)
    view.show()
    from PySide6.QtWidgets import QApplication

    for _ in range(5):
        QApplication.processEvents()
    bar = view.verticalScrollBar()
    times = []
    for k in range(1, steps + 1):
        t = time.perf_counter()
        bar.setValue(k * max(bar.pageStep(), 1))
        view.viewport().repaint()
        times.append((time.perf_counter() - t) * 1000.0)
    view.hide()
    view.deleteLater()
    times.sort()
    return {"median_ms": round(times[len(times) // 2], 1), "max_ms": round(times[-1], 1), "size": [width, height], "columns": columns}


def first_record(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return next(csv.DictReader(fh))


def find_time_file(folder: Path) -> Path:
    hits = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv" and "time" in p.name.lower())
    if not hits:
        raise SystemExit(f"no time-entry CSV in {folder}")
    return hits[0]


def _qobject():
    from PySide6.QtCore import QObject

    return QObject


class Harness(_qobject()):
    def __init__(self, args) -> None:
        from PySide6.QtCore import Qt, QTimer
        from PySide6.QtWidgets import QApplication

        super().__init__()

        self.args = args
        self.folder = Path(args.folder).resolve()
        self.users = Path(args.users).resolve()
        self.time_file = find_time_file(self.folder)
        rec = first_record(self.time_file)
        self.first_values = {rec.get("Note", ""), rec.get("Matter Name", "")} - {""}
        self.result: dict = {"folder": str(self.folder), "time_file": self.time_file.name, "phases": {}, "events": []}
        self.phase = "build"
        self.probe_phase = "build"
        self.max_late: dict[str, float] = {}
        self.stalls: list[tuple[float, str, float, float]] = []  # (lateness ms, phase, from s, to s)
        self.over_limit = 0
        self.probe_count = 0

        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        t0 = time.perf_counter()
        from app.gui import dialogs
        from app.gui.main import build

        # Dialogs would block offscreen: record them instead (an error dialog ends the run).
        dialogs.show_error = lambda parent, title, text: self.fail(f"error dialog: {title}: {text}")
        dialogs.show_info = lambda parent, title, text: self.event(f"info dialog: {title}")
        dialogs.ask_yes_no = lambda parent, title, text: (self.event(f"question: {title} -> yes"), True)[1]
        self.wizard = build(autosave=None)
        self.wizard.show()
        self.app.processEvents()
        self.result["build_s"] = time.perf_counter() - t0

        self.t_start = 0.0
        self.last = time.perf_counter()
        self.probe = QTimer()
        self.probe.setTimerType(Qt.PreciseTimer)
        self.probe.setInterval(10)
        self.probe.timeout.connect(self.on_probe)
        self.driver = QTimer()
        self.driver.setInterval(20)
        self.driver.timeout.connect(self.on_drive)
        self.deadline = None
        self.state = "start"
        self.state_since = time.perf_counter()
        self.scroll_plan: list[int] = []
        self.step_ms: list[tuple[float, int]] = []
        self.step_gen = 0
        self.step_t = 0.0
        self.step_target = 0
        self.waiting_paint = False
        self.paint_misses = 0
        self.calibration_s = 0.0

    # -- bookkeeping
    def now(self) -> float:
        return time.perf_counter() - self.t_start

    def event(self, what: str) -> None:
        self.result["events"].append([round(self.now(), 3), what])

    def set_phase(self, name: str) -> None:
        """Phases: name -> when it started (s after the start)."""
        self.phase = name
        self.result["phases"].setdefault(name, round(self.now(), 3))
        self.event(f"phase {name}")

    def fail(self, why: str) -> None:
        self.result["error"] = why
        self.event(why)
        self.finish()

    def on_probe(self) -> None:
        t = time.perf_counter()
        late = (t - self.last - 0.010) * 1000.0
        self.last = t
        self.probe_count += 1
        phase = self.probe_phase  # a stall belongs to the phase in which it began
        self.probe_phase = self.phase
        if late > self.max_late.get(phase, -1.0):
            self.max_late[phase] = late
        if late > STALL_LIMIT_MS:
            self.over_limit += 1
        if late > 20:
            end = self.now()
            self.stalls.append((round(late, 1), phase, round(end - late / 1000.0, 3), round(end, 3)))  # ms, phase, from s, to s
        if "first_rows_s" not in self.result and self.phase == "load" and self.shows_first_rows():
            self.result["first_rows_s"] = self.now()
            self.event("first rows of the time-entry file shown")

    # -- the review page
    def review(self):
        from app.gui.wizard import PageId

        return self.wizard.page(PageId.REVIEW)

    def records_view(self):
        return self.review().view

    def shows_first_rows(self) -> bool:
        from PySide6.QtCore import Qt

        from app.gui.wizard import PageId

        if self.wizard.currentId() != PageId.REVIEW:  # on screen, not just loaded in the page's model
            return False
        view = self.records_view()
        m = view.model()
        if m is None or m.rowCount() == 0:
            return False
        cells = {m.index(0, c).data(Qt.DisplayRole) for c in range(m.columnCount())}
        return self.first_values <= cells

    def choose_time_group(self) -> bool:
        """Tick 'Show all records of the file' and select a finding group of the time-entry file."""
        from PySide6.QtCore import Qt

        page = self.review()
        if not page.show_all.isChecked():
            page.show_all.setChecked(True)
        tree = page.tree
        name = self.time_file.name
        cur = tree.currentItem()
        if cur is not None:
            data = cur.data(0, Qt.UserRole)
            if data and data[1] and Path(data[1]).name == name:
                return True
        for i in range(tree.topLevelItemCount()):
            top = tree.topLevelItem(i)
            for j in range(top.childCount()):
                ch = top.child(j)
                data = ch.data(0, Qt.UserRole)
                if data and data[1] and Path(data[1]).name == name:
                    tree.setCurrentItem(ch)
                    return True
        return False

    # -- the run
    def start(self) -> None:
        from app.core.roster import read_roster
        from app.core.session import Firm, Session

        # Connected after the pages' own handlers: this is when the check's result has been shown.
        self.wizard.checked.connect(lambda: self.result.setdefault("checked_s", self.now()) and None)
        self.t_start = time.perf_counter()
        self.result["t_start_perf_counter"] = self.t_start  # to line up outside samplers with these times
        self.deadline = self.t_start + self.args.timeout
        self.last = time.perf_counter()
        self.probe.start()
        self.driver.start()
        self.set_phase("load")
        self.probe_phase = "load"
        session = Session([str(self.folder)], Firm(name="Benchmark firm", region="us"), read_roster(self.users))
        session.users_file = str(self.users)
        self.time_worker(session)
        self.wizard.session = session
        self.wizard.edited.emit()

    def time_worker(self, session) -> None:
        """Record when the engine's read() and check() run (on the worker thread): stalls can then
        be told apart as the worker's (GIL) or the GUI thread's own (before/after the result)."""
        spans = self.result.setdefault("worker", [])

        def timed(name, fn):
            def wrapper(*a, **k):
                t = self.now()
                try:
                    return fn(*a, **k)
                finally:
                    spans.append([name, round(t, 3), round(self.now(), 3)])
            return wrapper

        session.read = timed("read", session.read)
        session.check = timed("check", session.check)

    def goto(self, state: str) -> None:
        self.state = state
        self.state_since = time.perf_counter()

    def on_drive(self) -> None:
        try:
            self._drive()
        except Exception:  # noqa: BLE001 - the harness reports and ends
            self.fail("harness error:\n" + traceback.format_exc())

    def _drive(self) -> None:
        from app.gui.wizard import PageId

        w = self.wizard
        if time.perf_counter() > self.deadline:
            self.fail(f"timed out after {self.args.timeout:.0f} s in state {self.state} (page {w.currentId()})")
            return
        if self.state == "start":
            # Next, page after page, each once it is complete (the Files page reads and checks).
            if w.currentId() == PageId.REVIEW:
                self.result["review_page_s"] = self.now()
                self.event("on the review page")
                self.goto("pick")
                return
            page = w.currentPage()
            if not page.isComplete():  # the page decides (after reading, the check may still run)
                if time.perf_counter() - self.state_since > self.args.timeout:
                    self.fail(f"page {w.currentId()} never became complete")
                return
            before = w.currentId()
            w.next()
            self.event(f"next: page {before} -> {w.currentId()}")
            if w.currentId() == before:
                self.fail(f"Next did not leave page {before}")
            self.state_since = time.perf_counter()
        elif self.state == "pick":
            if w.runner.busy or w.session.result is None:
                return
            self.result["review_ready_s"] = self.now()  # findings listed, the first group's records shown
            t = time.perf_counter()
            if not self.choose_time_group():
                self.fail("the review page lists no finding group for the time-entry file")
                return
            self.result["show_all_s"] = time.perf_counter() - t  # ticking "show all" + choosing the file, on the GUI thread
            self.event("time-entry file chosen, all records")
            self.goto("wait_rows")
        elif self.state == "wait_rows":
            if "first_rows_s" not in self.result and self.shows_first_rows():
                self.result["first_rows_s"] = self.now()
                self.event("first rows of the time-entry file shown")
            if "first_rows_s" in self.result:
                self.set_phase("settle")
                self.goto("settle")
            elif time.perf_counter() - self.state_since > self.args.timeout:
                self.fail("the records table never showed the first record of the time-entry file")
        elif self.state == "settle":
            if w.runner.busy or time.perf_counter() - self.state_since < self.args.settle:
                return
            self.plan_scroll()
            self.set_phase("scroll")
            self.goto("scroll")
            self.driver.stop()
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self.scroll_step)

    def plan_scroll(self) -> None:
        view = self.records_view()
        bar = view.verticalScrollBar()
        n = view.model().rowCount()
        self.result["rows_in_table"] = n
        page = max(bar.pageStep(), 1)
        top = bar.maximum()
        plan = [min(k * page, top) for k in range(1, self.args.page_steps + 1)]
        start = plan[-1] if plan else 0
        steps = max(self.args.jump_steps, 1)
        plan += [start + (top - start) * k // steps for k in range(1, steps + 1)]
        plan.append(top)
        self.scroll_plan = plan
        vp = view.viewport()
        self.probe.stop()  # the calibration is not a stall of the app, nor part of its time
        t = time.perf_counter()
        self.result["paint_floor"] = paint_floor(vp.width(), vp.height(), view.model().columnCount())
        self.calibration_s = time.perf_counter() - t
        self.last = time.perf_counter()
        self.probe_phase = "scroll"
        self.probe.start()
        view.viewport().installEventFilter(self)
        self.result["scroll"] = {"rows": n, "scrollbar_max": top, "page_step": page, "steps": len(plan)}

    def scroll_step(self) -> None:
        """Move the scroll bar to the next target; the next step starts once the viewport has
        painted (one paint per step, as after a wheel turn or Page Down)."""
        from PySide6.QtCore import QTimer

        try:
            view = self.records_view()
            bar = view.verticalScrollBar()
            if not self.scroll_plan:
                self.result["scroll"]["reached_bottom"] = bar.value() == bar.maximum()
                self.set_phase("done")
                self.finish()
                return
            if time.perf_counter() > self.deadline:
                self.fail("timed out while scrolling")
                return
            target = self.scroll_plan.pop(0)
            if bar.value() == target:
                QTimer.singleShot(0, self.scroll_step)
                return
            self.step_gen += 1
            gen = self.step_gen
            self.step_target = target
            self.step_t = time.perf_counter()
            self.waiting_paint = True
            bar.setValue(target)
            QTimer.singleShot(2000, lambda: self.paint_missed(gen))
        except Exception:  # noqa: BLE001
            self.fail("harness error while scrolling:\n" + traceback.format_exc())

    def eventFilter(self, obj, ev) -> bool:  # noqa: N802 - Qt override, on the records viewport
        from PySide6.QtCore import QEvent, QTimer

        if self.waiting_paint and ev.type() == QEvent.Paint:
            self.waiting_paint = False
            gen = self.step_gen
            QTimer.singleShot(0, lambda: self.painted(gen))  # runs once this paint is done
        return False

    def painted(self, gen: int) -> None:
        from PySide6.QtCore import QTimer

        if gen != self.step_gen:
            return
        self.step_ms.append(((time.perf_counter() - self.step_t) * 1000.0, self.step_target))
        QTimer.singleShot(0, self.scroll_step)

    def paint_missed(self, gen: int) -> None:
        from PySide6.QtCore import QTimer

        if gen != self.step_gen or not self.waiting_paint:
            return
        self.waiting_paint = False
        self.paint_misses += 1
        self.step_gen += 1
        QTimer.singleShot(0, self.scroll_step)

    def finish(self) -> None:
        if self.result.get("_finished"):
            return
        self.result["_finished"] = True
        self.probe.stop()
        self.driver.stop()
        r = self.result
        r["total_s"] = self.now() - self.calibration_s
        r["max_stall_ms"] = {k: round(v, 1) for k, v in self.max_late.items()}
        r["max_stall_ms_overall"] = round(max(self.max_late.values(), default=0.0), 1)
        r["stalls_over_100ms"] = self.over_limit
        r["probe_firings"] = self.probe_count
        r["worst_stalls"] = sorted(self.stalls, reverse=True)[:10]
        if self.step_ms:
            ms = sorted(x[0] for x in self.step_ms)
            r["scroll_step_ms"] = {"max": round(ms[-1], 1), "median": round(ms[len(ms) // 2], 1),
                                   "p95": round(ms[max(int(len(ms) * 0.95) - 1, 0)], 1),
                                   "slowest": [(round(t, 1), row) for t, row in sorted(self.step_ms, reverse=True)[:5]],
                                   "paints_missed": self.paint_misses}
        r.pop("_finished", None)
        if self.wizard.runner.busy:
            self.wizard.runner.cancel()
        self.app.exit(0)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="clio-prep GUI scale benchmark (offscreen)")
    p.add_argument("folder")
    p.add_argument("--users", required=True)
    p.add_argument("--json", metavar="OUT", help="write the figures here (default: print them)")
    p.add_argument("--page-steps", type=int, default=100, help="scroll page by page this many times from the top (default 100)")
    p.add_argument("--jump-steps", type=int, default=300, help="then this many even jumps to the bottom (default 300)")
    p.add_argument("--settle", type=float, default=0.5, help="seconds to idle on the review page before scrolling (default 0.5)")
    p.add_argument("--timeout", type=float, default=3600, help="give up after this many seconds (default 3600)")
    args = p.parse_args(argv)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    leaks, protected = singleton_leaks()
    if protected:
        import ctypes

        for obj in (True, False, None):
            ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40

    h = Harness(args)
    QTimer.singleShot(0, h.start)
    app.exec()
    r = h.result
    r["pyside_leak"] = {"probe": leaks, "reserve_added": protected}
    text = json.dumps(r, indent=1, default=str)
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")
    else:
        print(text)
    # Quit without tearing down the wizard and its worker pool (not part of the figures).
    sys.stdout.flush()
    os._exit(0 if "error" not in r else 3)


if __name__ == "__main__":
    sys.exit(main())
