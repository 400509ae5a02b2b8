"""Text encodings of export files: what the user sees is the right names and the right encoding.

Every file is built in the test; nothing is read from disk.
"""

from __future__ import annotations

import codecs

import pytest

from app.core.encoding import decode
from app.core.reader import read_bytes
from app.core.reader_errors import ReadError


def read_one(data: bytes, name: str = "contacts.csv"):
    tables = read_bytes(name, f"/exports/{name}", data)
    assert len(tables) == 1, [t.path for t in tables]
    t = tables[0]
    assert t.error is None, t.error
    return t


def names_of(table) -> list[str]:
    return [f"{r['First']} {r['Last']}" for r in table.frame.to_dict("records")]


def contacts_csv(people: list[tuple[str, str]], newline: str = "\r\n") -> str:
    lines = ["First,Last,Email"] + [f"{f},{last},{f[:1].lower()}@example.com" for f, last in people]
    return newline.join(lines) + newline


# é, ñ and ü: the accents the brief names, in a short contact list.
EUN = [("José", "Muñoz"), ("Hans", "Müller"), ("Ana", "Peña")]
# A longer Western European list.
WESTERN = [("José", "García"), ("Renée", "Zoë"), ("Jürgen", "Muñoz"), ("François", "Peña")]
# A file whose only accent is ñ.
ENYE = [("Carlos", "Muñoz"), ("Ana", "Nuñez")]
# é, ë, ü without ñ.
UMLAUTS = [("Zoë", "Müller"), ("José", "Günther"), ("André", "Dürr")]


# --------------------------------------------------------------------------------------------
# decode() directly


def test_decode_plain_utf8():
    text, name = decode("First,Last\nJosé,Muñoz\n".encode())
    assert (text, name) == ("First,Last\nJosé,Muñoz\n", "utf-8")


def test_decode_utf8_bom_strips_the_marker():
    text, name = decode(codecs.BOM_UTF8 + "First,Last\nJosé,Müller\n".encode())
    assert name == "utf-8-sig"
    assert text == "First,Last\nJosé,Müller\n"  # no U+FEFF glued to the first header


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_decode_utf16_with_bom(codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    text, name = decode(bom + "Name\tCity\r\nJosé Muñoz\tZürich\r\n".encode(codec))
    assert name == "utf-16"
    assert text == "Name\tCity\r\nJosé Muñoz\tZürich\r\n"


def test_decode_utf16_le_without_bom():
    text, name = decode("Name\tCity\r\nJosé Muñoz\tZürich\r\n".encode("utf-16-le"))
    assert name == "utf-16-le"
    assert text == "Name\tCity\r\nJosé Muñoz\tZürich\r\n"


def test_decode_damaged_utf8_bom_file_raises_read_error():
    with pytest.raises(ReadError, match="damaged"):
        decode(codecs.BOM_UTF8 + b"Name\nJos\xe9\xff\xfe\n")


def test_decode_truncated_utf16_raises_read_error():
    # A UTF-16 file cut off in the middle of a character (odd number of bytes).
    with pytest.raises(ReadError, match="damaged"):
        decode(codecs.BOM_UTF16_LE + "Name\r\nJosé".encode("utf-16-le") + b"X")


def test_damaged_bom_file_is_an_error_not_an_exception():
    t = read_bytes("contacts.csv", "/exports/contacts.csv", codecs.BOM_UTF8 + b"Name\nJos\xe9\xff\n")[0]
    assert t.error is not None and "damaged" in t.error
    assert t.frame.empty


# --------------------------------------------------------------------------------------------
# Through the reader: the names a user sees and the encoding reported


def test_utf8_file_names_and_encoding():
    t = read_one(contacts_csv(EUN + WESTERN).encode("utf-8"))
    assert t.encoding == "utf-8"
    assert names_of(t) == [f"{f} {last}" for f, last in EUN + WESTERN]


def test_utf8_bom_file_first_header_is_clean():
    t = read_one(codecs.BOM_UTF8 + contacts_csv(EUN).encode("utf-8"))
    assert t.encoding == "utf-8-sig"
    assert t.columns == ["First", "Last", "Email"]  # not "\ufeffFirst"
    assert names_of(t) == ["José Muñoz", "Hans Müller", "Ana Peña"]


def test_utf16_unicode_text_from_excel():
    """Excel's 'Unicode Text' export: UTF-16 LE with a BOM, tab-separated, CRLF lines."""
    text = "First\tLast\tCity\r\nJosé\tMuñoz\tZürich\r\nHans\tMüller\tMálaga\r\n"
    t = read_one(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), name="contacts.txt")
    assert t.encoding == "utf-16"
    assert t.delimiter == "\t"
    assert t.header_row == 1
    assert t.columns == ["First", "Last", "City"]
    assert t.frame.to_dict("records") == [
        {"First": "José", "Last": "Muñoz", "City": "Zürich"},
        {"First": "Hans", "Last": "Müller", "City": "Málaga"},
    ]
    assert list(t.rows) == [2, 3]




