"""The ticket list's rows as HTML, built in Python.

A page shows 50 rows of 8 cells; through the template engine they cost more than the
page's queries. As plans/tables.py: the view prepares each row's values, the rows are
built here with format_html (every value escaped), the template prints them at once.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

_ROW = (
    '<tr class="{}"><td class="text-nowrap"><a href="{}">{}</a></td><td>{}{}{}</td>'
    '<td class="text-nowrap">{}</td><td class="text-nowrap">{}</td>'
    '<td class="text-nowrap">{}</td><td>{}</td><td class="text-nowrap">{}</td>'
    '<td class="text-nowrap">{}{}</td></tr>'
)


def ticket_rows_html(rows) -> SafeString:
    """`rows`: the dicts ticket_list prepares (url, external_no, urgency, title,
    category__name, citizen, channel_label, received_text, department, due_text,
    status_label, pending, overdue)."""
    urgent = format_html('<span class="badge text-bg-danger">{}</span> ', _("Urgent"))
    pending = format_html(" · {}", _("awaiting approval"))
    return format_html_join(
        "\n",
        _ROW,
        (
            (
                "row-overdue" if t["overdue"] else "",
                t["url"],
                t["external_no"],
                urgent if t["urgency"] == "urgent" else "",
                t["title"],
                format_html(' <span class="text-muted small">· {}</span>', category)
                if (category := t["category__name"])
                else "",
                t["citizen"],
                t["channel_label"],
                t["received_text"],
                t["department"],
                t["due_text"],
                t["status_label"],
                pending if t["pending"] else "",
            )
            for t in rows
        ),
    )
