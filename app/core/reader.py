"""Reading export files: CSV/TSV/semicolon text, .xlsx workbooks and ZIP archives of those.

Every value is read as text. Parsing into dates, money and hours happens later, per field.
Row numbers follow SPEC section 3: the first record of the file is row 1 (title lines and
blank lines count; a quoted value with line breaks inside is one row).
"""

from __future__ import annotations

import bisect
import csv
import functools
import hashlib
import io
import itertools
import os
import re
import sys
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from app.core import documents, fastcsv, pause
from app.core import encoding as enc
from app.core.columns import TEXT
from app.core.reader_errors import Cancelled, ReadError

TEXT_EXTENSIONS = {".csv", ".tsv", ".txt", ".tab", ".dat"}
SHEET_EXTENSIONS = {".xlsx", ".xlsm"}
ARCHIVE_EXTENSIONS = {".zip"}
KNOWN_EXTENSIONS = TEXT_EXTENSIONS | SHEET_EXTENSIONS | ARCHIVE_EXTENSIONS
# Files a folder may hold that are not read but must not be passed over without a word: other
# spreadsheet programs' files, old Excel, compressed exports. Each is refused by name.
OTHER_SHEET_EXTENSIONS = {".ods", ".numbers", ".xlsb", ".xls"}
COMPRESSED_EXTENSIONS = {".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar"}
DELIMITERS = (",", "\t", ";", "|")
DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}

# Limits that keep a hostile archive from filling memory.
MAX_MEMBER_BYTES = 1_500_000_000
MAX_ARCHIVE_TOTAL_BYTES = 4_000_000_000
MAX_COMPRESSION_RATIO = 200  # CSV exports compress 5 to 30 times; more, over BOMB_MIN_BYTES, is a zip bomb
BOMB_MIN_BYTES = 50_000_000
MAX_ARCHIVE_MEMBERS = 5_000  # export files read from one archive (other files are passed over)
HEADER_SCAN_RECORDS = 40

# A pasted email thread can be longer than the csv module's default field limit (128 KB).
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

_TOTAL_RE = re.compile(r"^\s*(grand\s+|sub\s*-?\s*|report\s+)?totals?(\s*:.*|\s+for\b.*|\s*\(.*\)|\s*)$|^\s*sum\s*:?\s*$", re.I)
_FOOTER_RE = re.compile(
    r"^\s*(page\s+\d+|printed\b|run\s+(date|on)\b|generated\b|end of report|report\s+(total|end)|\*{3})",
    re.I,
)
_DATEISH_RE = re.compile(r"^\s*\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}")
_NUMERIC_RE = re.compile(r"^\s*[-+(]?[$€£]?\s*[\d.,]+\)?\s*%?$")
_EMAILISH_RE = re.compile(r"@[\w-]+\.[\w.]+")
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")  # one line: only CR and LF end it


@dataclass
class SkippedLine:
    row: int
    reason: str  # "title line", "blank line", "total line", "repeated header", "report footer"
    text: str = ""


@dataclass
class Table:
    """One table read from one file (or one sheet, or one archive member)."""

    path: str  # as shown to the user: as given, or relative to the folder given
    origin: str  # the real file on disk
    member: str | None = None  # archive member or sheet name inside origin
    size: int = 0
    sha256: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int | None = None
    columns: list[str] = field(default_factory=list)
    frame: pd.DataFrame = field(default_factory=pd.DataFrame)
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    skipped: list[SkippedLine] = field(default_factory=list)
    ragged_rows: list[int] = field(default_factory=list)
    # Rows where an otherwise UTF-8 file had stray bytes, read one by one (encoding.Decoded).
    damaged_rows: list[int] = field(default_factory=list)
    error: str | None = None
    kind: str = "csv"  # csv, xlsx
    input_path: str = ""  # the input file as the user gave it (the ZIP or workbook itself)
    input_sha256: str = ""  # of that whole input file, as it was read

    @property
    def name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def records(self) -> int:
        return len(self.frame)


# --------------------------------------------------------------------------------------------
# Finding the files


@dataclass
class InputFile:
    display: str
    path: Path


def collect_inputs(paths: Iterable[str], exclude: Iterable[str] = ()) -> tuple[list[InputFile], list[str]]:
    """Expand files and folders (recursively) into input files, in a stable order.

    A file is read once however often it is given (by name twice, or by name and through its
    folder): inputs are told apart by their real path. In a folder, export files are kept, and
    so are other spreadsheet programs' files and compressed files, so that reading them says
    plainly that they must be converted rather than passing them over without a word.

    Returns the files and plain-words problems with paths that do not exist.
    """
    excluded = {os.path.realpath(p) for p in exclude if p}
    out: list[InputFile] = []
    shown: set[str] = set()
    seen: set[str] = set()  # real paths already taken
    problems: list[str] = []

    def take(display: str, path: Path) -> None:
        real = os.path.realpath(path)
        if real in excluded or real in seen:
            return
        seen.add(real)
        out.append(InputFile(_unique(display, shown), path))

    for raw in paths:
        p = Path(raw)
        if p.is_dir() and p.suffix.lower() != ".numbers":
            for sub in sorted(p.rglob("*"), key=lambda q: str(q).lower()):
                if _ignored(sub) or any(part.lower().endswith(".numbers") for part in sub.relative_to(p).parts[:-1]):
                    continue
                if sub.is_dir():
                    if sub.suffix.lower() != ".numbers":
                        continue  # an Apple Numbers document may be a folder (a package)
                elif not sub.is_file() or not _wanted_in_folder(sub):
                    continue
                rel = sub.relative_to(p).as_posix()
                if rel.lower() in shown:  # the same name in two folders given
                    rel = f"{p.name}/{rel}"
                take(rel, sub)
        elif p.is_file() or p.is_dir():
            take(raw, p)
        else:
            problems.append(f"{raw}: no such file or folder.")
    return out, problems


def _wanted_in_folder(p: Path) -> bool:
    suffix = p.suffix.lower()
    if suffix in KNOWN_EXTENSIONS or suffix in OTHER_SHEET_EXTENSIONS or suffix in COMPRESSED_EXTENSIONS:
        return True
    if suffix == ".xml":  # an Excel 2003 XML spreadsheet, not any XML file
        try:
            with open(p, "rb") as fh:
                return documents.identify(fh.read(documents.HEAD_BYTES)) == "spreadsheetml"
        except OSError:
            return False
    return False


def _ignored(p: Path) -> bool:
    name = p.name
    return name.startswith((".", "~$")) or "__MACOSX" in p.parts or name.lower() in {"thumbs.db", "desktop.ini"}


