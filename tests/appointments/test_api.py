import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appointments.services import appointment_book
from tests.appointments.conftest import at, make_resident

pytestmark = pytest.mark.django_db


def test_availability_for_one_office_and_day(client, bookable_two):
    appointment_book(
        resident=make_resident(email="a@example.com"),
        matter=bookable_two.matter,
        office=bookable_two.office,
        starts_at=at(bookable_two.day, 9),
    )
    response = client.get(
        "/api/v1/availability",
        {"matter": "will", "office": "central", "date": bookable_two.day.isoformat()},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["matter"] == "will" and data["office"] == "central"
    assert data["working_day"] is True
    first = data["slots"][0]
    assert first["start"] == at(bookable_two.day, 9).isoformat()
    assert first["end"] == at(bookable_two.day, 9, 30).isoformat()
    assert first["free_notaries"] == 1
    assert data["slots"][1]["free_notaries"] == 2
    assert data["count"] == len(data["slots"])
    assert data["offices"][0]["slug"] == "central"


def test_availability_without_office_covers_every_office(client, bookable):
    from tests.appointments.conftest import give_week
    from tests.factories import NotaryFactory, OfficeFactory

    other = OfficeFactory(slug="east", matters=[bookable.matter])
    give_week(NotaryFactory(office=other, matters=[bookable.matter]))
    data = client.get(
        "/api/v1/availability", {"matter": "will", "date": bookable.day.isoformat()}
    ).json()
    assert {o["slug"] for o in data["offices"]} == {"central", "east"}
    assert data["slots"][0]["free_notaries"] == 2
    assert data["slots"][0]["offices"] == 2


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "matter code"),
        ({"matter": "nope", "date": "WORKDAY"}, "Unknown matter"),
        ({"matter": "will"}, "YYYY-MM-DD"),
        ({"matter": "will", "date": "2026-02-30"}, "YYYY-MM-DD"),
        ({"matter": "will", "date": "tomorrow"}, "YYYY-MM-DD"),
        ({"matter": "will", "date": "2099-01-01"}, "between today"),
        ({"matter": "will", "date": "WORKDAY", "office": "atlantis"}, "Unknown office"),
        ({"matter": "will" * 100, "date": "x" * 500}, "Unknown matter"),
    ],
)
def test_bad_parameters_give_a_readable_400(client, bookable, params, message):
    # A valid date must be one the API accepts whatever today is: the bookable working day.
    params = {k: bookable.day.isoformat() if v == "WORKDAY" else v for k, v in params.items()}
    response = client.get("/api/v1/availability", params)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    assert message in response.json()["detail"]


def test_availability_answer_costs_a_fixed_number_of_queries(client, bookable):
    from tests.appointments.test_availability import _grow

    params = {"matter": "will", "date": bookable.day.isoformat()}
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/availability", params)
    _grow(bookable, factor=1)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/api/v1/availability", params).json()["count"] > 0
    assert len(large.captured_queries) == len(small.captured_queries) <= 10


def test_availability_sends_validators_and_answers_304_while_nothing_changed(client, bookable):
    from django.test import override_settings

    params = {"matter": "will", "date": bookable.day.isoformat(), "lang": "en"}
    first = client.get("/api/v1/availability", params)
    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "max-age=30" in first["Cache-Control"]
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    with override_settings(PORTAL_RATE_LIMITS={}):
        again = client.get("/api/v1/availability", params, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b""
        assert again["ETag"] == etag
        other = client.get("/api/v1/availability", params, HTTP_IF_NONE_MATCH='"something-else"')
        assert other.status_code == 200
        # A booking changes the office-day's version: the old validator no longer matches.
        appointment_book(
            resident=make_resident(email="etag@example.com"),
            matter=bookable.matter,
            office=bookable.office,
            starts_at=at(bookable.day, 10),
        )
        changed = client.get("/api/v1/availability", params, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["count"] == first.json()["count"] - 1


def test_availability_is_rate_limited_per_client_with_a_translated_429(client, bookable, settings):
    settings.PORTAL_RATE_LIMITS = {"api_availability": "3/m/ip"}
    params = {"matter": "will", "date": bookable.day.isoformat()}
    for _ in range(3):
        assert client.get("/api/v1/availability", params).status_code == 200
    refused = client.get("/api/v1/availability", params, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited"
    assert refused.json()["detail"] == "Be patient, you are sending too many requests."
    assert refused["Retry-After"] == "60"
    chinese = client.get("/api/v1/availability", params, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.status_code == 429 and "请" in chinese.json()["detail"]
    # Another client address has its own allowance.
    assert client.get("/api/v1/availability", params, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_an_answer_kept_under_its_validator_is_the_same_and_follows_a_rename(client, bookable):
    """The JSON is kept under the answer's ETag (notaries' office-days, minute, language): the
    second caller gets the same bytes, and an office renamed is in the very next answer."""
    params = {"matter": "will", "date": bookable.day.isoformat(), "lang": "en"}
    first = client.get("/api/v1/availability", params)
    with CaptureQueriesContext(connection) as kept:
        second = client.get("/api/v1/availability", params)
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"] == "application/json; charset=utf-8"
    assert len(kept.captured_queries) <= 2  # the offices and the calendar
    bookable.office.name_en = "Renamed Office"
    bookable.office.save()
    renamed = client.get("/api/v1/availability", params).json()
    assert [o["name"] for o in renamed["offices"]] == ["Renamed Office"]
    assert renamed["count"] == first.json()["count"]
