"""Data-link verifiers, pluggable like the SMS backends (portal/sms.py).

`VERIFIER_BACKEND` names a class; empty turns online verification off (nothing is offered). A
backend implements `verify(query) -> Result` for the kinds in notaries.models.VerificationKind
(identity, household registration, marital status, real-estate title):

- `query` carries the kind, the person's clear identity number and its keyed hash, the real name
  and the appointment's reference (for the registry's own audit trail);
- it returns `Result(confirmed=True, summary=...)` when the registry confirms what the item stands
  for, `Result(confirmed=False, ...)` when it does not (no record, another name);
- it raises (any exception; `VerifierUnavailable` by preference) when the registry cannot be asked,
  and must give up after `self.timeout` seconds (pass it to the HTTP client) by raising
  `TimeoutError`. The portal then tells the resident to bring the document: a verifier that is
  down never shows an error page.

A backend logs no identity number and no summary (they are personal data).

The portal ships `DemoVerifier`, which answers from the local `RegistryRecord` table that the demo
data fills; production refuses to start with it (it is no authority).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from notaries.models import VerificationKind


class VerifierUnavailable(Exception):
    """The registry could not be asked (down, refused, timed out)."""


@dataclass(frozen=True)
class Query:
    kind: str
    id_number: str
    id_number_hash: str
    real_name: str
    reference: str


@dataclass(frozen=True)
class Result:
    confirmed: bool
    summary: str = ""


class BaseVerifier:
    kinds: tuple[str, ...] = tuple(VerificationKind.values)

    def __init__(self, *, timeout: float) -> None:
        self.timeout = timeout

    def verify(self, query: Query) -> Result:  # pragma: no cover - interface
        raise NotImplementedError


class DemoVerifier(BaseVerifier):
    """Answers from the demo registry table (verification.models.RegistryRecord)."""

    def verify(self, query: Query) -> Result:
        from .models import RegistryRecord

        record = RegistryRecord.objects.filter(
            id_number_hash=query.id_number_hash, kind=query.kind
        ).first()
        if record is None:
            return Result(confirmed=False)
        return Result(confirmed=True, summary=record.summary)


def backend_path() -> str:
    return getattr(settings, "VERIFIER_BACKEND", "") or ""


def get_verifier() -> BaseVerifier | None:
    """The configured verifier, or None when online verification is off."""
    path = backend_path()
    if not path:
        return None
    return import_string(path)(timeout=float(getattr(settings, "VERIFIER_TIMEOUT_SECONDS", 5)))
