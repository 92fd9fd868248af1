from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ labels|get_item:row.status }}`: look a key up in a dict."""
    return mapping.get(key, key)


@register.filter
def history_items(lines) -> SafeString:
    """The history card's entries as HTML built in Python (every value escaped): a
    record's page shows up to 20 entries of several changes each, and through the
    template engine they cost more than the page's queries (bench/README.md)."""
    out = []
    for line in lines:
        when = timezone.localtime(line.entry.created_at).strftime("%Y-%m-%d %H:%M")
        changes = "".join(
            f"<br>{escape(c.field)}：{escape(c.old)} → {escape(c.new)}"
            for c in line.changes
        )
        out.append(
            f'<li class="list-group-item"><span class="text-muted">{when}</span> '
            f"{escape(line.entry.actor_name)} · <strong>{escape(line.action)}</strong>"
            f"{changes}</li>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 (every value is escaped above)


@register.simple_tag
def options(choices, selected) -> SafeString:
    """`{% options pairs current %}`: a filter's <option>s from (value, label) pairs, the
    current one selected. A list's filter form has a few dozen options (a category tree
    more); looped in the template each costs several look-ups, built here almost none."""
    current = "" if selected is None else str(selected)
    return mark_safe(  # noqa: S308 (every value is escaped)
        "".join(
            f'<option value="{escape(str(value))}"'
            f"{' selected' if str(value) == current else ''}>{escape(str(label))}</option>"
            for value, label in choices
        )
    )
