"""The annual report's draft: generated sentences with figures from the ledgers, and the
paragraphs staff write, in the statutory order (督察工作规定; regulations.md §5):

一、主要举措和成效 — organised like the reference summary (组织领导与第一责任人履职, 依法行政
与决策, 法律顾问, 学法, 普法, 政务公开, 诉求办理); 二、存在的不足和原因; 三、党政主要负责人
履行推进法治建设第一责任人职责情况; 四、下一年度主要安排 (from next year's plan); 五、其他需要
报告的情况.

The draft is a list of blocks (title, headings, paragraphs); a paragraph is a list of
parts, each plain text or a figure {"fig": key}. Every figure names its source (the
records it counts, see sources.py), so the page links each number to its records and an
approved version keeps the numbers and the records' ids as they were.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.hotline import kpi
from fazhi.hotline.models import HotTopic, Ticket
from fazhi.learning.models import Attempt
from fazhi.legal.models import Review
from fazhi.outreach.models import Material
from fazhi.plans.models import DutyLog, Plan, Task

from . import sources

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


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _names(words: list[str], limit: int = 3) -> str:
    return "、".join(words[:limit])


def _books(names: list[str]) -> str:
    return "".join(f"《{n}》" for n in names)


def generate(year: int, texts: dict | None = None, *, today: dt.date | None = None):
    """The draft for `year` from the ledgers as they are now, with the staff's texts."""
    texts = texts or {}
    today = today or timezone.localdate()
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
    _leadership(d, texts)
    _administration(d, texts)
    _counsel(d, texts)
    _study(d, texts)
    _outreach(d, texts)
    _disclosure(d, texts)
    _demands(d, texts, today)
    d.add("h1", "二、存在的不足和原因")
    _shortcomings(d, texts)
    d.add("h1", "三、党政主要负责人履行推进法治建设第一责任人职责情况")
    _leader(d, texts)
    d.add("h1", f"四、{year + 1}年主要安排")
    _next_year(d, texts)
    d.add("h1", "五、其他需要报告的情况")
    if texts.get("other", "").strip():
        d.text("other", texts)
    else:
        d.add("p", "无。", slot="other")
    d.add("sign", settings.FAZHI_OFFICE_NAME)
    return d


def _h2(d: Draft, text: str) -> None:
    done = sum(1 for b in d.blocks if b["kind"] == "h2")
    d.add("h2", f"（{NUMERALS[done]}）{text}")


