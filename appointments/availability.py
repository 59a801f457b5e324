"""Free appointment times: working time minus bookings, leave, blocks, closures and holidays.

Everything a range of days needs is read in a fixed handful of queries (offices, working periods,
leave, blocks, closures, calendar overrides, appointments), then combined in memory. So the number
of queries does not grow with the number of notaries, days or existing appointments.

The engine works on integers: every time is a minute since the Unix epoch (slot boundaries are
whole minutes), busy times come out of PostgreSQL already as minutes (no datetime is parsed for
them), each notary's busy times are merged into disjoint sorted intervals and walked with one
pointer per working period. Datetimes are built only for the times an answer shows, when they are
read (`Slot.starts_at`). The appointments are read through the exclusion constraint's GiST index
(a range overlap on exactly its expression and predicate), so the read costs what the days asked
for hold, not the whole history.

Answers for residents are cached per office and day (appointments/availability_cache.py) under
versions every write bumps: see there. The booking services compute afresh (`use_cache=False`).
The engine before this one is kept in tests/property/reference_availability.py; a property test
shows both give the same answers.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import hashlib
from array import array
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.fields import RangeBoundary
from django.db import connection
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import BigIntegerField, Func, QuerySet
from django.utils import timezone

from notaries.models import Matter, Notary, Office
from portal.db import TsTzRange

from . import availability_cache
from .calendar import DayKind, StatutoryCalendar
from .models import Appointment, Block, Leave, OfficeClosure, WorkingPeriod

STANDARD_WEEKDAYS = range(0, 5)
MAX_BUFFER = dt.timedelta(hours=2)  # the largest buffer an office may set
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
MINUTE_US = 60_000_000


def to_minute(moment: dt.datetime) -> int:
    """Whole minutes since the epoch, rounded down."""
    return (moment - EPOCH) // MINUTE


def to_minute_ceil(moment: dt.datetime) -> int:
    """Whole minutes since the epoch, rounded up."""
    return -(-((moment - EPOCH) // dt.timedelta(microseconds=1)) // MINUTE_US)


@functools.lru_cache(maxsize=65_536)
def from_minute(minute: int) -> dt.datetime:
    return (EPOCH + minute * MINUTE).astimezone(_local_tz())


@functools.lru_cache(maxsize=4_096)
def day_start_minute(date: dt.date) -> int:
    return to_minute(dt.datetime.combine(date, dt.time.min, tzinfo=_local_tz()))


class Slot:
    """A free time at an office and the notaries free then. Stored as minutes since the epoch;
    `starts_at` and `ends_at` are built when read (most times an answer holds nobody looks at)."""

    __slots__ = ("end", "notary_ids", "office_id", "start")

    def __init__(self, office_id: int, start: int, end: int, notary_ids: list[int] | None = None):
        self.office_id = office_id
        self.start = start
        self.end = end
        self.notary_ids = notary_ids if notary_ids is not None else []

    @property
    def starts_at(self) -> dt.datetime:
        return from_minute(self.start)

    @property
    def ends_at(self) -> dt.datetime:
        return from_minute(self.end)

    @property
    def free_notaries(self) -> int:
        return len(self.notary_ids)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Slot):
            return NotImplemented
        return (self.office_id, self.start, self.end, self.notary_ids) == (
            other.office_id,
            other.start,
            other.end,
            other.notary_ids,
        )

    def __hash__(self) -> int:
        return hash((self.office_id, self.start, self.end))

    def __repr__(self) -> str:
        return f"Slot(office={self.office_id}, {self.starts_at:%Y-%m-%d %H:%M}, {self.notary_ids})"


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
    # The versions of the office-days the answer was made of (None: computed without the cache).
    versions: list[availability_cache.Version] | None = None

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
        found.sort(key=lambda s: (s.start, s.office_id))
        return found


def _local_tz() -> dt.tzinfo:
    return timezone.get_default_timezone()


def _periods_for_day(
    periods: dict[int, list[tuple[int, int]]],
    *,
    day_kind: DayKind,
    adjusted: bool,
    weekday: int,
) -> list[tuple[int, int]]:
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
    """A notary's busy time as disjoint sorted intervals of minutes."""

    __slots__ = ("ends", "starts")

    def __init__(self, intervals: list[tuple[int, int]]):
        intervals.sort()
        starts: list[int] = []
        ends: list[int] = []
        for start, end in intervals:
            if ends and start <= ends[-1]:
                if end > ends[-1]:
                    ends[-1] = end
            else:
                starts.append(start)
                ends.append(end)
        self.starts = starts
        self.ends = ends

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.ends, start)
        return index < len(self.starts) and self.starts[index] < end


