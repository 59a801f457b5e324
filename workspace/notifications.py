"""The office's own words to a resident whose appointment it cancelled (the notary is away),
sent beside the standard cancellation message, in the language the resident booked in."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from appointments.models import Appointment

from .models import StatusChange

logger = logging.getLogger(__name__)


def _site_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def cancellation_notice_send(*, status_change_id: int) -> bool:
    """E-mail the resident the office's message about a cancellation. Returns False if there is
    nothing to send (sent already, not a cancellation with a message, no address).

    The row stays locked while the message goes out and is stamped only when sending succeeded:
    a failure rolls back and the job's retry sends it; a re-delivered job waits on the lock and
    finds it sent. The notice must arrive, and arrive once."""
    with transaction.atomic():
        change = (
            StatusChange.objects.select_for_update(of=("self",))
            .select_related("appointment__resident", "appointment__matter", "appointment__office")
            .filter(
                pk=status_change_id,
                notice_sent_at__isnull=True,
                to_status=Appointment.Status.CANCELLED,
            )
            .exclude(note="")
            .first()
        )
        if change is None:
            return False
        appointment = change.appointment
        if not appointment.resident.email:
            return False
        with translation.override(appointment.language):
            context = {
                "appointment": appointment,
                "message": change.note,
                "book_url": _site_url(appointment.matter.get_absolute_url()),
                "hotline_number": settings.HOTLINE_NUMBER,
            }
            subject = " ".join(
                render_to_string("workspace/email/cancellation_subject.txt", context).split()
            )
            body = render_to_string("workspace/email/cancellation_body.txt", context)
        send_mail(subject, body, None, [appointment.resident.email])
        StatusChange.objects.filter(pk=change.pk).update(notice_sent_at=timezone.now())
    logger.info("cancellation notice sent change=%s", status_change_id)
    return True
