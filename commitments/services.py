"""Commitment writes: giving one (after the resident confirmed) and reporting a false one."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.identity import clean_person_name
from appointments.models import Appointment

from . import errors
from .models import Commitment, CommitmentStatement, FalseCommitmentReport
from .selectors import allowed_item

logger = logging.getLogger(__name__)


def commitment_give(
    *,
    appointment: Appointment,
    material_id: int,
    statement: CommitmentStatement,
    real_name: str,
    by,
    now: dt.datetime | None = None,
) -> Commitment:
    """Record a commitment for one item of the appointment's list as booked, with the text
    version, the real name signed and the time. Raises NotAllowed, NameMismatch, AlreadyGiven."""
    now = now or timezone.now()
    item = allowed_item(appointment=appointment, material_id=material_id)
    if item is None or appointment.status != Appointment.Status.BOOKED:
        raise errors.NotAllowed
    try:
        name = clean_person_name(real_name, max_length=60)
    except ValidationError as error:
        raise errors.NameMismatch from error
    if not name or name != " ".join((appointment.applicant_name or "").split()):
        raise errors.NameMismatch
    try:
        with transaction.atomic():
            commitment = Commitment.objects.create(
                appointment=appointment,
                material_id=item.pk,
                item_name=item.name[:200],
                statement=statement,
                real_name=name,
                given_by=by,
                given_at=now,
            )
    except IntegrityError as error:
        raise errors.AlreadyGiven from error
    logger.info("commitment given appointment=%s item=%s", appointment.pk, item.pk)
    return commitment


def commitment_report_false(
    *, commitment: Commitment, by, finding: str, now: dt.datetime | None = None
) -> FalseCommitmentReport:
    """The counter found the commitment false: a blacklist proposal for the bureau."""
    now = now or timezone.now()
    finding = " ".join("".join(ch for ch in finding if ch.isprintable()).split())[:500]
    if not finding:
        raise ValueError("a finding is required")
    try:
        with transaction.atomic():
            report = FalseCommitmentReport.objects.create(
                commitment=commitment, reported_by=by, reported_at=now, finding=finding
            )
    except IntegrityError as error:
        raise errors.AlreadyReported from error
    logger.info("false commitment reported commitment=%s", commitment.pk)
    return report
