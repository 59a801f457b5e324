"""Rendered fragments cached under the digest of exactly what they show (`{% cache %}` with the
digest as its one vary-on value): a table of many rows is rendered once per distinct content and
language, and never shown stale, since any change in what it shows is a change of key. The view
computes the digest from the same values it passes to the template."""

from __future__ import annotations

import hashlib

from django.utils.translation import get_language

FRAGMENT_SECONDS = 600


def content_digest(*parts: object) -> str:
    """A digest of `parts` (their repr) and the active language."""
    return hashlib.blake2b(repr((get_language(), parts)).encode(), digest_size=16).hexdigest()
