"""Appointments booked before snapshots existed get their matter's list as it is at migration."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.migration_steps import before, migrate, restoring_latest

pytestmark = pytest.mark.django_db(transaction=True)

SNAPSHOT = ("appointments", "0006_materials_snapshot")


def test_existing_appointments_get_a_snapshot_of_their_matters_list():
    # Every app at its latest migration that does not need the snapshot: appointments just
    # before it, an app built on it (commitments) not at all.
    with restoring_latest():
        old = migrate(before(SNAPSHOT))
        User = old.get_model("accounts", "User")
        resident = User.objects.create(username="r", email="r@example.com")
        district = old.get_model("notaries", "District").objects.create(
            slug="d", name_zh="区", name_en="D"
        )
        category = old.get_model("notaries", "MatterCategory").objects.create(
            slug="c", name_zh="类", name_en="C"
        )
        Matter = old.get_model("notaries", "Matter")
        fields = {
            "category": category,
            "description_zh": "x",
            "description_en": "x",
            "fee_amount": Decimal("300.00"),
            "fee_basis_zh": "x",
            "fee_basis_en": "x",
        }
        will = Matter.objects.create(code="will", name_zh="遗嘱", name_en="Will", **fields)
        bare = Matter.objects.create(code="bare", name_zh="空", name_en="Bare", **fields)
        Item = old.get_model("notaries", "MaterialItem")
        Item.objects.create(
            matter=will, position=2, name_zh="户口簿", name_en="Household", form="copy"
        )
        Item.objects.create(
            matter=will, position=1, name_zh="身份证", name_en="ID card", form="original"
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
        Appointment = old.get_model("appointments", "Appointment")
        start = timezone.now() + dt.timedelta(days=3)
        made = []
        for n, matter in enumerate((will, bare, will)):
            made.append(
                Appointment.objects.create(
                    reference=f"20261101-AAA{n}",
                    resident=resident,
                    matter=matter,
                    office=office,
                    notary=notary,
                    starts_at=start + dt.timedelta(hours=n),
                    ends_at=start + dt.timedelta(hours=n, minutes=30),
                    applicant_name="x",
                    applicant_phone="13800138000",
                    fee_quote=Decimal("0.00"),
                    fee_gross=Decimal("300.00"),
                )
            )
        exemption = old.get_model("notaries", "Exemption").objects.create(
            code="allowance",
            name_zh="低保",
            name_en="Allowance",
            description_zh="x",
            description_en="x",
            evidence_zh="低保证",
            evidence_en="Allowance card",
        )
        old.get_model("appointments", "ExemptionClaim").objects.create(
            appointment=made[2],
            exemption=exemption,
            name_zh="低保",
            name_en="Allowance",
            evidence_zh="低保证",
            evidence_en="Allowance card",
        )

        new = migrate([SNAPSHOT])
        rows = {
            a.reference: a.materials_snapshot
            for a in new.get_model("appointments", "Appointment").objects.all()
        }
        first = rows["20261101-AAA0"]
        assert [i["name_en"] for i in first["items"]] == ["ID card", "Household"]
        assert first["items"][0]["form"] == "original" and first["source"] == "migration"
        assert first["evidence"] == []
        assert rows["20261101-AAA1"]["items"] == []
        claimed = rows["20261101-AAA2"]
        assert [i["name_en"] for i in claimed["items"]] == ["ID card", "Household"]
        assert claimed["evidence"][0]["evidence_en"] == "Allowance card"
