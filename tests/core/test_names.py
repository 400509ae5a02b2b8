"""Name keys: the whole-column (Arrow) versions give exactly the keys of the one-value versions.

The engine matches a million references through the column versions, while the wizard's merge
and the roster use the one-value versions: if they disagreed, the same name would resolve on one
page and not on another.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.names import company_array, fold, fold_array, looks_like_company, name_key_columns, name_keys
from app.core.prepare import ContactIndex, KeyTable, MatterIndex

NAMES = [
    "Mr. John Smith", "Smith, John", "Dr. Ann B. Lee, Jr.", "Acme, Inc.", "  12 - Jones, Bob ", "María de la Cruz",
    "ΣΟΦΟΣ", "σοφος", "a,b,c", "Mr.\u00a0Bob Lee", "O'Neil,\u00a0Pat", "", "Jr", ", John", "Smith,", "Prof  Xavier   Y  Z",
    "ÉCOLE Française", "Zoë  Ñúñez-García", "İstanbul Ltd", "Straße GmbH", "ﬁnance co.", "北京 公司", "José\u0301",
    "Smith & Co.", "Bridgeport Plumbing Co.", "  ", "Lee\u2028Ann", "Anne-Marie O’Brien, Esq.", "1123 - Bridgeport Plumbing Co.",
]

letters = st.sampled_from(list("abcXYZ éÉñÑüßΣσςİı, .-'’&0123456789\u00a0\u0301\u2028") + ["Mr. ", "Dr ", " Jr.", " LLC", " Inc", " Co.", ", ", " - "])
texts = st.lists(letters, max_size=12).map("".join)


def test_fold_array_gives_the_keys_of_fold():
    assert fold_array(NAMES).to_pylist() == [fold(n) for n in NAMES]


def test_final_sigma_is_one_key_with_sigma():
    assert fold("ΣΟΦΟΣ") == fold("σοφος") == "σοφοσ"


def test_company_array_agrees_with_looks_like_company():
    assert company_array(NAMES).tolist() == [looks_like_company(n) for n in NAMES]


def _row_keys(cols, i):
    return [k for k in dict.fromkeys(c[i] for c in cols) if k]


def test_name_key_columns_give_the_keys_of_name_keys():
    cols = [c.to_pylist() for c in name_key_columns(NAMES)]
    assert [_row_keys(cols, i) for i in range(len(NAMES))] == [name_keys(n) for n in NAMES]
    assert "john smith" in _row_keys(cols, NAMES.index("Smith, John"))


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, min_size=1, max_size=20))
def test_column_and_one_value_versions_agree_on_any_text(values):
    assert fold_array(values).to_pylist() == [fold(v) for v in values]
    assert company_array(values).tolist() == [looks_like_company(v) for v in values]
    cols = [c.to_pylist() for c in name_key_columns(values)]
    assert [_row_keys(cols, i) for i in range(len(values))] == [name_keys(v) for v in values]


def test_contact_index_resolves_every_spelling_to_the_first_record():
    idx = ContactIndex()
    idx.add(pd.Series(["John", "Jane", "John", ""]), pd.Series(["Smith", "Doe", "Smith", ""]), pd.Series(["", "", "", "Acme, Inc."]),
            pd.Series(["Smith, John", "Doe, Jane", "Smith, John", "Acme, Inc."]))
    got = idx.resolve_many(["Smith, John", "john smith", "Mr. John Smith", "JANE DOE", "acme inc", "Nobody", "", "1123 - Doe, Jane"])
    assert got == [0, 0, 0, 1, 3, None, None, 1]
    s = idx.resolve_series(pd.Series(["Doe, Jane", "x", "Doe, Jane", ""]))
    assert s.isna().tolist() == [False, True, False, True] and s.dropna().astype(int).tolist() == [1, 1]


def test_matter_index_resolves_numbers_names_and_combinations():
    idx = MatterIndex()
    idx.add(pd.Series(["00012-Smith", "00013", "", ""]), pd.Series(["Smith estate", "Jones v. Lee", "Unnumbered matter", ""]))
    idx.add_identifiers(pd.Series(["M-1", "M-2", "M-3", "M-4"]), pd.Series(["00012-Smith", "00013", "", ""]),
                        pd.Series(["Smith estate", "Jones v. Lee", "Unnumbered matter", ""]))
    got = idx.resolve_many(["00012-smith", "12", "00012", "jones v lee", "00013 - Jones v. Lee", "Acme:Jones v. Lee",
                            "unnumbered matter", "m-2", "M-4", "nothing", ""])
    assert got == ["00012-Smith", None, "00012-Smith", "00013", "00013", "00013", "Unnumbered matter", "00013", None, None, None]
    assert len(idx) > 0


SPLIT = ["Ludwig van Beethoven", "María de la Cruz", "John Paul de Smith", "Smith, John Q.", "Mr. John Smith", "Dr. Ann B. Lee, Jr.",
         "Acme, Inc.", "Cher", "Ann Lee", "  spaced   out  name ", "", "Van Morrison", "John St. James", "de la Cruz, María",
         "Lee, ", ", Ann", "A B C D E", "Jean-Luc Picard", "O'Neil,\u00a0Pat  Q", "Prof. X", "Bridgeport Plumbing Co."]


def test_split_full_names_by_columns_agree_with_split_full_name():
    from app.core.names import split_full_name, split_full_name_columns

    cols = split_full_name_columns(SPLIT)
    assert [tuple(c[i] for c in cols) for i in range(len(SPLIT))] == [split_full_name(v) for v in SPLIT]
    assert split_full_name("María de la Cruz") == ("María", "", "de la Cruz", "")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["Ann", "Lee", "van", "de", "la", "St.", "Mr.", "Dr", "Jr.", "III", ",", "LLC", "Co.",
                                          "María", "O'Neil", " ", "  ", "\u00a0", "\t"]), max_size=7).map(" ".join), min_size=1, max_size=15))
def test_split_by_columns_agrees_on_any_name(values):
    from app.core.names import split_full_name, split_full_name_columns

    cols = split_full_name_columns(values)
    assert [tuple(c[i] for c in cols) for i in range(len(values))] == [split_full_name(v) for v in values]


PREFIXES = [r"^\d+\s*-\s*", r"^\s*\d+\s*[-–]\s+", r"(?i)^client:\s*", r"\s+$", r"^[A-Z]{2}\d+ "]
digits_too = st.lists(st.sampled_from(list("0123456789٣۵ \u00a0\t-–:abcAB") + ["Client: ", "CLIENT:"]), max_size=10).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(PREFIXES), st.lists(digits_too, min_size=1, max_size=10))
def test_prefixes_stripped_in_arrow_as_python_strips_them(source, values):
    """A profile's client prefix is stripped from a million cells by RE2; where a pattern can be
    said in RE2 it must strip exactly what Python's re strips (Unicode digits and spaces too)."""
    import re

    from app.core.names import strip_prefix_array

    pattern = re.compile(source)
    assert strip_prefix_array(values, pattern).to_pylist() == [pattern.sub("", v) for v in values]


