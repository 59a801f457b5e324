"""The answer by e-mail, for a resident who chose it: sent once, in the language they asked in."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Consultation

logger = logging.getLogger(__name__)


def answer_email_send(*, consultation_id: int) -> bool:
    """Send the answer once. The row stays locked while it goes out and is marked sent only when
    sending succeeded: a failure rolls back for the retry, and a second delivery of the job waits
    on the lock and finds it sent. Returns whether this call sent it."""
    with transaction.atomic():
        consultation = (
            Consultation.objects.select_for_update(of=("self",))
            .select_related("topic")
            .filter(
                pk=consultation_id,
                status=Consultation.Status.ANSWERED,
                answer_channel=Consultation.AnswerChannel.EMAIL,
                answer_emailed_at__isnull=True,
            )
            .exclude(email="")
            .first()
        )
        if consultation is None:
            return False
        with translation.override(consultation.language):
            context = {
                "consultation": consultation,
                "url": settings.PORTAL_BASE_URL.rstrip("/") + reverse("consult:status"),
                "hotline_number": settings.HOTLINE_NUMBER,
            }
            subject = " ".join(
                render_to_string("consult/email/answer_subject.txt", context).split()
            )
            body = render_to_string("consult/email/answer_body.txt", context)
        send_mail(subject, body, None, [consultation.email])
        Consultation.objects.filter(pk=consultation.pk).update(answer_emailed_at=timezone.now())
    logger.info("consultation answer e-mailed id=%s", consultation_id)
    return True
