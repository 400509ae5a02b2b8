"""The package page on its own: its summary, and the checks before building."""

from __future__ import annotations

import warnings

from PySide6.QtCore import Qt

from app.gui.wizard import PageId


def test_package_page_uses_no_deprecated_qt_call(qtbot, demo_on_files, flow):
    wiz = demo_on_files
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        flow.walk_to(wiz, PageId.PACKAGE)
    assert wiz.page(PageId.PACKAGE).table.rowCount() > 0


def test_package_page_summary_and_refusals(qtbot, demo_on_files, flow, dialogs, monkeypatch, tmp_path):
    from app.core.bundle import accounting
    from app.gui import dialogs as D

    wiz = demo_on_files
    flow.walk_to(wiz, PageId.PACKAGE)
    page = wiz.currentPage()
    acc = accounting(wiz.session)
    rows = {page.table.item(r, 0).text(): [page.table.item(r, c).text() for c in range(1, 6)] for r in range(page.table.rowCount())}
    assert rows["Time entries"] == [f"{acc['time_entries'][k]:,}" for k in ("in", "out", "excluded", "blocker", "warning")]
    assert rows["Time entries"][:3] == ["400", "165", "235"]  # billed time stays behind
    assert "blocker(s) remain" in page.verdict.text()
    assert page.path.text().endswith("Whitmore and Vance LLP (demo) - Clio bundle.zip")

    # Passwords that differ, a folder that does not exist: said in words, nothing written.
    page.path.setText(str(tmp_path / "b.zip"))
    page.password.setText("s3cret-one")
    page.password2.setText("s3cret-two")
    qtbot.mouseClick(page.build, Qt.LeftButton)
    assert dialogs.errors[-1][0] == "Passwords differ"
    page.password2.setText("s3cret-one")
    page.path.setText(str(tmp_path / "no such folder" / "b.zip"))
    qtbot.mouseClick(page.build, Qt.LeftButton)
    assert dialogs.errors[-1][0] == "No such folder"
    assert not wiz.runner.busy
    assert list(tmp_path.glob("*.zip")) == []

    # An existing file is replaced only when the user says so.
    target = tmp_path / "b.zip"
    target.write_bytes(b"old")
    monkeypatch.setattr(D, "ask_yes_no", lambda *a: False)
    page.path.setText(str(target))
    qtbot.mouseClick(page.build, Qt.LeftButton)
    assert not wiz.runner.busy and target.read_bytes() == b"old"

    # Browse: the chosen name gets .zip
    monkeypatch.setattr(D, "choose_save_file", lambda *a: str(tmp_path / "chosen"))
    qtbot.mouseClick(page.browse, Qt.LeftButton)
    assert page.path.text() == str(tmp_path / "chosen.zip")

    # An encrypted bundle verifies with its password only.
    from app.core.bundle import verify_bundle

    qtbot.mouseClick(page.build, Qt.LeftButton)
    flow.idle(wiz, timeout=60000)
    assert "password-protected" in page.result.text()
    assert verify_bundle(tmp_path / "chosen.zip", "s3cret-one").ok
    assert not verify_bundle(tmp_path / "chosen.zip").ok