NO_BUSY_TIMES = BusyTimes([])


def _minute_of_day(value: dt.time) -> int:
    return value.hour * 60 + value.minute


@dataclass
class ScheduleData:
    """Everything slot generation needs for some offices and days, read in a fixed few queries."""

    offices: dict[int, Office]
    calendar: StatutoryCalendar
    start_date: dt.date
    days: int
    periods: dict[int, dict[int, list[tuple[int, int]]]]  # minutes of the local day
    notary_office: dict[int, int]
    on_leave: set[tuple[int, dt.date]]
    closed: set[tuple[int, dt.date]]
    busy: dict[int, BusyTimes]


class _EpochMinute(Func):
    """Minutes since the epoch of a timestamp, in SQL (PostgreSQL): floor, or ceiling."""

    output_field = BigIntegerField()

    def __init__(self, expression, *, ceil: bool = False):
        super().__init__(expression)
        self.template = (
            "CEIL(EXTRACT(EPOCH FROM %(expressions)s) / 60)::bigint"
            if ceil
            else "FLOOR(EXTRACT(EPOCH FROM %(expressions)s) / 60)::bigint"
        )


def _busy_rows(queryset: QuerySet) -> Iterable[tuple[int, int, int]]:
    """(notary, start minute, end minute) of `queryset`'s rows: computed by PostgreSQL, or from
    datetimes elsewhere (the embedded SQLite mode)."""
    if connection.vendor == "postgresql":
        return queryset.annotate(
            start_minute=_EpochMinute("starts_at"), end_minute=_EpochMinute("ends_at", ceil=True)
        ).values_list("notary_id", "start_minute", "end_minute")
    return (
        (notary_id, to_minute(starts_at), to_minute_ceil(ends_at))
        for notary_id, starts_at, ends_at in queryset.values_list(
            "notary_id", "starts_at", "ends_at"
        )
    )


def busy_appointments(
    notary_ids: list[int], *, starts: dt.datetime, ends: dt.datetime
) -> QuerySet[Appointment]:
    """Active appointments of these notaries overlapping [starts, ends).

    On PostgreSQL the overlap is written on the exclusion constraint's own expression, so the
    planner reads it from the constraint's GiST index: bounded by the days asked for, whatever
    the history holds (docs/performance.md shows the plan)."""
    found = Appointment.objects.active().filter(
        notary_id__in=notary_ids, starts_at__lt=ends, ends_at__gt=starts
    )
    if connection.vendor == "postgresql":
        found = found.alias(span=TsTzRange("starts_at", "ends_at", RangeBoundary())).filter(
            span__overlap=DateTimeTZRange(starts, ends, "[)")
        )
    return found.order_by()


