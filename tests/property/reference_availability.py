"""The availability engine as it was before the integer engine: aware datetimes compared one by
one, the appointments read with an unbounded range. Kept, unchanged in substance, as the
reference the property test compares the engine with (tests/property/test_availability_equivalence.py).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from appointments.calendar import DayKind, StatutoryCalendar
from appointments.models import Appointment, Block, Leave, OfficeClosure, WorkingPeriod
from notaries.models import Matter, Notary, Office

STANDARD_WEEKDAYS = range(0, 5)
MAX_BUFFER = dt.timedelta(hours=2)  # the largest buffer an office may set


@dataclass
class Slot:
    office_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    notary_ids: list[int] = field(default_factory=list)

    @property
    def free_notaries(self) -> int:
        return len(self.notary_ids)


@dataclass
class OfficeDay:
    office: Office
    date: dt.date
    slots: list[Slot]


@dataclass
class Availability:
    """Free slots for one matter, by office and day."""

    matter: Matter
    offices: dict[int, Office]
    days: dict[int, dict[dt.date, list[Slot]]]
    calendar: StatutoryCalendar

    def slots(self, *, office_id: int, date: dt.date) -> list[Slot]:
        return self.days.get(office_id, {}).get(date, [])

    def first_slot(self, *, office_id: int) -> Slot | None:
        for date in sorted(self.days.get(office_id, {})):
            if self.days[office_id][date]:
                return self.days[office_id][date][0]
        return None

    def all_slots(self) -> list[Slot]:
        found = [
            slot for by_day in self.days.values() for slots in by_day.values() for slot in slots
        ]
        found.sort(key=lambda s: (s.starts_at, s.office_id))
        return found


def _local_tz() -> dt.tzinfo:
    return timezone.get_default_timezone()


def _periods_for_day(
    periods: dict[int, list[tuple[dt.time, dt.time]]],
    *,
    day_kind: DayKind,
    adjusted: bool,
    weekday: int,
) -> list[tuple[dt.time, dt.time]]:
    if day_kind == DayKind.HOLIDAY:
        return []
    own = periods.get(weekday, [])
    if adjusted and not own:
        # An adjusted working weekend day: the notary works a normal weekday.
        for standard in STANDARD_WEEKDAYS:
            if periods.get(standard):
                return periods[standard]
    return own


class BusyTimes:
    """A notary's busy intervals, answering "is [start, end) free?" in O(log n)."""

    __slots__ = ("_max_end", "_starts")

    def __init__(self, intervals: list[tuple[dt.datetime, dt.datetime]]):
        intervals.sort()
        self._starts = [start for start, _ in intervals]
        # _max_end[i]: the latest end among the first i + 1 intervals.
        self._max_end: list[dt.datetime] = []
        for _, end in intervals:
            self._max_end.append(max(end, self._max_end[-1]) if self._max_end else end)

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        # Only intervals that start before `end` can overlap; one of them does if it ends after
        # `start`.
        index = bisect.bisect_left(self._starts, end)
        return index > 0 and self._max_end[index - 1] > start


NO_BUSY_TIMES = BusyTimes([])


@dataclass
class ScheduleData:
    """Everything slot generation needs for some offices and days, read in a fixed few queries."""

    offices: dict[int, Office]
    calendar: StatutoryCalendar
    start_date: dt.date
    days: int
    periods: dict[int, dict[int, list[tuple[dt.time, dt.time]]]]
    notary_office: dict[int, int]
    on_leave: set[tuple[int, dt.date]]
    closed: set[tuple[int, dt.date]]
    busy: dict[int, BusyTimes]


