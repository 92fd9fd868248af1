"""The year's self-assessment (自查): each obligation of the office's rule-of-law work,
judged from the ledgers — met, missed, or still open — with the rule it comes from and
the records behind it, so the leader sees a problem before the inspectors do.

A check is "pending" while its period runs and nothing is missed so far; a past year is
judged whole, on what the ledgers say today. The checks read counts and exists() only:
no ledger's rows come into Python, and the number of queries does not grow with them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Exists, F, Min, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.decisions.models import AgendaItem, Catalogue, Matter
from fazhi.disclosure.models import AnnualReport, Item
from fazhi.disclosure.models import Application as A
from fazhi.hotline import kpi
from fazhi.hotline.models import Ticket as T
from fazhi.learning.models import StudySession
from fazhi.learning.queries import compliance_at, exam_figures_for
from fazhi.legal.models import Counsel, Review
from fazhi.legal.queries import overdue_q
from fazhi.outreach.models import Activity, Campaign
from fazhi.plans.models import DutyLog, Plan, Task

from .models import Report
from .reminders import deadlines

OK, MISSED, PENDING, NA = "ok", "missed", "pending", "na"
STATES = (OK, MISSED, PENDING, NA)

# The legal citations stay in Chinese: they are the names of the documents.
BASIS = {
    "leader": "《党政主要负责人履行推进法治建设第一责任人职责规定》",
    "study": "领导干部学法用法制度；党组（党委）理论学习中心组学法制度",
    "exam": "领导干部网上学法用法考试制度",
    "decision": "《重大行政决策程序暂行条例》第二十五条、第二十六条；“三重一大”制度实施办法",
    "fair": "《重大行政决策程序暂行条例》第二十九条；公平竞争审查制度",
    "publish": "《重大行政决策程序暂行条例》第三十二条",
    "catalogue": "《重大行政决策程序暂行条例》第三条",
    "review": "《重大行政决策程序暂行条例》第二十六条；本单位合法性审查时限",
    "counsel": (
        "《关于推行法律顾问制度和公职律师公司律师制度的意见》；"
        "《党政机关聘任法律顾问备案登记表》"
    ),
    "apply": "《政府信息公开条例》第三十三条",
    "proactive": "《政府信息公开条例》第二十六条",
    "gi_report": "《政府信息公开条例》第四十九条、第五十条",
    "report_internal": "《法治政府建设与责任落实督察工作规定》（每年3月1日前报送）",
    "report_public": "《法治政府建设与责任落实督察工作规定》第二十四条",
    "outreach": "年度普法工作计划；“谁执法谁普法”普法责任制",
    "hotline": "《国务院办公厅关于进一步优化地方政务服务便民热线的指导意见》（国办发〔2020〕53号）",
}


@dataclass
class Check:
    """One obligation of the year and how the ledgers say it went."""

    code: str
    label: str
    state: str  # OK, MISSED, PENDING or NA
    detail: str
    url: str = ""
    basis: str = ""


@dataclass
class Period:
    """The year judged and the day it is judged on."""

    year: int
    today: dt.date
    now: dt.datetime

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @property
    def over(self) -> bool:
        return self.today > self.last

    @property
    def begun(self) -> bool:
        return self.today >= self.first

    @property
    def as_of(self) -> dt.date:
        """The day the year is looked at: today, or its last day once it is over."""
        return max(self.first, min(self.today, self.last))

    def running(self, missed: bool) -> str:
        """A check over the whole year: missed, met once the year is over, else open."""
        if missed:
            return MISSED
        return OK if self.over else PENDING


def month_day(text: str, year: int) -> dt.date:
    """A "MM-DD" setting as a date of `year` (29 February falls back to the 28th)."""
    month, day = (int(part) for part in text.split("-"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, 28)


def link(name: str, *args, **query) -> str:
    """The URL of a list page with its filters (empty ones left out)."""
    url = reverse(name, args=args)
    params = urlencode([(k, v) for k, v in query.items() if v not in ("", None)])
    return f"{url}?{params}" if params else url


def then(first: str, second: str) -> str:
    """Two sentences one after the other: a space between them in English, none in
    Chinese."""
    # Translators: two sentences in a row; Chinese joins them without a space.
    return _("%(first)s %(second)s") % {"first": first, "second": second}


def listed(items) -> str:
    """Items in a running sentence: "a, b" in English, "a、b" in Chinese."""
    text = ""
    for item in items:
        # Translators: a list, one more item; Chinese joins with the 顿号 (、).
        text = (
            _("%(items)s, %(item)s") % {"items": text, "item": item}
            if text
            else str(item)
        )
    return text


def _titles(rows, limit: int = 3) -> str:
    return listed(f"“{t}”" for t in rows[:limit]) + ("…" if len(rows) > limit else "")


def assess(
    year: int,
    today: dt.date,
    *,
    now: dt.datetime | None = None,
    known: dict | None = None,
) -> list[Check]:
    """Every check of `year` as the ledgers stand on `today`. `known`: what the
    dashboard has counted already, so nothing is read twice — "tasks" (the year's
    tasks by status, and overdue), "compliance" (learning's compliance_at for the
    year), "applications" (application_counts), "hotline_total" (the year's
    hotline.kpi total) and "hotline_overdue" (tickets open past their limit now)."""
    known = known or {}
    if now is None:
        now = (
            timezone.now()
            if today == timezone.localdate()
            else timezone.make_aware(dt.datetime.combine(today, dt.time()))
        )
    p = Period(year, today, now)

    first_year = Plan.objects.aggregate(y=Min("year"))["y"]
    checks = [
        _plan(p),
        _tasks(p, known.get("tasks")),
        _duties(p),
        *_study(p, known.get("compliance")),
        _exams(p),
        _decisions_reviewed(p),
        _fair_competition(p),
        _decisions_published(p),
        _catalogue(p),
        _reviews_in_time(p),
        _counsel(p),
        _applications(p, known.get("applications")),
        _proactive(p),
        _gi_report(p),
        *_law_report(p),
        _campaigns(p),
        _hotline(p, known.get("hotline_total"), known.get("hotline_overdue")),
    ]
    if first_year is not None and year < first_year:
        # Before the office kept its ledgers here there is nothing to judge by.
        note = _("The ledgers in this system begin in %(year)d.") % {"year": first_year}
        for check in checks:
            check.state, check.detail, check.url = NA, note, ""
    return checks


def summary(checks: list[Check]) -> dict[str, int]:
    counts = {state: 0 for state in STATES}
    for check in checks:
        counts[check.state] += 1
    counts["total"] = len(checks) - counts[NA]
    return counts


# --- Plans and the principal leader ------------------------------------------------------


def _plan(p: Period) -> Check:
    check = Check(
        "plan",
        gettext_lazy("Annual plan made and deployed at a meeting"),
        PENDING,
        "",
        link("plans:plan_list"),
        BASIS["leader"],
    )
    plan = (
        Plan.objects.filter(year=p.year).values("pk", "title", "meeting_date").first()
    )
    deadline = month_day(settings.FAZHI_PLAN_DEPLOY_BY, p.year)
    late = p.today > deadline
    if plan is None:
        check.state = MISSED if late else PENDING
        check.detail = _("No plan recorded for %(year)d; due by %(date)s.") % {
            "year": p.year,
            "date": deadline.isoformat(),
        }
        return check
    check.url = reverse("plans:plan_detail", args=[plan["pk"]])
    if plan["meeting_date"] is None:
        check.state = MISSED if late else PENDING
        check.detail = _(
            "“%(title)s” is recorded, but no deployment meeting (due by %(date)s)."
        ) % {"title": plan["title"], "date": deadline.isoformat()}
        return check
    check.state = OK
    check.detail = _("“%(title)s”, deployed at the meeting of %(date)s.") % {
        "title": plan["title"],
        "date": plan["meeting_date"].isoformat(),
    }
    return check


def _tasks(p: Period, known=None) -> Check:
    """`known`: the year's tasks by status and the overdue count, as the dashboard's
    task section counted them with the task list's filter."""
    tasks = Task.objects.filter(plan__year=p.year)
    open_q = Q(status__in=Task.OPEN_STATUSES)
    late_q = Q(status=Task.Status.DONE, completed_on__gt=F("due_date"))
    if known is None:
        counts = tasks.aggregate(
            total=Count("pk", filter=~Q(status=Task.Status.CANCELLED)),
            done=Count("pk", filter=Q(status=Task.Status.DONE)),
            overdue=Count("pk", filter=open_q & Q(due_date__lt=p.today)),
            late=Count("pk", filter=late_q),
        )
    else:
        by_status = known["by_status"]
        counts = {
            "total": sum(by_status.values()) - by_status[Task.Status.CANCELLED],
            "done": by_status[Task.Status.DONE],
            "overdue": known["overdue"],
            "late": tasks.filter(late_q).count(),
        }
    check = Check(
        "tasks",
        gettext_lazy("Plan tasks done by their due dates"),
        NA,
        _("No tasks in the plan."),
        link("plans:task_list", year=p.year),
        BASIS["leader"],
    )
    if not counts["total"]:
        return check
    late_titles = []
    if counts["overdue"] or counts["late"]:
        late_titles = list(
            tasks.filter((open_q & Q(due_date__lt=p.today)) | late_q)
            .order_by("due_date", "pk")
            .values_list("title", flat=True)[:4]
        )
    check.detail = (
        _(
            "Done: %(done)d of %(total)d. Open past the due date: %(overdue)d. "
            "Done late: %(late)d."
        )
        % counts
    )
    if late_titles:
        check.detail = then(check.detail, _titles(late_titles))
    if counts["overdue"]:
        check.url = link("plans:task_list", year=p.year, due="overdue")
    missed = bool(counts["overdue"] or counts["late"])
    if not missed and counts["done"] == counts["total"]:
        check.state = OK
    else:
        check.state = p.running(missed)
    return check


