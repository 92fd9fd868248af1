"""The whole draft, section after section."""

from __future__ import annotations

from django.conf import settings

from .base import (
    Draft,
)
from .closing import (
    leader_section,
    next_year_section,
    shortcomings_section,
)
from .education import (
    outreach_section,
    study_section,
)
from .leadership import (
    administration_section,
    counsel_section,
    leadership_section,
)
from .public import (
    demands_section,
    disclosure_section,
)


def generate(year: int, texts: dict | None = None):
    """The draft for `year` from the ledgers as they are now, with the staff's texts."""
    texts = texts or {}
    short = settings.FAZHI_OFFICE_SHORT_NAME
    d = Draft(year, f"{settings.FAZHI_OFFICE_NAME}{year}年法治政府建设年度报告")
    d.add("title", d.title)
    if texts.get("opening", "").strip():
        d.text("opening", texts)
    else:
        d.add(
            "p",
            f"{year}年，{short}按照{settings.FAZHI_REPORT_ADDRESSEE}决策部署，深入推进依法行政，"
            f"积极弘扬法治精神，扎实推进法治政府建设。现将{year}年法治政府建设情况"
            f"及{year + 1}年工作安排报告如下：",
        )
    d.add("h1", "一、主要举措和成效")
    leadership_section(d, texts)
    administration_section(d, texts)
    counsel_section(d, texts)
    study_section(d, texts)
    outreach_section(d, texts)
    disclosure_section(d, texts)
    demands_section(d, texts)
    d.add("h1", "二、存在的不足和原因")
    shortcomings_section(d, texts)
    d.add("h1", "三、党政主要负责人履行推进法治建设第一责任人职责情况")
    leader_section(d, texts)
    d.add("h1", f"四、{year + 1}年主要安排")
    next_year_section(d, texts)
    d.add("h1", "五、其他需要报告的情况")
    if texts.get("other", "").strip():
        d.text("other", texts)
    else:
        d.add("p", "无。", slot="other")
    d.add("sign", settings.FAZHI_OFFICE_NAME)
    return d