def load_schedule(
    *,
    offices: dict[int, Office],
    start_date: dt.date,
    days: int,
    notaries: QuerySet[Notary],
    ignore_appointment_id: int | None = None,
    calendar: StatutoryCalendar | None = None,
) -> ScheduleData:
    """Read the working periods of `notaries` (on duty, at `offices`), their leave, blocks and
    active appointments, the offices' closures and the calendar (unless given one covering the
    days): six queries, whatever the size."""
    tz = _local_tz()
    end_date = start_date + dt.timedelta(days=days - 1)
    calendar = calendar or StatutoryCalendar.for_range(start=start_date, end=end_date)
    data = ScheduleData(offices, calendar, start_date, days, {}, {}, set(), set(), {})
    if not offices:
        return data

    periods: dict[int, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for notary_id, office_id, weekday, starts, ends in (
        WorkingPeriod.objects.filter(
            notary__in=notaries.filter(office__in=list(offices), status=Notary.Status.ON_DUTY)
        )
        .values_list("notary_id", "notary__office_id", "weekday", "starts", "ends")
        .order_by("notary_id", "weekday", "starts")
    ):
        periods[notary_id][weekday].append((_minute_of_day(starts), _minute_of_day(ends)))
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

    busy: dict[int, list[tuple[int, int]]] = defaultdict(list)
    buffers = {pk: o.buffer_minutes for pk, o in offices.items()}
    appointments = busy_appointments(
        ids, starts=range_start - MAX_BUFFER, ends=range_end + MAX_BUFFER
    )
    if ignore_appointment_id is not None:
        appointments = appointments.exclude(pk=ignore_appointment_id)
    for notary_id, start, end in _busy_rows(appointments):
        buffer = buffers[data.notary_office[notary_id]]
        busy[notary_id].append((start - buffer, end + buffer))
    blocks = Block.objects.filter(
        notary_id__in=ids, starts_at__lt=range_end, ends_at__gt=range_start
    )
    for notary_id, start, end in _busy_rows(blocks.order_by()):
        busy[notary_id].append((start, end))
    data.busy = {notary_id: BusyTimes(intervals) for notary_id, intervals in busy.items()}
    return data


# One office-day's free times before the rules of the moment (notice, today, window) are applied:
# (start minute, end minute, notary ids), sorted by start.
RawDay = list[tuple[int, int, tuple[int, ...]]]


def _raw_days(
    data: ScheduleData,
    *,
    minutes: int,
    notary_ids: Collection[int] | None,
    every_for,
    dates: Iterable[dt.date],
    earliest: int | None = None,
) -> dict[tuple[int, dt.date], RawDay]:
    """The free times of each office on each of `dates` (no queries). `every_for(office, date)`
    says every how-many-th start is kept for the green channel; `earliest` (a minute) drops
    earlier starts."""
    step = settings.APPOINTMENT_SLOT_STEP_MINUTES
    found: dict[tuple[int, dt.date], dict[int, list[int]]] = {}
    wanted = set(notary_ids) if notary_ids is not None else None
    for date in dates:
        info = data.calendar.day(date)
        base = day_start_minute(date)
        weekday = date.weekday()
        for notary_id, weekly in data.periods.items():
            if wanted is not None and notary_id not in wanted:
                continue
            office_id = data.notary_office[notary_id]
            if (office_id, date) in data.closed or (notary_id, date) in data.on_leave:
                continue
            day_periods = _periods_for_day(
                weekly, day_kind=info.kind, adjusted=info.adjusted, weekday=weekday
            )
            if not day_periods:
                continue
            every = every_for(data.offices[office_id], date)
            busy = data.busy.get(notary_id, NO_BUSY_TIMES)
            busy_starts, busy_ends = busy.starts, busy.ends
            count = len(busy_starts)
            slots = found.get((office_id, date))
            if slots is None:
                slots = found[(office_id, date)] = {}
            for period_start, period_end in day_periods:
                start = base + period_start
                last = base + period_end - minutes
                index = bisect.bisect_right(busy_ends, start)
                position = -1
                while start <= last:
                    position += 1
                    if (every and position % every == 0) or (
                        earliest is not None and start < earliest
                    ):
                        start += step
                        continue
                    while index < count and busy_ends[index] <= start:
                        index += 1
                    if index >= count or busy_starts[index] >= start + minutes:
                        holders = slots.get(start)
                        if holders is None:
                            slots[start] = [notary_id]
                        else:
                            holders.append(notary_id)
                    start += step
    return {
        key: [(start, start + minutes, tuple(slots[start])) for start in sorted(slots)]
        for key, slots in found.items()
        if slots
    }


def _earliest_minute(office: Office, now: dt.datetime) -> int:
    return to_minute_ceil(now) + office.min_notice_minutes


def _open_dates(office: Office, *, start_date: dt.date, days: int, today: dt.date) -> list[dt.date]:
    """The dates of [start_date, start_date + days) residents may book at `office` from today."""
    last = min(
        start_date + dt.timedelta(days=days - 1),
        today + dt.timedelta(days=office.booking_window_days),
    )
    first = max(start_date, today)
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _slots_from_raw(office_id: int, raw: RawDay, *, earliest: int | None) -> list[Slot]:
    if earliest is not None and raw and raw[0][0] < earliest:
        raw = raw[bisect.bisect_left(raw, (earliest,)) :]
    return [Slot(office_id, start, end, list(ids)) for start, end, ids in raw]


def generate_slots(
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
    today = timezone.localdate(now, _local_tz())
    all_dates = [data.start_date + dt.timedelta(days=n) for n in range(data.days)]
    result: dict[int, dict[dt.date, list[Slot]]] = {pk: {} for pk in data.offices}
    if not residents_rules:
        raw = _raw_days(
            data, minutes=minutes, notary_ids=notary_ids, every_for=lambda o, d: 0, dates=all_dates
        )
        for (office_id, date), day in raw.items():
            result[office_id][date] = _slots_from_raw(office_id, day, earliest=None)
        return result
    for office_id, office in data.offices.items():
        dates = _open_dates(office, start_date=data.start_date, days=data.days, today=today)
        if not dates:
            continue
        raw = _raw_days(
            dataclasses.replace(
                data,
                periods={
                    n: p for n, p in data.periods.items() if data.notary_office[n] == office_id
                },
            ),
            minutes=minutes,
            notary_ids=notary_ids,
            every_for=lambda o, d: _green_every(
                o, date=d, today=today, green_channel=green_channel
            ),
            dates=dates,
        )
        earliest = _earliest_minute(office, now)
        for (_office, date), day in raw.items():
            slots = _slots_from_raw(office_id, day, earliest=earliest)
            if slots:
                result[office_id][date] = slots
    return result


def _green_every(office: Office, *, date: dt.date, today: dt.date, green_channel: bool) -> int:
    """Every how-many-th time is kept back from this resident (0: none)."""
    if green_channel or not office.green_channel_percent or date <= today + dt.timedelta(days=1):
        return 0
    return max(1, round(100 / office.green_channel_percent))


def _answer_key(
    office_id: int, date: dt.date, version, *, matter_id: int, minutes: int, every: int
) -> str:
    city, office, day = version
    return (
        f"av:a:{office_id}:{date.isoformat()}:{city}:{office}:{day}:{matter_id}:{minutes}:{every}"
    )


def _cached_days(
    *,
    offices: dict[int, Office],
    matters: list[Matter],
    wanted: dict[int, list[dt.date]],
    today: dt.date,
    green_channel: bool,
    minutes: int | None = None,
    calendar: StatutoryCalendar | None = None,
) -> tuple[dict[tuple[int, int, dt.date], RawDay], list[availability_cache.Version] | None]:
    """The free times (before the notice) of each matter at each office on its `wanted` dates,
    from the cache where it holds them under the current versions, computed in one load of the
    schedule for the rest (and stored). Keyed (matter id, office id, date)."""
    pairs = [(office_id, date) for office_id, dates in wanted.items() for date in dates]
    versions = availability_cache.versions(pairs) if pairs else {}
    keys: dict[tuple[int, int, dt.date], str] = {}
    lengths = {m.pk: minutes or m.appointment_minutes for m in matters}
    for office_id, date in pairs:
        every = _green_every(
            offices[office_id], date=date, today=today, green_channel=green_channel
        )
        for matter in matters:
            version = versions[(office_id, date)] if versions is not None else None
            keys[(matter.pk, office_id, date)] = (
                _answer_key(
                    office_id,
                    date,
                    version,
                    matter_id=matter.pk,
                    minutes=lengths[matter.pk],
                    every=every,
                )
                if version is not None
                else ""
            )
    hits = availability_cache.get_many([k for k in keys.values() if k]) if versions else {}
    result: dict[tuple[int, int, dt.date], RawDay] = {}
    missing: dict[int, set[dt.date]] = defaultdict(set)
    for spec, key in keys.items():
        if key and key in hits:
            result[spec] = hits[key]  # type: ignore[assignment]
        else:
            missing[spec[1]].add(spec[2])
    if missing:
        miss_dates = sorted({d for dates in missing.values() for d in dates})
        miss_offices = {pk: offices[pk] for pk in missing}
        if len(matters) == 1:
            notaries = Notary.objects.filter(matters=matters[0])
        else:
            notaries = Notary.objects.all()
        data = load_schedule(
            offices=miss_offices,
            start_date=miss_dates[0],
            days=(miss_dates[-1] - miss_dates[0]).days + 1,
            notaries=notaries,
            calendar=calendar,
        )
        handles = _handles(data, matters)
        store: dict[str, object] = {}
        every_for = functools.partial(_every_for, today=today, green_channel=green_channel)
        by_length: dict[tuple[int, frozenset[int]], dict[tuple[int, dt.date], RawDay]] = {}
        for matter in matters:
            group = (lengths[matter.pk], frozenset(handles[matter.pk]))
            if group not in by_length:
                by_length[group] = _raw_days(
                    data,
                    minutes=group[0],
                    notary_ids=group[1],
                    every_for=every_for,
                    dates=miss_dates,
                )
            raw = by_length[group]
            for office_id, dates in missing.items():
                for date in dates:
                    spec = (matter.pk, office_id, date)
                    if spec in result:
                        continue
                    day = raw.get((office_id, date), [])
                    result[spec] = day
                    if keys[spec]:
                        store[keys[spec]] = day
        availability_cache.set_many(store)
    found_versions = list(versions.values()) if versions is not None else None
    return result, found_versions


def _every_for(office: Office, date: dt.date, *, today: dt.date, green_channel: bool) -> int:
    return _green_every(office, date=date, today=today, green_channel=green_channel)


def _handles(data: ScheduleData, matters: list[Matter]) -> dict[int, set[int]]:
    """Which loaded notaries handle each matter (no query when there is one matter: the
    schedule was loaded for its notaries only)."""
    if len(matters) == 1:
        return {matters[0].pk: set(data.notary_office)}
    handles: dict[int, set[int]] = defaultdict(set)
    if data.notary_office:
        for notary_id, matter_id in Notary.matters.through.objects.filter(
            notary_id__in=list(data.notary_office), matter_id__in=[m.pk for m in matters]
        ).values_list("notary_id", "matter_id"):
            handles[matter_id].add(notary_id)
    return handles


def compute_availability(
    *,
    matter: Matter,
    start_date: dt.date,
    days: int,
    office_slugs: Iterable[str] | None = None,
    now: dt.datetime | None = None,
    ignore_appointment_id: int | None = None,
    green_channel: bool = False,
    minutes: int | None = None,
    use_cache: bool = True,
) -> Availability:
    """Free slots for `matter` on `days` days from `start_date`, across the offices that handle it
    (or only `office_slugs`), counting only on-duty notaries who may handle the matter.

    From the cache: two queries (offices, calendar) and two round trips to the cache; what the
    cache does not hold costs one load of the schedule (five more queries) for all of it. A
    booking checking under its locks passes `use_cache=False` (and so does moving an appointment,
    whose own time must not count)."""
    now = now or timezone.now()
    offices_qs = Office.objects.listed().filter(matters=matter).select_related("district")
    if office_slugs is not None:
        offices_qs = offices_qs.filter(slug__in=list(office_slugs))
    offices = {office.pk: office for office in offices_qs}
    if not use_cache or ignore_appointment_id is not None:
        data = load_schedule(
            offices=offices,
            start_date=start_date,
            days=days,
            notaries=Notary.objects.filter(matters=matter),
            ignore_appointment_id=ignore_appointment_id,
        )
        slots = generate_slots(
            data,
            minutes=minutes or matter.appointment_minutes,
            now=now,
            green_channel=green_channel,
        )
        return Availability(matter=matter, offices=offices, days=slots, calendar=data.calendar)

    today = timezone.localdate(now)
    calendar = StatutoryCalendar.for_range(
        start=start_date, end=start_date + dt.timedelta(days=days - 1)
    )
    wanted = {
        pk: _open_dates(office, start_date=start_date, days=days, today=today)
        for pk, office in offices.items()
    }
    raw, versions = _cached_days(
        offices=offices,
        matters=[matter],
        wanted=wanted,
        today=today,
        green_channel=green_channel,
        minutes=minutes,
        calendar=calendar,
    )
    result: dict[int, dict[dt.date, list[Slot]]] = {pk: {} for pk in offices}
    for office_id, dates in wanted.items():
        earliest = _earliest_minute(offices[office_id], now)
        for date in dates:
            slots = _slots_from_raw(office_id, raw[(matter.pk, office_id, date)], earliest=earliest)
            if slots:
                result[office_id][date] = slots
    return Availability(
        matter=matter, offices=offices, days=result, calendar=calendar, versions=versions
    )


class FreeTime:
    """A free time as summaries show it (when, where; not who): the office page's next free
    times, the office step's earliest times."""

    __slots__ = ("end", "office_id", "start")

    def __init__(self, office_id: int, start: int, end: int):
        self.office_id = office_id
        self.start = start
        self.end = end

    @property
    def starts_at(self) -> dt.datetime:
        return from_minute(self.start)

    @property
    def ends_at(self) -> dt.datetime:
        return from_minute(self.end)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FreeTime | Slot):
            return NotImplemented
        return (self.office_id, self.start, self.end) == (other.office_id, other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.office_id, self.start, self.end))

    def __repr__(self) -> str:
        return f"FreeTime(office={self.office_id}, {self.starts_at:%Y-%m-%d %H:%M})"