def _duties(p: Period) -> Check:
    kinds = set(
        DutyLog.objects.filter(date__year=p.year)
        .values_list("kind", flat=True)
        .distinct()
        .order_by()
    )
    labels = dict(DutyLog.Kind.choices)
    done = [str(labels[k]) for k in DutyLog.Kind.values if k in kinds]
    missing = [str(labels[k]) for k in DutyLog.Kind.values if k not in kinds]
    check = Check(
        "duties",
        gettext_lazy(
            "The principal leader deployed, enquired, coordinated and supervised "
            "in person"
        ),
        OK,
        _("Recorded: %(done)s.") % {"done": listed(done)},
        link("plans:duty_list", year=p.year),
        BASIS["leader"],
    )
    if missing:
        check.state = MISSED if p.over else PENDING
        check.detail = _("Recorded: %(done)s. Not yet recorded: %(missing)s.") % {
            "done": listed(done) or "—",
            "missing": listed(missing),
        }
    return check


# --- Law study ------------------------------------------------------------------------


def _study(p: Period, c=None) -> list[Check]:
    sessions = reverse("learning:session_list")
    quarters = Check(
        "study_quarters",
        gettext_lazy("Centre-group law study every quarter"),
        PENDING,
        "",
        f"{sessions}?year={p.year}&kind={StudySession.Kind.CENTRE_GROUP}",
        BASIS["study"],
    )
    lectures = Check(
        "study_lectures",
        gettext_lazy("Law lectures for leaders"),
        PENDING,
        "",
        f"{sessions}?year={p.year}&kind={StudySession.Kind.LECTURE}",
        BASIS["study"],
    )
    hours = Check(
        "study_hours",
        gettext_lazy("Study hours per person"),
        PENDING,
        "",
        link("learning:compliance", date=p.as_of.isoformat()),
        BASIS["study"],
    )
    if not p.begun:
        for check in (quarters, lectures, hours):
            check.detail = _("The year has not begun.")
        return [quarters, lectures, hours]
    c = c or compliance_at(p.as_of)
    # Judged at the year's end, a quarter still "due" has passed without its study.
    states = ["missed" if q.state == "due" and p.over else q.state for q in c.quarters]
    required = settings.FAZHI_STUDY_CENTRE_GROUP_PER_QUARTER
    quarters.detail = _("Held per quarter: %(held)s (at least %(n)d each).") % {
        "held": " / ".join(str(q.held) for q in c.quarters),
        "n": required,
    }
    missed_q = [
        str(q.quarter) for q, s in zip(c.quarters, states, strict=True) if s == "missed"
    ]
    if missed_q:
        quarters.state = MISSED
        missed_text = _("Missed in quarter %(q)s.") % {"q": listed(missed_q)}
        quarters.detail = then(quarters.detail, missed_text)
    elif all(s == "met" for s in states):
        quarters.state = OK

    lectures.detail = _("Held: %(held)d of at least %(n)d.") % {
        "held": c.lectures_held,
        "n": c.lectures_required,
    }
    lectures.state = OK if c.lectures_met else (MISSED if p.over else PENDING)
    if not c.lectures_required:
        lectures.state = NA

    people = len(c.behind) + c.on_track
    if not c.hours_target or not people:
        hours.state, hours.detail = NA, _("No study-hours target.")
        return [quarters, lectures, hours]
    if p.over:
        hours.state = MISSED if c.behind else OK
        hours.detail = _(
            "Below %(target)s hours at the year's end: %(behind)d of %(people)d."
        ) % {"target": c.hours_target, "behind": len(c.behind), "people": people}
    else:
        hours.state = PENDING
        hours.detail = _(
            "Behind the pace for %(target)s hours a year: %(behind)d of %(people)d."
        ) % {"target": c.hours_target, "behind": len(c.behind), "people": people}
    if c.behind:
        lowest = c.behind[0]
        fewest = _("Fewest: %(name)s, %(hours)s hours.") % {
            "name": lowest.person,
            "hours": lowest.hours,
        }
        hours.detail = then(hours.detail, fewest)
    return [quarters, lectures, hours]