def test_contact_index_resolve_rows_gives_nan_for_blank_and_unknown():
    idx = ContactIndex()
    idx.add(pd.Series(["John", ""]), pd.Series(["Smith", ""]), pd.Series(["", "Acme, Inc."]))
    rows = idx.resolve_rows(["Smith, John", "  ", None, "Nobody Here", "Acme, Inc.", "1123 - John Smith"])
    assert [None if r != r else int(r) for r in rows] == [0, None, None, None, 1, 0]


@settings(max_examples=200, deadline=None)
@given(st.lists(digits_too, min_size=1, max_size=10))
def test_client_id_prefix_in_arrow_is_the_python_one(values):
    import re

    import pyarrow.compute as pc

    from app.core.names import _CLIENT_ID_RE2, as_text_array

    got = pc.replace_substring_regex(as_text_array(values), _CLIENT_ID_RE2, "", max_replacements=1).to_pylist()
    assert got == [re.sub(r"^\s*\d+\s*[-–]\s+", "", v) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["", "=SUM(A1)", "+1", "-5", "@x", "\tx", "\rx", "a,b", 'say "hi"', "line\nbreak", "é=", " =x", "ok"]),
                min_size=1, max_size=30), st.integers(0, 10), st.integers(0, 10))
def test_first_byte_and_any_byte_tests_see_only_their_slice(values, lo, cut):
    """The byte-level shortcuts read Arrow's buffers directly: a slice of a column (the bundle
    writes 100,000 rows at a time) must be judged on its own cells, not its neighbours'."""
    import pyarrow as pa

    from app.core.names import formula_start_array, has_any_byte

    whole = pa.array(values, type=pa.string())
    part = whole.slice(min(lo, len(values)), max(len(values) - lo - cut, 0))
    cells = part.to_pylist()
    assert formula_start_array(part).tolist() == [bool(v) and v[0] in "=+-@\t\r" for v in cells]
    assert has_any_byte(part, b'",\r\n') == any(ch in v for v in cells for ch in '",\r\n')


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", "a", " a", "a ", "\ta", "a\n", "\u00a0x", "x\u00a0", "\u2003x", "x\u3000", "é", "xé", "\u2028x",
                                 "x\x1f", "\x85y", "y\x85", "日本", "b c"]), min_size=1, max_size=12), st.integers(0, 3))
