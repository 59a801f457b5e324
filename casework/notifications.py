"""The pre-review notice: one e-mail per decision, in the language the resident booked in."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from portal.sms import send_sms

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
    """Deliver the decision of one pre-review: by e-mail where the resident has an address, and
    by SMS (the reference and a short link) to the applicant's mobile phone; with neither, the
    decision is listed for the hotline to call. Returns whether anything went out; False also
    when the job ran already (a re-delivered job).

    The row stays locked while the messages go out and is marked only when sending succeeded: a
    failure rolls back and the job's retry sends, while two deliveries of the same job wait on
    the lock and the second finds it done. What was delivered is recorded as it happened, so the
    staff page never says "sent" when nothing went out.
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
        email = appointment.resident.email
        phone = appointment.applicant_phone
        items = list(
            prereview.items.select_related("material").order_by("material__position", "id")
        )
        booked = {item.pk: item for item in appointment.booked_materials}
        with translation.override(appointment.language):
            for item in items:
                if item.material_id in booked:
                    item.booked_name = booked[item.material_id].name  # type: ignore[attr-defined]
            context = {
                "appointment": appointment,
                "prereview": prereview,
                "items": items,
                "problems": [item for item in items if item.is_problem],
                "verified_online": [item for item in items if not item.is_problem],
                "outside": list(prereview.outside_requests.all()),
                "materials_url": _site_url(_materials_path(appointment.reference)),
                "url": _site_url(f"/appointments/{appointment.reference}/"),
                "hotline_number": settings.HOTLINE_NUMBER,
            }
            subject = " ".join(
                render_to_string("casework/email/prereview_subject.txt", context).split()
            )
            body = render_to_string("casework/email/prereview_body.txt", context)
            sms = " ".join(render_to_string("casework/email/prereview_sms.txt", context).split())
        now = timezone.now()
        emailed_at = texted_at = None
        if email:
            send_mail(subject, body, None, [email])
            emailed_at = now
        if phone:
            send_sms(to=phone, body=sms)
            texted_at = now
        PreReview.objects.filter(pk=prereview.pk, notice_sent_at__isnull=True).update(
            notice_sent_at=now,
            emailed_at=emailed_at,
            texted_at=texted_at,
            needs_call=emailed_at is None and texted_at is None,
        )
    logger.info(
        "prereview notice id=%s outcome=%s email=%s sms=%s",
        prereview_id,
        prereview.outcome,
        emailed_at is not None,
        texted_at is not None,
    )
    return emailed_at is not None or texted_at is not None