def _exams(p: Period) -> Check:
    f = exam_figures_for(p.year)
    held = f.exams + (1 if f.external_sat else 0)
    failed = (f.sat - f.passed) + (f.external_sat - f.external_passed)
    check = Check(
        "exams",
        gettext_lazy("Law exams held and passed"),
        PENDING,
        _(
            "Exams here: %(exams)d, sat %(sat)d of %(candidates)d, passed %(passed)d. "
            "Exams elsewhere: sat %(ext)d, passed %(ext_passed)d."
        )
        % {
            "exams": f.exams,
            "sat": f.sat,
            "candidates": f.candidates,
            "passed": f.passed,
            "ext": f.external_sat,
            "ext_passed": f.external_passed,
        },
        link("learning:exam_list"),
        BASIS["exam"],
    )
    if not held:
        check.state = MISSED if p.over else PENDING
        check.detail = _("No exam held or recorded in %(year)d.") % {"year": p.year}
    elif failed and p.over:
        check.state = MISSED
    elif p.over:
        check.state = OK
    return check


# --- Decisions and legality review ------------------------------------------------------


def _decided_items(p: Period):
    """The agenda items passed at a meeting of the year whose matter needed a legality
    review before it (713号 art. 26; every 三重一大 matter when the office says so)."""
    items = AgendaItem.objects.filter(
        result=AgendaItem.Result.PASSED, meeting__date__year=p.year
    )
    if not settings.FAZHI_REVIEW_BEFORE_AGENDA_FOR_ALL:
        items = items.filter(matter__major_decision=True)
    return items


