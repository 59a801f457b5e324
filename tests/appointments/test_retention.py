import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings

from appointments.fees import FeeRequest
from appointments.models import Appointment
from appointments.retention import personal_data_anonymise
from appointments.services import appointment_book, appointment_cancel, exemption_decide
from notaries.models import Exemption
from tests.appointments.conftest import at
from tests.factories import ExemptionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_and_new(bookable, resident, other_resident):
    allowance = ExemptionFactory(code="minimum-allowance", kind=Exemption.Kind.STATUS)
    bookable.matter.exemptions.add(allowance)
    old = appointment_book(
        resident=resident,
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 9),
        fee=FeeRequest(declared=("minimum-allowance",)),
    )
    exemption_decide(
        claim=old.exemption_claims.get(),
        by=UserFactory(role="bureau_admin"),
        confirm=True,
        reason="低保证 No. 12345, 张三",
    )
    appointment_cancel(appointment=old, actor=resident, reason="my private reason")
    new = appointment_book(
        resident=other_resident,
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 10),
    )
    return old, new


def test_old_appointments_lose_personal_data_but_keep_the_statistics(old_and_new):
    old, new = old_and_new
    report = personal_data_anonymise(before=old.ends_at + dt.timedelta(minutes=1))
    assert report.appointments == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.applicant_name == "" and old.applicant_phone == "" and old.anonymised_at
    assert (old.status, old.fee_gross, old.matter_id, old.office_id) == (
        "cancelled",
        Decimal("200.00"),
        new.matter_id,
        new.office_id,
    )
    claim = old.exemption_claims.get()
    assert claim.status == "confirmed" and "12345" not in claim.reason
    assert all("private" not in str(event.data) for event in old.events.all())
    assert all("private" not in event.reason for event in old.events.all())
    assert new.applicant_name == "测试居民"  # untouched: not old enough, and still active


def test_active_appointments_are_never_anonymised(old_and_new):
    _old, new = old_and_new
    personal_data_anonymise(before=new.ends_at + dt.timedelta(days=1))
    new.refresh_from_db()
    assert new.anonymised_at is None and new.applicant_name


@override_settings(PERSONAL_DATA_RETENTION_DAYS=0)
def test_the_retention_command_reports_progress_and_runs_again_harmlessly(
    old_and_new, capsys, monkeypatch
):
    from django.utils import timezone

    old, _new = old_and_new
    monkeypatch.setattr(timezone, "now", lambda: old.ends_at + dt.timedelta(days=1))
    call_command("anonymise_personal_data", batch_size=1)
    out = capsys.readouterr().out
    assert "anonymised 1/1 appointments" in out and "Done: 1 appointments anonymised" in out
    call_command("anonymise_personal_data")
    assert "Done: 0 appointments anonymised" in capsys.readouterr().out
    assert Appointment.objects.filter(anonymised_at__isnull=False).count() == 1
