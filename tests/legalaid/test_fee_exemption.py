"""A granted legal-aid decision is a ground for waiving notarization fees: a resident holding a
grant valid on the appointment's day is quoted 0 pending the counter's check, and the counter
sees the grant (reference, centre, date) beside the claim."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from appointments.services import appointment_book, exemption_decide
from legalaid import services
from notaries.models import Exemption
from tests.appointments.conftest import at, make_bookable, make_resident
from tests.factories import ExemptionFactory, LegalAidCentreFactory, UserFactory
from tests.legalaid.conftest import make_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def bookable(db):
    bookable = make_bookable()
    bookable.matter.fee_amount = Decimal("300.00")
    bookable.matter.save()
    rule = ExemptionFactory(
        code="legal-aid-grant",
        kind=Exemption.Kind.LEGAL_AID,
        name_en="Legal-aid recipient",
        evidence_en="The legal-aid decision",
    )
    bookable.matter.exemptions.add(rule)
    return bookable


def grant(resident, *, decided_on: dt.date):
    centre = LegalAidCentreFactory(name_en="Dongcheng District Legal Aid Centre")
    staff = UserFactory(role=User.Role.LEGAL_AID_STAFF, legal_aid_centre=centre)
    application = services.application_submit(
        applicant=resident,
        centre=centre,
        case_kind=make_kind(),
        applicant_name="王申请",
        applicant_phone="13900001111",
        case_description="拖欠工资",
        ground="migrant_worker",
        consent=True,
        uploads=[],
    )
    services.application_accept(application=application, by=staff)
    when = timezone.make_aware(dt.datetime.combine(decided_on, dt.time(10)))
    return services.application_decide(
        application=application, by=staff, grant=True, reason="", now=when
    )


def book(bookable, resident, hour: int = 9):
    return appointment_book(
        resident=resident,
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, hour),
    )


def test_a_grant_makes_a_notarization_quote_0_pending_the_counters_check(bookable, english):
    resident = make_resident()
    decision = grant(resident, decided_on=bookable.day - dt.timedelta(days=30))
    appointment = book(bookable, resident)
    assert appointment.fee_gross == Decimal("300.00")
    assert appointment.fee_quote == Decimal("0.00")
    claim = appointment.exemption_claims.get()
    assert claim.exemption.kind == "legal_aid" and claim.status == "claimed"
    # The counter sees the grant it is asked to check.
    clerk = UserFactory(role=User.Role.OFFICE_STAFF, office=bookable.office)
    english.force_login(clerk)
    body = english.get(f"/staff/appointments/{appointment.reference}/").content.decode()
    assert decision.reference in body
    assert "Dongcheng District Legal Aid Centre" in body
    assert decision.decided_at.date().isoformat() in body
    # Rejected at the counter, the fee is due again.
    exemption_decide(claim=claim, by=clerk, confirm=False, reason="决定书不符")
    appointment.refresh_from_db()
    assert appointment.fee_quote == Decimal("300.00")


def test_no_grant_or_an_expired_grant_waives_nothing(bookable):
    without = make_resident()
    assert book(bookable, without).fee_quote == Decimal("300.00")
    old = make_resident()
    grant(old, decided_on=bookable.day - dt.timedelta(days=365))
    assert book(bookable, old, hour=10).fee_quote == Decimal("300.00")


def test_a_grant_counts_on_its_last_valid_day(bookable):
    resident = make_resident()
    grant(resident, decided_on=bookable.day - dt.timedelta(days=364))
    assert book(bookable, resident).fee_quote == Decimal("0.00")


def test_the_grant_is_recognised_not_declared_in_the_booking_form(bookable):
    from appointments.forms import BookingDetailsForm

    form = BookingDetailsForm(matter=bookable.matter)
    choices = dict(form.fields["declared"].choices) if "declared" in form.fields else {}
    assert "legal-aid-grant" not in choices
