"""Reads of plans and tasks used by more than one page (list, dashboard, API, export)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.urls import reverse

from fazhi.core.calendar import official_years
from fazhi.core.models import Role

from .access import duty_logs_visible_to, tasks_visible_to
from .models import DutyLog, Task, due_is_provisional


@dataclass
class TaskFilter:
    """The task list's filters, shared by the page, the API and the export."""

    year: int | None = None
    plan: int | None = None
    status: str = ""
    department: int | None = None
    category: str = ""
    due: str = ""  # "overdue", "soon"
    q: str = ""
    mine: bool = False

    def apply(self, qs, *, user, today: dt.date):
        if self.plan:
            qs = qs.filter(plan_id=self.plan)
        if self.year:
            qs = qs.filter(plan__year=self.year)
        if self.status:
            qs = qs.filter(status=self.status)
        if self.department:
            qs = qs.filter(department_id=self.department)
        if self.category:
            qs = qs.filter(category=self.category)
        if self.due == "overdue":
            qs = qs.filter(status__in=Task.OPEN_STATUSES, due_date__lt=today)
        elif self.due == "soon":
            soon = today + dt.timedelta(days=settings.FAZHI_DUE_SOON_DAYS)
            qs = qs.filter(
                status__in=Task.OPEN_STATUSES, due_date__gte=today, due_date__lte=soon
            )
        if self.q:
            qs = qs.filter(Q(title__icontains=self.q) | Q(content__icontains=self.q))
        if self.mine:
            qs = qs.filter(Q(owner=user) | Q(leader=user))
        return qs


def tasks_for_list(user, flt: TaskFilter, today: dt.date):
    return flt.apply(tasks_visible_to(user), user=user, today=today).order_by(
        "due_date", "pk"
    )


@dataclass
class TaskRow:
    """One line of a task list, with everything the template prints worked out."""

    pk: int
    year: int
    number: int
    title: str
    department: str
    owner: str
    due_date: dt.date
    status_label: str
    progress: int
    overdue: bool
    due_soon: bool
    provisional: bool


def task_rows(ids: list[int], today: dt.date) -> list[TaskRow]:
    """The rows for these task ids, in the given order (one query)."""
    soon = today + dt.timedelta(days=settings.FAZHI_DUE_SOON_DAYS)
    labels = dict(Task.Status.choices)
    years = official_years()
    found = {
        r["pk"]: r
        for r in Task.objects.filter(pk__in=ids).values(
            "pk",
            "number",
            "title",
            "status",
            "progress",
            "due_date",
            "due_base_date",
            "due_working_days",
            "department__name",
            "owner__name",
            "owner__username",
            "plan__year",
        )
    }
    rows = []
    for pk in ids:
        r = found.get(pk)
        if r is None:  # deleted between the two queries
            continue
        is_open = r["status"] in Task.OPEN_STATUSES
        due = r["due_date"]
        rows.append(
            TaskRow(
                pk=pk,
                year=r["plan__year"],
                number=r["number"],
                title=r["title"],
                department=r["department__name"],
                owner=r["owner__name"] or r["owner__username"] or "",
                due_date=due,
                status_label=str(labels.get(r["status"], r["status"])),
                progress=r["progress"],
                overdue=is_open and due < today,
                due_soon=is_open and today <= due <= soon,
                provisional=due_is_provisional(
                    due, r["due_base_date"], r["due_working_days"], years
                ),
            )
        )
    return rows


_STATUS = "\x00status"  # stands for each open status in the compiled list query


