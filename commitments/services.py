"""Commitment writes: giving one (after the resident confirmed) and reporting a false one."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.identity import clean_person_name
from appointments.models import Appointment
from blacklist.services import blacklist_entry_create

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


def report_enter_in_blacklist(
    *,
    report: FalseCommitmentReport,
    by,
    reason: str,
    starts_on: dt.date,
    ends_on: dt.date | None,
    now: dt.datetime | None = None,
) -> FalseCommitmentReport:
    """The bureau approves a proposal: the applicant is entered in the blacklist (with the
    bureau's reason and dates, the reporting office being the appointment's) and the proposal is
    marked entered, in one transaction: both or neither. Raises AlreadyDecided, or
    ValidationError (keyed like blacklist_entry_create's) for an invalid reason or dates."""
    now = now or timezone.now()
    with transaction.atomic():
        current = (
            FalseCommitmentReport.objects.select_for_update()
            .select_related("commitment__appointment__office")
            .get(pk=report.pk)
        )
        if current.status != FalseCommitmentReport.Status.PROPOSED:
            raise errors.AlreadyDecided
        appointment = current.commitment.appointment
        entry = blacklist_entry_create(
            id_number=appointment.applicant.id_number,
            name=appointment.applicant_name,
            reason=reason,
            office=appointment.office,
            starts_on=starts_on,
            ends_on=ends_on,
            by=by,
        )
        current.status = FalseCommitmentReport.Status.ENTERED
        current.entry, current.decided_by, current.decided_at = entry, by, now
        current.save(update_fields=["status", "entry", "decided_by", "decided_at"])
    logger.info("false commitment report=%s entered as blacklist entry=%s", current.pk, entry.pk)
    return current


def report_dismiss(
    *, report: FalseCommitmentReport, by, reason: str, now: dt.datetime | None = None
) -> FalseCommitmentReport:
    """The bureau dismisses a proposal, with its reason. Raises DismissNeedsReason,
    AlreadyDecided."""
    now = now or timezone.now()
    reason = " ".join("".join(ch for ch in (reason or "") if ch.isprintable()).split())[:500]
    if not reason:
        raise errors.DismissNeedsReason
    with transaction.atomic():
        current = FalseCommitmentReport.objects.select_for_update().get(pk=report.pk)
        if current.status != FalseCommitmentReport.Status.PROPOSED:
            raise errors.AlreadyDecided
        current.status = FalseCommitmentReport.Status.DISMISSED
        current.decided_by, current.decided_at, current.dismiss_reason = by, now, reason
        current.save(update_fields=["status", "decided_by", "decided_at", "dismiss_reason"])
    logger.info("false commitment report=%s dismissed", current.pk)
    return current
