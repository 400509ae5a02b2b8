"""Pause points: where long engine work on a worker thread may let the window go first.

The wizard's window and its worker share one interpreter lock. While the worker runs Python, the
window gets the lock only part of the time, so a page change or a repaint during a check takes
two or three times as long as it does alone. The engine calls `point()` between its steps (a
column's distinct values, an Arrow pass, a rule's findings, a piece of a spread); the wizard
installs a wait there (app.gui.worker.WindowFirst) that holds the worker back while the window
does a burst of work (a page change, a result shown), never for more than a fraction of a
second, so that work runs at its own speed and the worker carries on once it is done.

Nothing here knows about Qt: without a wait installed (the command line, the tests) a point
costs one function call.
"""

from __future__ import annotations

from collections.abc import Callable

_wait: Callable[[], None] | None = None


def install(wait: Callable[[], None] | None) -> None:
    """Call `wait` at every pause point from now on (None: pause points do nothing again). `wait`
    must return at once on the thread that should never wait (the window's)."""
    global _wait
    _wait = wait


def point() -> None:
    """A place between two steps of engine work where waiting costs nothing but time."""
    wait = _wait
    if wait is not None:
        wait()
