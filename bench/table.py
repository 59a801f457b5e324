"""The availability table of issue 11 (`make bench`): each answer a resident opens, against the
floor (`GET /healthz` in the same process, timed in the same interleaved runs), at 1x and 2x data,
and booking throughput at 1, 2 and 16 clients with the overlap count.

    .venv/bin/python bench/table.py [--repetitions 20] [--seconds 8] [--scales 1,2]
                                    [--http-seconds 6] [--no-docs]

Each scale runs in its own process on its own database (`portal_bench`, and `portal_bench_2x`
filled with twice the appointments: twice the history, the same future; BENCH_DATABASE_URL and
BENCH_DATABASE_URL_2X to change them), created, migrated, seeded and filled if needed (a later
run reuses them). Every answer is timed warm (the availability cache holding the office-days:
what a resident meets in a busy city, since the first one to ask fills it) and cold (the cache
emptied before each call: the worst case, right after a write to every office-day asked for).
Booking clients are processes of their own (bench/booking.py), as gunicorn's workers are; they
queue the confirmations to Redis as production does (a worker elsewhere sends them), and the 1-, 2-
and 16-client rounds take turns (2 clients: one per core of a 2-core machine). The 2x / 1x
comparison of the city-wide day runs one process per scale side by side, timed in turns. The notes
in bench/performance_notes.md (what the pages ask for, what the numbers mean) follow the tables.
With `--http-seconds` above 0 the office page and the office step are also loaded over HTTP through
gunicorn (2 workers x 4 threads, 8 clients), against the floor. Prints the table and writes it
into docs/performance.md with the command that produced it. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import DEFAULT_DATABASE_URL, configure, ensure_database  # noqa: E402
from bench.util import load_average, say  # noqa: E402

URLS = {
    1: os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
    2: os.environ.get(
        "BENCH_DATABASE_URL_2X", DEFAULT_DATABASE_URL.rsplit("/", 1)[0] + "/portal_bench_2x"
    ),
}
# (key, what, goal in multiples of the floor)
ROWS = [
    ("api_day", "`/api/v1/availability` for one matter, all offices, one day", 15),
    ("days14", "the same for 14 days (the wizard's window; `compute_availability`)", 60),
    ("earliest", "earliest free time anywhere (office step `/book/<matter>/`)", 15),
    ("office", "office page `/offices/<slug>/` (next free time per matter)", 10),
    ("wizard", "wizard time step `/book/<matter>/<office>/`", 15),
]


HTTP_CLIENTS = 8
BOOKING_TURNS = 3
HTTP_ROWS = [
    ("floor", "`/healthz` (the floor)"),
    ("office", "office page `/offices/<slug>/`"),
    ("earliest", "office step `/book/<matter>/`"),
]


def measure_http(*, url: str, paths: dict[str, str], seconds: float) -> dict:
    """gunicorn as in production (bench/load.py: 2 workers x 4 threads) on the scale's database,
    loaded by HTTP_CLIENTS keep-alive clients: requests per second of each path, taking turns."""
    from bench import load

    found: dict[str, dict] = {}
    with load.running_server(database_url=url) as server:
        for key, _what in HTTP_ROWS:
            result = load.run(
                scenario=key,
                short=key,
                clients=HTTP_CLIENTS,
                seconds=seconds,
                port=server.port,
                step=load.get_step(paths[key]),
                states=[{} for _ in range(HTTP_CLIENTS)],
            )
            found[key] = {
                "per_second": result.per_second,
                "median": result.median,
                "p95": result.p95,
                "outcomes": dict(result.outcomes),
            }
    return found


def measure_one(scale: int, repetitions: int, seconds: float, http_seconds: float = 0) -> dict:
    """In this process: fill the scale's database if needed, time the rows, book."""
    url = URLS[scale]
    os.environ["BENCH_SCALE"] = str(scale)
    ensure_database(url)
    configure(url)
    import logging

    import django

    django.setup()
    logging.getLogger("kombu.connection").setLevel(logging.ERROR)
    from django.conf import settings
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from appointments import availability_cache
    from appointments.availability import compute_availability
    from appointments.models import Appointment
    from bench import booking, fill, latency
    from bench.util import time_interleaved
    from demo.loader import seed_demo
    from notaries.models import Office

    say(f"[{scale}x] database {connection.settings_dict['NAME']}: migrating, seeding, filling ...")
    call_command("migrate", interactive=False, verbosity=0)
    seed_demo(progress=lambda message: None)
    fill.fill()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    availability_cache.bump_city()  # the fill wrote around the models
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "api_availability": ""}

    matter, office_count = latency.popular_matter()
    today = timezone.localdate()
    date = latency.next_working_day(today=today)
    office = Office.objects.listed().filter(matters=matter).order_by("slug").first()
    client = Client(HTTP_HOST="127.0.0.1")

    def get(path: str):
        def call():
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"GET {path} answered {response.status_code}")
            return response

        return call

    calls = {
        "floor": get("/healthz"),
        "api_day": get(f"/api/v1/availability?matter={matter.code}&date={date.isoformat()}"),
        "days14": lambda: compute_availability(matter=matter, start_date=today, days=14),
        "earliest": get(f"/book/{matter.code}/"),
        "office": get(f"/offices/{office.slug}/"),
        "wizard": get(f"/book/{matter.code}/{office.slug}/?date={date.isoformat()}"),
    }
    cache = caches["availability"]

    def cold(fn):
        def call():
            cache.clear()
            return fn()

        return call

    say(f"[{scale}x] timing {len(calls)} answers warm, {repetitions} runs each ...")
    warm = time_interleaved(calls, repetitions=repetitions)
    say(f"[{scale}x] timing them cold (cache emptied before each call) ...")
    cold_calls = {"floor": calls["floor"]} | {k: cold(v) for k, v in calls.items() if k != "floor"}
    cold_timings = time_interleaved(cold_calls, repetitions=max(5, repetitions // 2), warmup=1)
    queries = {}
    for key, fn in calls.items():
        fn()
        with CaptureQueriesContext(connection) as warm_q:
            fn()
        with CaptureQueriesContext(connection) as cold_q:
            cold(fn)()
        queries[key] = (len(warm_q.captured_queries), len(cold_q.captured_queries))

    say(
        f"[{scale}x] booking at 1, 2 and 16 clients in turns, {BOOKING_TURNS} rounds each "
        f"of {seconds:g} s ..."
    )
    rounds, distinct, contested = booking.measure(
        matter=matter, thread_counts=[1, 2, 16] * BOOKING_TURNS, seconds=seconds, booker_count=3000
    )
    http = {}
    if http_seconds:
        say(f"[{scale}x] over HTTP: gunicorn, {HTTP_CLIENTS} clients, {http_seconds:g} s each ...")
        http = measure_http(
            url=url,
            paths={
                "floor": "/healthz",
                "office": f"/offices/{office.slug}/",
                "earliest": f"/book/{matter.code}/",
            },
            seconds=http_seconds,
        )
    return {
        "http": http,
        "scale": scale,
        "database": connection.settings_dict["NAME"],
        "appointments": Appointment.objects.count(),
        "active": Appointment.objects.active().count(),
        "matter": matter.code,
        "offices": office_count,
        "office": office.slug,
        "date": date.isoformat(),
        "warm": {k: [t.median, t.p95] for k, t in warm.items()},
        "cold": {k: [t.median, t.p95] for k, t in cold_timings.items()},
        "queries": queries,
        "booking": _booking_rows(rounds),
        "contested": contested,
        "distinct": distinct,
    }


def _booking_rows(rounds: list) -> list[dict]:
    """The rounds of each client count added up (they ran in turns: 1, 2, 16, 1, 2, 16, ...)."""
    rows: dict[int, dict] = {}
    for r in rounds:
        row = rows.setdefault(
            r.threads,
            {
                "threads": r.threads,
                "rounds": 0,
                "seconds": 0.0,
                "booked": 0,
                "taken": 0,
                "other": 0,
                "overlaps": 0,
                "passed": True,
                "each": [],
            },
        )
        row["rounds"] += 1
        row["seconds"] += r.seconds
        row["booked"] += r.booked
        row["taken"] += r.taken
        row["other"] += r.other
        row["overlaps"] += r.notary_overlaps + r.resident_overlaps
        row["passed"] = row["passed"] and r.passed
        row["each"].append(round(r.bookings_per_second, 1))
    for row in rows.values():
        row["per_second"] = row["booked"] / row["seconds"] if row["seconds"] else 0.0
    return list(rows.values())


def serve_city_day(scale: int) -> None:
    """For the 2x / 1x comparison: set up on the scale's (filled) database, then answer each
    line on stdin ("warm N" or "cold N") with N timings of the city-wide day, one JSON line on
    stdout. The parent runs one such process per scale and takes turns between them, so that
    both scales meet the same moments of the machine's load."""
    url = URLS[scale]
    configure(url)
    import logging

    import django

    django.setup()
    logging.getLogger("kombu.connection").setLevel(logging.ERROR)
    from django.conf import settings
    from django.core.cache import caches
    from django.test import Client
    from django.utils import timezone

    from bench import latency

    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "api_availability": ""}
    matter, _count = latency.popular_matter()
    date = latency.next_working_day(today=timezone.localdate())
    path = f"/api/v1/availability?matter={matter.code}&date={date.isoformat()}"
    client = Client(HTTP_HOST="127.0.0.1")
    cache = caches["availability"]

    def call() -> float:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        return elapsed

    for _ in range(5):
        call()
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    for line in sys.stdin:
        kind, count = line.split()
        samples = []
        for _ in range(int(count)):
            if kind == "cold":
                cache.clear()
            samples.append(call())
        if kind == "cold":
            call()  # warm again for the next warm turn
        sys.stdout.write(json.dumps(samples) + "\n")
        sys.stdout.flush()


def compare_scales(*, turns: int = 20, per_turn: int = 5) -> dict:
    """The city-wide day at 1x and 2x, timed in turns (1x, 2x, 1x, 2x, ...), warm and cold."""
    import statistics

    children = {
        scale: subprocess.Popen(  # noqa: S603 (our own script)
            [sys.executable, __file__, "--serve-city-day", str(scale)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for scale in (1, 2)
    }
    try:
        for child in children.values():
            while child.stdout.readline().strip() != "READY":
                pass
        samples: dict[tuple[str, int], list[float]] = {}
        for kind, count in (("warm", per_turn), ("cold", max(1, per_turn // 2))):
            for turn in range(turns):
                order = (1, 2) if turn % 2 == 0 else (2, 1)
                for scale in order:
                    child = children[scale]
                    child.stdin.write(f"{kind} {count}\n")
                    child.stdin.flush()
                    samples.setdefault((kind, scale), []).extend(
                        json.loads(child.stdout.readline())
                    )
    finally:
        for child in children.values():
            child.stdin.close()
            child.wait(timeout=60)
    medians = {f"{kind}_{scale}": statistics.median(v) for (kind, scale), v in samples.items()}
    return {
        **medians,
        "runs": {kind: len(samples[(kind, 1)]) for kind in ("warm", "cold")},
        "warm_ratio": medians["warm_2"] / medians["warm_1"],
        "cold_ratio": medians["cold_2"] / medians["cold_1"],
    }


def _row_lines(result: dict) -> list[str]:
    warm, cold, queries = result["warm"], result["cold"], result["queries"]
    floor_warm, floor_cold = warm["floor"][0], cold["floor"][0]
    lines = [
        f"| `/healthz` (the floor) | {floor_warm:.2f} / {warm['floor'][1]:.2f} | "
        f"{queries['floor'][0]} | 1× | | {floor_cold:.2f} | 1× | |"
    ]
    for key, what, goal in ROWS:
        w, c = warm[key], cold[key]
        ratio, cold_ratio = w[0] / floor_warm, c[0] / floor_cold
        lines.append(
            f"| {what} | {w[0]:.2f} / {w[1]:.2f} | {queries[key][0]} | {ratio:.1f}× | ≤ {goal}× "
            f"{'met' if ratio <= goal else 'NOT met'} | {c[0]:.2f} / {c[1]:.2f} "
            f"({queries[key][1]} q) | {cold_ratio:.1f}× | "
            f"{'met' if cold_ratio <= goal else 'not met'} |"
        )
    return lines


def render(
    results: list[dict],
    *,
    command: str,
    load: str,
    seconds_taken: float,
    comparison: dict | None = None,
) -> str:
    out = [
        "# Performance: availability at city scale (issue 11)",
        "",
        f"Produced by `{command}` ({seconds_taken:.0f} s; load average at start {load}; "
        f"{os.cpu_count()} cores, shared with whatever else runs on the machine, so absolute "
        "times are noisy and the ratios, from interleaved runs in one process, are what to "
        "compare).",
        "",
        "Times in milliseconds, median / p95, in process through Django's test client (the "
        "whole request: middleware, view, template). *Warm*: the availability cache holds the "
        "office-days asked for (what residents meet: the first to ask fills it, each write "
        "bumps only its office-day). *Cold*: the cache emptied before every call, i.e. every "
        "office-day computed from PostgreSQL. Ratios are to `/healthz` timed in the same runs. "
        "SQL: queries of one call (warm; cold in brackets).",
        "",
    ]
    for result in results:
        out += [
            f"## {result['scale']}× data: {result['appointments']:,} appointments "
            f"({result['active']:,} active) in `{result['database']}`",
            "",
            f"Matter `{result['matter']}` at {result['offices']} offices; day {result['date']}; "
            f"office page and wizard at `{result['office']}`.",
            "",
            "| what | warm ms | SQL | × floor | goal | cold ms | cold × floor | goal cold |",
            "| --- | ---: | ---: | ---: | --- | ---: | ---: | --- |",
            *_row_lines(result),
            "",
        ]
        rounds = {r["threads"]: r for r in result["booking"]}
        one, two, many = rounds.get(1), rounds.get(2), rounds.get(16)
        out.append(
            "| booking (`appointment_book`, each client a process, distinct residents; "
            "rounds in turns) | bookings/s | each round | booked | just taken "
            "| other | overlaps |"
        )
        out.append("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
        for r in result["booking"]:
            each = ", ".join(f"{x:.1f}" for x in r.get("each", []))
            out.append(
                f"| {r['threads']} client{'s' if r['threads'] != 1 else ''} | "
                f"{r['per_second']:.1f} | {each} | {r['booked']} | {r['taken']} | "
                f"{r['other']} | {r['overlaps']} |"
            )
        if one and many and one["per_second"]:
            out.append("")
            out.append(
                f"16 clients vs 1: **{many['per_second'] / one['per_second']:.2f}×** the "
                f"throughput (goal ≥ 1.5×); overlaps {one['overlaps'] + many['overlaps']} "
                f"(goal 0). {result['distinct']:,} free slots, {result['contested']:,} contested."
            )
        if one and two and one["per_second"]:
            out.append(
                f"2 clients vs 1 (a client per core, nothing else sharing them): "
                f"**{two['per_second'] / one['per_second']:.2f}×**."
            )
        out.append("")
        if result.get("http"):
            http = result["http"]
            floor = http["floor"]["per_second"]
            out += [
                f"Over HTTP: gunicorn 2 workers × 4 threads, {HTTP_CLIENTS} keep-alive clients "
                "(bench/load.py), each path for the same time, one after another:",
                "",
                "| what | requests/s | % of the floor's | median ms | p95 ms | answers |",
                "| --- | ---: | ---: | ---: | ---: | --- |",
            ]
            for key, what in HTTP_ROWS:
                row = http[key]
                share = 100 * row["per_second"] / floor if floor else 0
                answers = ", ".join(f"{k}: {v}" for k, v in sorted(row["outcomes"].items()))
                out.append(
                    f"| {what} | {row['per_second']:.0f} | {share:.1f}% | {row['median']:.1f} | "
                    f"{row['p95']:.1f} | {answers} |"
                )
            out.append("")
    if comparison:
        c = comparison
        out += [
            "## 2× vs 1×",
            "",
            "City-wide day (`/api/v1/availability`), both scales' processes running side by side "
            f"and timed in turns (1×, 2×, 2×, 1×, ...: {c['runs']['warm']} warm and "
            f"{c['runs']['cold']} cold calls each), medians in ms:",
            "",
            "| | 1× | 2× | 2× / 1× | goal |",
            "| --- | ---: | ---: | ---: | --- |",
            f"| warm | {c['warm_1']:.2f} | {c['warm_2']:.2f} | **{c['warm_ratio']:.2f}** | "
            f"≤ 1.15 {'met' if c['warm_ratio'] <= 1.15 else 'NOT met'} |",
            f"| cold | {c['cold_1']:.2f} | {c['cold_2']:.2f} | **{c['cold_ratio']:.2f}** | "
            f"≤ 1.15 {'met' if c['cold_ratio'] <= 1.15 else 'NOT met'} |",
            "",
            "The busy-time read goes through the exclusion constraint's GiST index, bounded by the "
            "days asked for, so twice the history costs about nothing more.",
            "",
        ]
    notes = ROOT / "bench" / "performance_notes.md"
    if notes.exists():
        out += [notes.read_text(encoding="utf-8").rstrip("\n"), ""]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=8.0, help="each booking round (8)")
    parser.add_argument("--scales", default="1,2")
    parser.add_argument(
        "--http-seconds",
        type=float,
        default=6.0,
        help="each HTTP row through gunicorn (6; 0: none)",
    )
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--serve-city-day", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_city_day:
        serve_city_day(args.serve_city_day)
        return 0
    if args.one:
        out, sys.stdout = sys.stdout, sys.stderr  # progress to stderr, the result to stdout
        result = measure_one(args.one, args.repetitions, args.seconds, args.http_seconds)
        out.write("RESULT " + json.dumps(result) + "\n")
        return 0
    began, load = time.perf_counter(), load_average()
    command = shlex.join([".venv/bin/python", "bench/table.py", *sys.argv[1:]])
    results = []
    for scale in (int(s) for s in args.scales.split(",") if s.strip()):
        run = subprocess.run(  # noqa: S603 (our own script)
            [
                sys.executable,
                __file__,
                "--one",
                str(scale),
                "--repetitions",
                str(args.repetitions),
                "--seconds",
                str(args.seconds),
                "--http-seconds",
                str(args.http_seconds),
            ],
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        line = next(x for x in run.stdout.splitlines() if x.startswith("RESULT "))
        results.append(json.loads(line[len("RESULT ") :]))
    comparison = None
    if len(results) == 2:
        say("2x vs 1x: the city-wide day in turns, both scales side by side ...")
        comparison = compare_scales()
    text = render(
        results,
        command=command,
        load=load,
        seconds_taken=time.perf_counter() - began,
        comparison=comparison,
    )
    say(text)
    if not args.no_docs:
        path = ROOT / "docs" / "performance.md"
        path.write_text(text, encoding="utf-8")
        say(f"written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