# --------------------------------------------------------------------------------------------
# Reading


ProgressFn = Callable[[float, str], None]


def read_input(item: InputFile) -> list[Table]:
    """Read one input file into one or more tables. Never raises for bad content."""
    if item.path.is_dir():  # an Apple Numbers document saved as a package (a folder)
        t = _failed(item.display, str(item.path), None, 0, "", "This is an Apple Numbers spreadsheet (or a folder), which "
                    "this program does not read as a file. Open it in Numbers and use File > Export To > Excel (or CSV), "
                    "then add the exported file.")
        t.input_path = item.display
        return [t]
    table = _read_large_text(item)
    if table is not None:
        return [table]
    try:
        data = item.path.read_bytes()
    except OSError as exc:
        t = _failed(item.display, str(item.path), None, 0, "", f"The file could not be opened ({exc.strerror or exc}). Check that it still exists and that you may read it.")
        t.input_path = item.display
        return [t]
    tables = read_bytes(item.display, str(item.path), data)
    whole = hashlib.sha256(data).hexdigest() if len(tables) != 1 or tables[0].member is not None else tables[0].sha256
    for t in tables:
        t.input_path = item.display
        t.input_sha256 = whole
    return tables


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _read_large_text(item: InputFile) -> Table | None:
    """A large plain UTF-8 export parsed straight from disk, its bytes never all in memory; None
    for anything else (a workbook, an archive, another encoding, a file the fast parser cannot
    take), which read_input then reads whole, as before. The result is the table the in-memory
    path gives for the same file (tests/core/test_reader_disk.py)."""
    path = item.path
    try:
        before = path.stat()
        if before.st_size < fastcsv.FAST_MIN_BYTES or not path.is_file():
            return None
        with open(path, "rb") as fh:
            head = fh.read(fastcsv.SAMPLE_BYTES + 3)
            fh.seek(-1, os.SEEK_END)
            last = fh.read(1)
    except OSError:
        return None
    suffix = path.suffix.lower()
    if (head[:2] == b"PK" or head[:8] == _OLE_MAGIC or _compressed_kind(head) or documents.identify(head) is not None
            or suffix in SHEET_EXTENSIONS | OTHER_SHEET_EXTENSIONS | ARCHIVE_EXTENSIONS
            or head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head or not head[:65536].strip()
            or last == b"\x1a"):
        return None  # the whole-file reader says what it is, or strips the DOS end-of-file marks
    scan = _FileScan(path)
    bom = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    try:
        table = fastcsv.try_read_file(item.display, str(path), bom, head[bom:], "utf-8-sig" if bom else "utf-8",
                                      mid_bom=lambda: scan.result().mid_bom)
    except (ReadError, MemoryError, RecursionError):
        table = None  # the whole-file reader gives the same message
    finally:
        found = scan.result()
    try:
        after = path.stat()
    except OSError:
        return None
    if (table is None or found.error is not None or found.nul or found.size != before.st_size
            or (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns)):
        return None  # binary data to explain, or the file changed while it was read: read it whole
    table.member, table.size, table.sha256 = None, found.size, found.sha256
    table.input_path, table.input_sha256 = item.display, found.sha256
    return table


@dataclass
class _ScanResult:
    sha256: str = ""
    size: int = 0
    nul: bool = False  # a NUL byte anywhere: binary data, not a text export
    mid_bom: bool = False  # 0xEF after the start: maybe a byte-order mark where two files were joined
    error: OSError | None = None


class _FileScan:
    """One pass over a file on a thread, 4 MB at a time, while pyarrow parses it: its sha256 and
    the few whole-file facts the fast reader asks for. Hashing and reading let go of the
    interpreter lock; each search is a memchr."""

    def __init__(self, path: Path):
        self._path = path
        self._result = _ScanResult()
        self._thread = threading.Thread(target=self._run, name="clio-prep-scan", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        r = self._result
        sha = hashlib.sha256()
        buf = bytearray(4 << 20)
        view = memoryview(buf)
        try:
            with open(self._path, "rb", buffering=0) as fh:
                while True:
                    pause.point()  # the searches below hold the interpreter lock a few ms
                    n = fh.readinto(buf)
                    if not n:
                        break
                    sha.update(view[:n])
                    r.nul = r.nul or buf.find(b"\x00", 0, n) >= 0
                    r.mid_bom = r.mid_bom or buf.find(b"\xef", 3 if r.size == 0 else 0, n) >= 0
                    r.size += n
        except OSError as exc:
            r.error = exc
        r.sha256 = sha.hexdigest()

    def result(self) -> _ScanResult:
        self._thread.join()
        return self._result


def read_inputs(inputs: list[InputFile], progress: Callable[[float, str], None] | None = None,
                cancelled: Callable[[], bool] | None = None, threads: int = 2) -> list[Table]:
    """read_input() of every input, two at a time, the biggest first; the tables come back in
    the inputs' order. Parsing, decoding checks and checksums run outside the interpreter lock,
    so the big time-entry file is read while the contacts and matters are. `cancelled` is asked
    before each file starts (a file being read is finished)."""
    from concurrent.futures import ThreadPoolExecutor

    progress = progress or (lambda f, m: None)
    cancelled = cancelled or (lambda: False)
    if not inputs:
        return []

    def size(item: InputFile) -> int:
        try:
            return item.path.stat().st_size
        except OSError:
            return 0

    order = sorted(range(len(inputs)), key=lambda i: -size(inputs[i]))
    results: dict[int, list[Table]] = {}
    done = [0]
    lock = threading.Lock()

    def one(i: int) -> list[Table]:
        if cancelled():
            raise Cancelled()
        tables = read_input(inputs[i])
        with lock:
            done[0] += 1
            progress(done[0] / len(inputs), f"Read {inputs[i].display}")
        return tables

    progress(0.0, f"Reading {inputs[order[0]].display}")
    if threads <= 1 or len(inputs) == 1:
        for i in order:
            results[i] = one(i)
    else:
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="clio-prep-read") as pool:
            futures = {i: pool.submit(one, i) for i in order}
            try:
                for i in order:
                    results[i] = futures[i].result()
            except BaseException:
                for f in futures.values():
                    f.cancel()
                raise
    return [t for i in range(len(inputs)) for t in results[i]]


