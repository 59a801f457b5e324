"""Booking throughput: threads booking real free slots through `appointment_book` at once.

Each thread has its own database connection and books for its own residents (one resident per
successful booking, so the per-resident limits never interfere). The work list is every free slot
of the popular matter over the next two weeks, shuffled; about one slot in ten is "contested": it
appears as many times as it has free notaries plus two, one after another, so that threads race
for it and the last ones must be told that the time was just taken. A round runs for a fixed time.

Afterwards SQL checks that no notary and no resident holds two overlapping active appointments,
and that every reported success is a row. Each round starts from the same state: the bench
bookings of the round before (and of an earlier run) are deleted first.
"""

from __future__ import annotations

import datetime as dt
import itertools
import queue
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone
from stdnum.cn import ric

from accounts.services import resident_profile_update
from appointments.availability import compute_availability
from appointments.errors import BookingError, SlotTaken
from appointments.models import Appointment
from appointments.services import appointment_book
from notaries.models import Matter, Office

from .util import percentile, say

BOOKER_PREFIX = "bench-booker-"
CONTESTED_SHARE = 0.10
EXTRA_CONTENDERS = 2
SEED = 20261124


@dataclass
class Round:
    threads: int
    seconds: float
    outcomes: Counter = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    out_of_work: bool = False
    notary_overlaps: int = -1
    resident_overlaps: int = -1
    rows: int = -1

    @property
    def attempts(self) -> int:
        return sum(self.outcomes.values())

    @property
    def booked(self) -> int:
        return self.outcomes["booked"]

    @property
    def taken(self) -> int:
        return self.outcomes["taken"]

    @property
    def other(self) -> int:
        return self.attempts - self.booked - self.taken

    @property
    def bookings_per_second(self) -> float:
        return self.booked / self.seconds if self.seconds else 0.0

    @property
    def attempts_per_second(self) -> float:
        return self.attempts / self.seconds if self.seconds else 0.0

    @property
    def passed(self) -> bool:
        return (
            self.notary_overlaps == 0
            and self.resident_overlaps == 0
            and self.rows == self.booked
            and not self.errors
        )

    def latency(self, fraction: float) -> float:
        return percentile(self.latencies_ms, fraction) if self.latencies_ms else 0.0


def _id_number(index: int) -> str:
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=index)
    body = f"110105{birth:%Y%m%d}{index % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum ignores the last character


def prepare_bookers(count: int) -> list:
    """`count` residents with complete profiles (name, phone, identity number), made once."""
    User = get_user_model()
    existing = set(
        User.objects.filter(username__startswith=BOOKER_PREFIX).values_list("username", flat=True)
    )
    missing = [
        User(
            username=f"{BOOKER_PREFIX}{index:05d}",
            email=f"{BOOKER_PREFIX}{index:05d}@bench.invalid",
            password="!bench-no-password",  # an unusable password  # noqa: S106
            role=User.Role.RESIDENT,
        )
        for index in range(count)
        if f"{BOOKER_PREFIX}{index:05d}" not in existing
    ]
    with transaction.atomic():
        User.objects.bulk_create(missing, batch_size=2000)
    users = list(User.objects.filter(username__startswith=BOOKER_PREFIX).order_by("username"))
    users = users[:count]
    incomplete = [u for u in users if not u.has_complete_profile]
    for done, user in enumerate(incomplete, start=1):
        index = int(user.username.removeprefix(BOOKER_PREFIX))
        resident_profile_update(
            user=user,
            real_name=f"测试预约人{index:05d}",
            phone=f"139{index:08d}",
            id_number=_id_number(index),
        )
        if done % 500 == 0 or done == len(incomplete):
            say(f"booking: resident profiles {done:,}/{len(incomplete):,} ...")
    return users


def remove_bench_bookings() -> int:
    with transaction.atomic():
        _count, by_model = Appointment.objects.filter(
            resident__username__startswith=BOOKER_PREFIX
        ).delete()
    return by_model.get(Appointment._meta.label, 0)


def work_list(*, matter: Matter, today: dt.date) -> tuple[list[tuple[int, dt.datetime]], int, int]:
    """(office id, start) to try, in order; and how many distinct and contested slots."""
    availability = compute_availability(
        matter=matter, start_date=today + dt.timedelta(days=1), days=14
    )
    slots = availability.all_slots()
    rng = random.Random(SEED)  # noqa: S311 (a fixed shuffle, not a secret)
    rng.shuffle(slots)
    tasks: list[tuple[int, dt.datetime]] = []
    contested = 0
    for slot in slots:
        if rng.random() < CONTESTED_SHARE:
            contested += 1
            tasks.extend(
                [(slot.office_id, slot.starts_at)] * (slot.free_notaries + EXTRA_CONTENDERS)
            )
        else:
            tasks.append((slot.office_id, slot.starts_at))
    return tasks, len(slots), contested


