from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def make_waitlist_offers() -> int:
    """Offer freed times to waiting residents (safe to re-run: see services)."""
    return len(services.waitlist_offers_make().offered)


@shared_task(
    bind=True, acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5
)
def send_waitlist_offer(self, *, offer_id: int) -> bool:
    return services.waitlist_offer_notify(offer_id=offer_id)