def _checksum_later(data: bytes) -> Callable[[], str]:
    """The sha256 of a big file taken on another thread while the file is parsed (hashlib lets go
    of the interpreter lock); call the result for the hex digest."""
    if len(data) < (8 << 20):
        sha = hashlib.sha256(data).hexdigest()
        return lambda: sha
    box: list[str] = []
    t = threading.Thread(target=lambda: box.append(hashlib.sha256(data).hexdigest()), name="clio-prep-sha256", daemon=True)
    t.start()

    def digest() -> str:
        t.join()
        return box[0]
    return digest


def read_bytes(display: str, origin: str, data: bytes, member: str | None = None, depth: int = 0) -> list[Table]:
    size = len(data)
    checksum = _checksum_later(data)
    suffix = Path(display).suffix.lower()
    try:
        if data[:4] == b"PK\x03\x04" or (suffix in ARCHIVE_EXTENSIONS | SHEET_EXTENSIONS | OTHER_SHEET_EXTENSIONS and data[:2] == b"PK"):
            names = _zip_names(data)
            if names is not None and "xl/workbook.xml" in names:
                return _read_workbook(display, origin, data, member, checksum())
            if names is not None:
                other = _other_zip_document(data, names)
                if other:
                    raise ReadError(other)
            if names is None and suffix in SHEET_EXTENSIONS | OTHER_SHEET_EXTENSIONS:
                what = "Excel workbook" if suffix in SHEET_EXTENSIONS | {".xls", ".xlsb"} else "spreadsheet workbook"
                raise ReadError(f"This {what} is damaged and could not be opened (often a download or copy that "
                                "stopped part-way). Open it in the program that made it and save it again as .xlsx or CSV, "
                                "or export it again from your old program.")
            if depth >= 2:
                raise ReadError("This archive is nested too deeply inside other archives. Unpack it and add the files themselves.")
            return _read_archive(display, origin, data, checksum(), depth)
        if data[:8] == _OLE_MAGIC:
            raise ReadError(_ole_refusal(data))
        packed = _compressed_kind(data)
        if packed:
            raise ReadError(f"This file is compressed ({packed}): binary data, not the text of a CSV export. Unpack it (with 7-Zip, or "
                            "by double-clicking it on a Mac) and add the file that comes out of it.")
        kind = documents.identify(data)
        if kind is not None:
            return _read_document(kind, display, origin, data, member, checksum())
        if suffix in SHEET_EXTENSIONS:
            raise ReadError("This file is named like an Excel workbook but is not one. Open it in Excel and save it again as .xlsx or CSV.")
        table = read_text_table(display, origin, data)
        table.member, table.size, table.sha256 = member, size, checksum()
        return [table]
    except ReadError as exc:
        return [_failed(display, origin, member, size, checksum(), str(exc))]
    except (MemoryError, RecursionError):
        return [_failed(display, origin, member, size, checksum(), "The file is too large or too complex to read on this computer.")]


def _read_document(kind: str, display: str, origin: str, data: bytes, member: str | None, sha: str) -> list[Table]:
    """An HTML table or Excel 2003 XML spreadsheet read as tables; other documents refused."""
    if kind == "spreadsheetml":
        sheets = [(name, recs) for name, recs in documents.spreadsheetml_sheets(data) if recs]
        if not sheets:
            raise ReadError("This Excel 2003 XML spreadsheet has no sheet with data in it. Check that you picked the right "
                            "file, or export the data again from your old program.")
        tables = []
        for name, records in sheets:
            shown = f"{display}/{name}" if len(sheets) > 1 else display
            try:
                t = build_table(shown, origin, records, encoding=None, delimiter=None, kind="xlsx")
            except ReadError as exc:
                t = _failed(shown, origin, member, len(data), sha, str(exc))
            t.member = member if len(sheets) == 1 else (name if member is None else f"{member}/{name}")
            t.size, t.sha256 = len(data), sha
            tables.append(t)
        return tables
    if kind in ("html", "mhtml"):
        try:
            text, encoding = documents.mhtml_html(data) if kind == "mhtml" else documents.decode_html(data)
        except enc.Damaged as exc:
            raise ReadError(exc.template.format(where="one place")) from exc
        records = documents.html_records(text)
        del text
        t = build_table(display, origin, records, encoding=encoding, delimiter=None, kind="html")
        t.member, t.size, t.sha256 = member, len(data), sha
        return [t]
    raise ReadError(documents.refusal(kind, display))


def _failed(display, origin, member, size, sha, reason) -> Table:
    return Table(path=display, origin=origin, member=member, size=size, sha256=sha, error=reason)


def _compressed_kind(data: bytes) -> str | None:
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    if data[:6] == b"7z\xbc\xaf\x27\x1c":
        return "7-Zip"
    if data[:6] == b"Rar!\x1a\x07":
        return "RAR"
    if data[:6] == b"\xfd7zXZ\x00":
        return "xz"
    if data[:3] == b"BZh" and data[4:10] == b"1AY&SY":
        return "bzip2"
    return None


def _zip_names(data: bytes) -> set[str] | None:
    """The member names of a ZIP; None when it is not a readable ZIP at all."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _other_zip_document(data: bytes, names: set[str]) -> str | None:
    """What to tell the user about a ZIP-based document that is not an .xlsx nor an archive of
    exports: another spreadsheet program's file, or a Word/PowerPoint document."""
    mimetype = ""
    if "mimetype" in names:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                mimetype = zf.read("mimetype")[:200].decode("ascii", "replace").strip()
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
            mimetype = ""
    if mimetype.startswith("application/vnd.oasis.opendocument.spreadsheet"):
        return ("This is an OpenDocument spreadsheet (.ods, from LibreOffice or OpenOffice), which this program does not "
                "read. Open it in LibreOffice Calc (or Excel) and save it as .xlsx or CSV, then add the saved file.")
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        return ("This is an OpenDocument text or presentation file, not a spreadsheet or CSV export. Check that you "
                "picked the right file, or export the data again from your old program as CSV.")
    if "Index/Document.iwa" in names or any(n.startswith("Index/") and n.endswith(".iwa") for n in names):
        return ("This is an Apple Numbers spreadsheet, which this program does not read. Open it in Numbers and use "
                "File > Export To > Excel (or CSV), then add the exported file.")
    if "xl/workbook.bin" in names:
        return ("This is a binary Excel workbook (.xlsb), which this program does not read. Open it in Excel and save it "
                "as .xlsx (Excel Workbook) or CSV, then add the saved file.")
    if "word/document.xml" in names:
        return ("This is a Word document, not a spreadsheet or CSV export. Check that you picked the right file, or "
                "export the data again from your old program as CSV.")
    if "ppt/presentation.xml" in names:
        return ("This is a PowerPoint presentation, not a spreadsheet or CSV export. Check that you picked the right "
                "file, or export the data again from your old program as CSV.")
    return None


