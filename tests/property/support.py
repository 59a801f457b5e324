"""Helpers shared by the property tests.

The world is built once per test (not per example) with the same helpers the appointment tests
use; every example then sends one hostile request and compares a snapshot of the whole database
(a row count of every table, and the resident profile columns) before and after it. A refused
request must leave the snapshot exactly as it was; an accepted one may add only the rows its
success is made of, which the test then removes again so that the next example starts from the
same state.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from hypothesis import HealthCheck, settings

from appointments.models import Appointment
from appointments.services import appointment_book
from tests.appointments.conftest import at

# One place to scale every property test: PROPERTY_EXAMPLES=3 multiplies the examples by three
# (a longer hunt before a release); the default keeps the suite under about a minute and a half.
SCALE = float(os.environ.get("PROPERTY_EXAMPLES", "1"))


def examples(count: int) -> settings:
    return settings(
        max_examples=max(1, round(count * SCALE)),
        deadline=None,
        # No example database on disk: the suite must not write outside tests' own tmp paths.
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


# --- the database snapshot ----------------------------------------------------------------------

# Sessions change on every request that stores a message or a language choice: they are not
# records of the portal.
IGNORED_TABLES = {"django_session"}
PROFILE_COLUMNS = (
    "real_name",
    "phone",
    "id_number_encrypted",
    "id_number_hash",
    "birth_date",
    "email",
    "role",
    "is_staff",
    "is_superuser",
)


def _tables() -> list[str]:
    names = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in IGNORED_TABLES:
            names.add(meta.db_table)
    existing = set(connection.introspection.table_names())
    return sorted(names & existing)


@dataclass(frozen=True)
class Snapshot:
    counts: dict[str, int]
    profiles: tuple

    def changes(self, later: Snapshot) -> dict[str, int]:
        """Table -> rows added (negative: removed), for the tables whose count moved."""
        return {
            table: later.counts[table] - count
            for table, count in self.counts.items()
            if later.counts.get(table) != count
        }


_table_cache: list[str] = []


def snapshot() -> Snapshot:
    """Every table's row count in one query, and every account's profile columns."""
    if not _table_cache:
        _table_cache.extend(_tables())
    quote = connection.ops.quote_name
    # Table names come from the models, never from input.
    select = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in _table_cache)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select}")
        row = cursor.fetchone()
    profiles = tuple(get_user_model().objects.order_by("pk").values_list("pk", *PROFILE_COLUMNS))
    return Snapshot(dict(zip(_table_cache, row, strict=True)), profiles)


def table(model) -> str:
    return model._meta.db_table


def assert_unchanged(before: Snapshot, response, what: str = "") -> None:
    after = snapshot()
    assert before.changes(after) == {}, (
        f"{what or 'a refused request'} (HTTP {response.status_code}) wrote rows: "
        f"{before.changes(after)}"
    )
    assert before.profiles == after.profiles, (
        f"{what or 'a refused request'} (HTTP {response.status_code}) changed a profile"
    )


def assert_no_server_error(response) -> None:
    assert response.status_code < 500, f"HTTP {response.status_code}"


# --- building requests from drawn values --------------------------------------------------------


def pairs(fields: dict) -> list[tuple[str, str | bytes]]:
    """Flatten {name: value or [values]} into form pairs (a list is a repeated parameter)."""
    flat: list[tuple[str, str | bytes]] = []
    for name, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            flat.append((name, one))
    return flat


def query(path: str, fields: dict) -> str:
    """`path?...`, encoded by hand so that raw (non-UTF-8) bytes reach the server as they are."""
    encoded = urlencode(pairs(fields))
    return f"{path}?{encoded}" if encoded else path


def post_form(client, path: str, fields: dict, **extra):
    return client.post(
        path,
        data=urlencode(pairs(fields)),
        content_type="application/x-www-form-urlencoded",
        **extra,
    )


# --- the world ----------------------------------------------------------------------------------


@dataclass
class World:
    bookable: object  # tests.appointments.conftest.Bookable: the "will" matter at "central"
    by_value: object  # a matter with a value-based fee at the same office
    declarable: list[str]  # exemption codes a resident may declare for the will

    @property
    def day(self):
        return self.bookable.day

    @property
    def office(self):
        return self.bookable.office

    @property
    def matter(self):
        return self.bookable.matter

    def good_starts(self) -> list[str]:
        day = self.day
        return [
            at(day, 9).isoformat(),
            at(day, 9, 30).isoformat(),
            at(day, 10).isoformat(),
            at(day, 14).isoformat(),
            f"{day.isoformat()}T15:00",  # naive: read as Beijing time
            at(day, 12).isoformat(),  # the lunch break: not a slot
        ]


def book(world: World, resident, hour: int = 14) -> Appointment:
    return appointment_book(
        resident=resident,
        matter=world.matter,
        office=world.office,
        starts_at=at(world.day, hour),
    )


# --- NUL characters and bytes that are not UTF-8 ------------------------------------------------
#
# PostgreSQL cannot store NUL in text or jsonb; portal.middleware.RejectMalformedRequestMiddleware
# answers any request with a NUL in its path, query or form 400 before a view runs. (The suite
# found the 500s that made it necessary: a NUL reached lookups and the cancellation reason's
# jsonb.) A form body with bytes that are not UTF-8 is answered 400 the same way, rather than
# stored with U+FFFD in their place.


def has_nul(*values) -> bool:
    """Whether any drawn value (a string, raw bytes, or a list of them) holds a NUL."""
    for value in values:
        for one in value if isinstance(value, list) else [value]:
            if one is not None and ("\x00" if isinstance(one, str) else b"\x00") in one:
                return True
    return False


def has_undecodable(*values) -> bool:
    """Whether any drawn value is raw bytes that are not UTF-8."""
    for value in values:
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, bytes):
                try:
                    one.decode("utf-8")
                except UnicodeDecodeError:
                    return True
    return False


# --- bugs found by this suite, reported and not fixed in the app yet ----------------------------
#
# The property tests relax their check for these (see where each name is used), and
# tests/property/test_regressions.py pins each one with a strict xfail. When the fix lands, delete
# the name here: the property is strict again, and the pinned test must pass.
KNOWN_BUGS: set[str] = set()
