"""Every legal-aid address for every role, from the outside: who gets the page, who is sent to
sign in, and who is told it does not exist (404, never 403)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from legalaid import services
from tests.casework.conftest import PDF

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "resident",
    "other_resident",
    "clerk",
    "staff_a",
    "staff_b",
    "operator",
    "bureau",
]


@pytest.fixture
def application(world):
    return services.application_submit(
        applicant=world.users["resident"],
        centre=world.centre,
        case_kind=world.kind,
        applicant_name="王申请",
        applicant_phone="13900001111",
        case_description="拖欠工资",
        ground="migrant_worker",
        consent=True,
        uploads=[services.Upload(position=1, file=SimpleUploadedFile("a.pdf", PDF))],
    )


# 200: shown; "login": sent to sign in; 404: not there for this role.
EXPECTED = {
    "home": dict.fromkeys(ROLES, 200),
    "kind": dict.fromkeys(ROLES, 200),
    "apply": {**dict.fromkeys(ROLES, 200), "anonymous": "login"},
    "mine": {**dict.fromkeys(ROLES, 200), "anonymous": "login"},
    "status": {**dict.fromkeys(ROLES, 404), "anonymous": "login", "resident": 200},
    "queue": {
        **dict.fromkeys(ROLES, 404),
        "anonymous": "login",
        "staff_a": 200,
        "staff_b": 200,
        "bureau": 200,
    },
    "centre_application": {
        **dict.fromkeys(ROLES, 404),
        "anonymous": "login",
        "staff_a": 200,
        "bureau": 200,
    },
    "centre_file": {
        **dict.fromkeys(ROLES, 404),
        "anonymous": "login",
        "staff_a": 200,
        "bureau": 200,
    },
}


def _urls(world, application) -> dict[str, str]:
    stored = application.files.get()
    return {
        "home": "/legal-aid/",
        "kind": f"/legal-aid/cases/{world.kind.slug}/",
        "apply": f"/legal-aid/cases/{world.kind.slug}/apply/",
        "mine": "/legal-aid/applications/",
        "status": f"/legal-aid/applications/{application.reference}/",
        "queue": "/legal-aid/centre/",
        "centre_application": f"/legal-aid/centre/{application.reference}/",
        "centre_file": f"/legal-aid/centre/{application.reference}/files/{stored.pk}/",
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_legal_aid_address_for_every_role(world, application, client, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    for name, url in _urls(world, application).items():
        response = client.get(url)
        expected = EXPECTED[name][role]
        if expected == "login":
            assert response.status_code == 302, (name, role)
            assert "/accounts/login/" in response.url, (name, role)
        else:
            assert response.status_code == expected, (name, role, response.status_code)
