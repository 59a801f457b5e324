"""Every consultation address for every role, from the outside: who gets the page, who is sent
to sign in, and who is told it does not exist (404, never 403). The request under test was asked
by the resident and referred to office A by the operator."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from consult.services import consultation_accept, consultation_refer, consultation_take
from tests.factories import UserFactory

from .conftest import ROLES, ask

pytestmark = pytest.mark.django_db

DESK = ["clerk_a", "clerk_b", "legal_aid", "bureau"]

# 200: shown; "login": sent to sign in; 404: not there for this role; 302: a redirect on.
EXPECTED = {
    "ask": dict.fromkeys(ROLES, 200),
    "status": dict.fromkeys(ROLES, 200),
    "book": dict.fromkeys(ROLES, 302),
    "sent": {**dict.fromkeys(ROLES, 404), "resident": 200},
    "mine": {**dict.fromkeys(ROLES, 200), "anonymous": "login"},
    "mine_detail": {**dict.fromkeys(ROLES, 404), "anonymous": "login", "resident": 200},
    "hotline_queue": {
        **dict.fromkeys(ROLES, 404),
        "anonymous": "login",
        "operator": 200,
        "bureau": 200,
    },
    "hotline_record": {
        **dict.fromkeys(ROLES, 404),
        "anonymous": "login",
        "operator": 200,
        "bureau": 200,
    },
    "hotline_detail": {
        **dict.fromkeys(ROLES, 404),
        "anonymous": "login",
        "operator": 200,
        "bureau": 200,
    },
    "hotline_book": {
        **dict.fromkeys(ROLES, 404),
        "anonymous": "login",
        "operator": 302,
        "bureau": 302,
    },
    "desk": {**dict.fromkeys(ROLES, 404), "anonymous": "login", **dict.fromkeys(DESK, 200)},
    # Referred to office A: its clerks and the bureau, not office B nor the centre.
    "desk_detail": {
        **dict.fromkeys(ROLES, 404),
        "anonymous": "login",
        "clerk_a": 200,
        "bureau": 200,
    },
    "overdue": {**dict.fromkeys(ROLES, 404), "anonymous": "login", "bureau": 200},
}


@pytest.fixture
def referred(world):
    consultation = ask(resident=world.users["resident"])
    consultation_take(consultation=consultation, by=world.users["operator"])
    return consultation_refer(
        consultation=consultation, by=world.users["operator"], office=world.office_a, note="继承"
    )


def _urls(referred) -> dict[str, str]:
    ref = referred.reference
    return {
        "ask": "/consult/",
        "status": "/consult/status/",
        "book": "/consult/book/?matter=will",
        "sent": f"/consult/sent/{ref}/",
        "mine": "/consult/mine/",
        "mine_detail": f"/consult/mine/{ref}/",
        "hotline_queue": "/hotline/consultations/",
        "hotline_record": "/hotline/consultations/new/",
        "hotline_detail": f"/hotline/consultations/{ref}/",
        "hotline_book": "/hotline/consultations/book/?matter=will",
        "desk": "/consult/desk/",
        "desk_detail": f"/consult/desk/{ref}/",
        "overdue": "/bureau/consultations/overdue/",
    }


def test_every_address_is_in_the_matrix(referred):
    assert set(_urls(referred)) == set(EXPECTED)


@pytest.mark.parametrize("role", ROLES)
def test_every_consultation_address_for_every_role(world, referred, client, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    for name, url in _urls(referred).items():
        response = client.get(url)
        expected = EXPECTED[name][role]
        if expected == "login":
            assert response.status_code == 302, (name, role)
            assert "/accounts/login/" in response.url, (name, role)
        else:
            assert response.status_code == expected, (name, role, response.status_code)


@pytest.mark.parametrize(
    "role", ["anonymous", "resident", "other_resident", "clerk_b", "legal_aid"]
)
def test_outsiders_cannot_work_on_a_request_by_posting(world, referred, role):
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    for url, action in [
        (f"/hotline/consultations/{referred.reference}/", "take"),
        (f"/consult/desk/{referred.reference}/", "accept"),
    ]:
        response = client.post(url, {"action": action})
        assert response.status_code in (302, 404), (role, url)
        if response.status_code == 302:
            assert "/accounts/login/" in response.url
    referred.refresh_from_db()
    assert referred.status == "referred" and referred.owner_user == world.users["operator"]


def test_only_the_owner_answers_once_a_referral_is_accepted(world, referred):
    accepted = consultation_accept(consultation=referred, by=world.users["clerk_a"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(UserFactory(role=User.Role.HOTLINE_OPERATOR))
    page = client.get(f"/hotline/consultations/{accepted.reference}/")
    assert "Record the answer" not in page.content.decode()
    client.post(
        f"/hotline/consultations/{accepted.reference}/",
        {"action": "answer", "answer-answer": "我来答"},
    )
    accepted.refresh_from_db()
    assert accepted.status == "taken" and accepted.answer == ""
