import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appointments.availability import compute_availability, earliest_slots
from appointments.models import Block, CalendarDay, Leave, OfficeClosure
from appointments.services import appointment_book
from notaries.models import Notary
from tests.appointments.conftest import at, give_week, make_bookable, make_resident
from tests.factories import NotaryFactory, OfficeFactory

pytestmark = pytest.mark.django_db


def times(availability, office, day):
    return [
        s.starts_at.strftime("%H:%M") for s in availability.slots(office_id=office.pk, date=day)
    ]


def day_slots(bookable, day=None, **kwargs):
    day = day or bookable.day
    return compute_availability(matter=bookable.matter, start_date=day, days=1, **kwargs)


def test_slots_follow_working_hours_and_skip_the_lunch_break(bookable):
    found = times(day_slots(bookable), bookable.office, bookable.day)
    assert found[0] == "09:00" and found[-1] == "16:30"
    assert "11:30" in found and "12:00" not in found and "13:00" not in found
    assert "13:30" in found


def test_longer_matters_need_the_whole_length_inside_a_period(db):
    bookable = make_bookable(minutes=60)
    found = times(day_slots(bookable), bookable.office, bookable.day)
    assert "11:00" in found and "11:30" not in found
    assert found[-1] == "16:00"


def test_a_booking_takes_its_time_out_of_the_answer(bookable):
    resident = make_resident(email="x@example.com")
    appointment_book(
        resident=resident,
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 10),
    )
    found = times(day_slots(bookable), bookable.office, bookable.day)
    assert "10:00" not in found and "09:30" in found and "10:30" in found


def test_free_notaries_are_counted_per_slot(bookable_two):
    resident = make_resident(email="y@example.com")
    appointment_book(
        resident=resident,
        matter=bookable_two.matter,
        office=bookable_two.office,
        starts_at=at(bookable_two.day, 10),
    )
    slots = {
        s.starts_at: s
        for s in day_slots(bookable_two).slots(
            office_id=bookable_two.office.pk, date=bookable_two.day
        )
    }
    assert slots[at(bookable_two.day, 10)].free_notaries == 1
    assert slots[at(bookable_two.day, 11)].free_notaries == 2


def test_leave_blocks_and_closures_remove_time(bookable_two):
    first, second = bookable_two.notaries
    Leave.objects.create(notary=first, starts_on=bookable_two.day, ends_on=bookable_two.day)
    Block.objects.create(
        notary=second, starts_at=at(bookable_two.day, 9), ends_at=at(bookable_two.day, 10)
    )
    found = times(day_slots(bookable_two), bookable_two.office, bookable_two.day)
    assert "09:00" not in found and "09:30" not in found and "10:00" in found
    OfficeClosure.objects.create(office=bookable_two.office, date=bookable_two.day)
    assert times(day_slots(bookable_two), bookable_two.office, bookable_two.day) == []


def test_only_on_duty_notaries_who_handle_the_matter_count(bookable_two):
    first, second = bookable_two.notaries
    first.status = Notary.Status.ON_LEAVE
    first.save()
    second.matters.clear()
    assert times(day_slots(bookable_two), bookable_two.office, bookable_two.day) == []


def test_statutory_holidays_are_closed_and_adjusted_weekends_open(bookable):
    bookable.office.booking_window_days = 180
    bookable.office.save()
    now = at(dt.date(2026, 9, 20), 6)  # an adjusted working Sunday of the National Day schedule
    national_day = compute_availability(
        matter=bookable.matter, start_date=dt.date(2026, 10, 1), days=1, now=now
    )
    assert times(national_day, bookable.office, dt.date(2026, 10, 1)) == []
    adjusted = compute_availability(
        matter=bookable.matter, start_date=dt.date(2026, 9, 20), days=1, now=now
    )
    assert times(adjusted, bookable.office, dt.date(2026, 9, 20))[0] == "09:00"
    ordinary_saturday = compute_availability(
        matter=bookable.matter, start_date=dt.date(2026, 9, 26), days=1, now=now
    )
    assert times(ordinary_saturday, bookable.office, dt.date(2026, 9, 26)) == []


