"""The blacklist holds on every path that books or moves an appointment, decided for the
appointment's date: the web and the hotline (test_services.py), rescheduling, home visits asked
for and scheduled, staff reassignment and leave; and staff see the flag on the agenda."""

import datetime as dt

import pytest
from django.utils import translation

from appointments import errors
from appointments.models import Appointment, HomeVisitRequest
from appointments.services import (
    appointment_cancel,
    appointment_reschedule,
    home_visit_request_create,
    home_visit_schedule,
)
from blacklist.models import BookingAttempt
from tests.appointments.conftest import at, give_week
from tests.dates import working_day_after
from tests.factories import NotaryFactory
from workspace import errors as workspace_errors
from workspace.services import appointment_reassign, leave_record_with_resolutions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def later_day(world) -> dt.date:
    return working_day_after(world.bookable.day, 3)


def test_moving_onto_a_day_the_entry_covers_is_refused_and_logged(world):
    appointment = world.book()
    entry = world.blacklist(starts_on=working_day_after(world.bookable.day))
    with pytest.raises(errors.Blacklisted):
        appointment_reschedule(
            appointment=appointment, starts_at=at(later_day(world), 9), actor=world.resident
        )
    appointment.refresh_from_db()
    assert appointment.starts_at == at(world.bookable.day, 9)  # kept its time
    assert BookingAttempt.objects.get().entry == entry


def test_moving_to_a_day_before_the_entry_starts_is_allowed(world):
    appointment = world.book(hour=10)
    world.blacklist(starts_on=later_day(world))
    moved = appointment_reschedule(
        appointment=appointment, starts_at=at(world.bookable.day, 9), actor=world.resident
    )
    assert moved.starts_at == at(world.bookable.day, 9)


def test_a_listed_person_cannot_ask_for_a_home_visit(world):
    world.blacklist()
    with pytest.raises(errors.Blacklisted):
        home_visit_request_create(
            resident=world.resident,
            matter=world.matter,
            office=world.office,
            address="No. 1 Quiet Lane",
            reason="Cannot walk",
            phone="13800138000",
        )
    assert not HomeVisitRequest.objects.exists()
    assert BookingAttempt.objects.count() == 1


def test_a_home_visit_is_not_scheduled_on_a_day_the_entry_covers(world):
    request = home_visit_request_create(
        resident=world.resident,
        matter=world.matter,
        office=world.office,
        address="No. 1 Quiet Lane",
        reason="Cannot walk",
        phone="13800138000",
    )
    world.blacklist(starts_on=world.bookable.day)
    with pytest.raises(errors.Blacklisted):
        home_visit_schedule(
            request=request, starts_at=at(world.bookable.day, 14), minutes=60, by=world.clerk
        )
    request.refresh_from_db()
    assert request.status == HomeVisitRequest.Status.REQUESTED
    assert not Appointment.objects.exists()
    attempt = BookingAttempt.objects.get()
    assert (attempt.channel, attempt.actor) == ("counter", world.clerk)


def _second_notary(world):
    other = NotaryFactory(office=world.office, matters=[world.matter])
    give_week(other)
    return other


def test_staff_cannot_move_a_listed_persons_appointment_to_a_colleague(world):
    appointment = world.book()
    colleague = next(n for n in world.bookable.notaries if n.pk != appointment.notary_id)
    world.blacklist(starts_on=world.bookable.day)
    with pytest.raises(workspace_errors.PersonBlacklisted):
        appointment_reassign(appointment=appointment, notary=colleague, by=world.clerk)
    appointment.refresh_from_db()
    assert appointment.notary_id != colleague.pk


def test_leave_cannot_move_a_listed_persons_appointment_but_can_cancel_it(world):
    appointment = world.book()
    notary = appointment.notary
    colleague = next(n for n in world.bookable.notaries if n.pk != notary.pk)
    world.blacklist(starts_on=world.bookable.day)
    with pytest.raises(workspace_errors.PersonBlacklisted):
        leave_record_with_resolutions(
            notary=notary,
            starts_on=world.bookable.day,
            ends_on=world.bookable.day,
            reason="Sick",
            resolutions={appointment.pk: ("move", colleague.pk)},
            by=world.clerk,
        )
    leave_record_with_resolutions(
        notary=notary,
        starts_on=world.bookable.day,
        ends_on=world.bookable.day,
        reason="Sick",
        resolutions={appointment.pk: ("cancel", "The notary is ill; please call the office.")},
        by=world.clerk,
    )
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED


def test_anyone_may_still_cancel_a_listed_persons_appointment(world):
    appointment = world.book()
    world.blacklist(starts_on=world.bookable.day)
    appointment_cancel(appointment=appointment, actor=world.resident)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED


def test_the_agenda_and_the_day_sheet_flag_a_person_listed_on_that_day(client, world):
    listed = world.book()
    world.blacklist(starts_on=world.bookable.day)
    client.force_login(world.clerk)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    day = world.bookable.day.isoformat()
    agenda = client.get(f"/staff/agenda/?date={day}").content.decode()
    sheet = client.get(f"/staff/agenda/print/?date={day}").content.decode()
    assert listed.reference in agenda and "On the blacklist" in agenda
    assert listed.reference in sheet and "On the blacklist" in sheet


def test_the_agenda_does_not_flag_an_entry_that_starts_after_that_day(client, world):
    listed = world.book()
    world.blacklist(starts_on=later_day(world))
    client.force_login(world.clerk)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    agenda = client.get(f"/staff/agenda/?date={world.bookable.day.isoformat()}").content.decode()
    assert listed.reference in agenda and "On the blacklist" not in agenda


def test_the_staff_appointment_page_flags_by_the_appointments_day(client, world):
    appointment = world.book()
    client.force_login(world.clerk)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = f"/staff/appointments/{appointment.reference}/"
    flag = "This person is on the city-wide notarization blacklist."
    world.blacklist(starts_on=later_day(world))  # in force only after the visit
    assert flag not in client.get(url).content.decode()
    world.blacklist(starts_on=world.bookable.day - dt.timedelta(days=1), ends_on=world.bookable.day)
    assert flag in client.get(url).content.decode()
