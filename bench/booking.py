"""Booking throughput: clients booking real free slots through `appointment_book` at once.

Each client is a process of its own (as gunicorn's workers are: threads of one process would
measure Python's interpreter lock) with its own database connection, booking for its own
residents (one resident per successful booking, so the per-resident limits never interfere).
The work list is every free slot of the popular matter over the next two weeks, shuffled; about
one slot in ten is "contested": it appears as many times as it has free notaries plus two, one
after another, so that clients race for it and the last ones must be told that the time was
just taken. A round runs for a fixed time.

Afterwards SQL checks that no notary and no resident holds two overlapping active appointments,
and that every reported success is a row. Each round starts from the same state: the bench
bookings of the round before (and of an earlier run) are deleted first.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import random
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
# Where the clients queue the confirmations they trigger, as gunicorn's workers do in production
# (a Celery worker on other hosts sends them): a Redis database of the bench's own, emptied after.
QUEUE_URL = os.environ.get("BENCH_QUEUE_URL", "redis://127.0.0.1:6379/15")
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


def warm_up(*, matter: Matter, resident, tasks: list[tuple[int, dt.datetime]]) -> None:
    """One booking (and its messages) in this process before the clients are forked, so that
    what Django does once per process (URL patterns, templates, translations, lazy imports) is
    done once, not in every client's timed first booking; then it is deleted again."""
    for office_id, starts_at in tasks[:20]:
        try:
            appointment_book(
                resident=resident,
                matter=matter,
                office=Office.objects.get(pk=office_id),
                starts_at=starts_at,
            )
        except BookingError:
            continue
        break
    remove_bench_bookings()
    gc.collect()
    gc.freeze()  # the children share these pages instead of copying them at the first collection


def confirmations_queue() -> str | None:
    """The queue's URL if Redis answers there (emptied), else None (confirmations run inline)."""
    try:
        import redis

        redis.Redis.from_url(QUEUE_URL, socket_connect_timeout=1).flushdb()
    except Exception:  # any failure: no queue
        return None
    return QUEUE_URL


def _queue_confirmations(url: str | None) -> None:
    """In a client: send the confirmations' tasks to the queue instead of running them."""
    if url is None:
        return
    from portal.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = url


def _book_one(*, matter: Matter, office: Office, resident, starts_at) -> str:
    try:
        appointment_book(resident=resident, matter=matter, office=office, starts_at=starts_at)
    except SlotTaken:
        return "taken"
    except BookingError as error:
        return type(error).__name__
    return "booked"


