"""E-mail and SMS about appointments, in the language the resident booked in."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.sms import send_sms

from .models import Appointment, AppointmentEvent, DeliveredMessage

logger = logging.getLogger(__name__)

KINDS = ("booked", "rescheduled", "cancelled", "reminder")


def _site_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def appointment_message_send(
    *, appointment_id: int, kind: str, idempotency_key: str | None = None
) -> bool:
    """Send the e-mail (and SMS) of `kind` about an appointment. Returns False if there was none
    to send (the appointment is gone or no longer in the state the message speaks of), or if
    `idempotency_key` shows it was sent already.

    With a key, the key is written and the message sent in one transaction: a concurrent
    duplicate waits on the unique key and then finds it; a failed send rolls the key back so the
    retry sends."""
    if kind not in KINDS:
        raise ValueError(kind)
    if idempotency_key is None:
        return _send(appointment_id=appointment_id, kind=kind)
    with transaction.atomic():
        if not Appointment.objects.filter(pk=appointment_id).exists():
            return False
        try:
            with transaction.atomic():
                DeliveredMessage.objects.create(
                    key=idempotency_key[:100], appointment_id=appointment_id, kind=kind
                )
        except IntegrityError:
            logger.info("message already sent key=%s", idempotency_key)
            return False
        return _send(appointment_id=appointment_id, kind=kind)


def _send(*, appointment_id: int, kind: str) -> bool:
    appointment = (
        Appointment.objects.select_related("resident", "matter", "office", "notary")
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None:
        return False
    if kind in ("booked", "rescheduled", "reminder") and not appointment.is_active:
        return False  # cancelled meanwhile: a confirmation now would mislead
    latest = _latest_events(appointment)
    cancelled = latest.get(AppointmentEvent.Kind.CANCELLED)
    requoted = latest.get(AppointmentEvent.Kind.FEE_REQUOTED)
    moved = latest.get(AppointmentEvent.Kind.RESCHEDULED)
    # Who made the change the message speaks of, when it was not the resident online: the office
    # (or the bureau, or a calendar job) or the 12348 hotline at the caller's request; with their
    # words to the resident.
    change = {"cancelled": cancelled, "rescheduled": moved}.get(kind)
    changed_by = ""
    if change is not None and change.channel != AppointmentEvent.Channel.WEB:
        changed_by = "hotline" if change.channel == AppointmentEvent.Channel.HOTLINE else "office"
    with translation.override(appointment.language):
        context = {
            "changed_by": changed_by,
            "office_message": change.reason if changed_by and change is not None else "",
            "cancelled_by_office": kind == "cancelled" and changed_by == "office",
            # A move that changed what the age-based exemptions allow: the resident is told.
            "new_fee": (
                appointment.fee_quote
                if kind == "rescheduled"
                and requoted is not None
                and moved is not None
                and requoted.pk > moved.pk
                else None
            ),
            "book_url": _site_url(appointment.matter.get_absolute_url()),
            "appointment": appointment,
            "url": _site_url(f"/appointments/{appointment.reference}/"),
            "checklist_url": _site_url(appointment.matter.get_absolute_url()),
            "hotline_number": settings.HOTLINE_NUMBER,
            "kind": kind,
        }
        subject = " ".join(render_to_string("appointments/email/subject.txt", context).split())
        body = render_to_string("appointments/email/body.txt", context)
        sms = " ".join(render_to_string("appointments/email/sms.txt", context).split())
    if appointment.resident.email:
        send_mail(subject, body, None, [appointment.resident.email])
    if appointment.applicant_phone:
        send_sms(to=appointment.applicant_phone, body=sms)
    logger.info("appointment message sent id=%s kind=%s", appointment.pk, kind)
    return True


def _latest_events(appointment: Appointment) -> dict[str, AppointmentEvent]:
    """The latest event of each kind (one query)."""
    latest: dict[str, AppointmentEvent] = {}
    for event in AppointmentEvent.objects.filter(appointment=appointment).order_by("at", "pk"):
        latest[event.kind] = event
    return latest


def reminders_send_due(*, now: dt.datetime | None = None) -> int:
    """Remind residents of appointments starting within the next day.

    Each reminder is claimed with a conditional UPDATE and sent in the same transaction, so two
    overlapping runs (or a re-delivered job) send it once: the second waits on the claimed row and
    then finds it sent. A send that fails, or a worker killed while sending, rolls the claim back
    and the next run (or the re-delivered job) sends it: claimed first and sent after a commit, it
    would be lost."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(hours=settings.APPOINTMENT_REMINDER_HOURS)
    due = list(
        Appointment.objects.filter(
            status=Appointment.Status.BOOKED,
            reminder_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=horizon,
        ).values_list("pk", flat=True)
    )
    sent = 0
    for appointment_id in due:
        with transaction.atomic():
            claimed = Appointment.objects.filter(
                pk=appointment_id, reminder_sent_at__isnull=True, status=Appointment.Status.BOOKED
            ).update(reminder_sent_at=now)
            # The claim is the reminder's idempotency key; it commits only once the send returned.
            if claimed and appointment_message_send(appointment_id=appointment_id, kind="reminder"):
                sent += 1
    return sent
