"""The address of the person at the other end, behind the deployment's own reverse proxies.

Behind the README's TLS-terminating proxy every request arrives from the proxy's address; the
client's is the last entry the proxy appended to `X-Forwarded-For`. Everything left of the entries
our own proxies appended was written by the client and can say anything, so only the entry
`TRUSTED_PROXY_COUNT` hops from the right is read, and nothing of the header when the count is 0.
Every rate limit (allauth's through `accounts.adapters`, the portal's through `portal.ratelimit`)
keys on this one function.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    """`value` as a canonical IP address, or None. Accepts what proxies are known to write
    besides a bare address: `[v6]`, `[v6]:port` and `v4:port`."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def client_ip(request: HttpRequest) -> str:
    """The client's address: `TRUSTED_PROXY_COUNT` hops from the right of `X-Forwarded-For`,
    else the socket's peer (`REMOTE_ADDR`). A header with fewer hops than trusted proxies (a
    request that did not come through them all) or a malformed hop counts as no header: the
    request is then counted under the peer's address, never under a value the client chose.
    An empty string only if the server gave no peer address at all."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(hops) >= count:
            forwarded = _address(hops[-count])
            if forwarded:
                return forwarded
    return _address(remote) or remote.strip()
