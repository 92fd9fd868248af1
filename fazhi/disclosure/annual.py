"""The annual report's tables as grids (rows of cells with their spans), drawn the same
way in the page, the .docx (GB/T 9704) and the .xlsx; the report's text and checks."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from fazhi.core import audit
from fazhi.core.documents import BODY_FONT, OfficialDocument, _font
from fazhi.core.spreadsheets import put

from . import report
from .models import AnnualReport

HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


@dataclass
class Cell:
    text: str
    rs: int = 1
    cs: int = 1
    head: bool = False


def H(text, rs=1, cs=1):  # noqa: N802 — a header cell
    return Cell(str(text), rs, cs, True)


def V(value, rs=1, cs=1):  # noqa: N802 — a value cell
    return Cell(str(value), rs, cs, False)


def grid_table2(t2: dict) -> list[list[Cell]]:
    rows = [[H("第二十条第（一）项", cs=4)]]
    rows.append(
        [H("信息内容"), H("本年制发件数"), H("本年废止件数"), H("现行有效件数")]
    )
    for name in ("规章", "行政规范性文件"):
        rows.append([H(name)] + [V(n) for n in t2[name]])
    for item, names in (("（五）", ["行政许可"]), ("（六）", ["行政处罚", "行政强制"])):
        rows.append([H(f"第二十条第{item}项", cs=4)])
        rows.append([H("信息内容"), H("本年处理决定数量", cs=3)])
        rows += [[H(name), V(t2[name], cs=3)] for name in names]
    rows.append([H("第二十条第（八）项", cs=4)])
    rows.append([H("信息内容"), H("本年收费金额（单位：万元）", cs=3)])
    rows.append([H("行政事业性收费"), V(t2["行政事业性收费"], cs=3)])
    return rows


def grid_table3(t3: dict) -> list[list[Cell]]:
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    rows = [
        [H(note, rs=3, cs=3), H("申请人情况", cs=7)],
        [H("自然人", rs=2), H("法人或其他组织", cs=5), H("总计", rs=2)],
        [H(name) for name in report.COLUMNS[1:6]],
    ]
    texts = {key: text for key, text, _level in report.ROWS}

    def values(key):
        return [V(n) for n in t3[key]]

    rows.append([H(texts["new"], cs=3)] + values("new"))
    rows.append([H(texts["carried_in"], cs=3)] + values("carried_in"))
    result_keys = [
        k for k, _t, _l in report.ROWS if k not in ("new", "carried_in", "carried_out")
    ]
    first = True
    for key in result_keys:
        row = []
        if first:
            row.append(H("三、本年度办理结果", rs=len(result_keys)))
            first = False
        group = key.split(".")[0] if "." in key else None
        if group is None:
            row.append(H(texts[key], cs=2))
        else:
            if key.endswith(".1"):
                size = sum(1 for k in result_keys if k.startswith(f"{group}."))
                row.append(H(report.GROUPS[group], rs=size))
            row.append(H(texts[key]))
        rows.append(row + values(key))
    rows.append([H(texts["carried_out"], cs=3)] + values("carried_out"))
    return rows


def grid_table4(t4: dict) -> list[list[Cell]]:
    return [
        [H("行政复议", rs=2, cs=5), H("行政诉讼", cs=10)],
        [H("未经复议直接起诉", cs=5), H("复议后起诉", cs=5)],
        [H(r) for r in RESULTS * 3],
        [V(n) for n in t4["行政复议"] + t4["未经复议直接起诉"] + t4["复议后起诉"]],
    ]


def positions(rows: list[list[Cell]]):
    """Each cell with its (row, column): the HTML rowspan/colspan rule."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    taken.add((r + dr, c + dc))
            c += cell.cs
    width = max(c for _r, c in taken) + 1
    return out, len(rows), width


# --- Checks -------------------------------------------------------------------------


def table4_problems(t4: dict) -> list[str]:
    return [
        _("“%(name)s”: the total is not the sum of the four results.") % {"name": name}
        for name, row in t4.items()
        if sum(row[:4]) != row[4]
    ]


def current_table3(rep: AnnualReport) -> dict:
    return rep.table3 if rep.table3 is not None else report.section3(rep.year)


def problems(rep: AnnualReport, t3: dict | None = None) -> list[str]:
    last = AnnualReport.objects.filter(year=rep.year - 1).first()
    last_table = (
        current_table3(last) if last is not None else report.section3(rep.year - 1)
    )
    return report.checks(
        t3 or current_table3(rep), last_year=last_table
    ) + table4_problems(rep.table4)