def count_overlaps(column: str) -> int:
    """Active appointments that overlap an earlier one of the same notary or resident."""
    table = Appointment._meta.db_table
    statuses = ", ".join(f"'{s}'" for s in Appointment.ACTIVE_STATUSES)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT count(*) FROM (
                SELECT starts_at,
                       max(ends_at) OVER (
                           PARTITION BY {column} ORDER BY starts_at, id
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                       ) AS previous_end
                FROM {table}
                WHERE status IN ({statuses})
            ) AS ordered
            WHERE previous_end > starts_at
            """  # noqa: S608 (only names from the model, no input)
        )
        return cursor.fetchone()[0]


def verify(result: Round) -> None:
    """Count overlapping active appointments, per notary and per resident, over the whole table."""
    result.notary_overlaps = count_overlaps("notary_id")
    result.resident_overlaps = count_overlaps("resident_id")
    result.rows = (
        Appointment.objects.active().filter(resident__username__startswith=BOOKER_PREFIX).count()
    )


def run_round(
    *,
    threads: int,
    seconds: float,
    matter: Matter,
    bookers: list,
    tasks: list[tuple[int, dt.datetime]],
) -> Round:
    offices = {office.pk: office for office in Office.objects.all()}
    residents: queue.SimpleQueue = queue.SimpleQueue()
    for user in bookers:
        residents.put(user)
    next_task = itertools.count()
    state: dict[str, float] = {}

    def start_clock() -> None:
        state["start"] = time.perf_counter()
        state["deadline"] = state["start"] + seconds

    barrier = threading.Barrier(threads, action=start_clock)
    result = Round(threads=threads, seconds=seconds)
    lock = threading.Lock()

    def worker() -> None:
        outcomes: Counter = Counter()
        latencies: list[float] = []
        errors: list[str] = []
        out_of_work = False
        try:
            connection.ensure_connection()
            barrier.wait()
            resident = None
            while time.perf_counter() < state["deadline"]:
                index = next(next_task)
                if index >= len(tasks):
                    out_of_work = True
                    break
                office_id, starts_at = tasks[index]
                if resident is None:
                    try:
                        resident = residents.get_nowait()
                    except queue.Empty:
                        out_of_work = True
                        break
                began = time.perf_counter()
                try:
                    appointment_book(
                        resident=resident,
                        matter=matter,
                        office=offices[office_id],
                        starts_at=starts_at,
                    )
                except SlotTaken:
                    outcome = "taken"
                except BookingError as error:
                    outcome = type(error).__name__
                except DatabaseError as error:
                    outcome = "database error"
                    errors.append(f"{type(error).__name__}: {error}".strip()[:200])
                else:
                    outcome = "booked"
                    resident = None  # one booking per resident
                latencies.append((time.perf_counter() - began) * 1000)
                outcomes[outcome] += 1
        finally:
            connections.close_all()
            with lock:
                result.outcomes.update(outcomes)
                result.latencies_ms.extend(latencies)
                result.errors.extend(errors)
                result.out_of_work |= out_of_work

    pool = [threading.Thread(target=worker, name=f"booker-{n}") for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    result.seconds = time.perf_counter() - state["start"]
    return result


def measure(
    *, matter: Matter, thread_counts: list[int], seconds: float, booker_count: int
) -> tuple[list[Round], int, int]:
    removed = remove_bench_bookings()
    if removed:
        say(f"booking: removed {removed:,} bench bookings of an earlier run")
    bookers = prepare_bookers(booker_count)
    today = timezone.localdate()
    tasks, distinct, contested = work_list(matter=matter, today=today)
    say(
        f"booking: {distinct:,} free slots over 14 days, {contested:,} contested, "
        f"{len(tasks):,} attempts queued"
    )
    rounds = []
    for threads in thread_counts:
        label = f"{threads} thread{'s' if threads != 1 else ''}"
        say(f"booking: {label} for {seconds:g} s ...")
        result = run_round(
            threads=threads, seconds=seconds, matter=matter, bookers=bookers, tasks=tasks
        )
        verify(result)
        say(
            f"booking: {label}: {result.booked:,} booked, {result.taken:,} just taken, "
            f"{result.other:,} other in {result.seconds:.1f} s "
            f"({result.bookings_per_second:.1f} bookings/s); "
            f"overlap check {'PASS' if result.passed else 'FAIL'}"
        )
        for error in sorted(set(result.errors))[:5]:
            say(f"  error: {error}")
        if result.out_of_work:
            say("  (the round ran out of slots or residents before its time was up)")
        remove_bench_bookings()
        rounds.append(result)
    return rounds, distinct, contested
