"""Days for tests, chosen on the statutory calendar, never by adding days to today.

A test that books "tomorrow" or "the test day plus one" passes on a Tuesday and fails on a Friday,
the day before a holiday or on 31 December. Every test that needs a day asks here; CI runs the
date-sensitive tests under several fixed "todays" (``PORTAL_TEST_TODAY``, see tests/conftest.py)
so a test that still counts days by hand fails there, not on some Wednesday in production's CI.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from appointments.calendar import StatutoryCalendar

# Far enough for any test: a booking window is 30 days, the Spring Festival closes 9 in a row.
_HORIZON = dt.timedelta(days=60)


def _is_plain_workday(calendar: StatutoryCalendar, day: dt.date) -> bool:
    """A Monday-to-Friday working day: test notaries work Monday to Friday only, so an adjusted
    working Saturday (open by the calendar) may have no hours for them."""
    return calendar.is_working_day(day) and day.weekday() < 5


def working_day_after(day: dt.date, n: int = 1) -> dt.date:
    """The n-th Monday-to-Friday working day after `day` (holidays and weekends skipped)."""
    calendar = StatutoryCalendar.for_range(start=day, end=day + _HORIZON)
    found = 0
    while found < n:
        day += dt.timedelta(days=1)
        if _is_plain_workday(calendar, day):
            found += 1
    return day


def working_day_before(day: dt.date, n: int = 1) -> dt.date:
    """The n-th Monday-to-Friday working day before `day`."""
    calendar = StatutoryCalendar.for_range(start=day - _HORIZON, end=day)
    found = 0
    while found < n:
        day -= dt.timedelta(days=1)
        if _is_plain_workday(calendar, day):
            found += 1
    return day


def next_plain_workday(after_days: int = 2) -> dt.date:
    """The first Monday-to-Friday working day at least `after_days` after today: far enough that
    the booking notice (2 hours) and the green channel's release (the day before) never bite."""
    today = timezone.localdate()
    calendar = StatutoryCalendar.for_range(start=today, end=today + _HORIZON)
    day = today + dt.timedelta(days=after_days)
    while not _is_plain_workday(calendar, day):
        day += dt.timedelta(days=1)
    return day


def at_the_counter(appointment, *, minutes_before: int = 10):
    """Travel to the moment the resident arrives for `appointment` (a few minutes before it
    starts, on its day): check-in is possible only then. Use as a context manager."""
    import time_machine

    return time_machine.travel(
        appointment.starts_at - dt.timedelta(minutes=minutes_before), tick=True
    )


def check_in(appointment, *, by):
    """Check the resident in at the counter on the visit's day, through the real service."""
    from appointments.services import appointment_check_in

    with at_the_counter(appointment):
        return appointment_check_in(appointment=appointment, by=by)
