"""Response times of the availability answers: direct call, open-data API, earliest slots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from appointments.availability import compute_availability, earliest_slots
from appointments.calendar import StatutoryCalendar
from notaries.models import Matter, Notary

from .util import Timing, say, time_interleaved

PREFERRED_MATTER = "power-of-attorney-property"


@dataclass
class Measurement:
    label: str
    timing: Timing
    queries: int
    detail: str  # what the answer held, to show the work was real


def popular_matter() -> tuple[Matter, int]:
    """The published matter handled by the most listed offices (then by the most on-duty
    notaries); the power of attorney for property when it is among the widest."""
    rows = list(
        Matter.objects.published()
        .annotate(
            n_offices=Count("offices", filter=Q(offices__is_active=True), distinct=True),
            n_notaries=Count(
                "notaries", filter=Q(notaries__status=Notary.Status.ON_DUTY), distinct=True
            ),
        )
        .order_by("code")
    )
    if not rows:
        raise RuntimeError("no published matter: did seed_demo run?")
    widest = max(m.n_offices for m in rows)
    candidates = [m for m in rows if m.n_offices == widest]
    chosen = next(
        (m for m in candidates if m.code == PREFERRED_MATTER),
        max(candidates, key=lambda m: m.n_notaries),
    )
    return chosen, widest


def next_working_day(*, today: dt.date) -> dt.date:
    """The first working day from the day after tomorrow (so the whole day is bookable)."""
    first = today + dt.timedelta(days=2)
    calendar = StatutoryCalendar.for_range(start=first, end=first + dt.timedelta(days=30))
    for offset in range(31):
        day = first + dt.timedelta(days=offset)
        if calendar.is_working_day(day):
            return day
    raise RuntimeError("no working day in the next month")


def _count_queries(fn: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def _slot_summary(availability) -> str:
    slots = availability.all_slots()
    offices = sum(1 for by_day in availability.days.values() if any(by_day.values()))
    free = sum(slot.free_notaries for slot in slots)
    return f"{len(slots):,} office slots, {free:,} free notary-slots, {offices} offices"


def measure(*, matter: Matter, date: dt.date, repetitions: int) -> list[Measurement]:
    """Time the four answers, taking turns, and count the queries of one call of each."""
    client = Client(HTTP_HOST="127.0.0.1")
    url = f"/api/v1/availability?matter={matter.code}&date={date.isoformat()}"

    def one_day():
        return compute_availability(matter=matter, start_date=date, days=1)

    def fourteen_days():
        return compute_availability(matter=matter, start_date=date, days=14)

    def api():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content!r}")
        return response

    def earliest():
        return earliest_slots(matter=matter)

    calls = {
        "compute_availability, 1 day": one_day,
        "compute_availability, 14 days": fourteen_days,
        "GET /api/v1/availability (1 day)": api,
        "earliest_slots (5 offices)": earliest,
    }
    say(f"timing {len(calls)} answers, taking turns, {repetitions} runs each (API: {url}) ...")

    def progress(done: int) -> None:
        if done % 10 == 0 or done == repetitions:
            say(f"  availability timings {done}/{repetitions} ...")

    timings = time_interleaved(calls, repetitions=repetitions, progress=progress)

    response = api()
    payload = response.json()
    first = earliest()
    details = {
        "compute_availability, 1 day": _slot_summary(one_day()),
        "compute_availability, 14 days": _slot_summary(fourteen_days()),
        "GET /api/v1/availability (1 day)": (
            f"{payload['count']} slot times, {len(payload['offices'])} offices, "
            f"{len(response.content):,} bytes"
        ),
        "earliest_slots (5 offices)": (
            f"{len(first)} slots, first {timezone.localtime(first[0].starts_at):%Y-%m-%d %H:%M}"
            if first
            else "no free slot"
        ),
    }
    return [
        Measurement(label, timings[label], _count_queries(fn), details[label])
        for label, fn in calls.items()
    ]