def default_overview(rep: AnnualReport, t3: dict | None = None) -> str:
    t3 = t3 or current_table3(rep)
    total = t3["total"][6]
    disclosed = t3["1"][6] + t3["2"][6]
    return (
        f"（一）主动公开。{rep.year}年，本机关坚持以公开为常态、不公开为例外，"
        "及时公开财政预决算、公共资源配置、重大建设项目等信息。\n"
        f"（二）依申请公开。{rep.year}年共收到政府信息公开申请{t3['new'][6]}件，"
        f"上年结转{t3['carried_in'][6]}件，办结{total}件，其中予以公开或部分公开"
        f"{disclosed}件，结转下年度继续办理{t3['carried_out'][6]}件。\n"
        "（三）政府信息管理。严格落实公开前保密审查，动态调整主动公开目录。\n"
        "（四）政府信息公开平台建设。依托门户网站政府信息公开专栏发布信息。\n"
        "（五）监督保障。将政务公开工作纳入年度考核，加强培训。"
    )


# --- Saving and publishing ------------------------------------------------------------


def _ints(values, n, what) -> list[int]:
    try:
        out = [int(v) for v in values]
    except (TypeError, ValueError):
        raise ValidationError(
            _("“%(what)s”: give whole numbers.") % {"what": what}
        ) from None
    if len(out) != n or any(v < 0 for v in out):
        raise ValidationError(
            _("“%(what)s”: give %(n)d whole numbers, none negative.")
            % {"what": what, "n": n}
        )
    return out


@transaction.atomic
def do_save_report(
    rep: AnnualReport, *, actor, overview, problems_text, other, table2, table4
):
    rep, _created = AnnualReport.objects.select_for_update().get_or_create(
        year=rep.year
    )
    if rep.published_on:
        raise ValidationError(
            _("The report is published and can no longer be changed.")
        )
    t2 = {
        "规章": _ints(table2["规章"], 3, "规章"),
        "行政规范性文件": _ints(table2["行政规范性文件"], 3, "行政规范性文件"),
    }
    for name in ("行政许可", "行政处罚", "行政强制"):
        t2[name] = _ints([table2[name]], 1, name)[0]
    try:
        fee = Decimal(str(table2["行政事业性收费"]).strip() or "0")
    except InvalidOperation:
        raise ValidationError(
            _("“行政事业性收费”: give the amount in ten thousand yuan.")
        ) from None
    if fee < 0:
        raise ValidationError(_("“行政事业性收费” cannot be negative."))
    t2["行政事业性收费"] = str(fee)
    t4 = {
        name: _ints(table4[name], 5, name)
        for name in ("行政复议", "未经复议直接起诉", "复议后起诉")
    }
    rep.overview, rep.problems, rep.other = overview, problems_text, other
    rep.table2, rep.table4 = t2, t4
    rep.save()
    audit.record(
        actor=actor,
        verb="disclosure.report_saved",
        target=rep,
        changes={"year": [None, rep.year]},
    )
    return rep


@transaction.atomic
def do_publish_report(rep: AnnualReport, *, actor, published_on) -> AnnualReport:
    """Publish to the portal with section 三 frozen — refused while any check fails."""
    rep = AnnualReport.objects.select_for_update().get(year=rep.year)
    if rep.published_on:
        raise ValidationError(_("The report is already published."))
    found = problems(rep)
    if found:
        raise ValidationError(
            [_("The figures do not pass the checks; the report cannot be published:")]
            + found
        )
    if not rep.overview.strip():
        raise ValidationError(_("Write section 一, the overall situation."))
    rep.table3 = report.section3(rep.year)
    rep.published_on, rep.published_by = published_on, actor
    rep.save()
    audit.record(
        actor=actor,
        verb="disclosure.report_published",
        target=rep,
        changes={"published_on": [None, str(published_on)]},
    )
    return rep


# --- The .docx ------------------------------------------------------------------------

TABLE_SIZE = Pt(10.5)  # 五号


def _docx_table(doc: OfficialDocument, rows, widths_mm=None, total_mm=156):
    cells, n_rows, n_cols = positions(rows)
    widths_mm = widths_mm or [total_mm / n_cols] * n_cols
    table = doc.doc.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    for width, col in zip(
        widths_mm, table._tbl.tblGrid.findall(qn("w:gridCol")), strict=True
    ):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = Mm(widths_mm[c])
    for r, c, cell in cells:
        target = table.cell(r, c)
        if cell.rs > 1 or cell.cs > 1:
            target = target.merge(table.cell(r + cell.rs - 1, c + cell.cs - 1))
        p = target.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.line_spacing = Pt(14)
        run = p.add_run(cell.text)
        _font(run, BODY_FONT, TABLE_SIZE)
        run.bold = cell.head and r == 0
    doc.paragraph("")
    return table


