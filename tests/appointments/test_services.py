import datetime as dt
import re

import pytest
from django.core import mail
from django.test import override_settings

from appointments import errors
from appointments.models import Appointment, AppointmentEvent
from appointments.services import appointment_book, appointment_cancel, appointment_reschedule
from tests.appointments.conftest import at, make_resident
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def book(bookable, resident, hour, minute=0, **kwargs):
    return appointment_book(
        resident=resident,
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, hour, minute),
        **kwargs,
    )


def test_booking_gives_a_readable_reference_and_records_who_booked(bookable, resident):
    appointment = book(bookable, resident, 9)
    assert re.fullmatch(r"\d{8}-[34679ACDEFGHJKMNPQRTWXY]{4}", appointment.reference)
    assert appointment.notary == bookable.notary
    assert appointment.ends_at - appointment.starts_at == dt.timedelta(minutes=30)
    assert appointment.applicant_name == "测试居民"
    assert appointment.fee_quote == bookable.matter.fee_amount
    event = appointment.events.get()
    assert event.kind == AppointmentEvent.Kind.BOOKED and event.actor == resident


def test_confirmation_email_is_sent_once_and_only_after_commit(
    bookable, resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        appointment = book(bookable, resident, 9)
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:  # the message, and the availability versions bumped again
        callback()
    assert len(mail.outbox) == 1
    assert appointment.reference in mail.outbox[0].subject
    assert mail.outbox[0].to == [resident.email]


def test_a_failed_booking_sends_nothing(
    bookable, resident, other_resident, django_capture_on_commit_callbacks
):
    book(bookable, resident, 9)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(errors.SlotTaken),
    ):
        book(bookable, other_resident, 9)
    assert callbacks == []


def test_second_booking_at_the_same_time_goes_to_another_free_notary(
    bookable_two, resident, other_resident
):
    first = book(bookable_two, resident, 10)
    second = book(bookable_two, other_resident, 10)
    assert {first.notary_id, second.notary_id} == {n.pk for n in bookable_two.notaries}


def test_a_taken_time_is_refused_when_every_notary_is_busy(bookable, resident, other_resident):
    book(bookable, resident, 10)
    with pytest.raises(errors.SlotTaken):
        book(bookable, other_resident, 10)
    with pytest.raises(errors.SlotTaken):
        book(bookable, other_resident, 10, 15)  # overlaps 10:00-10:30 (not on the grid either)
    assert Appointment.objects.count() == 1


def test_times_outside_working_hours_are_not_bookable(bookable, resident):
    for hour, minute in [(12, 0), (8, 0), (17, 0), (11, 45)]:
        with pytest.raises(errors.SlotUnavailable):
            book(bookable, resident, hour, minute)


def test_a_resident_cannot_hold_two_overlapping_appointments(bookable_two, resident):
    book(bookable_two, resident, 10)
    with pytest.raises(errors.ResidentOverlap):
        book(bookable_two, resident, 10)


@override_settings(APPOINTMENT_MAX_ACTIVE_PER_RESIDENT=3)
def test_a_resident_holds_at_most_three_upcoming_appointments(bookable, resident):
    for hour in (9, 10, 11):
        book(bookable, resident, hour)
    with pytest.raises(errors.TooManyAppointments) as error:
        book(bookable, resident, 14)
    assert "3" in str(error.value)
    appointment_cancel(appointment=Appointment.objects.first(), actor=resident)
    assert book(bookable, resident, 14)


def test_booking_needs_a_complete_profile(bookable):
    with pytest.raises(errors.ProfileIncomplete):
        book(bookable, UserFactory(), 9)


def test_an_office_that_does_not_handle_the_matter_cannot_be_booked(bookable, resident):
    from tests.factories import MatterFactory

    other = MatterFactory(materials=0)
    with pytest.raises(errors.MatterNotHandled):
        appointment_book(
            resident=resident, matter=other, office=bookable.office, starts_at=at(bookable.day, 9)
        )


def test_cancelling_frees_the_time_at_once_and_keeps_the_record(bookable, resident, other_resident):
    appointment = book(bookable, resident, 9)
    appointment_cancel(appointment=appointment, actor=resident, reason="plans changed")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert appointment.cancelled_at is not None
    assert appointment.events.filter(kind="cancelled", reason="plans changed").exists()
    again = book(bookable, other_resident, 9)
    assert again.notary == appointment.notary
    assert Appointment.objects.count() == 2