# An office's summary: matter id -> the sorted free starts (minutes) of the days asked for,
# before the notice (applied when read: it moves with the clock).
Summary = dict[int, array]


def _summary_key(
    office_id: int, version: tuple[int, int], *, matters: list[Matter], dates, today, green: bool
) -> str:
    digest = hashlib.blake2b(
        ",".join(f"{m.pk}:{m.appointment_minutes}" for m in matters).encode(), digest_size=8
    ).hexdigest()
    city, change = version
    return (
        f"av:s:{office_id}:{digest}:{int(green)}:{dates[0].isoformat()}:{dates[-1].isoformat()}:"
        f"{today.isoformat()}:{city}:{change}"
    )


def office_summaries(
    *,
    offices: dict[int, Office],
    matters: list[Matter],
    dates: dict[int, list[dt.date]],
    today: dt.date,
    green_channel: bool = False,
    calendar: StatutoryCalendar | None = None,
) -> dict[int, Summary]:
    """For each office, each matter's free starts on the office's `dates` (which the office's
    booking window allows from `today`), in one entry of the cache per office, kept under the
    versions of the whole city and of any change at the office (bumped by every write that
    bumps one of its days). What the cache lacks comes from the per-day answers (computed in
    one load of the schedule for all of it). Two round trips to the cache when it holds them."""
    matters = sorted(matters, key=lambda m: m.pk)
    wanted = {pk: ds for pk, ds in dates.items() if ds}
    result: dict[int, Summary] = {pk: {m.pk: array("q") for m in matters} for pk in dates}
    if not wanted or not matters:
        return result
    versions = availability_cache.office_versions(list(wanted))
    keys = (
        {
            pk: _summary_key(
                pk, versions[pk], matters=matters, dates=ds, today=today, green=green_channel
            )
            for pk, ds in wanted.items()
        }
        if versions is not None
        else {}
    )
    hits = availability_cache.get_many(list(keys.values())) if keys else {}
    missing: dict[int, list[dt.date]] = {}
    for pk, ds in wanted.items():
        key = keys.get(pk)
        if key and key in hits:
            result[pk] = hits[key]  # type: ignore[assignment]
        else:
            missing[pk] = ds
    if missing:
        raw, _versions = _cached_days(
            offices={pk: offices[pk] for pk in missing},
            matters=matters,
            wanted=missing,
            today=today,
            green_channel=green_channel,
            calendar=calendar,
        )
        store: dict[str, object] = {}
        for pk, ds in missing.items():
            summary: Summary = {}
            for matter in matters:
                starts = array("q")
                for date in ds:
                    starts.extend(start for start, _end, _ids in raw[(matter.pk, pk, date)])
                summary[matter.pk] = starts
            result[pk] = summary
            if pk in keys:
                store[keys[pk]] = summary
        availability_cache.set_many(store)
    return result


