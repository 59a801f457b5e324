"""Verification writes: asking a data link about one item, after the resident consented."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from appointments.models import Appointment

from . import errors
from .backends import Query, Result, backend_path, get_verifier
from .models import Verification
from .selectors import verifiable_item

logger = logging.getLogger(__name__)


def _plain(text: str, limit: int) -> str:
    return " ".join("".join(ch for ch in (text or "") if ch.isprintable()).split())[:limit]


def verification_request(
    *, appointment: Appointment, material_id: int, by, now: dt.datetime | None = None
) -> Verification:
    """Ask the configured data link about one item of the list as booked, the resident having
    consented, and record the answer with who asked and when. A verified item is asked once (a
    double submit returns the first answer). A verifier that raises or times out is recorded as
    "did not answer": the resident brings the document. Raises NotVerifiable."""
    now = now or timezone.now()
    item = verifiable_item(appointment=appointment, material_id=material_id)
    if item is None:
        raise errors.NotVerifiable
    resident = appointment.resident
    with transaction.atomic():
        # One question at a time per appointment: a double submit waits, then finds the answer.
        locked = Appointment.objects.select_for_update().filter(pk=appointment.pk).first()
        if locked is None or locked.status != Appointment.Status.BOOKED:
            raise errors.NotVerifiable
        done = Verification.objects.filter(
            appointment=appointment, material_id=item.pk, answer=Verification.Answer.VERIFIED
        ).first()
        if done is not None:
            return done
        path = backend_path()
        answer, summary = Verification.Answer.UNAVAILABLE, ""
        try:
            # A savepoint: a verifier that fails inside the database leaves this transaction whole.
            with transaction.atomic():
                verifier = get_verifier()
                if verifier is None:
                    raise errors.NotVerifiable
                result = verifier.verify(
                    Query(
                        kind=item.verification_kind,
                        id_number=resident.id_number,
                        id_number_hash=resident.id_number_hash or "",
                        real_name=resident.real_name,
                        reference=appointment.reference,
                    )
                )
            if not isinstance(result, Result):
                raise TypeError("a verifier returns a Result")
        except Exception as error:  # any failure of the data link degrades
            logger.warning(
                "verifier failed appointment=%s kind=%s backend=%s error=%s",
                appointment.pk,
                item.verification_kind,
                path,
                type(error).__name__,
            )
        else:
            answer = (
                Verification.Answer.VERIFIED
                if result.confirmed
                else Verification.Answer.NOT_CONFIRMED
            )
            summary = _plain(str(result.summary or ""), 200)
        verification = Verification.objects.create(
            appointment=appointment,
            material_id=item.pk,
            item_name=item.name[:200],
            kind=item.verification_kind,
            answer=answer,
            summary=summary,
            backend=path[:200],
            asked_by=by,
            asked_at=now,
        )
    logger.info("verification appointment=%s item=%s answer=%s", appointment.pk, item.pk, answer)
    return verification