def _decisions_reviewed(p: Period) -> Check:
    cleared = Review.objects.filter(
        matter=OuterRef("matter"),
        status__in=[Review.Status.OPINION, Review.Status.CLOSED],
        opinion_on__lte=OuterRef("meeting__date"),
    ).exclude(outcome=Review.Outcome.UNLAWFUL)
    counts = _decided_items(p).aggregate(
        n=Count("pk"), bad=Count("pk", filter=~Exists(cleared))
    )
    # Matters of the year still in their procedure, not cleared by a review yet.
    waiting = Matter.objects.filter(
        registered_on__year=p.year,
        status__in=[Matter.Status.REGISTERED, Matter.Status.ON_AGENDA],
    )
    if not settings.FAZHI_REVIEW_BEFORE_AGENDA_FOR_ALL:
        waiting = waiting.filter(major_decision=True)
    waiting = waiting.exclude(
        Exists(
            Review.objects.filter(
                matter=OuterRef("pk"),
                status__in=[Review.Status.OPINION, Review.Status.CLOSED],
            ).exclude(outcome=Review.Outcome.UNLAWFUL)
        )
    ).count()
    check = Check(
        "decisions_reviewed",
        gettext_lazy("Matters decided only after a legality review"),
        NA,
        _("Decided: %(n)d; without a completed review before the meeting: %(bad)d.")
        % counts,
        link("decisions:matter_list", year=p.year),
        BASIS["decision"],
    )
    if waiting:
        check.detail = then(
            check.detail, _("Awaiting a review: %(n)d.") % {"n": waiting}
        )
    if counts["bad"]:
        check.state = MISSED
    elif counts["n"]:
        check.state = OK if p.over else PENDING
    elif waiting or not p.over:
        check.state = PENDING
    return check


