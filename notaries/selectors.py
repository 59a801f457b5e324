"""Reads of the public catalogue. Each returns a queryset that already carries what its page needs,
so a page costs the same handful of queries however many matters, notaries or materials exist."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from . import catalogue_cache
from .models import District, Exemption, MaterialItem, Matter, MatterCategory, Notary, Office

MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class MatterFilter:
    """What a resident asked the guide for; built from untrusted query parameters."""

    query: str = ""
    category: str = ""
    run_at_most_once: bool = False

    @classmethod
    def from_params(cls, params) -> MatterFilter:
        query = " ".join(str(params.get("q", "")).split())[:MAX_QUERY_LENGTH]
        category = str(params.get("category", "")).strip()[:40]
        once = str(params.get("once", "")).strip().lower() in {"1", "true", "on", "yes"}
        return cls(query=query, category=category, run_at_most_once=once)

    @property
    def is_empty(self) -> bool:
        return not (self.query or self.category or self.run_at_most_once)


def category_list() -> QuerySet[MatterCategory]:
    return MatterCategory.objects.all()


def matter_list(*, filters: MatterFilter | None = None) -> QuerySet[Matter]:
    filters = filters or MatterFilter()
    matters = Matter.objects.published().select_related("category")
    if filters.category:
        matters = matters.filter(category__slug=filters.category)
    if filters.run_at_most_once:
        matters = matters.filter(run_at_most_once=True)
    for word in filters.query.split():
        # Every word must match somewhere, in either language, so "will 遗嘱" and "power attorney"
        # both find what a resident means.
        matters = matters.filter(
            Q(name_zh__icontains=word)
            | Q(name_en__icontains=word)
            | Q(code__icontains=word)
            | Q(description_zh__icontains=word)
            | Q(description_en__icontains=word)
        )
    if filters.query:
        matters = matters.annotate(relevance=_relevance(filters.query)).order_by(
            "relevance", *(Matter._meta.ordering or ())
        )
    return matters


def _relevance(query: str) -> Case:
    """0 for a title (or code) that is the query, 1 for one that starts with it, 2 for one that
    contains it, 3 for a match in the description only: searching 遗嘱 lists 遗嘱公证 first."""
    titles = ("name_zh", "name_en")
    exact = Q(code__iexact=query)
    starts = Q()
    contains = Q()
    for field in titles:
        exact |= Q(**{f"{field}__iexact": query})
        starts |= Q(**{f"{field}__istartswith": query})
        contains |= Q(**{f"{field}__icontains": query})
    return Case(
        When(exact, then=Value(0)),
        When(starts, then=Value(1)),
        When(contains, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def matter_list_for_api() -> QuerySet[Matter]:
    return (
        Matter.objects.published()
        .select_related("category")
        # One Prefetch a call: the type checker cannot join two of different models.
        .prefetch_related(Prefetch("materials", queryset=MaterialItem.objects.order_by("position")))
        .prefetch_related(Prefetch("exemptions", queryset=Exemption.objects.all()))
    )


def materials_changed_at(*, matter: Matter) -> dt.datetime | None:
    """When the matter's materials list last changed (an item added, edited or removed), from
    the catalogue's history; None if it has no recorded change."""
    history = MaterialItem.history.model
    return history.objects.filter(matter_id=matter.pk).aggregate(at=Max("history_date"))["at"]


def published_matter_shown(*, code: str) -> Matter | None:
    """The published matter `code` (with its category) as pages that only show it read it: from
    the catalogue's cache (notaries/catalogue_cache.py); None if there is none. Pricing and
    booking read the database instead."""
    return catalogue_cache.cached(
        "published-matter",
        (code,),
        lambda: Matter.objects.published().select_related("category").filter(code=code).first(),
    )


def matter_get(*, code: str) -> Matter:
    """The matter guide page: the matter, its checklist, exemptions and the offices handling it."""
    matters = matter_list_for_api().prefetch_related(
        "fee_bands",
        Prefetch(
            "offices",
            queryset=Office.objects.listed().select_related("district"),
            to_attr="listed_offices",
        ),
    )
    try:
        return matters.get(code=code)
    except Matter.DoesNotExist:
        raise Http404("No such matter") from None


def _on_leave(today: dt.date) -> QuerySet[Notary]:
    """Notaries with leave recorded over `today`. Through the reverse relation (`leaves`, the
    appointments app's Leave): the catalogue sits below appointments and must not import it."""
    return Notary.objects.filter(leaves__starts_on__lte=today, leaves__ends_on__gte=today)


def office_list(*, today: dt.date | None = None) -> QuerySet[Office]:
    """The directory, ordered by district; each office carries its count of listed notaries and
    of those on duty `today` (default today): on-duty status, and no leave recorded that day."""
    today = today or timezone.localdate()
    on_duty = (
        Notary.objects.filter(office=OuterRef("pk"), status=Notary.Status.ON_DUTY)
        .exclude(pk__in=_on_leave(today).values("pk"))
        .order_by()
        .values("office")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Office.objects.listed()
        .select_related("district")
        .annotate(
            notary_count=Count("notaries", distinct=True),
            # A subquery rather than a filtered Count over the join: a notary with several
            # leaves would otherwise need a negated multi-valued condition inside the aggregate.
            on_duty_count=Coalesce(Subquery(on_duty, output_field=IntegerField()), 0),
        )
        .order_by("district__position", "district__slug", "slug")
    )


def office_get(*, slug: str, today: dt.date | None = None) -> Office:
    """The office page: its notaries with their status (and whether they are on leave `today`)
    and the fee table of its matters."""
    today = today or timezone.localdate()
    notaries = Notary.objects.annotate(
        on_leave_today=ExpressionWrapper(
            Q(pk__in=_on_leave(today).values("pk")), output_field=BooleanField()
        )
    ).order_by("name_en", "id")
    offices = (
        office_list(today=today)
        .prefetch_related(Prefetch("notaries", queryset=notaries))
        .prefetch_related(
            Prefetch(
                "matters",
                queryset=Matter.objects.published().select_related("category"),
                to_attr="published_matters",
            )
        )
    )
    try:
        return offices.get(slug=slug)
    except Office.DoesNotExist:
        raise Http404("No such office") from None


def district_list() -> QuerySet[District]:
    return District.objects.all()


def exemption_list() -> QuerySet[Exemption]:
    """The exemptions in force, as every office and the home page disclose them."""
    return Exemption.objects.filter(is_active=True)
