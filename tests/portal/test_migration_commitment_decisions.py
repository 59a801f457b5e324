"""Proposals from false commitments recorded before the bureau decided them on its page: one whose
status the admin had set by hand (no entry, no author) goes back to the bureau as a proposal, so
the "a decision is whole" constraint holds on the old data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _before():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return [
        ("commitments", "0001_initial") if app == "commitments" else (app, name)
        for app, name in leaves
    ]


def test_hand_set_statuses_go_back_to_the_bureau():
    try:
        _hand_set_statuses_go_back_to_the_bureau()
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _hand_set_statuses_go_back_to_the_bureau():
    old = _migrate(_before())
    User = old.get_model("accounts", "User")
    resident = User.objects.create(username="r", email="r@example.com")
    clerk = User.objects.create(username="c", email="c@example.com")
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
    start = timezone.now() + dt.timedelta(days=3)
    appointment = old.get_model("appointments", "Appointment").objects.create(
        reference="20261101-AAAA",
        resident=resident,
        matter=matter,
        office=office,
        notary=notary,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=30),
        applicant_name="x",
        applicant_phone="13800138000",
        fee_quote=Decimal("300.00"),
        fee_gross=Decimal("300.00"),
    )
    statement = old.get_model("commitments", "CommitmentStatement").objects.create(
        version=1, text_zh="承诺", text_en="I promise"
    )
    Commitment = old.get_model("commitments", "Commitment")
    Report = old.get_model("commitments", "FalseCommitmentReport")
    reports = {}
    for material_id, status in ((1, "proposed"), (2, "entered"), (3, "dismissed")):
        commitment = Commitment.objects.create(
            appointment=appointment,
            material_id=material_id,
            item_name="x",
            statement=statement,
            real_name="x",
            given_by=resident,
        )
        reports[status] = Report.objects.create(
            commitment=commitment, reported_by=clerk, finding="found", status=status
        )

    new = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    rows = new.get_model("commitments", "FalseCommitmentReport").objects.all()
    assert {row.pk: row.status for row in rows} == {r.pk: "proposed" for r in reports.values()}
    assert all(row.entry_id is None and row.decided_by_id is None for row in rows)
