"""Settings of the Celery workers that tests/ops starts as subprocesses.

The test settings (the same secret key, hence the same derived identity-number keys, and the same
test database through DATABASE_URL), with a real Redis broker instead of running tasks inline,
e-mail written to files so the test can count what was delivered across processes, and the hooks
of tests/ops/worker_hooks.py that stop a worker at a chosen moment so the test can kill it there.
"""

import os

from portal.settings.test import *  # noqa: F403

CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_IMPORTS = ["tests.ops.worker_hooks"]

EMAIL_BACKEND = "tests.ops.worker_hooks.HangingFileBackend"
EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]

# Where this worker stops and waits to be killed: "" (never), "before_send" (inside the task, as
# the e-mail is about to go out) or "after_task" (the task has returned and committed, but the
# broker has not been told yet: acks_late acknowledges only after this).
OPS_HANG = os.environ.get("OPS_HANG", "")
OPS_WORKER_NAME = os.environ.get("OPS_WORKER_NAME", "worker")
OPS_STATE_DIR = os.environ["OPS_STATE_DIR"]
