"""Text messages through a pluggable backend, like Django's e-mail backends.

Production plugs in the operator's gateway by naming a class in SMS_BACKEND (and refuses to start
with the console one); the portal ships a console backend (development) and a local-memory one
(tests: `portal.sms.outbox`). Whatever a backend logs or prints shows the number masked.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from accounts.identity import mask_phone
from portal.logging import mask_personal_data

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TextMessage:
    to: str
    body: str

    def for_log(self) -> str:
        """The message as any backend may log or print it: the number masked, and any number
        in the text as well. Nothing else of a message may reach a log."""
        return f"[SMS to {mask_phone(self.to)}] {mask_personal_data(self.body)}"


outbox: list[TextMessage] = []


class BaseBackend:
    """A gateway backend logs a message only as `message.for_log()`."""

    def send(self, message: TextMessage) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def send(self, message: TextMessage) -> None:
        # stdout bypasses the logging filter that masks numbers: mask here.
        sys.stdout.write(message.for_log() + "\n")
        sys.stdout.flush()


class LocmemBackend(BaseBackend):
    def send(self, message: TextMessage) -> None:
        outbox.append(message)


def send_sms(*, to: str, body: str) -> None:
    backend = import_string(settings.SMS_BACKEND)()
    backend.send(TextMessage(to=to, body=body))
