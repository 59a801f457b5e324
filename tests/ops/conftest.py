"""A real Celery worker on a real Redis broker, as subprocesses the test starts and kills.

The workers use the test database (the test's own connection settings, passed as DATABASE_URL)
and tests/ops/worker_settings.py; the test publishes onto a queue no other run uses, on a Redis
database of its own, and counts the e-mail the workers wrote to files.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

REDIS_URL = "redis://127.0.0.1:6379/14"
# Seconds before an unacknowledged task goes back to the queue. Production keeps the default
# hour (CELERY_BROKER_VISIBILITY_TIMEOUT); the test worker's tasks take well under a second.
VISIBILITY_TIMEOUT = 3
# No wait in these tests is unbounded: a worker that does not start, or a task that is not
# re-delivered, fails the test after this long with the workers' logs.
DEADLINE = 30


def _redis():
    import redis

    return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=5)


def _redis_answers() -> bool:
    try:
        return bool(_redis().ping())
    except Exception:
        return False


def require(what: str, missing: list[str]) -> None:
    """Skip when something the drill needs is missing, except in CI, which always has it all."""
    if missing:
        reason = f"{what} needs {' and '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run it")
        pytest.skip(f"{reason}; CI runs it")


@pytest.fixture
def needs_postgresql_and_redis():
    missing = [] if connection.vendor == "postgresql" else ["PostgreSQL (DATABASE_URL)"]
    if not _redis_answers():
        missing.append("Redis on 127.0.0.1:6379")
    require("a real worker", missing)
    if os.environ.get("PORTAL_TEST_TODAY"):
        pytest.skip("the worker subprocesses run on the real clock, not PORTAL_TEST_TODAY")


def database_url(name: str | None = None) -> str:
    """The test database's URL (or another database's on the same server), for subprocesses."""
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{auth}{host}/{quote(name or db['NAME'], safe='')}"


class Rig:
    """One queue, the workers on it, and what they left behind (e-mail files, run records)."""

    def __init__(self, root: Path):
        self.queue = f"ops-{uuid.uuid4().hex[:12]}"
        self.mail_dir = root / "mail"
        self.state_dir = root / "state"
        self.log_dir = root / "logs"
        for directory in (self.mail_dir, self.state_dir, self.log_dir):
            directory.mkdir()
        self.workers: dict[str, subprocess.Popen] = {}
        self.producer = Celery("ops-producer", broker=REDIS_URL, set_as_current=False)
        self.producer.conf.task_serializer = "json"

    # --- the broker ---------------------------------------------------------------------------

    def publish(self, task: str, kwargs: dict | None = None, *, task_id: str) -> str:
        self.producer.send_task(task, kwargs=kwargs or {}, queue=self.queue, task_id=task_id)
        return task_id

    def enqueuer(self, task: str, *, task_id: str):
        """A stand-in for the task object whose .delay() the services call after commit: it
        publishes onto this rig's queue, as production's .delay() publishes onto Redis."""
        rig = self

        class _Task:
            name = task

            @staticmethod
            def delay(**kwargs):
                rig.publish(task, kwargs, task_id=task_id)

        return _Task

    def unacked(self) -> dict[str, float]:
        """Task id -> when a worker took it, for every task taken and not acknowledged."""
        client = _redis()
        taken = {}
        for tag, payload in client.hgetall("unacked").items():
            message, _exchange, routing_key = json.loads(payload)
            if routing_key == self.queue:
                taken[message["headers"]["id"]] = client.zscore("unacked_index", tag) or 0.0
        return taken

    def wait_until_redeliverable(self, task_id: str) -> None:
        """Sleep until the broker would hand the task to the next worker that looks."""
        taken_at = self.unacked()[task_id]
        time.sleep(max(0.0, taken_at + VISIBILITY_TIMEOUT + 0.5 - time.time()))

    # --- workers ------------------------------------------------------------------------------

    def start_worker(self, name: str, *, hang: str = "", **extra_env: str) -> subprocess.Popen:
        env = {
            **os.environ,
            "PYTHONPATH": str(settings.BASE_DIR),
            "DJANGO_SETTINGS_MODULE": "tests.ops.worker_settings",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": REDIS_URL,
            "CELERY_BROKER_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "OPS_STATE_DIR": str(self.state_dir),
            "OPS_WORKER_NAME": name,
            "OPS_HANG": hang,
            **extra_env,
        }
        log = open(self.log_dir / f"{name}.log", "wb")  # noqa: SIM115 - the worker keeps it open
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "portal", "worker"),
                *("--pool=solo", "--concurrency=1", "-Q", self.queue, "-n", f"{name}@%h"),
                *("--without-mingle", "--without-gossip", "--without-heartbeat"),
                "--loglevel=INFO",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed as one
        )
        log.close()
        self.workers[name] = process
        return process

    def kill(self, name: str) -> None:
        """SIGKILL: no warm shutdown, no chance to give the task back to the broker."""
        process = self.workers[name]
        with contextlib.suppress(ProcessLookupError):  # it died already
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def kill_all(self) -> None:
        for name, process in self.workers.items():
            if process.poll() is None:
                self.kill(name)

    def wait_for(self, what: str, condition: Callable[[], object]) -> object:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            result = condition()
            if result:
                return result
            for name, process in self.workers.items():
                if process.poll() not in (None, -signal.SIGKILL):
                    pytest.fail(f"worker {name} exited ({process.returncode})\n{self.logs()}")
            time.sleep(0.1)
        pytest.fail(f"gave up after {DEADLINE} s waiting for {what}\n{self.logs()}")

    def wait_until_hanging(self, name: str, moment: str) -> None:
        marker = self.state_dir / f"hanging-{moment}-{name}"
        self.wait_for(f"worker {name} to reach {moment}", marker.exists)

    def runs(self, task_id: str, *, worker: str | None = None) -> list[dict]:
        path = self.state_dir / "runs.jsonl"
        if not path.exists():
            return []
        records = [json.loads(line) for line in path.read_text().splitlines() if line]
        return [
            r
            for r in records
            if r["task_id"] == task_id and (worker is None or r["worker"] == worker)
        ]

    def logs(self) -> str:
        parts = []
        for path in sorted(self.log_dir.glob("*.log")):
            tail = path.read_text(errors="replace").splitlines()[-40:]
            parts.append(f"--- {path.name} ---\n" + "\n".join(tail))
        return "\n".join(parts)

    # --- what was delivered -------------------------------------------------------------------

    def mail_files(self) -> list[Path]:
        return sorted(self.mail_dir.glob("*.log"))

    def delivered(self, *, to: str) -> list[email.message.EmailMessage]:
        """Every e-mail the workers wrote (the file backend separates them with a dashed line)."""
        messages = []
        for path in self.mail_files():
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    message = email.message_from_bytes(chunk, policy=email.policy.default)
                    if message["To"] == to:
                        messages.append(message)
        return messages

    def cleanup(self) -> None:
        self.kill_all()
        client = _redis()
        # The queue, and the exchange Celery declared for it (named after it, as -Q does).
        client.delete(
            self.queue, f"_kombu.binding.{self.queue}", f"_kombu.binding_permanent.{self.queue}"
        )
        for tag, payload in client.hgetall("unacked").items():
            if json.loads(payload)[2] == self.queue:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)


@pytest.fixture
def rig(needs_postgresql_and_redis, transactional_db, tmp_path):
    rig = Rig(tmp_path)
    try:
        yield rig
    finally:
        rig.cleanup()
