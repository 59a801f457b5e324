"""Benchmark the portal on PostgreSQL with 100,000+ appointments (`make bench`).

    .venv/bin/python bench/run.py [--seconds 10] [--threads 1,8,16] [--repetitions 30]
                                  [--load-seconds 10] [--load-clients 8,32] [--no-load]

Uses its own database, `portal_bench` (BENCH_DATABASE_URL to change it), created if missing,
migrated and loaded with the demo data, then filled once with 100,000+ appointments (a later run
reuses them). Then the load test (bench/load.py): gunicorn on a free loopback port against the same
database, loaded over HTTP by keep-alive clients (pages, the API, booking through the wizard,
and the floor, /healthz). Prints a summary table and writes it to docs/performance.md. Stops by
itself in a few minutes, and stops gunicorn also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import logging
import os
import shlex
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.util import load_average, say  # noqa: E402 (needs ROOT on the path first)


def ensure_database(url: str) -> None:
    """Create the benchmark database if it does not exist (connecting to `postgres`)."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(url)
    name = params.get("dbname")
    if not name:
        raise SystemExit(f"BENCH_DATABASE_URL names no database: {url}")
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            say(f"creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def configure(url: str) -> None:
    """Settings through the environment, before Django reads them."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.local"
    os.environ["DATABASE_URL"] = url
    # Nothing printed per booking: messages go to memory, tasks run inline, info logs are off.
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["SMS_BACKEND"] = "portal.sms.LocmemBackend"
    os.environ["CELERY_BROKER_URL"] = ""
    os.environ["LOG_LEVEL"] = "WARNING"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seconds", type=float, default=10.0, help="length of each booking round (10)"
    )
    parser.add_argument(
        "--threads", default="1,8,16", help="booking threads per round, comma-separated (1,8,16)"
    )
    parser.add_argument(
        "--repetitions", type=int, default=30, help="timed runs of each availability answer (30)"
    )
    parser.add_argument(
        "--bookers", type=int, default=3000, help="residents with profiles for booking (3000)"
    )
    parser.add_argument(
        "--load-seconds",
        type=float,
        default=10.0,
        help="length of each load-test scenario at each concurrency (10)",
    )
    parser.add_argument(
        "--load-clients",
        default="8,32",
        help="concurrent HTTP clients of the load test, comma-separated (8,32)",
    )
    parser.add_argument(
        "--load-residents",
        type=int,
        default=96,
        help="residents signed in for booking over HTTP (96; at least twice the clients)",
    )
    parser.add_argument("--no-load", action="store_true", help="skip the load test (gunicorn)")
    parser.add_argument(
        "--no-docs", action="store_true", help="print only; do not write docs/performance.md"
    )
    return parser.parse_args()


def command_line() -> str:
    words = []
    for path in (Path(sys.executable), Path(sys.argv[0]).resolve()):
        words.append(str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path))
    words.extend(sys.argv[1:])
    prefix = ""
    if os.environ.get("BENCH_DATABASE_URL"):
        prefix = f"BENCH_DATABASE_URL={shlex.quote(os.environ['BENCH_DATABASE_URL'])} "
    return prefix + shlex.join(words)


def main() -> int:
    args = parse_args()
    thread_counts = [int(n) for n in args.threads.split(",") if n.strip()]
    load_clients = [int(n) for n in args.load_clients.split(",") if n.strip()]
    command = command_line()
    began = time.perf_counter()
    load_at_start = load_average()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    ensure_database(url)
    configure(url)

    import django

    django.setup()
    # Celery runs tasks inline without a broker; kombu still warns once that it has no host.
    logging.getLogger("kombu.connection").setLevel(logging.ERROR)

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench import booking, fill, latency, load, report
    from demo.loader import seed_demo

    say(f"database {connection.settings_dict['NAME']} on {connection.settings_dict['HOST']}")
    say("migrating ...")
    call_command("migrate", interactive=False, verbosity=0)
    say("loading the demo data ...")
    seed_demo(progress=lambda message: say(f"  seeding {message} ..."))

    filled = fill.fill()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    matter, office_count = latency.popular_matter()
    today = timezone.localdate()
    date = latency.next_working_day(today=today)
    say(f"matter {matter.code} ({office_count} offices), day measured {date} ({date:%A})")
    measurements = latency.measure(matter=matter, date=date, repetitions=args.repetitions)

    rounds, distinct, contested = booking.measure(
        matter=matter,
        thread_counts=thread_counts,
        seconds=args.seconds,
        booker_count=args.bookers,
    )

    load_report = None
    if not args.no_load:
        load_report = load.measure(
            matter=matter,
            date=date,
            database_url=url,
            clients=load_clients,
            seconds=args.load_seconds,
            residents=args.load_residents,
        )

    summary = report.Summary(
        command=command,
        filled=filled,
        matter=matter,
        office_count=office_count,
        date=date,
        measurements=measurements,
        rounds=rounds,
        distinct_slots=distinct,
        contested_slots=contested,
        booking_seconds=args.seconds,
        machine=report.machine(connection, load_at_start=load_at_start),
        total_seconds=time.perf_counter() - began,
        load=load_report,
    )
    say()
    say(summary.text())
    if not args.no_docs:
        path = ROOT / "docs" / "performance.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(summary.markdown(), encoding="utf-8")
        say(f"written to {path.relative_to(ROOT)}")
    passed = all(r.passed for r in rounds) and (load_report is None or load_report.passed)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
