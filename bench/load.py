"""Load test: the portal behind gunicorn, loaded over loopback HTTP by N keep-alive clients.

gunicorn runs as in production (`portal.wsgi:application`, 2 workers with 4 threads each, no debug,
persistent database connections) against the bench database, on a free port of 127.0.0.1 only.
The client is Python: one thread and one keep-alive `http.client` connection per simulated client,
all in this process, so every scenario is measured by the same client and the ratios to the
floor compare like with like.

Scenarios, each run for a fixed time at each concurrency level after an untimed warm-up:

- the floor: `/healthz`, a trivial view that runs `SELECT 1` (the cost of the stack itself), and
  for reference a static file (`/static/css/portal.css`, served by WhiteNoise);
- the home page, a matter's guide page, the open-data availability answer for one day;
- booking through the wizard: bench residents signed in through `/accounts/login/` (with the CSRF
  token, as a browser) POST the review page for real free slots of the popular matter; a redirect
  to the new appointment is a booking, 409 a time "just taken" (or no longer free).

gunicorn is stopped at the end, also on Ctrl-C or an error (SIGTERM, then SIGKILL after 15 s).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import http.client
import itertools
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric

from accounts.services import resident_profile_update
from appointments.models import Appointment
from notaries.models import Matter, Office

from . import booking
from .util import percentile, say

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORKERS = 2
THREADS = 4
WEB_RESIDENT_PREFIX = "bench-web-"
WEB_PASSWORD = "Bench-load-2026"  # noqa: S105 (a bench account on a bench database)
WARMUP_SECONDS = 1.5
FLOOR = "floor: GET /healthz (SELECT 1)"
STATIC = "static file /static/css/portal.css"
BOOKING = "booking: POST the review page"


# --- gunicorn -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn in its own process group, with its output in a temporary log file."""

    def __init__(self, *, database_url: str):
        self.port = free_port()
        self.database_url = database_url
        self.process: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed in stop())
            prefix="bench-gunicorn-", suffix=".log", delete=False
        )

    @property
    def command(self) -> list[str]:
        return [
            str(Path(sys.executable).with_name("gunicorn")),
            "portal.wsgi:application",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
            "--graceful-timeout",
            "10",
        ]

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "portal.settings.local",
                "DATABASE_URL": self.database_url,
                "DJANGO_DEBUG": "0",
                "ALLOWED_HOSTS": HOST,
                "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
                "SMS_BACKEND": "portal.sms.LocmemBackend",
                "DB_CONN_MAX_AGE": "60",
                "CELERY_BROKER_URL": "",
                "LOG_LEVEL": "ERROR",  # not one line per 409
            }
        )
        return env

    def start(self, *, timeout: float = 60.0) -> None:
        say(f"load: starting gunicorn on {HOST}:{self.port}, {WORKERS} workers x {THREADS} threads")
        self.process = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
            self.command,
            cwd=ROOT,
            env=self.environment(),
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C in the terminal reaches us, not gunicorn
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise RuntimeError(f"gunicorn exited with {code}:\n{self.tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
                conn.close()
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz in {timeout:.0f} s:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        self.log.flush()
        text = Path(self.log.name).read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def stop(self) -> None:
        """SIGTERM to the gunicorn master (it stops its workers gracefully), SIGKILL to our own
        process group if it has not gone in 15 s. Only the process we started is signalled."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
            say(f"load: gunicorn stopped (exit {process.returncode})")
        self.log.close()
        with contextlib.suppress(OSError):
            os.unlink(self.log.name)


@contextlib.contextmanager
def running_server(*, database_url: str) -> Iterator[Server]:
    server = Server(database_url=database_url)
    try:
        server.start()
        yield server
    finally:
        server.stop()


# --- the client ---------------------------------------------------------------------------------


class Client:
    """One keep-alive HTTP/1.1 connection; reconnects when the server closes it."""

    def __init__(self, port: int):
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        # A GET is retried once on a fresh connection (the server may have closed a kept-alive
        # one); a POST never is: it may have booked before the connection broke.
        attempts = 2 if method == "GET" else 1
        for attempt in range(attempts):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                content = response.read()
            except (OSError, http.client.HTTPException):
                self.close()
                if attempt + 1 == attempts:
                    raise
                continue
            if response.will_close:
                self.close()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, content
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


@dataclass
class Result:
    scenario: str
    clients: int
    short: str = ""  # the scenario in one word, for the ratio lines
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)
    warmup_outcomes: Counter = field(default_factory=Counter)  # untimed, but they happened
    errors: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def median(self) -> float:
        return percentile(self.latencies_ms, 0.5) if self.latencies_ms else 0.0

    @property
    def p95(self) -> float:
        return percentile(self.latencies_ms, 0.95) if self.latencies_ms else 0.0

    @property
    def server_errors(self) -> int:
        """Answers 5xx and broken connections: what must never happen under load."""
        return sum(
            n
            for outcome, n in self.outcomes.items()
            if outcome.startswith("5") or outcome == "connection error"
        )


# One request of a scenario: (client, state of this simulated user) -> outcome label.
Step = Callable[[Client, dict], str]


def run(
    *,
    scenario: str,
    short: str,
    clients: int,
    seconds: float,
    port: int,
    step: Step,
    states: list[dict],
) -> Result:
    """`clients` threads, each with its own connection, call `step` back to back: untimed for
    the warm-up, then timed until `seconds` have passed."""
    result = Result(scenario=scenario, clients=clients, short=short)
    lock = threading.Lock()
    clock: dict[str, float] = {}

    def start_clock() -> None:
        clock["warm_until"] = time.perf_counter() + WARMUP_SECONDS
        clock["start"] = clock["warm_until"]
        clock["deadline"] = clock["start"] + seconds

    barrier = threading.Barrier(clients, action=start_clock)

    def worker(state: dict) -> None:
        client = Client(port)
        latencies: list[float] = []
        outcomes: Counter = Counter()
        warmup: Counter = Counter()
        errors: list[str] = []
        try:
            barrier.wait()
            while True:
                began = time.perf_counter()
                if began >= clock["deadline"]:
                    break
                try:
                    outcome = step(client, state)
                except (OSError, http.client.HTTPException) as error:
                    outcome = "connection error"
                    errors.append(f"{type(error).__name__}: {error}"[:200])
                if outcome == "out of work":
                    break
                if began >= clock["warm_until"]:
                    latencies.append((time.perf_counter() - began) * 1000)
                    outcomes[outcome] += 1
                else:
                    warmup[outcome] += 1
        finally:
            client.close()
            with lock:
                result.latencies_ms.extend(latencies)
                result.outcomes.update(outcomes)
                result.warmup_outcomes.update(warmup)
                result.errors.extend(errors)

    threads = [
        threading.Thread(target=worker, args=(states[n],), name=f"load-{n}") for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = max(0.0, min(time.perf_counter(), clock["deadline"]) - clock["start"])
    return result


def get_step(path: str) -> Step:
    def step(client: Client, _state: dict) -> str:
        status, _headers, _body = client.request("GET", path)
        return str(status)

    return step


# --- booking through the wizard -----------------------------------------------------------------


def _web_id_number(index: int) -> str:
    # Born 1985 onwards (no age-based priority or exemption) in Dongcheng (110101): never one of
    # the numbers of bench/booking.py's residents (110105, born 1970 onwards).
    birth = dt.date(1985, 1, 1) + dt.timedelta(days=index)
    body = f"110101{birth:%Y%m%d}{index % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def prepare_web_residents(count: int) -> list:
    """`count` residents who can sign in (one shared password, a verified e-mail address) with
    complete profiles; made once, reused by later runs."""
    from allauth.account.models import EmailAddress

    User = get_user_model()
    # Hashed once: every bench web resident has the same password, so the same hash will do.
    hashed = make_password(WEB_PASSWORD)
    existing = set(
        User.objects.filter(username__startswith=WEB_RESIDENT_PREFIX).values_list(
            "username", flat=True
        )
    )
    missing = [
        User(
            username=f"{WEB_RESIDENT_PREFIX}{index:05d}",
            email=f"{WEB_RESIDENT_PREFIX}{index:05d}@bench.invalid",
            password=hashed,
            role=User.Role.RESIDENT,
        )
        for index in range(count)
        if f"{WEB_RESIDENT_PREFIX}{index:05d}" not in existing
    ]
    with transaction.atomic():
        User.objects.bulk_create(missing, batch_size=1000)
    users = list(
        User.objects.filter(username__startswith=WEB_RESIDENT_PREFIX).order_by("username")[:count]
    )
    with transaction.atomic():
        # The password may have been changed by a sign-in that upgraded its hash; reset it.
        User.objects.filter(pk__in=[u.pk for u in users]).update(password=hashed)
        verified = set(
            EmailAddress.objects.filter(user__in=users, verified=True).values_list(
                "user_id", flat=True
            )
        )
        EmailAddress.objects.filter(user__in=users).exclude(user_id__in=verified).delete()
        EmailAddress.objects.bulk_create(
            EmailAddress(user=u, email=u.email, verified=True, primary=True)
            for u in users
            if u.pk not in verified
        )
    for user in users:
        if not user.has_complete_profile:
            index = int(user.username.removeprefix(WEB_RESIDENT_PREFIX))
            resident_profile_update(
                user=user,
                real_name=f"压测居民{index:05d}",
                phone=f"137{index:08d}",
                id_number=_web_id_number(index),
            )
    return users


def remove_web_bookings() -> int:
    with transaction.atomic():
        _count, by_model = Appointment.objects.filter(
            resident__username__startswith=WEB_RESIDENT_PREFIX
        ).delete()
    return by_model.get(Appointment._meta.label, 0)


_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def _cookies(headers_list: list[tuple[str, str]], jar: dict[str, str]) -> None:
    for name, value in headers_list:
        if name.lower() == "set-cookie":
            cookie = SimpleCookie()
            cookie.load(value)
            for key, morsel in cookie.items():
                jar[key] = morsel.value


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items() if k in ("sessionid", "csrftoken"))


def source_address(index: int) -> str:
    """A loopback address of its own for the `index`th resident: allauth limits sign-ins per
    client address (30 a minute, per gunicorn worker), as it should for real residents, who do
    not all sign in from one address. Linux routes all of 127.0.0.0/8 to the loopback device."""
    return f"127.1.{index // 250}.{index % 250 + 1}"


def sign_in(port: int, email: str, *, source: str | None = None) -> dict[str, str]:
    """Sign in through allauth's form as a browser does: GET the page (CSRF cookie and token),
    POST the e-mail and password; returns the session and CSRF cookies."""
    conn = http.client.HTTPConnection(
        HOST, port, timeout=60, source_address=(source, 0) if source else None
    )
    try:
        jar: dict[str, str] = {}
        conn.request("GET", "/accounts/login/")
        response = conn.getresponse()
        page = response.read()
        _cookies(response.getheaders(), jar)
        token = _CSRF_INPUT.search(page)
        if response.status != 200 or token is None or "csrftoken" not in jar:
            raise RuntimeError(f"GET /accounts/login/ answered {response.status} without a token")
        body = urlencode(
            {"login": email, "password": WEB_PASSWORD, "csrfmiddlewaretoken": token.group(1)}
        ).encode()
        conn.request(
            "POST",
            "/accounts/login/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": _cookie_header(jar),
            },
        )
        response = conn.getresponse()
        response.read()
        _cookies(response.getheaders(), jar)
        location = response.getheader("Location", "")
        if response.status != 302 or "sessionid" not in jar or "confirm-email" in location:
            raise RuntimeError(f"signing in {email} answered {response.status} {location!r}")
        return jar
    finally:
        conn.close()


def sign_in_all(port: int, users: list, *, parallel: int) -> list[dict[str, str]]:
    """Sign in every resident, `parallel` at a time (each sign-in hashes the password once)."""
    jars: list[dict[str, str] | None] = [None] * len(users)
    work: queue.SimpleQueue = queue.SimpleQueue()
    for index in range(len(users)):
        work.put(index)
    failures: list[str] = []

    def worker() -> None:
        while True:
            try:
                index = work.get_nowait()
            except queue.Empty:
                return
            try:
                try:
                    jars[index] = sign_in(port, users[index].email, source=source_address(index))
                except OSError as error:
                    if error.errno != errno.EADDRNOTAVAIL:
                        raise
                    # No loopback network beyond 127.0.0.1 here: sign in from that one.
                    jars[index] = sign_in(port, users[index].email)
            except (RuntimeError, OSError, http.client.HTTPException) as error:
                failures.append(str(error))

    threads = [threading.Thread(target=worker) for _ in range(parallel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{len(failures)} sign-ins failed, e.g. {failures[0]}")
    return [jar for jar in jars if jar is not None]


class BookingWork:
    """The shared work of a booking round: the slots to try (in order, contested ones repeated)
    and the signed-in residents, each good for APPOINTMENT_MAX_ACTIVE_PER_RESIDENT bookings."""

    def __init__(self, *, matter: Matter, tasks: list, sessions: list[dict[str, str]]):
        slugs = dict(Office.objects.values_list("pk", "slug"))
        self.tasks = [
            (f"/book/{matter.code}/{slugs[office_id]}/review/", starts_at.isoformat())
            for office_id, starts_at in tasks
        ]
        self.fields = {"copies": "1", "parties": "1"}
        if matter.fee_by_value:
            self.fields["value"] = "100000"
        self.next_task = itertools.count()
        self.sessions: queue.SimpleQueue = queue.SimpleQueue()
        for jar in sessions:
            self.sessions.put({"jar": jar, "booked": 0})
        self.per_resident = settings.APPOINTMENT_MAX_ACTIVE_PER_RESIDENT
        self.out_of_work = False

    def step(self, client: Client, _state: dict) -> str:
        index = next(self.next_task)
        if index >= len(self.tasks):
            self.out_of_work = True
            return "out of work"
        # Residents take turns, one attempt each, as in bench/booking.py: a contested slot's
        # repeated attempts (back to back in the work list) come from different residents, so
        # nobody collides with their own booking of a moment ago.
        try:
            resident = self.sessions.get_nowait()
        except queue.Empty:
            self.out_of_work = True
            return "out of work"
        jar = resident["jar"]
        path, start = self.tasks[index]
        body = urlencode({"start": start, **self.fields}).encode()
        try:
            status, headers, _content = client.request(
                "POST",
                path,
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": _cookie_header(jar),
                    "X-CSRFToken": jar["csrftoken"],
                },
            )
        except (OSError, http.client.HTTPException):
            self.sessions.put(resident)
            raise
        if status == 302 and headers.get("location", "").startswith("/appointments/"):
            resident["booked"] += 1
            outcome = "booked"
        elif status == 409:
            outcome = "taken"
        elif status == 400:
            # The resident's own limits (an overlap with one of their other bookings).
            outcome = "own limit (400)"
        else:
            outcome = str(status)
        if resident["booked"] < self.per_resident:
            self.sessions.put(resident)
        return outcome


# --- the whole load test ------------------------------------------------------------------------


@dataclass
class LoadReport:
    results: list[Result]
    clients: list[int]
    seconds: float
    workers: int = WORKERS
    threads: int = THREADS
    residents: int = 0
    slots: int = 0
    contested: int = 0
    overlap_checks: list[str] = field(default_factory=list)
    sign_in_seconds: float = 0.0

    def floor(self, clients: int) -> Result | None:
        return next((r for r in self.results if r.scenario == FLOOR and r.clients == clients), None)

    @property
    def passed(self) -> bool:
        return all(not r.server_errors for r in self.results) and all(
            check.startswith("PASS") for check in self.overlap_checks
        )


def measure(
    *,
    matter: Matter,
    date: dt.date,
    database_url: str,
    clients: list[int],
    seconds: float,
    residents: int,
) -> LoadReport:
    removed = remove_web_bookings()
    if removed:
        say(f"load: removed {removed:,} web bookings of an earlier run")
    needed = max(residents, max(clients) * 2)
    users = prepare_web_residents(needed)
    tasks, distinct, contested = booking.work_list(matter=matter, today=timezone.localdate())
    report = LoadReport(
        results=[],
        clients=clients,
        seconds=seconds,
        residents=len(users),
        slots=distinct,
        contested=contested,
    )
    scenarios: list[tuple[str, str, str]] = [
        (FLOOR, "floor", "/healthz"),
        (STATIC, "static file", "/static/css/portal.css"),
        ("home page /", "home page", "/"),
        (f"matter page /matters/{matter.code}/", "matter page", f"/matters/{matter.code}/"),
        (
            "GET /api/v1/availability (1 day)",
            "availability",
            f"/api/v1/availability?matter={matter.code}&date={date.isoformat()}",
        ),
    ]
    with running_server(database_url=database_url) as server:
        started = time.perf_counter()
        say(f"load: signing in {len(users)} bench residents through /accounts/login/ ...")
        sessions = sign_in_all(server.port, users, parallel=WORKERS * THREADS)
        report.sign_in_seconds = time.perf_counter() - started
        for count in clients:
            for label, short, path in scenarios:
                say(f"load: {label}, {count} clients for {seconds:g} s ...")
                result = run(
                    scenario=label,
                    short=short,
                    clients=count,
                    seconds=seconds,
                    port=server.port,
                    step=get_step(path),
                    states=[{} for _ in range(count)],
                )
                _say_result(result)
                report.results.append(result)
            say(f"load: {BOOKING}, {count} clients for {seconds:g} s ...")
            work = BookingWork(matter=matter, tasks=tasks, sessions=sessions)
            result = run(
                scenario=BOOKING,
                short="booking",
                clients=count,
                seconds=seconds,
                port=server.port,
                step=work.step,
                states=[{} for _ in range(count)],
            )
            if work.out_of_work:
                result.note = "ran out of slots or residents before the time was up"
            _say_result(result)
            report.results.append(result)
            report.overlap_checks.append(_verify(result, count))
            say(f"load: overlap check: {report.overlap_checks[-1]}")
            remove_web_bookings()
    return report


def _verify(result: Result, clients: int) -> str:
    notary = booking.count_overlaps("notary_id")
    resident = booking.count_overlaps("resident_id")
    rows = (
        Appointment.objects.active()
        .filter(resident__username__startswith=WEB_RESIDENT_PREFIX)
        .count()
    )
    booked = result.outcomes["booked"] + result.warmup_outcomes["booked"]
    verdict = "PASS" if notary == 0 and resident == 0 and rows == booked else "FAIL"
    return (
        f"{verdict} ({clients} clients: notary overlaps {notary}, resident overlaps {resident}, "
        f"rows {rows:,} for {booked:,} successes, the warm-up's included)"
    )


def _say_result(result: Result) -> None:
    outcomes = ", ".join(f"{n:,} {k}" for k, n in sorted(result.outcomes.items()))
    say(
        f"load:   {result.per_second:.1f} requests/s, median {result.median:.1f} ms, "
        f"p95 {result.p95:.1f} ms ({outcomes or 'no requests'})"
    )
    for error in sorted(set(result.errors))[:3]:
        say(f"load:   error: {error}")
    if result.note:
        say(f"load:   ({result.note})")
