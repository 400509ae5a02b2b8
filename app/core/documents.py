"""Files that are documents rather than CSV exports, recognised by their first bytes.

Web-based legal programs often "export to Excel" by saving an HTML table under an .xls name
(or a single-file web page, MIME); older Excel writes the 2003 XML spreadsheet format. Those
hold a table and are read here. JSON, other XML, RTF and PDF files named .csv hold no table a
CSV reader could split, so they are refused with what the file really is and what to do.

Only the first few KB are looked at to decide; nothing here runs for an ordinary CSV.
"""

from __future__ import annotations

import datetime as _dt
import re
from html.parser import HTMLParser

from app.core import encoding as enc
from app.core.reader_errors import ReadError

HEAD_BYTES = 4096
SPREADSHEET_NS = "urn:schemas-microsoft-com:office:spreadsheet"

_WS = re.compile(r"[ \t\r\n\f\u00a0]+")


def _head_text(data: bytes) -> str:
    """The first few KB as text, enough to see markers ('<html', '{\\rtf', ...), lower-cased."""
    head = data[:HEAD_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", "ignore")
    elif len(head) > 4 and head[1:4:2] == b"\x00\x00" and head[0] and head[2]:
        text = head.decode("utf-16-le", "ignore")  # UTF-16 without a byte-order mark
    else:
        text = head.decode("latin-1")
    return text.lstrip("\ufeff\u00ef\u00bb\u00bf \t\r\n").lower()


def identify(data: bytes) -> str | None:
    """What a non-ZIP, non-OLE file is, judged from its start: 'html', 'mhtml', 'spreadsheetml',
    'xml', 'json', 'rtf', 'pdf', or None for anything else (read as delimited text)."""
    head = _head_text(data)
    if not head:
        return None
    if head.startswith("%pdf-"):
        return "pdf"
    if head.startswith("{\\rtf"):
        return "rtf"
    if head.startswith("mime-version:") or (head.startswith(("from:", "content-type:")) and "multipart/related" in head):
        return "mhtml"
    if head.startswith("<"):
        if SPREADSHEET_NS in head and not re.search(r"<html[\s>]", head):
            return "spreadsheetml"
        if head.startswith("<?xml"):
            return "html" if re.search(r"<html[\s>]", head) else "xml"
        if re.search(r"<!doctype\s+html|<(html|head|body|table)[\s>]", head):
            return "html"
        if re.match(r"<[a-z_][\w.:-]*[\s>/]", head) and re.search(r"</[a-z_][\w.:-]*>", head):
            return "xml"
        return None
    if re.match(r"\[\s*[\{\[]", head) or re.match(r"\{\s*\"[^\"\r\n]*\"\s*:", head):
        return "json"
    return None


_WHAT = {
    "json": "JSON data (a program's data file)",
    "xml": "XML data",
    "rtf": "a word-processor document (RTF)",
    "pdf": "a PDF document",
}


def refusal(kind: str, display: str) -> str:
    suffix = display.rsplit(".", 1)[-1].lower() if "." in display else ""
    named = f", though it is named .{suffix}" if suffix else ""
    what = _WHAT[kind]
    if kind == "pdf":
        todo = ("A PDF is a printed page, not data that can be migrated. Export the data again from your old program as "
                "CSV (or Excel), and add that file.")
    elif kind == "rtf":
        todo = ("Export the data again from your old program as CSV (or Excel), or open the file in Word, check that it "
                "holds one record per line, and save it as plain text with the .csv name.")
    else:
        todo = ("This program reads CSV and Excel exports only. Export the data again from your old program as CSV "
                "(or Excel), and add that file.")
    return f"This file is {what}, not a CSV export{named}. {todo}"


# --------------------------------------------------------------------------------------------
# HTML tables


class _TableParser(HTMLParser):
    """Collects every <table> as rows of cell texts (nested tables are tables of their own)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._stack: list[tuple[list[list[str]], list[str] | None, list[str] | None, int]] = []
        self._skip = 0  # inside <script>/<style>

    # stack entries: (rows, current row, current cell parts, colspan of the current cell)
    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
            return
        if tag == "table":
            self._stack.append(([], None, None, 1))
            return
        if not self._stack:
            return
        rows, row, cell, span = self._stack[-1]
        if tag == "tr":
            self._close_row()
            rows, _row, _cell, _span = self._stack[-1]
            self._stack[-1] = (rows, [], None, 1)
        elif tag in ("td", "th"):
            self._close_cell()
            rows, row, _cell, _span = self._stack[-1]
            if row is None:
                row = []
            colspan = 1
            for k, v in attrs:
                if k == "colspan" and v and v.strip().isdigit():
                    colspan = max(1, min(int(v.strip()), 1000))
            self._stack[-1] = (rows, row, [], colspan)
        elif tag == "br" and cell is not None:
            cell.append("\n")
        elif tag in ("p", "div", "li") and cell is not None and cell and "".join(cell).strip():
            cell.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
            return
        if not self._stack:
            return
        if tag == "table":
            self._close_row()
            rows = self._stack.pop()[0]
            if rows:
                self.tables.append(rows)
        elif tag == "tr":
            self._close_row()
        elif tag in ("td", "th"):
            self._close_cell()

    def handle_data(self, data):
        if self._skip or not self._stack:
            return
        cell = self._stack[-1][2]
        if cell is not None:
            cell.append(data)

    def _close_cell(self) -> None:
        rows, row, cell, span = self._stack[-1]
        if cell is None:
            return
        text = "\n".join(_WS.sub(" ", part).strip() for part in "".join(cell).split("\n")).strip("\n")
        if row is None:
            row = []
        row.append(text)
        row.extend([""] * (span - 1))
        self._stack[-1] = (rows, row, None, 1)

    def _close_row(self) -> None:
        self._close_cell()
        rows, row, _cell, _span = self._stack[-1]
        if row is not None:
            rows.append(row)
        self._stack[-1] = (rows, None, None, 1)

    def finish(self) -> list[list[list[str]]]:
        self.close()
        while self._stack:
            self.handle_endtag("table")
        return self.tables


def html_records(text: str) -> list[list[str]]:
    """The rows of the biggest table in an HTML document (by number of cells), padded to one
    width. Raises ReadError when the page holds no table."""
    parser = _TableParser()
    parser.feed(text)
    tables = [t for t in parser.finish() if any(any(c.strip() for c in r) for r in t)]
    if not tables:
        raise ReadError("This file is a web page (HTML), not a CSV export, and it holds no table of data: it may be an "
                        "error or sign-in page saved in place of the export. Export or download the data again as CSV "
                        "(or Excel), and add that file.")
    best = max(tables, key=lambda t: sum(len(r) for r in t))
    width = max(len(r) for r in best)
    return [r + [""] * (width - len(r)) for r in best]


def decode_html(data: bytes) -> tuple[str, str]:
    """An HTML file's text and encoding: its byte-order mark or <meta charset>, else as a text export."""
    m = re.search(rb"<meta[^>]*charset\s*=\s*[\"']?\s*([\w.:-]+)", data[:HEAD_BYTES], re.I)
    if m and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        name = m.group(1).decode("ascii", "ignore").lower()
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    d = enc.decode_text(data)
    return d.text, d.encoding


def mhtml_html(data: bytes) -> tuple[str, str]:
    """The HTML page inside a single-file web page (MIME, .mht, or .xls saved by Excel that way)."""
    import email
    import email.policy

    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                continue
            charset = part.get_content_charset()
            if charset:
                try:
                    return payload.decode(charset), charset
                except (LookupError, UnicodeDecodeError):
                    pass
            return decode_html(payload)
    raise ReadError("This file is a single-file web page (MIME) with no web page inside that could be read. Open it in "
                    "Excel and save it as .xlsx or CSV, then add the saved file.")


# --------------------------------------------------------------------------------------------
# Excel 2003 XML spreadsheets


def spreadsheetml_sheets(data: bytes) -> list[tuple[str, list[list[str]]]]:
    """(sheet name, rows as text) for each worksheet of an Excel 2003 XML spreadsheet."""
    import xml.etree.ElementTree as ET

    ss = "{" + SPREADSHEET_NS + "}"
    sheets: list[tuple[str, list[list[str]]]] = []
    rows: list[list[str]] = []
    try:
        for event, el in ET.iterparse(_BytesReader(data), events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == ss + "Worksheet":
                    rows = []
                continue
            if tag == ss + "Row":
                idx = el.get(ss + "Index")
                if idx and idx.isdigit():
                    want = int(idx) - 1
                    while len(rows) < want and want - len(rows) < 1_000_000:
                        rows.append([])
                rows.append(_row_cells(el, ss))
                el.clear()
            elif tag == ss + "Worksheet":
                sheets.append((el.get(ss + "Name") or f"Sheet{len(sheets) + 1}", rows))
                rows = []
                el.clear()
    except ET.ParseError as exc:
        raise ReadError(f"This Excel 2003 XML spreadsheet is damaged ({exc}). Open it in Excel and save it as .xlsx or "
                        "CSV, then add the saved file.") from exc
    out = []
    for name, sheet_rows in sheets:
        while sheet_rows and not any(c.strip() for c in sheet_rows[-1]):
            sheet_rows.pop()
        width = max((len(r) for r in sheet_rows), default=0)
        out.append((name, [r + [""] * (width - len(r)) for r in sheet_rows]))
    return out


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def read(self, n: int = -1) -> bytes:
        end = len(self.data) if n is None or n < 0 else self.pos + n
        chunk = self.data[self.pos:end]
        self.pos += len(chunk)
        return chunk


def _row_cells(row, ss: str) -> list[str]:
    cells: list[str] = []
    for cell in row:
        if cell.tag != ss + "Cell":
            continue
        idx = cell.get(ss + "Index")
        if idx and idx.isdigit():
            want = int(idx) - 1
            if want - len(cells) < 20_000:
                cells.extend([""] * (want - len(cells)))
        text = ""
        for data in cell:
            if data.tag == ss + "Data" or data.tag.endswith("}Data"):
                text = _data_text("".join(data.itertext()), data.get(ss + "Type") or "")
                break
        cells.append(text)
        across = cell.get(ss + "MergeAcross")
        if across and across.isdigit():
            cells.extend([""] * min(int(across), 20_000))
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def _data_text(text: str, kind: str) -> str:
    if kind == "DateTime":
        try:
            v = _dt.datetime.fromisoformat(text.strip()[:19])
        except ValueError:
            return text
        if v.year <= 1900 and (v.year, v.month, v.day) in ((1899, 12, 31), (1899, 12, 30), (1900, 1, 1)):
            return v.strftime("%H:%M")  # a time of day with no date
        if v.hour == v.minute == v.second == 0:
            return v.strftime("%Y-%m-%d")
        return v.strftime("%Y-%m-%d %H:%M")
    if kind == "Boolean":
        return "TRUE" if text.strip() in ("1", "true", "TRUE") else "FALSE"
    if kind == "Number":
        t = text.strip()
        if re.fullmatch(r"-?\d+\.0+", t):
            return t.split(".", 1)[0]
        return t
    return text
