"""One permission matrix over every staff, bureau and hotline page: each role gets exactly the
access it should. Objects of another office are a 404, never a 403 that leaks they exist.

The POST-only actions are covered by each area's own matrix (tests/<app>/...)."""

import pytest

from appointments.services import appointment_book
from tests.appointments.conftest import at, make_bookable, make_resident
from tests.factories import NotaryFactory, OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "clerk_a", "clerk_b", "operator", "bureau"]
OK, LOGIN, HIDDEN = 200, 302, 404

STAFF = {
    "anonymous": LOGIN,
    "resident": HIDDEN,
    "clerk_a": OK,
    "clerk_b": OK,
    "operator": HIDDEN,
    "bureau": OK,
}
OFFICE_A = {**STAFF, "clerk_b": HIDDEN}
BUREAU = {**STAFF, "clerk_a": HIDDEN, "clerk_b": HIDDEN}
HOTLINE = {**STAFF, "clerk_a": HIDDEN, "clerk_b": HIDDEN, "operator": OK}


@pytest.fixture
def world():
    bookable = make_bookable()
    owner = make_resident(email="owner@example.com")
    appointment = appointment_book(
        resident=owner,
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 9),
    )
    office_b = OfficeFactory(slug="office-b")
    NotaryFactory(office=office_b)
    users = {
        "resident": owner,
        "clerk_a": UserFactory(role="office_staff", office=bookable.office),
        "clerk_b": UserFactory(role="office_staff", office=office_b),
        "operator": UserFactory(role="hotline_operator"),
        "bureau": UserFactory(role="bureau_admin"),
    }
    return bookable, appointment, users


def _pages(bookable, appointment):
    ref = appointment.reference
    return [
        ("/staff/", STAFF),
        (f"/staff/appointments/{ref}/", OFFICE_A),
        ("/staff/agenda/", STAFF),
        (f"/staff/agenda/?date={bookable.day.isoformat()}", STAFF),
        (
            f"/staff/agenda/print/?date={bookable.day.isoformat()}&notary={bookable.notary.pk}",
            OFFICE_A,
        ),
        ("/staff/search/?q=测试", STAFF),
        ("/staff/notaries/", STAFF),
        (f"/staff/notaries/{bookable.notary.pk}/schedule/", OFFICE_A),
        ("/staff/home-visits/", STAFF),
        ("/bureau/opinions/", STAFF),
        ("/bureau/statistics/", STAFF),
        ("/bureau/draws/", BUREAU),
        ("/bureau/draws/new/", BUREAU),
        ("/bureau/blacklist/", BUREAU),
        ("/bureau/blacklist/add/", BUREAU),
        ("/events/manage/", STAFF),
        ("/events/manage/new/", STAFF),
        ("/hotline/", HOTLINE),
        ("/hotline/lookup/", HOTLINE),
        (f"/hotline/matters/{bookable.matter.code}/", HOTLINE),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_staff_bureau_and_hotline_page_answers_each_role_as_it_should(client, world, role):
    bookable, appointment, users = world
    if role != "anonymous":
        client.force_login(users[role])
    wrong = []
    for url, expected in _pages(bookable, appointment):
        status = client.get(url).status_code
        if status != expected[role]:
            wrong.append(f"{url}: {status}, expected {expected[role]}")
    assert not wrong, "\n".join(wrong)


def test_a_clerk_search_never_finds_another_offices_appointment(client, world):
    _bookable, appointment, users = world
    client.force_login(users["clerk_b"])
    link = f'href="/staff/appointments/{appointment.reference}/"'
    assert link not in client.get(f"/staff/search/?q={appointment.reference}").content.decode()
    assert link not in client.get("/staff/search/?q=测试").content.decode()
    client.force_login(users["clerk_a"])
    found = client.get("/staff/search/?q=测试", follow=True).content.decode()
    assert appointment.reference in found
