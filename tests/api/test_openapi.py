"""The open-data API against its own OpenAPI document: the document is valid OpenAPI 3, and a
schema-driven fuzzer (schemathesis) finds no server error and no answer that breaks it."""

import datetime as dt

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

from portal.wsgi import application
from tests.appointments.conftest import make_bookable

pytestmark = pytest.mark.django_db


def test_the_document_is_valid_openapi_3_and_lists_every_endpoint(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    errors = [str(error) for error in OPENAPI_31_VALIDATOR.iter_errors(document)]
    assert errors == []
    assert set(document["paths"]) == {
        "/api/v1/offices",
        "/api/v1/offices/{slug}",
        "/api/v1/matters",
        "/api/v1/matters/{code}",
        "/api/v1/availability",
    }
    availability = document["paths"]["/api/v1/availability"]["get"]
    assert {p["name"]: p["required"] for p in availability["parameters"]} == {
        "matter": True,
        "date": True,
        "office": False,
        "lang": False,
    }
    assert set(availability["responses"]) == {"200", "304", "400", "429"}


def test_the_docs_page_uses_only_our_own_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "http://" not in page and "https://" not in page and "//cdn" not in page
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


@pytest.fixture
def something_to_find(db):
    # A published matter ("will", the documented example) at a listed office ("central") with a
    # notary's working week, so the fuzzer reaches the answers with data, not only the errors.
    bookable = make_bookable(notaries=1)
    # The fuzzer calls the WSGI application itself: keep it from closing the test's database
    # connection (inside its transaction) at the end of each request, as Django's test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield bookable
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Read from the running application (no database needed for the document itself).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@schema.hook
def before_generate_query(context, strategy):
    """Random text rarely names a matter and a day in the bookable window: besides the fuzzer's
    own queries, ask for the known matter on days around today, so the answers with slots (and
    closed days) are checked against the document too."""
    if context.operation is None or context.operation.path != "/api/v1/availability":
        return strategy
    today = timezone.localdate()
    near = st.fixed_dictionaries(
        {
            "matter": st.just("will"),
            "date": st.dates(today - dt.timedelta(days=2), today + dt.timedelta(days=40)).map(
                dt.date.isoformat
            ),
        },
        optional={
            "office": st.sampled_from(["central", "nowhere"]),
            "lang": st.sampled_from(["en", "zh", "fr"]),
        },
    )
    return st.one_of(strategy, near, near)


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_its_own_contract(case, something_to_find):
    # No 500, and every answer is one the document promises: its status, content type, headers
    # and body schema.
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
            response_schema_conformance,
        ]
    )
