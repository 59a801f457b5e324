"""Legal-aid writes: an application with its scans, and the centre's steps on it.

Every step locks the application row and checks its state under the lock, so two staff members
(or one pressing twice) record one step; the notice of what is missing is claimed once and sent
after commit (e-mail, else SMS)."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework.models import EXTENSION_FOR_KIND, FileKind
from casework.services import CheckedUpload, upload_check

from . import errors
from .models import (
    REFERENCE_PREFIX,
    Application,
    ApplicationEvent,
    ApplicationFile,
    CaseKind,
    LegalAidCentre,
)

logger = logging.getLogger(__name__)

_ALPHABET = "34679ACDEFGHJKMNPQRTWXY"


def _new_reference(on: dt.date) -> str:
    code = "".join(secrets.choice(_ALPHABET) for _ in range(4))
    return f"{REFERENCE_PREFIX}-{on:%Y%m%d}-{code}"


def documents_snapshot(case_kind: CaseKind) -> list[dict]:
    """The document list as it stands, in both languages: what the application was made with."""
    return [
        {
            "position": d.position,
            "name_zh": d.name_zh,
            "name_en": d.name_en,
            "note_zh": d.note_zh,
            "note_en": d.note_en,
            "form": d.form,
            "copies": d.copies,
            "provider": d.provider,
            "commitment_allowed": d.commitment_allowed,
        }
        for d in case_kind.documents.order_by("position")
    ]


@dataclass(frozen=True)
class Upload:
    position: int  # a line of the document list, 0 for another document
    file: UploadedFile


def application_submit(
    *,
    applicant,
    centre: LegalAidCentre,
    case_kind: CaseKind,
    applicant_name: str,
    applicant_phone: str,
    case_description: str,
    ground: str,
    consent: bool,
    uploads: list[Upload],
    agent_name: str = "",
    agent_relation: str = "",
    monthly_income_per_person: Decimal | None = None,
    language: str = "zh-hans",
    filed_by=None,
    now: dt.datetime | None = None,
) -> Application:
    """Record an application with its scans, or nothing: every scan is checked before anything
    is written (an UploadRejected names the first refused), and the rows go in one transaction.

    `filed_by`: the 12348 operator filing it for a caller on the phone (channel "hotline"; the
    event log names the operator); None when the applicant applies online."""
    if not consent:
        raise ValueError("consent is required")
    if ground not in Application.Ground.values:
        raise ValueError("unknown ground")
    now = now or timezone.now()
    checked: list[tuple[int, CheckedUpload, str]] = [
        (u.position, upload_check(u.file), u.file.name or "") for u in uploads
    ]
    snapshot = documents_snapshot(case_kind)
    positions = {row["position"] for row in snapshot} | {0}
    if any(position not in positions for position, _, _ in checked):
        raise ValueError("upload for a document not on the list")
    for _attempt in range(5):
        reference = _new_reference(timezone.localdate(now))
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    reference=reference,
                    applicant=applicant,
                    centre=centre,
                    case_kind=case_kind,
                    applicant_name=applicant_name,
                    applicant_phone=applicant_phone,
                    agent_name=agent_name,
                    agent_relation=agent_relation,
                    case_description=case_description,
                    ground=ground,
                    monthly_income_per_person=monthly_income_per_person,
                    consent=True,
                    language=language,
                    channel=(
                        Application.Channel.HOTLINE
                        if filed_by is not None
                        else Application.Channel.WEB
                    ),
                    filed_by=filed_by,
                    documents_snapshot=snapshot,
                    created_at=now,
                )
                for position, upload, original in checked:
                    stored = ApplicationFile(
                        application=application,
                        position=position,
                        original_name=original[-255:],
                        content_type=upload.kind,
                        size=upload.size,
                        sha256=upload.sha256,
                        uploaded_at=now,
                    )
                    extension = EXTENSION_FOR_KIND[FileKind(upload.kind)]
                    stored.file.save(f"scan{extension}", ContentFile(upload.content), save=False)
                    stored.save()
                ApplicationEvent.objects.create(
                    application=application,
                    kind=ApplicationEvent.Kind.SUBMITTED,
                    by=filed_by or applicant,
                    at=now,
                )
        except IntegrityError:
            # The only unique column is the reference: draw another.
            if Application.objects.filter(reference=reference).exists():
                continue
            raise
        logger.info("legal aid application submitted id=%s", application.pk)
        return application
    raise RuntimeError("no free reference")


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def application_accept(
    *, application: Application, by, now: dt.datetime | None = None
) -> Application:
    now = now or timezone.now()
    with transaction.atomic():
        current = _lock(application)
        if current.status != Application.Status.SUBMITTED:
            raise errors.NotInThisState
        current.status = Application.Status.ACCEPTED
        current.accepted_at = now
        current.save(update_fields=["status", "accepted_at"])
        ApplicationEvent.objects.create(
            application=current, kind=ApplicationEvent.Kind.ACCEPTED, by=by, at=now
        )
    return current


def _enqueue_notice(application_id: int) -> None:
    from .tasks import send_missing_notice

    transaction.on_commit(lambda: send_missing_notice.delay(application_id=application_id))


def application_request_missing(
    *, application: Application, by, note: str, now: dt.datetime | None = None
) -> Application:
    """Ask the applicant, once, for everything that is missing (the one-time notice)."""
    note = (note or "").strip()
    if not note:
        raise errors.NoteRequired
    now = now or timezone.now()
    with transaction.atomic():
        current = _lock(application)
        if current.missing_requested_at is not None:
            raise errors.MissingAlreadyRequested
        if current.status != Application.Status.ACCEPTED:
            raise errors.NotInThisState
        current.status = Application.Status.MORE_NEEDED
        current.missing_requested_at = now
        current.missing_note = note[:2000]
        current.save(update_fields=["status", "missing_requested_at", "missing_note"])
        ApplicationEvent.objects.create(
            application=current,
            kind=ApplicationEvent.Kind.MISSING_REQUESTED,
            by=by,
            at=now,
            note=current.missing_note,
        )
        _enqueue_notice(current.pk)
    return current


def application_complete(
    *, application: Application, by, uploads: list[Upload], now: dt.datetime | None = None
) -> Application:
    """The applicant sends what was asked for: the application is back with the centre."""
    now = now or timezone.now()
    checked = [(u.position, upload_check(u.file), u.file.name or "") for u in uploads]
    with transaction.atomic():
        current = _lock(application)
        if current.status != Application.Status.MORE_NEEDED:
            raise errors.NotInThisState
        for position, upload, original in checked:
            stored = ApplicationFile(
                application=current,
                position=position,
                original_name=original[-255:],
                content_type=upload.kind,
                size=upload.size,
                sha256=upload.sha256,
                uploaded_at=now,
            )
            extension = EXTENSION_FOR_KIND[FileKind(upload.kind)]
            stored.file.save(f"scan{extension}", ContentFile(upload.content), save=False)
            stored.save()
        current.status = Application.Status.ACCEPTED
        current.save(update_fields=["status"])
        ApplicationEvent.objects.create(
            application=current, kind=ApplicationEvent.Kind.COMPLETED, by=by, at=now
        )
    return current


def application_decide(
    *, application: Application, by, grant: bool, reason: str, now: dt.datetime | None = None
) -> Application:
    """Grant or refuse; a refusal says why (the applicant reads it)."""
    reason = (reason or "").strip()
    if not grant and not reason:
        raise errors.ReasonRequired
    now = now or timezone.now()
    with transaction.atomic():
        current = _lock(application)
        if current.status not in (Application.Status.ACCEPTED, Application.Status.MORE_NEEDED):
            raise errors.NotInThisState
        current.status = Application.Status.GRANTED if grant else Application.Status.REFUSED
        current.decided_at = now
        current.decided_by = by
        current.decision_reason = reason[:2000]
        current.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
        ApplicationEvent.objects.create(
            application=current,
            kind=ApplicationEvent.Kind.GRANTED if grant else ApplicationEvent.Kind.REFUSED,
            by=by,
            at=now,
            note=current.decision_reason,
        )
    return current
