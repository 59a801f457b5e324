"""Background jobs: thin wrappers that take ids, re-read the rows and call one service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from . import errors, notifications, selectors, services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def send_opinion_answer(*, answer_id: int) -> bool:
    return notifications.opinion_answer_send(answer_id=answer_id)


@shared_task
def run_annual_draw() -> int | None:
    """Draw last year's return visits (beat runs it on 5 January). Idempotent: a year already
    drawn, by this job or by an admin from the page, is left as it is."""
    year = timezone.localdate(timezone=selectors.SHANGHAI).year - 1
    try:
        draw = services.return_visit_draw_run(year=year)
    except errors.DrawAlreadyExists:
        return None
    return draw.pk