@pytest.mark.parametrize(
    "people",
    [
        pytest.param(EUN, id="e-n-u"),
        pytest.param(ENYE, id="enye-only"),
        pytest.param(WESTERN, id="western"),
        pytest.param(UMLAUTS, id="umlauts"),
    ],
)
def test_windows_1252_file(people):
    t = read_one(contacts_csv(people).encode("cp1252"))
    assert names_of(t) == [f"{f} {last}" for f, last in people]
    assert t.encoding == "cp1252"


def test_windows_1252_encoding_name_is_reported_even_when_text_matches_cp1250():
    # "José Müller" decodes to the same text in cp1250, but the file is Windows-1252: the
    # encoding recorded for the bundle's mapping.json must say so.
    t = read_one(contacts_csv([("José", "Müller"), ("Renée", "Günther")]).encode("cp1252"))
    assert names_of(t) == ["José Müller", "Renée Günther"]
    assert t.encoding == "cp1252"


@pytest.mark.parametrize(
    "people",
    [
        pytest.param(EUN, id="e-n-u"),
        pytest.param(WESTERN, id="western"),
        pytest.param(ENYE, id="enye-only"),
        pytest.param(UMLAUTS, id="umlauts"),
    ],
)
def test_mac_roman_file(people):
    t = read_one(contacts_csv(people, newline="\r").encode("mac_roman"))
    assert names_of(t) == [f"{f} {last}" for f, last in people]
    assert t.encoding == "mac_roman"


def test_no_replacement_characters_in_any_legacy_decode():
    for codec, people in (("cp1252", WESTERN), ("mac_roman", UMLAUTS)):
        t = read_one(contacts_csv(people).encode(codec))
        flat = "".join(t.frame.to_numpy().ravel().tolist())
        assert "\ufffd" not in flat


# --------------------------------------------------------------------------------------------
# Accents far down the file: the encoding must fit the whole file, not its first part


_FILLER_ROWS = 9000  # about 320 KB of plain ASCII before the first accent


def _long_contacts(tail: list[tuple[str, str]]) -> str:
    people = [(f"Person{i}", f"Plain{i}") for i in range(_FILLER_ROWS)] + tail
    return contacts_csv(people)


@pytest.mark.parametrize(
    "codec,people",
    # The legacy code pages use name lists that decode right in a short file (see the tests
    # above for the ones that do not): this test is about WHERE the accents are.
    [("utf-8", EUN), ("cp1252", UMLAUTS), ("mac_roman", UMLAUTS)],
    ids=["utf-8", "cp1252", "mac_roman"],
)
def test_accents_only_after_first_300kb(codec, people):
    text = _long_contacts(people)
    data = text.encode(codec)
    first_accent = min(i for i, b in enumerate(data) if b > 0x7F)
    assert first_accent > 300_000  # the test's own premise
    t = read_one(data)
    assert t.encoding == codec
    assert t.records == _FILLER_ROWS + len(people)
    assert names_of(t)[-len(people) :] == [f"{f} {last}" for f, last in people]
    assert int(t.rows[-1]) == _FILLER_ROWS + len(people) + 1
    flat = "".join(t.frame["Last"].tolist())
    assert "\ufffd" not in flat


def test_decode_far_down_utf8_is_not_reported_as_ascii():
    data = b"Name,City\n" + b"Plain Name,Boston\n" * 20_000 + "Zoë Müller,Zürich\n".encode()
    text, name = decode(data)
    assert name == "utf-8"
    assert text.endswith("Zoë Müller,Zürich\n")


@pytest.mark.parametrize("codec,row", [
    ("cp1251", ["Сергей Иванов", "москва"]),
    ("cp1251", ["СЕРГЕЙ ИВАНОВ", "МОСКВА"]),
    ("cp1251", ["Анна Петрова", "Санкт-Петербург"]),
    ("cp1253", ["Γιώργος Παπαδόπουλος", "Αθήνα"]),
    ("cp1253", ["ΓΙΩΡΓΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ", "ΑΘΗΝΑ"]),
    ("mac_roman", ["José García", "Málaga"]),
    ("mac_roman", ["Ann", "così lunedì, île"]),
    ("cp1252", ["Ann", "“ok” – l’avocat"]),
    ("cp1252", ["Ærø Øster", "Größe"]),
])
def test_code_page_chosen_by_how_the_words_read(codec, row):
    """Cyrillic and Greek code pages are judged by whole words (one script, sensible case and
    vowels); Western ones by their accents and typographic quotes."""
    t = read_one(("Name,City\r\n" + ",".join(f'"{c}"' for c in row) + "\r\n").encode(codec))
    assert (t.encoding, t.frame.astype(object).values.tolist()) == (codec, [row])
