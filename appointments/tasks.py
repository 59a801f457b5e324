"""Background jobs: thin wrappers that take ids, re-read the rows and call one function.

Workers acknowledge a task only after it ran (CELERY_TASK_ACKS_LATE), so a worker killed mid-task
loses nothing: the broker delivers the task again. The task's id then serves as the idempotency
key, so a re-delivered message is not sent twice."""

from __future__ import annotations

from celery import shared_task

from . import notifications


@shared_task(
    bind=True, autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=8
)
def send_appointment_message(self, *, appointment_id: int, kind: str) -> bool:
    return notifications.appointment_message_send(
        appointment_id=appointment_id, kind=kind, idempotency_key=f"task:{self.request.id}"
    )


@shared_task
def send_due_reminders() -> int:
    return notifications.reminders_send_due()


@shared_task
def anonymise_personal_data() -> int:
    from .retention import personal_data_anonymise, retention_cutoff

    return personal_data_anonymise(before=retention_cutoff()).appointments