def _ole_stream_names(data: bytes) -> set[str]:
    """Stream names in the first directory sector of an OLE compound file (best effort)."""
    names: set[str] = set()
    if len(data) < 512:
        return names
    shift = int.from_bytes(data[30:32], "little")
    if shift not in (9, 12):
        return names
    size = 1 << shift
    first_dir = int.from_bytes(data[48:52], "little")
    start = (first_dir + 1) * size
    sector = data[start:start + size]
    for off in range(0, len(sector) - 127, 128):
        n = int.from_bytes(sector[off + 64:off + 66], "little")
        if 2 <= n <= 64:
            names.add(sector[off:off + n - 2].decode("utf-16-le", "replace"))
    return names


def _ole_refusal(data: bytes) -> str:
    names = _ole_stream_names(data)
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        return ("This Excel workbook is password-protected (encrypted), so it cannot be read. Open it in Excel with its "
                "password, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it) and "
                "save it, or save a copy as CSV; then add that file.")
    if "WordDocument" in names:
        return ("This is a Word document, not a spreadsheet or CSV export. Check that you picked the right file, or "
                "export the data again from your old program as CSV.")
    return ("This is an old-style Excel workbook (.xls). Open it in Excel and use "
            "File > Save As > 'CSV UTF-8' (or .xlsx), then add the saved file.")


def _read_archive(display: str, origin: str, data: bytes, sha: str, depth: int) -> list[Table]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReadError("This ZIP archive is damaged and cannot be opened. Download or export it again.") from exc
    tables: list[Table] = []
    total = 0
    used: set[str] = set()
    with zf:
        members: list[tuple[zipfile.ZipInfo, str]] = []
        for info in sorted((i for i in zf.infolist() if not i.is_dir()), key=lambda i: i.filename.lower()):
            inner = _safe_member_name(_member_name(info))
            if not inner or _ignored(Path(inner)):
                continue
            inner = _unique(inner, used)
            if Path(inner).suffix.lower() in KNOWN_EXTENSIONS:
                members.append((info, inner))
        _check_archive_size(members, len(data))
        for info, inner in members:
            shown = f"{display}/{inner}"
            if info.flag_bits & 0x1:
                tables.append(_failed(shown, origin, inner, info.file_size, "", "This file inside the ZIP is password-protected. Unpack it with its password and add the files themselves."))
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            total += info.file_size
            if info.file_size > MAX_MEMBER_BYTES or total > MAX_ARCHIVE_TOTAL_BYTES or (ratio > MAX_COMPRESSION_RATIO and info.file_size > BOMB_MIN_BYTES):
                tables.append(_failed(shown, origin, inner, info.file_size, "", "This file inside the ZIP unpacks to an unreasonable size and was not read (it may be damaged or a 'zip bomb'). Unpack it yourself and add the files."))
                continue
            try:
                member_data = zf.read(info)
            except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
                tables.append(_failed(shown, origin, inner, info.file_size, "", f"This file inside the ZIP could not be unpacked ({exc}). Unpack the ZIP yourself and add the files."))
                continue
            tables.extend(read_bytes(shown, origin, member_data, member=inner, depth=depth + 1))
    if not tables:
        raise ReadError("This ZIP archive holds no CSV, TSV or Excel files. Check that it is the export (or backup) from your "
                        "old program; if the exports are in another format, export them again as CSV.")
    return tables


def _check_archive_size(members: list[tuple[zipfile.ZipInfo, str]], archive_bytes: int) -> None:
    """Refuse, before unpacking anything, an archive of very many export files, or one whose
    export files together unpack to far more than any real export compresses from (many small
    members each under the per-member limits are a zip bomb too)."""
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise ReadError(f"This ZIP archive holds {len(members):,} export files, more than the {MAX_ARCHIVE_MEMBERS:,} this program "
                        "reads from one archive, so none were read (it may be damaged or a 'zip bomb'). Unpack it yourself and "
                        "add the folders you need.")
    total = sum(info.file_size for info, _inner in members)
    if total > BOMB_MIN_BYTES and total > MAX_COMPRESSION_RATIO * max(archive_bytes, 1):
        raise ReadError(f"The files in this ZIP archive would unpack to an unreasonable size ({_mb(total)} from a {_mb(archive_bytes)} "
                        "archive), so none were read: it may be damaged or a 'zip bomb'. Unpack it yourself, check the files "
                        "inside, and add them.")


def _mb(n: int) -> str:
    return f"{n / 1e6:,.0f} MB" if n >= 10_000_000 else f"{n / 1e6:,.1f} MB"


def _unique(name: str, used: set[str]) -> str:
    """Two members that show the same name ('../a.csv' and 'a.csv') get distinct names."""
    out, k = name, 1
    while out.lower() in used:
        k += 1
        stem, dot, ext = name.rpartition(".")
        out = f"{stem} ({k}).{ext}" if dot else f"{name} ({k})"
    used.add(out.lower())
    return out


def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's name: without the UTF-8 flag zipfile reads the name as cp437 (the DOS code
    page), but macOS's Archive Utility and many tools write UTF-8 there without the flag; a name
    whose bytes are valid UTF-8 (and not plain ASCII) is UTF-8."""
    name = info.filename
    if info.flag_bits & 0x800 or name.isascii():
        return name
    try:
        return name.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def _safe_member_name(name: str) -> str:
    """An archive member's name as shown: no drive letters, no absolute paths, no `..`."""
    parts = [p for p in re.split(r"[\\/]+", name) if p not in ("", ".", "..")]
    if parts and re.fullmatch(r"[A-Za-z]:", parts[0]):
        parts = parts[1:]
    return "/".join(parts)


# --------------------------------------------------------------------------------------------
# Text tables


