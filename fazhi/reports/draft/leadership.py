"""一（一）–（三）: organisation and the first responsible person, lawful administration
and decisions, legal counsel."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.db.models import Count

from fazhi.core.rates import percent_text
from fazhi.legal.models import Review
from fazhi.plans.models import DutyLog, Plan

from .. import sources
from .base import (
    DUTY_WORDS,
    REVIEW_WORDS,
    Draft,
    h2,
)


def leadership_section(d: Draft, texts: dict) -> None:
    y = d.year
    h2(d, "加强组织领导，履行第一责任人职责")
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
                d.fig(
                    "plan_done_rate",
                    percent_text(done, total),
                    source="plan_tasks_done",
                ),
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


def administration_section(d: Draft, texts: dict) -> None:
    h2(d, "坚持依法行政，规范决策程序")
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


def counsel_section(d: Draft, texts: dict) -> None:
    y = d.year
    h2(d, "发挥法律顾问作用，防范法律风险")
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
