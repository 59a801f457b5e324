"""Public-welfare event reads, scoped to who is asking. Outside a user's scope is a 404."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.permissions import offices_for_staff

from .models import Event, EventSignup


def _with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return (
        events.select_related("office")
        .annotate(signup_count=Count("signups"))
        .annotate(places_left=F("capacity") - F("signup_count"))
    )


def upcoming_events(*, now: dt.datetime | None = None) -> QuerySet[Event]:
    """Events of listed offices that have not ended, soonest first."""
    return _with_counts(
        Event.objects.upcoming(now=now).filter(office__is_active=True).order_by("starts_at", "id")
    )


def get_public_event(*, event_id: int) -> Event:
    event = _with_counts(Event.objects.filter(office__is_active=True, pk=event_id)).first()
    if event is None:
        raise Http404("No such event")
    return event


def signup_for(*, event: Event, user) -> EventSignup | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return EventSignup.objects.filter(event=event, resident=user).first()


def events_for_manager(*, user) -> QuerySet[Event]:
    """Office staff: their office's events; bureau admins: every office's. Latest first."""
    return _with_counts(
        Event.objects.filter(office__in=offices_for_staff(user)).order_by("-starts_at", "-id")
    )


def get_event_for_manager(*, user, event_id: int) -> Event:
    event = events_for_manager(user=user).filter(pk=event_id).first()
    if event is None:
        raise Http404("No such event")
    return event


def signups_for_event(*, event: Event) -> QuerySet[EventSignup]:
    return (
        EventSignup.objects.filter(event=event)
        .select_related("resident")
        .order_by("created_at", "id")
    )


def upcoming_for_resident(*, user, now: dt.datetime | None = None) -> set[int]:
    """Ids of the upcoming events the user has signed up for (to mark them in the list)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        EventSignup.objects.filter(
            resident=user, event__ends_at__gt=now or timezone.now()
        ).values_list("event_id", flat=True)
    )
