"""Casework writes: uploads, pre-review decisions, cases and their steps, posting.

Casework never changes an appointment's status (appointments' services own its life: check-in
is appointments.services.appointment_check_in). Every service that changes an appointment's
casework first locks the appointment row, so that an
upload and a pre-review of the same appointment never interleave (a review must see exactly the
submissions it marks as reviewed), and two clerks pressing the same button record one step.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
from dataclasses import dataclass
from typing import Any

import pypdf
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import ExifTags, Image, ImageOps

from accounts.identity import clean_person_name
from appointments.calendar import add_working_days
from appointments.materials import booked_item_ids
from appointments.models import Appointment
from notaries.models import MaterialItem
from verification.selectors import verified_item_ids

from . import errors
from .models import (
    FINISHED_STATUSES,
    PROBLEM_KINDS,
    Case,
    CaseStatus,
    CaseStep,
    FileKind,
    MaterialSubmission,
    OutsideListRequest,
    PostalDelivery,
    PreReview,
    PreReviewItem,
    ProblemKind,
)

logger = logging.getLogger(__name__)

# --- uploads ------------------------------------------------------------------------------------

# The first bytes of each accepted type. The extension and the browser's content type are chosen
# by whoever sends the file; only the content says what it is.
_MAGIC = (
    (b"%PDF-", FileKind.PDF),
    (b"\xff\xd8\xff", FileKind.JPEG),
    (b"\x89PNG\r\n\x1a\n", FileKind.PNG),
)
_EXTENSIONS = {
    ".pdf": FileKind.PDF,
    ".jpg": FileKind.JPEG,
    ".jpeg": FileKind.JPEG,
    ".jpe": FileKind.JPEG,
    ".png": FileKind.PNG,
}


def detect_file_kind(head: bytes) -> FileKind | None:
    """The accepted type whose signature ``head`` starts with, or None."""
    for signature, kind in _MAGIC:
        if head.startswith(signature):
            return kind
    return None


def _clean_original_name(name: str) -> str:
    # Kept only to show the resident and staff what was uploaded, never used as a path.
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    return "".join(ch for ch in base if ch.isprintable())[:255]


# A scan of an A3 page at 600 dpi is about 70 million pixels; anything larger is refused before
# it is decoded, so one upload cannot make a worker allocate gigabytes.
_MAX_IMAGE_PIXELS = 80_000_000
# What Pillow may call each accepted image type (phone cameras write JPEGs that it reads as MPO).
_PILLOW_FORMATS = {FileKind.JPEG: {"JPEG", "MPO"}, FileKind.PNG: {"PNG"}}
# Of an image's metadata only what changes how it looks survives re-encoding; EXIF (with its GPS
# position, camera serial number and time), XMP and comments are dropped.
_KEPT_IMAGE_INFO = {
    FileKind.JPEG: ("icc_profile", "dpi"),
    FileKind.PNG: ("icc_profile", "transparency"),
}


@dataclass(frozen=True)
class CheckedUpload:
    """A scan that passed every check, as it is to be stored."""

    kind: FileKind
    content: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def _pdf_opens(data: bytes) -> bool:
    # A polyglot (an HTML page behind "%PDF-") has the magic bytes but no document structure.
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return False  # a password the office does not have: staff could not read it
        return len(reader.pages) > 0
    except Exception:
        # A parser of hostile input fails in many ways (and kinds of error); all of them mean no.
        return False


def _save_params(image: Image.Image) -> dict[str, Any]:
    """The kept image info as save() keywords (Pillow's info keys are names)."""
    return {str(key): value for key, value in image.info.items()}


def _reencoded_image(data: bytes, kind: FileKind) -> bytes | None:
    """The image decoded and encoded again without its metadata, or None if it does not decode."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in _PILLOW_FORMATS[kind]:
                return None
            if probe.width * probe.height > _MAX_IMAGE_PIXELS:
                return None
            probe.verify()
        # verify() leaves the image unusable; a full decode needs a fresh one.
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = image.getexif().get(ExifTags.Base.Orientation, 1) in (0, 1)
            # The camera's orientation is applied to the pixels, as the tag is about to be dropped.
            shown = image if upright else ImageOps.exif_transpose(image)
            shown.info = {
                key: image.info[key] for key in _KEPT_IMAGE_INFO[kind] if key in image.info
            }
            out = io.BytesIO()
            if kind == FileKind.PNG:
                shown.save(out, format="PNG", **_save_params(shown))
            elif upright and image.format == "JPEG":
                # Re-using the scan's own quantisation loses nothing a second time.
                shown.save(out, format="JPEG", quality="keep", **_save_params(shown))
            else:
                shown.save(out, format="JPEG", quality=90, **_save_params(shown))
            return out.getvalue()
    except Exception:
        # As for PDFs: whatever Pillow cannot decode, for whatever reason, is refused.
        return None


def _checked_upload(file: UploadedFile) -> CheckedUpload:
    """The scan as it is to be stored, or the domain error saying why not."""
    limit = settings.MATERIAL_UPLOAD_MAX_BYTES
    size = file.size or 0
    if size == 0:
        raise errors.FileEmpty
    if size > limit:
        raise errors.FileTooLarge(limit)
    extension = os.path.splitext(_clean_original_name(file.name or ""))[1].lower()
    claimed = _EXTENSIONS.get(extension)
    if claimed is None:
        raise errors.FileTypeNotAllowed
    file.seek(0)
    actual = detect_file_kind(file.read(16))
    if actual is None:
        # Named like a scan but not one of the accepted types at all (HTML, a script, a zip...).
        raise errors.FileTypeMismatch
    if actual != claimed:
        # Refused rather than stored by its real type: a name that lies about its content is
        # either a mistake the resident should see or an attempt to smuggle something in.
        raise errors.FileTypeMismatch
    # The magic bytes are only a claim: the content must also parse as what it claims to be.
    # Bounded by the size limit above, so holding it in memory is fine.
    file.seek(0)
    data = b"".join(file.chunks())
    file.seek(0)
    if actual == FileKind.PDF:
        if not _pdf_opens(data):
            raise errors.FileTypeMismatch
        content = data
    else:
        reencoded = _reencoded_image(data, actual)
        if reencoded is None:
            raise errors.FileTypeMismatch
        content = reencoded
    return CheckedUpload(kind=actual, content=content, sha256=hashlib.sha256(content).hexdigest())


def upload_check(file: UploadedFile) -> CheckedUpload:
    """The checks every resident's upload passes, for other apps' uploads (legal-aid
    applications): the stored bytes, or the UploadRejected error saying why not."""
    return _checked_upload(file)


def _lock_appointment(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("matter")
        .get(pk=appointment.pk)
    )


def uploads_open(*, appointment: Appointment, passed: bool) -> bool:
    """Residents may upload while the appointment is booked and the pre-review has not passed."""
    return (
        appointment.matter.run_at_most_once
        and appointment.status == Appointment.Status.BOOKED
        and not passed
    )


def material_submission_create(
    *,
    appointment: Appointment,
    material: MaterialItem | None,
    by,
    file: UploadedFile | None = None,
    bring_original: bool = False,
    now: dt.datetime | None = None,
) -> MaterialSubmission:
    """Answer one checklist item before the visit: upload a scan, or promise the original.

    The item's previous answer is kept and marked superseded, never deleted: staff may have read
    it already. Raises UploadRejected (and its kinds), UploadsClosed, NotRunAtMostOnce or
    MaterialNotOnChecklist; nothing is written then.
    """
    now = now or timezone.now()
    if material is not None and material.pk not in booked_item_ids(appointment):
        raise errors.MaterialNotOnChecklist
    if bring_original and file is not None:
        raise errors.FileMissing
    if not bring_original and file is None:
        raise errors.FileMissing
    checked = None if bring_original else _checked_upload(file)  # type: ignore[arg-type]

    with transaction.atomic():
        current = _lock_appointment(appointment)
        if not current.matter.run_at_most_once:
            raise errors.NotRunAtMostOnce
        passed = PreReview.objects.filter(
            appointment=current, outcome=PreReview.Outcome.PASSED
        ).exists()
        if not uploads_open(appointment=current, passed=passed):
            raise errors.UploadsClosed
        if material is not None:
            MaterialSubmission.objects.current().filter(
                appointment=current, material=material
            ).update(superseded_at=now)
        submission = MaterialSubmission(
            appointment=current,
            material=material,
            bring_original=bring_original,
            uploaded_at=now,
            uploaded_by=by,
        )
        if checked is not None:
            submission.content_type = checked.kind
            submission.sha256 = checked.sha256
            submission.size = checked.size
            submission.original_name = _clean_original_name(file.name or "")  # type: ignore[union-attr]
            # Written to disk as part of save(). Should the transaction roll back afterwards the
            # file stays behind unreferenced under a random name: harmless, and no row points at
            # a missing file, which is the failure that would matter.
            submission.file.save("upload", ContentFile(checked.content), save=False)
        submission.save()
    logger.info("material submitted appointment=%s submission=%s", appointment.pk, submission.pk)
    return submission


@dataclass(frozen=True)
class Answer:
    """One item answered on the materials page: a scan, or the promise of the original.
    `material` None is an "other" document (a scan only)."""

    material: MaterialItem | None
    file: UploadedFile | None = None
    bring_original: bool = False
    key: str = ""


@dataclass(frozen=True)
class AnswerResult:
    answer: Answer
    submission: MaterialSubmission | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.submission is not None


def material_submissions_create(
    *, appointment: Appointment, by, answers: list[Answer], now: dt.datetime | None = None
) -> list[AnswerResult]:
    """Every item the resident answered in one submission, each checked and stored on its own
    (a refused scan never takes a good one down with it), with a result per item. Each stored
    answer is whole (material_submission_create's own transaction); a refused one writes nothing.
    """
    now = now or timezone.now()
    results = []
    for answer in answers:
        try:
            submission = material_submission_create(
                appointment=appointment,
                material=answer.material,
                by=by,
                file=answer.file,
                bring_original=answer.bring_original,
                now=now,
            )
        except errors.CaseworkError as error:
            results.append(AnswerResult(answer=answer, error=str(error)))
        else:
            results.append(AnswerResult(answer=answer, submission=submission))
    return results


# --- pre-review ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One item's mark, as the reviewer found it: a problem (missing, unreadable, expired, wrong
    document) or "will be verified by data link"; items not listed are in order."""

    material: MaterialItem | None
    kind: str
    note: str = ""


@dataclass(frozen=True)
class OutsideRequest:
    """A document beyond the list that the office believes the law requires, with that law."""

    document: str
    legal_basis: str


def _enqueue_notice(prereview_id: int) -> None:
    from .tasks import send_prereview_notice

    transaction.on_commit(lambda: send_prereview_notice.delay(prereview_id=prereview_id))


def _plain(text: str, limit: int) -> str:
    return " ".join("".join(ch for ch in (text or "") if ch.isprintable()).split())[:limit]


def the_notice(appointment: Appointment) -> PreReview | None:
    return PreReview.objects.filter(appointment=appointment, is_notice=True).first()


def items_changed_since(*, appointment: Appointment, notice: PreReview) -> set[int]:
    """The checklist items the resident re-sent or changed after the notice."""
    return set(
        MaterialSubmission.objects.filter(
            appointment=appointment, material__isnull=False, uploaded_at__gt=notice.created_at
        ).values_list("material_id", flat=True)
    )


def prereview_record(
    *,
    appointment: Appointment,
    reviewer,
    problems: list[Problem],
    note: str = "",
    outside: list[OutsideRequest] | tuple = (),
    reason: str = "",
    now: dt.datetime | None = None,
) -> PreReview:
    """Record one pre-review decision and tell the resident about it.

    The first decision that asks for anything is the one-time notice: every problem at once,
    only items of the list as booked. It exists once (the database refuses a second). A later
    decision may only mark items the resident re-sent or changed since the notice; marking any
    other item, or asking for something outside the list (always with its legal basis), needs a
    `reason`, kept for the bureau. Problems of the notice that the resident has not answered yet
    stay open in a later decision. Messages leave after commit.
    """
    now = now or timezone.now()
    materials = [p.material for p in problems if p.material is not None]
    if len({m.pk for m in materials}) != len(materials):
        raise errors.DuplicateProblem
    # The list as booked is the contract: nothing else may be asked for.
    booked = booked_item_ids(appointment)
    if any(m.pk not in booked for m in materials):
        raise errors.MaterialNotOnChecklist
    if any(p.kind not in ProblemKind.values for p in problems):
        raise ValueError("unknown problem kind")
    requests = []
    for request in outside:
        document, basis = _plain(request.document, 200), _plain(request.legal_basis, 300)
        if document or basis:
            if not (document and basis):
                raise errors.OutsideRequestIncomplete
            requests.append(OutsideRequest(document=document, legal_basis=basis))
    reason = (reason or "").strip()[:2000]

    with transaction.atomic():
        current = _lock_appointment(appointment)
        if not current.matter.run_at_most_once:
            raise errors.NotRunAtMostOnce
        if current.status != Appointment.Status.BOOKED:
            raise errors.AppointmentNotActive
        if PreReview.objects.filter(appointment=current, outcome=PreReview.Outcome.PASSED).exists():
            raise errors.PreReviewClosed
        # An item verified online through a data link cannot be asked for: the resident was told
        # not to bring it (it is marked "will be verified by data link", or in order).
        verified = verified_item_ids(appointment=current)
        if any(
            p.kind in PROBLEM_KINDS and p.material is not None and p.material.pk in verified
            for p in problems
        ):
            raise errors.VerifiedOnline
        notice = the_notice(current)
        carried: list[PreReviewItem] = []
        if notice is not None:
            changed = items_changed_since(appointment=current, notice=notice)
            beyond = [
                p
                for p in problems
                if p.kind in PROBLEM_KINDS and (p.material is None or p.material.pk not in changed)
            ]
            if (beyond or requests) and not reason:
                raise errors.LaterReviewNeedsReason
            # What the resident was asked and has not answered yet is still asked.
            marked = {p.material.pk for p in problems if p.material is not None}
            latest = (
                PreReview.objects.filter(
                    appointment=current, outcome=PreReview.Outcome.NEEDS_CHANGES
                )
                .order_by("-created_at", "-id")
                .first()
            )
            if latest is not None:
                carried = [
                    item
                    for item in latest.items.all()
                    if item.is_problem
                    and item.material_id is not None
                    and item.material_id not in changed
                    and item.material_id not in marked
                    and item.material_id not in verified
                ]
        asks = bool(requests or carried or any(p.kind in PROBLEM_KINDS for p in problems))
        prereview = PreReview.objects.create(
            appointment=current,
            reviewer=reviewer,
            created_at=now,
            outcome=PreReview.Outcome.NEEDS_CHANGES if asks else PreReview.Outcome.PASSED,
            message=note.strip(),
            is_notice=notice is None and asks,
            later_reason=reason if notice is not None else "",
        )
        PreReviewItem.objects.bulk_create(
            [
                *(
                    PreReviewItem(
                        prereview=prereview, material=p.material, kind=p.kind, note=p.note[:500]
                    )
                    for p in problems
                ),
                *(
                    PreReviewItem(
                        prereview=prereview,
                        material_id=item.material_id,
                        kind=item.kind,
                        note=item.note,
                    )
                    for item in carried
                ),
            ]
        )
        OutsideListRequest.objects.bulk_create(
            OutsideListRequest(
                prereview=prereview,
                document=r.document,
                legal_basis=r.legal_basis,
                created_at=now,
            )
            for r in requests
        )
        # The decision covers what was there when it was made; later uploads wait for the next.
        MaterialSubmission.objects.awaiting_review().filter(appointment=current).update(
            reviewed_in=prereview
        )
        _enqueue_notice(prereview.pk)
    logger.info("prereview recorded id=%s outcome=%s", prereview.pk, prereview.outcome)
    return prereview


def notice_called(*, prereview: PreReview, by, now: dt.datetime | None = None) -> bool:
    """The hotline called the resident about a decision nothing could deliver. A conditional
    UPDATE on the row's own columns: two operators pressing at once record one call."""
    now = now or timezone.now()
    claimed = PreReview.objects.filter(
        pk=prereview.pk, needs_call=True, called_at__isnull=True
    ).update(called_at=now)
    logger.info("prereview notice called id=%s by=%s claimed=%s", prereview.pk, by.pk, claimed)
    return bool(claimed)


# --- cases --------------------------------------------------------------------------------------

# A case is accepted only for a visit that took place: the resident was at the counter.
_ACCEPTABLE = (Appointment.Status.CHECKED_IN, Appointment.Status.COMPLETED)


def case_accept(
    *,
    appointment: Appointment,
    by,
    on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """Accept the case of a checked-in (or completed) appointment.

    The due date is ``on`` plus the matter's processing time in working days on the statutory
    calendar (holidays closed, adjusted working weekends open), the promise the reform makes.
    """
    now = now or timezone.now()
    on = on or timezone.localdate(now)
    try:
        with transaction.atomic():
            current = _lock_appointment(appointment)
            if current.status not in _ACCEPTABLE:
                raise errors.CaseNotReady
            if Case.objects.filter(appointment=current).exists():
                raise errors.CaseAlreadyAccepted
            case = Case(
                appointment=current,
                accepted_on=on,
                accepted_at=now,
                accepted_by=by,
                due_date=add_working_days(start=on, days=current.matter.processing_days),
                status=CaseStatus.ACCEPTED,
            )
            case._history_user = by  # type: ignore[attr-defined]
            case.save()
            CaseStep.objects.create(case=case, step=CaseStatus.ACCEPTED, by=by, at=now)
    except IntegrityError as error:
        # Two clerks accepting at once: the one-to-one constraint lets only one through.
        if Case.objects.filter(appointment_id=appointment.pk).exists():
            raise errors.CaseAlreadyAccepted from error
        raise
    logger.info("case accepted id=%s due=%s", case.pk, case.due_date)
    return case


def next_steps(case: Case, *, has_postal_delivery: bool) -> list[str]:
    """The steps that may be recorded next, in the only order the law allows."""
    if case.status == CaseStatus.ACCEPTED:
        return [CaseStatus.VERIFIED]
    if case.status == CaseStatus.VERIFIED:
        return [CaseStatus.APPROVED]
    if case.status == CaseStatus.APPROVED:
        # The certificate is handed over at the counter, or posted when the resident asked for it
        # (they may still come and collect it).
        if has_postal_delivery:
            return [CaseStatus.ISSUED, CaseStatus.POSTED]
        return [CaseStatus.ISSUED]
    return []


def _advance(*, case: Case, step: str, by, note: str, now: dt.datetime) -> Case:
    has_post = PostalDelivery.objects.filter(appointment_id=case.appointment_id).exists()
    allowed = next_steps(case, has_postal_delivery=has_post)
    if step not in allowed:
        raise errors.StepOutOfOrder(step=step, expected=allowed)
    case.status = step
    case._history_user = by  # type: ignore[attr-defined]
    case.save(update_fields=["status"])
    CaseStep.objects.create(case=case, step=step, by=by, at=now, note=note[:500])
    return case


def _lock_case(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def case_advance(
    *, case: Case, step: str, by, note: str = "", now: dt.datetime | None = None
) -> Case:
    """Record the next step of a case: accepted → verified → approved → issued (or posted).

    Raises StepOutOfOrder for any other step, with the step that is due in its message.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = _lock_case(case)
        _advance(case=current, step=step, by=by, note=note, now=now)
    logger.info("case advanced id=%s step=%s", current.pk, step)
    return current


# --- post ---------------------------------------------------------------------------------------


def postal_delivery_request(
    *,
    appointment: Appointment,
    by,
    recipient_name: str,
    phone: str,
    address: str,
    postcode: str,
    now: dt.datetime | None = None,
) -> PostalDelivery:
    """Ask for the certificate by post (or change the address), until it is issued or posted."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _lock_appointment(appointment)
        if not current.matter.run_at_most_once:
            raise errors.NotRunAtMostOnce
        if current.status in (Appointment.Status.CANCELLED, Appointment.Status.NO_SHOW):
            raise errors.PostNotAvailable
        delivery = PostalDelivery.objects.filter(appointment=current).first()
        if delivery is not None and delivery.is_posted:
            raise errors.AlreadyPosted
        if Case.objects.filter(appointment=current, status__in=FINISHED_STATUSES).exists():
            raise errors.PostNotAvailable
        if delivery is None:
            delivery = PostalDelivery(appointment=current, requested_by=by, requested_at=now)
        delivery.recipient_name = clean_person_name(
            recipient_name, max_length=PostalDelivery._meta.get_field("recipient_name").max_length
        )
        delivery.phone = phone
        delivery.address = address.strip()
        delivery.postcode = postcode
        delivery._history_user = by  # type: ignore[attr-defined]
        delivery.full_clean(exclude=["appointment", "requested_by"])
        delivery.save()
    return delivery


def postal_delivery_mark_posted(
    *,
    appointment: Appointment,
    by,
    tracking_number: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> PostalDelivery:
    """Record that the certificate went into the post, and finish the case with the step
    "posted" in the same transaction: the resident sees both together or neither."""
    now = now or timezone.now()
    tracking_number = tracking_number.strip()
    if not tracking_number:
        raise errors.PostingNotReady
    with transaction.atomic():
        current = _lock_appointment(appointment)
        delivery = PostalDelivery.objects.select_for_update().filter(appointment=current).first()
        case = Case.objects.select_for_update().filter(appointment=current).first()
        if delivery is None or case is None:
            raise errors.PostingNotReady
        if delivery.is_posted:
            raise errors.AlreadyPosted
        if case.status != CaseStatus.APPROVED:
            raise errors.PostingNotReady
        delivery.posted_at = now
        delivery.posted_by = by
        delivery.tracking_number = tracking_number[:40]
        delivery._history_user = by  # type: ignore[attr-defined]
        delivery.save(update_fields=["posted_at", "posted_by", "tracking_number"])
        _advance(case=case, step=CaseStatus.POSTED, by=by, note=note, now=now)
    return delivery


def identity_number_disclose(*, appointment: Appointment, viewer) -> str:
    """The resident's full identity number for a staff member, recorded before it is shown."""
    from .models import IdentityDisclosure

    with transaction.atomic():
        IdentityDisclosure.objects.create(viewer=viewer, appointment=appointment)
    return appointment.resident.id_number
