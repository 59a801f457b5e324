"""Supervision reads, always scoped to who is asking. Anything outside a user's scope is a 404."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from accounts.permissions import (
    get_appointment_for_user,
    get_legal_aid_application_for_user,
    offices_for_staff,
)
from appointments.models import Appointment
from appointments.references import normalise_reference
from consult.models import Consultation
from legalaid.models import Application as LegalAidApplication
from notaries.models import Office

from .models import Opinion, Rating, ReturnVisit, ReturnVisitDraw

# The draw's year is the calendar year in Beijing time, whatever the server's own time zone: an
# appointment at 08:00 on 1 January in Beijing is still 31 December in UTC.
SHANGHAI = ZoneInfo("Asia/Shanghai")
# The reform's rule: at least this many completed matters of every notary are called back a year.
PER_NOTARY = 10


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """[1 January 00:00, next 1 January 00:00) of `year`, Beijing time."""
    return (
        dt.datetime(year, 1, 1, tzinfo=SHANGHAI),
        dt.datetime(year + 1, 1, 1, tzinfo=SHANGHAI),
    )


# --- ratings --------------------------------------------------------------------------------------


def get_rateable_appointment_for_user(*, user, reference: str) -> Appointment:
    """The resident's own appointment, whatever its status (the page says when it cannot be rated
    yet); anyone else's is a 404."""
    return get_appointment_for_user(user=user, reference=reference)


def rating_for_appointment(*, appointment: Appointment) -> Rating | None:
    return Rating.objects.filter(appointment=appointment).first()


# --- opinions -------------------------------------------------------------------------------------


def opinions_for_staff(*, user) -> QuerySet[Opinion]:
    """Opinions a bureau admin (all) or office staff (their office's) may read and answer.

    One about no particular office goes to the bureau only."""
    if not getattr(user, "is_authenticated", False):
        return Opinion.objects.none()
    opinions = Opinion.objects.select_related(
        "office", "appointment", "consultation__topic", "legal_aid_application__centre"
    ).annotate(answer_count=Count("answers"))
    if user.is_bureau_admin:
        return opinions
    if user.is_office_staff:
        return opinions.filter(office_id=user.office_id)
    return Opinion.objects.none()


def get_opinion_for_user(*, user, opinion_id: int) -> Opinion:
    opinion = (
        opinions_for_staff(user=user).prefetch_related("answers__by").filter(pk=opinion_id).first()
    )
    if opinion is None:
        raise Http404("No such opinion")
    return opinion


def opinions_for_sender(*, user) -> QuerySet[Opinion]:
    """What a signed-in sender sent, with the answers, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Opinion.objects.none()
    return (
        Opinion.objects.filter(sender=user)
        .select_related("office", "appointment", "consultation", "legal_aid_application")
        .prefetch_related("answers")
        .order_by("-created_at", "-id")
    )


def get_consultation_of_resident(*, user, reference: str) -> Consultation:
    """The signed-in resident's own consultation request; anyone else's (or one made without an
    account) is a 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    found = (
        Consultation.objects.filter(resident=user, reference=normalise_reference(reference))
        .select_related("topic", "owner_office")
        .first()
    )
    if found is None:
        raise Http404("No such consultation request")
    return found


def get_legal_aid_application_of_resident(*, user, reference: str) -> LegalAidApplication:
    """The applicant's own legal-aid application; anyone else's is a 404."""
    return get_legal_aid_application_for_user(user=user, reference=reference)


def find_appointment_of_resident(*, user, reference: str) -> Appointment | None:
    if not getattr(user, "is_authenticated", False) or not reference:
        return None
    return (
        Appointment.objects.filter(resident=user, reference=normalise_reference(reference))
        .select_related("office")
        .first()
    )


# --- the draw -------------------------------------------------------------------------------------


def completed_in_year(*, year: int) -> QuerySet[Appointment]:
    start, end = year_bounds(year)
    return Appointment.objects.filter(
        status=Appointment.Status.COMPLETED, starts_at__gte=start, starts_at__lt=end
    )


def consultations_answered_in_year(*, year: int) -> QuerySet[Consultation]:
    start, end = year_bounds(year)
    return Consultation.objects.filter(
        status=Consultation.Status.ANSWERED, answered_at__gte=start, answered_at__lt=end
    )


def legal_aid_decided_in_year(*, year: int) -> QuerySet[LegalAidApplication]:
    start, end = year_bounds(year)
    return LegalAidApplication.objects.filter(
        status__in=DECIDED_STATUSES, decided_at__gte=start, decided_at__lt=end
    )


DECIDED_STATUSES = (LegalAidApplication.Status.GRANTED, LegalAidApplication.Status.REFUSED)

# The digest's line prefix of each kind of subject; appointments keep the bare lines they had
# before consultations and legal aid were drawn too, so older draws' digests still check out.
_DIGEST_PREFIX = {"appointment": "", "consultation": "c", "legal_aid_application": "l"}


@dataclass(frozen=True)
class NotaryDraw:
    """One group's part of the draw: a notary's appointments, the consultation requests one
    person answered or one centre's decided legal-aid applications."""

    notary_id: int | None
    candidates: list[int]
    chosen: list[int]
    kind: str = "appointment"


def _groups(rows: QuerySet, group: str) -> Iterator[tuple[int | None, QuerySet]]:
    """(group id, its rows) in group id order (rows without a group last, as the database
    sorts them)."""
    for group_id in rows.order_by(group).values_list(group, flat=True).distinct():
        # filter(x=None) is IS NULL: the rows without a group.
        yield group_id, rows.filter(**{group: group_id})