def first_free(starts: array, *, earliest: int, before: int | None = None) -> int | None:
    """The first start at or after `earliest` (and before `before`), or None."""
    index = bisect.bisect_left(starts, earliest)
    if index < len(starts) and (before is None or starts[index] < before):
        return starts[index]
    return None


def count_free(starts: array, *, date: dt.date, earliest: int) -> int:
    """How many starts fall on `date`, at or after `earliest`."""
    first = max(day_start_minute(date), earliest)
    last = day_start_minute(date + dt.timedelta(days=1))
    return max(0, bisect.bisect_left(starts, last) - bisect.bisect_left(starts, first))


def office_next_slots(
    *, office: Office, matters: Iterable[Matter], days: int = 7, now: dt.datetime | None = None
) -> dict[int, FreeTime | None]:
    """The next free time at `office` for each of `matters` (by matter id) in the next `days`
    days, in one pass: one summary of the office for all its matters (one entry of the cache,
    under the office's versions), or, when the cache lacks it, one load of the office's schedule
    for every matter and day (matters of one length and one set of notaries computed once)."""
    now = now or timezone.now()
    matters = list(matters)
    today = timezone.localdate(now)
    dates = _open_dates(office, start_date=today, days=days, today=today)
    if not matters or not dates:
        return dict.fromkeys((m.pk for m in matters), None)
    summary = office_summaries(
        offices={office.pk: office}, matters=matters, dates={office.pk: dates}, today=today
    )[office.pk]
    earliest = _earliest_minute(office, now)
    result: dict[int, FreeTime | None] = {}
    for matter in matters:
        start = first_free(summary[matter.pk], earliest=earliest)
        result[matter.pk] = (
            None
            if start is None
            else FreeTime(office.pk, start, start + matter.appointment_minutes)
        )
    return result


