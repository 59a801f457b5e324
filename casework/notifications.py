"""The pre-review notice: one e-mail per decision, in the language the resident booked in."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from .models import PreReview

logger = logging.getLogger(__name__)


def _site_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _materials_path(reference: str) -> str:
    try:
        return reverse("casework:materials", kwargs={"reference": reference})
    except NoReverseMatch:  # pragma: no cover - only while the URLs are not wired yet
        return f"/appointments/{reference}/materials/"


def prereview_notice_send(*, prereview_id: int) -> bool:
    """E-mail the resident the decision of one pre-review. Returns False if it was sent already
    (a re-delivered job) or there is no address to send to.

    The row stays locked while the message goes out and is marked sent only when sending
    succeeded: a failure rolls back and the job's retry sends it, while two deliveries of the same
    job wait on the lock and the second finds it sent. The notice must arrive, and arrive once.
    """
    with transaction.atomic():
        prereview = (
            PreReview.objects.select_for_update(of=("self",))
            .select_related("appointment__resident", "appointment__matter", "appointment__office")
            .filter(pk=prereview_id, notice_sent_at__isnull=True)
            .first()
        )
        if prereview is None:
            return False
        appointment = prereview.appointment
        if not appointment.resident.email:
            return False
        items = list(
            prereview.items.select_related("material").order_by("material__position", "id")
        )
        booked = {item.pk: item for item in appointment.booked_materials}
        with translation.override(appointment.language):
            for item in items:
                if item.material_id in booked:
                    item.booked_name = booked[item.material_id].name  # type: ignore[attr-defined]
        with translation.override(appointment.language):
            context = {
                "appointment": appointment,
                "prereview": prereview,
                "items": items,
                "materials_url": _site_url(_materials_path(appointment.reference)),
                "url": _site_url(f"/appointments/{appointment.reference}/"),
                "hotline_number": settings.HOTLINE_NUMBER,
            }
            subject = " ".join(
                render_to_string("casework/email/prereview_subject.txt", context).split()
            )
            body = render_to_string("casework/email/prereview_body.txt", context)
        send_mail(subject, body, None, [appointment.resident.email])
        PreReview.objects.filter(pk=prereview.pk).update(notice_sent_at=timezone.now())
    logger.info("prereview notice sent id=%s outcome=%s", prereview_id, prereview.outcome)
    return True
