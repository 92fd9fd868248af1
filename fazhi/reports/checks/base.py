"""What every check shares: its states, the legal bases, the period judged and the
wording helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

OK, MISSED, PENDING, NA = "ok", "missed", "pending", "na"
STATES = (OK, MISSED, PENDING, NA)

# The legal citations stay in Chinese: they are the names of the documents.
BASIS = {
    "leader": "《党政主要负责人履行推进法治建设第一责任人职责规定》",
    "study": "领导干部学法用法制度；党组（党委）理论学习中心组学法制度",
    "exam": "领导干部网上学法用法考试制度",
    "decision": "《重大行政决策程序暂行条例》第二十五条、第二十六条；“三重一大”制度实施办法",
    "fair": "《重大行政决策程序暂行条例》第二十九条；公平竞争审查制度",
    "publish": "《重大行政决策程序暂行条例》第三十二条",
    "catalogue": "《重大行政决策程序暂行条例》第三条",
    "review": "《重大行政决策程序暂行条例》第二十六条；本单位合法性审查时限",
    "counsel": (
        "《关于推行法律顾问制度和公职律师公司律师制度的意见》；"
        "《党政机关聘任法律顾问备案登记表》"
    ),
    "apply": "《政府信息公开条例》第三十三条",
    "proactive": "《政府信息公开条例》第二十六条",
    "gi_report": "《政府信息公开条例》第四十九条、第五十条",
    "report_internal": "《法治政府建设与责任落实督察工作规定》（每年3月1日前报送）",
    "report_public": "《法治政府建设与责任落实督察工作规定》第二十四条",
    "outreach": "年度普法工作计划；“谁执法谁普法”普法责任制",
    "hotline": "《国务院办公厅关于进一步优化地方政务服务便民热线的指导意见》（国办发〔2020〕53号）",
}


@dataclass
class Check:
    """One obligation of the year and how the ledgers say it went."""

    code: str
    label: str
    state: str  # OK, MISSED, PENDING or NA
    detail: str
    url: str = ""
    basis: str = ""


@dataclass
class Period:
    """The year judged and the day it is judged on."""

    year: int
    today: dt.date
    now: dt.datetime

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @property
    def over(self) -> bool:
        return self.today > self.last

    @property
    def begun(self) -> bool:
        return self.today >= self.first

    @property
    def as_of(self) -> dt.date:
        """The day the year is looked at: today, or its last day once it is over."""
        return max(self.first, min(self.today, self.last))

    def running(self, missed: bool) -> str:
        """A check over the whole year: missed, met once the year is over, else open."""
        if missed:
            return MISSED
        return OK if self.over else PENDING


def link(name: str, *args, **query) -> str:
    """The URL of a list page with its filters (empty ones left out)."""
    url = reverse(name, args=args)
    params = urlencode([(k, v) for k, v in query.items() if v not in ("", None)])
    return f"{url}?{params}" if params else url


def then(first: str, second: str) -> str:
    """Two sentences one after the other: a space between them in English, none in
    Chinese."""
    # Translators: two sentences in a row; Chinese joins them without a space.
    return _("%(first)s %(second)s") % {"first": first, "second": second}


def listed(items) -> str:
    """Items in a running sentence: "a, b" in English, "a、b" in Chinese."""
    text = ""
    for item in items:
        # Translators: a list, one more item; Chinese joins with the 顿号 (、).
        text = (
            _("%(items)s, %(item)s") % {"items": text, "item": item}
            if text
            else str(item)
        )
    return text


def titles(rows, limit: int = 3) -> str:
    return listed(f"“{t}”" for t in rows[:limit]) + ("…" if len(rows) > limit else "")
