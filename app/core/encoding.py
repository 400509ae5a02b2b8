"""Choosing a text encoding: byte-order mark first, then UTF-8, then chardet; always verified.

The chosen encoding must decode the WHOLE file: chardet looks only at the start, and exports
often carry their first accented name far down. Characters are never replaced silently: the
few stray bytes tolerated in an otherwise UTF-8 file are returned with where they are, so the
rows can be flagged.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

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
_FALLBACKS = ("cp1252", "mac_roman", "cp850", "cp437", "latin-1", "cp1251", "cp1253")
_SAMPLE = 200_000


_SHOWN = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}
# A UTF-8 file may carry a few stray bytes (text pasted from another program, a download cut
# short) and still be read as UTF-8 when it has at least this many good non-ASCII characters
# per damaged place, and no more than MAX_DAMAGED places.
GOOD_PER_DAMAGED = 2
MAX_DAMAGED = 1000
_ESCAPED = re.compile("[\udc80-\udcff]+")


class Damaged(ReadError):
    """The file's encoding is known, but its bytes are damaged at one place.

    `text` is the text before the damage and `offset` where in it the damage starts (in
    characters), so the reader can name the row; `template` has a {where} to fill in.
    """

    def __init__(self, template: str, text: str, offset: int) -> None:
        self.template, self.text, self.offset = template, text, offset
        super().__init__(template.format(where="one place"))


@dataclass
class Decoded:
    text: str
    encoding: str
    # Where stray bytes in an otherwise UTF-8 file were read one by one (as Windows-1252, or
    # U+FFFD at a cut end): character offsets into text, one per damaged place.
    damaged: list[int] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises ReadError when nothing decodes the file."""
    d = decode_text(data)
    return d.text, d.encoding


