"""The People page's list of user values (CheckResult.user_values): every spelling of a user
once, as the firm would match it, most records first."""

from __future__ import annotations

from app.core.session import Session


def test_user_values_merge_spellings_with_spaces_count_blanks_and_put_most_records_first(tmp_path):
    rows = [" Ann Lee", "Ann Lee", "", "Bob Ray", "Bob Ray ", "Cy Moe"]
    lines = ["Entry Date,User,Hours,Note,Matter Name,Rate,Billable"]
    lines += [f"1/{i + 1}/2026,{u},1.0,Call,Smith - Estate,$300.00,Yes" for i, u in enumerate(rows)]
    (tmp_path / "Time Entries Export 2026-11-10.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    s = Session([str(tmp_path)])
    s.read()
    got = [(v, n) for v, n, _where in s.analyse().user_values()]
    assert got == [("Ann Lee", 2), ("Bob Ray", 2), ("", 1), ("Cy Moe", 1)]
    where = {v: w for v, _n, w in s.analyse().user_values()}
    assert where["Ann Lee"] == ["Time entries (activity user)"]
