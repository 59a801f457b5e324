import html
import re

import pytest
from django.utils import timezone

from appointments import errors
from appointments.models import Appointment
from blacklist.models import BlacklistEntry, BookingAttempt
from blacklist.services import blacklist_entry_lift
from tests.appointments.conftest import make_resident, valid_id_number
from tests.factories import OfficeFactory

from .conftest import at, yesterday

pytestmark = pytest.mark.django_db


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture
def as_admin(english, world):
    english.force_login(world.admin)
    return english


# --- the hook in the resident's booking wizard --------------------------------------------------


def test_blacklisted_resident_gets_the_polite_message_in_the_wizard_and_nothing_is_booked(
    english, world
):
    entry = world.blacklist()
    english.force_login(world.resident)
    starts_at = at(world.bookable.day, 9)
    response = english.post(
        f"/book/{world.matter.code}/{world.office.slug}/review/",
        {"start": starts_at.isoformat(), "copies": 1, "parties": 1},
    )
    assert response.status_code == 400
    page = text(response)
    assert "We cannot take this booking online. Please contact the notary office in person." in page
    assert "blacklist" not in page.lower()
    assert not Appointment.objects.exists()
    attempt = BookingAttempt.objects.get()
    assert (attempt.entry, attempt.channel, attempt.resident) == (entry, "web", world.resident)
    assert attempt.office == world.office


def test_wizard_books_normally_once_the_entry_is_lifted(english, world):
    entry = world.blacklist()
    blacklist_entry_lift(entry=entry, by=world.admin, reason="Overturned on appeal.")
    english.force_login(world.resident)
    response = english.post(
        f"/book/{world.matter.code}/{world.office.slug}/review/",
        {"start": at(world.bookable.day, 9).isoformat(), "copies": 1, "parties": 1},
    )
    assert response.status_code == 302
    assert Appointment.objects.filter(resident=world.resident).exists()


# --- permissions ----------------------------------------------------------------------------------


def _urls(entry) -> list[tuple[str, str]]:
    return [
        ("get", "/bureau/blacklist/"),
        ("get", "/bureau/blacklist/?status=lifted"),
        ("get", "/bureau/blacklist/add/"),
        ("post", "/bureau/blacklist/add/"),
        ("get", f"/bureau/blacklist/{entry.pk}/"),
        ("get", f"/bureau/blacklist/{entry.pk}/lift/"),
        ("post", f"/bureau/blacklist/{entry.pk}/lift/"),
    ]


@pytest.mark.parametrize("who", ["resident", "clerk", "operator"])
def test_blacklist_pages_are_404_for_everyone_but_bureau_admins(client, world, who):
    entry = world.blacklist()
    client.force_login(getattr(world, who))
    for method, url in _urls(entry):
        response = getattr(client, method)(url, {"reason": "x"} if method == "post" else None)
        assert response.status_code == 404, (who, method, url)
    entry.refresh_from_db()
    assert entry.lifted_at is None
    assert BlacklistEntry.objects.count() == 1


def test_blacklist_pages_send_anonymous_visitors_to_sign_in(client, world):
    entry = world.blacklist()
    for method, url in _urls(entry):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith("/accounts/login/"), url


def test_blacklist_pages_are_open_to_bureau_admins(as_admin, world):
    entry = world.blacklist()
    for url in (
        "/bureau/blacklist/",
        "/bureau/blacklist/?status=lifted",
        "/bureau/blacklist/?status=all&q=测试",
        "/bureau/blacklist/add/",
        f"/bureau/blacklist/{entry.pk}/",
    ):
        assert as_admin.get(url).status_code == 200, url
    # The lift address only takes the form's POST; a GET goes back to the entry.
    response = as_admin.get(f"/bureau/blacklist/{entry.pk}/lift/")
    assert response.status_code == 302
    assert response["Location"] == f"/bureau/blacklist/{entry.pk}/"
    assert as_admin.get("/bureau/blacklist/999999/").status_code == 404


def test_an_inactive_bureau_admin_is_signed_out(client, world):
    world.admin.is_active = False
    world.admin.save()
    client.force_login(world.admin)
    # The authentication backend refuses inactive accounts: the visitor is anonymous again.
    assert client.get("/bureau/blacklist/").status_code == 302


# --- the pages ------------------------------------------------------------------------------------


