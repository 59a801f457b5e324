"""Every `/bureau/...` and `/events/manage/...` page, for every kind of visitor.

Anonymous visitors are sent to sign in; anyone signed in outside the page's scope gets a 404 (never
a 403 that would tell them the thing exists)."""

import datetime as dt

import pytest
from django.utils import timezone

from events.services import event_create
from supervision.services import opinion_create, return_visit_draw_run
from tests.supervision.conftest import beijing, past_appointment

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "clerk_a", "clerk_b", "operator", "admin"]
LOGIN = "login"

# What each role gets: 200, 404, or sent to sign in.
BUREAU_ONLY = dict.fromkeys(ROLES, 404) | {"anonymous": LOGIN, "admin": 200}
STAFF_ANY_OFFICE = BUREAU_ONLY | {"clerk_a": 200, "clerk_b": 200}
OFFICE_A = BUREAU_ONLY | {"clerk_a": 200}

MATRIX = {
    "/bureau/opinions/": STAFF_ANY_OFFICE,
    "/bureau/opinions/{opinion}/": OFFICE_A,
    "/bureau/draws/": BUREAU_ONLY,
    "/bureau/draws/new/": BUREAU_ONLY,
    "/bureau/draws/{year}/": BUREAU_ONLY,
    "/bureau/draws/{year}/visits/{visit}/": BUREAU_ONLY,
    "/bureau/statistics/": STAFF_ANY_OFFICE,
    "/bureau/statistics/?office=central": OFFICE_A,
    "/bureau/statistics/?office=central&format=csv": OFFICE_A,
    "/events/manage/": STAFF_ANY_OFFICE,
    "/events/manage/new/": STAFF_ANY_OFFICE,
    "/events/manage/{event}/": OFFICE_A,
}
YEAR = 2024


@pytest.fixture
def objects(people):
    appointment = past_appointment(
        notary=people.notary_a, resident=people.resident, starts_at=beijing(YEAR, 5, 6)
    )
    draw = return_visit_draw_run(year=YEAR, seed=1, now=beijing(YEAR + 1, 1, 5))
    starts = timezone.now() + dt.timedelta(days=10)
    return {
        "opinion": opinion_create(kind="complaint", text="Slow.", office=people.office_a).pk,
        "year": draw.year,
        "visit": draw.visits.get(appointment=appointment).pk,
        "event": event_create(
            office=people.office_a,
            by=people.clerk_a,
            title_zh="社区咨询",
            title_en="Community advice",
            description="Free advice.",
            place="Community centre",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            capacity=20,
        ).pk,
    }


def _check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("pattern", list(MATRIX))
def test_get(client, people, objects, pattern, role):
    user = people.by_role(role)
    if user is not None:
        client.force_login(user)
    response = client.get(pattern.format(**objects))
    _check(response, MATRIX[pattern][role])


# The pages that change something: out of scope is refused before the form is even read.
POSTS = {
    "/bureau/opinions/{opinion}/": ({"text": "Answer."}, OFFICE_A),
    "/bureau/draws/new/": ({"year": str(YEAR - 1)}, BUREAU_ONLY),
    "/bureau/draws/{year}/visits/{visit}/": ({"status": "unreachable"}, BUREAU_ONLY),
    "/events/manage/{event}/": ({"title_zh": "改"}, OFFICE_A),
}


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("admin", "clerk_a")])
@pytest.mark.parametrize("pattern", list(POSTS))
def test_post_out_of_scope_changes_nothing(client, people, objects, pattern, role):
    from events.models import Event
    from supervision.models import OpinionAnswer, ReturnVisit, ReturnVisitDraw

    user = people.by_role(role)
    if user is not None:
        client.force_login(user)
    data, expected = POSTS[pattern]
    response = client.post(pattern.format(**objects), data)
    _check(response, expected[role])
    assert not OpinionAnswer.objects.exists()
    assert ReturnVisitDraw.objects.count() == 1
    assert not ReturnVisit.objects.exclude(status="pending").exists()
    assert Event.objects.get().title_zh == "社区咨询"