def _leadership(d: Draft, texts: dict) -> None:
    y = d.year
    _h2(d, "加强组织领导，履行第一责任人职责")
    plan = Plan.objects.filter(year=y).select_related("meeting_chair").first()
    parts = [
        "按照《党政主要负责人履行推进法治建设第一责任人职责规定》，明确单位主要负责人"
        "作为法治建设第一责任人、班子成员各负其责的机制，结合班子成员分管领域谋划法治政府"
        "建设各项任务。"
    ]
    if plan is None:
        parts.append("本年度未在系统中录入法治政府建设工作计划。")
    else:
        if plan.meeting_date:
            parts.append(
                f"{plan.meeting_date.month}月{plan.meeting_date.day}日召开法治政府建设部署会，"
            )
        parts += [f"制定《{plan.title}》，确定年度任务", d.fig("plan_tasks"), "项"]
        total = d.n("plan_tasks")
        if total:
            done = d.n("plan_tasks_done")
            parts += ["，已完成", d.fig("plan_tasks_done"), "项"]
            parts += [
                "，完成率",
                d.fig("plan_done_rate", _pct(done, total), source="plan_tasks_done"),
            ]
            if d.n("plan_tasks_late"):
                parts += ["，其中", d.fig("plan_tasks_late"), "项未按期完成"]
        parts.append("。")
    d.add("p", *parts)
    kinds = dict(
        DutyLog.objects.filter(sources._year("date", y))
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if kinds:
        parts = ["坚持党政主要负责人对法治建设重要工作"]
        done = [k for k in DUTY_WORDS if kinds.get(k)]
        for i, k in enumerate(done):
            parts += [DUTY_WORDS[k], d.fig(f"duties_{k}"), "次"]
            parts.append("、" if i < len(done) - 1 else "")
        parts.append("，不断提高法治化建设水平。")
        d.add("p", *parts)
    d.text("leadership", texts)


def _administration(d: Draft, texts: dict) -> None:
    _h2(d, "坚持依法行政，规范决策程序")
    short = settings.FAZHI_OFFICE_SHORT_NAME
    matters = d.n("matters")
    parts = [
        f"严格执行《{short}“三重一大”制度实施办法》，明确“三重一大”事项应遵循的原则、"
        "决策范围、决策内容和决策程序。"
    ]
    if matters:
        parts += ["全年登记“三重一大”事项", d.fig("matters"), "件"]
        if d.n("major_decisions"):
            parts += ["，其中重大行政决策", d.fig("major_decisions"), "件"]
        parts.append("；")
    if d.n("meetings"):
        parts += ["召开党组会、主任办公会", d.fig("meetings"), "次"]
        if d.n("matters_decided"):
            parts += ["，集体研究决定事项", d.fig("matters_decided"), "件"]
        parts.append(
            "，对涉及招商引资、财政资金、工程项目等事项上会研究，保证决策程序符合规定。"
        )
    elif not matters:
        parts.append("本年度系统中未登记“三重一大”事项。")
    d.add("p", *parts)
    d.text("administration", texts)


def _counsel(d: Draft, texts: dict) -> None:
    y = d.year
    _h2(d, "发挥法律顾问作用，防范法律风险")
    counsel = list(sources.get("counsel").records(y).order_by("contract_start")[:3])
    d.fig("counsel")
    parts = []
    if counsel:
        who = "、".join(f"{c.firm}{c.name}律师" for c in counsel)
        parts.append(f"积极落实政府工作部门法律顾问制度，聘用{who}担任外聘法律顾问")
        if any(c.filed_on for c in counsel):
            parts.append("，填写《党政机关聘任法律顾问备案登记表》进行备案")
        parts.append("。")
    else:
        parts.append("本年度系统中未登记法律顾问聘用情况。")
    total = d.n("reviews")
    if total:
        by_kind = Counter(
            dict(
                sources.get("reviews")
                .records(y)
                .values_list("kind")
                .annotate(n=Count("pk"))
                .order_by()
            )
        )
        named = [k for k, _n in by_kind.most_common() if k != Review.Kind.OTHER][:2]
        words = "、".join(REVIEW_WORDS[k] for k in named)
        parts += [
            f"{y}年，法律顾问对涉及{words}等事项进行法律审核共计",
            d.fig("reviews"),
            "次",
        ]
        for i, k in enumerate(named):
            parts += [("（其中" if i == 0 else "、") + REVIEW_WORDS[k]]
            parts += [
                d.fig(f"reviews_{k}"),
                "次" + ("）" if i == len(named) - 1 else ""),
            ]
        if d.n("reviews_adopted"):
            parts += ["，审核意见被采纳", d.fig("reviews_adopted"), "次"]
        parts.append("，有效防范决策风险，保证决策的合法性和正确性。")
    elif counsel:
        parts.append(f"{y}年系统中未记录法律审核意见。")
    d.add("p", *parts)
    d.text("counsel", texts)


def _study(d: Draft, texts: dict) -> None:
    y = d.year
    _h2(d, "加强教育培训，提升法律意识")
    centre = sources.get("study_centre").records(y)
    quarters = set(centre.values_list("date__quarter", flat=True).distinct())
    n_centre = d.n("study_centre")
    parts = []
    if n_centre:
        parts.append("党组理论学习中心组把习近平法治思想作为学习重点内容，")
        if quarters == {1, 2, 3, 4}:
            per = settings.FAZHI_STUDY_CENTRE_GROUP_PER_QUARTER
            parts += [f"每季度开展{per}次法治学习，全年共", d.fig("study_centre"), "次"]
        else:
            missing = "、".join(
                f"第{NUMERALS[q - 1]}季度" for q in range(1, 5) if q not in quarters
            )
            parts += [
                "全年开展法治学习",
                d.fig("study_centre"),
                f"次（{missing}未开展）",
            ]
        parts.append("。")
    others = []
    if d.n("study_trial"):
        online = sources.get("study_trial").records(y).filter(online=True).exists()
        others += [
            f"组织{'网络' if online else ''}旁听庭审活动",
            d.fig("study_trial"),
            "次",
        ]
    if d.n("study_lecture"):
        kinds = list(
            sources.get("study_lecture")
            .records(y)
            .exclude(speaker_kind="internal")
            .values_list("speaker_kind", flat=True)
            .distinct()
            .order_by("speaker_kind")
        )
        who = "、".join(
            SPEAKER_WORDS.get(k, "专家") for k in sorted(kinds, reverse=True)
        )
        others += [
            ("，" if others else "") + (f"邀请{who}" if who else "") + "开展专题讲座",
            d.fig("study_lecture"),
            "次",
        ]
    if d.n("study_collective"):
        laws = Counter(
            sources.get("study_collective")
            .records(y)
            .filter(laws__isnull=False)
            .values_list("laws__name", flat=True)
        )
        named = [n for n, _c in laws.most_common(2)]
        others += [
            ("，" if others else "") + f"学习{_books(named)}等重要法律法规",
            d.fig("study_collective"),
            "次",
        ]
    if others:
        parts += ["通过专题讲座、集体学习等多种形式深入学习。本年度，", *others]
        parts.append("，进一步增强全体干部的法治素养。")
    exams = d.n("exams")
    if exams:
        attempts = Attempt.objects.filter(
            exam__in=sources.get("exams").records(y), submitted_at__isnull=False
        ).aggregate(n=Count("pk"), ok=Count("pk", filter=Q(passed=True)))
        parts += ["组织学法用法考试", d.fig("exams"), f"场，参考{attempts['n']}人次"]
        if attempts["n"]:
            parts.append(f"，合格率{_pct(attempts['ok'], attempts['n'])}")
        parts.append("。")
    if not parts:
        parts.append("本年度系统中未记录学法活动。")
    d.add("p", *parts)
    d.text("study", texts)


def _outreach(d: Draft, texts: dict) -> None:
    y = d.year
    _h2(d, "广泛开展普法宣传，营造法治氛围")
    acts = sources.get("activities").records(y)
    total = d.n("activities")
    if not total:
        d.add("p", "本年度系统中未记录普法宣传活动。")
        d.text("outreach", texts)
        return
    campaigns = []
    for name in (
        acts.filter(campaign__isnull=False)
        .order_by("date", "pk")
        .values_list("campaign__name", flat=True)
    ):
        if name not in campaigns:
            campaigns.append(name)
    places = list(
        acts.values_list("place", flat=True).annotate(n=Count("pk")).order_by("-n")[:2]
    )
    materials = Counter()
    for item, qty in Material.objects.filter(activity__in=acts).values_list(
        "item", "quantity"
    ):
        materials[item] += qty
    people = sum(acts.values_list("audience", flat=True))
    parts = [
        "积极开展群众性法治宣传活动，全年开展普法宣传活动",
        d.fig("activities"),
        "次",
    ]
    if campaigns:
        named = [c if "“" in c else f"“{c}”" for c in campaigns]
        named = [c if c.endswith("活动") else c + "活动" for c in named]
        parts.append("，开展" + "，".join(named))
    if places:
        parts.append(f"，深入{'、'.join(places)}")
    if materials:
        parts.append(
            f"，发放{'、'.join(materials)}等宣传资料{sum(materials.values())}份"
        )
    if people:
        parts.append(f"，覆盖群众约{people}人次")
    parts.append("，引导群众自觉学法尊法守法用法，牢固树立依法办事、依法维权的意识。")
    d.add("p", *parts)
    d.text("outreach", texts)


def _disclosure(d: Draft, texts: dict) -> None:
    _h2(d, "促进信息公开，推动公开透明")
    parts = [
        "认真贯彻《中华人民共和国政府信息公开条例》，推进财政预决算、公共资源配置、"
        "重大项目建设等重点领域的信息公开。"
    ]
    if d.n("items_published"):
        parts += ["全年主动公开政府信息", d.fig("items_published"), "条"]
    apps = d.n("applications")
    if apps:
        replied = d.n("applications_replied")
        parts += [
            ("；" if d.n("items_published") else "") + "受理政府信息公开申请",
            d.fig("applications"),
            "件，已答复",
            d.fig("applications_replied"),
            "件",
        ]
        late = d.n("applications_late")
        if late:
            parts += ["，其中超过法定期限", d.fig("applications_late"), "件"]
        elif replied:
            parts.append("，均在法定期限内答复")
    if d.n("items_published") or apps:
        parts.append("。")
    d.add("p", *parts)
    d.text("disclosure", texts)


def _demands(d: Draft, texts: dict, today: dt.date) -> None:
    y = d.year
    _h2(d, "用心办理群众诉求，做好“向群众汇报”")
    # One grouped read gives the total and each channel's count; the KPI pass gives
    # the rates' numerators and denominators (the same rules as the sources).
    by_channel = dict(
        sources.get("tickets")
        .records(y)
        .values_list("channel")
        .annotate(n=Count("*"))
        .order_by()
    )
    d.know("tickets", sum(by_channel.values()))
    for code in CHANNEL_WORDS:
        d.know(f"tickets_{code}", by_channel.get(code, 0))
    total = d.n("tickets")
    if not total:
        d.add("p", "本年度系统中未记录群众诉求工单。")
        d.text("demands", texts)
        return
    f = kpi.compute(y, qs=Ticket.objects.all()).total
    d.know("tickets_sign_due", f.sign_due)
    d.know("tickets_replied_in_time", f.replied_in_time)
    d.know("tickets_called_back", f.called_back)
    parts = ["以群众满意为标准，及时处理"]
    channels = [c for c in CHANNEL_WORDS if by_channel.get(c)]
    parts.append(
        "、".join(CHANNEL_WORDS[c] for c in channels[:3])
        + "等各类平台的群众反馈问题，全年受理群众诉求"
    )
    parts += [d.fig("tickets"), "件"]
    if len(channels) > 1:
        parts.append("（")
        for i, c in enumerate(channels):
            parts += [CHANNEL_WORDS[c].strip("“”北方网"), d.fig(f"tickets_{c}"), "件"]
            parts.append("、" if i < len(channels) - 1 else "）")
    rates = [
        ("响应率", f.signed_in_time, f.sign_due, "tickets_sign_due"),
        ("按时办结率", f.replied_in_time, f.reply_due, "tickets_replied_in_time"),
        ("解决率", f.solved, f.called_back, "tickets_called_back"),
        ("满意率", f.satisfied, f.called_back, "tickets_called_back"),
    ]
    shown = [(name, a, b, src) for name, a, b, src in rates if b]
    if shown:
        parts.append("，")
        for i, (name, a, b, src) in enumerate(shown):
            parts += [name, d.fig(f"rate_{src}_{i}", _pct(a, b), source=src)]
            parts.append("、" if i < len(shown) - 1 else "")
    parts.append("。")
    d.add("p", *parts)
    topics = list(
        sources.get("tickets")
        .records(y)
        .filter(topic__isnull=False)
        .values_list("topic")
        .annotate(n=Count("*"))
        .order_by("-n")[:3]
    )
    if topics:
        labels = dict(
            HotTopic.objects.filter(pk__in=[t for t, _n in topics]).values_list(
                "pk", "label"
            )
        )
        names = "；".join(
            f"{_topic(labels[t])}（{n}件）" for t, n in topics if t in labels
        )
        d.add(
            "p",
            f"认真倾听群众的咨询诉求和合理化建议，群众反映较集中的问题有：{names}，"
            "均已逐件答复，推动相关工作贴民心、顺民意。",
        )
    d.text("demands", texts)


def _topic(label: str) -> str:
    """“天津南站区域 · 规划 道路 南站地区” → “天津南站区域规划、道路等问题”."""
    place, _sep, words = label.partition(" · ")
    words = [w for w in words.split() if w not in place][:2]
    return f"{place}{'、'.join(words)}等问题" if words else f"{place}相关问题"


def _shortcomings(d: Draft, texts: dict) -> None:
    """What the ledgers show was missed, then what staff write."""
    found = []
    if d.n("plan_tasks_late"):
        found.append(
            ["部分年度任务推进不及时，", d.fig("plan_tasks_late"), "项任务未按期完成"]
        )
    if d.n("reviews_late"):
        found.append(["合法性审查有", d.fig("reviews_late"), "件未在期限内出具意见"])
    if d.n("items_late"):
        found.append(
            ["主动公开政府信息有", d.fig("items_late"), "条未在规定期限内公开"]
        )
    if d.n("applications_late"):
        found.append(
            ["政府信息公开申请有", d.fig("applications_late"), "件未在法定期限内答复"]
        )
    quarters = set(
        sources.get("study_centre")
        .records(d.year)
        .values_list("date__quarter", flat=True)
    )
    if quarters and len(quarters) < 4:
        found.append(["中心组法治学习未做到每季度开展"])
    if found:
        parts = ["对照年度计划和法定要求，仍存在以下不足："]
        for i, item in enumerate(found):
            parts += [ORDINALS[i], *item, "；" if i < len(found) - 1 else "。"]
        d.add("p", *parts)
    if texts.get("shortcomings", "").strip():
        d.text("shortcomings", texts)
    elif not found:
        d.add(
            "p",
            "对照年度计划和法定要求，系统台账中未发现逾期或缺项。法治宣传教育的特色和亮点"
            "还需进一步挖掘，干部运用法治思维和法治方式解决问题的能力有待进一步提高。",
            slot="shortcomings",
        )


def _leader(d: Draft, texts: dict) -> None:
    y = d.year
    plan = Plan.objects.filter(year=y).select_related("meeting_chair").first()
    chair = plan.meeting_chair if plan and plan.meeting_chair else None
    duties = list(
        DutyLog.objects.filter(sources._year("date", y))
        .select_related("leader")
        .order_by("date", "pk")
    )
    if duties:
        d.fig("duties")
        leader = chair or duties[0].leader
        parts = [
            f"单位主要负责人{leader.title or ''}{leader.name}认真履行推进法治建设第一责任人职责，"
            "全年记录履职事项",
            d.fig("duties"),
            "项：",
        ]
        items = [
            f"{x.date.month}月{x.date.day}日，{DUTY_WORDS[x.kind]}，{x.matter}"
            for x in duties[:8]
        ]
        parts.append("；".join(items) + ("等。" if len(duties) > 8 else "。"))
        d.add("p", *parts)
    else:
        d.add("p", "本年度系统中未记录第一责任人履职事项。")
    d.text("leader", texts)


# Up to this many tasks of next year's plan are each a paragraph (一是…); a bigger plan
# is summed up by area of work, with its first tasks named.
LIST_TASKS = 10
CATEGORY_WORDS = {
    "leadership": "组织领导",
    "administration": "依法行政与决策",
    "counsel": "法律顾问",
    "study": "学法用法",
    "outreach": "普法宣传",
    "disclosure": "政务公开",
    "demands": "诉求办理",
    "other": "其他工作",
}


def _next_year(d: Draft, texts: dict) -> None:
    nxt = Plan.objects.filter(year=d.year + 1).first()
    tasks = (
        Task.objects.filter(plan=nxt).exclude(status=Task.Status.CANCELLED)
        if nxt
        else Task.objects.none()
    )
    total = tasks.count()
    if total:
        d.add(
            "p",
            f"{d.year + 1}年，{settings.FAZHI_OFFICE_SHORT_NAME}将按照《{nxt.title}》，"
            "继续发挥法治建设职能，重点做好以下工作：",
        )
    if 0 < total <= LIST_TASKS:
        for i, (title, content) in enumerate(
            tasks.order_by("number").values_list("title", "content")
        ):
            text = f"{ORDINALS[i]}{title.rstrip('。')}。"
            if content:
                text += content if content.endswith("。") else content + "。"
            d.add("p", text)
    elif total:
        by_area = (
            tasks.values_list("category")
            .annotate(n=Count("*"))
            .order_by("-n", "category")
        )
        for i, (category, n) in enumerate(by_area[: len(ORDINALS)]):
            first = list(
                tasks.filter(category=category)
                .order_by("number")
                .values_list("title", flat=True)[:3]
            )
            word = CATEGORY_WORDS.get(category, "其他工作")
            d.add(
                "p",
                f"{ORDINALS[i]}{word}方面，安排任务{n}项，主要有"
                + "、".join(f"“{t.rstrip('。')}”" for t in first)
                + ("等。" if n > len(first) else "。"),
            )
    elif not texts.get("next_year", "").strip():
        d.add(
            "p",
            f"{d.year + 1}年法治政府建设工作计划尚未在系统中制定，制定后本部分自动列出其任务。",
        )
    d.text("next_year", texts)
