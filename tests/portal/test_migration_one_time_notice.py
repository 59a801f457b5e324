"""Decisions recorded before the one-time notice existed: the first needs-changes decision of
each appointment becomes its notice, and a notice marked sent is recorded as e-mailed."""

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
        ("casework", "0003_check_ins_into_the_event_log") if app == "casework" else (app, name)
        for app, name in leaves
    ]


def test_old_decisions_get_their_notice():
    try:
        _old_decisions_get_their_notice()
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _old_decisions_get_their_notice():
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
    PreReview = old.get_model("casework", "PreReview")
    sent = timezone.now() - dt.timedelta(days=1)
    first = PreReview.objects.create(
        appointment=appointment,
        reviewer=clerk,
        outcome="needs_changes",
        created_at=sent,
        notice_sent_at=sent,
    )
    second = PreReview.objects.create(
        appointment=appointment,
        reviewer=clerk,
        outcome="needs_changes",
        created_at=sent + dt.timedelta(hours=1),
    )

    new = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    rows = {r.pk: r for r in new.get_model("casework", "PreReview").objects.all()}
    assert rows[first.pk].is_notice and rows[first.pk].emailed_at == sent
    assert not rows[first.pk].needs_call
    assert not rows[second.pk].is_notice and rows[second.pk].emailed_at is None
