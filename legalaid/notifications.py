"""The one-time notice of what an application lacks: e-mail when the applicant has an address,
else a text message, in the language they applied in."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.sms import send_sms

from .models import Application

logger = logging.getLogger(__name__)


def missing_notice_send(*, application_id: int) -> bool:
    """Send the notice once. The row stays locked while it goes out and is marked sent only when
    sending succeeded: a failure rolls back for the retry, and a second delivery of the job waits
    on the lock and finds it sent. Returns whether this call sent it."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("applicant", "centre", "case_kind")
            .filter(
                pk=application_id,
                notice_sent_at__isnull=True,
                missing_requested_at__isnull=False,
            )
            .first()
        )
        if application is None:
            return False
        with translation.override(application.language):
            context = {
                "application": application,
                "url": settings.PORTAL_BASE_URL.rstrip("/") + application.get_absolute_url(),
                "hotline_number": settings.HOTLINE_NUMBER,
            }
            subject = " ".join(
                render_to_string("legalaid/email/missing_subject.txt", context).split()
            )
            body = render_to_string("legalaid/email/missing_body.txt", context)
            sms = " ".join(render_to_string("legalaid/email/missing_sms.txt", context).split())
        if application.applicant.email:
            send_mail(subject, body, None, [application.applicant.email])
        elif application.applicant_phone:
            send_sms(to=application.applicant_phone, body=sms)
        else:
            return False
        Application.objects.filter(pk=application.pk).update(notice_sent_at=timezone.now())
    logger.info("legal aid missing notice sent id=%s", application_id)
    return True
