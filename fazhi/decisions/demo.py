"""The reference office's 三重一大 for `fazhi demo`: its 2021 matters (a 招商引资 incentive,
an engineering project around 天津南站, a use of funds), each reviewed by the counsel first
and decided at a 党组会 with per-item votes; and this year's major administrative decision
(区域产业协同发展扶持办法) midway through its procedure, its legality review awaited."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fazhi.core.models import Department
from fazhi.legal import services as legal
from fazhi.legal.models import Counsel

from . import services
from .models import Matter

MATTERS_2021 = [
    # title, category, subject, department, amount, registered, review kind
    (
        "兑现某新材料企业招商引资投资奖励",
        Matter.Category.FUNDS,
        "招商引资",
        "zhaoshang",
        3_200_000,
        "2021-05-10",
        "incentive",
    ),
    (
        "天津南站周边配套道路工程项目安排",
        Matter.Category.PROJECT,
        "工程项目",
        "guihua",
        12_800_000,
        "2021-06-02",
        "bidding",
    ),
    (
        "区域协同发展专项资金年度使用计划",
        Matter.Category.FUNDS,
        "财政资金",
        "bangongshi",
        5_600_000,
        "2021-08-16",
        "other",
    ),
]


def _reviewed(actor, counsel, matter, kind, received: dt.date, outcome="lawful"):
    review = legal.do_request_review(
        actor=actor,
        title=f"审查：{matter.title}",
        kind=kind,
        department=matter.department,
        received_on=received,
        counsel=counsel,
        matter=matter,
        today=max(received, timezone.localdate()),
    )
    legal.do_give_opinion(
        review,
        actor=counsel.user,
        outcome=outcome,
        opinion="经审查，主体适格、程序合法，内容不违反法律法规强制性规定。",
        opinion_on=received + dt.timedelta(days=3),
    )
    return review


def load(people: dict, actor) -> None:
    departments = {d.code: d for d in Department.objects.all()}
    chief, deputy = people["zhuren"], people["fuzhuren"]
    members = [deputy, people["fazhi"], people["liuyang"], chief]
    first = Counsel.objects.order_by("contract_start").first()
    current = Counsel.objects.order_by("-contract_start").first()

    # 2021: three matters, reviewed, then one 党组会 deciding them item by item.
    matters = []
    for title, category, subject, dept, amount, day, kind in MATTERS_2021:
        registered = dt.date.fromisoformat(day)
        m = services.do_register_matter(
            actor=actor,
            title=title,
            category=category,
            subject=subject,
            department=departments[dept],
            amount=amount,
            registered_on=registered,
            description="经科室研究提出，按“三重一大”事项集体决策。",
            market_actors=subject == "招商引资",
        )
        _reviewed(actor, first, m, kind, registered + dt.timedelta(days=2))
        if m.market_actors:
            services.do_record_fair_competition_review(
                m,
                actor=actor,
                reviewed_on=registered + dt.timedelta(days=6),
                conclusion="经审查，奖励条件对各类市场主体一视同仁，未发现排除、限制竞争的内容。",
            )
        matters.append(m)
    meeting = services.do_plan_meeting(
        actor=actor,
        kind="party_group",
        number="2021年第9次",
        date=dt.date(2021, 9, 7),
        place="区协同办三楼会议室",
        chair=chief,
        members_due=members,
    )
    for m in matters:
        services.do_add_to_agenda(meeting, m, actor=actor)
    services.do_hold_meeting(
        meeting,
        actor=actor,
        present=members,
        sitting_in="新华律师事务所 周律（法律顾问）",
        recorder="孙丽",
    )
    speakers = [deputy, people["fazhi"], people["liuyang"], chief]
    for n, item in enumerate(meeting.items.order_by("order")):
        opinions = [(p, "for", "") for p in speakers]
        if n == 1:  # the engineering project: one member records dissent
            opinions[2] = (
                people["liuyang"],
                "against",
                "建议待征地补偿方案明确后再安排",
            )
        services.do_record_vote(
            item,
            actor=actor,
            method="hands",
            opinions=opinions,
            decision="同意，由承办科室按程序组织实施。",
        )
    # The road project goes on the portal; the other two are internal.
    services.do_publish_decision(
        matters[1],
        actor=actor,
        published_on=dt.date(2021, 9, 14),
        on_portal=True,
    )

    # This year: the catalogue, agreed and published, and its first decision midway.
    today = timezone.localdate()
    entry = services.do_add_catalogue_item(
        actor=actor,
        year=today.year,
        title=f"{today.year}年区域产业协同发展扶持办法",
        department=departments["chanye"],
        basis="《重大行政决策程序暂行条例》第三条、第四十二条",
        planned_quarter=4,
    )
    services.do_add_catalogue_item(
        actor=actor,
        year=today.year,
        title="天津南站周边区域交通组织优化方案",
        department=departments["guihua"],
        basis="《重大行政决策程序暂行条例》第三条",
        planned_quarter=4,
    )
    catalogue = entry.catalogue
    services.do_approve_catalogue(
        catalogue,
        actor=actor,
        approved_on=min(today, dt.date(today.year, 2, 20)),
        approval_ref="区委同意",
    )
    services.do_publish_catalogue(
        catalogue,
        actor=actor,
        published_on=min(today, dt.date(today.year, 3, 1)),
        published_where="区政府网站 政府信息公开专栏",
        on_portal=True,
    )
    m = services.do_register_matter(
        actor=actor,
        title=f"{today.year}年区域产业协同发展扶持办法",
        category=Matter.Category.DECISION,
        major_decision=True,
        subject="产业政策",
        department=departments["chanye"],
        registered_on=today - dt.timedelta(days=60),
        description="拟出台扶持办法，涉及企业切身利益，按重大行政决策程序办理。",
        technical=True,
        market_actors=True,
        catalogue_item=entry,
    )
    steps = [
        ("start", 58, {}),
        ("draft", 45, {}),
        (
            "public",
            8,
            {
                "comment_opens": today - dt.timedelta(days=44),
                "comment_closes": today - dt.timedelta(days=10),
            },
        ),
        (
            "experts",
            5,
            {
                "people": "市发展研究中心 专家三名",
                "outcome": "原则同意，建议细化兑现条件",
            },
        ),
    ]
    for code, ago, extra in steps:
        services.do_complete_stage(
            m.stages.get(code=code),
            actor=actor,
            completed_on=today - dt.timedelta(days=ago),
            **extra,
        )
    legal.do_request_review(
        actor=actor,
        title=f"{today.year}年区域产业协同发展扶持办法（草案）",
        kind="major_decision",
        description="重大行政决策草案，附起草说明、法律依据和公众参与情况。",
        department=departments["chanye"],
        received_on=today - dt.timedelta(days=2),
        counsel=current,
        matter=m,
    )
