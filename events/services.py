"""Public-welfare event writes: offices publish events, residents take the places.

The last place of an event is the scarce resource: two residents pressing "Sign up" for it at the
same moment must not both get it. Each sign-up locks the event row first, then counts, then
inserts, so sign-ups of one event run one after another and the count is always current.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.permissions import offices_for_staff
from notaries.models import Office

from . import errors
from .models import Event, EventSignup

logger = logging.getLogger(__name__)

MAX_CAPACITY = 10000


def _check(*, starts_at: dt.datetime, ends_at: dt.datetime, capacity: int) -> None:
    if ends_at <= starts_at:
        raise errors.EventTimesInvalid
    if not 1 <= capacity <= MAX_CAPACITY:
        raise errors.CapacityOutOfRange


def event_create(
    *,
    office: Office,
    by: User,
    title_zh: str,
    title_en: str = "",
    description: str,
    place: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
) -> Event:
    """Publish an event of `office`. Raises OfficeNotAllowed, EventTimesInvalid or
    CapacityOutOfRange."""
    if not offices_for_staff(by).filter(pk=office.pk).exists():
        raise errors.OfficeNotAllowed
    _check(starts_at=starts_at, ends_at=ends_at, capacity=capacity)
    event = Event(
        office=office,
        title_zh=title_zh.strip(),
        title_en=title_en.strip(),
        description=description.strip(),
        place=place.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        created_by=by,
    )
    event._history_user = by  # type: ignore[attr-defined]
    with transaction.atomic():
        event.save()
    logger.info("event created id=%s office=%s", event.pk, office.slug)
    return event


def event_update(
    *,
    event: Event,
    by: User,
    title_zh: str,
    title_en: str = "",
    description: str,
    place: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
) -> Event:
    """Change an event (not its office). Places cannot drop below the sign-ups already taken.

    Raises EventTimesInvalid, CapacityOutOfRange or CapacityBelowSignups."""
    _check(starts_at=starts_at, ends_at=ends_at, capacity=capacity)
    with transaction.atomic():
        # The same lock as sign-ups: nobody takes a place between the count and the new capacity.
        current = Event.objects.select_for_update().get(pk=event.pk)
        taken = EventSignup.objects.filter(event=current).count()
        if capacity < taken:
            raise errors.CapacityBelowSignups(taken)
        current.title_zh = title_zh.strip()
        current.title_en = title_en.strip()
        current.description = description.strip()
        current.place = place.strip()
        current.starts_at = starts_at
        current.ends_at = ends_at
        current.capacity = capacity
        current._history_user = by  # type: ignore[attr-defined]
        current.save()
    logger.info("event updated id=%s", current.pk)
    return current


def event_signup_create(
    *, event: Event, resident: User, now: dt.datetime | None = None
) -> EventSignup:
    """Take one place at `event` for `resident`.

    Raises NotAResident, SignupClosed, AlreadySignedUp or EventFull; nothing is written then."""
    now = now or timezone.now()
    if resident.role != User.Role.RESIDENT or not resident.is_active:
        raise errors.NotAResident
    try:
        with transaction.atomic():
            # Locked before counting: without it two sign-ups for the last place both count
            # "one left" and both insert. The lock makes the second wait and count again.
            current = Event.objects.select_for_update().get(pk=event.pk)
            if current.starts_at <= now:
                raise errors.SignupClosed
            if EventSignup.objects.filter(event=current, resident=resident).exists():
                raise errors.AlreadySignedUp
            if EventSignup.objects.filter(event=current).count() >= current.capacity:
                raise errors.EventFull
            signup = EventSignup.objects.create(event=current, resident=resident, created_at=now)
    except IntegrityError as error:
        # The same resident in two tabs: the unique constraint keeps one.
        if EventSignup.objects.filter(event_id=event.pk, resident=resident).exists():
            raise errors.AlreadySignedUp from error
        raise
    logger.info("event signup event=%s signup=%s", event.pk, signup.pk)
    return signup
