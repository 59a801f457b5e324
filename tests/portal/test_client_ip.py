"""The client's address behind the deployment's reverse proxies (portal.client_ip)."""

import os
import subprocess
import sys

import pytest
from allauth.account.adapter import get_adapter
from django.test import RequestFactory

from portal.client_ip import client_ip
from tests.portal.test_settings import PRODUCTION_ENV

PROXY = "127.0.0.1"  # the TLS-terminating proxy on the same host, as the README deploys it


def request(forwarded_for: str | None = None, remote: str = PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


def test_with_no_trusted_proxy_the_header_is_never_read(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("203.0.113.5")) == PROXY
    assert client_ip(request("203.0.113.5, 198.51.100.7")) == PROXY


def test_one_trusted_proxy_gives_the_address_it_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("203.0.113.5")) == "203.0.113.5"
    # Whatever the client wrote itself stands left of what the proxy appended.
    assert client_ip(request("10.0.0.1, 1.2.3.4, 203.0.113.5")) == "203.0.113.5"


def test_two_trusted_proxies_skip_the_inner_ones_hop(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("9.9.9.9, 203.0.113.5, 192.0.2.10")) == "203.0.113.5"


@pytest.mark.parametrize(
    "header",
    [None, "", "not-an-address", "203.0.113.5, ", "203.0.113.5, <script>", "999.1.1.1", "  ,  "],
)
def test_a_missing_or_malformed_hop_counts_as_the_proxy_itself(settings, header):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request(header)) == PROXY


def test_a_header_shorter_than_the_proxy_chain_is_not_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("203.0.113.5")) == PROXY


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("203.0.113.5:41234", "203.0.113.5"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:DB8:0:0::1", "2001:db8::1"),
        ("::ffff:203.0.113.5", "203.0.113.5"),
        (" 203.0.113.5 ", "203.0.113.5"),
    ],
)
def test_forms_proxies_write_are_read_as_the_canonical_address(settings, header, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request(header)) == expected


def test_without_a_proxy_the_peer_address_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request(None, remote="198.51.100.7")) == "198.51.100.7"


def test_allauths_rate_limits_use_the_same_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert get_adapter().get_client_ip(request("1.2.3.4, 203.0.113.5")) == "203.0.113.5"
    settings.TRUSTED_PROXY_COUNT = 0
    assert get_adapter().get_client_ip(request("1.2.3.4, 203.0.113.5")) == PROXY


def _trusted_proxy_count(env: dict[str, str]) -> str:
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.TRUSTED_PROXY_COUNT)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_trusts_one_proxy_and_the_embedded_default_none():
    local = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "portal.settings.local"}
    assert _trusted_proxy_count(local) == "0"
    assert _trusted_proxy_count(PRODUCTION_ENV) == "1"
    assert _trusted_proxy_count({**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "2"}) == "2"