def test_a_year_without_official_data_closes_its_holidays_but_not_every_day(bookable):
    bookable.office.booking_window_days = 180
    bookable.office.save()
    now = at(dt.date(2026, 12, 30), 6)
    result = compute_availability(
        matter=bookable.matter, start_date=dt.date(2027, 1, 1), days=5, now=now
    )
    assert times(result, bookable.office, dt.date(2027, 1, 1)) == []  # New Year's Day
    assert times(result, bookable.office, dt.date(2027, 1, 4))[0] == "09:00"  # a Monday
    CalendarDay.objects.create(date=dt.date(2027, 1, 4), is_working_day=False, name_en="Closed")
    result = compute_availability(
        matter=bookable.matter, start_date=dt.date(2027, 1, 4), days=1, now=now
    )
    assert times(result, bookable.office, dt.date(2027, 1, 4)) == []


def test_nothing_beyond_the_booking_window_or_before_the_minimum_notice(bookable):
    now = at(bookable.day, 9, 15)
    found = times(
        compute_availability(matter=bookable.matter, start_date=bookable.day, days=1, now=now),
        bookable.office,
        bookable.day,
    )
    assert found[0] == "11:30"  # 9:15 + 2 hours notice, on the half-hour grid
    far = bookable.day + dt.timedelta(days=bookable.office.booking_window_days + 7)
    assert compute_availability(matter=bookable.matter, start_date=far, days=3).all_slots() == []


def test_earliest_slots_across_the_city_come_soonest_first(bookable):
    other = OfficeFactory(
        slug="suburb", matters=[bookable.matter], district=bookable.office.district
    )
    notary = NotaryFactory(office=other, matters=[bookable.matter])
    give_week(notary, periods=((dt.time(8), dt.time(9)),))
    found = earliest_slots(matter=bookable.matter, now=at(bookable.day, 6))
    assert [s.office_id for s in found[:2]] == [other.pk, bookable.office.pk]
    assert found[0].starts_at == at(bookable.day, 8)


def _grow(bookable, factor):
    residents = [make_resident(email=f"grow{factor}-{i}@example.com") for i in range(3 * factor)]
    for i in range(5 * factor):
        office = OfficeFactory(matters=[bookable.matter], district=bookable.office.district)
        for _ in range(3):
            notary = NotaryFactory(office=office, matters=[bookable.matter])
            give_week(notary)
            Leave.objects.create(
                notary=notary,
                starts_on=bookable.day + dt.timedelta(days=1 + i % 3),
                ends_on=bookable.day + dt.timedelta(days=2 + i % 3),
            )
            Block.objects.create(
                notary=notary, starts_at=at(bookable.day, 14), ends_at=at(bookable.day, 15)
            )
    free_times = [(9, 0), (9, 30), (10, 0), (10, 30), (11, 0), (11, 30), (13, 30), (14, 0), (15, 0)]
    first = 0 if factor == 1 else 3
    for resident, (hour, minute) in zip(residents, free_times[first:], strict=False):
        appointment_book(
            resident=resident,
            matter=bookable.matter,
            office=bookable.office,
            starts_at=at(bookable.day, hour, minute),
        )


@pytest.mark.parametrize("days", [1, 14])
def test_the_cost_of_an_answer_does_not_grow_with_notaries_days_or_bookings(db, days):
    bookable = make_bookable(notaries=2)
    with CaptureQueriesContext(connection) as small:
        compute_availability(matter=bookable.matter, start_date=bookable.day, days=days)
    _grow(bookable, factor=1)
    _grow(bookable, factor=2)
    with CaptureQueriesContext(connection) as large:
        result = compute_availability(matter=bookable.matter, start_date=bookable.day, days=days)
    assert len(result.offices) > 10
    assert len(large.captured_queries) == len(small.captured_queries) <= 7
