"""The benchmark's summary: a plain-text table for the terminal, Markdown for the docs."""

from __future__ import annotations

import datetime as dt
import os
import platform
from dataclasses import dataclass
from pathlib import Path

import django
from django.utils import timezone

from .booking import Round
from .fill import FillResult
from .latency import Measurement
from .load import BOOKING, FLOOR, LoadReport
from .util import load_average


@dataclass
class Machine:
    cpus: int
    cpu_model: str
    python: str
    django: str
    postgresql: str
    database: str
    system: str
    load: str


def machine(connection, *, load_at_start: str) -> Machine:
    try:
        cpus = len(os.sched_getaffinity(0))  # what `nproc` prints
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 0
    model = platform.processor() or "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgresql = cursor.fetchone()[0]
    return Machine(
        cpus=cpus,
        cpu_model=model,
        python=platform.python_version(),
        django=django.get_version(),
        postgresql=postgresql,
        database=f"{connection.settings_dict['NAME']} at "
        f"{connection.settings_dict['HOST'] or 'local socket'}:{connection.settings_dict['PORT']}",
        system=platform.platform(),
        load=f"{load_at_start} at start; {load_average()} at end",
    )


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b else "n/a"


def _share(a: float, b: float) -> str:
    return f"{a / b:.1%}" if b else "n/a"


