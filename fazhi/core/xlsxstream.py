"""A streaming .xlsx writer for ledgers of a city's size.

openpyxl builds every cell as an object and writes it through an XML serializer: about
40,000 cells a second on this kind of server, so a year of a city's tickets (300,000
rows × 22 columns) takes minutes. Here each row becomes SpreadsheetML text directly
(inline strings, dates as serial numbers with a date style), written into the zip as it
comes: the same file Excel and WPS open, several times faster, in constant memory.

What it offers is what the ledger exports need and no more: sheets with a bold, shaded
and frozen header row, column widths, text, numbers, booleans, dates and date-times;
text that looks like a formula stays text (quote prefix), control characters dropped.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import tempfile
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMULA_STARTS = ("=", "+", "-", "@")
_EPOCH = dt.datetime(1899, 12, 30)
_DAY = 86400.0

# Style indexes in styles.xml below.
_DATE, _DATETIME, _HEADER, _QUOTED = 1, 2, 3, 4

_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/>'
    '<bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
    "</borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    "</cellStyleXfs>"
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" '
    'applyFill="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _text_cell(text: str, style: int = 0) -> str:
    text = _ILLEGAL.sub("", text)
    if style == 0 and text.lstrip().startswith(_FORMULA_STARTS):
        style = _QUOTED
    s = f' s="{style}"' if style else ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c t="inlineStr"{s}><is><t{space}>{escape(text)}</t></is></c>'


def _cell(value) -> str:
    if value is None or value == "":
        return "<c/>"
    if isinstance(value, str):
        return _text_cell(value)
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise ValueError("convert aware date-times to local time first")
        serial = (value - _EPOCH).total_seconds() / _DAY
        return f'<c s="{_DATETIME}"><v>{serial!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c s="{_DATE}"><v>{(value - _EPOCH.date()).days}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f"<c><v>{value}</v></c>"
    return _text_cell(str(value))


def _column(n: int) -> str:
    """1 → A, 26 → Z, 27 → AA."""
    name = ""
    while n:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name


class Sheet:
    """Rows go to a temporary file as they come; when the book is saved each sheet is
    copied into the zip behind its header, which then knows the sheet's dimension."""

    def __init__(self, title: str, index: int):
        self.title, self.index = title, index
        self.widths: list[float] = []
        self.frozen = False
        self._rows: list[str] = []
        self._n = 0
        self._width = 0
        self._spool = None

    def header(self, titles: list[str], widths: list[float] | None = None) -> None:
        """The first row: bold, shaded, frozen; `widths` in characters."""
        self.frozen = True
        if widths:
            self.widths = list(widths)
        self._row("".join(_text_cell(t, _HEADER) for t in titles), len(titles))

    def append(self, values) -> None:
        values = list(values)
        self._row("".join(map(_cell, values)), len(values))

    def _row(self, cells: str, width: int) -> None:
        self._n += 1
        self._width = max(self._width, width)
        self._rows.append(f'<row r="{self._n}">{cells}</row>')
        if len(self._rows) >= 500:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            if self._spool is None:
                self._spool = tempfile.TemporaryFile()  # noqa: SIM115 — closed in _write_into
            self._spool.write("".join(self._rows).encode("utf-8"))
            self._rows = []

    def _head(self) -> str:
        last = f"{_column(max(self._width, 1))}{max(self._n, 1)}"
        head = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
            'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<dimension ref="A1:{last}"/>'
        ]
        if self.frozen:
            head.append(
                '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" '
                'topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                "</sheetView></sheetViews>"
            )
        head.append('<sheetFormatPr defaultRowHeight="15"/>')
        if self.widths:
            head.append("<cols>")
            head += [
                f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                for i, w in enumerate(self.widths, start=1)
            ]
            head.append("</cols>")
        head.append("<sheetData>")
        return "".join(head)

    def _write_into(self, z: zipfile.ZipFile) -> None:
        with z.open(f"xl/worksheets/sheet{self.index}.xml", "w") as out:
            out.write(self._head().encode("utf-8"))
            if self._spool is not None:
                self._spool.seek(0)
                shutil.copyfileobj(self._spool, out, 1 << 20)
                self._spool.close()
                self._spool = None
            out.write("".join(self._rows).encode("utf-8"))
            out.write(b"</sheetData></worksheet>")
        self._rows = []


class Book:
    """Sheets in the order they are created; rows may be added to any of them, in any
    order, until the book is saved."""

    def __init__(self):
        self.sheets: list[Sheet] = []

    def sheet(self, title: str) -> Sheet:
        title = (
            re.sub(r"[\[\]:*?/\\]", "", title)[:31] or f"Sheet{len(self.sheets) + 1}"
        )
        sheet = Sheet(title, len(self.sheets) + 1)
        self.sheets.append(sheet)
        return sheet

    def save(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for sheet in self.sheets:
                sheet._write_into(z)
            self._package(z)
        return buffer.getvalue()

    def _package(self, z: zipfile.ZipFile) -> None:
        n = len(self.sheets)
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types '
            'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                'ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, n + 1)
            )
            + "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook '
            'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            "<sheets>"
            + "".join(
                f'<sheet name="{escape(s.title, {chr(34): "&quot;"})}" '
                f'sheetId="{s.index}" r:id="rId{s.index}"/>'
                for s in self.sheets
            )
            + "</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, n + 1)
            )
            + f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        z.writestr("xl/styles.xml", _STYLES)
