"""The catalogue as pages read it, cached under one version that every catalogue write bumps.

Offices, notaries, districts, matters, categories, exemptions, materials, fee bands and the demo
marker change a few times a day; the pages that show them are asked for thousands of times an
hour. `cached(name, parts, compute)` stores what `compute()` returns under the catalogue's
version, so a page reads it back in one round trip to the cache instead of its queries. Every
save and delete of a catalogue model and every change of who handles what bumps the version (the
signals below, connected in `NotariesConfig.ready`; the appointments app also bumps it for leave,
which the office page shows), once as it happens and again when its transaction commits, as the
availability versions do (appointments/availability_cache.py): a reader reads the version first
and the database after it, so whoever reads after a write returns computes afresh, and an answer
computed from a snapshot before the commit is stored under a version nobody asks for again.

It shares the `availability` cache (Redis through `CACHE_URL` in production, local memory in the
embedded default). When the cache cannot be reached, pages compute from the database and writes
log and go on. A write that bypasses the models (a queryset `update()`, a COPY) must call `bump()`.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.db import transaction

logger = logging.getLogger(__name__)

ALIAS = "availability"
VERSION_KEY = "cat:v"
VERSION_TIMEOUT = 7 * 24 * 3600
VALUE_TIMEOUT = 3600
_MISSING = object()

T = TypeVar("T")

# After a bump that failed, values cached before it may be stale until they expire: this process
# stops reading them until then (monotonic clock).
_distrust_until = 0.0


def _cache():
    return caches[ALIAS]


@functools.cache
def _schema() -> str:
    """A digest of the models' fields: values are pickled model instances, so a deploy that
    changes a model (a field added) never unpickles what the previous code stored."""
    from django.apps import apps

    fields = sorted(
        (model._meta.label, tuple(f.attname for f in model._meta.concrete_fields))
        for model in apps.get_models()
    )
    return hashlib.blake2b(repr(fields).encode(), digest_size=6).hexdigest()


def version() -> int | None:
    """The catalogue's version (started afresh when never set or lost); None when the cache
    cannot be reached or cannot be trusted."""
    if time.monotonic() < _distrust_until:
        return None
    try:
        cache = _cache()
        found = cache.get(VERSION_KEY)
        if found is None:
            cache.add(VERSION_KEY, time.time_ns(), timeout=VERSION_TIMEOUT)
            found = cache.get(VERSION_KEY)
        return found
    except Exception:
        logger.warning("catalogue cache unreachable: computing", exc_info=True)
        return None


def _bump_now() -> None:
    try:
        _cache().set(VERSION_KEY, time.time_ns(), timeout=VERSION_TIMEOUT)
    except Exception:
        global _distrust_until
        _distrust_until = time.monotonic() + VALUE_TIMEOUT
        logger.error("catalogue cache unreachable: version not bumped", exc_info=True)


def bump() -> None:
    """Now (inside the writer's transaction, if any) and again once it commits."""
    _bump_now()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump_now)


_CURRENT = object()


def cached(
    name: str, parts: tuple, compute: Callable[[], T], *, at: int | object | None = _CURRENT
) -> T:
    """`compute()`'s value for (`name`, `parts`) under the catalogue's current version (or the
    version `at` the caller read first, to key something else on the same one): read from the
    cache, or computed and stored. `parts` are whatever else the value depends on (a slug,
    today's date); their repr is part of the key."""
    current = version() if at is _CURRENT else at
    if current is None:
        return compute()
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
    key = f"cat:{name}:{_schema()}:{current}:{digest}"
    try:
        found = _cache().get(key, _MISSING)
    except Exception:
        logger.warning("catalogue cache unreachable: computing", exc_info=True)
        return compute()
    if found is not _MISSING:
        return found  # type: ignore[return-value]
    value = compute()
    try:
        _cache().set(key, value, timeout=VALUE_TIMEOUT)
    except Exception:
        logger.warning("catalogue cache unreachable: value not stored", exc_info=True)
    return value


def _changed(sender, **kwargs) -> None:
    bump()


def _m2m_changed(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        bump()


def connect() -> None:
    """Every catalogue model's saves and deletes, and its many-to-many changes."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    uid = "catalogue-version"
    for model in apps.get_app_config("notaries").get_models():
        if model.__name__.startswith("Historical"):  # simple_history's copies of the rows
            continue
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_m2m_changed, sender=field.remote_field.through, dispatch_uid=uid)
