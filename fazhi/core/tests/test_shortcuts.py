"""The shortcuts a long list takes instead of the template engine's slower paths: they
must give exactly what the slow path gives."""

from django.template import Context, Template
from django.urls import reverse

from fazhi.core.navigation import detail_link


def test_a_detail_link_is_what_reverse_gives_for_every_pk():
    link = detail_link("hotline:ticket_detail")
    for pk in (1, 9, 10, 987654321, 123456789012):
        assert link(pk) == reverse("hotline:ticket_detail", args=[pk])
    assert detail_link("hotline:ticket_detail") is link  # reversed once per process


def test_options_are_escaped_and_the_current_one_selected():
    html = Template("{% load fazhi %}{% options pairs current %}").render(
        Context({"pairs": [(1, "规划<建设>科"), (2, 'a"b'), ("", "—")], "current": 2})
    )
    assert html == (
        '<option value="1">规划&lt;建设&gt;科</option>'
        '<option value="2" selected>a&quot;b</option>'
        '<option value="">—</option>'
    )
    none = Template("{% load fazhi %}{% options pairs current %}").render(
        Context({"pairs": [(1, "x")], "current": None})
    )
    assert none == '<option value="1">x</option>'
