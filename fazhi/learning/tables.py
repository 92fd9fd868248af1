"""Long tables of the study pages as HTML built in Python: the rules check's people
behind on hours, a person's sessions of the year.

An office of 200 has up to 200 rows; through the template engine (a {% url %} and four
lookups a row) they cost more than every query of the page together
(bench/README.md). Every text value is escaped.
"""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .queries import Compliance

_ROW = (
    '<tr><td><a href="{}{}/?year={}">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>'
)


def behind_rows_html(c: Compliance) -> SafeString:
    # Links are f"{prefix}{pk}/", as learning:person. Built with str.format and every
    # text escaped here: format_html's per-argument checks were half the page's time.
    prefix = escape(reverse("learning:person", args=[0]).removesuffix("0/"))
    year = c.day.year
    return mark_safe(  # noqa: S308 (each text value is escaped above and below)
        "\n".join(
            _ROW.format(
                prefix,
                int(p.person.pk),
                year,
                escape(str(p.person)),
                escape(p.person.department),
                p.hours,
                p.expected,
            )
            for p in c.behind
        )
    )


_SESSION_ROW = (
    '<tr><td>{}</td><td><a href="{}{}/">{}</a></td><td>{}</td><td>{}</td></tr>'
)


def person_rows_html(rows) -> SafeString:
    """A person's sessions of the year (Attendance rows with their session)."""
    present = _("present")
    absent = format_html('<span class="text-danger">{}</span>', _("absent"))
    prefix = reverse("learning:session_detail", args=[0]).removesuffix("0/")
    return format_html_join(
        "\n",
        _SESSION_ROW,
        (
            (
                a.session.date.isoformat(),
                prefix,
                a.session.pk,
                a.session.title,
                a.session.hours,
                present
                if a.attended
                else format_html("{}: {}", absent, a.absence_reason),
            )
            for a in rows
        ),
    )