def read_text_table(display: str, origin: str, data: bytes) -> Table:
    if not data[:65536].strip() and not data.strip():  # the whole file is copied only when its start is blank
        raise ReadError("The file is empty: there is nothing in it to migrate. Export it again from your old program.")
    big = len(data) >= fastcsv.FAST_MIN_BYTES
    if big and b"\x00" not in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Large UTF-8 export: straight to the fast parser, which checks the UTF-8 itself.
        t = fastcsv.try_read(display, origin, data, None, "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
        if t is not None:
            return t
    try:
        decoded = enc.decode_text(data)
    except enc.Damaged as exc:
        row = _rows_at(exc.text + "x", [exc.offset])[0]
        raise ReadError(exc.template.format(where=f"row {row}")) from exc
    text, encoding = decoded.text, decoded.encoding
    if text.endswith("\x1a"):  # DOS end-of-file mark (Ctrl-Z), sometimes padded out to a block
        text = text.rstrip("\x1a")
    nul = text.find("\x00")
    if nul >= 0:
        raise ReadError(f"The file contains binary data (a NUL character, first on row {_rows_at(text, [nul])[0]}), so it is not a "
                        "CSV export. Check that you picked the right file, or export it again as CSV.")
    if not encoding.startswith("utf") and _looks_binary(text):  # compressed or encrypted data is never valid UTF-8
        raise ReadError("The file contains binary data (control characters that a text export never holds), so it is not a CSV "
                        "export: it may be compressed, encrypted or a program's own file. Check that you picked the right "
                        "file, or export it again as CSV.")
    if big and encoding not in ("utf-8", "utf-8-sig"):
        t = fastcsv.try_read(display, origin, data, text, encoding)
        if t is not None:
            return t
    records, delimiter = parse_records(text)
    if looks_like_printed_report(records[:400]):
        raise ReadError("This looks like a printed report saved as text (columns lined up with spaces, a page heading), "
                        "not an export: its columns cannot be told apart reliably. Export the data again from your old "
                        "program as CSV (or Excel), not as a report or 'print to file'.")
    damaged = _rows_at(text, decoded.damaged, delimiter) if decoded.damaged else []
    del text
    table = build_table(display, origin, records, encoding=encoding, delimiter=delimiter)
    table.damaged_rows = sorted(set(damaged))
    return table


# C0 control characters other than tab, line breaks, VT and FF (FileMaker's line break in a
# cell, page breaks) and \x1c-\x1e (FileMaker's repetition separators): in a legacy-encoded
# text export they are rare strays, in compressed or encrypted data about one byte in eleven.
_CONTROL_RE = re.compile("[\x01-\x08\x0e-\x1b\x1f\x7f]")
_BINARY_SAMPLE = 1_000_000


def _looks_binary(text: str) -> bool:
    sample = text[:_BINARY_SAMPLE]
    n = len(_CONTROL_RE.findall(sample))
    return n > 8 and n > 0.01 * len(sample)


def _rows_at(text: str, offsets: list[int], delimiter: str | None = None) -> list[int]:
    """The row (SPEC section 3) that holds each character offset of `text`.

    Records are counted as parse_records counts them (blank lines count, a quoted value with
    line breaks is one row). Only called for a file with a problem to name, and only reads up
    to the last offset."""
    if not offsets:
        return []
    if delimiter is None:
        delimiter = sniff_delimiter(text[:200_000])
    last = max(offsets)
    consumed = 0

    def lines():
        nonlocal consumed
        for m in _LINE_RE.finditer(text):
            consumed = m.end()
            yield m.group()
            if consumed > last:
                return

    ends: list[int] = []
    for _rec in csv.reader(lines(), delimiter=delimiter, strict=False, **sniff_quoting(text[:200_000], delimiter)):
        ends.append(consumed)
        if consumed > last:
            break
    return [min(bisect.bisect_right(ends, o) + 1, max(len(ends), 1)) for o in offsets]


def parse_records(text: str) -> tuple[list[list[str]], str]:
    """Split decoded text into records, choosing the delimiter. `sep=X` first lines are honoured."""
    first_line = text[:64].split("\n", 1)[0].strip().strip('"')
    if first_line.lower().startswith("sep=") and len(first_line) == 5:
        delimiter = first_line[4]
    else:
        delimiter = sniff_delimiter(text[:200_000])
    dialect = sniff_quoting(text[:200_000], delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False, **dialect)
    try:
        records = list(reader)
    except csv.Error as exc:  # pragma: no cover - csv with strict=False rarely raises
        raise ReadError(f"The file could not be split into rows and columns ({exc}).") from exc
    quote = dialect["quotechar"]
    if (records and not dialect.get("escapechar") and text.count(quote) % 2 == 1
            and any("\n" in c or "\r" in c for c in records[-1])):
        # A quote opened and never closed swallows every later line into the last record's cell
        # (an inch mark inside an unquoted cell does not): refuse rather than lose records
        # silently, and say where it starts.
        raise ReadError(f"A quotation mark on row {len(records)} is never closed, so everything after it would be read as "
                        "one cell and records would be lost. Open the file in a text editor, fix the quote on that row, "
                        "and add the file again.")
    return records, delimiter


_SPACED_RE = re.compile(r"\S(?: {2,}|\t)\S")


def looks_like_printed_report(records: list[list[str]]) -> bool:
    """Lines that no delimiter splits, most of them with columns lined up by runs of spaces."""
    lines = [r for r in records if r and any(c.strip() for c in r)]
    if len(lines) < 3 or sum(1 for r in lines if len(r) == 1) < 0.9 * len(lines):
        return False
    spaced = sum(1 for r in lines if len(r) == 1 and _SPACED_RE.search(r[0].strip()))
    return spaced >= 3 and spaced >= 0.5 * len(lines)


DEFAULT_QUOTING = {"quotechar": '"', "skipinitialspace": False, "escapechar": None}


def sniff_quoting(sample: str, delimiter: str) -> dict:
    """How a file quotes its values, from a sample of its start: csv.reader keyword arguments.

    The standard ('"', doubled inside) unless the sample clearly shows otherwise:
    - a space after each delimiter before a quoted value ('"Ann", "Lee"'): skipinitialspace;
    - values quoted with ' and none with " (some dBase/FoxPro exports); an apostrophe in a name
      (O'Brien, 't Hooft) is never taken for a quote;
    - quotes escaped with a backslash inside values ('He said \\"hi\\"', MySQL/PHP exports), and
      no doubled quotes: escapechar.
    """
    out = dict(DEFAULT_QUOTING)
    if not sample:
        return out
    d = re.escape(delimiter)
    sample = sample[:50_000]
    lines = [ln for ln in sample.splitlines()[:200] if ln.strip()]
    if not lines:
        return out
    double_open = len(re.findall(f'(?:^|{d})"', sample, re.M))
    spaced = len(re.findall(f'{d} +"', sample))
    if spaced and spaced >= len(lines) and spaced > len(re.findall(f'{d}"', sample)):
        out["skipinitialspace"] = True
        double_open += spaced
    if not double_open and "'" in sample:
        wrapped = re.compile(f"(?:^|{d}) *'[^'\r\n]*'(?= *(?:{d}|$))")
        with_quotes = sum(1 for ln in lines if wrapped.search(ln))
        if with_quotes >= max(2, 0.8 * len(lines)) and len(wrapped.findall(sample)) >= len(lines):
            out["quotechar"] = "'"
            if re.search(f"{d} +'", sample):
                out["skipinitialspace"] = True
            return out
    if '\\"' in sample and double_open:
        escaped_mid = len(re.findall(f'\\\\"(?![{d}\r\n]|$)', sample, re.M))
        doubled_mid = len(re.findall(f'[^{d}\r\n"]""[^{d}\r\n"]', sample))
        if escaped_mid >= 2 and not doubled_mid:
            out["escapechar"] = "\\"
    return out


def sniff_delimiter(sample: str) -> str:
    # Only CR and LF end a line, as in parse_records: str.splitlines() would also break at
    # U+2028, vertical tab (FileMaker's line break inside a cell), form feed and \x1c-\x1e.
    joined = "".join(m.group() for m in itertools.islice(_LINE_RE.finditer(sample), 80))
    best, best_score = ",", -1.0
    only_delims: list[tuple[int, str]] = []  # delimiters that make every line blank: (count, d)
    for d in DELIMITERS:
        try:
            recs = list(csv.reader(io.StringIO(joined, newline=""), delimiter=d, strict=False))
        except csv.Error:
            continue
        widths = [len(r) for r in recs if r and any(c.strip() for c in r)]
        if not widths:
            if any(len(r) > 1 for r in recs):
                only_delims.append((joined.count(d), d))
            continue
        top = max(set(widths), key=lambda w: (widths.count(w), w))
        if top < 2:
            continue
        consistency = widths.count(top) / len(widths)
        score = consistency * min(top, 30) ** 0.5
        if score > best_score + 1e-9:
            best, best_score = d, score
    if best_score < 0 and only_delims:
        # Nothing but delimiters (';;' lines: Excel's CSV of an empty sheet): split on the
        # delimiter they are made of, so the lines read as blank.
        return max(only_delims)[1]
    return best


def build_table(display: str, origin: str, records: list[list[str]], encoding: str | None, delimiter: str | None, kind: str = "csv") -> Table:
    table = Table(path=display, origin=origin, encoding=encoding, delimiter=delimiter, kind=kind)
    if not any(any(c.strip() for c in r) for r in records):
        raise ReadError("The file holds only blank lines: there is nothing in it to migrate. Check that you picked the right "
                        "file, or export it again from your old program.")
    start = 0
    if records and records[0] and len(records[0]) <= 2 and records[0][0].strip().lower().startswith("sep=") and not any(c.strip() for c in records[0][1:]):
        table.skipped.append(SkippedLine(1, "spreadsheet hint line (sep=)", "sep=" + (delimiter or "")))
        start = 1
    header_idx = find_header(records, start)
    skipped = table.skipped
    if header_idx is None:
        header: list[str] = []
        data_start = start
        table.header_row = None
    else:
        for i in range(start, header_idx):
            if any(c.strip() for c in records[i]):
                skipped.append(SkippedLine(i + 1, "title line above the table", _line_text(records[i])))
            else:
                skipped.append(SkippedLine(i + 1, "blank line"))
        header = [c.strip() for c in records[header_idx]]
        data_start = header_idx + 1
        table.header_row = header_idx + 1
    body = records[data_start:]
    width = max([len(header)] + [len(r) for r in body[:1]] + [0])
    if not header:
        width = max((len(r) for r in body), default=0)
    keep_rows: list[list[str]] = []
    rownums: list[int] = []
    header_norm = [h.lower() for h in header]
    ragged: list[int] = []
    max_width = width
    words = _header_words()
    for offset, rec in enumerate(body):
        rownum = data_start + offset + 1
        if rec and rec[0][:1] == "\ufeff":  # a byte-order mark mid-file: two UTF-8 exports joined
            rec[0] = rec[0].lstrip("\ufeff")
        if not rec or not any(c.strip() for c in rec):
            skipped.append(SkippedLine(rownum, "blank line"))
            continue
        stripped = [c.strip() for c in rec]
        nonempty = [c for c in stripped if c]
        if header and [c.lower() for c in stripped[: len(header)]] == header_norm:
            skipped.append(SkippedLine(rownum, "repeated header", _line_text(rec)))
            continue
        if header and nonempty[0].lower() in words:
            if _partial_header(stripped, header_norm):
                skipped.append(SkippedLine(rownum, "repeated header", _line_text(rec)))
                continue
            if _second_header(nonempty, words):
                raise ReadError(second_table_message(rownum, rec))
        if _TOTAL_RE.match(nonempty[0]) and _is_total_like(nonempty):
            skipped.append(SkippedLine(rownum, "total line", _line_text(rec)))
            continue
        if len(nonempty) == 1 and width > 2 and _FOOTER_RE.match(nonempty[0]):
            skipped.append(SkippedLine(rownum, "report footer", _line_text(rec)))
            continue
        if header and len(rec) > len(header) and any(c.strip() for c in rec[len(header):]):
            ragged.append(rownum)
        max_width = max(max_width, len(rec))
        keep_rows.append(rec)
        rownums.append(rownum)
    columns = dedupe_headers(header, max_width)
    n = len(columns)
    cols: dict[str, list[str]] = {c: [] for c in columns}
    col_lists = [cols[c] for c in columns]
    for rec in keep_rows:
        k = len(rec)
        for j in range(n):
            col_lists[j].append(rec[j] if j < k else "")
    frame = pd.DataFrame({c: _text_column(cols[c]) for c in columns}, columns=columns)
    # Drop unnamed columns that hold nothing (a trailing delimiter on every line).
    empty_unnamed = [c for i, c in enumerate(columns) if (i >= len(header) or not header[i]) and not any(v.strip() for v in cols[c])]
    if empty_unnamed:
        frame = frame.drop(columns=empty_unnamed)
        columns = [c for c in columns if c not in empty_unnamed]
    table.columns = columns
    table.frame = frame
    table.rows = np.asarray(rownums, dtype=np.int64)
    table.ragged_rows = ragged
    if not columns:
        raise ReadError("No columns could be found in the file.")
    return table


# Column names that are also common values (a status "Open", a phone type "Mobile", a contact
# type "Client"): a record holding them is not taken for a second table's header.
_VALUE_LIKE_WORDS = {"open", "opened", "closed", "active", "inactive", "done", "complete", "completed", "billable",
                     "non-billable", "nonbillable", "mobile", "cell", "cellular", "fax", "home", "work", "office", "trust",
                     "unpaid", "outstanding", "due", "client", "person", "company", "staff", "employee", "attorney",
                     "lawyer", "professional", "principal", "party", "customer", "yes", "no", "true", "false", "user",
                     "owner", "contact", "matter", "case", "task", "event", "note", "memo", "time", "date", "cost",
                     "service", "project", "item", "detail", "details", "message", "appointment", "category", "type",
                     "kind", "role", "title", "name", "first", "last", "middle", "initial", "given", "family", "end",
                     "start", "begin", "finish", "until", "from", "to", "for", "at", "re", "who", "what", "when", "where"}


@functools.lru_cache(maxsize=1)
def _header_words() -> frozenset[str]:
    """Known column names (every source program's, lower-case), to tell a second export's header
    pasted below the first table from a record."""
    from app.core.profiles import generic_aliases, load_profiles

    out: set[str] = set()
    try:
        for d in generic_aliases().values():
            for names in d.values():
                out.update(n.strip().lower() for n in names)
        for p in load_profiles().values():
            for d in p.aliases.values():
                for names in d.values():
                    out.update(n.strip().lower() for n in names)
    except (OSError, ValueError):  # pragma: no cover - resources missing
        return frozenset()
    return frozenset(w for w in out if w and w not in _VALUE_LIKE_WORDS)


def _partial_header(stripped: list[str], header_norm: list[str]) -> bool:
    """The table's own header again, with some of its cells left blank."""
    if len(stripped) > len(header_norm) and any(stripped[len(header_norm):]):
        return False
    hits = [c.lower() == h for c, h in zip(stripped, header_norm, strict=False) if c]
    return len(hits) >= 2 and all(hits)


def _second_header(nonempty: list[str], words: frozenset[str]) -> bool:
    """A record that is a header of its own: two or more known column names, most of its cells."""
    if len(nonempty) < 2 or len({c.lower() for c in nonempty}) < len(nonempty):
        return False
    known = sum(1 for c in nonempty if c.lower() in words)
    return known >= 2 and known >= 0.6 * len(nonempty) and all(_label_like(c) for c in nonempty)


def second_table_message(rownum: int, rec: list[str]) -> str:
    return (f"Row {rownum} starts a second table with a header of its own ({_line_text(rec)}), as if another export had "
            "been pasted below the first one; its records would be read under the first table's columns. Split the file: "
            f"save the lines from row {rownum} on as a file of their own, remove them from this one, and add both files.")


def _text_column(values: list[str]):
    """One column of text as read, with Excel's text-forcing ="00123" cells unwrapped."""
    arr = pd.array(values, dtype=TEXT)
    chunked = pa.chunked_array([pa.array(arr)]) if len(arr) else None
    if chunked is not None:
        out = fastcsv.unwrap_text_formulas(chunked)
        if out is not chunked:
            arr = pd.arrays.ArrowStringArray(out)
    return arr


def _is_total_like(nonempty: list[str]) -> bool:
    """A total line carries amounts (or nothing) after its label, not names or text."""
    rest = nonempty[1:]
    return all(_NUMERIC_RE.match(v) for v in rest)


def _line_text(rec: list[str]) -> str:
    return " | ".join(c for c in rec if c.strip())[:200]


def dedupe_headers(header: list[str], width: int) -> list[str]:
    out: list[str] = []
    seen: dict[str, int] = {}
    for i in range(width):
        name = header[i].strip() if i < len(header) else ""
        if not name:
            name = f"Column {i + 1}"
        base = name
        k = seen.get(base.lower(), 0)
        while name.lower() in seen:
            k += 1
            name = f"{base} ({k + 1})"
        seen[base.lower()] = k
        seen[name.lower()] = 0
        out.append(name)
    return out


def _label_like(cell: str) -> bool:
    c = cell.strip()
    if not c:
        return False
    if len(c) > 80 or _EMAILISH_RE.search(c) or _DATEISH_RE.match(c):
        return False
    if _NUMERIC_RE.match(c):
        return False
    return True


def find_header(records: list[list[str]], start: int = 0) -> int | None:
    """Index of the header record: the first wide, label-like row above the data.

    Title lines ("Report Date:", "03/31/2024") are narrower than the table and are passed over.
    Returns None when the file has no header row (the first full-width row already looks like data).
    """
    scan = records[start : start + HEADER_SCAN_RECORDS]
    counts = [sum(1 for c in r if c.strip()) for r in scan]
    if not counts:
        return None
    widest = max(counts)
    for i, rec in enumerate(scan):
        n = counts[i]
        if widest >= 2 and n < max(2, 0.6 * widest):
            continue  # a title line, a blank line, or a sparse row
        cells = [c for c in rec if c.strip()]
        labels = sum(1 for c in cells if _label_like(c))
        distinct = len({c.strip().lower() for c in cells})
        if labels / max(len(cells), 1) >= 0.8 and distinct >= 0.5 * len(cells):
            return start + i
        if n >= 0.8 * widest:
            # The first full-width row is data: this file has no header row.
            return None
    return None


# --------------------------------------------------------------------------------------------
# Workbooks


def _read_workbook(display: str, origin: str, data: bytes, member: str | None, sha: str) -> list[Table]:
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover
        raise ReadError("Excel support is missing from this installation.") from exc
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise ReadError(f"This Excel workbook could not be opened ({type(exc).__name__}). Open it in Excel and save it again, or save each sheet as CSV.") from exc
    tables: list[Table] = []
    try:
        padded = _padding_formats(wb)
        for ws in wb.worksheets:
            merges, uncalculated = _sheet_markup(ws)
            records = _sheet_records(ws, padded)
            _fill_merged_down(records, merges)
            while records and not any(c.strip() for c in records[-1]):
                records.pop()
            if not records:
                continue
            shown = f"{display}/{ws.title}" if len(wb.worksheets) > 1 else display
            try:
                if uncalculated:
                    ref, count = uncalculated
                    raise ReadError(
                        f"{count:,}{'+' if count >= _MAX_COUNTED else ''} formula cell(s) in this workbook (the first in "
                        f"sheet '{ws.title}', cell {ref}) have no calculated value: the workbook was written by a program, "
                        "not saved by Excel, so their results were never stored and would read as blank. Open the workbook "
                        "in Excel (or LibreOffice), save it so the formulas are calculated, and add it again.")
                t = build_table(shown, origin, records, encoding=None, delimiter=None, kind="xlsx")
            except ReadError as exc:
                t = _failed(shown, origin, member, len(data), sha, str(exc))
            t.member, t.size, t.sha256 = (ws.title if member is None else f"{member}/{ws.title}"), len(data), sha
            tables.append(t)
    finally:
        wb.close()
    if not tables:
        raise ReadError("The workbook has no sheet with data in it. Check that you picked the right workbook, or export "
                        "the data again from your old program.")
    return tables


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)"')
# A cell holding a formula and no stored result: <c r="A2"><f>...</f></c> (or <v/>, <v></v>).
_NO_RESULT_RE = re.compile(rb'<(?:\w+:)?c\s[^>]*?r="([A-Z]{1,3}\d+)"[^>]*>\s*<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>[^<]*</(?:\w+:)?f>)'
                           rb'\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>')
