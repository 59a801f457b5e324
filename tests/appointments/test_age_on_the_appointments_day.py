"""Everything that depends on the person's age is decided for the appointment's date, and decided
again whenever that date changes: the free will from 70 and the green channel, on every path
that moves an appointment (the resident online, the office, the hotline's booking and the time
picker)."""

from decimal import Decimal

import pytest
from django.core import mail

from appointments.fees import FeeRequest
from appointments.models import Appointment, AppointmentEvent
from appointments.services import appointment_book, appointment_reschedule
from notaries.models import Exemption
from tests.appointments.conftest import at, make_bookable
from tests.appointments.test_fees_and_exemptions import person_born, years_before
from tests.dates import working_day_after
from tests.factories import ExemptionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def will(db):
    bookable = make_bookable()
    matter = bookable.matter
    matter.fee_amount = Decimal("300.00")
    matter.save()
    elderly = ExemptionFactory(code="elderly-will", kind=Exemption.Kind.AGE, min_age=70)
    allowance = ExemptionFactory(code="minimum-allowance", kind=Exemption.Kind.STATUS)
    matter.exemptions.set([elderly, allowance])
    return bookable


@pytest.fixture
def days(will):
    """Two working days: the person turns 70 on the second."""
    first = will.day
    return first, working_day_after(first)


@pytest.fixture
def turning_70(days):
    return person_born(years_before(days[1], 70), 700)


def book(will, person, day, **kwargs):
    return appointment_book(
        resident=person,
        matter=will.matter,
        office=will.office,
        starts_at=at(day, 9),
        language="en",
        **kwargs,
    )


def test_a_will_moved_to_the_day_before_the_70th_birthday_is_no_longer_free(
    will, days, turning_70, django_capture_on_commit_callbacks
):
    appointment = book(will, turning_70, days[1])
    assert appointment.fee_quote == Decimal("0.00")
    assert appointment.green_channel == Appointment.GreenChannel.ELDERLY
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = appointment_reschedule(
            appointment=appointment, starts_at=at(days[0], 10), actor=turning_70
        )
    moved.refresh_from_db()
    assert moved.fee_quote == Decimal("300.00")
    assert moved.green_channel == ""
    assert not moved.exemption_claims.exists()
    event = moved.events.get(kind=AppointmentEvent.Kind.FEE_REQUOTED)
    assert event.data["from"]["payable"] == "0.00" and event.data["to"]["payable"] == "300.00"
    assert event.data["exemptions_dropped"] == ["elderly-will"]
    # The resident is told the new fee with the new time.
    assert len(mail.outbox) == 1 and "300.00 yuan" in mail.outbox[0].body


def test_a_will_moved_onto_the_70th_birthday_becomes_free(will, days, turning_70):
    appointment = book(will, turning_70, days[0])
    assert appointment.fee_quote == Decimal("300.00")
    moved = appointment_reschedule(
        appointment=appointment, starts_at=at(days[1], 10), actor=turning_70
    )
    moved.refresh_from_db()
    assert moved.fee_quote == Decimal("0.00")
    assert moved.green_channel == Appointment.GreenChannel.ELDERLY
    claim = moved.exemption_claims.get()
    assert (claim.exemption.code, claim.automatic) == ("elderly-will", True)


def test_a_declared_exemption_stays_when_the_appointment_moves(will, days, turning_70):
    appointment = book(will, turning_70, days[1], fee=FeeRequest(declared=("minimum-allowance",)))
    assert {c.exemption.code for c in appointment.exemption_claims.all()} == {
        "elderly-will",
        "minimum-allowance",
    }
    moved = appointment_reschedule(
        appointment=appointment, starts_at=at(days[0], 10), actor=turning_70
    )
    moved.refresh_from_db()
    assert [c.exemption.code for c in moved.exemption_claims.all()] == ["minimum-allowance"]
    assert moved.fee_quote == Decimal("0.00")  # still waived, on the declared ground


def test_a_move_by_the_office_is_decided_for_the_new_date_too(will, days, turning_70):
    clerk = UserFactory(role="office_staff", office=will.office)
    appointment = book(will, turning_70, days[1])
    moved = appointment_reschedule(appointment=appointment, starts_at=at(days[0], 10), actor=clerk)
    moved.refresh_from_db()
    assert moved.fee_quote == Decimal("300.00")
    assert moved.events.get(kind="fee_requoted").channel == "counter"


def test_a_move_within_the_same_age_changes_no_fee(will, days, turning_70):
    appointment = book(will, turning_70, days[1])
    moved = appointment_reschedule(
        appointment=appointment, starts_at=at(days[1], 10), actor=turning_70
    )
    assert not moved.events.filter(kind="fee_requoted").exists()


def test_the_time_picker_shows_the_kept_times_from_the_70th_birthday_on(
    client, will, days, turning_70
):
    office = will.office
    office.green_channel_percent = 20
    office.save()
    client.force_login(turning_70)
    path = f"/book/{will.matter.code}/{office.slug}/"
    before = client.get(path, {"date": days[0].isoformat()}).content.decode()
    on = client.get(path, {"date": days[1].isoformat()}).content.decode()
    kept_on_first = f'value="{at(days[0], 9).isoformat()}"'
    kept_on_second = f'value="{at(days[1], 9).isoformat()}"'
    # 9:00 opens a working period: kept for the green channel until the day before.
    assert kept_on_first not in before  # 69 that day: not shown
    assert kept_on_second in on  # 70 that day: shown
