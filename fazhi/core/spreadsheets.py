"""Writing the office's Excel ledgers: Chinese headers, real dates, and text that stays
text (a clerk's "=…" must never become a live formula in a colleague's Excel)."""

from __future__ import annotations

import datetime as dt
import zipfile

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import load_workbook
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


# --- Reading what clerks upload ------------------------------------------------------

Problem = tuple[
    int | None, str, str
]  # sheet row (None: the whole file), column, message


def read_sheet(
    upload, *, sheet: str, required, max_rows: int, no_rows: str
) -> tuple[list[tuple[int, dict]], list[Problem], list[str]]:
    """The rows of `sheet` (or the first sheet) keyed by header, the reasons the file
    can't be read, and the header names. Blank rows are skipped; row numbers are the
    ones Excel shows."""
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        message = _("The file is not an Excel workbook (.xlsx) that can be read.")
        return [], [(None, "", message)], []
    try:
        ws = wb[sheet] if sheet in wb.sheetnames else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            return [], [(None, "", _("The sheet is empty."))], []
        names = [str(h).strip() if h is not None else "" for h in header]
        missing = [h for h in required if h not in names]
        if missing:
            return [], [(1, "、".join(missing), _("required column missing"))], names
        out = []
        for number, values in enumerate(rows, start=2):
            if values is None or all(v in (None, "") for v in values):
                continue
            if len(out) >= max_rows:
                message = _("more than %(n)d rows; split the file") % {"n": max_rows}
                return [], [(number, "", message)], names
            out.append(
                (number, {names[i]: v for i, v in enumerate(values) if i < len(names)})
            )
        if not out:
            return [], [(None, "", no_rows)], names
        return out, [], names
    finally:
        wb.close()


def placed(exc, field_columns: dict) -> list[tuple[str, str]]:
    """A service's refusal (a ValidationError) as (sheet column, message): the column the
    field is read from, or "" for a problem of the whole row."""
    if not hasattr(exc, "error_dict"):
        return [("", "；".join(exc.messages))]
    return [
        (field_columns.get(name, ""), "；".join(messages))
        for name, messages in exc.message_dict.items()
    ]


def cell_date(value) -> dt.date | None:
    """A date cell, or a date typed as text (2021-12-31, 2021/12/31, 2021年12月31日)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)
