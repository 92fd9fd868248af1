"""一（四）–（五）: the study of law and legal education."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.db.models import Count, Q

from fazhi.core.rates import percent_text
from fazhi.learning.models import Attempt
from fazhi.outreach.models import Material

from .. import sources
from .base import (
    NUMERALS,
    SPEAKER_WORDS,
    Draft,
    books,
    h2,
)


def study_section(d: Draft, texts: dict) -> None:
    y = d.year
    h2(d, "加强教育培训，提升法律意识")
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
        kinds = set(
            sources.get("study_lecture")
            .records(y)
            .values_list("speaker_kind", flat=True)
            .distinct()
        )
        # In the order SPEAKER_WORDS lists them (党校老师、律师、专家); our own staff
        # are not "invited".
        who = "、".join(word for k, word in SPEAKER_WORDS.items() if k in kinds)
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
            ("，" if others else "") + f"学习{books(named)}等重要法律法规",
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
            parts.append(f"，合格率{percent_text(attempts['ok'], attempts['n'])}")
        parts.append("。")
    if not parts:
        parts.append("本年度系统中未记录学法活动。")
    d.add("p", *parts)
    d.text("study", texts)


def outreach_section(d: Draft, texts: dict) -> None:
    y = d.year
    h2(d, "广泛开展普法宣传，营造法治氛围")
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
