"""Choosing a time: reading the day and start a form or link asked for, for every path that books
or moves an appointment (the web wizard, rescheduling, the hotline desk)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from notaries.models import Matter, Office

from .availability import Slot, compute_availability, free_counts, office_day_slots
from .calendar import DayInfo, StatutoryCalendar
from .models import Appointment
from .services import green_channel_for


def parse_date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((raw or "").strip()[:10])
    except ValueError:
        return None


MAX_DAYS_AHEAD = 400  # beyond any office's booking window; keeps date arithmetic in range


def parse_start(raw: str | None) -> dt.datetime | None:
    """An ISO 8601 start time from a form or link; naive values are read as Beijing time.

    Anything that is not a time between yesterday and a bit over a year ahead is no answer at all
    (None): no booking can be there, and far dates would overflow the calendar code."""
    try:
        value = dt.datetime.fromisoformat((raw or "").strip()[:40])
    except ValueError:
        return None
    today = timezone.localdate()
    if not (
        today - dt.timedelta(days=1) <= value.date() <= today + dt.timedelta(days=MAX_DAYS_AHEAD)
    ):
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value


# --- the time picker ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayChoice:
    date: dt.date
    free: int
    info: DayInfo
    green: str  # the green-channel ground that applies on this day ("" for none)


@dataclass(frozen=True)
class TimePicker:
    """The days of an office's booking window with their free times, and the day being shown."""

    day_choices: list[DayChoice]
    chosen: dt.date
    chosen_info: DayInfo
    slots: list[Slot]
    green: str  # the ground that applies on the chosen day
    requested_green: str  # the ground asked for, carried in links and forms

    def as_context(self) -> dict:
        return {
            "day_choices": self.day_choices,
            "chosen": self.chosen,
            "chosen_info": self.chosen_info,
            "slots": self.slots,
            "green": self.green,
            "green_requested": self.requested_green,
        }


def green_for_day(*, person, on: dt.date, requested: str) -> str:
    """The green-channel ground for `person` on `on`: aged 70 or over that day (from the identity
    number), or a declared ground. Without a known person (the hotline before the caller's
    number is typed) any valid ground asked for stands; booking decides again."""
    if person is None:
        valid = {value for value in Appointment.GreenChannel.values if value}
        return requested if requested in valid else ""
    return green_channel_for(resident=person, on=on, requested=requested)


def time_picker(
    *,
    matter: Matter,
    office: Office,
    requested_date: str | None,
    person=None,
    requested_green: str = "",
    moving: Appointment | None = None,
    now: dt.datetime | None = None,
    office_checked: bool = False,
) -> TimePicker:
    """The day list and the chosen day's free times, for booking (web and hotline) and for
    rescheduling alike. `office_checked`: the caller read `office` as listed and handling
    `matter` (one query less).

    The green channel is decided per day for the age on that day, not today: a resident who turns
    70 next Tuesday sees the kept times from Tuesday on. When `moving` an appointment, its own
    time does not count as taken, and is not offered as a new one."""
    now = now or timezone.now()
    start = timezone.localdate(now)
    days = office.booking_window_days + 1
    dates = [start + dt.timedelta(days=offset) for offset in range(days)]
    green_by_day = {
        date: green_for_day(person=person, on=date, requested=requested_green) for date in dates
    }
    if moving is None:
        return _picker_from_summaries(
            matter=matter,
            office=office,
            dates=dates,
            green_by_day=green_by_day,
            requested_date=requested_date,
            requested_green=requested_green,
            now=now,
            office_checked=office_checked,
        )
    # Moving an appointment: its own time does not count, so nothing cached serves. Usually the
    # ground is the same every day and one computation serves; a birthday inside the window
    # needs the answer with and without the kept times.
    answers = {
        flag: compute_availability(
            matter=matter,
            start_date=start,
            days=days,
            office_slugs=[office.slug],
            now=now,
            green_channel=flag,
            ignore_appointment_id=moving.pk,
        )
        for flag in sorted({bool(g) for g in green_by_day.values()})
    }

    def slots_on(date: dt.date) -> list[Slot]:
        found = answers[bool(green_by_day[date])].slots(office_id=office.pk, date=date)
        return [slot for slot in found if slot.starts_at != moving.starts_at]

    calendar = next(iter(answers.values())).calendar
    day_choices = [
        DayChoice(date=d, free=len(slots_on(d)), info=calendar.day(d), green=green_by_day[d])
        for d in dates
    ]
    chosen = parse_date(requested_date)
    if chosen is None or chosen not in green_by_day:
        chosen = next((c.date for c in day_choices if c.free), start)
    return TimePicker(
        day_choices=day_choices,
        chosen=chosen,
        chosen_info=calendar.day(chosen),
        slots=slots_on(chosen),
        green=green_by_day[chosen],
        requested_green=requested_green,
    )


