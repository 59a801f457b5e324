"""Migration tests: step the schema back to before the migrations under test, write rows as the
old code did (historical models), migrate forwards and read them back.

    old = migrate(before(("casework", "0004_one_time_notice")))
    rows = one_appointment(old)
    ...
    new = migrate(latest())

Run inside `restoring_latest()` (or a `finally: migrate(latest())`), so a failing test leaves
the schema as every other test expects it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

Target = tuple[str, str | None]


def latest() -> list[Target]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def before(*under_test: Target) -> list[Target]:
    """Every app at its latest migration that does not need the ones under test.

    Stepping back only what depends on them (walking each app's own parents back from its
    latest) keeps Django's plan backwards-only; `(app, None)` unapplies an app entirely."""
    graph = MigrationExecutor(connection).loader.graph
    targets: list[Target] = []
    for app, name in graph.leaf_nodes():
        node: Target | None = (app, name)
        while node is not None and any(m in graph.forwards_plan(node) for m in under_test):
            parents = [p.key for p in graph.node_map[node].parents if p.key[0] == app]
            node = parents[0] if parents else None
        targets.append(node or (app, None))
    return targets


def migrate(targets: list[Target]):
    """Migrate to `targets`; returns the historical apps of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@contextlib.contextmanager
def restoring_latest() -> Iterator[None]:
    try:
        yield
    finally:
        migrate(latest())


@dataclass
class OldCatalogue:
    resident: object
    district: object
    office: object
    notary: object
    matter: object


@dataclass
class OldRows(OldCatalogue):
    appointment: object


def old_catalogue(old) -> OldCatalogue:
    """A resident, and a will at one office with one notary, written through the historical
    models `old` (only the columns every state since 0002 has)."""
    resident = old.get_model("accounts", "User").objects.create(username="r", email="r@example.com")
    district = old.get_model("notaries", "District").objects.create(
        slug="d", name_zh="区", name_en="D"
    )
    category = old.get_model("notaries", "MatterCategory").objects.create(
        slug="c", name_zh="类", name_en="C"
    )
    matter = old.get_model("notaries", "Matter").objects.create(
        code="will",
        name_zh="遗嘱",
        name_en="Will",
        category=category,
        description_zh="x",
        description_en="x",
        fee_amount=Decimal("300.00"),
        fee_basis_zh="x",
        fee_basis_en="x",
    )
    office = old.get_model("notaries", "Office").objects.create(
        slug="o",
        name_zh="处",
        name_en="O",
        district=district,
        kind="public",
        address_zh="a",
        address_en="a",
        phone="010-12345678",
        opening_hours_zh="h",
        opening_hours_en="h",
    )
    notary = old.get_model("notaries", "Notary").objects.create(
        office=office, name_zh="甲", name_en="A", licence_number="1234567890"
    )
    return OldCatalogue(resident, district, office, notary, matter)


def one_appointment(
    old,
    *,
    starts_at: dt.datetime | None = None,
    reference: str = "20261101-AAAA",
    **appointment_fields,
) -> OldRows:
    """The old catalogue and the resident's appointment for the will there."""
    c = old_catalogue(old)
    start = starts_at or timezone.now() + dt.timedelta(days=3)
    appointment = old.get_model("appointments", "Appointment").objects.create(
        reference=reference,
        resident=c.resident,
        matter=c.matter,
        office=c.office,
        notary=c.notary,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=30),
        applicant_name="x",
        applicant_phone="13800138000",
        fee_quote=Decimal("300.00"),
        fee_gross=Decimal("300.00"),
        **appointment_fields,
    )
    return OldRows(c.resident, c.district, c.office, c.notary, c.matter, appointment)
