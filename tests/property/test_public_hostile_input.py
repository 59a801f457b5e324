"""Hostile query parameters on the public pages and the open-data API: never a server error,
reading never writes anything, a NUL anywhere is a 400, and the API answers JSON."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .strategies import dates, hostile_scalar, params, raw_bytes, values
from .support import (
    KNOWN_BUGS,
    assert_no_server_error,
    assert_unchanged,
    examples,
    has_nul,
    query,
    snapshot,
)

pytestmark = pytest.mark.django_db

# A path segment: anything, sent percent-encoded as a browser would.
segment = st.one_of(hostile_scalar, raw_bytes)


def encoded(segment_value) -> str:
    return quote(segment_value, safe="")


SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def is_slug(value) -> bool:
    return isinstance(value, str) and bool(SLUG.fullmatch(value))


def is_one_segment(value) -> bool:
    """Whether the value stays one non-empty path segment once the server decodes it."""
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    return bool(text) and "/" not in text


# Accept-Language as a real client can send it (HTTP header values are printable Latin-1).
accept_language = st.one_of(
    st.sampled_from(["en", "zh-CN,zh;q=0.9", "*", "en;q=nan", "x" * 600, "en;q=1e999"]),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=80),
)


def get(client, path: str, fields: dict, *, nul: bool, language: str = "en"):
    """GET, check the universal properties, and return the response, or None when a NUL was
    sent (then the answer must be the 400 of RejectNulMiddleware, and nothing more to check)."""
    before = snapshot()
    response = client.get(query(path, fields), HTTP_ACCEPT_LANGUAGE=language)
    assert_no_server_error(response)
    assert_unchanged(before, response, f"GET {path}")
    if nul:
        assert response.status_code == 400, response.status_code
        if path.startswith("/api/") and "api-nul-answer-is-html" not in KNOWN_BUGS:
            assert_json(response, 400)
        return None
    return response


def assert_json(response, *allowed: int) -> dict:
    assert response.status_code in allowed, response.status_code
    assert response["Content-Type"].startswith("application/json")
    payload = json.loads(response.content)
    if response.status_code >= 400:
        assert set(payload) >= {"error", "detail"}
    return payload


@examples(60)
@given(data=st.data(), language=accept_language)
def test_matter_guide_survives_any_filter(client, world, data, language):
    fields = data.draw(
        params(
            q=values("will", "遗嘱", "power attorney"),
            category=values(world.matter.category.slug),
            once=values("1", "on", "yes"),
            page=values("1", "2", "last", "0", "-1", "999999999999999999999"),
        )
    )
    response = get(client, "/matters/", fields, nul=has_nul(*fields.values()), language=language)
    assert response is None or response.status_code == 200


@examples(40)
@given(data=st.data())
def test_booking_start_survives_any_search(client, world, data):
    fields = data.draw(params(q=values("will", "遗嘱"), category=values(), once=values("1")))
    response = get(client, "/book/", fields, nul=has_nul(*fields.values()))
    assert response is None or response.status_code == 200


@examples(30)
@given(lang=values("en", "zh", "zh-hans", "EN"))
def test_api_matter_list_survives_any_language(client, world, lang):
    response = get(client, "/api/v1/matters", {"lang": lang}, nul=has_nul(lang))
    if response is not None:
        assert_json(response, 200)


@examples(60)
@given(data=st.data(), code=segment, lang=values("en", "zh"))
def test_api_one_matter_answers_json_for_any_code(client, world, data, code, lang):
    code = data.draw(st.sampled_from([code, world.matter.code, world.by_value.code]))
    path = f"/api/v1/matters/{encoded(code)}"
    response = get(client, path, {"lang": lang}, nul=has_nul(code, lang))
    # A code with a slash (or none at all) is another address: the site's HTML 404.
    if response is not None and is_one_segment(code):
        assert_json(response, 200, 404)


@examples(40)
@given(data=st.data(), slug=segment, lang=values("en", "zh"))
def test_api_one_office_answers_json_for_any_slug(client, world, data, slug, lang):
    slug = data.draw(st.sampled_from([slug, world.office.slug]))
    response = get(
        client, f"/api/v1/offices/{encoded(slug)}", {"lang": lang}, nul=has_nul(slug, lang)
    )
    # Only letters, digits, - and _ make a slug: anything else is no API address (HTML 404).
    if response is not None and (response.status_code == 200 or is_slug(slug)):
        assert_json(response, 200, 404)


@examples(80)
@given(data=st.data())
def test_api_availability_is_an_answer_or_a_bad_request(client, world, data):
    day = world.day.isoformat()
    fields = data.draw(
        params(
            matter=values(world.matter.code, world.by_value.code, "WILL", " will "),
            date=values(day, f" {day} ", scalar=st.one_of(dates, hostile_scalar)),
            office=values(world.office.slug, "nowhere"),
            lang=values("en", "zh"),
        )
    )
    response = get(client, "/api/v1/availability", fields, nul=has_nul(*fields.values()))
    if response is not None:
        payload = assert_json(response, 200, 400)
        if "slots" in payload:
            assert payload["count"] == len(payload["slots"])


@examples(40)
@given(data=st.data())
def test_time_picker_survives_any_day_and_priority(client, world, data):
    fields = data.draw(
        params(
            date=values(world.day.isoformat(), scalar=st.one_of(dates, hostile_scalar)),
            green=values("pregnant", "elderly", "seriously_ill", "disabled"),
        )
    )
    matter = data.draw(st.sampled_from([world.matter.code, world.by_value.code]))
    response = get(
        client, f"/book/{matter}/{world.office.slug}/", fields, nul=has_nul(*fields.values())
    )
    assert response is None or response.status_code == 200


@examples(50)
@given(data=st.data(), first=segment, second=segment)
def test_wizard_and_guide_paths_survive_any_segment(client, world, data, first, second):
    code = data.draw(st.sampled_from([first, world.matter.code]))
    template = data.draw(
        st.sampled_from(["/matters/{a}/", "/book/{a}/", "/book/{b}/{c}/", "/offices/{a}/"])
    )
    path = template.format(a=encoded(first), b=encoded(code), c=encoded(second))
    used = {"a": [first], "b": [code, second]}["b" if "{b}" in template else "a"]
    response = get(client, path, {}, nul=has_nul(*used))
    assert response is None or response.status_code in (200, 301, 302, 404)
