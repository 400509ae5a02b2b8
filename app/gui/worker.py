"""One worker helper: long work runs on the thread pool, never on the GUI thread.

`TaskRunner.run(fn, on_result, on_error, on_progress)` calls `fn(progress, cancelled)` on a
worker thread. Results, errors and progress come back to the GUI thread as queued signals;
workers never touch widgets. Cancelling is cooperative: `fn` checks `cancelled()` between chunks.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.core.engine import Cancelled


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
        token = CancelToken()
        signals = _Signals()  # lives in the GUI thread: its slots run there
        if on_result:
            signals.result.connect(on_result)
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
        return self._pool.waitForDone(msecs)