def _picker_from_summaries(
    *,
    matter: Matter,
    office: Office,
    dates: list[dt.date],
    green_by_day: dict[dt.date, str],
    requested_date: str | None,
    requested_green: str,
    now: dt.datetime,
    office_checked: bool,
) -> TimePicker:
    """The day list from the office's summary (how many free times each day has, no times
    built), and the chosen day's times from that day's cached answer."""
    calendar = StatutoryCalendar.for_range(start=dates[0], end=dates[-1])
    bookable = (
        office_checked or Office.objects.listed().filter(pk=office.pk, matters=matter).exists()
    )
    counts = {
        flag: (
            free_counts(
                matter=matter,
                office=office,
                dates=dates,
                now=now,
                green_channel=flag,
                calendar=calendar,
            )
            if bookable
            else dict.fromkeys(dates, 0)
        )
        for flag in sorted({bool(g) for g in green_by_day.values()})
    }
    day_choices = [
        DayChoice(
            date=d,
            free=counts[bool(green_by_day[d])][d],
            info=calendar.day(d),
            green=green_by_day[d],
        )
        for d in dates
    ]
    chosen = parse_date(requested_date)
    if chosen is None or chosen not in green_by_day:
        chosen = next((c.date for c in day_choices if c.free), dates[0])
    slots = (
        office_day_slots(
            matter=matter,
            office=office,
            date=chosen,
            now=now,
            green_channel=bool(green_by_day[chosen]),
            calendar=calendar,
        )
        if bookable
        else []
    )
    return TimePicker(
        day_choices=day_choices,
        chosen=chosen,
        chosen_info=calendar.day(chosen),
        slots=slots,
        green=green_by_day[chosen],
        requested_green=requested_green,
    )


# --- the review step ----------------------------------------------------------------------------

ALTERNATIVES = 6


@dataclass(frozen=True)
class SlotCheck:
    """Whether the time chosen is still free for the person, and the nearest free times if not:
    what the review step shows before anyone presses "Book", on the web and at the hotline."""

    still_free: bool
    alternatives: list[Slot]
    green: str


def slot_check(
    *,
    matter: Matter,
    office: Office,
    starts_at: dt.datetime,
    person=None,
    requested_green: str = "",
    now: dt.datetime | None = None,
) -> SlotCheck:
    day = timezone.localdate(starts_at)
    green = green_for_day(person=person, on=day, requested=requested_green)
    availability = compute_availability(
        matter=matter,
        start_date=day,
        days=3,
        office_slugs=[office.slug],
        green_channel=bool(green),
        now=now,
    )
    still_free = any(
        slot.starts_at == starts_at for slot in availability.slots(office_id=office.pk, date=day)
    )
    # The nearest other free times, offered when the chosen one is (or was just) taken.
    slots = [
        s for s in availability.all_slots() if s.office_id == office.pk and s.starts_at != starts_at
    ]
    slots.sort(key=lambda s: (abs((s.starts_at - starts_at).total_seconds()), s.starts_at))
    alternatives = sorted(slots[:ALTERNATIVES], key=lambda s: s.starts_at)
    return SlotCheck(still_free=still_free, alternatives=alternatives, green=green)
