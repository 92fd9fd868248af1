"""The task table's rows as HTML, built in Python.

A list page renders 50 rows of 10 cells; through the template engine that costs more
than every query of the page together (bench/README.md). The rows are built here with
format_html (every value escaped) and the template prints them as one block.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .queries import TaskRow

_ROW = (
    '<tr{}><td>{}</td><td>{}</td><td class="title"><a href="{}{}/">{}</a></td>'
    '<td>{}</td><td>{}</td><td class="text-nowrap">{}{}{}</td><td>{}</td><td>{}%</td></tr>'
)


def task_rows_html(rows: list[TaskRow]) -> SafeString:
    provisional = format_html(
        ' <span class="badge badge-provisional" title="{}">{}</span>',
        _("Official holidays for this year are not known yet"),
        _("provisional"),
    )
    overdue = format_html(' <span class="badge text-bg-danger">{}</span>', _("overdue"))
    prefix = reverse("plans:task_list")  # links are f"{prefix}{pk}/", as task_detail
    return format_html_join(
        "\n",
        _ROW,
        (
            (
                SafeString(' class="row-overdue"')
                if r.overdue
                else SafeString(' class="row-soon"')
                if r.due_soon
                else "",
                r.year,
                r.number,
                prefix,
                r.pk,
                r.title,
                r.department,
                r.owner,
                r.due_date.isoformat(),
                provisional if r.provisional else "",
                overdue if r.overdue else "",
                r.status_label,
                r.progress,
            )
            for r in rows
        ),
    )


def task_links_html(rows: list[dict], empty: str) -> SafeString:
    """The dashboard's short task lists: title, department and due date per line."""
    if not rows:
        return format_html('<li class="list-group-item text-muted">{}</li>', empty)
    provisional = format_html(
        ' <span class="badge badge-provisional">{}</span>', _("provisional")
    )
    return format_html_join(
        "\n",
        '<li class="list-group-item d-flex justify-content-between"><a href="{}">{}</a>'
        '<span class="text-muted small text-nowrap ms-2">{} · {}{}</span></li>',
        (
            (
                r["url"],
                r["title"],
                r["department__name"],
                r["due_date"].isoformat(),
                provisional if r["provisional"] else "",
            )
            for r in rows
        ),
    )
