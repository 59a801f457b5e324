"""Writes of the consultation desk: record a question, take it, refer it, accept or return a
referral, answer it. Each runs in one transaction and writes one ConsultationEvent."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from appointments.calendar import StatutoryCalendar, add_working_days
from appointments.references import new_reference

from .errors import AlreadyOwned, NotOwner, NotReceiver, WrongStatus
from .models import REFERENCE_PREFIX, Consultation, ConsultationEvent, Topic

Status = Consultation.Status
Kind = ConsultationEvent.Kind


def _working_day_end() -> dt.time:
    hours, minutes = (int(part) for part in settings.CONSULT_WORKING_DAY_ENDS.split(":"))
    return dt.time(hours, minutes)


def consultation_deadline(*, received_at: dt.datetime) -> dt.datetime:
    """The end of the working day (CONSULT_WORKING_DAY_ENDS, 17:30) CONSULT_ANSWER_WORKING_DAYS
    working days after the day the request counts as received: a request that arrives on a
    weekend, a holiday or after the working day counts from the next working day."""
    local = timezone.localtime(received_at)
    day = local.date()
    ends = _working_day_end()
    calendar = StatutoryCalendar.for_range(start=day, end=day)
    if not calendar.is_working_day(day) or local.time() >= ends:
        day = add_working_days(start=day, days=1)
    due = add_working_days(start=day, days=settings.CONSULT_ANSWER_WORKING_DAYS)
    return timezone.make_aware(dt.datetime.combine(due, ends))


def consultation_create(
    *,
    phone: str,
    topic: Topic,
    question: str,
    answer_channel: str,
    consent: bool,
    email: str = "",
    resident=None,
    recorded_by=None,
    language: str = "zh-hans",
) -> Consultation:
    """Record a question (on the web, or by an operator for a caller, who then owns it)."""
    if not consent:
        raise WrongStatus()
    now = timezone.now()
    channel = Consultation.Channel.HOTLINE if recorded_by is not None else Consultation.Channel.WEB
    for _attempt in range(5):
        try:
            with transaction.atomic():
                consultation = Consultation.objects.create(
                    reference=new_reference(on=timezone.localdate(now), prefix=REFERENCE_PREFIX),
                    phone=phone,
                    email=email,
                    resident=resident if getattr(resident, "is_authenticated", False) else None,
                    topic=topic,
                    question=question,
                    answer_channel=answer_channel,
                    consent=True,
                    channel=channel,
                    language=language,
                    received_at=now,
                    deadline=consultation_deadline(received_at=now),
                    # The operator who records a caller's question received it first.
                    owner_user=recorded_by,
                    status=Status.TAKEN if recorded_by is not None else Status.NEW,
                )
                ConsultationEvent.objects.create(
                    consultation=consultation, kind=Kind.RECEIVED, by=recorded_by, at=now
                )
                if recorded_by is not None:
                    ConsultationEvent.objects.create(
                        consultation=consultation, kind=Kind.TAKEN, by=recorded_by, at=now
                    )
                return consultation
        except IntegrityError:
            today = f"{REFERENCE_PREFIX}-{timezone.localdate(now):%Y%m%d}-"
            if not Consultation.objects.filter(reference__startswith=today).exists():
                raise
    raise IntegrityError("no free consultation reference")


def _locked(consultation: Consultation) -> Consultation:
    return (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("owner_user", "owner_office", "owner_notary", "owner_centre")
        .get(pk=consultation.pk)
    )


def _owned_by(row: Consultation, user) -> bool:
    if row.owner_user_id is not None:
        return row.owner_user_id == user.pk or user.is_bureau_admin
    if row.owner_office_id is not None:
        return user.is_bureau_admin or (
            user.is_office_staff and user.office_id == row.owner_office_id
        )
    if row.owner_notary_id is not None:
        return user.is_bureau_admin or (
            user.is_office_staff
            and row.owner_notary is not None
            and user.office_id == row.owner_notary.office_id
        )
    if row.owner_centre_id is not None:
        return (
            user.is_bureau_admin
            or getattr(user, "legal_aid_centre_id", None) == row.owner_centre_id
        )
    return False


def is_owner(consultation: Consultation, user) -> bool:
    """Whether `user` may answer or refer the request as (or for) its owner."""
    return _owned_by(consultation, user)


def is_receiver(consultation: Consultation, user) -> bool:
    """Whether `user` may accept or return the pending referral."""
    return consultation.status == Status.REFERRED and _is_receiver(consultation, user)


def consultation_take(*, consultation: Consultation, by) -> Consultation:
    """The first operator or office to take a new request owns it. The row lock makes the
    second of two simultaneous takers wait and then see the first one's name."""
    with transaction.atomic():
        row = _locked(consultation)
        if row.status != Status.NEW:
            raise AlreadyOwned(row.owner_label)
        if by.is_office_staff:
            row.owner_office_id = by.office_id
        else:
            row.owner_user = by
        row.status = Status.TAKEN
        row.save(update_fields=["owner_user", "owner_office", "status"])
        ConsultationEvent.objects.create(consultation=row, kind=Kind.TAKEN, by=by)
        return row


