"""The dashboard's figures are kept a few minutes, shared by every worker; the page
says when they were counted and counts again on request."""

import pytest

from fazhi.core import snapshots
from fazhi.core.models import Snapshot
from fazhi.plans.models import Task

pytestmark = pytest.mark.django_db


def test_a_value_is_kept_until_it_is_too_old_or_fresh_is_asked(settings):
    settings.FAZHI_DASHBOARD_MAX_AGE = 300
    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    first, at = snapshots.cached("k", compute)
    again, at2 = snapshots.cached("k", compute)
    assert first == again == {"n": 1} and at == at2 and len(calls) == 1
    fresh, _at = snapshots.cached("k", compute, fresh=True)
    assert fresh == {"n": 2}
    settings.FAZHI_DASHBOARD_MAX_AGE = 0
    assert snapshots.cached("k", compute)[0] == {"n": 3}
    assert Snapshot.objects.count() == 1
    Snapshot.objects.update(data=b"not a pickle")
    settings.FAZHI_DASHBOARD_MAX_AGE = 300
    assert snapshots.cached("k", compute)[0] == {"n": 4}  # damaged: counted again


def test_the_dashboard_shows_when_it_counted_and_counts_again(
    settings, officer, as_user, plan, task_a
):
    settings.FAZHI_DASHBOARD_MAX_AGE = 300
    client = as_user(officer)
    year = plan.year
    page = client.get(f"/reports/dashboard/?year={year}")
    assert page.status_code == 200 and b'id="counted-at"' in page.content
    total = page.context["sections"][0].figures[0].value
    Task.objects.filter(plan__year=year).first().delete()
    kept = client.get(f"/reports/dashboard/?year={year}")
    assert kept.context["sections"][0].figures[0].value == total
    fresh = client.get(f"/reports/dashboard/?year={year}&fresh=1")
    assert fresh.context["sections"][0].figures[0].value == total - 1