def load_schedule_reference(
    *,
    offices: dict[int, Office],
    start_date: dt.date,
    days: int,
    notaries: QuerySet[Notary],
    ignore_appointment_id: int | None = None,
) -> ScheduleData:
    """Read the working periods of `notaries` (on duty, at `offices`), their leave, blocks and
    active appointments, the offices' closures and the calendar: six queries, whatever the size."""
    tz = _local_tz()
    end_date = start_date + dt.timedelta(days=days - 1)
    calendar = StatutoryCalendar.for_range(start=start_date, end=end_date)
    data = ScheduleData(offices, calendar, start_date, days, {}, {}, set(), set(), {})
    if not offices:
        return data

    periods: dict[int, dict[int, list[tuple[dt.time, dt.time]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for notary_id, office_id, weekday, starts, ends in (
        WorkingPeriod.objects.filter(
            notary__in=notaries.filter(office__in=list(offices), status=Notary.Status.ON_DUTY)
        )
        .values_list("notary_id", "notary__office_id", "weekday", "starts", "ends")
        .order_by("notary_id", "weekday", "starts")
    ):
        periods[notary_id][weekday].append((starts, ends))
        data.notary_office[notary_id] = office_id
    data.periods = periods
    ids = list(data.notary_office)
    if not ids:
        return data

    range_start = dt.datetime.combine(start_date, dt.time.min, tzinfo=tz)
    range_end = dt.datetime.combine(end_date + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    for notary_id, first, last in Leave.objects.filter(
        notary_id__in=ids, starts_on__lte=end_date, ends_on__gte=start_date
    ).values_list("notary_id", "starts_on", "ends_on"):
        day = max(first, start_date)
        while day <= min(last, end_date):
            data.on_leave.add((notary_id, day))
            day += dt.timedelta(days=1)
    data.closed = set(
        OfficeClosure.objects.filter(
            office_id__in=list(offices), date__range=(start_date, end_date)
        ).values_list("office_id", "date")
    )

    busy: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    buffers = {pk: dt.timedelta(minutes=o.buffer_minutes) for pk, o in offices.items()}
    appointments = Appointment.objects.active().filter(
        notary_id__in=ids,
        starts_at__lt=range_end + MAX_BUFFER,
        ends_at__gt=range_start - MAX_BUFFER,
    )
    if ignore_appointment_id is not None:
        appointments = appointments.exclude(pk=ignore_appointment_id)
    for notary_id, starts_at, ends_at in appointments.values_list(
        "notary_id", "starts_at", "ends_at"
    ):
        buffer = buffers[data.notary_office[notary_id]]
        busy[notary_id].append((starts_at - buffer, ends_at + buffer))
    for notary_id, starts_at, ends_at in Block.objects.filter(
        notary_id__in=ids, starts_at__lt=range_end, ends_at__gt=range_start
    ).values_list("notary_id", "starts_at", "ends_at"):
        busy[notary_id].append((starts_at, ends_at))
    data.busy = {notary_id: BusyTimes(intervals) for notary_id, intervals in busy.items()}
    return data


def generate_slots_reference(
    data: ScheduleData,
    *,
    minutes: int,
    now: dt.datetime,
    notary_ids: Collection[int] | None = None,
    green_channel: bool = False,
    residents_rules: bool = True,
) -> dict[int, dict[dt.date, list[Slot]]]:
    """Free slots of `minutes` by office and day, from loaded schedule data (no queries).

    `residents_rules` are the rules of booking online: the notice to give, the booking window
    and the times kept for the green channel. Office staff moving an appointment that already
    holds its time are bound by none of them (False), only by who works, is away or is busy.

    Each office keeps a share of its times for the green channel: every Nth start of a working
    period (the first of each period included, so mornings and early afternoons are kept), N from
    the office's percentage. They are shown only to green-channel applicants until the day before,
    when they are released to everyone."""
    tz = _local_tz()
    today = timezone.localdate(now, tz)
    step = dt.timedelta(minutes=settings.APPOINTMENT_SLOT_STEP_MINUTES)
    length = dt.timedelta(minutes=minutes)
    by_office_day: dict[tuple[int, dt.date], dict[dt.datetime, Slot]] = defaultdict(dict)
    for day_index in range(data.days):
        date = data.start_date + dt.timedelta(days=day_index)
        if date < today and residents_rules:
            continue
        info = data.calendar.day(date)
        for notary_id, weekly in data.periods.items():
            if notary_ids is not None and notary_id not in notary_ids:
                continue
            office_id = data.notary_office[notary_id]
            office = data.offices[office_id]
            if residents_rules and date > today + dt.timedelta(days=office.booking_window_days):
                continue
            if (office_id, date) in data.closed or (notary_id, date) in data.on_leave:
                continue
            earliest = now + dt.timedelta(minutes=office.min_notice_minutes)
            if not residents_rules:
                earliest = dt.datetime.combine(date, dt.time.min, tzinfo=tz)
            notary_busy = data.busy.get(notary_id, NO_BUSY_TIMES)
            every = _green_every(
                office, date=date, today=today, green_channel=green_channel or not residents_rules
            )
            for period_start, period_end in _periods_for_day(
                weekly, day_kind=info.kind, adjusted=info.adjusted, weekday=date.weekday()
            ):
                starts_at = dt.datetime.combine(date, period_start, tzinfo=tz)
                closes_at = dt.datetime.combine(date, period_end, tzinfo=tz)
                position = -1
                while starts_at + length <= closes_at:
                    ends_at = starts_at + length
                    position += 1
                    if every and position % every == 0:
                        starts_at += step  # kept for the green channel
                        continue
                    if starts_at >= earliest and not notary_busy.overlaps(starts_at, ends_at):
                        slots = by_office_day[(office_id, date)]
                        slot = slots.get(starts_at)
                        if slot is None:
                            slot = slots[starts_at] = Slot(office_id, starts_at, ends_at)
                        slot.notary_ids.append(notary_id)
                    starts_at += step
    result: dict[int, dict[dt.date, list[Slot]]] = {pk: {} for pk in data.offices}
    for (office_id, date), slots in by_office_day.items():
        result[office_id][date] = [slots[key] for key in sorted(slots)]
    return result


def _green_every(office: Office, *, date: dt.date, today: dt.date, green_channel: bool) -> int:
    """Every how-many-th time is kept back from this resident (0: none)."""
    if green_channel or not office.green_channel_percent or date <= today + dt.timedelta(days=1):
        return 0
    return max(1, round(100 / office.green_channel_percent))


def compute_reference(
    *,
    matter: Matter,
    start_date: dt.date,
    days: int,
    office_slugs=None,
    now: dt.datetime,
    ignore_appointment_id: int | None = None,
    green_channel: bool = False,
    minutes: int | None = None,
) -> dict[int, dict[dt.date, list[tuple[dt.datetime, dt.datetime, list[int]]]]]:
    """The reference answer: by office and day, (start, end, free notaries) of every free time."""
    offices_qs = Office.objects.listed().filter(matters=matter)
    if office_slugs is not None:
        offices_qs = offices_qs.filter(slug__in=list(office_slugs))
    offices = {office.pk: office for office in offices_qs}
    data = load_schedule_reference(
        offices=offices,
        start_date=start_date,
        days=days,
        notaries=Notary.objects.filter(matters=matter),
        ignore_appointment_id=ignore_appointment_id,
    )
    slots = generate_slots_reference(
        data, minutes=minutes or matter.appointment_minutes, now=now, green_channel=green_channel
    )
    return {
        office_id: {
            date: [(s.starts_at, s.ends_at, list(s.notary_ids)) for s in found]
            for date, found in by_day.items()
            if found
        }
        for office_id, by_day in slots.items()
    }
