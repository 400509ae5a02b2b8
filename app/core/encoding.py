"""Choosing a text encoding: byte-order mark first, then UTF-8, then chardet; always verified.

The chosen encoding must decode the WHOLE file: chardet looks only at the start, and exports
often carry their first accented name far down. Characters are never replaced silently.
"""

from __future__ import annotations

import codecs

import chardet

from app.core.reader_errors import ReadError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tried in order when chardet's guess does not decode the whole file.
_FALLBACKS = ("cp1252", "mac_roman", "cp850", "latin-1")
_SAMPLE = 200_000


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises ReadError when nothing decodes the file."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"The file starts with a {name.upper()} marker but is damaged at byte {exc.start}. "
                    "Export it again from your old program."
                ) from exc
            return text.lstrip("\ufeff"), name
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for name in _candidates(data):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if name != "latin-1" or _plausible_latin1(text):
            return text, name
    raise ReadError(
        "The text encoding of this file could not be recognised. In your old program or in Excel, "
        "save it as 'CSV UTF-8' and add it again."
    )


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:4000]
    if len(head) < 4:
        return None
    even_nul = head[0::2].count(0) / max(len(head[0::2]), 1)
    odd_nul = head[1::2].count(0) / max(len(head[1::2]), 1)
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _candidates(data: bytes) -> list[str]:
    """chardet's guess from the lines that actually carry non-ASCII bytes, then fallbacks."""
    lines = [ln for ln in data.splitlines() if any(b > 0x7F for b in ln)]
    sample = b"\n".join(lines)[:_SAMPLE] or data[:_SAMPLE]
    names: list[str] = []
    try:
        guess = chardet.detect(sample, prefer_superset=True) if _supports_superset() else chardet.detect(sample)
        name = (guess or {}).get("encoding")
        if name:
            names.append(_canonical(name))
    except Exception:  # chardet must never stop a read
        pass
    if _looks_mac_roman(sample):
        names.insert(0, "mac_roman")
    for f in _FALLBACKS:
        if f not in names:
            names.append(f)
    return [n for n in names if n not in ("ascii", "utf-8")]


def _supports_superset() -> bool:
    import inspect

    try:
        return "prefer_superset" in inspect.signature(chardet.detect).parameters
    except (TypeError, ValueError):
        return False


def _canonical(name: str) -> str:
    n = name.lower().replace("_", "-")
    if n in ("iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252"):
        return "cp1252"
    if n in ("macroman", "mac-roman", "maclatin2"):
        return "mac_roman" if n != "maclatin2" else "mac_latin2"
    try:
        return codecs.lookup(n).name
    except LookupError:
        return n


def _looks_mac_roman(sample: bytes) -> bool:
    """Mac Roman accented letters sit at 0x80-0x9F, where cp1252 has punctuation."""
    high = [b for b in sample if b > 0x7F]
    if not high:
        return False
    mac_letters = sum(1 for b in high if 0x80 <= b <= 0x9F and b not in (0x91, 0x92, 0x93, 0x94, 0x96, 0x97))
    return mac_letters / len(high) > 0.6


def _plausible_latin1(text: str) -> bool:
    return not any("\x80" <= ch <= "\x9f" for ch in text)
