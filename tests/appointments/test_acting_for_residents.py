"""The office and the 12348 hotline cancel and move appointments for residents: through the same
services, recorded with the acting channel and the reason, told to the resident, and scoped (another
office's clerk, an operator who has not looked the appointment up: 404)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import User
from appointments import services
from appointments.models import Appointment, AppointmentEvent
from hotline.models import CallerChangeConsent
from portal import sms
from tests.appointments.conftest import at, make_resident
from tests.blacklist.conftest import make_world
from tests.dates import at_the_counter, check_in
from tests.factories import UserFactory

Status = Appointment.Status
Channel = AppointmentEvent.Channel


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def booked(world):
    appointment = world.book(hour=9)
    mail.outbox.clear()
    sms.outbox.clear()
    return appointment


def staff_url(appointment, action: str) -> str:
    return f"/staff/appointments/{appointment.reference}/{action}/"


def hotline_url(appointment, action: str) -> str:
    return f"/hotline/appointments/{appointment.reference}/{action}/"


def look_up(client, appointment) -> None:
    response = client.post(
        "/hotline/lookup/",
        {"reference": appointment.reference, "phone": appointment.applicant_phone},
    )
    assert response.status_code == 200
    assert appointment.reference in response.text


def unchanged(appointment) -> None:
    before = appointment.starts_at
    appointment.refresh_from_db()
    assert appointment.status == Status.BOOKED
    assert appointment.starts_at == before


# --- the office ---------------------------------------------------------------------------------


def test_the_office_cancels_with_a_reason_the_resident_reads(
    english, world, booked, django_capture_on_commit_callbacks
):
    english.force_login(world.clerk)
    page = english.get(f"/staff/appointments/{booked.reference}/")
    assert staff_url(booked, "cancel") in page.text
    assert staff_url(booked, "reschedule") in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(
            staff_url(booked, "cancel"), {"reason": "The notary is ill; please book again."}
        )

    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.status == Status.CANCELLED
    event = booked.events.get(kind=AppointmentEvent.Kind.CANCELLED)
    assert (event.channel, event.actor, event.reason) == (
        Channel.COUNTER,
        world.clerk,
        "The notary is ill; please book again.",
    )
    [message] = mail.outbox
    assert message.to == [world.resident.email]
    assert "has cancelled your notarization appointment" in message.body
    assert "The notary is ill; please book again." in message.body
    [text] = sms.outbox
    assert text.to == booked.applicant_phone
    assert "The notary is ill" in text.body


def test_the_office_moves_in_two_steps_choosing_then_confirming_with_the_reason(
    english, world, booked, django_capture_on_commit_callbacks
):
    english.force_login(world.clerk)
    picker = english.get(staff_url(booked, "reschedule"), {"date": world.bookable.day.isoformat()})
    assert picker.status_code == 200
    new_start = at(world.bookable.day, 14)
    assert new_start.isoformat() in picker.text

    confirm = english.post(staff_url(booked, "reschedule"), {"start": new_start.isoformat()})
    assert confirm.status_code == 200
    assert "New time" in confirm.text
    unchanged(booked)  # choosing a time changes nothing yet

    with django_capture_on_commit_callbacks(execute=True):
        done = english.post(
            staff_url(booked, "reschedule"),
            {"start": new_start.isoformat(), "confirm": "1", "reason": "The morning is closed."},
        )

    assert done.status_code == 302
    booked.refresh_from_db()
    assert booked.starts_at == new_start
    event = booked.events.get(kind=AppointmentEvent.Kind.RESCHEDULED)
    assert (event.channel, event.reason) == (Channel.COUNTER, "The morning is closed.")
    [message] = mail.outbox
    assert "has moved your notarization appointment" in message.body
    assert "The morning is closed." in message.body


def test_a_reason_is_required_and_the_chosen_time_is_kept(english, world, booked):
    english.force_login(world.clerk)
    new_start = at(world.bookable.day, 14)
    response = english.post(
        staff_url(booked, "reschedule"),
        {"start": new_start.isoformat(), "confirm": "1", "reason": "   "},
    )
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert f'value="{new_start.isoformat()}"' in response.text
    unchanged(booked)

    response = english.post(staff_url(booked, "cancel"), {"reason": "\u202eevil"})
    assert response.status_code == 400
    assert "Write the reason in a few plain words." in response.text
    unchanged(booked)


def test_the_office_can_cancel_a_checked_in_visit_but_not_move_it(english, world, booked):
    check_in(booked, by=world.clerk)
    english.force_login(world.clerk)
    with at_the_counter(booked):
        page = english.get(f"/staff/appointments/{booked.reference}/")
        assert staff_url(booked, "reschedule") not in page.text
        assert english.get(staff_url(booked, "reschedule")).status_code == 400
        response = english.post(staff_url(booked, "cancel"), {"reason": "Left before signing."})
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.status == Status.CANCELLED


@pytest.mark.parametrize("action", ["cancel", "reschedule"])
def test_only_the_appointments_own_office_and_the_bureau_may(
    english, client, world, booked, action
):
    clerk_b = UserFactory(role=User.Role.OFFICE_STAFF, office=world.office_b)
    for user, status in (
        (clerk_b, 404),
        (world.resident, 404),
        (world.operator, 404),
        (world.clerk, 200),
        (world.admin, 200),
    ):
        english.force_login(user)
        assert english.get(staff_url(booked, action)).status_code == status, user
        if status == 404:
            posted = english.post(
                staff_url(booked, action),
                {"reason": "x", "start": at(world.bookable.day, 14).isoformat(), "confirm": "1"},
            )
            assert posted.status_code == 404
    english.logout()
    assert english.get(staff_url(booked, action)).status_code == 302
    unchanged(booked)


# --- the 12348 hotline --------------------------------------------------------------------------


def test_an_operator_cancels_for_a_caller_with_consent_recorded_with_the_change(
    english, world, booked, django_capture_on_commit_callbacks
):
    english.force_login(world.operator)
    assert english.get(hotline_url(booked, "cancel")).status_code == 404  # not looked up yet
    look_up(english, booked)
    assert english.get(hotline_url(booked, "cancel")).status_code == 200

    refused = english.post(hotline_url(booked, "cancel"), {"reason": "Travelling that day."})
    assert refused.status_code == 400
    assert "Without it nothing is changed." in refused.text
    assert "Travelling that day." in refused.text
    unchanged(booked)
    assert not CallerChangeConsent.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(
            hotline_url(booked, "cancel"), {"reason": "Travelling that day.", "consent": "on"}
        )
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.status == Status.CANCELLED
    event = booked.events.get(kind=AppointmentEvent.Kind.CANCELLED)
    assert (event.channel, event.actor) == (Channel.HOTLINE, world.operator)
    [consent] = CallerChangeConsent.objects.all()
    assert (consent.operator, consent.appointment, consent.action) == (
        world.operator,
        booked,
        CallerChangeConsent.Action.CANCEL,
    )
    assert consent.previous_starts_at == booked.starts_at and consent.new_starts_at is None
    assert "12348" in consent.consent_text
    [message] = mail.outbox
    assert "At your request, the 12348 hotline has cancelled" in message.body
    assert "has cancelled your notarization appointment" not in message.body.replace(
        "hotline has cancelled your notarization appointment", ""
    )
    [text] = sms.outbox
    assert "Travelling that day." in text.body


def test_an_operator_moves_for_a_caller(english, world, booked, django_capture_on_commit_callbacks):
    english.force_login(world.operator)
    look_up(english, booked)
    new_start = at(world.bookable.day, 15)
    confirm = english.post(hotline_url(booked, "reschedule"), {"start": new_start.isoformat()})
    assert confirm.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        done = english.post(
            hotline_url(booked, "reschedule"),
            {
                "start": new_start.isoformat(),
                "confirm": "1",
                "reason": "Caller prefers the afternoon.",
                "consent": "on",
            },
        )
    assert done.status_code == 302
    booked.refresh_from_db()
    assert booked.starts_at == new_start
    consent = CallerChangeConsent.objects.get()
    assert consent.action == CallerChangeConsent.Action.RESCHEDULE
    assert consent.new_starts_at == new_start
    assert consent.previous_starts_at == at(world.bookable.day, 9)
    assert "At your request, the 12348 hotline has moved" in mail.outbox[0].body


def test_a_refused_move_writes_no_consent(english, world, booked):
    english.force_login(world.operator)
    look_up(english, booked)
    taken = at(world.bookable.day, 10)
    # Both notaries are busy at 10:00: the move must fail and leave no consent behind.
    for n in range(2):
        world.book(make_resident(email=f"busy{n}@example.com"), hour=10)
    response = english.post(
        hotline_url(booked, "reschedule"),
        {"start": taken.isoformat(), "confirm": "1", "reason": "Earlier please.", "consent": "on"},
    )
    assert response.status_code == 409
    unchanged(booked)
    assert not CallerChangeConsent.objects.exists()


def test_the_operators_right_lasts_for_the_call_and_is_their_own(english, world, booked):
    other_operator = UserFactory(role=User.Role.HOTLINE_OPERATOR)
    english.force_login(world.operator)
    look_up(english, booked)
    english.force_login(other_operator)
    assert english.get(hotline_url(booked, "cancel")).status_code == 404
    english.force_login(world.operator)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31), tick=True):
        assert english.get(hotline_url(booked, "cancel")).status_code == 404
        assert (
            english.post(
                hotline_url(booked, "cancel"), {"reason": "x", "consent": "on"}
            ).status_code
            == 404
        )
    for user in (world.resident, world.clerk):
        english.force_login(user)
        assert english.get(hotline_url(booked, "reschedule")).status_code == 404
    unchanged(booked)


def test_the_operator_keeps_the_residents_cut_off(english, world, booked):
    english.force_login(world.operator)
    with time_machine.travel(booked.starts_at - dt.timedelta(minutes=30), tick=True):
        look_up(english, booked)
        response = english.post(
            hotline_url(booked, "cancel"), {"reason": "Too late.", "consent": "on"}
        )
    assert response.status_code == 400
    assert booked.office.phone in response.text
    unchanged(booked)


def test_the_service_writes_the_record_in_its_own_transaction(world, booked):
    """`also` fails → the cancellation is rolled back with it."""

    def broken(_current):
        raise RuntimeError("the desk's record could not be written")

    with pytest.raises(RuntimeError):
        services.appointment_cancel(
            appointment=booked, actor=world.operator, reason="x", channel="hotline", also=broken
        )
    unchanged(booked)
