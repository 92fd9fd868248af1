"""The register's rows as HTML built in Python: 50 rows through the template engine cost
more than the page's queries (bench/README.md). Every text value is escaped."""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_ROW = (
    '<tr><td><a href="{}{}/">{}</a>{}</td><td>{}</td><td>{}</td>'
    '<td class="text-end">{}</td><td>{}</td></tr>'
)


def matter_rows_html(matters) -> SafeString:
    prefix = escape(reverse("decisions:matter_detail", args=[0]).removesuffix("0/"))
    badge = (
        ' <span class="badge text-bg-info">'
        + escape(_("major administrative decision"))
        + "</span>"
    )
    return mark_safe(  # noqa: S308 (every text value is escaped here)
        "\n".join(
            _ROW.format(
                prefix,
                int(m.pk),
                escape(m.title),
                badge if m.major_decision else "",
                escape(str(m.get_category_display())),
                escape(str(m.department)),
                "" if m.amount is None else escape(f"{m.amount:,.2f}"),
                escape(str(m.get_status_display())),
            )
            for m in matters
        )
    )


_STAGE_ROW = '<tr><td>{}</td><td>{}</td><td class="small">{}</td></tr>'


def stage_rows_html(stages) -> SafeString:
    """The 13 stages of a major decision: done, not needed, or open; and what came of it."""
    # Outside f-strings, where makemessages finds them.
    not_needed = '<span class="text-muted">' + escape(_("not needed")) + "</span>"
    rows = []
    for s in stages:
        if s.completed_on:
            done = s.completed_on.isoformat()
        elif not s.required:
            done = not_needed
        else:
            done = "—"
        result = escape(s.outcome)
        if not s.required:
            result += f'<span class="text-muted">{escape(s.skipped_reason)}</span>'
        if s.comment_opens:
            closes = s.comment_closes.isoformat() if s.comment_closes else ""
            result += "<br>" + escape(
                _("public comment %(a)s – %(b)s")
                % {"a": s.comment_opens.isoformat(), "b": closes}
            )
        rows.append(_STAGE_ROW.format(escape(str(s.get_code_display())), done, result))
    return mark_safe("\n".join(rows))  # noqa: S308 (every text value is escaped here)