def _first_open_lists(lists: dict, limit: int, columns: tuple) -> dict[str, list[dict]]:
    """For each named queryset, its `limit` earliest-due open tasks, all in one query.

    Per open status the (status, due_date) index yields rows in order and stops after
    `limit` (one query over both statuses would sort every open task); the parts are
    joined with UNION ALL so the dashboard pays for one round trip, not one per list.
    """
    parts, params = [], []
    for name, qs in lists.items():
        if qs.query.is_empty():  # .none(): someone who sees no tasks (the counsel)
            continue
        # Compiled once per list; the statuses differ only in a parameter.
        sub = qs.filter(status=_STATUS).order_by("due_date", "pk").values(*columns)
        sql, sub_params = sub[:limit].query.sql_with_params()
        for status in Task.OPEN_STATUSES:
            # The ORM wrote `sql` with placeholders; only the params carry values.
            parts.append(f"SELECT part{len(parts)}.*, %s FROM ({sql}) part{len(parts)}")  # noqa: S608
            params.append(name)
            params.extend(status if p == _STATUS else p for p in sub_params)
    found: dict[str, list[dict]] = {name: [] for name in lists}
    if not parts:
        return found
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for row in cursor.fetchall():
            item = dict(zip((*columns, "list_name"), row, strict=True))
            for key in ("due_date", "due_base_date"):  # SQLite hands back text
                if isinstance(item[key], str):
                    item[key] = dt.date.fromisoformat(item[key])
            found[item.pop("list_name")].append(item)
    for rows in found.values():
        rows.sort(key=lambda r: (r["due_date"], r["pk"]))
        del rows[limit:]
    return found


def dashboard_figures(user, today: dt.date) -> dict:
    """The dashboard's real figures: this year's tasks by state, what is late and due."""
    tasks = tasks_visible_to(user)
    soon = today + dt.timedelta(days=settings.FAZHI_DUE_SOON_DAYS)
    by_status = dict(
        tasks.filter(plan__year=today.year)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # Two range counts on the (status, due_date) index; one conditional aggregate would
    # read every open task instead.
    open_tasks = tasks.filter(status__in=Task.OPEN_STATUSES)
    late = {
        "overdue": open_tasks.filter(due_date__lt=today).count(),
        "due_soon": open_tasks.filter(due_date__gte=today, due_date__lte=soon).count(),
    }
    counts = {
        "total": sum(by_status.values()),
        "done": by_status.get(Task.Status.DONE, 0),
        "in_progress": by_status.get(Task.Status.IN_PROGRESS, 0),
        "not_started": by_status.get(Task.Status.NOT_STARTED, 0),
        **late,
    }
    lists = {
        "overdue": tasks.filter(due_date__lt=today),
        "due_soon": tasks.filter(due_date__gte=today, due_date__lte=soon),
        "owner": tasks.filter(owner=user),
    }
    # Only leaders are leaders in charge (the forms and the import offer no one else).
    if user.has_role(Role.LEADER):
        lists["leader"] = tasks.filter(leader=user)
    columns = (
        "pk",
        "title",
        "due_date",
        "due_base_date",
        "due_working_days",
        "department__name",
    )
    found = _first_open_lists(lists, 8, columns)
    overdue, due_soon = found["overdue"], found["due_soon"]
    mine = {row["pk"]: row for row in found["owner"] + found.get("leader", [])}
    mine = sorted(mine.values(), key=lambda r: (r["due_date"], r["pk"]))[:8]
    years = official_years()
    prefix = reverse("plans:task_list")
    for row in (*overdue, *due_soon, *mine):
        row["provisional"] = due_is_provisional(
            row["due_date"], row["due_base_date"], row["due_working_days"], years
        )
        row["url"] = f"{prefix}{row['pk']}/"
    kinds = dict(DutyLog.Kind.choices)
    duties = [
        {**d, "kind_label": kinds.get(d["kind"], d["kind"])}
        for d in duty_logs_visible_to(user)
        .filter(date__year=today.year)
        .order_by("-date", "-pk")
        .values("date", "kind", "matter", "leader__name", "leader__username")[:5]
    ]
    rate = round(100 * counts["done"] / counts["total"]) if counts["total"] else None
    return {
        "counts": counts,
        "done_rate": rate,
        "overdue_tasks": overdue,
        "due_soon_tasks": due_soon,
        "my_tasks": mine,
        "recent_duties": duties,
        "due_soon_days": settings.FAZHI_DUE_SOON_DAYS,
    }