def iter_draw(*, year: int, seed: int, per_notary: int = PER_NOTARY) -> Iterator[NotaryDraw]:
    """The draw, group by group: all of a notary's completed matters when they have at most
    `per_notary`, otherwise `per_notary` of them chosen at random; then the same over the year's
    answered consultation requests per person who answered them, and over its decided legal-aid
    applications per centre.

    Reproducible: groups and their candidates are taken in id order and one generator seeded
    with `seed` samples them in that order, so the same seed over the same data chooses the same
    rows. Appointments come first, so the consultations and legal aid added later do not change
    which appointments a seed draws. A group at a time keeps memory small for a million
    appointments a year.
    """
    # Not for secrets: a seeded, reproducible generator is the point, so an auditor can redo it.
    rng = random.Random(seed)  # noqa: S311
    parts: list[tuple[str, Iterator[tuple[int | None, QuerySet]]]] = [
        ("appointment", _groups(completed_in_year(year=year), "notary_id")),
        ("consultation", _groups(consultations_answered_in_year(year=year), "answered_by_id")),
        ("legal_aid_application", _groups(legal_aid_decided_in_year(year=year), "centre_id")),
    ]
    for kind, groups in parts:
        for group_id, rows in groups:
            ids = list(rows.order_by("id").values_list("id", flat=True))
            chosen = ids if len(ids) <= per_notary else sorted(rng.sample(ids, per_notary))
            yield NotaryDraw(notary_id=group_id, candidates=ids, chosen=chosen, kind=kind)


def notary_count_in_year(*, year: int) -> int:
    return completed_in_year(year=year).values("notary_id").distinct().count()


def group_count_in_year(*, year: int) -> int:
    """How many parts iter_draw yields for `year` (for the progress of a long draw)."""
    return (
        notary_count_in_year(year=year)
        + consultations_answered_in_year(year=year).values("answered_by_id").distinct().count()
        + legal_aid_decided_in_year(year=year).values("centre_id").distinct().count()
    )


def draw_selection(*, year: int, seed: int, per_notary: int = PER_NOTARY) -> list[int]:
    """The appointment ids a draw with `seed` chooses over today's data (for audits and tests)."""
    return [
        pk
        for part in iter_draw(year=year, seed=seed, per_notary=per_notary)
        if part.kind == "appointment"
        for pk in part.chosen
    ]


def draw_selection_subjects(
    *, year: int, seed: int, per_notary: int = PER_NOTARY
) -> list[tuple[str, int]]:
    """Every (kind of subject, id) a draw with `seed` chooses over today's data."""
    return [
        (part.kind, pk)
        for part in iter_draw(year=year, seed=seed, per_notary=per_notary)
        for pk in part.chosen
    ]


class CandidateDigest:
    """SHA-256 over the ordered candidate list, fed group by group."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def add(self, part: NotaryDraw) -> None:
        prefix = _DIGEST_PREFIX[part.kind]
        self._hash.update(
            "".join(f"{prefix}{part.notary_id}:{pk}\n" for pk in part.candidates).encode()
        )

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def draws() -> QuerySet[ReturnVisitDraw]:
    return ReturnVisitDraw.objects.select_related("drawn_by").annotate(
        done_count=Count("visits", filter=Q(visits__status=ReturnVisit.Status.DONE)),
        unreachable_count=Count("visits", filter=Q(visits__status=ReturnVisit.Status.UNREACHABLE)),
    )


def get_draw_for_user(*, user, year: int) -> ReturnVisitDraw:
    if not getattr(user, "is_bureau_admin", False):
        raise Http404
    draw = draws().filter(year=year).first()
    if draw is None:
        raise Http404("No draw for this year")
    return draw


# What a worklist or a visit page shows of each kind of subject, in one query.
_VISIT_SUBJECT_RELATED = (
    "appointment__office",
    "appointment__notary",
    "appointment__matter",
    "consultation__topic",
    "consultation__answered_by",
    "legal_aid_application__centre",
    "legal_aid_application__case_kind",
)

WORKLIST_KINDS = ("appointment", "consultation", "legal_aid_application")


def worklist(
    *, draw: ReturnVisitDraw, status: str = "", office: Office | None = None, kind: str = ""
) -> QuerySet[ReturnVisit]:
    """The draw's visits: appointments by office and notary, then consultation requests, then
    legal-aid applications by centre."""
    visits = draw.visits.select_related(*_VISIT_SUBJECT_RELATED, "caller").order_by(
        "appointment__office__slug",
        "appointment__notary_id",
        "appointment__starts_at",
        "consultation__answered_at",
        "legal_aid_application__centre__slug",
        "legal_aid_application__decided_at",
        "id",
    )
    if status:
        visits = visits.filter(status=status)
    if office is not None:
        visits = visits.filter(appointment__office=office)
    if kind in WORKLIST_KINDS:
        visits = visits.filter(**{f"{kind}__isnull": False})
    return visits


def get_return_visit_for_user(*, user, year: int, visit_id: int) -> ReturnVisit:
    if not getattr(user, "is_bureau_admin", False):
        raise Http404
    visit = (
        ReturnVisit.objects.select_related(
            "draw", "caller", *_VISIT_SUBJECT_RELATED, "appointment__rating"
        )
        .filter(draw__year=year, pk=visit_id)
        .first()
    )
    if visit is None:
        raise Http404("No such return visit")
    return visit


# --- statistics scope -----------------------------------------------------------------------------


def get_statistics_office_for_user(*, user, slug: str) -> Office | None:
    """The office whose statistics `user` asked for: None is the whole city (bureau admins only;
    office staff get their own office). An office outside the user's scope is a 404."""
    if not slug:
        if user.is_bureau_admin:
            return None
        if user.is_office_staff:
            return Office.objects.get(pk=user.office_id)
        raise Http404
    office = offices_for_staff(user).filter(slug=slug).first()
    if office is None:
        raise Http404("No such office")
    return office