def _fair_competition(p: Period) -> Check:
    counts = (
        _decided_items(p)
        .filter(matter__market_actors=True)
        .aggregate(
            n=Count("pk"),
            bad=Count(
                "pk",
                filter=Q(matter__fair_competition_on__isnull=True)
                | Q(matter__fair_competition_on__gt=F("meeting__date")),
            ),
        )
    )
    check = Check(
        "fair_competition",
        gettext_lazy("Fair competition review before the decision"),
        NA,
        _(
            "Decided matters involving market actors: %(n)d; without the review "
            "before the meeting: %(bad)d."
        )
        % counts,
        link("decisions:matter_list", year=p.year),
        BASIS["fair"],
    )
    if counts["n"]:
        check.state = p.running(bool(counts["bad"]))
    return check


def _decisions_published(p: Period) -> Check:
    counts = AgendaItem.objects.filter(
        result=AgendaItem.Result.PASSED,
        meeting__date__year=p.year,
        matter__major_decision=True,
    ).aggregate(n=Count("pk"), bad=Count("pk", filter=Q(matter__published_on=None)))
    check = Check(
        "decisions_published",
        gettext_lazy("Major administrative decisions published"),
        NA,
        _("Decided: %(n)d; not published: %(bad)d.") % counts,
        link("decisions:matter_list", year=p.year),
        BASIS["publish"],
    )
    if counts["n"]:
        # An unpublished decision is a miss once its year is over; until then, open.
        check.state = (MISSED if p.over else PENDING) if counts["bad"] else OK
    return check


def _catalogue(p: Period) -> Check:
    cat = (
        Catalogue.objects.filter(year=p.year)
        .values("approved_on", "published_on")
        .first()
    )
    check = Check(
        "decision_catalogue",
        gettext_lazy("Catalogue of major decisions agreed and published"),
        NA,
        _("No catalogue made for the year (the office may make one)."),
        link("decisions:catalogue", year=p.year),
        BASIS["catalogue"],
    )
    if cat is None:
        return check
    if cat["approved_on"] and cat["published_on"]:
        check.state = OK
        check.detail = _("Agreed on %(a)s, published on %(p)s.") % {
            "a": cat["approved_on"].isoformat(),
            "p": cat["published_on"].isoformat(),
        }
    else:
        check.state = MISSED if p.over else PENDING
        check.detail = _("Made, but not yet agreed and published.")
    return check