def _text(doc: OfficialDocument, text: str):
    for line in filter(None, (line.strip() for line in text.splitlines())):
        doc.paragraph(line)


def report_docx(rep: AnnualReport) -> bytes:
    doc = OfficialDocument()
    doc.title(f"{settings.FAZHI_OFFICE_NAME}{rep.year}年政府信息公开工作年度报告")
    doc.paragraph(
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条规定编制，"
        "按照国务院办公厅政府信息与政务公开办公室《中华人民共和国政府信息公开工作年度报告格式》"
        f"（国办公开办函〔2021〕30号）要求，报告所列数据的统计期限自{rep.year}年1月1日起"
        f"至{rep.year}年12月31日止。"
    )
    t3 = current_table3(rep)  # read once: at city scale it is most of the time
    doc.heading(HEADINGS[0])
    _text(doc, rep.overview or default_overview(rep, t3))
    doc.heading(HEADINGS[1])
    _docx_table(doc, grid_table2(rep.table2), [42, 38, 38, 38])
    doc.heading(HEADINGS[2])
    _docx_table(doc, grid_table3(t3), [13, 17, 42] + [12] * 7)
    doc.heading(HEADINGS[3])
    _docx_table(doc, grid_table4(rep.table4))
    doc.heading(HEADINGS[4])
    _text(doc, rep.problems or "无。")
    doc.heading(HEADINGS[5])
    _text(doc, rep.other or "无。")
    doc.paragraph("")
    doc.paragraph(settings.FAZHI_OFFICE_NAME, indent=False, align="right")
    if rep.published_on:
        doc.paragraph(doc.date(rep.published_on), indent=False, align="right")
    return doc.save()


# --- The .xlsx ------------------------------------------------------------------------

THIN = Side(style="thin")


def _xlsx_table(ws, rows, top: int) -> int:
    cells, n_rows, n_cols = positions(rows)
    for r, c, cell in cells:
        value = cell.text
        if not cell.head:  # numbers stay numbers for Excel's own sums
            try:
                value = int(cell.text)
            except ValueError:
                try:
                    value = float(Decimal(cell.text))
                except InvalidOperation:
                    value = cell.text
        target = put(ws, top + r, c + 1, value)
        target.alignment = Alignment(
            horizontal="center", vertical="center", wrap_text=True
        )
        target.font = Font(bold=cell.head and r == 0)
        if cell.rs > 1 or cell.cs > 1:
            ws.merge_cells(
                start_row=top + r,
                start_column=c + 1,
                end_row=top + r + cell.rs - 1,
                end_column=c + cell.cs,
            )
    for r in range(n_rows):
        for c in range(n_cols):
            ws.cell(row=top + r, column=c + 1).border = Border(
                left=THIN, right=THIN, top=THIN, bottom=THIN
            )
    return top + n_rows


def report_xlsx(rep: AnnualReport) -> bytes:
    wb = Workbook()
    sheets = [
        ("二、主动公开", grid_table2(rep.table2), 18),
        ("三、依申请公开", grid_table3(current_table3(rep)), 12),
        ("四、复议诉讼", grid_table4(rep.table4), 10),
    ]
    wb.remove(wb.active)
    for title, rows, width in sheets:
        ws = wb.create_sheet(title)
        put(
            ws,
            1,
            1,
            f"{settings.FAZHI_OFFICE_NAME}{rep.year}年政府信息公开工作年度报告 {title}",
        )
        ws["A1"].font = Font(bold=True)
        _xlsx_table(ws, rows, 3)
        for col in range(1, 16):
            ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = width
    if "三、依申请公开" in wb.sheetnames:
        ws = wb["三、依申请公开"]
        ws.column_dimensions["B"].width = 14
        ws.column_dimensions["C"].width = 40
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def grid_html(rows) -> str:
    """The grid as an HTML table body (escaped), for the page and the portal."""
    from django.utils.html import format_html, format_html_join

    def cell(c):
        tag = "th" if c.head else "td"
        return format_html(
            '<{} rowspan="{}" colspan="{}">{}</{}>', tag, c.rs, c.cs, c.text, tag
        )

    return format_html_join(
        "\n",
        "<tr>{}</tr>",
        ((format_html_join("", "{}", ((cell(c),) for c in row)),) for row in rows),
    )


def grids(rep: AnnualReport, t3: dict | None = None) -> list[tuple[str, str]]:
    return [
        (HEADINGS[1], grid_html(grid_table2(rep.table2))),
        (HEADINGS[2], grid_html(grid_table3(t3 or current_table3(rep)))),
        (HEADINGS[3], grid_html(grid_table4(rep.table4))),
    ]