def test_admin_adds_a_person_and_sees_only_the_masked_number(as_admin, world):
    number = valid_id_number(321)
    response = as_admin.post(
        "/bureau/blacklist/add/",
        {
            "id_number": number[:6] + " " + number[6:].lower(),
            "name": "王某",
            "reason": "Forged a household register.",
            "office": world.office.pk,
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": "",
        },
    )
    entry = BlacklistEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/bureau/blacklist/{entry.pk}/"
    assert entry.ends_on is None
    assert entry.created_by == world.admin
    detail = as_admin.get(response["Location"])
    assert number not in detail.content.decode()
    assert entry.id_number_masked in text(detail)
    listing = as_admin.get("/bureau/blacklist/")
    assert "王某" in text(listing)
    assert number not in listing.content.decode()


def test_add_form_gives_the_specific_id_number_message_and_keeps_the_input(as_admin, world):
    bad = valid_id_number(321)[:-1] + ("0" if valid_id_number(321)[-1] != "0" else "1")
    response = as_admin.post(
        "/bureau/blacklist/add/",
        {
            "id_number": bad,
            "name": "王某",
            "reason": "Forged a household register.",
            "office": world.office.pk,
            "starts_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "The check digit does not match — please check the number." in text(response)
    assert 'role="alert"' in content
    assert f'value="{bad}"' in content
    assert "Forged a household register." in content
    assert not BlacklistEntry.objects.exists()


def test_add_form_refuses_an_end_before_the_start(as_admin, world):
    response = as_admin.post(
        "/bureau/blacklist/add/",
        {
            "id_number": valid_id_number(322),
            "name": "王某",
            "reason": "x",
            "office": world.office.pk,
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": yesterday().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "The end date cannot be before the start date." in text(response)


def test_lift_form_needs_a_reason_then_records_the_lift(as_admin, world):
    entry = world.blacklist()
    refused = as_admin.post(f"/bureau/blacklist/{entry.pk}/lift/", {"reason": "  "})
    assert refused.status_code == 400
    assert 'role="alert"' in refused.content.decode()
    entry.refresh_from_db()
    assert entry.lifted_at is None

    response = as_admin.post(
        f"/bureau/blacklist/{entry.pk}/lift/", {"reason": "Overturned on appeal."}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.lifted_by, entry.lift_reason) == (world.admin, "Overturned on appeal.")
    page = text(as_admin.get(f"/bureau/blacklist/{entry.pk}/"))
    assert "Overturned on appeal." in page
    assert "Lift the entry" not in page

    again = as_admin.post(f"/bureau/blacklist/{entry.pk}/lift/", {"reason": "Again."}, follow=True)
    assert "already been lifted" in text(again)
    entry.refresh_from_db()
    assert entry.lift_reason == "Overturned on appeal."


def test_list_filters_in_force_and_lifted(as_admin, world):
    kept = world.blacklist(name="甲某")
    gone = world.blacklist(make_resident(email="b@example.com"), name="乙某")
    blacklist_entry_lift(entry=gone, by=world.admin, reason="Served.")
    in_force = text(as_admin.get("/bureau/blacklist/"))
    assert kept.name in in_force
    assert gone.name not in in_force
    lifted = text(as_admin.get("/bureau/blacklist/?status=lifted"))
    assert gone.name in lifted
    assert kept.name not in lifted
    everything = text(as_admin.get("/bureau/blacklist/?status=all"))
    assert kept.name in everything
    assert gone.name in everything
    # A full identity number finds the entry by its hash.
    found = text(
        as_admin.get("/bureau/blacklist/", {"status": "all", "q": world.resident.id_number})
    )
    assert kept.name in found
    assert gone.name not in found


def test_detail_shows_refused_attempts(as_admin, world):
    entry = world.blacklist()
    with pytest.raises(errors.Blacklisted):
        world.book()
    page = text(as_admin.get(f"/bureau/blacklist/{entry.pk}/"))
    assert "Refused booking attempts" in page
    assert world.office.name in page
    assert "No refused attempt so far." not in page


def _fill(world, count: int, start: int) -> None:
    for index in range(count):
        resident = make_resident(email=f"p{start + index}@example.com")
        entry = world.blacklist(resident, office=OfficeFactory(), name=f"某{start + index}")
        with pytest.raises(errors.Blacklisted):
            world.book(resident)
        if index % 2:
            blacklist_entry_lift(entry=entry, by=world.admin, reason="Served.")


@pytest.mark.parametrize("status", ["in_force", "lifted", "all"])
def test_list_query_count_does_not_grow_with_entries(
    as_admin, world, django_assert_max_num_queries, status
):
    _fill(world, 2, 0)
    with django_assert_max_num_queries(12) as small:
        assert as_admin.get("/bureau/blacklist/", {"status": status}).status_code == 200
    _fill(world, 12, 100)
    with django_assert_max_num_queries(len(small)) as large:
        assert as_admin.get("/bureau/blacklist/", {"status": status}).status_code == 200
    assert len(large) == len(small)
