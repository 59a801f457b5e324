"""Reads of legal aid."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from accounts.permissions import legal_aid_applications_for_staff

from .models import (
    OPEN_STATUSES,
    Application,
    CaseDocument,
    CaseKind,
    HardshipStandard,
    LegalAidCentre,
)


def legal_aid_centres_listed() -> QuerySet[LegalAidCentre]:
    """Every listed centre, by district, with its district."""
    return LegalAidCentre.objects.listed().select_related("district")


def case_kinds_published() -> QuerySet[CaseKind]:
    return CaseKind.objects.published()


def case_kind_get(*, slug: str) -> CaseKind:
    """A published kind of case with its documents in order; an unpublished one is a 404."""
    found = (
        CaseKind.objects.published()
        .filter(slug=slug)
        .prefetch_related(Prefetch("documents", queryset=CaseDocument.objects.order_by("position")))
        .first()
    )
    if found is None:
        raise Http404("No such kind of case")
    return found


def hardship_standard_current() -> HardshipStandard | None:
    """The standard in force: the newest one (None until the bureau has set one)."""
    return HardshipStandard.objects.order_by("-in_force_from", "-id").first()


def applications_of(*, applicant) -> QuerySet[Application]:
    return Application.objects.filter(applicant=applicant).select_related("centre", "case_kind")


def centre_queue(*, user, status: str = "") -> QuerySet[Application]:
    """The applications of the user's centres, oldest open first; one query whatever their
    number (centre and kind joined)."""
    rows = legal_aid_applications_for_staff(user=user)
    if status in Application.Status.values:
        rows = rows.filter(status=status)
    else:
        rows = rows.filter(status__in=OPEN_STATUSES)
    return rows.order_by("created_at", "id")


def grants_valid_on(*, applicant_id: int, on: dt.date) -> list[Application]:
    """The applicant's grants valid on `on` (the rule appointments.fees applies), newest first."""
    first_valid = on - dt.timedelta(days=settings.LEGAL_AID_GRANT_VALID_DAYS)
    return list(
        Application.objects.filter(
            applicant_id=applicant_id,
            status=Application.Status.GRANTED,
            decided_at__date__lte=on,
            decided_at__date__gt=first_valid,
        )
        .select_related("centre", "case_kind")
        .order_by("-decided_at")
    )
