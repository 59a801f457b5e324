"""A counter correction of the account holder's identity number reaches their own upcoming
appointments: the per-person rules (overlap, cap, blacklist) and the age-based fee use the
corrected number, while what they booked for someone else keeps that person's number."""

from decimal import Decimal

import pytest

from accounts.crypto import hash_id_number
from accounts.models import User
from appointments.models import Appointment, AppointmentEvent
from appointments.services import appointment_book, appointment_cancel
from tests.appointments import test_booking_for_someone_else as booking_for
from tests.appointments.conftest import at, make_resident, valid_id_number
from tests.appointments.test_booking_for_someone_else import book_for, father_aged
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

will = booking_for.will  # a will of 300.00, free from 70, at an office of three notaries


def url(appointment) -> str:
    return f"/staff/appointments/{appointment.reference}/identity/correct/"


@pytest.fixture
def clerk(will):
    return UserFactory(role=User.Role.OFFICE_STAFF, office=will.office)


def test_a_corrected_number_moves_the_holders_own_appointments_and_decides_the_age_again(
    will, clerk, english
):
    # The resident typed a number of someone born in 1980; the card says 76 on the day.
    holder = make_resident(email="holder@example.com")
    own = appointment_book(
        resident=holder,
        matter=will.matter,
        office=will.office,
        starts_at=at(will.day, 9),
        language="en",
    )
    assert own.fee_quote == Decimal("300.00")
    number_of_76, _ = father_aged(76, will.day, sequence=811)
    _, mother = father_aged(80, will.day, sequence=812)
    mothers = book_for(will, holder, mother, hour=10)

    english.force_login(clerk)
    response = english.post(
        url(own), {"id_number": number_of_76, "reason": "Typo in the year; card checked."}
    )
    assert response.status_code == 302

    own.refresh_from_db()
    assert own.applicant_id_hash == hash_id_number(number_of_76)
    assert own.applicant_birth_date is not None and own.applicant_birth_date.year < 1960
    assert own.fee_quote == Decimal("0.00")  # a will from 70 is free, now that the age is known
    assert own.green_channel == Appointment.GreenChannel.ELDERLY  # and served first
    requoted = own.events.get(kind=AppointmentEvent.Kind.FEE_REQUOTED)
    assert (requoted.actor, requoted.channel) == (clerk, AppointmentEvent.Channel.COUNTER)
    # The appointment booked for the mother keeps her number.
    mothers.refresh_from_db()
    assert mothers.applicant_id_hash == mother.id_number_hash


def test_a_correction_onto_a_person_booked_at_the_same_time_elsewhere_is_refused(
    will, clerk, english
):
    holder = make_resident(email="holder@example.com")
    own = appointment_book(
        resident=holder,
        matter=will.matter,
        office=will.office,
        starts_at=at(will.day, 9),
        language="en",
    )
    # The number on the card belongs to a person a relative already booked for 09:00.
    real_number, real_person = father_aged(72, will.day, sequence=813)
    relative = make_resident(email="relative@example.com")
    book_for(will, relative, real_person, hour=9)
    before = (holder.id_number_hash, holder.identity_numbers.count())

    english.force_login(clerk)
    response = english.post(url(own), {"id_number": real_number, "reason": "Card checked."})
    assert response.status_code == 400
    assert "already has an appointment at the same time" in response.content.decode()
    assert real_number in response.content.decode()  # the clerk's input is kept

    holder.refresh_from_db()
    own.refresh_from_db()
    assert (holder.id_number_hash, holder.identity_numbers.count()) == before
    assert own.applicant_id_hash == before[0]
    assert own.status == Appointment.Status.BOOKED


def test_cancelled_appointments_keep_the_number_they_were_booked_under(will, clerk, english):
    holder = make_resident(email="holder@example.com")
    kept = appointment_book(
        resident=holder,
        matter=will.matter,
        office=will.office,
        starts_at=at(will.day, 9),
        language="en",
    )
    cancelled = appointment_book(
        resident=holder,
        matter=will.matter,
        office=will.office,
        starts_at=at(will.day, 11),
        language="en",
    )
    appointment_cancel(appointment=cancelled, actor=holder)
    old_hash = cancelled.applicant_id_hash
    english.force_login(clerk)
    new_number = valid_id_number(814, birth="19800101")
    response = english.post(url(kept), {"id_number": new_number, "reason": "Card checked."})
    assert response.status_code == 302
    cancelled.refresh_from_db()
    kept.refresh_from_db()
    assert cancelled.applicant_id_hash == old_hash
    assert kept.applicant_id_hash == hash_id_number(new_number)
