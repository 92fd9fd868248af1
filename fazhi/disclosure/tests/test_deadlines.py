"""The reply deadline on real dates of the 2026 official calendar (春节, 国庆, a 调休
Saturday), with a correction and a consultation in the same case; a year without an
official calendar gives a provisional date, never an error."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from fazhi.disclosure import deadlines, fees, services
from fazhi.disclosure.models import Application
from fazhi.disclosure.tests.cases import register

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """The services' "today", so that the dates below stay in the past."""
    monkeypatch.setattr(services, "_today", lambda: D(2027, 6, 30))


def test_national_day_skips_the_holiday_and_counts_the_make_up_saturday(officer):
    app = register(officer, D(2026, 9, 28))
    deadline = deadlines.compute(app)
    assert deadline.due == D(2026, 10, 30) and not deadline.provisional
    assert app.due_on == D(2026, 10, 30)
    text = " ".join(deadline.steps)
    assert "国庆节 10-01…10-07" in text and "make-up working day 10-10" in text
    assert "2026-09-28 → 20 working days, counted from the next working day" in text


def test_spring_festival(officer):
    # Friday 13 February; the holiday runs 15–23 February, Saturdays 14 and 28 are worked.
    app = register(officer, D(2026, 2, 13))
    deadline = deadlines.compute(app)
    assert deadline.due == D(2026, 3, 19)
    text = " ".join(deadline.steps)
    assert "春节 02-15…02-23" in text and "02-14、02-28" in text


def test_received_on_a_make_up_saturday_under_either_convention(officer):
    app = register(officer, D(2026, 10, 10))
    assert app.due_on == D(2026, 11, 6)
    with override_settings(FAZHI_DISCLOSURE_COUNT_FROM="same_day"):
        assert deadlines.compute(app).due == D(2026, 11, 5)
        # A day off is never day 1, whatever the convention.
        sunday = register(officer, D(2026, 10, 11))
        assert sunday.due_on == D(2026, 11, 6)


def test_a_correction_restarts_the_clock_and_a_consultation_pauses_it(officer, leader):
    app = register(officer, D(2026, 9, 28))
    with pytest.raises(ValidationError, match="within 7 working days.*2026-10-13"):
        services.do_request_correction(
            app, actor=officer, requested_on=D(2026, 10, 14), items="请写明文号"
        )
    app = services.do_request_correction(
        app, actor=officer, requested_on=D(2026, 9, 30), items="请写明文件名称或文号"
    )
    assert app.due_on is None and app.correction_due == D(2026, 10, 27)
    with pytest.raises(ValidationError, match="once"):
        services.do_request_correction(
            app, actor=officer, requested_on=D(2026, 9, 30), items="再补"
        )
    app = services.do_record_correction(
        app, actor=officer, corrected_on=D(2026, 10, 15)
    )
    assert app.due_on == D(2026, 11, 12)  # 20 working days from the corrected one
    app = services.do_accept(app, actor=officer)
    consultation = services.do_consult(
        app,
        actor=officer,
        kind="third_party",
        party="某科技有限公司",
        sent_on=D(2026, 10, 20),
    )
    services.do_record_answer(
        consultation,
        actor=officer,
        replied_on=D(2026, 10, 29),
        agrees=False,
        opinion="涉及商业秘密",
    )
    app.refresh_from_db()
    deadline = deadlines.compute(app)
    # 10-21 … 10-29 is 7 working days that do not count: 27 from 10-15.
    assert deadline.due == app.due_on == D(2026, 11, 23)
    assert "+7 working days consulting 2026-10-20…2026-10-29" in " ".join(
        deadline.steps
    )
    app = services.do_extend(
        app,
        actor=leader,
        days=10,
        reason="涉及多个科室，需调取档案",
        approved_on=D(2026, 11, 20),
        notice_on=D(2026, 11, 20),
    )
    assert app.due_on == D(2026, 12, 7)


def test_a_consultation_unanswered_pauses_at_most_fifteen_working_days(officer):
    app = register(officer, D(2026, 9, 1))
    services.do_accept(app, actor=officer)
    services.do_consult(
        app, actor=officer, kind="co_producer", party="区财政局", sent_on=D(2026, 9, 2)
    )
    app.refresh_from_db()
    # Silence counts as consent after 15 working days (art. 34), Sunday 09-20 worked.
    deadline = deadlines.compute(app, today=D(2026, 11, 28))
    assert "+15 working days consulting 2026-09-02…2026-09-22" in " ".join(
        deadline.steps
    )
    assert not deadline.paused


def test_a_year_without_an_official_calendar_is_provisional_not_an_error(officer):
    app = register(officer, D(2026, 12, 21))
    deadline = deadlines.compute(app)
    assert deadline.due.year == 2027 and deadline.provisional and app.due_provisional
    assert "Provisional" in deadline.steps[-1]
    far = Application(
        received_on=D(2031, 3, 3), submitted_on=D(2031, 3, 3), channel="fax"
    )
    assert deadlines.compute(far, consultations=[]).due == D(2031, 3, 31)


def test_letters_and_online_applications_wait_for_the_confirmation(officer):
    app = register(officer, D(2026, 11, 2), channel="online")
    assert app.received_on is None and app.due_on is None
    assert "both sides confirm" in deadlines.compute(app).steps[0]
    with pytest.raises(ValidationError, match="before the application arrived"):
        services.do_confirm_receipt(app, actor=officer, confirmed_on=D(2026, 11, 1))
    app = services.do_confirm_receipt(app, actor=officer, confirmed_on=D(2026, 11, 3))
    assert app.received_on == D(2026, 11, 3) and app.due_on == D(2026, 12, 1)


def test_the_fee_is_progressive_per_applicant_per_month():
    assert fees.fee("item", 3, earlier=9) == 200  # the 10th free, 11th and 12th 100
    assert fees.fee("item", 1, earlier=30) == 200
    assert fees.fee("item", 1, earlier=40) == 300
    assert fees.fee("page", 150) == 30 * 0 + 70 * 10 + 50 * 20
    assert fees.fee("page", 10, earlier=195) == 5 * 20 + 5 * 40
    assert fees.fee("item", 10) == 0
