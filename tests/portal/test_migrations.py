"""New migrations must apply to a database that already holds data written by the old schema."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

OLD = [
    ("accounts", "0003_staff_office"),
    ("notaries", "0002_office_booking_rules"),
    ("appointments", "0001_initial"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_fee_and_exemption_migrations_keep_existing_appointments_and_rules():
    old = _migrate(OLD)
    User = old.get_model("accounts", "User")
    District = old.get_model("notaries", "District")
    Category = old.get_model("notaries", "MatterCategory")
    Matter = old.get_model("notaries", "Matter")
    Office = old.get_model("notaries", "Office")
    Notary = old.get_model("notaries", "Notary")
    Exemption = old.get_model("notaries", "Exemption")
    Appointment = old.get_model("appointments", "Appointment")

    user = User.objects.create(username="old", email="old@example.com")
    district = District.objects.create(slug="d", name_zh="区", name_en="D")
    category = Category.objects.create(slug="c", name_zh="类", name_en="C")
    Exemption.objects.create(
        code="elderly-will",
        name_zh="老人",
        name_en="Elderly",
        description_zh="x",
        description_en="x",
    )
    matter = Matter.objects.create(
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
    office = Office.objects.create(
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
    notary = Notary.objects.create(
        office=office, name_zh="甲", name_en="A", licence_number="1234567890"
    )
    starts = timezone.now() + dt.timedelta(days=3)
    Appointment.objects.create(
        reference="20261123-AAAA",
        resident=user,
        matter=matter,
        office=office,
        notary=notary,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        applicant_name="x",
        applicant_phone="13800138000",
        fee_quote=Decimal("300.00"),
    )

    new = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    appointment = new.get_model("appointments", "Appointment").objects.get()
    assert appointment.fee_gross == appointment.fee_quote == Decimal("300.00")
    assert appointment.fee_final is None
    rule = new.get_model("notaries", "Exemption").objects.get(code="elderly-will")
    assert (rule.kind, rule.min_age) == ("age", 70)
    assert new.get_model("notaries", "Office").objects.get().green_channel_percent == 20
