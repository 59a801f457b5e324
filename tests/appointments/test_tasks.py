import datetime as dt

import pytest
from django.core import mail

from appointments.models import Appointment
from appointments.notifications import appointment_message_send, reminders_send_due
from appointments.services import appointment_book, appointment_cancel
from appointments.tasks import send_appointment_message, send_due_reminders
from portal import sms
from tests.appointments.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()


@pytest.fixture
def booked(bookable, resident):
    return appointment_book(
        resident=resident,
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 10),
    )


def test_reminder_goes_out_about_a_day_before_and_only_once(booked, bookable):
    mail.outbox.clear()
    too_early = booked.starts_at - dt.timedelta(hours=30)
    assert reminders_send_due(now=too_early) == 0
    day_before = booked.starts_at - dt.timedelta(hours=23)
    assert reminders_send_due(now=day_before) == 1
    assert reminders_send_due(now=day_before + dt.timedelta(minutes=10)) == 0
    assert len(mail.outbox) == 1
    assert "Reminder" in mail.outbox[0].subject or "提醒" in mail.outbox[0].subject
    assert len(sms.outbox) == 1 and booked.reference in sms.outbox[0].body
    booked.refresh_from_db()
    assert booked.reminder_sent_at == day_before


def test_the_beat_job_run_twice_sends_one_reminder(booked, monkeypatch):
    from django.utils import timezone

    mail.outbox.clear()
    monkeypatch.setattr(timezone, "now", lambda: booked.starts_at - dt.timedelta(hours=20))
    send_due_reminders.delay()
    send_due_reminders.delay()
    assert len(mail.outbox) == 1


def test_no_reminder_for_a_cancelled_appointment(booked, resident):
    appointment_cancel(appointment=booked, actor=resident)
    mail.outbox.clear()
    assert reminders_send_due(now=booked.starts_at - dt.timedelta(hours=2)) == 0
    assert mail.outbox == []


def test_messages_use_the_language_the_resident_booked_in(bookable, resident):
    appointment = appointment_book(
        resident=resident,
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 11),
        language="en",
    )
    mail.outbox.clear()
    appointment_message_send(appointment_id=appointment.pk, kind="booked")
    assert mail.outbox[0].subject.startswith("Appointment confirmed")
    assert bookable.office.address_en in mail.outbox[0].body
    Appointment.objects.filter(pk=appointment.pk).update(language="zh-hans")
    appointment_message_send(appointment_id=appointment.pk, kind="booked")
    assert mail.outbox[1].subject.startswith("预约成功")
    assert bookable.office.address_zh in mail.outbox[1].body


def test_a_confirmation_for_an_appointment_cancelled_meanwhile_is_not_sent(booked, resident):
    appointment_cancel(appointment=booked, actor=resident)
    mail.outbox.clear()
    assert appointment_message_send(appointment_id=booked.pk, kind="booked") is False
    assert appointment_message_send(appointment_id=booked.pk, kind="cancelled") is True
    assert len(mail.outbox) == 1


def test_sms_never_carries_the_identity_number(booked, resident):
    appointment_message_send(appointment_id=booked.pk, kind="booked")
    assert resident.id_number not in sms.outbox[-1].body
    assert resident.id_number not in mail.outbox[-1].body


def test_a_redelivered_message_task_sends_once(booked):
    """acks_late: a worker killed after sending makes the broker deliver the same task again."""
    mail.outbox.clear()
    sms.outbox.clear()
    first = send_appointment_message.apply(
        kwargs={"appointment_id": booked.pk, "kind": "booked"}, task_id="redelivered-1"
    )
    again = send_appointment_message.apply(
        kwargs={"appointment_id": booked.pk, "kind": "booked"}, task_id="redelivered-1"
    )
    assert (first.result, again.result) == (True, False)
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1
    other = send_appointment_message.apply(
        kwargs={"appointment_id": booked.pk, "kind": "booked"}, task_id="another-task"
    )
    assert other.result is True and len(mail.outbox) == 2


def test_a_failed_send_is_retried_and_then_sent(booked, monkeypatch):
    from appointments import notifications

    mail.outbox.clear()
    calls = {"n": 0}
    real = notifications.send_mail

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("SMTP server unreachable")
        return real(*args, **kwargs)

    monkeypatch.setattr(notifications, "send_mail", flaky)
    with pytest.raises(OSError):
        notifications.appointment_message_send(
            appointment_id=booked.pk, kind="booked", idempotency_key="k1"
        )
    assert mail.outbox == []
    assert notifications.appointment_message_send(
        appointment_id=booked.pk, kind="booked", idempotency_key="k1"
    )
    assert len(mail.outbox) == 1