def free_counts(
    *,
    matter: Matter,
    office: Office,
    dates: list[dt.date],
    now: dt.datetime,
    green_channel: bool = False,
    calendar: StatutoryCalendar | None = None,
) -> dict[dt.date, int]:
    """How many free times `office` has for `matter` on each of `dates` (consecutive), as
    `compute_availability` would count them, from the office's summary: the wizard's day list
    without building the times of days nobody opened."""
    today = timezone.localdate(now)
    open_dates = _open_dates(office, start_date=dates[0], days=len(dates), today=today)
    starts = office_summaries(
        offices={office.pk: office},
        matters=[matter],
        dates={office.pk: open_dates},
        today=today,
        green_channel=green_channel,
        calendar=calendar,
    )[office.pk][matter.pk]
    earliest = _earliest_minute(office, now)
    opened = set(open_dates)
    return {d: count_free(starts, date=d, earliest=earliest) if d in opened else 0 for d in dates}


def office_day_slots(
    *,
    matter: Matter,
    office: Office,
    date: dt.date,
    now: dt.datetime,
    green_channel: bool = False,
    calendar: StatutoryCalendar | None = None,
) -> list[Slot]:
    """The free times of `office` for `matter` on one day, with who is free (the day the wizard
    shows), from the day's cached answer: what `compute_availability` gives for that day."""
    today = timezone.localdate(now)
    if date not in _open_dates(office, start_date=date, days=1, today=today):
        return []
    raw, _versions = _cached_days(
        offices={office.pk: office},
        matters=[matter],
        wanted={office.pk: [date]},
        today=today,
        green_channel=green_channel,
        calendar=calendar,
    )
    return _slots_from_raw(
        office.pk, raw[(matter.pk, office.pk, date)], earliest=_earliest_minute(office, now)
    )