_MAX_COUNTED = 10_000
_MAX_MERGES = 100_000


def _sheet_markup(ws) -> tuple[list[tuple[int, int, int, int]], tuple[str, int] | None]:
    """What read-only openpyxl does not give: the sheet's merged ranges (min_col, min_row,
    max_col, max_row) and, when formulas have no stored result, (first cell, how many).

    The sheet's XML is streamed once in chunks (a one-byte test skips chunks without merges or
    formulas), so a large sheet is not held in memory twice."""
    from openpyxl.utils import column_index_from_string

    merges: list[tuple[int, int, int, int]] = []
    first: str | None = None
    count = 0
    get_source = getattr(ws, "_get_source", None)
    if get_source is None:
        return merges, None
    try:
        src = get_source()
    except Exception:  # noqa: BLE001 - the reader itself reports a damaged sheet
        return merges, None
    try:
        tail = b""
        while True:
            chunk = src.read(4 << 20)
            if not chunk:
                break
            buf = tail + chunk
            # Matches are taken only where they start before the last 64 KB of the buffer; that
            # part is searched again with the next chunk.
            limit = len(buf) - 65536 if len(chunk) == 4 << 20 else len(buf)
            if b"<f" in buf and count < _MAX_COUNTED:
                for m in _NO_RESULT_RE.finditer(buf):
                    if m.start() >= limit:
                        break
                    count += 1
                    first = first or m.group(1).decode("ascii")
                    if count >= _MAX_COUNTED:
                        break
            if b"mergeCell" in buf and len(merges) < _MAX_MERGES:
                for m in _MERGE_RE.finditer(buf):
                    if m.start() >= limit:
                        break
                    merges.append((column_index_from_string(m.group(1).decode()), int(m.group(2)),
                                   column_index_from_string(m.group(3).decode()), int(m.group(4))))
            tail = buf[limit:] if limit < len(buf) else b""
    except Exception:  # noqa: BLE001 - a damaged part: the rows are read (or refused) as before
        pass
    finally:
        src.close()
    return merges, ((first, count) if count and first else None)