def _reviews_in_time(p: Period) -> Check:
    # The ledger's own "overdue": awaiting past the due date, or answered after it.
    counts = Review.objects.filter(received_on__year=p.year).aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(opinion_on__isnull=False)),
        overdue=Count("pk", filter=overdue_q(p.today)),
    )
    check = Check(
        "reviews_in_time",
        gettext_lazy("Legality reviews answered within their time limit"),
        NA,
        _(
            "Received: %(total)d; answered: %(answered)d; late (now or when "
            "answered): %(overdue)d."
        )
        % counts,
        link("legal:review_list", year=p.year),
        BASIS["review"],
    )
    if counts["overdue"]:
        check.url = link("legal:review_list", year=p.year, overdue=1)
    if counts["total"]:
        check.state = p.running(bool(counts["overdue"]))
    elif not p.over:
        check.state = PENDING
    return check


def _counsel(p: Period) -> Check:
    engaged = Counsel.objects.filter(
        contract_start__lte=p.last, contract_end__gte=p.first
    )
    counts = engaged.aggregate(
        n=Count("pk"),
        unfiled=Count("pk", filter=Q(filed_on=None)),
        now=Count(
            "pk", filter=Q(contract_start__lte=p.today, contract_end__gte=p.today)
        ),
    )
    check = Check(
        "counsel",
        gettext_lazy("Legal counsel engaged and filed"),
        OK,
        _("Engagements in the year: %(n)d; not filed for the record: %(unfiled)d.")
        % counts,
        link("legal:counsel_list"),
        BASIS["counsel"],
    )
    current = p.first <= p.today <= p.last
    if not counts["n"]:
        check.state = MISSED if p.over or current else PENDING
        check.detail = _("No legal counsel engaged for %(year)d.") % {"year": p.year}
    elif current and not counts["now"]:
        check.state = MISSED
        check.detail = then(check.detail, _("No contract in force today."))
    elif counts["unfiled"]:
        check.state = MISSED if p.over else PENDING
    return check


# --- Disclosure ---------------------------------------------------------------------------


def _one_or_list(qs, list_url: str) -> str:
    """The record itself when there is exactly one, else the list."""
    pks = list(qs.values_list("pk", flat=True)[:2])
    if len(pks) == 1:
        return qs.model(pk=pks[0]).get_absolute_url()
    return list_url


def application_counts(year: int, today: dt.date, apps=None) -> dict[str, int]:
    """Applications received in `year`; those answered in it and how many of them late
    (replied_late, set at the reply: 条例 art. 33); those received in it still open past
    their deadline today. `apps`: the applications a user sees (default: all).

    The late count reads each reply of the year (no index holds replied_late); the
    other counts read indexes only."""
    apps = A.objects.all() if apps is None else apps
    answered = apps.filter(replied_on__year=year).aggregate(
        answered=Count("pk"), late=Count("pk", filter=Q(replied_late=True))
    )
    return {
        "received": apps.filter(received_on__year=year).count(),
        **answered,
        # Grouped by the year received, unfiltered: a filter on the year would read
        # every application received in it; this reads the few open overdue ones by
        # the (status, due_on) index.
        "overdue": dict(
            apps.filter(status__in=A.OPEN_STATUSES, due_on__lt=today)
            .annotate(received_year=ExtractYear("received_on"))
            .values_list("received_year")
            .annotate(n=Count("pk"))
            .order_by()
        ).get(year, 0),
    }


