"""The worker: long work off the GUI thread, a working Cancel, errors in plain words."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer

from app.core.engine import Cancelled
from app.gui.wizard import PageId


def test_long_task_keeps_the_gui_responsive_and_cancel_stops_it(qtbot, wizard):
    page = wizard.currentPage()
    assert wizard.currentId() == PageId.WELCOME
    panel = page.panel
    assert panel.isHidden()

    gui_thread = threading.get_ident()
    seen = {"thread": None, "steps": 0, "stopped_by": None}
    stop = threading.Event()  # only a safety net: the task ends by itself if Cancel never arrives

    def work(progress, cancelled):
        seen["thread"] = threading.get_ident()
        while not cancelled():
            seen["steps"] += 1
            progress((seen["steps"] % 100) / 100, f"Reading part {seen['steps']}")
            if stop.wait(0.005):
                return "never cancelled"
        seen["stopped_by"] = "cancel"
        return "ignored: cancelled"

    results, cancelled_calls, errors = [], [], []
    ticks = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    try:
        wizard.runner.run(work, results.append, lambda e, tb: errors.append(e), on_cancelled=lambda: cancelled_calls.append(1))
        assert wizard.runner.busy
        assert not page.isComplete()  # nothing goes on while the work runs
        # The event loop goes on: timers fire, progress arrives and is shown.
        qtbot.waitUntil(lambda: len(ticks) >= 5 and panel.label.text().startswith("Reading part"), timeout=10000)
        assert panel.isVisible()
        assert panel.cancel.isVisible() and panel.cancel.isEnabled()
        assert seen["thread"] is not None and seen["thread"] != gui_thread

        qtbot.mouseClick(panel.cancel, Qt.LeftButton)
        qtbot.waitUntil(lambda: bool(cancelled_calls) and not wizard.runner.busy, timeout=10000)
    finally:
        stop.set()
        timer.stop()
    assert seen["stopped_by"] == "cancel"
    assert results == [] and errors == []
    assert cancelled_calls == [1]
    assert panel.isHidden()
    assert page.isComplete()


def test_a_task_that_raises_cancelled_also_ends_cleanly(qtbot, wizard):
    cancelled_calls, results = [], []

    def work(progress, cancelled):
        raise Cancelled()

    wizard.runner.run(work, results.append, on_cancelled=lambda: cancelled_calls.append(1))
    qtbot.waitUntil(lambda: not wizard.runner.busy, timeout=10000)
    assert cancelled_calls == [1] and results == []


def assert_plain(text: str) -> None:
    assert "Traceback" not in text
    assert 'File "' not in text
    assert ".py" not in text
    assert "Nothing was lost" in text


def test_an_error_in_a_task_is_shown_in_plain_words(qtbot, wizard, dialogs):
    def work(progress, cancelled):
        raise ValueError("The export has no columns that clio-prep knows.")

    wizard.runner.run(work, lambda r: None, wizard.show_task_error)
    qtbot.waitUntil(lambda: not wizard.runner.busy and bool(dialogs.errors), timeout=10000)
    [(title, text)] = dialogs.errors
    assert title == "Something went wrong"
    assert text.startswith("The export has no columns that clio-prep knows.")
    assert_plain(text)


def test_a_failing_check_shows_plain_words_and_the_wizard_goes_on(qtbot, wizard, dialogs, monkeypatch):
    from app.core.session import Session

    wizard.load_demo()

    def no_memory(self, *a, **k):
        raise MemoryError()

    monkeypatch.setattr(Session, "check", no_memory)
    wizard.recheck(read=True)
    qtbot.waitUntil(lambda: not wizard.runner.busy and bool(dialogs.errors), timeout=20000)
    [(title, text)] = dialogs.errors
    assert "ran out of memory" in text
    assert_plain(text)
    assert wizard.session.result is None

    dialogs.errors.clear()

    def denied(self, *a, **k):
        raise PermissionError(13, "Permission denied", "/exports/Contacts.csv")

    monkeypatch.setattr(Session, "check", denied)
    wizard.recheck()
    qtbot.waitUntil(lambda: not wizard.runner.busy and bool(dialogs.errors), timeout=20000)
    [(title, text)] = dialogs.errors
    assert "not allowed" in text and "/exports/Contacts.csv" in text
    assert_plain(text)


def test_a_page_shown_while_work_runs_shows_its_progress(qtbot, demo_on_files):
    """Only the page on screen repaints its progress bar on every update; a page the user goes to
    while the work runs shows where the work is at once, not a blank bar."""
    wizard = demo_on_files
    files_panel = wizard.currentPage().panel
    welcome = wizard.page(PageId.WELCOME)
    stop = threading.Event()

    def work(progress, cancelled):
        step = 0
        while not cancelled() and not stop.is_set():
            step += 1
            progress(0.5, f"Checking part {step}")
            stop.wait(0.005)
        return None

    wizard.runner.run(work)
    try:
        qtbot.waitUntil(lambda: files_panel.label.text().startswith("Checking part"), timeout=10000)
        assert welcome.panel.label.text() == ""  # off screen: not repainted on every update
        wizard.back()
        wizard.back()
        assert wizard.currentId() == PageId.WELCOME
        qtbot.waitUntil(lambda: welcome.panel.isVisible() and welcome.panel.label.text().startswith("Checking part"), timeout=5000)
        assert welcome.panel.bar.value() == 500
    finally:
        stop.set()
        wizard.runner.cancel()
        qtbot.waitUntil(lambda: not wizard.runner.busy, timeout=10000)
    assert welcome.panel.isHidden()


def test_next_is_disabled_while_work_runs_and_enabled_after(qtbot, demo_on_files):
    """The Next button of the page on screen follows the work: greyed out while it runs, back
    as soon as it ends (pages out of sight are asked again when they are shown)."""
    from PySide6.QtWidgets import QWizard

    wizard = demo_on_files
    wizard.back()  # the Firm page (the Files page stays complete while checks run, on purpose)
    assert wizard.currentId() == PageId.FIRM
    next_button = wizard.button(QWizard.NextButton)
    assert next_button.isEnabled()
    release = threading.Event()
    wizard.runner.run(lambda progress, cancelled: release.wait(10))
    try:
        qtbot.waitUntil(lambda: not next_button.isEnabled(), timeout=5000)
    finally:
        release.set()
    qtbot.waitUntil(lambda: not wizard.runner.busy and next_button.isEnabled(), timeout=10000)


def test_results_are_frozen_for_the_garbage_collector_until_the_next_task(qtbot, wizard):
    """A result's objects are left out of Python's full collections (which stopped the window for
    50-80 ms while it scrolled a million records), and a replaced result can still be collected."""
    import gc
    import weakref

    class Node:
        pass

    def make_cycle(_progress, _cancelled):
        a, b = Node(), Node()
        a.other, b.other = b, a  # only the cycle collector can free these
        return a

    got = []
    wizard.runner.run(make_cycle, got.append)
    qtbot.waitUntil(lambda: bool(got) and not wizard.runner.busy, timeout=10000)
    assert gc.get_freeze_count() > 0
    gone = weakref.ref(got.pop())
    gc.collect()
    assert gone() is not None  # frozen: left alone, as the rest of the result would be

    done = threading.Event()
    wizard.runner.run(lambda p, c: done.wait(10), got.append)  # the next task: the old result is garbage now
    try:
        assert gc.get_freeze_count() == 0
        gc.collect()  # as Python's own collection would, while the task runs
        assert gone() is None  # the replaced result's cycle was collected: nothing leaks
    finally:
        done.set()
    qtbot.waitUntil(lambda: not wizard.runner.busy, timeout=10000)
