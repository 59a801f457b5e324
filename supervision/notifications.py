"""The answer to an opinion, e-mailed to the sender in the language they wrote in."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import OpinionAnswer

logger = logging.getLogger(__name__)


def opinion_answer_send(*, answer_id: int) -> bool:
    """E-mail one answer to the address the sender left. Returns False if it was sent already (a
    re-delivered job) or there is no address to send to.

    The row stays locked while the message goes out and is marked sent only when sending
    succeeded: a failure rolls back and the job's retry sends it, while a duplicate delivery waits
    on the lock and then finds it sent."""
    with transaction.atomic():
        answer = (
            OpinionAnswer.objects.select_for_update(of=("self",))
            .select_related("opinion__office")
            .filter(pk=answer_id, emailed_at__isnull=True)
            .first()
        )
        if answer is None:
            return False
        opinion = answer.opinion
        address = opinion.contact_email
        if not address:
            return False
        with translation.override(opinion.language):
            context = {
                "opinion": opinion,
                "answer": answer,
                "mine_url": settings.PORTAL_BASE_URL.rstrip("/")
                + reverse("supervision:opinion_mine"),
                "hotline_number": settings.HOTLINE_NUMBER,
            }
            subject = " ".join(
                render_to_string("supervision/email/opinion_answer_subject.txt", context).split()
            )
            body = render_to_string("supervision/email/opinion_answer_body.txt", context)
        send_mail(subject, body, None, [address])
        OpinionAnswer.objects.filter(pk=answer.pk).update(emailed_at=timezone.now())
    logger.info("opinion answer e-mailed answer=%s", answer_id)
    return True
