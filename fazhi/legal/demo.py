"""The reference office's legal counsel for `fazhi demo`: the Xinhua firm's lawyer,
engaged 2021-03-15 and renewed every year, and the reviews of 2021 as the summary counts
them (对投资奖励、招投标文件等进行法律审核共计30余次: 32 here), with the current year under
way — some answered, one awaiting, one overdue."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from fazhi.core.calendar import add_working_days
from fazhi.core.models import Department

from . import services
from .models import Review

K = Review.Kind
# kind, department code, title pattern
SUBJECTS = [
    (K.INCENTIVE, "zhaoshang", "{n}号招商引资项目投资奖励协议"),
    (K.INCENTIVE, "zhaoshang", "重点企业落户扶持协议（{n}）"),
    (K.BIDDING, "guihua", "天津南站周边道路配套工程招标文件（{n}标段）"),
    (K.BIDDING, "guihua", "园区基础设施维护项目招标文件（{n}）"),
    (K.CONTRACT, "bangongshi", "政府采购服务合同（{n}）"),
    (K.OTHER, "chanye", "产业扶持政策兑现申请材料（{n}）"),
]
COUNTS_2021 = [9, 5, 6, 4, 6, 2]  # 32 in all


def _engage(actor, counsel_user, start: dt.date):
    end = start.replace(year=start.year + 1) - dt.timedelta(days=1)
    return services.do_engage_counsel(
        actor=actor,
        firm="新华律师事务所",
        name="周律",
        licence_no="11201201010XXXXXX",
        phone="022-2739XXXX",
        scope="重大决策、规范性文件、合同、招投标文件、投资奖励协议的合法性审查；列席党组会",
        contract_start=start,
        contract_end=end,
        filed_on=start + dt.timedelta(days=7),
        user=counsel_user,
    )


def _request(actor, counsel, kind, dept, title, received, rng, *, answer: bool):
    review = services.do_request_review(
        actor=actor,
        title=title,
        kind=kind,
        description="请对文本的合法性提出审查意见。",
        department=dept,
        received_on=received,
        counsel=counsel,
        today=max(received, timezone.localdate()),
    )
    if not answer:
        return review
    taken = rng.randint(2, review.working_days)
    due = add_working_days(received, taken)
    given = dt.date(due.year, due.month, due.day)
    if given > timezone.localdate():
        return review
    outcome = rng.choices(["lawful", "amend", "unlawful"], weights=[7, 3, 0.3])[0]
    services.do_give_opinion(
        review,
        actor=counsel.user,
        outcome=outcome,
        opinion={
            "lawful": "经审查，该文本主体适格、程序合法、内容不违反法律法规的强制性规定，同意按程序办理。",
            "amend": "经审查，第三条奖励兑现条件表述不明确，违约责任条款缺失，建议修改后按程序办理。",
            "unlawful": "经审查，该文本超出本单位法定权限，不宜以本单位名义签订。",
        }[outcome],
        opinion_on=given,
    )
    responded = given + dt.timedelta(days=rng.randint(1, 5))
    if responded <= timezone.localdate():
        adopted = outcome == "lawful" or rng.random() < 0.85
        services.do_record_response(
            review,
            actor=actor,
            response="adopted" if adopted else "partly",
            reason="" if adopted else "奖励比例系招商会议确定，其余意见已采纳",
            responded_on=responded,
        )
    return review


def load(people: dict, actor) -> None:
    rng = random.Random(2021)
    counsel_user = people["lvshi"]
    departments = {d.code: d for d in Department.objects.all()}
    today = timezone.localdate()
    engagements = []
    start = dt.date(2021, 3, 15)
    while start <= today:
        engagements.append(_engage(actor, counsel_user, start))
        start = start.replace(year=start.year + 1)

    # 2021: 32 reviews between the contract's start and mid-December.
    first = engagements[0]
    plan = [
        (kind, dept, pattern.format(n=n + 1))
        for (kind, dept, pattern), count in zip(SUBJECTS, COUNTS_2021, strict=True)
        for n in range(count)
    ]
    rng.shuffle(plan)
    span = (dt.date(2021, 12, 10) - dt.date(2021, 3, 22)).days
    for i, (kind, dept, title) in enumerate(plan):
        received = dt.date(2021, 3, 22) + dt.timedelta(days=span * i // len(plan))
        while received.weekday() >= 5:
            received += dt.timedelta(days=1)
        _request(
            actor, first, kind, departments[dept], title, received, rng, answer=True
        )

    # This year, under way: every few weeks a review, the latest still awaited.
    current = engagements[-1]
    received = max(current.contract_start, dt.date(today.year, 1, 10))
    n = 0
    while received <= today - dt.timedelta(days=3):
        kind, dept, pattern = SUBJECTS[n % len(SUBJECTS)]
        n += 1
        answer = received < today - dt.timedelta(days=25)
        _request(
            actor,
            current if current.in_force(received) else engagements[-2],
            kind,
            departments[dept],
            f"{today.year}年" + pattern.format(n=n),
            received,
            rng,
            answer=answer,
        )
        received += dt.timedelta(days=17)
