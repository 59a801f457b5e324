"""The appointment's life: one table of transitions, one service each, one event log.

Every status change goes through appointments' services, whichever page or job asks; these tests
hold each rule on the service and, where a path can break it, on that path."""

import datetime as dt

import pytest
from django.utils import translation

from appointments import errors
from appointments.lifecycle import TRANSITIONS
from appointments.models import Appointment, AppointmentEvent
from appointments.services import (
    appointment_cancel,
    appointment_check_in,
    appointment_complete,
    appointment_mark_no_show,
    appointment_reschedule,
)
from tests.appointments.conftest import at
from tests.dates import at_the_counter, check_in, working_day_after
from tests.workspace.conftest import text

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


# --- check-in only on the visit's day -----------------------------------------------------------


def test_check_in_is_refused_days_before_the_visit(world):
    appointment = world.book()
    with pytest.raises(errors.CheckInTooEarly) as refused:
        appointment_check_in(appointment=appointment, by=world.staff_a)
    assert "on the day of the visit" in str(refused.value)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_check_in_opens_a_set_time_before_the_start_on_the_day(world, settings):
    settings.APPOINTMENT_CHECK_IN_OPENS_MINUTES = 60
    appointment = world.book(hour=10)
    with pytest.raises(errors.CheckInTooEarly):
        appointment_check_in(appointment=appointment, by=world.staff_a, now=at(world.day, 8, 59))
    checked = appointment_check_in(appointment=appointment, by=world.staff_a, now=at(world.day, 9))
    assert checked.status == Appointment.Status.CHECKED_IN


def test_check_in_is_refused_once_the_visits_day_is_over(world):
    appointment = world.book()
    next_morning = at(working_day_after(world.day), 8)
    with pytest.raises(errors.CheckInDayOver):
        appointment_check_in(appointment=appointment, by=world.staff_a, now=next_morning)


def test_a_visit_cannot_be_completed_days_before_it_happens(world):
    appointment = world.book()
    with pytest.raises(errors.CheckInTooEarly):
        appointment_check_in(appointment=appointment, by=world.staff_a)
    with pytest.raises(errors.TransitionNotAllowed):
        appointment_complete(appointment=appointment, by=world.staff_a)


# --- who may do what ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["resident", "hotline"])
def test_only_the_office_checks_in_completes_or_marks_no_shows(world, who):
    appointment = world.book()
    actor = getattr(world, who)
    with at_the_counter(appointment), pytest.raises(errors.TransitionNotAllowed):
        appointment_check_in(appointment=appointment, by=actor)
    later = appointment.starts_at + dt.timedelta(minutes=5)
    with pytest.raises(errors.TransitionNotAllowed):
        appointment_mark_no_show(appointment=appointment, by=actor, now=later)
    assert trail(appointment) == []


def test_a_resident_cannot_cancel_once_checked_in_but_the_office_can(world):
    appointment = world.book()
    with at_the_counter(appointment):
        check_in(appointment, by=world.staff_a)
        with pytest.raises(errors.TransitionNotAllowed):
            appointment_cancel(appointment=appointment, actor=world.resident)
        appointment_cancel(appointment=appointment, actor=world.staff_a, reason="Wrong matter")
    assert trail(appointment) == [("booked", "checked_in"), ("checked_in", "cancelled")]


def test_the_transition_table_is_the_one_answer_for_buttons_and_services(world):
    """The agenda offers exactly what the services accept."""
    table = {(t.name, t.source): t.roles for t in TRANSITIONS}
    assert set(table) == {
        ("check_in", "booked"),
        ("complete", "checked_in"),
        ("no_show", "booked"),
        ("cancel", "booked"),
        ("cancel", "checked_in"),
    }
    assert "resident" in table[("cancel", "booked")]
    assert "resident" not in table[("cancel", "checked_in")]


# --- rescheduling: never to the same time ------------------------------------------------------


def test_rescheduling_to_the_same_time_is_refused(world):
    appointment = world.book()
    with pytest.raises(errors.SameTime):
        appointment_reschedule(
            appointment=appointment, starts_at=appointment.starts_at, actor=world.resident
        )


def test_the_reschedule_page_never_offers_the_current_time(english, world):
    appointment = world.book(hour=9)
    english.force_login(world.resident)
    page = english.get(
        f"/appointments/{appointment.reference}/reschedule/?date={world.day.isoformat()}"
    ).content.decode()
    assert f'value="{appointment.starts_at.isoformat()}"' not in page
    assert f'value="{at(world.day, 9, 30).isoformat()}"' in page


# --- the resident reads the story ---------------------------------------------------------------


def test_the_residents_page_tells_what_happened_in_plain_words(english, world):
    appointment = world.book(hour=9)
    appointment_reschedule(
        appointment=appointment, starts_at=at(world.day, 10), actor=world.resident
    )
    appointment_cancel(appointment=appointment, actor=world.staff_a, reason="The office is closed.")
    english.force_login(world.resident)
    page = text(english.get(f"/appointments/{appointment.reference}/"))
    booked_at = f"{world.day.isoformat()} 09:00"
    assert f"Booked for {booked_at}." in page
    assert f"Moved from {booked_at} to {world.day.isoformat()} 10:00." in page
    assert "Cancelled." in page and "the notary office" in page
    assert "The office is closed." in page


def test_staff_see_who_did_each_step_on_the_appointment_page(english, world):
    appointment = world.book(hour=9)
    with at_the_counter(appointment):
        check_in(appointment, by=world.staff_a)
    english.force_login(world.staff_a)
    page = text(english.get(f"/staff/appointments/{appointment.reference}/"))
    assert "Checked in at the counter." in page
    assert f"{world.staff_a} · Notary office" in page
    assert "by the resident" in page  # the booking, made online by the resident