def test_cancellation_closes_two_hours_before_the_start(bookable, resident):
    appointment = book(bookable, resident, 10)
    too_late = at(bookable.day, 8, 30)
    with pytest.raises(errors.CancellationClosed) as error:
        appointment_cancel(appointment=appointment, actor=resident, now=too_late)
    assert "2" in str(error.value)
    appointment_cancel(appointment=appointment, actor=resident, now=at(bookable.day, 7, 59))


def test_a_cancelled_appointment_cannot_be_cancelled_or_moved_again(bookable, resident):
    appointment = book(bookable, resident, 10)
    appointment_cancel(appointment=appointment, actor=resident)
    with pytest.raises(errors.NotActive):
        appointment_cancel(appointment=appointment, actor=resident)
    with pytest.raises(errors.NotActive):
        appointment_reschedule(
            appointment=appointment, starts_at=at(bookable.day, 11), actor=resident
        )


def test_rescheduling_moves_the_same_appointment_and_frees_the_old_time(
    bookable, resident, other_resident
):
    appointment = book(bookable, resident, 9)
    moved = appointment_reschedule(
        appointment=appointment, starts_at=at(bookable.day, 14), actor=resident
    )
    assert moved.pk == appointment.pk and moved.reference == appointment.reference
    assert moved.starts_at == at(bookable.day, 14)
    assert moved.events.filter(kind="rescheduled").exists()
    assert book(bookable, other_resident, 9).notary == bookable.notary


def test_rescheduling_onto_a_taken_time_keeps_the_old_time(bookable, resident, other_resident):
    mine = book(bookable, resident, 9)
    book(bookable, other_resident, 14)
    with pytest.raises(errors.SlotTaken):
        appointment_reschedule(appointment=mine, starts_at=at(bookable.day, 14), actor=resident)
    mine.refresh_from_db()
    assert mine.starts_at == at(bookable.day, 9)
    assert mine.status == Appointment.Status.BOOKED


def test_rescheduling_to_an_overlapping_later_time_of_ones_own_is_allowed(bookable, resident):
    mine = book(bookable, resident, 9)
    moved = appointment_reschedule(
        appointment=mine, starts_at=at(bookable.day, 9, 30), actor=resident
    )
    assert moved.starts_at == at(bookable.day, 9, 30)


@pytest.mark.parametrize("change", ["office closed down", "matter no longer handled"])
def test_a_move_finds_nobody_at_an_office_that_no_longer_serves_the_matter(
    bookable, resident, change
):
    """The booking's check that the office is open and handles the matter holds for a move too
    (it is read with the weekly hours, under the move's locks)."""
    mine = book(bookable, resident, 9)
    if change == "office closed down":
        bookable.office.is_active = False
        bookable.office.save()
    else:
        bookable.office.matters.remove(bookable.matter)
    with pytest.raises(errors.SlotUnavailable):
        appointment_reschedule(appointment=mine, starts_at=at(bookable.day, 14), actor=resident)
    mine.refresh_from_db()
    assert mine.starts_at == at(bookable.day, 9) and mine.status == Appointment.Status.BOOKED


def test_minimum_notice_keeps_the_next_two_hours_closed(bookable, resident):
    with pytest.raises(errors.SlotUnavailable):
        book(bookable, resident, 10, now=at(bookable.day, 8, 30))
    assert book(bookable, resident, 11, now=at(bookable.day, 8, 30))


def test_buffer_between_appointments_is_respected(bookable, resident, other_resident):
    bookable.office.buffer_minutes = 30
    bookable.office.save()
    book(bookable, resident, 9)
    with pytest.raises(errors.SlotUnavailable):
        book(bookable, other_resident, 9, 30)
    assert book(bookable, other_resident, 10)


def test_the_database_refuses_overlapping_appointments_of_one_notary(
    bookable, resident, other_resident
):
    """The guarantee holds even for code that skips the services (PostgreSQL only)."""
    from django.db import IntegrityError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL; CI runs this test there")
    first = book(bookable, resident, 9)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            reference="20990101-AAAA",
            resident=other_resident,
            matter=bookable.matter,
            office=bookable.office,
            notary=bookable.notary,
            starts_at=first.starts_at + dt.timedelta(minutes=10),
            ends_at=first.ends_at + dt.timedelta(minutes=10),
            applicant_name="x",
            applicant_phone="13800138000",
            fee_quote=0,
        )


def test_many_residents_can_book_without_limit_clashes(bookable_two):
    residents = [make_resident(email=f"r{i}@example.com") for i in range(4)]
    booked = [book(bookable_two, r, 9 + i // 2, 30 * (i % 2)) for i, r in enumerate(residents)]
    assert len({a.reference for a in booked}) == 4
