"""Background jobs: thin wrappers that take ids, re-read the rows and call one function."""

from __future__ import annotations

from celery import shared_task

from . import notifications


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def send_answer_email(*, consultation_id: int) -> None:
    notifications.answer_email_send(consultation_id=consultation_id)
