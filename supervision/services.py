"""Supervision writes: ratings, opinions and answers, the annual draw and its return visits."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from appointments.models import Appointment
from consult.models import Consultation
from legalaid.models import Application as LegalAidApplication
from notaries.models import Office

from . import errors, selectors
from .models import Opinion, OpinionAnswer, Rating, ReturnVisit, ReturnVisitDraw

logger = logging.getLogger(__name__)

# random.Random accepts any integer, but the seed is stored in a signed 64-bit column.
MAX_SEED = 2**63 - 1
_BATCH = 1000

# --- ratings --------------------------------------------------------------------------------------


def rating_create(
    *,
    appointment: Appointment,
    resident: User,
    stars: int,
    comment: str = "",
    now: dt.datetime | None = None,
) -> Rating:
    """The resident rates their completed appointment, once.

    Raises NotCompleted, AlreadyRated, InvalidStars or AppointmentNotYours; nothing is written then.
    """
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise errors.InvalidStars
    if appointment.resident_id != resident.pk:
        raise errors.AppointmentNotYours
    if appointment.status != Appointment.Status.COMPLETED:
        raise errors.NotCompleted
    try:
        with transaction.atomic():
            if Rating.objects.filter(appointment=appointment).exists():
                raise errors.AlreadyRated
            rating = Rating.objects.create(
                appointment=appointment,
                resident=resident,
                stars=stars,
                comment=comment.strip(),
                created_at=now or timezone.now(),
            )
    except IntegrityError as error:
        # Two tabs sending at once: the one-to-one constraint keeps the first.
        if Rating.objects.filter(appointment=appointment).exists():
            raise errors.AlreadyRated from error
        raise
    logger.info("appointment rated id=%s", appointment.pk)
    return rating


# --- opinions -------------------------------------------------------------------------------------


def opinion_create(
    *,
    kind: str,
    text: str,
    office: Office | None = None,
    contact: str = "",
    sender: User | AnonymousUser | None = None,
    appointment_reference: str = "",
    consultation: Consultation | None = None,
    legal_aid_application: LegalAidApplication | None = None,
    language: str | None = None,
    now: dt.datetime | None = None,
) -> Opinion:
    """Record an opinion or complaint from anyone. A referenced appointment, consultation request
    or legal-aid application must be the signed-in sender's own, so nobody can attach a complaint
    to a stranger's visit or case; an opinion is about one of them at most.

    An opinion about a consultation goes to the office that owns it (if an office does), one
    about legal aid to the bureau, which supervises the centres.

    Raises EmptyText, SignInForAppointment, AppointmentNotYours, AppointmentAtOtherOffice or
    SubjectNotYours."""
    text = (text or "").strip()
    if not text:
        raise errors.EmptyText
    if kind not in Opinion.Kind.values:
        raise ValueError(kind)
    if sender is not None and not sender.is_authenticated:
        sender = None
    subjects = [(appointment_reference or "").strip(), consultation, legal_aid_application]
    if sum(bool(subject) for subject in subjects) > 1:
        raise ValueError("an opinion is about one appointment, consultation or application")
    if consultation is not None:
        if sender is None or consultation.resident_id != sender.pk:
            raise errors.SubjectNotYours
        office = consultation.owner_office
    if legal_aid_application is not None:
        if sender is None or legal_aid_application.applicant_id != sender.pk:
            raise errors.SubjectNotYours
        office = None
    appointment = None
    if (appointment_reference or "").strip():
        if sender is None:
            raise errors.SignInForAppointment
        appointment = selectors.find_appointment_of_resident(
            user=sender, reference=appointment_reference
        )
        if appointment is None:
            raise errors.AppointmentNotYours
        if office is not None and office.pk != appointment.office_id:
            raise errors.AppointmentAtOtherOffice
        office = appointment.office
    opinion = Opinion.objects.create(
        kind=kind,
        text=text,
        office=office,
        appointment=appointment,
        consultation=consultation,
        legal_aid_application=legal_aid_application,
        contact=(contact or "").strip(),
        sender=sender,
        language=language or translation.get_language() or "zh-hans",
        created_at=now or timezone.now(),
    )
    logger.info("opinion received id=%s kind=%s", opinion.pk, kind)
    return opinion


def _enqueue_answer_mail(answer_id: int) -> None:
    from .tasks import send_opinion_answer

    transaction.on_commit(lambda: send_opinion_answer.delay(answer_id=answer_id))


def opinion_answer_create(
    *, opinion: Opinion, by: User, text: str, now: dt.datetime | None = None
) -> OpinionAnswer:
    """Answer an opinion. The sender is e-mailed after commit if they left an e-mail address, and
    a signed-in sender finds the answer under their opinions. Raises EmptyText."""
    text = (text or "").strip()
    if not text:
        raise errors.EmptyText
    now = now or timezone.now()
    with transaction.atomic():
        # Locked so two staff answering at once both see whether it was answered before.
        current = Opinion.objects.select_for_update().get(pk=opinion.pk)
        answer = OpinionAnswer.objects.create(opinion=current, text=text, by=by, created_at=now)
        if current.answered_at is None:
            Opinion.objects.filter(pk=current.pk).update(answered_at=now)
        if current.contact_email:
            _enqueue_answer_mail(answer.pk)
    logger.info("opinion answered id=%s answer=%s", opinion.pk, answer.pk)
    return answer


# --- the draw -------------------------------------------------------------------------------------


def new_seed() -> int:
    return secrets.randbits(63)


def _insert_visits(visits: list[ReturnVisit], *, by: User | None, now: dt.datetime) -> None:
    # With their first history rows, so each visit's record starts at the draw that created it.
    if visits:
        bulk_create_with_history(visits, ReturnVisit, default_user=by, default_date=now)


def return_visit_draw_run(
    *,
    year: int,
    seed: int | None = None,
    by: User | None = None,
    now: dt.datetime | None = None,
    per_notary: int = selectors.PER_NOTARY,
    progress: Callable[[int, int], None] | None = None,
) -> ReturnVisitDraw:
    """Draw the return visits of `year`: `per_notary` completed matters of each notary (all of
    them for a notary with fewer), then as many answered consultation requests of each person who
    answered them and decided legal-aid applications of each centre, chosen with
    `random.Random(seed)`.

    The seed is recorded so anyone can redo the draw (selectors.draw_selection) and check it.
    Everything is written in one transaction: an interrupted draw leaves nothing behind and can
    simply be run again. `progress(done, total)` is called after each notary.

    Raises DrawAlreadyExists, YearNotOver, YearOutOfRange or SeedOutOfRange."""
    now = now or timezone.now()
    if year < 2000:
        raise errors.YearOutOfRange
    # The year is over only once it is over in Beijing.
    if year >= now.astimezone(selectors.SHANGHAI).year:
        raise errors.YearNotOver(year)
    if seed is None:
        seed = new_seed()
    if not 0 <= seed <= MAX_SEED:
        raise errors.SeedOutOfRange
    if ReturnVisitDraw.objects.filter(year=year).exists():
        raise errors.DrawAlreadyExists(year)
    try:
        with transaction.atomic(durable=True):
            # Inserted first: a second draw of the same year started meanwhile waits on the
            # unique year here and then fails, instead of drawing a competing selection.
            draw = ReturnVisitDraw.objects.create(
                year=year,
                seed=seed,
                per_notary=per_notary,
                drawn_at=now,
                drawn_by=by,
                candidates_digest="",
            )
            total = selectors.group_count_in_year(year=year)
            digest = selectors.CandidateDigest()
            batch: list[ReturnVisit] = []
            candidates = dict.fromkeys(selectors.WORKLIST_KINDS, 0)
            selected = dict.fromkeys(selectors.WORKLIST_KINDS, 0)
            notaries = short = 0
            parts = selectors.iter_draw(year=year, seed=seed, per_notary=per_notary)
            for done, part in enumerate(parts, start=1):
                digest.add(part)
                candidates[part.kind] += len(part.candidates)
                selected[part.kind] += len(part.chosen)
                if part.kind == "appointment":
                    notaries += 1
                    short += len(part.candidates) < per_notary
                field = f"{part.kind}_id"
                batch.extend(ReturnVisit(draw=draw, **{field: pk}) for pk in part.chosen)
                if len(batch) >= _BATCH:
                    _insert_visits(batch, by=by, now=now)
                    batch = []
                if progress is not None:
                    progress(done, total)
            _insert_visits(batch, by=by, now=now)
            draw.notary_count = notaries
            draw.candidate_count = candidates["appointment"]
            draw.selected_count = selected["appointment"]
            draw.short_notary_count = short
            draw.consultation_candidate_count = candidates["consultation"]
            draw.consultation_selected_count = selected["consultation"]
            draw.legal_aid_candidate_count = candidates["legal_aid_application"]
            draw.legal_aid_selected_count = selected["legal_aid_application"]
            draw.candidates_digest = digest.hexdigest()
            draw.save(
                update_fields=[
                    "notary_count",
                    "candidate_count",
                    "selected_count",
                    "short_notary_count",
                    "consultation_candidate_count",
                    "consultation_selected_count",
                    "legal_aid_candidate_count",
                    "legal_aid_selected_count",
                    "candidates_digest",
                ]
            )
    except IntegrityError as error:
        if ReturnVisitDraw.objects.filter(year=year).exists():
            raise errors.DrawAlreadyExists(year) from error
        raise
    logger.info(
        "return-visit draw year=%s seed=%s notaries=%s selected=%s",
        year,
        seed,
        draw.notary_count,
        draw.selected_count,
    )
    return draw


def return_visit_record(
    *,
    visit: ReturnVisit,
    by: User,
    status: str,
    satisfaction: int | None = None,
    fee_as_quoted: bool | None = None,
    one_visit: bool | None = None,
    comments: str = "",
    now: dt.datetime | None = None,
) -> ReturnVisit:
    """Record the call: done with the survey's answers, or the resident could not be reached.

    A visit may be recorded again (someone unreachable on Monday answers on Tuesday); every
    version is kept in its history with who recorded it. The fee and the one visit are asked
    about appointments only (a consultation or legal aid costs nothing): for the other subjects
    they are not kept. Raises InvalidVisitStatus or SurveyIncomplete."""
    if status not in (ReturnVisit.Status.DONE, ReturnVisit.Status.UNREACHABLE):
        raise errors.InvalidVisitStatus
    if not visit.asks_about_fee:
        fee_as_quoted = one_visit = None
    if status == ReturnVisit.Status.DONE:
        if satisfaction is None:
            raise errors.SurveyIncomplete
        if visit.asks_about_fee and (fee_as_quoted is None or one_visit is None):
            raise errors.SurveyIncomplete
        if not 1 <= satisfaction <= 5:
            raise errors.SurveyIncomplete
    else:
        # Nobody answered, so there are no answers to keep.
        satisfaction = fee_as_quoted = one_visit = None
    with transaction.atomic():
        current = ReturnVisit.objects.select_for_update().get(pk=visit.pk)
        current.status = status
        current.satisfaction = satisfaction
        current.fee_as_quoted = fee_as_quoted
        current.one_visit = one_visit
        current.comments = (comments or "").strip()
        current.caller = by
        current.called_at = now or timezone.now()
        current._history_user = by  # type: ignore[attr-defined]
        current.save()
    logger.info("return visit recorded id=%s status=%s", current.pk, status)
    return current
