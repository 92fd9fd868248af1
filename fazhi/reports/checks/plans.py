"""Self-assessment checks: the plan, the principal leader's duties and law study."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.periods import month_day
from fazhi.learning.models import StudySession
from fazhi.learning.queries import compliance_at, exam_figures_for
from fazhi.plans.models import DutyLog, Plan, Task

from .base import (
    BASIS,
    MISSED,
    NA,
    OK,
    PENDING,
    Check,
    Period,
    link,
    listed,
    then,
    titles,
)

# --- Plans and the principal leader ------------------------------------------------------


def check_plan(p: Period) -> Check:
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


def check_tasks(p: Period, known=None) -> Check:
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
        check.detail = then(check.detail, titles(late_titles))
    if counts["overdue"]:
        check.url = link("plans:task_list", year=p.year, due="overdue")
    missed = bool(counts["overdue"] or counts["late"])
    if not missed and counts["done"] == counts["total"]:
        check.state = OK
    else:
        check.state = p.running(missed)
    return check


def check_duties(p: Period) -> Check:
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


def check_study(p: Period, c=None) -> list[Check]:
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


def check_exams(p: Period) -> Check:
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
