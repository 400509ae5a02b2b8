"""The window's bursts of work go first: a worker at a pause point waits while the window handles
a page change, and carries on once the window is idle again (app.gui.worker.WindowFirst)."""

from __future__ import annotations

import threading
import time

from app.core import pause
from app.gui.worker import WindowFirst, window_first


def _worker_at_a_pause_point(started: threading.Event, out: dict) -> threading.Thread:
    def run():
        started.set()
        t = time.monotonic()
        pause.point()
        out["waited"] = time.monotonic() - t
        out["done_at"] = time.monotonic()

    th = threading.Thread(target=run, daemon=True)
    th.start()
    return th


def test_a_worker_waits_at_a_pause_point_until_the_window_has_handled_its_burst(qtbot, wizard):
    wf = window_first()
    wf.hold()  # the window is about to do a burst of work
    started, out = threading.Event(), {}
    th = _worker_at_a_pause_point(started, out)
    assert started.wait(5)
    time.sleep(0.05)  # the window has not been back to its event loop yet: the worker waits
    assert th.is_alive()
    pause.point()  # the window's own thread never waits
    released_at = time.monotonic()
    qtbot.waitUntil(lambda: not th.is_alive(), timeout=5000)  # the event loop runs: the burst is over
    assert out["done_at"] >= released_at
    assert out["waited"] < WindowFirst.HOLD_MAX + 0.2


def test_a_hold_that_is_never_released_delays_a_worker_by_at_most_hold_max(wizard):
    wf = window_first()
    wf.hold()  # and no event loop runs meanwhile (this test never waits on Qt)
    started, out = threading.Event(), {}
    th = _worker_at_a_pause_point(started, out)
    th.join(5)
    assert not th.is_alive()
    assert 0.1 < out["waited"] < WindowFirst.HOLD_MAX + 0.2
    wf.release()
    started2, out2 = threading.Event(), {}
    _worker_at_a_pause_point(started2, out2).join(5)
    assert out2["waited"] < 0.05  # released: no wait at all


def test_a_page_change_holds_the_check(qtbot, wizard):
    """Next is a burst: the check's pause points wait while the next page is set up and painted."""
    wf = window_first()
    wf.release()
    holds = []
    original = wf.hold
    wf.hold = lambda: (holds.append(wizard.currentId()), original())
    try:
        wizard.next()  # welcome -> firm
    finally:
        del wf.hold
    assert holds  # held while the new page was initialised and shown
    qtbot.waitUntil(lambda: wf._free.is_set(), timeout=5000)  # and let go once the window is idle


def test_the_hold_ends_after_the_window_has_painted_what_the_burst_changed(qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QWidget

    order = []
    wf = window_first()

    class Painted(QWidget):
        def paintEvent(self, event):  # noqa: N802 - Qt override
            order.append(("paint", wf._free.is_set()))

    w = Painted()
    qtbot.addWidget(w)
    w.resize(200, 100)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(50)
    order.clear()

    def burst():
        wf.hold()
        w.update()  # the burst changes what the window shows: Qt asks for a repaint, later
        QTimer.singleShot(0, lambda: order.append(("next step", wf._free.is_set())))

    QTimer.singleShot(0, burst)
    qtbot.waitUntil(lambda: wf._free.is_set() and any(o[0] == "paint" for o in order), timeout=5000)
    assert ("paint", False) in order  # painted while the workers were still held
    assert ("next step", False) in order