def consultation_refer(
    *, consultation: Consultation, by, note: str, office=None, notary=None, centre=None
) -> Consultation:
    """Hand the request to one receiver with a note; the owner stays responsible until the
    receiver accepts."""
    receivers = [r for r in (office, notary, centre) if r is not None]
    if len(receivers) != 1:
        raise WrongStatus()
    with transaction.atomic():
        row = _locked(consultation)
        if row.status != Status.TAKEN:
            raise WrongStatus()
        if not _owned_by(row, by):
            raise NotOwner()
        row.referred_office, row.referred_notary, row.referred_centre = office, notary, centre
        row.referral_note = note
        row.status = Status.REFERRED
        row.save(
            update_fields=[
                "referred_office",
                "referred_notary",
                "referred_centre",
                "referral_note",
                "status",
            ]
        )
        ConsultationEvent.objects.create(
            consultation=row, kind=Kind.REFERRED, by=by, note=f"{receivers[0]}: {note}"
        )
        return row


def _is_receiver(row: Consultation, user) -> bool:
    if user.is_bureau_admin:
        return True
    if row.referred_office_id is not None:
        return user.is_office_staff and user.office_id == row.referred_office_id
    if row.referred_notary_id is not None:
        notary = row.referred_notary
        return bool(
            user.is_office_staff and notary is not None and user.office_id == notary.office_id
        )
    if row.referred_centre_id is not None:
        return getattr(user, "legal_aid_centre_id", None) == row.referred_centre_id
    return False


def consultation_accept(*, consultation: Consultation, by) -> Consultation:
    """The receiver accepts the referral and becomes the owner."""
    with transaction.atomic():
        row = _locked(consultation)
        if row.status != Status.REFERRED:
            raise WrongStatus()
        row = Consultation.objects.select_related("referred_notary").get(pk=row.pk)
        if not _is_receiver(row, by):
            raise NotReceiver()
        row.owner_user = None
        row.owner_office, row.owner_notary, row.owner_centre = (
            row.referred_office,
            row.referred_notary,
            row.referred_centre,
        )
        row.referred_office = row.referred_notary = row.referred_centre = None
        row.status = Status.TAKEN
        row.save()
        ConsultationEvent.objects.create(consultation=row, kind=Kind.ACCEPTED, by=by)
        return row


def consultation_return(*, consultation: Consultation, by, note: str) -> Consultation:
    """The receiver returns the referral: the owner keeps the request."""
    with transaction.atomic():
        row = _locked(consultation)
        if row.status != Status.REFERRED:
            raise WrongStatus()
        row = Consultation.objects.select_related("referred_notary").get(pk=row.pk)
        if not _is_receiver(row, by):
            raise NotReceiver()
        row.referred_office = row.referred_notary = row.referred_centre = None
        row.status = Status.TAKEN
        row.save()
        ConsultationEvent.objects.create(consultation=row, kind=Kind.RETURNED, by=by, note=note)
        return row


def consultation_answer(*, consultation: Consultation, by, answer: str) -> Consultation:
    with transaction.atomic():
        row = _locked(consultation)
        if row.status != Status.TAKEN:
            raise WrongStatus()
        row = Consultation.objects.select_related("owner_notary").get(pk=row.pk)
        if not _owned_by(row, by):
            raise NotOwner()
        row.answer = answer
        row.answered_at = timezone.now()
        row.answered_by = by
        row.status = Status.ANSWERED
        row.save(update_fields=["answer", "answered_at", "answered_by", "status"])
        ConsultationEvent.objects.create(consultation=row, kind=Kind.ANSWERED, by=by)
        if row.answer_channel == Consultation.AnswerChannel.EMAIL and row.email:
            _enqueue_answer_email(row.pk)
        return row


def _enqueue_answer_email(consultation_id: int) -> None:
    from .tasks import send_answer_email

    transaction.on_commit(lambda: send_answer_email.delay(consultation_id=consultation_id))
