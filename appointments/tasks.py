"""Background jobs: thin wrappers that take ids, re-read the rows and call one function."""

from __future__ import annotations

from celery import shared_task

from . import notifications


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def send_appointment_message(*, appointment_id: int, kind: str) -> None:
    notifications.appointment_message_send(appointment_id=appointment_id, kind=kind)


@shared_task
def send_due_reminders() -> int:
    return notifications.reminders_send_due()
