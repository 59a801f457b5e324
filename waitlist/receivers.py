"""Reactions to other apps' signals."""

from __future__ import annotations


def offer_freed_time(sender, *, office_id: int, matter_id: int, starts_at, **kwargs) -> None:
    """A booked time was freed (after its commit): make the waitlist's offers now rather than at
    the next scheduled run."""
    from .tasks import make_waitlist_offers

    make_waitlist_offers.delay()
