"""The demo office's tickets: the KPI page's figures agree with a hand count, ticket by
ticket; the 天津南站 cluster is there; the current month has live deadlines."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from fazhi.hotline import kpi
from fazhi.hotline.deadlines import reply_due
from fazhi.hotline.models import Category, Ticket
from fazhi.hotline.tests.counting import hand_count

pytestmark = pytest.mark.django_db
T = Ticket


@pytest.fixture
def demo(settings, tmp_path):
    settings.FAZHI_HOTLINE_MODEL_PATH = tmp_path / "model.joblib"
    call_command("demo", stdout=io.StringIO())


def test_the_2021_kpis_agree_with_a_hand_count(demo):
    now = timezone.now()
    report = kpi.compute(2021, now=now)
    tickets = list(Ticket.objects.filter(received_at__year=2021))
    assert len(tickets) == report.total.received == 24
    # By hand, one ticket at a time, the way a clerk counts the ledger.
    signed_in_time = sum(
        1 for t in tickets if t.signed_at and t.signed_at <= t.sign_due_at
    )
    first_replies = {t.pk: t.replies.order_by("at").first() for t in tickets}
    # The first round's limit: 5 working days from receipt (no extension in 2021).
    limit = {t.pk: reply_due(t.received_at, 5, urgent=False).at for t in tickets}
    replied_in_time = sum(1 for t in tickets if first_replies[t.pk].at <= limit[t.pk])
    called_back = [t for t in tickets if t.callbacks.exists()]
    last = {t.pk: t.callbacks.order_by("at").last() for t in called_back}
    solved = sum(1 for t in called_back if last[t.pk].solved)
    satisfied = sum(
        1 for t in called_back if last[t.pk].satisfaction in ("satisfied", "basic")
    )
    reopened = sum(
        1
        for t in called_back
        if t.callbacks.filter(satisfaction="unsatisfied").exists()
    )
    assert report.total.signed_in_time == signed_in_time == 24
    assert report.total.replied_in_time == replied_in_time == 22  # two were late
    assert report.total.called_back == len(called_back) == 24
    assert (
        report.total.solved == solved == 20
    )  # the four "basically satisfied" were not
    assert report.total.satisfied == satisfied == 24
    assert report.total.reopened == reopened == 2
    assert report.total.satisfaction_rate == 100.0 and report.total.on_time_rate == 91.7
    by_hand = hand_count(tickets, now)
    for name in kpi.COUNTS:
        assert getattr(report.total, name) == getattr(by_hand, name), name
    # Each department's figures add up to the total.
    for name in kpi.COUNTS:
        assert sum(getattr(f, name) for f in report.by_department) == getattr(
            report.total, name
        )


def test_the_demo_has_the_south_station_cluster_and_a_live_month(demo):
    south = Ticket.objects.filter(received_at__year=2021, title__contains="南站")
    assert south.count() >= 15
    assert south.filter(category__code="roads").count() >= 7
    live = Ticket.objects.filter(received_at__year=timezone.localdate().year)
    assert set(live.values_list("status", flat=True)) >= {
        T.Status.NEW,
        T.Status.ASSIGNED,
        T.Status.HANDLING,
        T.Status.REPLIED,
    }
    assert live.filter(
        status=T.Status.HANDLING, reply_due_at__lt=timezone.now()
    ).exists()
    assert live.exclude(pending="").exists()
    assert Category.objects.filter(parent__isnull=True).count() >= 5
    client = Client()
    client.login(username="fazhi", password="Fazhi@2021")
    page = client.get("/hotline/kpi/?year=2021").content.decode()
    assert "91.7%" in page and "规划建设科" in page
