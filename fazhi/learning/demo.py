"""The reference office's law study, for `fazhi demo`: 2021 exactly as the summary counts
it (每季度1次中心组学法, 专题讲座2次, 网络旁听庭审1次, 学习《民法典》《天津市行政调解规定》等8次),
and the current year partly done."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from .models import Law, StudySession
from .services import do_record_session

K = StudySession.Kind

SESSIONS_2021 = [
    # date, kind, title, hours, speaker, speaker kind, laws, online
    (
        "2021-03-26",
        K.CENTRE_GROUP,
        "党组理论学习中心组学习习近平法治思想",
        "2",
        "李志强",
        "internal",
        ["习近平法治思想", "中华人民共和国宪法"],
        False,
    ),
    (
        "2021-06-25",
        K.CENTRE_GROUP,
        "中心组传达学习全面依法治国重要讲话精神",
        "2",
        "李志强",
        "internal",
        ["习近平法治思想"],
        False,
    ),
    (
        "2021-09-24",
        K.CENTRE_GROUP,
        "中心组学习“十一个坚持”的科学内涵",
        "2",
        "陈明",
        "internal",
        ["习近平法治思想"],
        False,
    ),
    (
        "2021-12-17",
        K.CENTRE_GROUP,
        "中心组学习党政主要负责人履行推进法治建设第一责任人职责规定",
        "2",
        "李志强",
        "internal",
        ["党政主要负责人履行推进法治建设第一责任人职责规定"],
        False,
    ),
    (
        "2021-05-20",
        K.LECTURE,
        "习近平法治思想专题讲座",
        "2.5",
        "区委党校 王老师",
        "party_school",
        ["习近平法治思想"],
        False,
    ),
    (
        "2021-09-15",
        K.LECTURE,
        "《民法典》与行政机关依法履职专题讲座",
        "2",
        "新华律师事务所 周律",
        "lawyer",
        ["中华人民共和国民法典"],
        False,
    ),
    (
        "2021-10-20",
        K.TRIAL,
        "网络旁听行政诉讼庭审",
        "3",
        "",
        "",
        ["中华人民共和国行政诉讼法"],
        True,
    ),
    (
        "2021-01-22",
        K.COLLECTIVE,
        "集体学习《民法典》总则编",
        "1.5",
        "赵敏",
        "internal",
        ["中华人民共和国民法典"],
        False,
    ),
    (
        "2021-03-12",
        K.COLLECTIVE,
        "集体学习《民法典》物权编",
        "1.5",
        "赵敏",
        "internal",
        ["中华人民共和国民法典"],
        False,
    ),
    (
        "2021-04-15",
        K.COLLECTIVE,
        "全民国家安全教育日学习《国家安全法》",
        "1",
        "赵敏",
        "internal",
        ["中华人民共和国国家安全法"],
        False,
    ),
    (
        "2021-05-14",
        K.COLLECTIVE,
        "集体学习《天津市行政调解规定》",
        "1.5",
        "赵敏",
        "internal",
        ["天津市行政调解规定"],
        False,
    ),
    (
        "2021-07-16",
        K.COLLECTIVE,
        "集体学习新修订的《行政处罚法》",
        "1.5",
        "赵敏",
        "internal",
        ["中华人民共和国行政处罚法"],
        False,
    ),
    (
        "2021-08-20",
        K.COLLECTIVE,
        "集体学习《优化营商环境条例》",
        "1",
        "孙丽",
        "internal",
        ["优化营商环境条例"],
        False,
    ),
    (
        "2021-11-12",
        K.COLLECTIVE,
        "集体学习《政府信息公开条例》",
        "1",
        "赵敏",
        "internal",
        ["中华人民共和国政府信息公开条例"],
        False,
    ),
    (
        "2021-12-03",
        K.COLLECTIVE,
        "国家宪法日集体学习《宪法》",
        "1.5",
        "赵敏",
        "internal",
        ["中华人民共和国宪法"],
        False,
    ),
]


def load(people: dict, actor) -> None:
    laws = {law.name: law for law in Law.objects.all()}
    needed = {name for _d, *rest in SESSIONS_2021 for name in rest[5]} | {
        "中华人民共和国国家安全法",
        "中华人民共和国民法典",
        "中华人民共和国法治宣传教育法",
    }
    for name in needed - laws.keys():  # the catalogue migration seeds these normally
        laws[name] = Law.objects.create(name=name, kind=Law.Kind.OTHER)
    party_group = [people["zhuren"], people["fuzhuren"]]
    staff = [p for name, p in people.items() if name not in ("lvshi", "admin")]

    def record(
        date, kind, title, hours, speaker, speaker_kind, law_names, online, absent=None
    ):
        absent = absent or {}
        group = party_group + [people["fazhi"]] if kind == K.CENTRE_GROUP else staff
        do_record_session(
            actor=actor,
            date=date,
            kind=kind,
            title=title,
            hours=Decimal(hours),
            speaker=speaker,
            speaker_kind=speaker_kind,
            online=online,
            place="" if online else "区协同办会议室",
            laws=[laws[name] for name in law_names],
            attended=[p for p in group if p not in absent],
            absent=absent,
        )

    for i, (date, *rest) in enumerate(SESSIONS_2021):
        # Two absences with reasons, as a real sign-in list has.
        absent = {people["wugang"]: "出差"} if i == 8 else {}
        if i == 11:
            absent = {people["zhenghua"]: "病假"}
        record(dt.date.fromisoformat(date), *rest, absent=absent)

    # The current year, partly done: three quarters of centre-group study, one lecture.
    today = timezone.localdate()
    year = today.year
    for month, title in ((3, "第一季度"), (6, "第二季度"), (9, "第三季度")):
        day = dt.date(year, month, 20)
        if day <= today:
            record(
                day,
                K.CENTRE_GROUP,
                f"党组理论学习中心组{title}法治学习",
                "2",
                "李志强",
                "internal",
                ["习近平法治思想"],
                False,
            )
    for month, kind, title, law in (
        (
            4,
            K.COLLECTIVE,
            "全民国家安全教育日学习《国家安全法》",
            "中华人民共和国国家安全法",
        ),
        (5, K.LECTURE, "《民法典》宣传月专题讲座", "中华人民共和国民法典"),
        (11, K.COLLECTIVE, "学习《法治宣传教育法》", "中华人民共和国法治宣传教育法"),
    ):
        day = dt.date(year, month, 15)
        if day <= today:
            record(
                day,
                kind,
                title,
                "1.5",
                "赵敏" if kind != K.LECTURE else "新华律师事务所 周律",
                "internal" if kind != K.LECTURE else "lawyer",
                [law],
                False,
            )

    from . import exam_demo

    exam_demo.load(people, actor)
