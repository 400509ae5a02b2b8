"""The engine's threads: files read two at a time, checks beside the next file's preparation,
index keys made ahead of use. Whatever runs on another thread must end the same way it would on
one: the same tables in the same order, a cancel that stops, an error that reaches the caller."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from exports_kit import write_csv

from app.core import engine
from app.core.engine import CheckOptions, run_check
from app.core.prepare import KeyTable
from app.core.reader import collect_inputs, read_inputs
from app.core.reader_errors import Cancelled


def _folder(tmp_path: Path, files: int = 5) -> Path:
    folder = tmp_path / "exports"
    for i in range(files):
        rows = [[f"Person{i}-{r}", f"Family{r}", f"p{i}.{r}@example.com"] for r in range(40 * (i + 1))]
        write_csv(folder / f"contacts {i}.csv", ["First Name", "Last Name", "Email"], rows)
    return folder


def test_files_read_two_at_a_time_come_back_in_the_order_given(tmp_path):
    inputs, _ = collect_inputs([str(_folder(tmp_path))])
    serial = read_inputs(inputs, threads=1)
    parallel = read_inputs(inputs, threads=2)
    assert [t.path for t in parallel] == [t.path for t in serial] == [i.display for i in inputs]
    assert [t.records for t in parallel] == [40, 80, 120, 160, 200]
    assert all(a.frame.equals(b.frame) and a.sha256 == b.sha256 for a, b in zip(serial, parallel))


def test_cancel_while_reading_stops_before_the_other_files(tmp_path):
    inputs, _ = collect_inputs([str(_folder(tmp_path))])
    seen: list[str] = []
    asked = threading.Event()

    def progress(_f: float, message: str) -> None:
        seen.append(message)
        asked.set()

    with pytest.raises(Cancelled):
        read_inputs(inputs, progress, cancelled=asked.is_set, threads=2)
    assert sum(m.startswith("Read ") for m in seen) < len(inputs)
    assert not [t for t in threading.enumerate() if t.name.startswith("clio-prep-read")]


def test_a_failure_on_the_check_thread_reaches_the_caller(tmp_path, monkeypatch):
    folder = _folder(tmp_path, files=2)

    def broken(*_a, **_k):
        raise RuntimeError("rule failed")

    monkeypatch.setattr(engine, "check_formulas", broken)
    for parallel in (True, False):
        with pytest.raises(RuntimeError, match="rule failed"):
            run_check([str(folder)], CheckOptions(parallel=parallel))
    assert not [t for t in threading.enumerate() if t.name.startswith("clio-prep-check")]


def test_index_keys_made_ahead_fail_at_their_first_lookup():
    table = KeyTable(background=True)
    table.add(pa.array(["smith"]), np.array([0]))

    def broken():
        raise ValueError("bad keys")

    table.add_later(broken)
    with pytest.raises(ValueError, match="bad keys"):
        table.lookup(pa.array(["smith"]))


def test_index_keys_made_ahead_are_found_as_if_added_at_once():
    ahead, now = KeyTable(background=True), KeyTable()
    for t in (ahead, now):
        t.add(pa.array(["ann lee", ""]), np.array([0, 1]))
    ahead.add_later(lambda: (pa.array(["bob ray", "ann lee"]), np.array([2, 3])))
    now.add(pa.array(["bob ray", "ann lee"]), np.array([2, 3]))
    keys = pa.array(["ann lee", "bob ray", "", "zed"])
    assert ahead.lookup(keys).tolist() == now.lookup(keys).tolist()
    assert ahead.targets(ahead.lookup(keys)).tolist() == [0, 2, None, None]  # the earliest record wins a shared key
