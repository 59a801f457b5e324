"""Reads of accounts: whether a resident may still change their identity number, and the history
of the numbers an account has held."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet

from .models import IdentityNumberRecord, User


def id_number_locked(*, user: User) -> bool:
    """Whether the resident can no longer change their identity number online: they hold one
    and have booked with it (any appointment, whatever its status). One query, none without a
    number."""
    if not user.pk or not user.id_number_hash:
        return False
    # Through the reverse relation, not an import: appointments sits above accounts.
    return user.appointments.exists()


def identity_number_history(*, user: User) -> QuerySet[IdentityNumberRecord]:
    """Every number the account has held, oldest first, with who set it."""
    return IdentityNumberRecord.objects.filter(user=user).select_related("set_by")


def id_number_hash_history(*, user_id: int) -> QuerySet:
    """The hashes of every number the account has held, as a subquery (no query of its own)."""
    return IdentityNumberRecord.objects.held_by([user_id]).values("id_number_hash")


def id_number_hashes_held(*, user_ids: Iterable[int]) -> dict[int, set[str]]:
    """User id -> the hashes of every number that account has held. One query."""
    held: dict[int, set[str]] = defaultdict(set)
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    for user_id, number_hash in IdentityNumberRecord.objects.held_by(ids).values_list(
        "user_id", "id_number_hash"
    ):
        held[user_id].add(number_hash)
    return dict(held)