def earliest_free_times(
    *,
    matter: Matter,
    offices: dict[int, Office],
    now: dt.datetime | None = None,
    limit: int = 5,
    chunk_days: int = 7,
) -> tuple[dict[int, FreeTime], list[FreeTime]]:
    """The next free time at each of `offices` in the first `chunk_days` days (by office id), and
    the earliest free time at up to `limit` offices across the city, soonest first, looking a
    week at a time further until enough offices have one or every booking window is exhausted.
    From the offices' summaries: the usual answer costs two round trips to the cache."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    earliest = {pk: _earliest_minute(office, now) for pk, office in offices.items()}
    found: dict[int, FreeTime] = {}
    first_week: dict[int, FreeTime] = {}
    start = today
    max_window = max((o.booking_window_days for o in offices.values()), default=-1)
    while start <= today + dt.timedelta(days=max_window):
        dates = {
            pk: _open_dates(office, start_date=start, days=chunk_days, today=today)
            for pk, office in offices.items()
            if pk not in found
        }
        summaries = office_summaries(
            offices=offices, matters=[matter], dates=dates, today=today, green_channel=False
        )
        for pk in dates:
            first = first_free(summaries[pk][matter.pk], earliest=earliest[pk])
            if first is not None:
                found[pk] = FreeTime(pk, first, first + matter.appointment_minutes)
        if start == today:
            first_week = dict(found)
        if len(found) >= min(limit, len(offices)):
            break
        start += dt.timedelta(days=chunk_days)
    soonest = sorted(found.values(), key=lambda t: (t.start, t.office_id))[:limit]
    return first_week, soonest


def earliest_slots(
    *,
    matter: Matter,
    now: dt.datetime | None = None,
    limit: int = 5,
    chunk_days: int = 7,
    first_chunk: Availability | None = None,
) -> list[Slot]:
    """The earliest free slot at each office, soonest first, across the city.

    Reads the calendar a week at a time until enough offices have a free slot or every office's
    booking window is exhausted, so the usual answer costs one round of queries. A caller that
    already computed the first `chunk_days` from today passes it as `first_chunk`, and the usual
    answer then costs nothing more."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    found: dict[int, Slot] = {}
    start = today
    max_window: int | None = None
    while max_window is None or start <= today + dt.timedelta(days=max_window):
        if start == today and first_chunk is not None:
            availability = first_chunk
        else:
            availability = compute_availability(
                matter=matter, start_date=start, days=chunk_days, now=now
            )
        for office_id in availability.offices:
            if office_id not in found:
                slot = availability.first_slot(office_id=office_id)
                if slot is not None:
                    found[office_id] = slot
        if len(found) >= min(limit, len(availability.offices)):
            break
        if max_window is None:
            max_window = max(
                (o.booking_window_days for o in availability.offices.values()), default=0
            )
        start += dt.timedelta(days=chunk_days)
    return sorted(found.values(), key=lambda s: (s.starts_at, s.office_id))[:limit]