def _applications(p: Period, counts=None) -> Check:
    counts = counts or application_counts(p.year, p.today)
    base = reverse("disclosure:application_list")
    check = Check(
        "applications",
        gettext_lazy("Applications for information answered in time"),
        NA,
        _(
            "Received: %(received)d. Answered in the year: %(answered)d, late: "
            "%(late)d. Open past the deadline: %(overdue)d."
        )
        % counts,
        base,
        BASIS["apply"],
    )
    if counts["overdue"]:
        check.url = f"{base}?due=overdue"
    elif counts["late"]:
        check.url = _one_or_list(
            A.objects.filter(replied_on__year=p.year, replied_late=True), base
        )
    if counts["received"] or counts["answered"]:
        check.state = p.running(bool(counts["late"] or counts["overdue"]))
    elif not p.over:
        check.state = PENDING
    return check


def _proactive(p: Period) -> Check:
    items = Item.objects.filter(formed_on__year=p.year).exclude(status=Item.Status.HELD)
    waiting = Q(status__in=[Item.Status.DRAFT, Item.Status.CLEARED])
    counts = items.aggregate(
        n=Count("pk"),
        published=Count("pk", filter=Q(published_on__isnull=False)),
        late=Count("pk", filter=Q(published_on__gt=F("due_on"))),
        overdue=Count("pk", filter=waiting & Q(due_on__lt=p.today)),
    )
    base = reverse("disclosure:item_list")
    check = Check(
        "proactive",
        gettext_lazy("Proactive disclosure within 20 working days"),
        NA,
        _(
            "Items formed in the year: %(n)d; published: %(published)d; published "
            "late: %(late)d; unpublished past the deadline: %(overdue)d."
        )
        % counts,
        base,
        BASIS["proactive"],
    )
    if counts["overdue"]:
        check.url = f"{base}?show=late"
    elif counts["late"]:
        check.url = _one_or_list(items.filter(published_on__gt=F("due_on")), base)
    if counts["n"]:
        check.state = p.running(bool(counts["late"] or counts["overdue"]))
    elif not p.over:
        check.state = PENDING
    return check


def _kept(year: int, report_model) -> bool:
    """Whether the ledgers of `year` are in this system (its plan, or the report)."""
    return (
        Plan.objects.filter(year=year).exists()
        or report_model.objects.filter(year=year).exists()
    )


def _on_time(p: Period, done_on, due: dt.date, what: str) -> tuple[str, str]:
    """(state, detail) of something due on `due`, done on `done_on` (or not yet)."""
    if done_on is None:
        if p.today > due:
            return MISSED, _("%(what)s: not done; it was due by %(due)s.") % {
                "what": what,
                "due": due.isoformat(),
            }
        return PENDING, _("%(what)s: due by %(due)s.") % {
            "what": what,
            "due": due.isoformat(),
        }
    state = OK if done_on <= due else MISSED
    return state, _("%(what)s on %(done)s (due by %(due)s).") % {
        "what": what,
        "done": done_on.isoformat(),
        "due": due.isoformat(),
    }


def _gi_report(p: Period) -> Check:
    prior = p.year - 1
    check = Check(
        "gi_report",
        gettext_lazy("Previous year's disclosure report published on time"),
        NA,
        _("No ledgers of %(year)d in this system.") % {"year": prior},
        reverse("disclosure:report", args=[prior]),
        BASIS["gi_report"],
    )
    if not _kept(prior, AnnualReport):
        check.url = ""
        return check
    published = (
        AnnualReport.objects.filter(year=prior)
        .values_list("published_on", flat=True)
        .first()
    )
    due = month_day(settings.FAZHI_DISCLOSURE_REPORT_DUE, p.year)
    check.state, check.detail = _on_time(
        p,
        published,
        due,
        _("The %(year)d report published") % {"year": prior},
    )
    return check


