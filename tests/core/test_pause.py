"""Pause points: the engine's hook for the window to go first (app.core.pause)."""

from __future__ import annotations

import pandas as pd

from app.core import pause
from app.core.columns import factor


def test_pause_points_call_the_installed_wait_and_nothing_once_it_is_removed():
    calls = []
    before = pause._wait  # the window's wait, when the wizard's tests ran first in this process
    pause.install(lambda: calls.append(1))
    try:
        pause.point()
        factor(pd.Series(["a", "b", "a"]))  # the engine's helpers pass through pause points
        assert len(calls) >= 2
        pause.install(None)
        n = len(calls)
        pause.point()
        factor(pd.Series(["a"]))
        assert len(calls) == n
    finally:
        pause.install(before)
