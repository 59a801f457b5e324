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

from accounts.permissions import get_appointment_for_user, offices_for_staff
from appointments.models import Appointment
from appointments.references import normalise_reference
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
    opinions = Opinion.objects.select_related("office", "appointment").annotate(
        answer_count=Count("answers")
    )
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
        .select_related("office", "appointment")
        .prefetch_related("answers")
        .order_by("-created_at", "-id")
    )


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


@dataclass(frozen=True)
class NotaryDraw:
    notary_id: int
    candidates: list[int]
    chosen: list[int]


def iter_draw(*, year: int, seed: int, per_notary: int = PER_NOTARY) -> Iterator[NotaryDraw]:
    """The draw, notary by notary: all of a notary's completed matters when they have at most
    `per_notary`, otherwise `per_notary` of them chosen at random.

    Reproducible: notaries and their candidates are taken in id order and one generator seeded
    with `seed` samples them in that order, so the same seed over the same data chooses the same
    appointments. A notary at a time keeps memory small for a million appointments a year.
    """
    # Not for secrets: a seeded, reproducible generator is the point, so an auditor can redo it.
    rng = random.Random(seed)  # noqa: S311
    candidates = completed_in_year(year=year)
    notary_ids = list(
        candidates.order_by("notary_id").values_list("notary_id", flat=True).distinct()
    )
    for notary_id in notary_ids:
        ids = list(
            candidates.filter(notary_id=notary_id).order_by("id").values_list("id", flat=True)
        )
        chosen = ids if len(ids) <= per_notary else sorted(rng.sample(ids, per_notary))
        yield NotaryDraw(notary_id=notary_id, candidates=ids, chosen=chosen)


def notary_count_in_year(*, year: int) -> int:
    return completed_in_year(year=year).values("notary_id").distinct().count()


def draw_selection(*, year: int, seed: int, per_notary: int = PER_NOTARY) -> list[int]:
    """The appointment ids a draw with `seed` chooses over today's data (for audits and tests)."""
    return [
        pk for part in iter_draw(year=year, seed=seed, per_notary=per_notary) for pk in part.chosen
    ]


class CandidateDigest:
    """SHA-256 over the ordered candidate list, fed notary by notary."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def add(self, part: NotaryDraw) -> None:
        self._hash.update("".join(f"{part.notary_id}:{pk}\n" for pk in part.candidates).encode())

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


def worklist(
    *, draw: ReturnVisitDraw, status: str = "", office: Office | None = None
) -> QuerySet[ReturnVisit]:
    visits = draw.visits.select_related(
        "appointment__office", "appointment__notary", "appointment__matter", "caller"
    ).order_by("appointment__office__slug", "appointment__notary_id", "appointment__starts_at")
    if status:
        visits = visits.filter(status=status)
    if office is not None:
        visits = visits.filter(appointment__office=office)
    return visits


def get_return_visit_for_user(*, user, year: int, visit_id: int) -> ReturnVisit:
    if not getattr(user, "is_bureau_admin", False):
        raise Http404
    visit = (
        ReturnVisit.objects.select_related(
            "draw",
            "caller",
            "appointment__office",
            "appointment__notary",
            "appointment__matter",
            "appointment__rating",
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
