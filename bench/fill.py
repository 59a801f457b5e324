"""Fills the benchmark database with 100,000+ active appointments, fast (COPY, not the service).

The appointments are generated in memory, notary by notary and day by day, so they never overlap:
each notary's working periods are walked on the portal's slot grid, and at every grid time an
appointment starts with a probability that depends on the day (the past ~120 days fairly full, the
next 30 days fuller soon and emptier later, as real bookings are). Every day's appointments go to
distinct residents, so no resident overlaps either. PostgreSQL's exclusion constraints would refuse
any overlap, so a successful fill is itself the proof.

Rows are written with COPY in batches, one transaction per batch. A run interrupted half-way
leaves whole batches behind; the next run removes them (they all belong to the bench residents)
and fills again from scratch.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from appointments.calendar import DayKind, StatutoryCalendar
from appointments.models import Appointment, WorkingPeriod
from appointments.references import ALPHABET
from notaries.models import Matter, Notary, Office

from .util import say

# BENCH_SCALE=2 doubles the data (twice the history, the same future): the "2x" run.
SCALE = max(1, int(os.environ.get("BENCH_SCALE", "1") or 1))
TARGET = 100_000 * SCALE  # active appointments the benchmark needs
GOAL = 104_000 * SCALE  # generate a little more, so the target holds after rounding
PAST_DAYS = 120 * SCALE
FUTURE_DAYS = 30
MIN_RESIDENTS = 3_000
BATCH = 10_000
SEED = 20261123
FILL_RESIDENT_PREFIX = "bench-resident-"
STANDARD_WEEKDAYS = range(5)


@dataclass
class FillResult:
    skipped: bool
    active: int
    residents: int
    first_day: dt.date | None
    last_day: dt.date | None
    seconds: float


def _rng(stream: int = 0) -> random.Random:
    # Deterministic test data, not secrets: the same seed gives the same appointments.
    return random.Random(SEED * 1_000 + stream)  # noqa: S311


def _future_probability(days_ahead: int) -> float:
    """Soon is busy, a month ahead is nearly empty (55% of grid times tomorrow, 15% in 30 days)."""
    return 0.55 - 0.40 * min(days_ahead, FUTURE_DAYS) / FUTURE_DAYS


def _periods_for(weekly: dict[int, list[tuple[dt.time, dt.time]]], info) -> list:
    if info.kind == DayKind.HOLIDAY:
        return []
    own = weekly.get(info.date.weekday(), [])
    if info.adjusted and not own:
        for weekday in STANDARD_WEEKDAYS:
            if weekly.get(weekday):
                return weekly[weekday]
    return own


class _Generator:
    """Everything the generation needs, read once."""

    def __init__(self, *, today: dt.date):
        self.today = today
        self.tz = timezone.get_default_timezone()
        self.step = dt.timedelta(minutes=settings.APPOINTMENT_SLOT_STEP_MINUTES)
        self.first_day = today - dt.timedelta(days=PAST_DAYS)
        self.last_day = today + dt.timedelta(days=FUTURE_DAYS)
        self.calendar = StatutoryCalendar.for_range(start=self.first_day, end=self.last_day)
        self.days = [
            self.calendar.day(self.first_day + dt.timedelta(days=offset))
            for offset in range((self.last_day - self.first_day).days + 1)
        ]
        offices = Office.objects.listed()
        self.buffer = {
            pk: dt.timedelta(minutes=minutes)
            for pk, minutes in offices.values_list("pk", "buffer_minutes")
        }
        self.notary_office = dict(
            Notary.objects.filter(status=Notary.Status.ON_DUTY, office__in=offices)
            .order_by("pk")
            .values_list("pk", "office_id")
        )
        self.periods: dict[int, dict[int, list[tuple[dt.time, dt.time]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for notary_id, weekday, starts, ends in WorkingPeriod.objects.filter(
            notary_id__in=list(self.notary_office)
        ).values_list("notary_id", "weekday", "starts", "ends"):
            self.periods[notary_id][weekday].append((starts, ends))
        for weekly in self.periods.values():
            for periods in weekly.values():
                periods.sort()
        self.matters = {
            pk: (dt.timedelta(minutes=minutes), fee)
            for pk, minutes, fee in Matter.objects.values_list(
                "pk", "appointment_minutes", "fee_amount"
            )
        }
        self.notary_matters: dict[int, list[int]] = defaultdict(list)
        for notary_id, matter_id in Notary.matters.through.objects.filter(
            notary_id__in=list(self.notary_office)
        ).values_list("notary_id", "matter_id"):
            self.notary_matters[notary_id].append(matter_id)
        for matters in self.notary_matters.values():
            matters.sort()

    def _align(self, moment: dt.datetime, period_start: dt.datetime) -> dt.datetime:
        """The first grid time (period start + k steps) at or after `moment`."""
        steps = -((period_start - moment) // self.step)  # ceiling division
        return period_start + max(steps, 0) * self.step

    def generate(self, past_probability: float) -> list[tuple]:
        """(notary, office, matter, starts_at, ends_at, day index) for every appointment."""
        rows: list[tuple] = []
        for day_index, info in enumerate(self.days):
            rng = _rng(day_index)  # one stream a day: future days do not depend on the past's
            days_ahead = (info.date - self.today).days
            chance = past_probability if days_ahead < 0 else _future_probability(days_ahead)
            for notary_id, office_id in self.notary_office.items():
                matters = self.notary_matters.get(notary_id)
                periods = _periods_for(self.periods.get(notary_id, {}), info)
                if not matters or not periods:
                    continue
                buffer = self.buffer[office_id]
                for start, end in periods:
                    period_start = dt.datetime.combine(info.date, start, tzinfo=self.tz)
                    period_end = dt.datetime.combine(info.date, end, tzinfo=self.tz)
                    moment = period_start
                    while moment + self.step <= period_end:
                        if rng.random() >= chance:
                            moment += self.step
                            continue
                        matter_id = rng.choice(matters)
                        length = self.matters[matter_id][0]
                        if moment + length > period_end:
                            moment += self.step
                            continue
                        rows.append(
                            (notary_id, office_id, matter_id, moment, moment + length, day_index)
                        )
                        moment = self._align(moment + length + buffer, period_start)
        return rows


def _fill_residents(count: int) -> list[tuple[int, str, str]]:
    """At least `count` bench residents (bulk created, no identity number needed):
    [(pk, real name, phone)] in a fixed order."""
    User = get_user_model()
    existing = set(
        User.objects.filter(username__startswith=FILL_RESIDENT_PREFIX).values_list(
            "username", flat=True
        )
    )
    missing = []
    for index in range(count):
        username = f"{FILL_RESIDENT_PREFIX}{index:05d}"
        if username not in existing:
            missing.append(
                User(
                    username=username,
                    email=f"{username}@bench.invalid",
                    password="!bench-no-password",  # an unusable password  # noqa: S106
                    role=User.Role.RESIDENT,
                    real_name=f"测试居民{index:05d}",
                    phone=f"138{index:08d}",
                )
            )
    with transaction.atomic():
        User.objects.bulk_create(missing, batch_size=2000)
    return list(
        User.objects.filter(username__startswith=FILL_RESIDENT_PREFIX)
        .order_by("username")
        .values_list("pk", "real_name", "phone")[:count]
    )


def _code(number: int) -> str:
    digits = []
    for _ in range(4):
        number, digit = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


def _copy(records: list[dict]) -> None:
    """COPY appointments into their table. Rows are built as model instances, so every column
    the model has (including ones added later) gets its default; values are prepared by the
    fields themselves, as `bulk_create` would, but written in one COPY."""
    meta = Appointment._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    known = {f.attname for f in fields}
    quote = connection.ops.quote_name
    sql = f"COPY {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"

    def value(field, obj):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            current = getattr(obj, field.attname)
            if current is not None:  # keep the booking time given, not the time of the fill
                return field.get_db_prep_save(current, connection)
        return field.get_db_prep_save(field.pre_save(obj, add=True), connection)

    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for record in records:
            obj = Appointment(**{k: v for k, v in record.items() if k in known})
            copy.write_row([value(field, obj) for field in fields])


def _without_existing(rows: list[tuple], *, buffers: dict) -> list[tuple]:
    """Leave out what would overlap an appointment already there (the demo's own bookings at the
    try-out office), buffers included, so that the exclusion constraint accepts the COPY."""
    busy: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for notary_id, office_id, starts_at, ends_at in Appointment.objects.active().values_list(
        "notary_id", "office_id", "starts_at", "ends_at"
    ):
        buffer = buffers.get(office_id, dt.timedelta(0))
        busy[notary_id].append((starts_at - buffer, ends_at + buffer))
    return [
        row
        for row in rows
        if not any(start < row[4] and end > row[3] for start, end in busy.get(row[0], ()))
    ]


def fill(*, now: dt.datetime | None = None) -> FillResult:
    started = time.perf_counter()
    now = now or timezone.now()
    active = Appointment.objects.active()
    count = active.count()
    if count >= TARGET:
        span = active.order_by().values_list("starts_at", flat=True)
        first, last = span.order_by("starts_at").first(), span.order_by("-starts_at").first()
        say(f"fill: the database already holds {count:,} active appointments; not filling again")
        return FillResult(
            skipped=True,
            active=count,
            residents=get_user_model()
            .objects.filter(username__startswith=FILL_RESIDENT_PREFIX)
            .count(),
            first_day=timezone.localdate(first) if first else None,
            last_day=timezone.localdate(last) if last else None,
            seconds=time.perf_counter() - started,
        )
    leftovers = Appointment.objects.filter(resident__username__startswith=FILL_RESIDENT_PREFIX)
    if leftovers.exists():
        say(f"fill: removing {leftovers.count():,} appointments of an interrupted earlier fill")
        with transaction.atomic():
            leftovers.delete()

    today = timezone.localdate(now)
    say(
        f"fill: generating appointments for {today - dt.timedelta(days=PAST_DAYS)} .. "
        f"{today + dt.timedelta(days=FUTURE_DAYS)}"
    )
    generator = _Generator(today=today)
    # Find the share of past grid times to take so that the total reaches GOAL.
    probability = 0.3
    for _attempt in range(6):
        rows = generator.generate(probability)
        if GOAL <= len(rows) <= GOAL * 1.05 or (len(rows) < GOAL and probability >= 0.95):
            break
        probability = min(0.95, probability * GOAL * 1.02 / max(len(rows), 1))
    rows = _without_existing(rows, buffers=generator.buffer)
    future = sum(1 for row in rows if row[3] >= now)
    if len(rows) < TARGET:
        raise RuntimeError(f"only {len(rows):,} appointments fit the demo notaries' hours")
    say(
        f"fill: {len(rows):,} appointments generated ({future:,} ahead of now; "
        f"{probability:.0%} of past grid times taken)"
    )

    by_day: dict[int, int] = defaultdict(int)
    for row in rows:
        by_day[row[5]] += 1
    residents = _fill_residents(max(MIN_RESIDENTS, max(by_day.values())))
    say(f"fill: {len(residents):,} bench residents ready")

    rng = _rng(-1)
    order = list(range(len(residents)))
    day_position: dict[int, int] = {}
    day_order: dict[int, list[int]] = {}
    codes: dict[dt.date, int] = defaultdict(int)
    # The demo's own history holds references of the same form: step over them.
    taken = set(Appointment.objects.values_list("reference", flat=True))
    yesterday = today - dt.timedelta(days=1)
    records = []
    for notary_id, office_id, matter_id, starts_at, ends_at, day_index in rows:
        if day_index not in day_order:
            rng.shuffle(order)
            day_order[day_index] = order[:]
            day_position[day_index] = 0
        # One appointment per resident per day: residents never overlap.
        resident_pk, name, phone = residents[day_order[day_index][day_position[day_index]]]
        day_position[day_index] += 1
        booked_on = min(timezone.localdate(starts_at) - dt.timedelta(days=14), yesterday)
        codes[booked_on] += 1
        while f"{booked_on:%Y%m%d}-{_code(codes[booked_on])}" in taken:
            codes[booked_on] += 1
        booked_at = dt.datetime.combine(booked_on, dt.time(10), tzinfo=generator.tz)
        reminded = (
            starts_at - dt.timedelta(days=1) if starts_at < now + dt.timedelta(days=1) else None
        )
        fee = generator.matters[matter_id][1]
        records.append(
            {
                "reference": f"{booked_on:%Y%m%d}-{_code(codes[booked_on])}",
                "resident_id": resident_pk,
                "matter_id": matter_id,
                "office_id": office_id,
                "notary_id": notary_id,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "status": Appointment.Status.BOOKED,
                "applicant_name": name,
                "applicant_phone": phone,
                "fee_quote": fee,
                "fee_gross": fee,  # no exemption claimed: the whole fee is payable
                "language": "zh-hans",
                "created_at": booked_at,
                "updated_at": booked_at,
                "reminder_sent_at": reminded,
            }
        )

    for offset in range(0, len(records), BATCH):
        batch = records[offset : offset + BATCH]
        with transaction.atomic():
            _copy(batch)
        say(f"filling appointments {offset + len(batch):,}/{len(records):,} ...")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(Appointment._meta.db_table)}")
    return FillResult(
        skipped=False,
        active=Appointment.objects.active().count(),
        residents=len(residents),
        first_day=generator.first_day,
        last_day=generator.last_day,
        seconds=time.perf_counter() - started,
    )
