"""Official documents as .docx laid out to GB/T 9704-2012 (党政机关公文格式).

A4; margins 37 mm top, 35 mm bottom, 28 mm left (订口), 26 mm right, leaving the
156 × 225 mm type area; 22 lines of 28 characters in 3号 (16 pt) 仿宋; the title in 2号
(22 pt) 小标宋, centred; first-level headings in 黑体, second-level in 楷体; page numbers
"— 1 —" in 4号 (14 pt) 宋体 below the type area, odd pages right and even pages left,
each one character in from the edge (regulations.md §8).
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

BODY_FONT = "仿宋"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体"
PAGE_NUMBER_FONT = "宋体"
BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
# 22 lines filling the 225 mm type area.
LINE = Pt(225 / 25.4 * 72 / 22)


def _font(run, name: str, size) -> None:
    run.font.name = name
    run.font.size = size
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)


class OfficialDocument:
    def __init__(self):
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(35 - 7 - 5)  # the number sits 7 mm below the area
        style = self.doc.styles["Normal"]
        style.font.name = BODY_FONT
        style.font.size = BODY_SIZE
        style.element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT)
        fmt = style.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE
        fmt.space_before = fmt.space_after = Pt(0)
        self._page_numbers(section)

    def _page_numbers(self, section) -> None:
        """ "— N —": odd pages right, even pages left, one character in."""
        settings = self.doc.settings.element
        even_odd = OxmlElement("w:evenAndOddHeaders")
        settings.append(even_odd)
        for footer, align in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            p = footer.paragraphs[0]
            p.alignment = align
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                p.paragraph_format.right_indent = PAGE_NUMBER_SIZE
            else:
                p.paragraph_format.left_indent = PAGE_NUMBER_SIZE
            _font(p.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
            run = p.add_run()
            _font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
            for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
                if kind:
                    el = OxmlElement("w:fldChar")
                    el.set(qn("w:fldCharType"), kind)
                else:
                    el = OxmlElement("w:instrText")
                    el.set(qn("xml:space"), "preserve")
                    el.text = text
                run._element.append(el)
            _font(p.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)

    def title(self, text: str) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.line_spacing = Pt(36)
        _font(p.add_run(text), TITLE_FONT, TITLE_SIZE)
        self.doc.add_paragraph()  # a blank line below the title

    def heading(self, text: str, level: int = 1) -> None:
        p = self.doc.add_paragraph()
        p.paragraph_format.first_line_indent = BODY_SIZE * 2
        _font(
            p.add_run(text), HEADING_FONT if level == 1 else SUBHEADING_FONT, BODY_SIZE
        )

    def paragraph(self, text: str, *, indent: bool = True, align=None) -> None:
        p = self.doc.add_paragraph()
        if indent:
            p.paragraph_format.first_line_indent = BODY_SIZE * 2
        if align == "right":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.right_indent = BODY_SIZE * 4  # 成文日期右空四字
        elif align == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(text), BODY_FONT, BODY_SIZE)

    def table(self, rows: list[list[str]], widths_mm: list[int], size=PAGE_NUMBER_SIZE):
        """A ruled table (登记表, 表决情况) in 4号仿宋, the first column as labels."""
        table = self.doc.add_table(rows=len(rows), cols=len(widths_mm))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        # Word reads the cells' widths, LibreOffice the grid's: set both.
        for width, col in zip(
            widths_mm, table._tbl.tblGrid.findall(qn("w:gridCol")), strict=True
        ):
            col.set(qn("w:w"), str(int(Mm(width).twips)))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                cell.width = Mm(widths_mm[c])
                p = cell.paragraphs[0]
                p.paragraph_format.first_line_indent = Pt(0)
                p.paragraph_format.line_spacing = Pt(size.pt * 1.5)
                _font(p.add_run(str(value)), BODY_FONT, size)
        return table

    @staticmethod
    def date(day) -> str:
        """2021年9月7日: Arabic numerals, no leading zeros (GB/T 9704 §7.3.5.5)."""
        return f"{day.year}年{day.month}月{day.day}日"

    def save(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()
