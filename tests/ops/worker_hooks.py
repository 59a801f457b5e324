"""Loaded by the ops tests' workers only (CELERY_IMPORTS in tests/ops/worker_settings.py).

Every task run is recorded in runs.jsonl (which worker, which task id, what it returned), so the
test sees that a re-delivered task really ran again and what it decided. A worker told to hang
writes a marker file at that moment and sleeps until the test kills it.
"""

import json
import os
import time
from pathlib import Path

from celery.signals import task_postrun
from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend

HANG_SECONDS = 120  # far longer than the test waits: the worker is killed, never woken


def _state_dir() -> Path:
    return Path(settings.OPS_STATE_DIR)


def _hang(moment: str) -> None:
    (_state_dir() / f"hanging-{moment}-{settings.OPS_WORKER_NAME}").write_text(str(os.getpid()))
    time.sleep(HANG_SECONDS)


class HangingFileBackend(EmailBackend):
    """Django's file backend (one file per connection), which can stop just before writing."""

    def send_messages(self, email_messages):
        if settings.OPS_HANG == "before_send":
            _hang("before_send")
        return super().send_messages(email_messages)


@task_postrun.connect
def _record_run(*, task_id, task, retval=None, state=None, **kwargs):
    # task_postrun fires inside the task's trace, before a late acknowledgement is sent.
    record = {
        "worker": settings.OPS_WORKER_NAME,
        "task_id": task_id,
        "task": task.name,
        "state": state,
        "retval": retval if isinstance(retval, bool | int | None) else repr(retval),
    }
    with open(_state_dir() / "runs.jsonl", "a", encoding="utf-8") as runs:
        runs.write(json.dumps(record) + "\n")
    if settings.OPS_HANG == "after_task":
        _hang("after_task")
