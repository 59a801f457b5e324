"""New migrations must apply to a database that already holds data written by the old schema."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.migration_steps import old_catalogue

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


BEFORE_ONE_LOG = [
    ("accounts", "0003_staff_office"),
    ("notaries", "0003_fee_standards_exemption_rules_green_channel"),
    ("appointments", "0004_appointment_anonymised_at_deliveredmessage"),
    ("casework", "0002_identity_disclosures"),
    ("workspace", "0001_initial"),
]


def _old_appointment(old, reference: str, *, user, notary, office, matter, starts):
    return old.get_model("appointments", "Appointment").objects.create(
        reference=reference,
        resident=user,
        matter=matter,
        office=office,
        notary=notary,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        applicant_name="x",
        applicant_phone="13800138000",
        fee_quote=Decimal("300.00"),
        fee_gross=Decimal("300.00"),
    )


def test_the_one_event_log_keeps_every_old_check_in_and_status_change():
    try:
        _the_one_event_log_keeps_every_old_check_in_and_status_change()
    finally:  # whatever happened, leave the schema as the other tests expect it
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _the_one_event_log_keeps_every_old_check_in_and_status_change():
    old = _migrate(BEFORE_ONE_LOG)
    User = old.get_model("accounts", "User")
    c = old_catalogue(old)
    resident, office, notary, matter = c.resident, c.office, c.notary, c.matter
    clerk = User.objects.create(
        username="c", email="c@example.com", role="office_staff", office=office
    )
    where = {"user": resident, "notary": notary, "office": office, "matter": matter}
    start = timezone.now() - dt.timedelta(days=10)
    visited = _old_appointment(old, "20261101-AAAA", starts=start, **where)
    cancelled = _old_appointment(
        old, "20261101-CCCC", starts=start + dt.timedelta(hours=2), **where
    )
    Event = old.get_model("appointments", "AppointmentEvent")
    Event.objects.create(appointment=visited, kind="booked", actor=resident, at=start)
    arrived = start - dt.timedelta(minutes=5)
    check_in = old.get_model("casework", "CheckIn").objects.create(
        appointment=visited, by=clerk, at=arrived
    )
    StatusChange = old.get_model("workspace", "StatusChange")
    twin = StatusChange.objects.create(
        appointment=visited, from_status="booked", to_status="checked_in", by=clerk, at=arrived
    )
    done = StatusChange.objects.create(
        appointment=visited,
        from_status="checked_in",
        to_status="completed",
        by=clerk,
        at=start + dt.timedelta(minutes=30),
    )
    cancel_at = start - dt.timedelta(days=1)
    Event.objects.create(
        appointment=cancelled,
        kind="cancelled",
        actor=clerk,
        at=cancel_at,
        data={"reason": "The notary is ill.", "by_staff": True},
    )
    left = StatusChange.objects.create(
        appointment=cancelled,
        from_status="booked",
        to_status="cancelled",
        by=clerk,
        at=cancel_at,
        note="The notary is ill.",
        notice_sent_at=cancel_at,
    )

    new = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    events = new.get_model("appointments", "AppointmentEvent").objects.order_by("at", "pk")
    log = [
        (e.appointment.reference, e.kind, e.from_status, e.to_status, e.actor_id, e.channel)
        for e in events
    ]
    assert log == [
        ("20261101-CCCC", "cancelled", "booked", "cancelled", clerk.pk, "counter"),
        ("20261101-AAAA", "checked_in", "booked", "checked_in", clerk.pk, "counter"),
        ("20261101-AAAA", "booked", "", "", resident.pk, "web"),
        ("20261101-AAAA", "completed", "checked_in", "completed", clerk.pk, "counter"),
    ]
    sources = sorted(s for e in events for s in (e.data or {}).get("migrated_from", []))
    assert sources == sorted(
        [
            f"casework.checkin:{check_in.pk}",
            f"workspace.statuschange:{twin.pk}",
            f"workspace.statuschange:{done.pk}",
            f"workspace.statuschange:{left.pk}",
        ]
    )
    cancellation = events.get(kind="cancelled")
    assert cancellation.reason == "The notary is ill."
    assert cancellation.data["notice_sent_at"] == cancel_at.isoformat()