class ClientPool:
    """`size` booking clients, each a long-lived process of its own (forked once, with its own
    database connection, warmed by one booking of its own), as gunicorn's workers are: threads
    of one Python process would measure the interpreter's lock, and a process forked per round
    its own start-up. A round sets the first `n` of them booking at once for some seconds."""

    def __init__(
        self, *, size: int, matter: Matter, bookers: list, tasks: list, queue: str | None
    ) -> None:
        self.matter, self.bookers, self.tasks, self.queue = matter, bookers, tasks, queue
        self.offices = {office.pk: office for office in Office.objects.all()}
        context = multiprocessing.get_context("fork")
        self.next_task = context.Value("l", 0)
        self.next_resident = context.Value("l", 0)
        self.results = context.SimpleQueue()
        self.pipes = []
        self.processes = []
        connections.close_all()  # no connection is shared with the children
        for number in range(size):
            parent_end, child_end = context.Pipe()
            process = context.Process(
                target=self._child, args=(number, child_end), name=f"booker-{number}"
            )
            process.start()
            self.pipes.append(parent_end)
            self.processes.append(process)
        for _ in range(size):  # every client has booked once (and so loaded what it needs)
            self.results.get()
        remove_bench_bookings()

    def _take(self, counter) -> int:
        with counter.get_lock():
            value = counter.value
            counter.value += 1
        return value

    def _child(self, number: int, pipe) -> None:
        try:
            connection.ensure_connection()
            _queue_confirmations(self.queue)
            # Warm-up: a time from the end of the work list, a resident from the end of the list.
            for office_id, starts_at in self.tasks[-1 - number * 5 :: -1][:5]:
                outcome = _book_one(
                    matter=self.matter,
                    office=self.offices[office_id],
                    resident=self.bookers[-1 - number],
                    starts_at=starts_at,
                )
                if outcome == "booked":
                    break
            self.results.put(("ready", number))
            while True:
                command = pipe.recv()
                if command is None:
                    break
                start, seconds = command
                self.results.put(self._round(start, seconds))
        finally:
            connections.close_all()
            os._exit(0)  # no atexit, no parent's cleanup in the child

    def _round(self, start: float, seconds: float) -> tuple:
        outcomes: Counter = Counter()
        latencies: list[float] = []
        errors: list[str] = []
        out_of_work = False
        while time.perf_counter() < start:
            time.sleep(0.001)
        deadline = start + seconds
        resident = None
        try:
            while time.perf_counter() < deadline:
                index = self._take(self.next_task)
                if index >= len(self.tasks):
                    out_of_work = True
                    break
                office_id, starts_at = self.tasks[index]
                if resident is None:
                    number = self._take(self.next_resident)
                    if number >= len(self.bookers) - len(self.processes):
                        out_of_work = True
                        break
                    resident = self.bookers[number]
                began = time.perf_counter()
                try:
                    outcome = _book_one(
                        matter=self.matter,
                        office=self.offices[office_id],
                        resident=resident,
                        starts_at=starts_at,
                    )
                except DatabaseError as error:
                    outcome = "database error"
                    errors.append(f"{type(error).__name__}: {error}".strip()[:200])
                if outcome == "booked":
                    resident = None  # one booking per resident
                latencies.append((time.perf_counter() - began) * 1000)
                outcomes[outcome] += 1
        except Exception as error:  # reported, not lost with the child
            errors.append(f"{type(error).__name__}: {error}".strip()[:200])
        return (dict(outcomes), latencies, errors, out_of_work)

    def run_round(self, *, clients: int, seconds: float) -> Round:
        self.next_task.value = 0
        self.next_resident.value = 0
        start = time.perf_counter() + 0.2
        for pipe in self.pipes[:clients]:
            pipe.send((start, seconds))
        result = Round(threads=clients, seconds=seconds)
        for _ in range(clients):
            outcomes, latencies, errors, out_of_work = self.results.get()
            result.outcomes.update(outcomes)
            result.latencies_ms.extend(latencies)
            result.errors.extend(errors)
            result.out_of_work |= out_of_work
        result.seconds = max(seconds, time.perf_counter() - start)
        return result

    def close(self) -> None:
        for pipe in self.pipes:
            pipe.send(None)
        for process in self.processes:
            process.join(timeout=30)


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
    warm_up(matter=matter, resident=bookers[-1], tasks=tasks)
    queue = confirmations_queue()
    say(
        f"booking: confirmations queued to {queue} (not sent: a worker elsewhere would)"
        if queue
        else "booking: no Redis for the confirmations' queue: they run inline in the clients"
    )
    pool = ClientPool(
        size=max(thread_counts), matter=matter, bookers=bookers, tasks=tasks, queue=queue
    )
    rounds = []
    try:
        for threads in thread_counts:
            rounds.append(_measure_round(pool, threads=threads, seconds=seconds))
    finally:
        pool.close()
        remove_bench_bookings()
        confirmations_queue()  # the queued tasks name bookings that are gone
    return rounds, distinct, contested


def _measure_round(pool: ClientPool, *, threads: int, seconds: float) -> Round:
    label = f"{threads} client{'s' if threads != 1 else ''}"
    say(f"booking: {label} for {seconds:g} s ...")
    result = pool.run_round(clients=threads, seconds=seconds)
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
    return result
