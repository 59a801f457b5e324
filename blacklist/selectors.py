"""Reads of the blacklist. Each returns what its page needs in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.crypto import hash_id_number
from accounts.identity import normalise_id_number
from accounts.models import User
from accounts.selectors import id_number_hash_history, id_number_hashes_held

from .models import BlacklistEntry, BookingAttempt

STATUS_FILTERS = ("in_force", "lifted", "all")
QUERY_MAX_LENGTH = 60


def _can_manage(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_bureau_admin)


def blacklist_entry_list(*, status: str = "in_force", query: str = "") -> QuerySet[BlacklistEntry]:
    """Entries for the bureau's list, newest first, each with its count of refused attempts.

    `query` is an identity number (matched by its hash, so the clear number is never compared) or
    part of a name."""
    entries = BlacklistEntry.objects.select_related(
        "office", "office__district", "created_by", "lifted_by"
    ).annotate(attempt_count=Count("attempts"))
    if status == "in_force":
        entries = entries.in_force(on=timezone.localdate())
    elif status == "lifted":
        entries = entries.lifted()
    query = " ".join((query or "").split())[:QUERY_MAX_LENGTH]
    if query:
        try:
            number = normalise_id_number(query)
        except ValidationError:
            entries = entries.filter(name__icontains=query)
        else:
            entries = entries.filter(id_number_hash=hash_id_number(number))
    return entries.order_by("-created_at", "-id")


def get_blacklist_entry_for_user(*, user, pk: int) -> BlacklistEntry:
    """An entry for a bureau admin; for anyone else, or an unknown id, a 404."""
    if not _can_manage(user):
        raise Http404
    try:
        return BlacklistEntry.objects.select_related(
            "office", "office__district", "created_by", "lifted_by"
        ).get(pk=pk)
    except BlacklistEntry.DoesNotExist:
        raise Http404("No such entry") from None


def attempts_for_entry(*, entry: BlacklistEntry, limit: int = 50) -> list[BookingAttempt]:
    return list(
        entry.attempts.select_related("resident", "actor", "office", "matter").order_by(
            "-at", "-id"
        )[:limit]
    )


def entry_history(*, entry: BlacklistEntry) -> list:
    return list(entry.history.select_related("history_user").order_by("history_date", "pk"))


def person_hashes(*, resident, applicant_id_hash: str | None = None) -> set[str]:
    """The identity-number hashes that name the person now: the account's current one, and the
    applicant's. The numbers the account held before are matched through its history (below)."""
    return {h for h in (getattr(resident, "id_number_hash", None), applicant_id_hash) if h}


def _numbers_of(*, resident, applicant_id_hash: str | None) -> Q | None:
    """The condition on an entry's hash for this person, or None if nothing can match."""
    hashes = person_hashes(resident=resident, applicant_id_hash=applicant_id_hash)
    # An account without a number never had one (a number is never removed), so it has no
    # history to look at either.
    if not getattr(resident, "id_number_hash", None):
        return Q(id_number_hash__in=hashes) if hashes else None
    # Every number the account ever held: a resident listed under one number who changed it
    # (online before booking, or at a counter) is still the same person.
    return Q(id_number_hash__in=hashes) | Q(
        id_number_hash__in=id_number_hash_history(user_id=resident.pk)
    )


def blacklist_flag_for(
    *, resident: User, on: dt.date | None = None, applicant_id_hash: str | None = None
) -> BlacklistEntry | None:
    """The entry in force on `on` (the appointment's day; default today) for the account holder,
    under any number the account has ever held, or for the applicant (`applicant_id_hash`, when
    the appointment is for someone else), or None: for the flag office staff see beside an
    appointment. Unlike `blacklist_check` it logs nothing. One query."""
    numbers = _numbers_of(resident=resident, applicant_id_hash=applicant_id_hash)
    if numbers is None:
        return None
    return (
        BlacklistEntry.objects.in_force(on=on or timezone.localdate())
        .filter(numbers)
        .select_related("office")
        .order_by("starts_on", "pk")
        .first()
    )


def blacklist_flags_for(*, residents: Iterable[User], on: dt.date) -> dict[int, BlacklistEntry]:
    """For many residents at once (an office's agenda, the day sheet): user id -> the entry in
    force on `on` under any number the account has ever held; residents not listed are absent.
    Two queries whatever the number of residents."""
    by_hash: dict[str, set[int]] = defaultdict(set)
    with_number: set[int] = set()
    for resident in residents:
        if resident.pk is None:
            continue
        for number_hash in person_hashes(resident=resident):
            by_hash[number_hash].add(resident.pk)
            with_number.add(resident.pk)
    if not with_number:
        return {}
    for user_id, hashes in id_number_hashes_held(user_ids=with_number).items():
        for number_hash in hashes:
            by_hash[number_hash].add(user_id)
    flags: dict[int, BlacklistEntry] = {}
    for entry in (
        BlacklistEntry.objects.in_force(on=on)
        .filter(id_number_hash__in=sorted(by_hash))
        .select_related("office")
        .order_by("starts_on", "pk")
    ):
        for user_id in by_hash[entry.id_number_hash]:
            flags.setdefault(user_id, entry)
    return flags


def blacklist_flags_for_numbers(
    *, id_number_hashes: Iterable[str], on: dt.date
) -> dict[str, BlacklistEntry]:
    """For the people booked by someone else (an agenda's applicants): number hash -> the entry
    in force on `on`. One query whatever the number of people."""
    hashes = sorted({h for h in id_number_hashes if h})
    flags: dict[str, BlacklistEntry] = {}
    if not hashes:
        return flags
    for entry in (
        BlacklistEntry.objects.in_force(on=on)
        .filter(id_number_hash__in=hashes)
        .select_related("office")
        .order_by("starts_on", "pk")
    ):
        flags.setdefault(entry.id_number_hash, entry)
    return flags
