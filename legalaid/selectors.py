"""Reads of legal aid."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from .models import CaseDocument, CaseKind, HardshipStandard, LegalAidCentre


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
