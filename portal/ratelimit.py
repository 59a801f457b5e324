"""One rate limiter for every write form of the portal that anyone can reach.

allauth limits signing in, signing up and password resets itself (`ACCOUNT_RATE_LIMITS`); this
module limits the portal's own forms (opinions, home-visit requests, booking attempts, event
sign-ups) with the limits in `PORTAL_RATE_LIMITS`, e.g. `{"opinion": "5/10m"}`. A limit is
`amount/period[/per]`, several separated by commas; the period is a number of seconds, minutes,
hours or days (`30s`, `10m`, `h`, `d`) and `per` is `ip` (the client's address, see
`portal.client_ip`), `user` (the signed-in account) or left out for both: the address always, and
the account too when someone is signed in.

The counters live in the cache (Redis in production, shared by every web process). A counter
starts with the first attempt and expires one period later; `cache.add` + `cache.incr` are atomic
on Redis, so parallel requests cannot slip past a limit. Keys hold a hash of the address or
account, never the address itself.

A view calls `rate_limit_consume()` just before it writes; `RateLimited` becomes a message on the
same page, with status 429 and the input kept.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.client_ip import client_ip

# One IPv6 subscriber gets a whole /64: counting single addresses would let them rotate freely.
IPV6_PREFIX = 64
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
PER = ("ip", "user")


class RateLimited(Exception):
    # allauth's own wording, so its Chinese translation serves the portal's forms as well.
    message = _("Be patient, you are sending too many requests.")
    status_code = 429

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int
    per: tuple[str, ...]


def parse_rates(spec: str) -> list[Rate]:
    rates = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        amount, _slash, rest = part.partition("/")
        period, _slash, per = rest.partition("/")
        number, unit = period[:-1], period[-1:]
        if not amount.isdigit() or unit not in UNITS or not (number == "" or number.isdigit()):
            raise ImproperlyConfigured(f"Invalid rate limit {part!r}")
        if per and per not in PER:
            raise ImproperlyConfigured(f"Invalid rate limit {part!r}: per {per!r}")
        seconds = int(number or 1) * UNITS[unit]
        rates.append(Rate(int(amount), seconds, (per,) if per else PER))
    return rates


def _address_key(request: HttpRequest) -> str:
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address  # no usable peer address: all such requests share one counter
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)
    return address


def _subjects(request: HttpRequest, rate: Rate) -> list[str]:
    subjects = []
    if "ip" in rate.per:
        subjects.append(f"ip:{_address_key(request)}")
    user = getattr(request, "user", None)
    if "user" in rate.per and user is not None and user.is_authenticated:
        subjects.append(f"user:{user.pk}")
    return subjects


def rate_limit_consume(request: HttpRequest, *, action: str) -> None:
    """Count one attempt at `action` by this client (and account); raise RateLimited if that
    is more than one of the action's limits allows. An action without limits is not counted."""
    spec = settings.PORTAL_RATE_LIMITS.get(action, "")
    exceeded = False
    for rate in parse_rates(spec):
        for subject in _subjects(request, rate):
            digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
            key = f"portal:rl:{action}:{rate.amount}/{rate.seconds}:{digest}"
            cache.add(key, 0, timeout=rate.seconds)  # the period starts with the first attempt
            try:
                count = cache.incr(key)  # keeps the key's expiry (Redis INCR, LocMemCache)
            except ValueError:  # expired between add and incr: this attempt starts a new period
                cache.add(key, 1, timeout=rate.seconds)
                count = 1
            exceeded = exceeded or count > rate.amount
    if exceeded:
        raise RateLimited
