"""Writing the office's Excel ledgers: Chinese headers, real dates, and text that stays
text (a clerk's "=…" must never become a live formula in a colleague's Excel)."""

from __future__ import annotations

from django.utils.functional import Promise
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")

# Text starting with one of these is a formula to Excel (and to LibreOffice, which also
# reads a leading tab or carriage return as the start of a cell to evaluate).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def put(ws, row: int, column: int, value):
    """Write one cell; text is always stored as text, never as a formula.

    Staff type the titles, notes and names that go into the export: "=HYPERLINK(…)"
    must reach the reader as those characters, not as a live formula, and a control
    character pasted from another program must not stop the export.
    """
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return ws.cell(row=row, column=column, value=value)
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = ws.cell(row=row, column=column, value=text)
    # openpyxl takes "=…" for a formula and "#N/A" for an error: text is text.
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        # Excel keeps a quote-prefixed cell as text even when it is edited again.
        cell.quotePrefix = True
    return cell


def put_row(ws, row: int, values) -> None:
    for column, value in enumerate(values, start=1):
        put(ws, row, column, value)


def style_header(ws, columns) -> None:
    for index, (title, width) in enumerate(columns, start=1):
        cell = put(ws, 1, index, title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
