"""The availability cache is never stale: after every kind of write that changes free times, the
very next answer (served from the cache a moment before) shows the change."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from appointments import availability_cache
from appointments.availability import (
    compute_availability,
    from_minute,
    office_next_slots,
    office_summaries,
    to_minute_ceil,
)
from appointments.models import (
    Appointment,
    Block,
    CalendarDay,
    Leave,
    OfficeClosure,
    WorkingPeriod,
)
from appointments.picker import time_picker
from appointments.services import appointment_book, appointment_cancel, appointment_reschedule
from notaries.models import Notary
from tests.appointments.conftest import at, make_resident
from workspace.services import working_periods_replace

pytestmark = pytest.mark.django_db


# Every test below reads its answers three ways: the engine's per-day answer, the office's
# summary over several days (the office page, the office step; kept under the office's versions)
# and the wizard's time step (the day list's count from the summary, the times from the day's
# answer). Each must show every write at once.
READERS = ("day answer", "office summary", "wizard")
_reader = {"name": READERS[0]}


@pytest.fixture(autouse=True, params=READERS)
def reader(request):
    _reader["name"] = request.param
    yield request.param
    _reader["name"] = READERS[0]


def _hhmm(minutes: list[int]) -> list[str]:
    return [from_minute(m).strftime("%H:%M") for m in minutes]


def times(bookable) -> list[str]:
    office, matter, day = bookable.office, bookable.matter, bookable.day
    if _reader["name"] == "office summary":
        now = timezone.now()
        today = timezone.localdate(now)
        office.refresh_from_db()  # the office's rules as they are now
        dates = [today + dt.timedelta(days=n) for n in range((day - today).days + 3)]
        allowed = [d for d in dates if d <= today + dt.timedelta(days=office.booking_window_days)]
        starts = office_summaries(
            offices={office.pk: office}, matters=[matter], dates={office.pk: allowed}, today=today
        )[office.pk][matter.pk]
        earliest = to_minute_ceil(now) + office.min_notice_minutes
        return _hhmm(
            [s for s in starts if s >= earliest and timezone.localdate(from_minute(s)) == day]
        )
    if _reader["name"] == "wizard":
        office.refresh_from_db()
        matter.refresh_from_db()
        picker = time_picker(matter=matter, office=office, requested_date=day.isoformat())
        shown = (
            [s.starts_at.strftime("%H:%M") for s in picker.slots] if picker.chosen == day else []
        )
        marks = {choice.date: choice.free for choice in picker.day_choices}
        assert marks.get(day, 0) == len(shown)  # the day's mark counts the times it shows
        return shown
    answer = compute_availability(matter=matter, start_date=day, days=1)
    return [s.starts_at.strftime("%H:%M") for s in answer.slots(office_id=office.pk, date=day)]


def warm(bookable) -> list[str]:
    """The answer, then the same answer from the cache (fewer queries: the cache is used)."""
    with CaptureQueriesContext(connection) as computed:
        first = times(bookable)
    with CaptureQueriesContext(connection) as cached:
        second = times(bookable)
    assert second == first
    assert len(cached.captured_queries) < len(computed.captured_queries)
    return first


def book(bookable, hour, minute=0, email="cache@example.com"):
    return appointment_book(
        resident=make_resident(email=email),
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, hour, minute),
    )


def test_a_booking_takes_its_time_out_of_the_cached_answer(bookable):
    assert "10:00" in warm(bookable)
    book(bookable, 10)
    assert "10:00" not in times(bookable)


def test_a_cancellation_gives_the_time_back(bookable):
    appointment = book(bookable, 10)
    assert "10:00" not in warm(bookable)
    appointment_cancel(appointment=appointment, actor=appointment.resident)
    assert "10:00" in times(bookable)


def test_a_move_frees_the_old_time_and_takes_the_new_one(bookable):
    appointment = book(bookable, 10)
    before = warm(bookable)
    assert "10:00" not in before and "14:00" in before
    appointment_reschedule(
        appointment=appointment, starts_at=at(bookable.day, 14), actor=appointment.resident
    )
    after = times(bookable)
    assert "10:00" in after and "14:00" not in after


def test_a_move_to_another_day_frees_this_day(bookable):
    from tests.dates import working_day_after

    appointment = book(bookable, 10)
    assert "10:00" not in warm(bookable)
    appointment_reschedule(
        appointment=appointment,
        starts_at=at(working_day_after(bookable.day), 10),
        actor=appointment.resident,
    )
    assert "10:00" in times(bookable)


@pytest.mark.parametrize("status", [Appointment.Status.NO_SHOW, Appointment.Status.COMPLETED])
def test_a_status_that_frees_the_time_shows_at_once(bookable, status):
    appointment = book(bookable, 10)
    assert "10:00" not in warm(bookable)
    # The status written as the lifecycle services write it: a save of the row.
    appointment.status = status
    appointment.save(update_fields=["status"])
    assert "10:00" in times(bookable)


def test_leave_empties_the_day_and_withdrawing_it_fills_it(bookable):
    assert warm(bookable)
    leave = Leave.objects.create(
        notary=bookable.notary, starts_on=bookable.day, ends_on=bookable.day
    )
    assert times(bookable) == []
    leave.delete()
    assert times(bookable)


def test_a_block_takes_its_times(bookable):
    assert "10:00" in warm(bookable)
    block = Block.objects.create(
        notary=bookable.notary, starts_at=at(bookable.day, 10), ends_at=at(bookable.day, 11)
    )
    assert "10:00" not in times(bookable) and "10:30" not in times(bookable)
    block.delete()
    assert "10:00" in times(bookable)


def test_a_closure_closes_the_day(bookable):
    assert warm(bookable)
    OfficeClosure.objects.create(office=bookable.office, date=bookable.day)
    assert times(bookable) == []


def test_new_weekly_hours_show_at_once(bookable, django_user_model):
    assert warm(bookable)[0] == "09:00"
    staff = django_user_model.objects.create_user(username="hours", email="hours@example.com")
    weekday = bookable.day.weekday()
    working_periods_replace(
        notary=bookable.notary,
        periods=[(day, dt.time(14), dt.time(16)) for day in range(5)],
        by=staff,
    )
    assert WorkingPeriod.objects.filter(notary=bookable.notary, weekday=weekday).count() == 1
    assert times(bookable) == ["14:00", "14:30", "15:00", "15:30"]


def test_a_calendar_override_makes_a_workday_a_holiday(bookable):
    assert warm(bookable)
    CalendarDay.objects.create(date=bookable.day, is_working_day=False, name_en="Extra holiday")
    assert times(bookable) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("buffer_minutes", 30), ("min_notice_minutes", None), ("booking_window_days", 1)],
)
def test_booking_rules_apply_at_once(bookable, field, value):
    from django.utils import timezone

    book(bookable, 10)
    before = warm(bookable)
    if field == "min_notice_minutes":  # up to noon of the day: its morning is too soon now
        noon = (at(bookable.day, 12) - timezone.now()).total_seconds() // 60
        if noon > 10080:  # the day is further than any notice reaches: use the window
            field, value = "booking_window_days", 1
        else:
            value = int(noon)
    setattr(bookable.office, field, value)
    bookable.office.save()
    after = times(bookable)
    if field == "buffer_minutes":  # the times next to the booking are no longer free
        assert "09:30" in before and "09:30" not in after and "10:30" not in after
    elif field == "min_notice_minutes":
        assert after == [t for t in before if t >= "12:00"] and after != before
    else:  # the day is beyond the window now
        assert before and after == []


def test_the_green_channel_share_applies_at_once(bookable):
    before = warm(bookable)
    bookable.office.green_channel_percent = 50
    bookable.office.save()
    after = times(bookable)
    assert len(after) < len(before)


def test_a_notary_off_duty_has_no_times(bookable):
    assert warm(bookable)
    bookable.notary.status = Notary.Status.SUSPENDED
    bookable.notary.save()
    assert times(bookable) == []


def test_a_notary_who_stops_handling_the_matter_has_no_times(bookable):
    assert warm(bookable)
    bookable.notary.matters.remove(bookable.matter)
    assert times(bookable) == []


def test_a_longer_matter_needs_longer_gaps(bookable):
    assert "11:30" in warm(bookable)
    bookable.matter.appointment_minutes = 60
    bookable.matter.save()
    assert "11:30" not in times(bookable) and "11:00" in times(bookable)


def test_the_office_page_next_time_follows_a_booking(bookable):
    def next_time():
        slot = office_next_slots(office=bookable.office, matters=[bookable.matter], days=30)[
            bookable.matter.pk
        ]
        return slot.starts_at

    first = next_time()
    assert next_time() == first
    appointment_book(
        resident=make_resident(email="first@example.com"),
        matter=bookable.matter,
        office=bookable.office,
        starts_at=first,
    )
    assert next_time() > first


def test_with_the_cache_unreachable_answers_are_computed(bookable):
    expected = warm(bookable)
    broken = mock.Mock()
    broken.get_many.side_effect = ConnectionError("redis is down")
    broken.set_many.side_effect = ConnectionError("redis is down")
    with mock.patch.object(availability_cache, "_cache", return_value=broken):
        assert times(bookable) == expected
        book(bookable, 10)  # the bump fails, logged; the booking stands
        assert "10:00" not in times(bookable)
    assert Appointment.objects.filter(starts_at=at(bookable.day, 10)).exists()
    # The cache is back, holding the answer from before the booking under unchanged versions:
    # this process does not trust it until that answer has expired.
    assert "10:00" not in times(bookable)
    availability_cache._distrust_until = 0.0