@dataclass
class Summary:
    command: str
    filled: FillResult
    matter: object
    office_count: int
    date: dt.date
    measurements: list[Measurement]
    rounds: list[Round]
    distinct_slots: int
    contested_slots: int
    booking_seconds: float
    machine: Machine
    total_seconds: float
    load: LoadReport | None = None

    def __post_init__(self) -> None:
        self.when = timezone.localtime()

    # --- shared pieces ----------------------------------------------------------------------------

    def _by_label(self, start: str) -> Measurement | None:
        return next((m for m in self.measurements if m.label.startswith(start)), None)

    def ratios(self) -> list[tuple[str, str]]:
        one = self._by_label("compute_availability, 1 day")
        fourteen = self._by_label("compute_availability, 14 days")
        api = self._by_label("GET /api/v1/availability")
        found = []
        if one and fourteen:
            found.append(
                (
                    "14 days vs 1 day (compute_availability, median)",
                    _ratio(fourteen.timing.median, one.timing.median),
                )
            )
        if one and api:
            found.append(
                (
                    "API vs direct call (1 day, median)",
                    _ratio(api.timing.median, one.timing.median),
                )
            )
        if len(self.rounds) >= 2 and self.rounds[0].bookings_per_second:
            first, last = self.rounds[0], self.rounds[-1]
            found.append(
                (
                    f"bookings/s, {last.threads} threads vs {first.threads}",
                    _ratio(last.bookings_per_second, first.bookings_per_second),
                )
            )
        return found

    def latency_rows(self) -> list[list[str]]:
        return [
            [
                m.label,
                f"{m.timing.median:.1f}",
                f"{m.timing.p95:.1f}",
                str(m.timing.runs),
                str(m.queries),
                m.detail,
            ]
            for m in self.measurements
        ]

    def booking_rows(self) -> list[list[str]]:
        return [
            [
                str(r.threads),
                f"{r.seconds:.1f}",
                f"{r.attempts:,}",
                f"{r.booked:,}",
                f"{r.taken:,}",
                f"{r.other:,}",
                f"{r.bookings_per_second:.1f}",
                f"{r.attempts_per_second:.1f}",
                f"{r.latency(0.5):.0f}",
                f"{r.latency(0.95):.0f}",
                "PASS" if r.passed else "FAIL",
            ]
            for r in self.rounds
        ]

    LATENCY_HEADER = ["Answer", "median ms", "p95 ms", "runs", "SQL queries", "answer held"]
    BOOKING_HEADER = [
        "threads",
        "s",
        "attempts",
        "booked",
        "just taken",
        "other",
        "bookings/s",
        "attempts/s",
        "median ms",
        "p95 ms",
        "no overlap",
    ]

    def data_line(self) -> str:
        f = self.filled
        how = "reused from an earlier run" if f.skipped else f"filled in {f.seconds:.0f} s"
        return (
            f"{f.active:,} active appointments ({how}), {f.first_day} to {f.last_day}, "
            f"{f.residents:,} residents"
        )

    def machine_line(self) -> str:
        m = self.machine
        return (
            f"nproc {m.cpus} ({m.cpu_model}); Python {m.python}; Django {m.django}; "
            f"PostgreSQL {m.postgresql}; {m.system}; load average {m.load}"
        )

    def scope_line(self) -> str:
        return (
            f"matter {self.matter.code} at all {self.office_count} offices; "
            f"day measured {self.date:%Y-%m-%d} ({self.date:%a})"
        )

    def verification_line(self) -> str:
        verdicts = [
            f"{r.threads} thread{'s' if r.threads != 1 else ''}: notary overlaps "
            f"{r.notary_overlaps}, resident overlaps {r.resident_overlaps}, "
            f"rows {r.rows:,} for {r.booked:,} successes"
            for r in self.rounds
        ]
        overall = "PASS" if all(r.passed for r in self.rounds) else "FAIL"
        return f"{overall}: " + "; ".join(verdicts)

    # --- the load test ----------------------------------------------------------------------------

    LOAD_HEADER = [
        "scenario",
        "clients",
        "requests",
        "req/s",
        "median ms",
        "p95 ms",
        "req/s, % of floor",
        "median vs floor",
        "answers",
    ]

    def load_rows(self) -> list[list[str]]:
        if self.load is None:
            return []
        rows = []
        for r in self.load.results:
            floor = self.load.floor(r.clients)
            is_floor = r.scenario == FLOOR
            answers = ", ".join(f"{n:,} {k}" for k, n in sorted(r.outcomes.items()))
            rows.append(
                [
                    r.scenario,
                    str(r.clients),
                    f"{r.requests:,}",
                    f"{r.per_second:.1f}",
                    f"{r.median:.1f}",
                    f"{r.p95:.1f}",
                    "100%" if is_floor else _share(r.per_second, floor.per_second if floor else 0),
                    "1.0x" if is_floor else _ratio(r.median, floor.median if floor else 0),
                    answers + (f" ({r.note})" if r.note else ""),
                ]
            )
        return rows

    def load_setup_line(self) -> str:
        load = self.load
        assert load is not None
        return (
            f"gunicorn portal.wsgi:application, {load.workers} workers x {load.threads} threads, "
            f"127.0.0.1 only, DJANGO_DEBUG=0, DB_CONN_MAX_AGE=60; {load.seconds:g} s per "
            f"scenario and concurrency after a 1.5 s warm-up; Python keep-alive clients "
            f"(one thread and connection each); {load.residents} bench residents signed in "
            f"through /accounts/login/ in {load.sign_in_seconds:.0f} s; booking work: "
            f"{load.slots:,} free slots, {load.contested:,} contested"
        )

    def load_booking_line(self) -> str:
        load = self.load
        assert load is not None
        parts = []
        for r in load.results:
            if r.scenario != BOOKING:
                continue
            booked, taken = r.outcomes["booked"], r.outcomes["taken"]
            other = r.requests - booked - taken
            parts.append(
                f"{r.clients} clients: {booked:,} booked ({booked / r.seconds:.1f}/s), "
                f"{taken:,} just taken, {other:,} other"
            )
        return "; ".join(parts)

    def load_ratio_lines(self) -> list[str]:
        """For each concurrency: how many times the floor's median each scenario takes."""
        load = self.load
        assert load is not None
        lines = []
        for clients in load.clients:
            floor = load.floor(clients)
            if floor is None:
                continue
            cells = [
                f"{r.short} {_ratio(r.median, floor.median)}"
                for r in load.results
                if r.clients == clients and r.scenario != FLOOR
            ]
            lines.append(
                f"{clients} clients, median vs the floor ({floor.median:.1f} ms, "
                f"{floor.per_second:.0f} req/s): " + ", ".join(cells)
            )
        return lines

    # --- plain text -------------------------------------------------------------------------------

    @staticmethod
    def _table(header: list[str], rows: list[list[str]]) -> list[str]:
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

        def line(cells: list[str]) -> str:
            return "  ".join(
                cell.ljust(widths[i]) if i == 0 or i == len(cells) - 1 else cell.rjust(widths[i])
                for i, cell in enumerate(cells)
            ).rstrip()

        return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]

    def text(self) -> str:
        lines = [
            f"=== Benchmark summary, {self.when:%Y-%m-%d %H:%M %Z} ===",
            f"Data:    {self.data_line()}",
            f"Scope:   {self.scope_line()}",
            f"Machine: {self.machine_line()}",
            "",
            "Availability (after 3 warm-up calls; the four answers timed taking turns):",
            *self._table(self.LATENCY_HEADER, self.latency_rows()),
            "",
            f"Booking through appointment_book, {self.booking_seconds:g} s a round "
            f"({self.distinct_slots:,} free slots, {self.contested_slots:,} contested):",
            *self._table(self.BOOKING_HEADER, self.booking_rows()),
            f"Overlap check: {self.verification_line()}",
            "",
            "Ratios:",
            *(f"  {label}: {value}" for label, value in self.ratios()),
            "",
            *self._load_text(),
            f"Command: {self.command}   (whole run {self.total_seconds:.0f} s)",
        ]
        return "\n".join(lines)

    def _load_text(self) -> list[str]:
        if self.load is None:
            return []
        return [
            f"Load test ({self.load_setup_line()}):",
            *self._table(self.LOAD_HEADER, self.load_rows()),
            f"Booking over HTTP: {self.load_booking_line()}",
            f"Overlap check: {'; '.join(self.load.overlap_checks)}",
            *(f"  {line}" for line in self.load_ratio_lines()),
            "",
        ]

    # --- Markdown ---------------------------------------------------------------------------------

    @staticmethod
    def _markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
        def line(cells: list[str]) -> str:
            return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

        align = ["---"] + ["---:"] * (len(header) - 2) + ["---"]
        return [line(header), "|" + "|".join(align) + "|", *(line(r) for r in rows)]

    def markdown(self) -> str:
        parts = [
            "# Performance",
            "",
            "Generated by `bench/run.py` (`make bench`); every run overwrites this file. "
            "The numbers below are from one run on the machine described at the end.",
            "",
            "## What is measured",
            "",
            "The benchmark uses its own PostgreSQL database (`portal_bench`, or "
            "`BENCH_DATABASE_URL`), migrated and loaded with the demo data (25 offices, about "
            "400 notaries with working hours, 65 matters). It then fills it once with at least "
            "100,000 active appointments by bulk `COPY`: the past 120 days and the next 30, on "
            "working days and inside the notaries' hours, never overlapping for a notary or a "
            "resident (PostgreSQL's exclusion constraints would refuse them), booked by a few "
            "thousand bench residents. Later runs reuse them.",
            "",
            "- **compute_availability, 1 day / 14 days**: the free slots of one popular matter "
            "at every office that handles it, for one working day and for 14 days from it "
            "(the call behind the booking pages). Median and 95th percentile wall-clock time in "
            "milliseconds over the runs shown, after 3 untimed warm-up calls; the four answers are "
            "timed taking turns, so load elsewhere on the machine affects them alike; "
            "*SQL queries* is "
            "the number of queries one call makes (`CaptureQueriesContext`).",
            "- **GET /api/v1/availability**: the same 1-day answer through the whole Django "
            "stack (middleware, view, JSON) with `django.test.Client`, no network.",
            "- **earliest_slots**: the earliest free slot at 5 offices across the city (the "
            '"first available" answer), which reads a week at a time.',
            "- **Booking**: N threads, each with its own database connection, book real free "
            "slots of the matter over the next 14 days through `appointment_book` for a fixed "
            "time, one resident (with a complete profile) per successful booking. About one "
            "slot in ten is contested: as many attempts as it has free notaries plus two, "
            "queued back to back so threads race for it. *booked* are successes, *just taken* "
            "the `SlotTaken` answers (the contest losers and slots overlapping a booking made "
            "meanwhile), *other* any other refusal; *bookings/s* is successes per second of "
            "the round; *median/p95 ms* the time of one attempt. Each booking also renders and "
            '"sends" its e-mail and SMS inline (in-memory backends, Celery eager), as the '
            "embedded mode does. After each round a SQL window query over the whole table "
            "checks that no notary and no resident holds two overlapping active appointments "
            "and that every success is a row (*no overlap* PASS/FAIL); then the round's "
            "bookings are deleted, so every round starts from the same state.",
            "",
            "## Results",
            "",
            f"- Run: {self.when:%Y-%m-%d %H:%M %Z}, whole run {self.total_seconds:.0f} s",
            f"- Data: {self.data_line()}",
            f"- Scope: {self.scope_line()}",
            "",
            "### Availability",
            "",
            *self._markdown_table(self.LATENCY_HEADER, self.latency_rows()),
            "",
            f"### Booking ({self.booking_seconds:g} s a round; {self.distinct_slots:,} free "
            f"slots, {self.contested_slots:,} contested)",
            "",
            *self._markdown_table(self.BOOKING_HEADER, self.booking_rows()),
            "",
            f"Overlap check: {self.verification_line()}.",
            "",
            "### Ratios",
            "",
            *(f"- {label}: **{value}**" for label, value in self.ratios()),
            "",
            "## Machine",
            "",
            f"- CPUs (`nproc`): {self.machine.cpus} ({self.machine.cpu_model})",
            f"- Python {self.machine.python}, Django {self.machine.django}",
            f"- PostgreSQL {self.machine.postgresql}, database {self.machine.database}",
            f"- {self.machine.system}",
            f"- Load average: {self.machine.load} (other work on the machine skews the times)",
            "",
            "## Command",
            "",
            "```",
            self.command,
            "```",
            "",
            "`make bench` runs the same. Times depend on the machine and on what else runs on "
            "it; compare runs from the same machine only.",
            "",
            *self._load_markdown(),
        ]
        return "\n".join(parts)

    def _load_markdown(self) -> list[str]:
        if self.load is None:
            return []
        return [
            "## Load test",
            "",
            "The portal as it runs in production, behind gunicorn, loaded over loopback HTTP by "
            "N concurrent clients for a fixed time per scenario (`bench/load.py`, part of the "
            "same run). Each client is a thread with its own keep-alive HTTP/1.1 connection "
            "(Python `http.client`, all in the bench process), so every scenario is measured "
            "by the same client. *req/s* is answers per second over the timed window; "
            "*median/p95 ms* the time of one request, sending to the last byte. The **floor** is "
            "`/healthz`, a trivial view that runs `SELECT 1`: what the server, middleware and a "
            "database round trip cost before any page work; *vs floor* compares each scenario "
            "with the floor at the same concurrency (req/s as a share of the floor's, the "
            "median as a multiple of the floor's). The static file, served by WhiteNoise, is "
            "there for reference. **Booking** signs bench residents in through "
            "`/accounts/login/` (GET for the CSRF token, then POST, as a browser does; before "
            "the timed window) and POSTs the review page for real free slots of the matter over "
            "the next 14 days, about one in ten contested (tried by its free notaries plus two "
            "clients in a row): *booked* is a redirect to the new appointment, *taken* the 409 "
            '"this time was just taken" (or no longer free) answer. After each booking round '
            "the same SQL check as above looks for overlapping appointments, and the round's "
            "bookings are deleted. gunicorn is stopped at the end of the run (also on Ctrl-C).",
            "",
            f"- Setup: {self.load_setup_line()}",
            "",
            *self._markdown_table(self.LOAD_HEADER, self.load_rows()),
            "",
            f"Booking over HTTP: {self.load_booking_line()}.",
            "",
            f"Overlap check: {'; '.join(self.load.overlap_checks)}.",
            "",
            *(f"- {line}" for line in self.load_ratio_lines()),
            "",
            "Command (the same run as above):",
            "",
            "```",
            self.command,
            "```",
            "",
        ]