def _law_report(p: Period) -> list[Check]:
    prior = p.year - 1
    internal = Check(
        "report_approved",
        gettext_lazy("Previous year's rule-of-law report approved on time"),
        NA,
        _("No ledgers of %(year)d in this system.") % {"year": prior},
        reverse("reports:report", args=[prior]),
        BASIS["report_internal"],
    )
    public = Check(
        "report_published",
        gettext_lazy("Previous year's rule-of-law report published on time"),
        NA,
        internal.detail,
        internal.url,
        BASIS["report_public"],
    )
    if not _kept(prior, Report):
        internal.url = public.url = ""
        return [internal, public]
    row = (
        Report.objects.filter(year=prior).values("approved_on", "published_on").first()
    )
    row = row or {"approved_on": None, "published_on": None}
    internal_due, public_due = deadlines(prior)
    internal.state, internal.detail = _on_time(
        p,
        row["approved_on"],
        internal_due,
        _("The %(year)d report approved") % {"year": prior},
    )
    public.state, public.detail = _on_time(
        p,
        row["published_on"],
        public_due,
        _("The %(year)d report published") % {"year": prior},
    )
    return [internal, public]


# --- Legal education and citizen demands --------------------------------------------------


def _campaigns(p: Period) -> Check:
    campaigns = Campaign.objects.filter(year=p.year).annotate(
        has_activity=Exists(Activity.objects.filter(campaign=OuterRef("pk")))
    )
    # A campaign is missed once its planned day has passed without an activity (one
    # planned for no day in particular, once its year is over).
    due = Q(planned_for__lt=p.today)
    if p.over:
        due |= Q(planned_for=None)
    counts = campaigns.aggregate(
        n=Count("pk"),
        held=Count("pk", filter=Q(has_activity=True)),
        missed=Count("pk", filter=Q(has_activity=False) & due),
    )
    check = Check(
        "campaigns",
        gettext_lazy("Planned legal-education campaigns held"),
        NA,
        _("Planned: %(n)d; held: %(held)d; not held by the planned date: %(missed)d.")
        % counts,
        link("outreach:plan", year=p.year),
        BASIS["outreach"],
    )
    if counts["n"]:
        if counts["missed"]:
            check.state = MISSED
        elif counts["held"] == counts["n"]:
            check.state = OK
        else:
            check.state = PENDING
    elif not p.over:
        check.state = PENDING
    return check


def _hotline(p: Period, total, overdue_now: int | None = None) -> Check:
    if total is None:
        total = kpi.compute(p.year, now=p.now).total
    # Open past the reply limit: this year, every such ticket however old (what the
    # list's ?due=overdue shows); a past year, those it received.
    overdue = T.objects.filter(status__in=T.OPEN_STATUSES, reply_due_at__lt=p.now)
    if p.over or not p.begun:
        overdue = overdue.filter(
            month__gte=p.year * 100 + 1, month__lte=p.year * 100 + 12
        ).count()
    else:
        overdue = overdue.count() if overdue_now is None else overdue_now

    def rate(value):
        return "—" if value is None else f"{value}%"

    check = Check(
        "hotline",
        gettext_lazy("Citizen demands signed for and answered in time"),
        NA,
        _(
            "Received: %(n)d. Signed for in time: %(signed)d of %(sign_due)d "
            "(%(response)s). Replied in time: %(replied)d of %(reply_due)d "
            "(%(on_time)s). Open past the reply limit: %(overdue)d."
        )
        % {
            "n": total.received,
            "signed": total.signed_in_time,
            "sign_due": total.sign_due,
            "response": rate(total.response_rate),
            "replied": total.replied_in_time,
            "reply_due": total.reply_due,
            "on_time": rate(total.on_time_rate),
            "overdue": overdue,
        },
        link("hotline:kpi", year=p.year),
        BASIS["hotline"],
    )
    if overdue:
        check.url = link("hotline:ticket_list", due="overdue")
    if total.received:
        check.state = p.running(bool(overdue))
    elif not p.over:
        check.state = PENDING
    return check
