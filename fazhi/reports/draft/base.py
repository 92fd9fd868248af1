"""What the draft is made of: the slots staff write, the words the report uses, the
Draft with its figures, and the wording helpers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from fazhi.hotline.models import Ticket
from fazhi.legal.models import Review
from fazhi.plans.models import DutyLog

from .. import sources

# The paragraphs staff write: slot → (label, where it goes). Empty slots are left out.
SLOTS = {
    "opening": _("Opening paragraph (replaces the generated one when filled)"),
    "leadership": _("一（一） Organisation and leadership: more"),
    "administration": _("一（二） Lawful administration and decisions: more"),
    "counsel": _("一（三） Legal counsel: more"),
    "study": _("一（四） Study of law: more"),
    "outreach": _("一（五） Legal education: more"),
    "disclosure": _("一（六） Government transparency: more"),
    "demands": _("一（七） Citizen demands: more"),
    "shortcomings": _("二 Shortcomings and their causes"),
    "leader": _("三 The principal leader's duties: more"),
    "next_year": _("四 Next year's arrangements: more"),
    "other": _("五 Other matters to report"),
}

NUMERALS = "一二三四五六七八九十"
ORDINALS = [
    "一是",
    "二是",
    "三是",
    "四是",
    "五是",
    "六是",
    "七是",
    "八是",
    "九是",
    "十是",
]

# How the report names the kinds of review, sessions and channels (always Chinese).
REVIEW_WORDS = {
    Review.Kind.INCENTIVE: "投资奖励",
    Review.Kind.BIDDING: "招投标文件",
    Review.Kind.CONTRACT: "合同协议",
    Review.Kind.MAJOR_DECISION: "重大行政决策草案",
    Review.Kind.NORMATIVE: "行政规范性文件",
    Review.Kind.OTHER: "其他",
}
SPEAKER_WORDS = {"party_school": "党校老师", "lawyer": "律师", "other": "专家"}
CHANNEL_WORDS = {
    Ticket.Channel.HOTLINE: "“12345便民热线”",
    Ticket.Channel.ZMLJ: "北方网“政民零距离”",
    Ticket.Channel.PORTAL: "门户网站留言",
    Ticket.Channel.LETTER: "来信",
    Ticket.Channel.VISIT: "来访",
    Ticket.Channel.PHONE: "来电",
    Ticket.Channel.OPEN311: "其他平台",
}
DUTY_WORDS = {
    DutyLog.Kind.DEPLOY: "亲自部署",
    DutyLog.Kind.ASK: "亲自过问",
    DutyLog.Kind.COORDINATE: "亲自协调",
    DutyLog.Kind.SUPERVISE: "亲自督办",
}


@dataclass
class Draft:
    year: int
    title: str
    blocks: list[dict] = field(default_factory=list)
    figures: dict[str, dict] = field(default_factory=dict)  # key → value, source, count
    counts: dict[str, int] = field(default_factory=dict)  # source → records

    def fig(self, key: str, value=None, *, source: str | None = None) -> dict:
        """A figure part: `value` shown (the source's count when None)."""
        source = source or key
        if key not in self.figures:
            count = self.count(source)
            shown = count if value is None else value
            self.figures[key] = {"value": str(shown), "source": source, "count": count}
        return {"fig": key}

    def count(self, source: str) -> int:
        """How many records `source` selects: counted once, or known from a grouped
        query that counted them already (see `know`)."""
        if source not in self.counts:
            self.counts[source] = sources.get(source).records(self.year).count()
        return self.counts[source]

    def know(self, source: str, count: int) -> None:
        """A count read from a grouped query, so the source is not counted again; it
        must be the count of exactly the records the source's rule selects."""
        self.counts.setdefault(source, count)

    def n(self, key: str) -> int:
        """The count behind a figure (registering it)."""
        self.fig(key)
        return self.figures[key]["count"]

    def add(self, kind: str, *parts, slot: str = "") -> None:
        block = {"kind": kind, "parts": [p for p in parts if p != ""]}
        if slot:
            block["slot"] = slot
        self.blocks.append(block)

    def text(self, slot: str, texts: dict) -> None:
        """The staff's paragraphs for `slot`, one block each, if written."""
        for para in (texts.get(slot) or "").splitlines():
            if para.strip():
                self.add("p", para.strip(), slot=slot)


def books(names: list[str]) -> str:
    return "".join(f"《{n}》" for n in names)


def h2(d: Draft, text: str) -> None:
    done = sum(1 for b in d.blocks if b["kind"] == "h2")
    d.add("h2", f"（{NUMERALS[done]}）{text}")
