"""Versions of availability per office and day: a shared cache that is never stale after a write.

Every answer the engine caches is stored under the versions of what it was computed from: the
whole city's (the statutory calendar, matters' lengths), its office's (weekly hours, leave,
blocks, closures, booking rules, notaries' status and matters) and its office-day's (bookings,
moves, cancellations, status changes). A write bumps the versions it touches, once as it happens
(inside its transaction) and once more when its transaction commits; a reader reads the versions
first, then the database. So whoever reads after a write returns reads new versions and computes
afresh, and an answer computed from a snapshot before the commit is stored under versions nobody
asks for again. The bumps are wired in one place, `appointments/signals.py`, on the models' saves
and deletes, so every service, the admin and the workspace bump without knowing it.

The versions and the answers live in the `availability` cache (Redis through `CACHE_URL`, shared
by every gunicorn host; local memory in the embedded default). A version is the time of the last
change in nanoseconds (a missing one, never set, evicted or lost with a Redis restart, starts
afresh at the current time), so it never equals a version an old answer was stored under, and it
dates the answer for Last-Modified. When the cache cannot be reached, readers
compute from the database (as without a cache) and writers log and go on: the answers stay right,
only slower. A process whose bump failed stops reading cached answers until every answer stored
before it has expired (`ANSWER_TIMEOUT` seconds).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Iterable

from django.core.cache import caches
from django.db import transaction

logger = logging.getLogger(__name__)

ALIAS = "availability"
ANSWER_TIMEOUT = 600
VERSION_TIMEOUT = 7 * 24 * 3600

Version = tuple[int, int, int]


def _cache():
    return caches[ALIAS]


def _city_key() -> str:
    return "av:v:city"


def _office_key(office_id: int) -> str:
    return f"av:v:o:{office_id}"


def _day_key(office_id: int, date: dt.date) -> str:
    return f"av:v:d:{office_id}:{date.isoformat()}"


def _any_key(office_id: int) -> str:
    # Bumped with every office or office-day bump: summaries over many days of an office.
    return f"av:v:a:{office_id}"


def _fresh() -> int:
    return time.time_ns()


# After a bump that failed, answers cached before it may be stale until they expire: this process
# stops reading the cache until then (monotonic clock).
_distrust_until = 0.0


def versions(pairs: Iterable[tuple[int, dt.date]]) -> dict[tuple[int, dt.date], Version] | None:
    """The versions of these office-days (city, office, day), in one round trip to the cache (a
    second one only for versions never set). None when the cache cannot be reached."""
    if time.monotonic() < _distrust_until:
        return None
    pairs = list(dict.fromkeys(pairs))
    wanted = {_city_key()}
    for office_id, date in pairs:
        wanted.add(_office_key(office_id))
        wanted.add(_day_key(office_id, date))
    try:
        cache = _cache()
        found = cache.get_many(list(wanted))
        missing = {key: _fresh() for key in wanted if key not in found}
        if missing:
            # Another reader may start the same version at the same moment: add() keeps the first.
            for key, value in missing.items():
                cache.add(key, value, timeout=VERSION_TIMEOUT)
            found.update(cache.get_many(list(missing)))
            if any(key not in found for key in wanted):  # evicted at once: cache nothing
                return None
    except Exception:
        logger.warning("availability cache unreachable: computing", exc_info=True)
        return None
    city = found[_city_key()]
    return {
        (office_id, date): (city, found[_office_key(office_id)], found[_day_key(office_id, date)])
        for office_id, date in pairs
    }


def office_versions(office_ids: Iterable[int]) -> dict[int, tuple[int, int]] | None:
    """For summaries over many days of an office (the office page's next free times, the
    wizard's day marks, the city's earliest times): (city, any change at the office) per office,
    in one round trip (a second only for versions never set). The second is bumped by every
    bump of the office or of any of its days, so a summary keyed on it is never stale either.
    None when the cache cannot be reached."""
    if time.monotonic() < _distrust_until:
        return None
    ids = list(dict.fromkeys(office_ids))
    wanted = [_city_key(), *(_any_key(pk) for pk in ids)]
    try:
        cache = _cache()
        found = cache.get_many(wanted)
        missing = {key: _fresh() for key in wanted if key not in found}
        if missing:
            for key, value in missing.items():
                cache.add(key, value, timeout=VERSION_TIMEOUT)
            found.update(cache.get_many(list(missing)))
            if any(key not in found for key in wanted):
                return None
    except Exception:
        logger.warning("availability cache unreachable: computing", exc_info=True)
        return None
    city = found[_city_key()]
    return {pk: (city, found[_any_key(pk)]) for pk in ids}


def get_many(keys: list[str]) -> dict[str, object]:
    if not keys:
        return {}
    try:
        return _cache().get_many(keys)
    except Exception:
        logger.warning("availability cache unreachable: computing", exc_info=True)
        return {}


def set_many(values: dict[str, object]) -> None:
    if not values:
        return
    try:
        _cache().set_many(values, timeout=ANSWER_TIMEOUT)
    except Exception:
        logger.warning("availability cache unreachable: answers not stored", exc_info=True)


def _bump_keys(keys: list[str]) -> None:
    # A version only has to be new, not larger: the time in nanoseconds, which also dates the
    # change for Last-Modified. One round trip, no read-modify-write.
    try:
        _cache().set_many(dict.fromkeys(keys, _fresh()), timeout=VERSION_TIMEOUT)
    except Exception:
        global _distrust_until
        _distrust_until = time.monotonic() + ANSWER_TIMEOUT
        logger.error("availability cache unreachable: versions %s not bumped", keys, exc_info=True)


def _bump(keys: list[str]) -> None:
    """Now (inside the writer's transaction) and again once it commits."""
    if not keys:
        return
    _bump_keys(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump_keys(keys))


def bump_days(office_id: int, dates: Iterable[dt.date]) -> None:
    """Bookings, moves, cancellations, status changes of appointments on these days."""
    keys = [_day_key(office_id, date) for date in sorted(set(dates))]
    _bump([*keys, _any_key(office_id)] if keys else [])


def bump_office(office_id: int) -> None:
    """Anything about an office or its notaries: hours, leave, blocks, closures, rules, status."""
    _bump([_office_key(office_id), _any_key(office_id)])


def bump_city() -> None:
    """The statutory calendar, a matter's length, anything read by every office."""
    _bump([_city_key()])


def stamp(found: Iterable[Version]) -> tuple[str, dt.datetime]:
    """A validator of the versions an answer was made of (for ETag) and the time of the latest
    change among them (for Last-Modified)."""
    digest = hashlib.blake2b(digest_size=10)
    latest = 0
    for version in found:
        digest.update(repr(version).encode())
        latest = max(latest, *version)
    return digest.hexdigest(), dt.datetime.fromtimestamp(latest / 1e9, tz=dt.UTC)
