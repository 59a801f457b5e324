import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.services import resident_profile_update
from appointments import errors
from appointments.fees import FeeRequest
from appointments.models import Appointment, ExemptionClaim
from appointments.services import (
    appointment_book,
    appointment_reschedule,
    exemption_decide,
    fee_record_final,
)
from notaries.models import Exemption
from tests.appointments.conftest import at, make_bookable, make_resident, valid_id_number
from tests.factories import ExemptionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def will(db):
    bookable = make_bookable()
    matter = bookable.matter
    matter.fee_amount = Decimal("300.00")
    matter.fee_per_extra_copy = Decimal("20.00")
    matter.save()
    elderly = ExemptionFactory(
        code="elderly-will", kind=Exemption.Kind.AGE, min_age=70, evidence_en="Identity card"
    )
    allowance = ExemptionFactory(
        code="minimum-allowance", kind=Exemption.Kind.STATUS, evidence_en="Allowance certificate"
    )
    disability = ExemptionFactory(code="severe-disability", kind=Exemption.Kind.STATUS)
    purpose = ExemptionFactory(code="relief-purpose", kind=Exemption.Kind.PURPOSE)
    matter.exemptions.set([elderly, allowance, disability, purpose])
    return bookable


def person_born(born: dt.date, sequence: int):
    user = UserFactory()
    return resident_profile_update(
        user=user,
        real_name="测试",
        phone="13800138000",
        id_number=valid_id_number(sequence, birth=f"{born:%Y%m%d}"),
    )


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier; 29 February falls back to the 28th (someone born then has
    had the birthday by the 29th), so a test day in a leap February does not raise."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def book(bookable, resident, hour=9, **kwargs):
    return appointment_book(
        resident=resident,
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, hour),
        **kwargs,
    )


@pytest.mark.parametrize(
    ("birthday_shift", "free"),
    [
        (-1, True),  # turned 70 the day before the appointment
        (0, True),  # turns 70 on the appointment day
        (1, False),  # turns 70 the day after: still 69 at the visit
    ],
)
def test_wills_are_free_from_the_day_the_applicant_is_70(will, birthday_shift, free):
    born = years_before(will.day, 70) + dt.timedelta(days=birthday_shift)
    appointment = book(will, person_born(born, 500 + birthday_shift))
    assert appointment.fee_gross == Decimal("300.00")
    claims = list(appointment.exemption_claims.all())
    if free:
        assert appointment.fee_quote == Decimal("0.00")
        assert [(c.exemption.code, c.automatic, c.status) for c in claims] == [
            ("elderly-will", True, "claimed")
        ]
    else:
        assert appointment.fee_quote == Decimal("300.00")
        assert claims == []


def test_an_allowance_recipient_declares_and_gets_the_fee_waived_with_evidence_on_the_list(
    will, resident
):
    appointment = book(will, resident, fee=FeeRequest(declared=("minimum-allowance",)))
    assert appointment.fee_quote == Decimal("0.00")
    claim = appointment.exemption_claims.get()
    assert claim.exemption.code == "minimum-allowance" and not claim.automatic
    assert claim.evidence_en == "Allowance certificate"


@pytest.mark.parametrize("code", ["severe-disability", "relief-purpose"])
def test_each_declared_status_or_purpose_waives_the_fee(will, resident, code):
    appointment = book(will, resident, fee=FeeRequest(declared=(code,)))
    assert appointment.fee_quote == Decimal("0.00")
    assert appointment.exemption_claims.get().exemption.code == code


def test_declaring_an_exemption_the_matter_does_not_have_changes_nothing(will, resident):
    ExemptionFactory(code="unrelated", kind=Exemption.Kind.STATUS)
    appointment = book(will, resident, fee=FeeRequest(declared=("unrelated",)))
    assert appointment.fee_quote == Decimal("300.00")
    assert not appointment.exemption_claims.exists()


def test_an_exemption_no_longer_in_force_is_not_applied(will, resident):
    Exemption.objects.filter(code="minimum-allowance").update(is_active=False)
    appointment = book(will, resident, fee=FeeRequest(declared=("minimum-allowance",)))
    assert appointment.fee_quote == Decimal("300.00")


