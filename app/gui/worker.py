"""One worker helper: long work runs on the thread pool, never on the GUI thread.

`TaskRunner.run(fn, on_result, on_error, on_progress)` calls `fn(progress, cancelled)` on a
worker thread. Results, errors and progress come back to the GUI thread as queued signals;
workers never touch widgets. Cancelling is cooperative: `fn` checks `cancelled()` between chunks.
"""

from __future__ import annotations

import gc
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal

from app.core import pause
from app.core.engine import Cancelled

_RELEASE = QEvent.Type(QEvent.registerEventType())


class WindowFirst(QObject):
    """The window's bursts of work go first. A page change or a refresh after a read or a check
    calls hold(): from then until the window has handled the events posted meanwhile, its repaint
    included, worker threads wait at the engine's pause points (app.core.pause), never past
    HOLD_MAX after the hold. The burst then runs at the speed it has alone instead of sharing the
    interpreter lock with the check; the check carries on as soon as the window is idle again.
    A hold lasts at least HOLD_MIN: a page change comes in several rounds of events (the page is
    set up, laid out, laid out again as its tables learn their sizes, painted)."""

    HOLD_MIN = 0.1
    HOLD_MAX = 0.3

    def __init__(self) -> None:
        super().__init__()
        self._gui = threading.get_ident()
        self._free = threading.Event()
        self._free.set()
        self._until = self._not_before = 0.0
        self._release_queued = False
        pause.install(self.wait)

    def hold(self) -> None:
        """On the window's thread: it is about to do a burst of work."""
        now = time.monotonic()
        self._until, self._not_before = now + self.HOLD_MAX, now + self.HOLD_MIN
        self._free.clear()
        if not self._release_queued:
            self._release_queued = True
            # Posted below Qt's low priority, at which a window asks for its repaint: the release
            # comes after the burst's handler has returned and the window has been painted.
            QCoreApplication.postEvent(self, QEvent(_RELEASE), Qt.LowEventPriority.value - 1)

    def event(self, e: QEvent) -> bool:  # noqa: D102 - Qt override
        if e.type() == _RELEASE:
            self._release()
            return True
        return super().event(e)

    def _release(self) -> None:
        early = self._not_before - time.monotonic()
        if early > 0:
            QTimer.singleShot(max(1, int(early * 1000)), self._release)
            return
        self._release_queued = False
        self._free.set()

    def wait(self) -> None:
        """At a pause point, on any thread."""
        if self._free.is_set() or threading.get_ident() == self._gui:
            return
        left = self._until - time.monotonic()
        if left > 0:
            self._free.wait(left)

    def release(self) -> None:
        """The window's thread is about to block on the workers (closing): they must not wait for it."""
        self._free.set()


def _settled() -> None:
    """A task's result has arrived: everything made so far is long-lived (the files' tables, the
    findings, the lists of their distinct values). Python's full garbage collection would walk
    all of it now and then, 50-80 ms with the window's thread stopped (seen while scrolling a
    million records); frozen, it walks only what is newer. The next task unfreezes it, so a
    result that is replaced can still be collected."""
    gc.freeze()


_window_first: WindowFirst | None = None


def window_first() -> WindowFirst:
    """The one WindowFirst, made on the window's thread by the first TaskRunner."""
    global _window_first
    if _window_first is None:
        _window_first = WindowFirst()
    return _window_first


class _Signals(QObject):
    result = Signal(object)
    error = Signal(object, str)  # exception, formatted traceback (for the log file, never shown)
    progress = Signal(float, str)
    cancelled = Signal()
    finished = Signal()


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()


class _Task(QRunnable):
    def __init__(self, fn: Callable, signals: _Signals, token: CancelToken) -> None:
        super().__init__()
        self.fn, self.signals, self.token = fn, signals, token
        self.setAutoDelete(True)

    def run(self) -> None:  # worker thread
        try:
            result = self.fn(lambda f, m="": self.signals.progress.emit(float(f), str(m)), self.token.is_set)
        except Cancelled:
            self.signals.cancelled.emit()
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI as a plain message
            self.signals.error.emit(exc, traceback.format_exc())
        else:
            if self.token.is_set():
                self.signals.cancelled.emit()
            else:
                self.signals.result.emit(result)
        finally:
            self.signals.finished.emit()


class TaskRunner(QObject):
    """Runs one piece of long work at a time and says when it is busy."""

    busy_changed = Signal(bool)
    progress = Signal(float, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool.globalInstance()
        self._window_first = window_first()
        self._token: CancelToken | None = None
        self._signals: _Signals | None = None

    @property
    def busy(self) -> bool:
        return self._token is not None

    def run(self, fn: Callable[[Callable, Callable], Any], on_result: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException, str], None] | None = None, on_progress: Callable[[float, str], None] | None = None,
            on_cancelled: Callable[[], None] | None = None) -> CancelToken:
        if self._token is not None:
            self._token.cancel()
        gc.unfreeze()  # what the last result made may become garbage now (see _settled)
        token = CancelToken()
        signals = _Signals()  # lives in the GUI thread: its slots run there
        if on_result:
            signals.result.connect(lambda result: (self._window_first.hold(), _settled(), on_result(result)))
        if on_error:
            signals.error.connect(on_error)
        if on_progress:
            signals.progress.connect(on_progress)
        if on_cancelled:
            signals.cancelled.connect(on_cancelled)
        signals.progress.connect(self.progress)
        signals.finished.connect(lambda t=token: self._done(t))
        self._token, self._signals = token, signals
        self.busy_changed.emit(True)
        self._pool.start(_Task(fn, signals, token))
        return token

    def cancel(self) -> None:
        if self._token is not None:
            self._token.cancel()

    def _done(self, token: CancelToken) -> None:
        if token is self._token:
            self._token = None
            self._signals = None
            self.busy_changed.emit(False)

    def wait(self, msecs: int = 30000) -> bool:
        self._window_first.release()
        return self._pool.waitForDone(msecs)
