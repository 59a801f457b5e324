"""The review step is one form: what is ticked is what is booked, in one press."""

import html
import re
from decimal import Decimal

import pytest

from appointments.models import Appointment, ExemptionClaim
from notaries.models import Exemption
from tests.appointments.conftest import at, make_bookable
from tests.appointments.test_fees_and_exemptions import person_born, years_before
from tests.factories import ExemptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def will(db):
    """300 yuan, 20 a copy, with an age exemption and a declared one."""
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
    matter.exemptions.set([elderly, allowance])
    return bookable


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def url(bookable) -> str:
    return f"/book/{bookable.matter.code}/{bookable.office.slug}/review/"


def test_ticking_an_exemption_and_confirming_in_one_press_records_the_claim(
    will, resident, english
):
    english.force_login(resident)
    response = english.post(
        url(will),
        {
            "start": at(will.day, 9).isoformat(),
            "copies": 3,
            "parties": 1,
            "declared": ["minimum-allowance"],
            "green": "",
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get(resident=resident)
    claim = ExemptionClaim.objects.get(appointment=appointment)
    assert claim.exemption.code == "minimum-allowance" and claim.status == "claimed"
    # The copies typed in the same press are in the quote too.
    assert appointment.fee_gross == Decimal("340.00") and appointment.fee_quote == Decimal("0.00")
    page = text(english.get(f"/appointments/{appointment.reference}/"))
    assert "Allowance certificate" in page


def test_the_preview_updates_the_quote_without_booking_and_keeps_the_ticks(will, resident, english):
    english.force_login(resident)
    response = english.post(
        url(will),
        {
            "start": at(will.day, 9).isoformat(),
            "copies": 2,
            "parties": 1,
            "declared": ["minimum-allowance"],
            "preview": "1",
        },
    )
    assert response.status_code == 200
    assert not Appointment.objects.exists()
    body = response.content.decode()
    assert re.search(r'value="minimum-allowance"[^>]*checked', body)
    assert "Payable: 0.00 yuan" in text(response)
    assert "Confirm booking" in body
    # The preview and the confirmation are buttons of the one form.
    assert body.count('<form method="post"') == 1 or body.count('method="post" novalidate') == 1


def test_invalid_details_on_confirm_are_shown_with_the_input_kept(will, resident, english):
    english.force_login(resident)
    response = english.post(
        url(will),
        {"start": at(will.day, 9).isoformat(), "copies": "999", "parties": 1, "confirm": "1"},
    )
    assert response.status_code == 400
    assert not Appointment.objects.exists()
    assert 'value="999"' in response.content.decode()


def test_a_resident_of_70_is_told_once_about_the_green_channel(will, english):
    elderly = person_born(years_before(will.day, 75), 901)
    english.force_login(elderly)
    response = english.get(url(will), {"start": at(will.day, 9).isoformat(), "green": "elderly"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="green"' not in body  # nothing to declare, so no choice saying otherwise
    assert "No priority needed" not in text(response)
    assert "recognised from your identity number" in text(response)


def test_a_younger_resident_cannot_declare_being_70(will, resident, english):
    english.force_login(resident)
    response = english.get(url(will), {"start": at(will.day, 9).isoformat(), "green": "elderly"})
    body = response.content.decode()
    assert 'value="elderly"' not in body
    assert "Green channel: Aged 70 or over" not in text(response)