def _fill_merged_down(records: list[list[str]], merges: list[tuple[int, int, int, int]]) -> None:
    """A value merged down over several rows (a time sheet grouped by matter) belongs to each of
    them: Excel shows it beside every one. Only the first column of a block is filled, so a
    heading merged across columns stays one heading."""
    for c1, r1, _c2, r2 in merges:
        if r2 <= r1 or r1 > len(records) or c1 > len(records[r1 - 1]):
            continue
        value = records[r1 - 1][c1 - 1]
        if not value:
            continue
        for r in range(r1 + 1, min(r2, len(records)) + 1):
            rec = records[r - 1]
            if len(rec) < c1:
                rec.extend([""] * (c1 - len(rec)))
            if not rec[c1 - 1]:
                rec[c1 - 1] = value


_PADDING_RE = re.compile(r"\(?0{2,}(?:[-\s)(/]+0+)*\)?")


def _padding_formats(wb) -> set[str]:
    """The workbook's own number formats that keep leading zeros ('000000', '00000-0000')."""
    out = set()
    for fmt in getattr(wb, "_number_formats", []) or []:
        clean = str(fmt).replace("\\", "").replace('"', "")
        if _PADDING_RE.fullmatch(clean):
            out.add(fmt)
    return out


def _padded_number(v, fmt: str) -> str | None:
    """An integer shown through a zero-padding format, as Excel shows it: 123 in '000000' is 000123."""
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
        return None
    if isinstance(v, float):
        if not v.is_integer() or v >= 1e15:
            return None
        v = int(v)
    clean = fmt.replace("\\", "").replace('"', "")
    slots = clean.count("0")
    digits = str(v).zfill(slots)
    extra, digits = digits[: len(digits) - slots], digits[len(digits) - slots:]
    it = iter(digits)
    out = "".join(next(it) if ch == "0" else ch for ch in clean)
    return extra + out


