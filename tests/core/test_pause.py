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


def test_spread_gives_every_row_its_value_in_pieces_with_pause_points_between():
    import numpy as np

    from app.core import columns

    values = np.array(["a", "b", None, "d"], dtype=object)
    codes = np.random.default_rng(1).integers(0, 4, columns.TAKE_CHUNK * 2 + 17)
    calls = []
    before = pause._wait
    pause.install(lambda: calls.append(1))
    try:
        out = columns.spread(values, codes)
    finally:
        pause.install(before)
    assert out.dtype == object and out.tolist() == values[codes].tolist()
    assert len(calls) == 3  # one pause point per piece
    assert columns.spread(np.array([1.5, 2.5]), np.array([1, 0, 1])).tolist() == [2.5, 1.5, 2.5]  # numbers: one take
