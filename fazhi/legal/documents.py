"""The filing form for an engaged counsel (党政机关聘任法律顾问备案登记表) as .docx."""

from __future__ import annotations

from django.conf import settings

from fazhi.core.documents import OfficialDocument

from .models import Counsel


def filing_form_docx(counsel: Counsel) -> bytes:
    doc = OfficialDocument()
    doc.title("党政机关聘任法律顾问备案登记表")
    start, end = counsel.contract_start, counsel.contract_end
    rows = [
        ["聘任单位", settings.FAZHI_OFFICE_NAME],
        ["法律顾问姓名", counsel.name],
        ["所在律师事务所", counsel.firm],
        ["执业证号", counsel.licence_no or ""],
        ["联系电话", counsel.phone or ""],
        ["聘任期限", f"{doc.date(start)}至{doc.date(end)}"],
        ["服务范围", counsel.scope or ""],
        ["聘任单位意见", "\n\n（盖章）\n年　　月　　日"],
        ["备案机关意见", "\n\n（盖章）\n年　　月　　日"],
    ]
    doc.table(rows, [40, 116])
    doc.paragraph("")
    doc.paragraph(
        f"填表日期：{counsel.filed_on:%Y年%m月%d日}"
        if counsel.filed_on
        else "填表日期：",
        indent=False,
    )
    return doc.save()
