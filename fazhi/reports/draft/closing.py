"""二、不足和原因, 三、第一责任人履职情况, 四、下一年度主要安排."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count

from fazhi.plans.models import DutyLog, Plan, Task

from .. import sources
from .base import (
    DUTY_WORDS,
    ORDINALS,
    Draft,
)


def shortcomings_section(d: Draft, texts: dict) -> None:
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


def leader_section(d: Draft, texts: dict) -> None:
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


def next_year_section(d: Draft, texts: dict) -> None:
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