def test_edge_space_test_never_misses_a_cell_that_strip_changes(values, lo):
    """`may_have_edge_space` lets the engine skip stripping a million cells: it may say yes when
    no cell changes, but never no when one would."""
    import pandas as pd
    import pyarrow as pa

    from app.core.names import may_have_edge_space

    part = pa.array(values, type=pa.string()).slice(min(lo, len(values)))
    cells = part.to_pylist()
    changes = pd.Series(cells, dtype="string[pyarrow]").str.strip().tolist() != cells
    if changes:
        assert may_have_edge_space(part)
    assert may_have_edge_space(pa.array(["plain", "text"])) is False


def test_byte_level_tests_read_large_string_columns_as_they_are():
    """Source columns are Arrow large_string (64-bit offsets): the byte-level shortcuts read them
    in place, and must give what they give on the same text as 32-bit string."""
    import pyarrow as pa

    from app.core.names import formula_start_array, has_any_byte, may_have_edge_space

    cells = ["ok", "=1+1", " lead", "trail ", "a,b", "", None, "é"]
    for t in (pa.string(), pa.large_string()):
        whole = pa.chunked_array([pa.array(cells[:4], type=t), pa.array(cells[4:], type=t)])
        part = pa.array(cells, type=t).slice(1, 3)
        assert formula_start_array(whole).tolist() == [False, True, False, False, False, False, False, False]
        assert has_any_byte(whole, b",") and not has_any_byte(part, b",")
        assert may_have_edge_space(part) and not may_have_edge_space(pa.array(["x", "y"], type=t))
        s = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([pa.array(cells, type=pa.large_string())])))
        assert formula_start_array(s).tolist()[1] is True


def test_key_table_keeps_each_key_for_the_first_record_that_gave_it():
    table = KeyTable()
    table.add(pa.array(["b", "a", "", "b"]), np.array([10, 11, 12, 13]))
    table.add(pa.array(["c", "a", "d"]), np.array([20, 21, 22]))
    found = table.targets(table.lookup(pa.array(["a", "b", "c", "d", "", "e"])))
    assert found.tolist() == [11, 10, 20, 22, None, None]
    assert len(table) == 4  # '' is never a key


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", "a", " a", "a ", "\ta", "a\n", "\u00a0x", "x\u00a0", "\u2003x", "x\u3000", "é", "xé", "\u2028x",
                                 "x\x1f", "\x85y", "y\x85", "日本", "b c"]), min_size=1, max_size=12))
def test_a_column_is_stripped_exactly_as_pandas_strips_it_and_shared_when_nothing_changes(values):
    """The engine strips only the cells whose first or last byte could be a space to find out
    whether any changes; the result is always pandas' strip, and the column itself when equal."""
    import pandas as pd

    from app.core.prepare import _stripped

    col = pd.Series(values, dtype="string[pyarrow]")
    want = col.str.strip()
    got = _stripped(col)
    assert got.tolist() == want.tolist()
    if want.tolist() == values:
        assert got is col  # nothing to strip: no copy


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["", " ", "\t\n", "\u00a0", "\u2003\u3000", "\x1f", "\x85", "\u200b", "a", " a ",
                                           "\u2028x", "日本", "\ufeff"]), st.text(max_size=4), st.none()), max_size=12),
       st.sampled_from([None, float("nan"), 0, 12.5]))
def test_distinct_values_are_blank_exactly_when_python_strips_them_to_nothing(values, odd):
    """A reference column's distinct values are told blank in one Arrow kernel when they are text;
    the answer is str.strip()'s, and a column holding numbers or NaN still gets one per value."""
    from app.core.prepare import _blank_u

    def want(v):
        return v is None or v != v or not str(v).strip()

    assert _blank_u(values).tolist() == [want(v) for v in values]
    mixed = values + [odd]
    assert _blank_u(np.asarray(mixed, dtype=object)).tolist() == [want(v) for v in mixed]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["", "a", " a", "a ", "\ta", "=1", "+x", "é", "xé", "x\u3000", "@y", "b c"]), min_size=1, max_size=15),
       st.integers(0, 3), st.integers(1, 4))
def test_byte_level_tests_give_the_same_answer_piece_by_piece(values, lo, piece):
    """Five million cells are tested a million at a time: pieces of any size (here 1-4 cells, on
    a column slice) give each cell the answer the whole column at once gives."""
    from unittest import mock

    import pyarrow as pa

    from app.core import names

    part = pa.array(values, type=pa.large_string()).slice(min(lo, len(values)))
    whole = (names.edge_space_candidates(part).tolist(), names.formula_start_array(part).tolist())
    with mock.patch.object(names, "_PIECE", piece):
        assert (names.edge_space_candidates(part).tolist(), names.formula_start_array(part).tolist()) == whole
    cells = part.to_pylist()
    assert whole[1] == [bool(v) and v[0] in "=+-@\t\r" for v in cells]
    assert all(e for e, v in zip(whole[0], cells) if v != v.strip())
