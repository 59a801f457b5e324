"""A caller the hotline opened an account for has no e-mail address: every notice about their
appointment reaches them by text message (confirmation, move, reminder, cancellation)."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core import mail

from appointments.notifications import reminders_send_due
from appointments.services import appointment_cancel, appointment_reschedule
from hotline.services import hotline_booking_create
from portal import sms
from tests.appointments.conftest import at

from .conftest import NEW_CALLER_NUMBER, NEW_CALLER_PHONE


def test_every_notice_reaches_a_caller_without_e_mail_by_sms(
    world, django_capture_on_commit_callbacks
):
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record = hotline_booking_create(
            operator=world.operator,
            real_name="李来电",
            phone=NEW_CALLER_PHONE,
            id_number=NEW_CALLER_NUMBER,
            consent=True,
            matter=world.matter,
            office=world.office,
            starts_at=at(world.bookable.day, 9),
            language="en",
        )
    appointment = record.appointment
    assert record.caller.email == ""
    with django_capture_on_commit_callbacks(execute=True):
        appointment_reschedule(
            appointment=appointment,
            starts_at=at(world.bookable.day, 14),
            actor=world.operator,
            reason="Caller prefers the afternoon.",
            channel="hotline",
        )
    appointment.refresh_from_db()
    with time_machine.travel(appointment.starts_at - dt.timedelta(hours=20), tick=False):
        assert reminders_send_due() == 1
    with django_capture_on_commit_callbacks(execute=True):
        appointment_cancel(
            appointment=appointment, actor=world.clerk, reason="The office is closed."
        )

    bodies = [m.body for m in sms.outbox if m.to == NEW_CALLER_PHONE]
    assert [b.split(":")[0] for b in bodies] == [
        "Appointment confirmed",
        "Appointment moved",
        "Reminder",
        "Appointment cancelled",
    ]
    assert appointment.reference in bodies[0]
    assert "Caller prefers the afternoon." in bodies[1]
    assert "The office is closed." in bodies[3]
    assert mail.outbox == []
