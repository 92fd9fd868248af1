"""The sheets of the office's own ledgers: plan tasks, duties, matters, meetings,
reviews, study, exams and legal education."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q

from fazhi.decisions.models import AgendaItem, Matter, Meeting
from fazhi.learning.models import (
    Attempt,
    Attendance,
    Exam,
    ExternalResult,
    StudySession,
)
from fazhi.legal.models import Review
from fazhi.outreach.models import Activity, Channel, Material
from fazhi.plans.models import Category as TaskCategory
from fazhi.plans.models import DutyLog, Task

from .base import (
    Context,
    as_number,
    chunks,
    labels,
    yes_no,
)

# --- The sheets, in the order of the workbook ------------------------------------------


def task_rows(ctx: Context):
    categories = labels(TaskCategory.choices)
    statuses = labels(Task.Status.choices)
    tasks = Task.objects.filter(plan__year=ctx.year).order_by("number", "pk")
    fields = (
        *("number", "title", "content", "category", "department__name", "owner_id"),
        *("leader_id", "start_date", "due_date", "due_base_date", "due_working_days"),
        *("status", "progress", "completed_on"),
    )
    for row in chunks(tasks, *fields):
        (number, title, content, category, dept, owner, leader, start, due) = row[:9]
        (base, days, status, progress, completed_on) = row[9:]
        yield [
            *(number, title, content, categories.get(category, category), dept),
            *(ctx.people.get(owner, ""), ctx.people.get(leader, ""), start, due),
            *(base, days, statuses.get(status, status), progress, completed_on),
        ]


DUTY_COLUMNS = [
    ("序号", 6),
    ("日期", 12),
    ("领导", 10),
    ("履职方式", 12),
    ("事项", 40),
    ("具体情况", 60),
    ("关联任务", 36),
    ("记录人", 10),
]


def duty_rows(ctx: Context):
    kinds = labels(DutyLog.Kind.choices)
    logs = DutyLog.objects.filter(date__year=ctx.year).order_by("date", "pk")
    fields = ("date", "leader_id", "kind", "matter", "detail", "task__title")
    for n, (day, leader, kind, matter, detail, task, recorder) in enumerate(
        chunks(logs, *fields, "recorded_by_id"), start=1
    ):
        who, by = ctx.people.get(leader, ""), ctx.people.get(recorder, "")
        yield [n, day, who, kinds.get(kind, kind), matter, detail, task or "", by]


MATTER_COLUMNS = [
    ("序号", 6),
    ("登记日期", 12),
    ("事项名称", 40),
    ("类别", 18),
    ("重大行政决策", 12),
    ("事项领域", 12),
    ("承办科室", 14),
    ("金额（元）", 14),
    ("涉及市场主体", 12),
    ("公平竞争审查日期", 14),
    ("合法性审查（次）", 12),
    ("状态", 12),
    ("决定", 40),
    ("公开日期", 12),
    ("公开载体", 20),
]


def matter_rows(ctx: Context):
    categories = labels(Matter.Category.choices)
    statuses = labels(Matter.Status.choices)
    matters = (
        Matter.objects.filter(registered_on__year=ctx.year)
        .annotate(reviews_count=Count("reviews"))
        .order_by("registered_on", "pk")
    )
    fields = (
        *("registered_on", "title", "category", "major_decision", "subject"),
        *("department__name", "amount", "market_actors", "fair_competition_on"),
        *("reviews_count", "status", "decision", "published_on", "published_where"),
    )
    for n, row in enumerate(chunks(matters, *fields), start=1):
        (day, title, category, major, subject, dept, amount, market, fair) = row[:9]
        (reviews, status, decision, published_on, published_where) = row[9:]
        yield [
            *(n, day, title, categories.get(category, category), yes_no(major)),
            *(subject, dept, as_number(amount), yes_no(market), fair, reviews),
            *(statuses.get(status, status), decision, published_on, published_where),
        ]


MEETING_COLUMNS = [
    ("序号", 6),
    ("日期", 12),
    ("会议", 16),
    ("届次", 10),
    ("地点", 20),
    ("主持人", 10),
    ("应到", 6),
    ("实到", 6),
    ("列席", 24),
    ("记录人", 10),
    ("状态", 8),
    ("议题及表决结果", 80),
]


def meeting_rows(ctx: Context):
    kinds = labels(Meeting.Kind.choices)
    statuses = labels(Meeting.Status.choices)
    results = labels(AgendaItem.Result.choices)
    meetings = Meeting.objects.filter(date__year=ctx.year)
    agenda = defaultdict(list)
    for meeting, order, title, result, yes, no, abstain in chunks(
        AgendaItem.objects.filter(meeting__in=meetings).order_by("meeting", "order"),
        *("meeting_id", "order", "matter__title", "result", "yes", "no", "abstain"),
    ):
        votes = f"同意{yes}票、反对{no}票、弃权{abstain}票" if result else ""
        outcome = "，".join(filter(None, [results.get(result, result), votes]))
        agenda[meeting].append(f"{order}. {title}（{outcome}）")
    meetings = meetings.annotate(
        due=Count("members_due", distinct=True), came=Count("present", distinct=True)
    ).order_by("date", "pk")
    fields = ("pk", "date", "kind", "number", "place", "chair_id", "due", "came")
    for n, row in enumerate(
        chunks(meetings, *fields, "sitting_in", "recorder", "status"), start=1
    ):
        (pk, day, kind, number, place, chair) = row[:6]
        (due, came, sitting, recorder, status) = row[6:]
        yield [
            *(n, day, kinds.get(kind, kind), number, place, ctx.people.get(chair, "")),
            *(due, came, sitting, recorder, statuses.get(status, status)),
            "\n".join(agenda[pk]),
        ]


def review_rows(ctx: Context):
    kinds = labels(Review.Kind.choices)
    outcomes = labels(Review.Outcome.choices)
    responses = labels(Review.Response.choices)
    reviews = Review.objects.filter(received_on__year=ctx.year).order_by(
        "received_on", "pk"
    )
    fields = (
        *("received_on", "title", "kind", "department__name", "counsel__name"),
        *("counsel__firm", "working_days", "due_date", "opinion_on", "outcome"),
        *("response", "response_reason"),
    )
    for n, row in enumerate(chunks(reviews, *fields), start=1):
        (received, title, kind, dept, lawyer, firm, days, due, opinion_on) = row[:9]
        (outcome, response, reason) = row[9:]
        # The legal ledger's rule: late if the opinion (or, still awaited, today) is
        # after the day it was due.
        late = (opinion_on or ctx.today) > due
        yield [
            *(n, received, title, kinds.get(kind, kind), dept, f"{lawyer}（{firm}）"),
            *(days, due, opinion_on, outcomes.get(outcome, outcome)),
            *(responses.get(response, response), reason, yes_no(late)),
        ]


SESSION_COLUMNS = [
    ("序号", 6),
    ("日期", 12),
    ("学法活动", 40),
    ("类型", 18),
    ("学时", 6),
    ("主讲人", 14),
    ("主讲人类别", 12),
    ("地点", 20),
    ("线上", 6),
    ("学习法律法规", 40),
    ("应到人数", 8),
    ("出席人数", 8),
    ("缺席人数", 8),
]


def session_rows(ctx: Context):
    kinds = labels(StudySession.Kind.choices)
    speakers = labels(StudySession.Speaker.choices)
    sessions = StudySession.objects.filter(date__year=ctx.year)
    laws = defaultdict(list)
    for session, name in chunks(
        StudySession.laws.through.objects.filter(studysession__in=sessions).order_by(
            "law__order", "law__name"
        ),
        *("studysession_id", "law__name"),
    ):
        laws[session].append(f"《{name}》")
    marks = {
        session: (total, present)
        for session, total, present in Attendance.objects.filter(session__in=sessions)
        .values_list("session_id")
        .annotate(total=Count("pk"), present=Count("pk", filter=Q(attended=True)))
        .order_by()
    }
    fields = ("pk", "date", "title", "kind", "hours", "speaker", "speaker_kind")
    for n, row in enumerate(
        chunks(sessions.order_by("date", "pk"), *fields, "place", "online"), start=1
    ):
        pk, day, title, kind, hours, speaker, speaker_kind, place, online = row
        total, present = marks.get(pk, (0, 0))
        yield [
            *(n, day, title, kinds.get(kind, kind), as_number(hours), speaker),
            *(speakers.get(speaker_kind, speaker_kind), place, yes_no(online)),
            *("、".join(laws[pk]), total, present, total - present),
        ]


EXAM_COLUMNS = [
    ("序号", 6),
    ("考试名称", 36),
    ("开考时间", 16),
    ("截止时间", 16),
    ("组卷方式", 20),
    ("时长（分钟）", 10),
    ("满分", 6),
    ("合格线(%)", 9),
    ("应考人数", 8),
    ("实考人数", 8),
    ("合格人数", 8),
    ("合格率(%)", 9),
]


def exam_rows(ctx: Context):
    modes = labels(Exam.Mode.choices)
    # Exams held here, as the annual report counts them: published, opening in the year.
    exams = Exam.objects.filter(status=Exam.Status.PUBLISHED, opens_at__year=ctx.year)
    candidates = dict(
        Exam.candidates.through.objects.filter(exam__in=exams)
        .values_list("exam_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    sat = {
        exam: (n, passed)
        for exam, n, passed in Attempt.objects.filter(
            exam__in=exams, submitted_at__isnull=False
        )
        .values_list("exam_id")
        .annotate(n=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
        .order_by()
    }
    fields = ("pk", "title", "opens_at", "closes_at", "mode", "minutes", "rules")
    for n, row in enumerate(
        chunks(exams.order_by("opens_at", "pk"), *fields, "pass_percent"), start=1
    ):
        pk, title, opens, closes, mode, minutes, rules, pass_percent = row
        took, passed = sat.get(pk, (0, 0))
        yield [
            *(n, title, opens, closes, modes.get(mode, mode), minutes),
            *(float(Exam(rules=rules).total_points), pass_percent),
            *(candidates.get(pk, 0), took, passed),
            round(100 * passed / took, 1) if took else None,
        ]


EXTERNAL_COLUMNS = [
    ("序号", 6),
    ("考试日期", 12),
    ("考试名称", 36),
    ("姓名", 10),
    ("科室", 16),
    ("成绩", 8),
    ("结果", 8),
    ("导入来源", 30),
]


def external_result_rows(ctx: Context):
    results = ExternalResult.objects.filter(taken_on__year=ctx.year).order_by(
        "taken_on", "exam_name", "person__department__order", "person__username"
    )
    fields = ("taken_on", "exam_name", "person_id", "person__department__name")
    for n, (day, exam, person, dept, score, passed, source) in enumerate(
        chunks(results, *fields, "score", "passed", "source"), start=1
    ):
        result = "合格" if passed else "不合格"
        who = ctx.people.get(person, "")
        yield [n, day, exam, who, dept or "", as_number(score), result, source]


ACTIVITY_COLUMNS = [
    ("序号", 6),
    ("日期", 12),
    ("活动主题", 36),
    ("所属主题活动", 24),
    ("地点", 20),
    ("联合单位", 24),
    ("覆盖人数", 9),
    ("宣传渠道", 20),
    ("发放资料", 36),
    ("资料数量", 9),
    ("新闻链接", 30),
    ("活动简介", 50),
]


def activity_rows(ctx: Context):
    channels = labels(Channel.choices)
    activities = Activity.objects.filter(date__year=ctx.year)
    materials = defaultdict(list)
    for activity, item, quantity in chunks(
        Material.objects.filter(activity__in=activities).order_by("activity", "pk"),
        *("activity_id", "item", "quantity"),
    ):
        materials[activity].append((item, quantity))
    fields = ("pk", "date", "theme", "campaign__name", "place", "partners")
    for n, row in enumerate(
        chunks(
            activities.order_by("date", "pk"),
            *(*fields, "audience", "channels", "news_links", "summary"),
        ),
        start=1,
    ):
        pk, day, theme, campaign, place, partners, audience, used, links, text = row
        handed = materials[pk]
        yield [
            *(n, day, theme, campaign or "", place, partners, audience),
            "、".join(channels.get(c, c) for c in used or []),
            "、".join(f"{item}×{quantity}" for item, quantity in handed),
            sum(quantity for _item, quantity in handed),
            *(links, text),
        ]
