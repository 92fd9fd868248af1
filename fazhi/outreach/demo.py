"""The reference office's legal education, for `fazhi demo`: the two 2021 campaigns the
summary names, both in 李七庄宏城御溪园社区 with illustrated handbooks (the quantities and
audiences are invented: the summary gives none), and this year's plan."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import KeyDate
from .services import do_plan_campaign, do_record_activity

COMMUNITY = "李七庄宏城御溪园社区"


def load(actor) -> None:
    keys = {k.name: k for k in KeyDate.objects.all()}
    civil_month = keys.get("民法典宣传月")
    constitution_day = keys.get("国家宪法日")

    civil = do_plan_campaign(
        actor=actor,
        year=2021,
        name="“美好生活·民法典相伴”主题法治宣传教育活动",
        key_date=civil_month,
        planned_for=dt.date(2021, 5, 28),
    )
    festival = do_plan_campaign(
        actor=actor,
        year=2021,
        name="“红心向党·法润西青”法治文化节",
        planned_for=dt.date(2021, 7, 1),
    )
    do_record_activity(
        actor=actor,
        theme="美好生活·民法典相伴——民法典进社区",
        campaign=civil,
        date=dt.date(2021, 5, 28),
        place=COMMUNITY,
        partners="李七庄街道、宏城御溪园社区居委会",
        audience=120,
        channels=["onsite", "board", "wechat"],
        summary="深入社区发放《民法典》图解手册，讲解法律知识，引导群众依法办事、依法维权。",
        materials=[("《民法典》图解手册", 200)],
    )
    do_record_activity(
        actor=actor,
        theme="红心向党·法润西青——宪法宣传进社区",
        campaign=festival,
        date=dt.date(2021, 7, 1),
        place=COMMUNITY,
        partners="宏城御溪园社区居委会",
        audience=90,
        channels=["onsite", "board"],
        summary="发放《宪法》图解手册，宣传以宪法为核心的法律知识。",
        materials=[("《宪法》图解手册", 150)],
    )

    year = timezone.localdate().year
    security_day = do_plan_campaign(
        actor=actor,
        year=year,
        name="全民国家安全教育日宣传",
        key_date=keys.get("全民国家安全教育日"),
        planned_for=dt.date(year, 4, 15),
    )
    do_plan_campaign(
        actor=actor,
        year=year,
        name=f"{year}年“12·4”国家宪法日暨宪法宣传周活动",
        key_date=constitution_day,
        planned_for=dt.date(year, 12, 4),
    )
    april = dt.date(year, 4, 15)
    if april <= timezone.localdate():
        do_record_activity(
            actor=actor,
            theme="国家安全教育日宣传",
            campaign=security_day,
            date=april,
            place="区协同办宣传栏",
            audience=60,
            channels=["board", "wechat"],
            materials=[("国家安全宣传折页", 100)],
        )