def decode_text(data: bytes) -> Decoded:
    """The file's text and encoding, and where an otherwise UTF-8 file is damaged.

    Raises ReadError when nothing decodes the file, Damaged when the file's byte-order mark
    names an encoding that its bytes then break."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                if name == "utf-8-sig":
                    mostly = _mostly_utf8(data, len(bom))
                    if mostly is not None:
                        return Decoded(mostly[0], name, mostly[1])
                shown = _SHOWN.get(name, name.upper())
                before = data[: exc.start].decode(name, "replace").lstrip("\ufeff")
                raise Damaged(
                    f"The file starts with a marker saying it is {shown} text, but it is damaged on {{where}}: the bytes "
                    f"there are not {shown}, so the file cannot be read reliably. Export it again from your old program "
                    "(or save it again from Excel as 'CSV UTF-8'), and add the new file.",
                    before, len(before),
                ) from exc
            return Decoded(text.lstrip("\ufeff"), name)
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data, 0)
    if mostly is not None:
        return Decoded(mostly[0], "utf-8", mostly[1])
    text, name = _best_single_byte(data)
    if text is not None:
        return Decoded(text, name)
    raise ReadError(
        "The text encoding of this file could not be recognised. In your old program or in Excel, "
        "save it as 'CSV UTF-8' and add it again."
    )


def _mostly_utf8(data: bytes, start: int) -> tuple[str, list[int]] | None:
    """(text, damaged offsets) when the bytes from `start` are UTF-8 but for a few stray bytes.

    One Windows-1252 apostrophe pasted into a UTF-8 export, or a download cut inside its last
    character, must not turn every correct name of the file into mojibake. A legacy-encoded
    file has (next to) no valid multi-byte sequences, so it does not pass."""
    text = data[start:].decode("utf-8", "surrogateescape") if start else data.decode("utf-8", "surrogateescape")
    spots: list[re.Match] = []
    for m in _ESCAPED.finditer(text):
        spots.append(m)
        if len(spots) > MAX_DAMAGED:
            return None
    stray = sum(m.end() - m.start() for m in spots)
    good = len(text) - len(text.encode("ascii", "ignore")) - stray
    if not spots or good < GOOD_PER_DAMAGED * len(spots):
        return None
    pieces: list[str] = []
    pos = 0
    for m in spots:
        raw = m.group().encode("utf-8", "surrogateescape")
        # Each stray byte becomes one character, so the offsets stay those of `text`: a cut
        # end is shown as U+FFFD, anything else as the Windows-1252 character it most likely was.
        fixed = "\ufffd" * len(raw) if m.end() == len(text) else raw.decode("cp1252", "replace")
        pieces += [text[pos : m.start()], fixed]
        pos = m.end()
    pieces.append(text[pos:])
    return "".join(pieces), [m.start() for m in spots]


def _best_single_byte(data: bytes) -> tuple[str | None, str]:
    """Decode with each plausible legacy encoding and keep the one whose accented characters
    read most like names and words (any single-byte code page 'decodes' any bytes, so a guess
    must be judged on what it produces)."""
    sample = _non_ascii_lines(data, 2 * _SAMPLE) or data[:_SAMPLE]
    candidates = _candidates(sample[:_SAMPLE])
    best: tuple[float, int, str] | None = None
    for rank, name in enumerate(candidates):
        try:
            text = sample.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        score = plausibility(text)
        if best is None or score > best[0] + 1e-9:
            best = (score, rank, name)
    if best is None:
        return None, ""
    for name in [best[2]] + [n for n in candidates if n != best[2]]:
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    return None, ""


_WESTERN = set("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßœšžÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŸŒŠŽ")
_RARE = set("šžŠŽŸÿƒœŒ")  # real, but far rarer in Western names than what a wrong code page makes of ö, ü
_PUNCT = set("’‘“”–—…€£©®°·«»¿¡•™§¶")


_NON_ASCII_RE = re.compile("[^\x00-\x7f]")


def plausibility(text: str) -> float:
    """How much the non-ASCII characters of a decoded text look like Western names and words."""
    import unicodedata

    score = 0.0
    n = len(text)
    for m in _NON_ASCII_RE.finditer(text):
        i, ch = m.start(), m.group()
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        in_word = prev.isalpha() and nxt.isalpha()
        if "\x80" <= ch <= "\x9f" or ch == "\ufffd":
            score -= 5
        elif ch in _WESTERN:
            if ch.isupper() and prev.isalpha() and prev.islower():
                score -= 2  # "JosÉ": an upper-case accent inside a lower-case word
            elif ch.islower() and ((prev.isalpha() and prev.isupper() and not (i > 1 and text[i - 2].isalpha())) is False) and (
                    (nxt.isalpha() and nxt.isupper()) or (prev.isalpha() and prev.isupper() and nxt.isupper())):
                score -= 2  # "ìVIPî": a lower-case accent against a capitalised word
            elif not prev.isalpha() and not nxt.isalpha():
                score -= 1  # a lone accented letter between spaces or punctuation
            elif ch in _RARE:
                score += 0.5
            else:
                score += 2
        elif ch in "’‘":
            score += 2 if in_word or prev.isalpha() else 1  # client’s, ’90s
        elif ch in "“”":
            if in_word:
                score -= 3
            elif (ch == "“" and not prev.isalnum() and nxt.isalnum()) or (ch == "”" and prev.isalnum() and not nxt.isalnum()):
                score += 3  # opening a word, closing one: “difficult”, not a stray accent (ìdifficultî in Mac Roman)
            else:
                score += 1
        elif ch in _PUNCT:
            score += -3 if in_word else 1
        elif _script(ch):
            continue  # Cyrillic and Greek letters are judged by whole words below
        else:
            cat = unicodedata.category(ch)
            if cat.startswith("L"):
                score -= 1 if in_word else 2  # box letters, other scripts in Western text
            else:
                score -= 3 if in_word else 1
    return score + _word_score(text)


# Words of one non-Latin script whose case and vowels look like a language read in the right
# code page (windows-1251 Cyrillic, windows-1253 Greek); the same bytes in a Western code page
# make runs of accented letters ("Èâàíîâ" for "Иванов"), which no Western word has.
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_VOWELS = {"cyrillic": set("аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ"), "greek": set("αεηιουωάέήίόύώϊϋΐΰΑΕΗΙΟΥΩΆΈΉΊΌΎΏΪΫ")}
_LATIN_RUN_RE = re.compile("[\u00c0-\u024f]{3,}")


def _script(ch: str) -> str | None:
    o = ord(ch)
    if 0x400 <= o <= 0x4FF:
        return "cyrillic"
    if 0x370 <= o <= 0x3FF:
        return "greek"
    return None


def _word_score(text: str) -> float:
    score = 0.0
    for m in _LETTERS_RE.finditer(text):
        word = m.group()
        if word.isascii():
            continue
        scripts = {_script(c) for c in word}
        if scripts == {"cyrillic"} or scripts == {"greek"}:
            script = next(iter(scripts))
            n = len(word)
            vowels = sum(1 for c in word if c in _VOWELS[script])
            cased = word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())
            if n == 1:
                continue
            if cased and (vowels >= 1 if n == 2 else 0.2 <= vowels / n <= 0.8):
                score += 2 * n
            else:
                score -= 1.5 * n
        elif scripts & {"cyrillic", "greek"}:
            score -= 1.5 * sum(1 for c in word if _script(c))  # scripts mixed inside a word: a wrong code page
        else:
            for run in _LATIN_RUN_RE.findall(word):
                score -= 4 * len(run)  # three accented letters in a row: a wrong code page
    return score


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


_HIGH_RE = re.compile(rb"[\x80-\xff]")
_EOL_RE = re.compile(rb"[\r\n]")


def _non_ascii_lines(data: bytes, limit: int) -> bytes:
    """The lines that carry non-ASCII bytes, joined by LF, up to `limit` bytes (one pass)."""
    out: list[bytes] = []
    size = pos = 0
    while size < limit:
        m = _HIGH_RE.search(data, pos)
        if m is None:
            break
        i = m.start()
        start = max(data.rfind(b"\n", pos, i), data.rfind(b"\r", pos, i)) + 1 or pos
        end_m = _EOL_RE.search(data, i)
        end = end_m.start() if end_m else len(data)
        out.append(data[start:end])
        size += end - start + 1
        pos = end
    return b"\n".join(out)[:limit]


def _candidates(sample: bytes) -> list[str]:
    """chardet's guess from a sample of the lines that actually carry non-ASCII bytes, then fallbacks."""
    names: list[str] = []
    try:
        guess = chardet.detect(sample, prefer_superset=True) if _supports_superset() else chardet.detect(sample)
        name = (guess or {}).get("encoding")
        if name:
            names.append(_canonical(name))
    except Exception:  # chardet must never stop a read
        pass
    ordered = list(_FALLBACKS) + [n for n in names if n not in _FALLBACKS]
    return [n for n in ordered if n not in ("ascii", "utf-8", "utf-8-sig")]


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