def test_the_stored_quote_survives_a_later_change_of_the_fee_standard(will, resident):
    appointment = book(will, resident, fee=FeeRequest(copies=3))
    assert appointment.fee_quote == Decimal("340.00")
    will.matter.fee_amount = Decimal("999.00")
    will.matter.fee_per_extra_copy = Decimal("99.00")
    will.matter.save()
    appointment.refresh_from_db()
    assert appointment.fee_quote == Decimal("340.00")
    assert [line["amount"] for line in appointment.fee_details["lines"]] == ["300.00", "40.00"]
    assert appointment.fee_details["lines"][1]["label_en"] == "2 additional copies × 20.00 yuan"


def test_staff_reject_an_exemption_with_a_reason_and_the_quote_returns_to_the_fee(will, resident):
    appointment = book(will, resident, fee=FeeRequest(declared=("minimum-allowance",)))
    clerk = UserFactory(role="office_staff", office=will.office)
    claim = appointment.exemption_claims.get()
    with pytest.raises(errors.DecisionInvalid):
        exemption_decide(claim=claim, by=clerk, confirm=False, reason="  ")
    exemption_decide(claim=claim, by=clerk, confirm=False, reason="No allowance certificate")
    claim.refresh_from_db()
    appointment.refresh_from_db()
    assert claim.status == ExemptionClaim.Status.REJECTED and claim.decided_by == clerk
    assert appointment.fee_quote == appointment.fee_gross == Decimal("300.00")
    assert appointment.events.filter(kind="exemption_decided", data__status="rejected").exists()


def test_staff_confirm_an_exemption(will, resident):
    appointment = book(will, resident, fee=FeeRequest(declared=("relief-purpose",)))
    clerk = UserFactory(role="office_staff", office=will.office)
    exemption_decide(
        claim=appointment.exemption_claims.get(), by=clerk, confirm=True, reason="Court notice seen"
    )
    appointment.refresh_from_db()
    assert appointment.fee_quote == Decimal("0.00")