def _sheet_records(ws, padded: set[str] | frozenset[str] = frozenset()) -> list[list[str]]:
    """A sheet's rows as text, without the empty rows and columns after the last value.

    A read-only sheet pads every row to the size its dimension claims, and one formatted empty
    cell far away (XFD1048576, common in real workbooks) claims a million rows of 16,384 cells.
    So the dimension is dropped, each row is cut after its last value, empty rows are only
    counted until a row with a value follows, and the rows are padded to the widest one.
    """
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    records: list[list[str]] = []
    pending = 0  # empty rows not yet known to lie above a row with a value
    width = 0
    # Cells (with their formats) only when the workbook has a zero-padding format: values alone
    # are read faster.
    for row in ws.iter_rows(values_only=not padded):
        if padded:
            cells = row
            row = tuple(getattr(c, "value", None) for c in cells)
        k = len(row)
        while k and (row[k - 1] is None or row[k - 1] == ""):
            k -= 1
        if not k:
            pending += 1
            continue
        if pending:
            records.extend([] for _ in range(pending))
            pending = 0
        if padded:
            out = []
            for c, v in zip(cells[:k], row[:k], strict=False):
                fmt = getattr(c, "number_format", None)
                text = _padded_number(v, fmt) if fmt in padded else None
                out.append(_cell_text(v) if text is None else text)
            records.append(out)
        else:
            records.append([_cell_text(v) for v in row[:k]])
        width = max(width, k)
    for rec in records:
        if len(rec) < width:
            rec.extend([""] * (width - len(rec)))
    return records


def _cell_text(v) -> str:
    import datetime as _dt

    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, _dt.datetime):
        if v.hour == v.minute == v.second == 0:
            return v.strftime("%Y-%m-%d")
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, _dt.date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, _dt.time):
        return v.strftime("%H:%M")
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    return str(v)


def iter_tables(inputs: list[InputFile]) -> Iterator[Table]:
    for item in inputs:
        yield from read_input(item)
