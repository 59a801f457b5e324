"""The appointment's life: one table of transitions, one service each, one event log.

Every status change goes through appointments' services, whichever page or job asks; these tests
hold each rule on the service and, where a path can break it, on that path."""

import datetime as dt

import pytest
from django.utils import translation

from appointments import errors
from appointments.models import Appointment, AppointmentEvent
from appointments.services import appointment_complete, appointment_mark_no_show
from tests.dates import at_the_counter, check_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    with translation.override("en"):
        yield


def trail(appointment) -> list[tuple[str, str]]:
    """The status changes in the appointment's one event log."""
    return list(
        AppointmentEvent.objects.filter(appointment=appointment)
        .exclude(to_status="")
        .order_by("at", "id")
        .values_list("from_status", "to_status")
    )


# --- status changes ---------------------------------------------------------------------------


def test_check_in_then_complete_moves_through_the_statuses_with_an_audit_row_each(world):
    appointment = world.book()
    with at_the_counter(appointment):
        check_in(appointment, by=world.staff_a)
        done = appointment_complete(appointment=appointment, by=world.staff_a)

    assert done.status == Appointment.Status.COMPLETED
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.COMPLETED
    assert trail(appointment) == [("booked", "checked_in"), ("checked_in", "completed")]
    changes = AppointmentEvent.objects.filter(appointment=appointment).exclude(to_status="")
    assert {(e.actor_id, e.channel) for e in changes} == {(world.staff_a.pk, "counter")}


def test_complete_is_refused_before_check_in(world):
    appointment = world.book()
    with pytest.raises(errors.TransitionNotAllowed):
        appointment_complete(appointment=appointment, by=world.staff_a)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED
    assert trail(appointment) == []


def test_check_in_twice_is_refused_and_recorded_once(world):
    appointment = world.book()
    check_in(appointment, by=world.staff_a)
    with pytest.raises(errors.TransitionNotAllowed):
        check_in(appointment, by=world.staff_a)
    assert trail(appointment) == [("booked", "checked_in")]


def test_no_show_before_the_start_time_is_refused(world):
    appointment = world.book()
    with pytest.raises(errors.NoShowTooEarly):
        appointment_mark_no_show(
            appointment=appointment,
            by=world.staff_a,
            now=appointment.starts_at - dt.timedelta(minutes=1),
        )
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED
    assert trail(appointment) == []


def test_no_show_after_the_start_time_is_recorded_with_who_and_when(world):
    appointment = world.book()
    when = appointment.starts_at + dt.timedelta(minutes=10)
    appointment_mark_no_show(appointment=appointment, by=world.staff_a, now=when)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.NO_SHOW
    change = AppointmentEvent.objects.get(appointment=appointment, kind="no_show")
    assert (change.from_status, change.to_status, change.actor, change.at) == (
        "booked",
        "no_show",
        world.staff_a,
        when,
    )


@pytest.mark.parametrize("first", ["check_in", "no_show"])
def test_no_show_is_refused_once_the_appointment_moved_on(world, first):
    appointment = world.book()
    later = appointment.starts_at + dt.timedelta(minutes=10)
    if first == "check_in":
        check_in(appointment, by=world.staff_a)
    else:
        appointment_mark_no_show(appointment=appointment, by=world.staff_a, now=later)
    with pytest.raises(errors.TransitionNotAllowed):
        appointment_mark_no_show(appointment=appointment, by=world.staff_a, now=later)
    assert len(trail(appointment)) == 1


def test_a_no_show_cannot_be_checked_in_or_completed(world):
    appointment = world.book()
    appointment_mark_no_show(appointment=appointment, by=world.staff_a, now=appointment.starts_at)
    with pytest.raises(errors.TransitionNotAllowed):
        check_in(appointment, by=world.staff_a)
    with pytest.raises(errors.TransitionNotAllowed):
        appointment_complete(appointment=appointment, by=world.staff_a)
    assert trail(appointment) == [("booked", "no_show")]


