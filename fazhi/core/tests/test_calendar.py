"""Working-day arithmetic on the official calendar: pure-function tests on many dates."""

import datetime as dt
import random

import pytest

from fazhi.core.calendar import (
    add_working_days,
    day_info,
    is_working_day,
    working_days_between,
)
from fazhi.core.models import CalendarOverride, HolidayNotice

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # 2026 Spring Festival: 2-15..2-23 off; Saturdays 2-14 and 2-28 are make-up days.
        (D(2026, 2, 13), True),
        (D(2026, 2, 14), True),
        (D(2026, 2, 15), False),
        (D(2026, 2, 17), False),
        (D(2026, 2, 23), False),
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),
        (D(2026, 3, 1), False),
        # 2026 National Day: 10-1..10-7 off; Sunday 9-20 and Saturday 10-10 work.
        (D(2026, 9, 20), True),
        (D(2026, 10, 1), False),
        (D(2026, 10, 7), False),
        (D(2026, 10, 8), True),
        (D(2026, 10, 10), True),
        (D(2026, 10, 11), False),
        # Ordinary days and 2021, the reference year.
        (D(2026, 11, 27), True),
        (D(2026, 11, 28), False),
        (D(2021, 10, 9), True),  # 2021 National Day make-up Saturday
        (D(2021, 10, 1), False),
        (D(2021, 2, 7), True),  # 2021 Spring Festival make-up Sunday
    ],
)
def test_it_knows_holidays_and_make_up_days(day, working):
    assert is_working_day(day) is working
    assert day_info(day).provisional is False


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # Friday → make-up Saturday
        (D(2026, 2, 14), 1, D(2026, 2, 24)),  # across the Spring Festival
        (D(2026, 2, 12), 3, D(2026, 2, 24)),
        (D(2026, 9, 30), 1, D(2026, 10, 8)),  # across National Day
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # the make-up Saturday counts
        (D(2026, 9, 18), 1, D(2026, 9, 20)),  # Friday → make-up Sunday
        (D(2026, 11, 27), 1, D(2026, 11, 30)),  # plain weekend
        (D(2026, 11, 28), 0, D(2026, 11, 28)),
        (D(2026, 10, 8), -1, D(2026, 9, 30)),  # backwards over the holiday
        (D(2026, 11, 2), 20, D(2026, 11, 30)),  # a 政府信息公开 20-working-day limit
    ],
)
def test_it_adds_working_days(start, n, expected):
    result = add_working_days(start, n)
    assert result == expected
    assert result.provisional is False


def test_it_counts_working_days_between():
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert working_days_between(D(2026, 10, 10), D(2026, 9, 30)) == -3
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 28)) == 6  # 2-14, 24–28
    assert working_days_between(D(2026, 1, 1), D(2026, 1, 1)) == 0


def test_between_is_the_inverse_of_add_on_many_dates():
    rng = random.Random(2026)
    for _ in range(300):
        start = D(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 8 * 365))
        n = rng.randrange(0, 60)
        due = add_working_days(start, n)
        assert working_days_between(start, due) == n, (start, n, due)
        assert n == 0 or is_working_day(due)


def test_a_year_without_official_data_counts_weekends_and_says_provisional():
    due = add_working_days(D(2026, 12, 30), 5)
    # 12-31 (Thu), then 2027: 1-1 (Fri) counts on the weekend rule; 1-4, 1-5, 1-6.
    assert due == D(2027, 1, 6)
    assert due.provisional is True
    assert working_days_between(D(2026, 12, 30), due).provisional is True
    assert day_info(D(2027, 5, 3)).provisional is True
    assert is_working_day(D(2027, 1, 2)) is False
    # A date well inside the known year is exact.
    assert add_working_days(D(2026, 6, 1), 5).provisional is False


def test_admin_overrides_and_an_entered_notice_make_next_year_exact():
    notice = HolidayNotice.objects.create(
        year=2027, title="国务院办公厅关于2027年部分节假日安排的通知"
    )
    CalendarOverride.objects.create(
        date=D(2027, 1, 1), is_working_day=False, name="元旦", notice=notice
    )
    due = add_working_days(D(2026, 12, 30), 5)
    assert due == D(2027, 1, 7)  # 1-1 is now a holiday
    assert due.provisional is False
    assert day_info(D(2027, 1, 1)).name == "元旦"


def test_an_override_beats_the_package():
    CalendarOverride.objects.create(
        date=D(2026, 11, 30), is_working_day=False, name="停工"
    )
    assert add_working_days(D(2026, 11, 27), 1) == D(2026, 12, 1)


@pytest.mark.parametrize("year", [1900, 1999, 2003, 2030, 2099, 9998])
def test_it_never_raises_for_a_valid_date(year):
    start = D(year, 6, 15)
    assert add_working_days(start, 10).provisional is True
    assert working_days_between(start, start + dt.timedelta(days=40)) > 0
    assert is_working_day(start) in (True, False)


def test_it_answers_at_the_ends_of_the_calendar():
    assert add_working_days(D(9999, 12, 30), 5) == D(9999, 12, 31)
    assert add_working_days(D(9999, 12, 30), 5).provisional is True
    assert add_working_days(D(1, 1, 2), -5) == D(1, 1, 1)


def test_it_accepts_a_datetime():
    assert add_working_days(dt.datetime(2026, 9, 30, 15, 0), 1) == D(2026, 10, 8)


def test_the_counter_agrees_with_working_days_between_over_national_day():
    from fazhi.core.calendar import WorkingDayCounter, working_days_between

    first, last = dt.date(2026, 9, 1), dt.date(2026, 10, 31)
    counter = WorkingDayCounter(first, last)
    days = [first + dt.timedelta(days=n) for n in range(0, 61, 3)]
    for a in days:
        for b in days:
            assert counter.between(a, b) == int(working_days_between(a, b)), (a, b)
    assert counter.between(dt.date(2026, 9, 28), dt.date(2026, 10, 13)) == 7
