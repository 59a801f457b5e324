"""The integer availability engine (and its cache) gives exactly the answers of the engine it
replaced (tests/property/reference_availability.py), on randomized schedules: weekly periods,
leave, blocks, closures, buffers, adjusted working weekends and extra holidays, the green-channel
share, notice and booking windows, notaries off duty or not handling the matter, and existing
bookings in every status."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appointments.availability import (
    compute_availability,
    earliest_free_times,
    free_counts,
    office_day_slots,
    office_next_slots,
)
from appointments.models import (
    Appointment,
    Block,
    CalendarDay,
    Leave,
    OfficeClosure,
    WorkingPeriod,
)
from notaries.models import Office
from tests.appointments.conftest import make_resident
from tests.factories import MatterFactory, NotaryFactory, OfficeFactory

from .reference_availability import compute_reference

pytestmark = pytest.mark.django_db

TZ = timezone.get_default_timezone()
_serial = itertools.count()

period = st.tuples(
    st.integers(7 * 60, 11 * 60).map(lambda m: m - m % 15),  # starts on a quarter hour
    st.integers(60, 360),  # lasts
    st.integers(0, 120),  # then a break before a second period
    st.integers(0, 240),  # the second period (0: none)
)
notary_spec = st.fixed_dictionaries(
    {
        "weekdays": st.sets(st.integers(0, 6), min_size=3, max_size=7),
        "period": period,
        "status": st.sampled_from(["on_duty"] * 5 + ["on_leave", "suspended"]),
        "handles": st.sampled_from([True, True, True, False]),
        "leave": st.lists(st.tuples(st.integers(-2, 10), st.integers(0, 3)), max_size=2),
        "blocks": st.lists(
            st.tuples(
                st.integers(0, 9),
                st.integers(7 * 60, 17 * 60),
                st.integers(1, 180),
                st.integers(0, 59),  # seconds on the block's end
            ),
            max_size=3,
        ),
        "bookings": st.lists(
            st.tuples(
                st.integers(-1, 9),
                st.integers(7 * 60, 17 * 60).map(lambda m: m - m % 5),
                st.sampled_from([20, 30, 45, 60, 90]),
                st.sampled_from(["booked"] * 4 + ["checked_in", "cancelled", "completed"]),
            ),
            max_size=6,
        ),
    }
)
office_spec = st.fixed_dictionaries(
    {
        "buffer": st.sampled_from([0, 0, 5, 10, 15, 30, 120]),
        "green": st.sampled_from([0, 0, 10, 20, 25, 33, 50]),
        "notice": st.sampled_from([0, 0, 15, 30, 120, 1440, 3000]),
        "window": st.integers(3, 12),
        "closures": st.sets(st.integers(0, 9), max_size=2),
        "notaries": st.lists(notary_spec, min_size=1, max_size=3),
    }
)
world = st.fixed_dictionaries(
    {
        "offices": st.lists(office_spec, min_size=1, max_size=2),
        "minutes": st.sampled_from([10, 20, 30, 30, 45, 60, 90, 240]),
        # Often on the slot grid to the second, so that the notice's edge is met exactly.
        "now_minute": st.integers(0, 95).map(lambda q: q * 15) | st.integers(0, 24 * 60 - 1),
        "now_seconds": st.sampled_from([0, 0, 0, 1, 59]),
        "now_micro": st.sampled_from([0, 0, 1234]),
        "start_offset": st.integers(-1, 3),
        "days": st.integers(1, 10),
        "green_channel": st.booleans(),
        # Calendar overrides: (offset, working?) — a weekend worked or a weekday off.
        "overrides": st.lists(st.tuples(st.integers(0, 9), st.booleans()), max_size=2),
        "ignore_one": st.booleans(),
    }
)


def _at(day: dt.date, minute: int, seconds: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=TZ) + dt.timedelta(
        minutes=minute, seconds=seconds
    )


def _build(spec, today: dt.date):
    matter = MatterFactory(code=f"eq-{next(_serial)}", appointment_minutes=30)
    other = MatterFactory(code=f"eq-other-{next(_serial)}")
    resident = make_resident(email=f"eq{next(_serial)}@example.com")
    booked: list[Appointment] = []
    for offset, working in spec["overrides"]:
        day = today + dt.timedelta(days=offset)
        CalendarDay.objects.update_or_create(date=day, defaults={"is_working_day": working})
    for o in spec["offices"]:
        office = OfficeFactory(
            matters=[matter],
            buffer_minutes=o["buffer"],
            green_channel_percent=o["green"],
            min_notice_minutes=o["notice"],
            booking_window_days=o["window"],
        )
        for offset in o["closures"]:
            OfficeClosure.objects.create(office=office, date=today + dt.timedelta(days=offset))
        for n in o["notaries"]:
            notary = NotaryFactory(
                office=office, status=n["status"], matters=[matter] if n["handles"] else [other]
            )
            first, length, pause, second = n["period"]
            for weekday in n["weekdays"]:
                WorkingPeriod.objects.create(
                    notary=notary,
                    weekday=weekday,
                    starts=dt.time(*divmod(first, 60)),
                    ends=dt.time(*divmod(min(first + length, 23 * 60 + 59), 60)),
                )
                later = first + length + pause
                if second and later + second < 23 * 60 + 59 and pause:
                    WorkingPeriod.objects.create(
                        notary=notary,
                        weekday=weekday,
                        starts=dt.time(*divmod(later, 60)),
                        ends=dt.time(*divmod(later + second, 60)),
                    )
            for offset, extra in n["leave"]:
                first_day = today + dt.timedelta(days=offset)
                Leave.objects.create(
                    notary=notary, starts_on=first_day, ends_on=first_day + dt.timedelta(extra)
                )
            for offset, minute, minutes, seconds in n["blocks"]:
                starts = _at(today + dt.timedelta(days=offset), minute)
                Block.objects.create(
                    notary=notary,
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(minutes=minutes, seconds=seconds),
                )
            taken: list[tuple[dt.datetime, dt.datetime]] = []
            for offset, minute, minutes, status in n["bookings"]:
                starts = _at(today + dt.timedelta(days=offset), minute)
                ends = starts + dt.timedelta(minutes=minutes)
                active = status in ("booked", "checked_in")
                if active and any(s < ends and e > starts for s, e in taken):
                    continue  # the exclusion constraints would refuse it
                if active:
                    taken.append((starts, ends))
                booked.append(
                    Appointment.objects.create(
                        reference=f"EQ{next(_serial):010d}",
                        resident=resident if not active else make_resident(),
                        matter=matter,
                        office=office,
                        notary=notary,
                        starts_at=starts,
                        ends_at=ends,
                        status=status,
                        cancelled_at=starts if status == "cancelled" else None,
                        applicant_name="测试",
                        applicant_phone="13800138000",
                        fee_quote=Decimal("0"),
                        fee_gross=Decimal("0"),
                    )
                )
    return matter, booked


def _engine(availability):
    return {
        office_id: {
            date: [(s.starts_at, s.ends_at, list(s.notary_ids)) for s in slots]
            for date, slots in by_day.items()
            if slots
        }
        for office_id, by_day in availability.days.items()
    }


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=world)
def test_the_engine_answers_as_the_reference_does(db, spec):
    today = timezone.localdate()
    now = _at(today, spec["now_minute"], spec["now_seconds"]) + dt.timedelta(
        microseconds=spec["now_micro"]
    )
    with transaction.atomic():
        caches["availability"].clear()
        matter, booked = _build(spec, today)
        ignore = next((a.pk for a in booked if a.status == "booked"), None)
        kwargs = {
            "matter": matter,
            "start_date": today + dt.timedelta(days=spec["start_offset"]),
            "days": spec["days"],
            "now": now,
            "green_channel": spec["green_channel"],
            "minutes": spec["minutes"],
        }
        if spec["ignore_one"] and ignore is not None:
            kwargs["ignore_appointment_id"] = ignore
        expected = compute_reference(**kwargs)
        assert _engine(compute_availability(**kwargs, use_cache=False)) == expected
        assert _engine(compute_availability(**kwargs)) == expected  # computed and cached
        assert _engine(compute_availability(**kwargs)) == expected  # from the cache
        transaction.set_rollback(True)
    caches["availability"].clear()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=world)
def test_the_pages_summaries_answer_as_the_reference_does(db, spec):
    """The office page's next free times, the office step's earliest times and the wizard's day
    marks and chosen day (the offices' summaries and the day answers) are the reference's."""
    today = timezone.localdate()
    now = _at(today, spec["now_minute"], spec["now_seconds"]) + dt.timedelta(
        microseconds=spec["now_micro"]
    )
    days, green = spec["days"], spec["green_channel"]
    dates = [today + dt.timedelta(days=n) for n in range(days)]
    with transaction.atomic():
        caches["availability"].clear()
        matter, _booked = _build(spec, today)
        offices = {o.pk: o for o in Office.objects.listed().filter(matters=matter)}
        expected = compute_reference(
            matter=matter, start_date=today, days=days, now=now, green_channel=green
        )
        plain = compute_reference(matter=matter, start_date=today, days=7, now=now)
        for _ in range(2):  # computed and cached, then from the cache
            first_week, _soonest = earliest_free_times(matter=matter, offices=offices, now=now)
            for pk, office in offices.items():
                by_day = expected.get(pk, {})
                counts = free_counts(
                    matter=matter, office=office, dates=dates, now=now, green_channel=green
                )
                assert counts == {d: len(by_day.get(d, [])) for d in dates}
                for date in dates:
                    shown = office_day_slots(
                        matter=matter, office=office, date=date, now=now, green_channel=green
                    )
                    assert [(s.starts_at, s.ends_at, list(s.notary_ids)) for s in shown] == (
                        by_day.get(date, [])
                    )
                week = [t for d in sorted(plain.get(pk, {})) for t in plain[pk][d]]
                first = week[0][0] if week else None
                found = first_week.get(pk)
                assert (found.starts_at if found else None) == first
                nxt = office_next_slots(office=office, matters=[matter], days=7, now=now)
                assert (nxt[matter.pk].starts_at if nxt[matter.pk] else None) == first
        transaction.set_rollback(True)
    caches["availability"].clear()
