"""The smallest examples of the bugs the property tests found, kept as regression tests.

Fixed: a NUL reached PostgreSQL (lookups, the cancellation reason's jsonb): HTTP 500; a start
time far from today overflowed date arithmetic or left the lunar calendar's range: HTTP 500; a
`next` that was not a path made the profile page reverse it as a URL name after saving: HTTP 500.

Open (in `support.KNOWN_BUGS`, a strict xfail until fixed): the API's NUL answer is HTML.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection

from .support import KNOWN_BUGS, assert_unchanged, book, snapshot

pytestmark = pytest.mark.django_db


def expect_bug(request, name: str, reason: str, *, postgresql_only: bool = False) -> None:
    """While the bug is known, the test must fail (strict): a fix that lands unannounced shows
    up as an unexpected pass, so that the name gets removed from KNOWN_BUGS."""
    if name in KNOWN_BUGS and (not postgresql_only or connection.vendor == "postgresql"):
        request.applymarker(pytest.mark.xfail(strict=True, reason=f"reported: {reason}"))


NUL_PATHS = [
    "/matters/?q=%00",
    "/matters/?category=%00",
    "/book/?q=a%00",
    "/matters/%00/",
    "/book/%00/",
    "/appointments/%00/",
    "/book/will/central/?date=%00&green=%00",
]


@pytest.mark.parametrize("path", NUL_PATHS)
def test_a_nul_character_in_the_address_is_a_bad_request(signed_in, world, path):
    signed_in.raise_request_exception = False
    assert signed_in.get(path).status_code == 400


API_NUL_PATHS = [
    "/api/v1/matters/%00",
    "/api/v1/matters?lang=%00",
    "/api/v1/availability?matter=%00&date=2026-12-01",
    "/api/v1/availability?matter=will&date=2026-12-01&office=%00",
]


@pytest.mark.parametrize("path", API_NUL_PATHS)
def test_a_nul_character_in_an_api_address_is_a_json_bad_request(request, client, world, path):
    expect_bug(request, "api-nul-answer-is-html", "the NUL answer of /api/ is the HTML 400 page")
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["error"] == "bad_request"


def test_a_nul_character_in_the_cancellation_reason_is_a_bad_request(signed_in, world, resident):
    appointment = book(world, resident)
    signed_in.raise_request_exception = False
    before = snapshot()
    response = signed_in.post(f"/appointments/{appointment.reference}/cancel/", {"reason": "\x00"})
    assert response.status_code == 400
    assert_unchanged(before, response)


@pytest.mark.parametrize("next_url", ["foo", "a b", "home page"])
def test_saving_the_profile_with_a_next_that_is_no_path_goes_to_the_profile(
    signed_in, resident, next_url
):
    signed_in.raise_request_exception = False
    response = signed_in.post(
        "/accounts/profile/",
        {"real_name": "张三", "phone": "13800138000", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"


FAR_STARTS = [
    "2100-01-04T09:00:00+08:00",
    "1899-12-30T09:00:00",
    "0001-01-01T00:00:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59",
    "9999-12-31T16:00:00+00:00",
    "9999-12-31T23:59:59-23:59",
]


@pytest.mark.parametrize("start", FAR_STARTS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_start_far_from_today_is_refused_not_a_server_error(signed_in, world, start, method):
    signed_in.raise_request_exception = False
    before = snapshot()
    url = f"/book/{world.matter.code}/{world.office.slug}/review/"
    response = getattr(signed_in, method)(url, {"start": start})
    assert response.status_code in (302, 400, 409)
    assert_unchanged(before, response)


@pytest.mark.parametrize("start", FAR_STARTS)
def test_rescheduling_far_from_today_is_refused_not_a_server_error(
    signed_in, world, resident, start
):
    appointment = book(world, resident)
    signed_in.raise_request_exception = False
    before = snapshot()
    response = signed_in.post(
        f"/appointments/{appointment.reference}/reschedule/", {"start": start}
    )
    assert response.status_code in (400, 409)
    assert_unchanged(before, response)
