"""Reads of the waitlist: a resident's own entries and offers, and the office queue."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from accounts.permissions import offices_for_staff

from .models import WaitlistEntry, WaitlistOffer, WaitlistSettings


def entries_for_resident(*, resident) -> QuerySet[WaitlistEntry]:
    return (
        WaitlistEntry.objects.filter(resident=resident)
        .select_related("matter", "office", "appointment")
        .prefetch_related(
            Prefetch(
                "offers",
                queryset=WaitlistOffer.objects.filter(status=WaitlistOffer.Status.OPEN)
                .select_related("office")
                .order_by("starts_at"),
                to_attr="open_offers",
            )
        )
        .order_by("-created_at", "-pk")
    )


def entry_for_resident(*, resident, pk: int) -> WaitlistEntry:
    found = WaitlistEntry.objects.filter(resident=resident, pk=pk).first()
    if found is None:
        raise Http404("No such waitlist entry")
    return found


def offer_for_resident(*, resident, token: str) -> WaitlistOffer:
    """The resident's own offer by its link; anyone else's (or none) is a 404."""
    found = (
        WaitlistOffer.objects.filter(entry__resident=resident, token=token[:40])
        .select_related("entry", "matter", "office", "office__district", "appointment")
        .first()
    )
    if found is None:
        raise Http404("No such offer")
    return found


def queue_for_staff(*, user, matter_code: str = "") -> QuerySet[WaitlistEntry]:
    """Active entries for the offices in the user's scope, and the city-wide entries for matters
    those offices handle, in the order offers are made."""
    offices = offices_for_staff(user)
    entries = WaitlistEntry.objects.filter(
        status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED]
    ).filter(Q(office__in=offices) | Q(office__isnull=True, matter__offices__in=offices))
    if matter_code:
        entries = entries.filter(matter__code=matter_code[:40])
    priority = ["-priority"] if WaitlistSettings.current().priority_for_green_channel else []
    return (
        entries.distinct()
        .select_related("matter", "office", "resident")
        .order_by("matter__code", *priority, "created_at", "pk")
    )