def notaries_free_for(*, appointments: list[Appointment]) -> dict[int, list[int]]:
    """For each appointment, the other notaries of its office who could take it at exactly its
    time: on duty, handling its matter, working then, not away, not blocked and not booked
    (office buffers included). The rules of booking online (notice, window, kept green-channel
    times) do not apply: the appointment already holds its time and staff are moving it.

    One load of the schedule for all the days involved (a fixed set of queries) and one query for
    who handles which matter; the rest is in memory. Each appointment needs its `office` loaded."""
    if not appointments:
        return {}
    offices = {a.office_id: a.office for a in appointments}
    days = sorted({timezone.localdate(a.starts_at) for a in appointments})
    data = load_schedule(
        offices=offices,
        start_date=days[0],
        days=(days[-1] - days[0]).days + 1,
        notaries=Notary.objects.all(),
    )
    handles: dict[int, set[int]] = defaultdict(set)
    for notary_id, matter_id in Notary.matters.through.objects.filter(
        notary_id__in=list(data.notary_office),
        matter_id__in={a.matter_id for a in appointments},
    ).values_list("notary_id", "matter_id"):
        handles[matter_id].add(notary_id)
    free: dict[int, list[int]] = {}
    for appointment in appointments:
        day = timezone.localdate(appointment.starts_at)
        office = offices[appointment.office_id]
        candidates = handles[appointment.matter_id] - {appointment.notary_id}
        if not candidates:
            free[appointment.pk] = []
            continue
        slots = generate_slots(
            dataclasses.replace(data, start_date=day, days=1),
            minutes=int((appointment.ends_at - appointment.starts_at).total_seconds() // 60),
            now=appointment.starts_at,
            notary_ids=candidates,
            residents_rules=False,
        )
        free[appointment.pk] = next(
            (
                sorted(slot.notary_ids)
                for slot in slots.get(office.pk, {}).get(day, [])
                if slot.starts_at == appointment.starts_at
            ),
            [],
        )
    return free
