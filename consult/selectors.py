"""Reads of the consultation desk: the topics, the operators' queue, the receivers' desk, the
supervisors' overdue list and the resident's own requests. Every look-up of one request is scoped
to the reader: outside the scope it is a 404."""

from __future__ import annotations

from typing import cast

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from accounts.permissions import is_hotline_desk_user
from appointments.references import normalise_reference

from .models import REFERENCE_RE, Consultation, ConsultationEvent, ConsultationQuerySet, Topic

QUEUE_TABS = ("new", "mine", "referred", "overdue", "all")
RELATED = (
    "topic",
    "owner_user",
    "owner_office",
    "owner_notary",
    "owner_centre",
    "referred_office",
    "referred_notary",
    "referred_centre",
)


def topics_offered() -> QuerySet[Topic]:
    return Topic.objects.filter(is_active=True)


def _listed() -> ConsultationQuerySet:
    return cast(ConsultationQuerySet, Consultation.objects.select_related(*RELATED))


def consultations_overdue() -> QuerySet[Consultation]:
    return Consultation.objects.overdue().select_related(*RELATED)


def phone_digits(raw: str | None) -> str:
    """The digits of a typed phone number (or part of one), for the queue's search."""
    digits = "".join(ch for ch in (raw or "")[:40] if ch.isascii() and ch.isdigit())
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def hotline_queue(*, user, tab: str, phone: str = "") -> QuerySet[Consultation]:
    """The operators' queue: new requests anyone may take, the operator's own, those they
    referred (still theirs until accepted), every overdue open request, and all of them (newest
    first: a caller's earlier questions, found by their phone number)."""
    rows: QuerySet[Consultation] = _listed()
    if tab == "mine":
        rows = rows.filter(owner_user=user, status=Consultation.Status.TAKEN)
    elif tab == "referred":
        rows = rows.filter(status=Consultation.Status.REFERRED, owner_user__isnull=False)
        if not user.is_bureau_admin:
            rows = rows.filter(owner_user=user)
    elif tab == "overdue":
        rows = _listed().overdue()
    elif tab == "all":
        rows = rows.order_by("-received_at", "-id")
    else:
        rows = rows.filter(status=Consultation.Status.NEW)
    digits = phone_digits(phone)
    if digits:
        rows = rows.filter(phone__contains=digits)
    return rows if tab == "all" else rows.order_by("deadline", "id")


def reference_typed(text: str) -> str | None:
    """The consultation reference an operator typed into the queue's search box
    (`zx 20261204 7k3f`), or None when it is not one (a phone number, part of one)."""
    typed = normalise_reference(text)
    return typed if REFERENCE_RE.fullmatch(typed) else None


def _receiver_scope(user) -> Q:
    """Requests referred to, or owned by, the user's office (or its notaries) or legal-aid
    centre."""
    if user.is_bureau_admin:
        return (
            Q(referred_office__isnull=False)
            | Q(referred_notary__isnull=False)
            | Q(referred_centre__isnull=False)
            | Q(owner_office__isnull=False)
            | Q(owner_notary__isnull=False)
            | Q(owner_centre__isnull=False)
        )
    if user.is_office_staff:
        office = user.office_id
        return (
            Q(referred_office_id=office)
            | Q(referred_notary__office_id=office)
            | Q(owner_office_id=office)
            | Q(owner_notary__office_id=office)
        )
    if user.is_legal_aid_staff:
        centre = user.legal_aid_centre_id
        return Q(referred_centre_id=centre) | Q(owner_centre_id=centre)
    return Q(pk__in=[])


def receiver_desk(*, user, tab: str) -> QuerySet[Consultation]:
    """The receivers' desk: referrals waiting for them, and the requests they own."""
    rows = _listed().filter(_receiver_scope(user))
    if tab == "mine":
        rows = rows.filter(status=Consultation.Status.TAKEN)
    elif tab == "answered":
        rows = rows.filter(status=Consultation.Status.ANSWERED).order_by("-answered_at", "-id")
        return rows
    else:
        rows = rows.filter(status=Consultation.Status.REFERRED)
    return rows.order_by("deadline", "id")


def _with_history(rows: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return rows.prefetch_related(
        Prefetch("events", queryset=ConsultationEvent.objects.select_related("by"))
    )


def consultation_for_desk(*, user, reference: str) -> Consultation:
    """One request for the hotline desk (operators see every request: any of them may answer a
    caller asking about one) or for a receiver (only within their scope)."""
    rows = _with_history(_listed()).select_related("resident", "answered_by")
    if not is_hotline_desk_user(user):
        rows = rows.filter(_receiver_scope(user))
    found = rows.filter(reference=reference).first()
    if found is None:
        raise Http404("No such consultation")
    return found


def consultation_for_receiver(*, user, reference: str) -> Consultation:
    rows = _with_history(_listed()).select_related("resident", "answered_by")
    found = rows.filter(_receiver_scope(user), reference=reference).first()
    if found is None:
        raise Http404("No such consultation")
    return found


def consultations_of(*, resident) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(resident=resident)
        .select_related("topic")
        .order_by("-received_at", "-id")
    )


def consultation_for_resident(*, user, reference: str) -> Consultation:
    """The signed-in resident's own request; anyone else's is a 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    found = _listed().filter(resident=user, reference=reference).first()
    if found is None:
        raise Http404("No such consultation")
    return found


def consultation_by_reference(*, reference: str) -> Consultation | None:
    return _listed().filter(reference=reference).first()


def consultation_by_reference_and_phone(*, reference: str, phone: str) -> Consultation | None:
    """The anonymous status page: the reference and the phone number it was asked with."""
    return _listed().filter(reference=reference, phone=phone).first()
