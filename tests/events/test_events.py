"""Public-welfare events: the public list, sign-up with its capacity, and the offices' pages."""

import datetime as dt
import html
import re
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from accounts.models import User
from events import errors
from events.models import Event, EventSignup
from events.services import event_create, event_signup_create, event_update
from tests.appointments.conftest import make_resident

pytestmark = pytest.mark.django_db


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def make_event(office, by, *, capacity=20, days=10, **fields):
    starts = timezone.now() + dt.timedelta(days=days)
    values = {
        "title_zh": "社区法律咨询",
        "title_en": "Community legal advice",
        "description": "Bring your questions about wills and inheritance.",
        "place": "Chaoyang community centre",
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=2),
        "capacity": capacity,
    } | fields
    return event_create(office=office, by=by, **values)


@pytest.fixture
def an_event(people):
    return make_event(people.office_a, people.clerk_a)


# --- the public side ------------------------------------------------------------------------------


def test_the_public_list_shows_upcoming_events_in_the_visitors_language(
    client,
    people,
    an_event,
):
    make_event(people.office_b, people.clerk_b, days=-3, title_en="Held last week")
    english = client.get("/events/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Community legal advice" in text(english)
    assert "Held last week" not in text(english)
    chinese = client.get("/events/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert "社区法律咨询" in text(chinese)
    assert "Community legal advice" not in text(chinese)


def test_a_resident_signs_up_once(english, people, an_event):
    english.force_login(people.resident)
    response = english.post(f"/events/{an_event.pk}/")
    assert response.status_code == 302
    assert EventSignup.objects.filter(event=an_event, resident=people.resident).count() == 1
    assert "You signed up" in text(english.get(f"/events/{an_event.pk}/"))

    again = english.post(f"/events/{an_event.pk}/")
    assert again.status_code == 400
    assert "already signed up" in text(again)
    assert EventSignup.objects.count() == 1


def test_the_duplicate_is_refused_by_the_service(people, an_event):
    event_signup_create(event=an_event, resident=people.resident)
    with pytest.raises(errors.AlreadySignedUp):
        event_signup_create(event=an_event, resident=people.resident)


def test_two_sign_ups_for_the_last_place_give_it_to_one(english, people):
    event = make_event(people.office_a, people.clerk_a, capacity=2)
    event_signup_create(event=event, resident=make_resident(email="first@example.com"))

    event_signup_create(event=event, resident=people.resident)
    with pytest.raises(errors.EventFull):
        event_signup_create(event=event, resident=people.other_resident)
    assert EventSignup.objects.filter(event=event).count() == 2

    english.force_login(people.other_resident)
    page = english.get(f"/events/{event.pk}/")
    assert "This event is full" in text(page)
    refused = english.post(f"/events/{event.pk}/")
    assert refused.status_code == 400
    assert 'role="alert"' in refused.content.decode()
    assert "full" in text(refused)


def test_an_anonymous_visitor_signs_in_first(client, an_event):
    page = client.get(f"/events/{an_event.pk}/")
    assert page.status_code == 200
    response = client.post(f"/events/{an_event.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not EventSignup.objects.exists()


@pytest.mark.parametrize("who", ["clerk_a", "admin", "operator"])
def test_only_residents_sign_up(client, people, an_event, who):
    client.force_login(getattr(people, who))
    assert client.post(f"/events/{an_event.pk}/").status_code == 400
    assert not EventSignup.objects.exists()


def test_sign_up_closes_when_the_event_starts(people):
    event = make_event(people.office_a, people.clerk_a, days=-1)
    with pytest.raises(errors.SignupClosed):
        event_signup_create(event=event, resident=people.resident)


# --- the offices' side ----------------------------------------------------------------------------


def form_data(**fields):
    return {
        "title_zh": "遗嘱咨询日",
        "title_en": "Will advice day",
        "description": "Free.",
        "place": "Office hall",
        "starts_at": "2031-05-06T09:00",
        "ends_at": "2031-05-06T11:30",
        "capacity": "15",
    } | fields


def test_a_clerk_publishes_an_event_of_their_own_office(client, people):
    client.force_login(people.clerk_a)
    response = client.post(
        "/events/manage/new/", form_data(office=str(people.office_b.pk))
    )  # the office field is not theirs to choose
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.office == people.office_a
    assert event.created_by == people.clerk_a
    assert timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M") == "2031-05-06 09:00"
    assert event.history.count() == 1


def test_a_bureau_admin_publishes_for_any_office(client, people):
    client.force_login(people.admin)
    response = client.post("/events/manage/new/", form_data(office=str(people.office_b.pk)))
    assert response.status_code == 302
    assert Event.objects.get().office == people.office_b


def test_an_event_that_ends_before_it_starts_is_refused_and_input_kept(
    english,
    people,
):
    english.force_login(people.clerk_a)
    response = english.post("/events/manage/new/", form_data(ends_at="2031-05-06T08:00"))
    assert response.status_code == 400
    content = response.content.decode()
    assert 'role="alert"' in content
    assert "end after it starts" in text(response)
    assert 'value="Will advice day"' in content
    assert not Event.objects.exists()


def test_the_places_cannot_drop_below_the_sign_ups(english, people, an_event):
    event_signup_create(event=an_event, resident=people.resident)
    event_signup_create(event=an_event, resident=people.other_resident)
    with pytest.raises(errors.CapacityBelowSignups):
        event_update(
            event=an_event,
            by=people.clerk_a,
            title_zh=an_event.title_zh,
            description=an_event.description,
            place=an_event.place,
            starts_at=an_event.starts_at,
            ends_at=an_event.ends_at,
            capacity=1,
        )
    english.force_login(people.clerk_a)
    page = english.get(f"/events/manage/{an_event.pk}/")
    assert "Signed up: 2 of 20" in text(page)
    assert "138****8000" in text(page)


def test_the_manage_list_is_scoped_to_the_office(client, people, an_event):
    other = make_event(people.office_b, people.clerk_b, title_zh="东区咨询")
    client.force_login(people.clerk_b)
    listing = text(client.get("/events/manage/"))
    assert "东区咨询" in listing
    assert "社区法律咨询" not in listing
    assert client.get(f"/events/manage/{an_event.pk}/").status_code == 404
    client.force_login(people.admin)
    listing = text(client.get("/events/manage/"))
    assert "东区咨询" in listing and "社区法律咨询" in listing
    assert other.pk


# --- the race for the last place, for real ---------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_sign_ups_for_the_last_place_give_it_to_exactly_one():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; CI runs this test there")
    from tests.factories import OfficeFactory, UserFactory

    office = OfficeFactory()
    clerk = UserFactory(role=User.Role.OFFICE_STAFF, office=office)
    event = make_event(office, clerk, capacity=1)
    residents = [make_resident(email=f"race{i}@example.com") for i in range(8)]
    barrier = threading.Barrier(len(residents))
    results = [None] * len(residents)

    def sign_up(index, resident):
        try:
            barrier.wait()
            results[index] = event_signup_create(event=event, resident=resident)
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(i, r)) for i, r in enumerate(residents)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sum(isinstance(r, EventSignup) for r in results) == 1
    assert sum(isinstance(r, errors.EventFull) for r in results) == len(residents) - 1
    assert EventSignup.objects.filter(event=event).count() == 1