def test_the_final_fee_is_recorded_and_the_difference_stays_visible(will, resident, client):
    appointment = book(will, resident)
    clerk = UserFactory(role="office_staff", office=will.office)
    fee_record_final(appointment=appointment, by=clerk, amount=Decimal("320"), note="one more copy")
    appointment.refresh_from_db()
    assert (appointment.fee_quote, appointment.fee_final) == (Decimal("300.00"), Decimal("320.00"))
    client.force_login(resident)
    page = client.get(
        f"/appointments/{appointment.reference}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Charged at the counter" in page and "320.00 yuan" in page
    assert "one more copy" in page


def test_the_resident_sees_the_outcome_of_the_exemption(will, resident, client):
    appointment = book(will, resident, fee=FeeRequest(declared=("minimum-allowance",)))
    clerk = UserFactory(role="office_staff", office=will.office)
    exemption_decide(
        claim=appointment.exemption_claims.get(),
        by=clerk,
        confirm=False,
        reason="Certificate expired",
    )
    client.force_login(resident)
    page = client.get(
        f"/appointments/{appointment.reference}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Not granted" in page and "Certificate expired" in page


def test_rescheduling_keeps_the_quote(will, resident):
    appointment = book(will, resident, fee=FeeRequest(copies=2))
    moved = appointment_reschedule(
        appointment=appointment, starts_at=at(will.day, 14), actor=resident
    )
    assert moved.fee_quote == Decimal("320.00")


# --- the wizard -------------------------------------------------------------------------------


def test_review_page_shows_the_breakdown_and_books_with_the_declared_exemption(
    will, resident, client
):
    client.force_login(resident)
    url = f"/book/{will.matter.code}/{will.office.slug}/review/"
    start = at(will.day, 9).isoformat()
    page = client.get(
        url,
        {"start": start, "copies": 3, "parties": 1, "declared": "minimum-allowance"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = page.content.decode()
    assert "2 additional copies × 20.00 yuan" in body
    assert "Total by the fee standard" in body and "340.00 yuan" in body
    assert "Payable: 0.00 yuan, if the exemption is confirmed at the counter." in body
    assert "Allowance certificate" in body
    response = client.post(
        url, {"start": start, "copies": 3, "parties": 1, "declared": "minimum-allowance"}
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.fee_gross == Decimal("340.00") and appointment.fee_quote == Decimal("0.00")


@pytest.mark.parametrize("copies", ["0", "21", "many", "-3", "1e9"])
def test_bad_fee_details_are_explained_on_the_same_page_and_nothing_is_booked(
    will, resident, client, copies
):
    client.force_login(resident)
    url = f"/book/{will.matter.code}/{will.office.slug}/review/"
    response = client.post(
        url,
        {"start": at(will.day, 9).isoformat(), "copies": copies, "parties": 1},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "Please correct the fee details above" in response.content.decode()
    assert f'value="{copies}"' in response.content.decode()
    assert not Appointment.objects.exists()


# --- the green channel ------------------------------------------------------------------------


@pytest.fixture
def green_office(will):
    will.office.green_channel_percent = 50  # every second time is kept back
    will.office.save()
    return will


def test_times_kept_for_the_green_channel_are_hidden_from_others(green_office, resident):
    from appointments.availability import compute_availability

    now = at(green_office.day - dt.timedelta(days=3), 9)
    public = compute_availability(
        matter=green_office.matter, start_date=green_office.day, days=1, now=now
    )
    green = compute_availability(
        matter=green_office.matter, start_date=green_office.day, days=1, now=now, green_channel=True
    )
    public_times = {s.starts_at for s in public.all_slots()}
    green_times = {s.starts_at for s in green.all_slots()}
    assert at(green_office.day, 9) in green_times and at(green_office.day, 9) not in public_times
    assert at(green_office.day, 9, 30) in public_times
    assert public_times < green_times


def test_kept_times_are_released_to_everyone_the_day_before(green_office):
    from appointments.availability import compute_availability

    day_before = at(green_office.day - dt.timedelta(days=1), 8)
    public = compute_availability(
        matter=green_office.matter, start_date=green_office.day, days=1, now=day_before
    )
    assert at(green_office.day, 9) in {s.starts_at for s in public.all_slots()}


def test_an_applicant_of_70_gets_the_green_channel_automatically(green_office):
    assert green_office.day >= timezone.localdate() + dt.timedelta(days=2)  # times not released
    elderly = person_born(years_before(green_office.day, 75), 777)
    appointment = book(green_office, elderly, hour=9)
    assert appointment.green_channel == Appointment.GreenChannel.ELDERLY
    with pytest.raises(errors.SlotUnavailable):
        book(green_office, make_resident(email="young@example.com"), hour=10)


def test_a_declared_pregnancy_opens_the_kept_times(green_office, resident):
    appointment = book(green_office, resident, hour=9, green_channel="pregnant")
    assert appointment.green_channel == "pregnant"


def test_first_view_of_the_review_asks_for_the_value_without_error_messages(will, resident, client):
    will.matter.fee_by_value = True
    will.matter.fee_value_minimum = Decimal("200.00")
    will.matter.save()
    client.force_login(resident)
    url = f"/book/{will.matter.code}/{will.office.slug}/review/"
    response = client.get(
        url, {"start": at(will.day, 9).isoformat(), "green": "elderly"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "This field is required" not in body and "Select a valid choice" not in body
    assert "Enter the value involved above" in body
    assert 'name="confirm"' not in body
    quoted = client.get(
        url,
        {"start": at(will.day, 9).isoformat(), "copies": 1, "parties": 1, "value": "800000"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert 'name="confirm"' in quoted.content.decode()


def test_first_view_of_a_flat_fee_review_quotes_at_once(will, resident, client):
    client.force_login(resident)
    url = f"/book/{will.matter.code}/{will.office.slug}/review/"
    body = client.get(
        url, {"start": at(will.day, 9).isoformat(), "green": "pregnant"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Total by the fee standard" in body and "300.00 yuan" in body
    assert "Confirm booking" in body
    assert '<option value="pregnant" selected>' in body
