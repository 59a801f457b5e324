"""Pages with personal data are never kept by a shared proxy or a browser cache
(`Cache-Control: private, no-store`, `Vary: Cookie`); public pages seen anonymously and the open
data API keep their caching."""

import pytest

from casework.services import material_submission_create
from tests.casework.conftest import PDF, upload
from tests.portal.support import every_path, make_world

pytestmark = pytest.mark.django_db

ROLES = ["resident", "clerk", "operator", "bureau"]


def directives(response) -> set[str]:
    return {
        part.strip().split("=")[0].lower()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }


def is_private(response) -> bool:
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
    return {"private", "no-store"} <= directives(response) and "cookie" in vary


@pytest.fixture
def world(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    return make_world()


def _private_pages(world) -> dict[str, list[str]]:
    """Each role's own pages with personal data: every one answers that role 200."""
    ref = world.appointment.reference
    code, slug = world.bookable.matter.code, world.bookable.office.slug
    day = world.bookable.day.isoformat()
    notary = world.bookable.notaries[0].pk
    submission = material_submission_create(
        appointment=world.appointment,
        material=world.bookable.matter.materials.first(),
        by=world.users["resident"],
        file=upload("scan.pdf", PDF),
    )
    return {
        "resident": [
            "/appointments/",
            f"/appointments/{ref}/",
            f"/appointments/{ref}/calendar.ics",
            f"/appointments/{ref}/cancel/",
            f"/appointments/{ref}/reschedule/",
            f"/appointments/{ref}/materials/",
            f"/appointments/{ref}/materials/{submission.pk}/",
            f"/appointments/{ref}/post/",
            "/accounts/profile/",
            "/opinions/mine/",
            # Public pages too, once signed in: the menu shows who is.
            "/",
            "/matters/",
            f"/offices/{slug}/",
        ],
        "clerk": [
            "/staff/",
            f"/staff/appointments/{ref}/",
            "/staff/agenda/",
            f"/staff/agenda/?date={day}",
            f"/staff/agenda/print/?date={day}&notary={notary}",
            f"/staff/search/?q={ref}",
            "/staff/notaries/",
            f"/staff/notaries/{notary}/schedule/",
            "/staff/home-visits/",
            "/staff/calendar-conflicts/",
            "/bureau/opinions/",
            "/bureau/statistics/",
            "/bureau/statistics/?format=csv",
            "/events/manage/",
        ],
        "operator": [
            "/hotline/",
            f"/hotline/?q={code}",
            "/hotline/lookup/",
            f"/hotline/matters/{code}/",
            f"/hotline/matters/{code}/{slug}/",
            f"/hotline/bookings/{world.hotline_record.appointment.reference}/",
        ],
        "bureau": [
            "/staff/",
            "/bureau/blacklist/",
            "/bureau/blacklist/add/",
            "/bureau/draws/",
            "/bureau/draws/new/",
            "/bureau/opinions/",
            "/bureau/statistics/",
            "/bureau/statistics/?format=csv",
        ],
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_page_with_personal_data_is_private_and_never_stored(client, world, role):
    client.force_login(world.users[role])
    wrong = []
    for url in _private_pages(world)[role]:
        response = client.get(url)
        if response.status_code != 200:
            wrong.append(f"{url}: HTTP {response.status_code}")
        elif not is_private(response):
            wrong.append(f"{url}: Cache-Control {response.get('Cache-Control')!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_every_url_in_a_private_area_is_never_stored_whoever_asks(client, world, role):
    """Over every URL pattern: whatever the answer (a page, a redirect to sign in, a 404, a 405
    for a POST-only action), nothing under a private area reaches a cache."""
    if role != "anonymous":
        client.force_login(world.users[role])
    private = ("/appointments/", "/accounts/", "/staff/", "/bureau/", "/hotline/", "/admin/")
    paths = [path for path in every_path(world.samples) if path.startswith(private)]
    # The admin has 200 patterns of its own: one of each kind of page is enough.
    paths = [path for path in paths if not path.startswith("/admin/")] + [
        "/admin/",
        "/admin/blacklist/blacklistentry/",
        "/admin/accounts/user/1/change/",
    ]
    leaky = [path for path in paths if not is_private(client.get(path))]
    assert not leaky, "\n".join(leaky)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_shown_to_a_signed_in_user_is_never_stored(client, world, role):
    client.force_login(world.users[role])
    paths = [
        path
        for path in every_path(world.samples, admin=False)
        if not path.startswith(("/api/", "/accounts/logout/"))
    ]
    leaky = [path for path in paths if not is_private(client.get(path))]
    assert not leaky, "\n".join(leaky)


def _public_pages(world) -> list[str]:
    code, slug = world.bookable.matter.code, world.bookable.office.slug
    return [
        "/",
        "/matters/",
        f"/matters/{code}/",
        "/offices/",
        f"/offices/{slug}/",
        "/events/",
        "/book/",
        f"/book/{code}/",
        f"/book/{code}/{slug}/",
        "/opinions/new/",
        "/api/v1/matters",
        f"/api/v1/matters/{code}",
        "/api/v1/offices",
        f"/api/v1/offices/{slug}",
    ]


def test_public_pages_seen_anonymously_keep_their_caching(client, world):
    for url in _public_pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not {"no-store", "private"} & directives(response), url


@pytest.mark.parametrize("role", ROLES)
def test_the_open_data_api_keeps_its_caching_for_signed_in_users_too(client, world, role):
    client.force_login(world.users[role])
    for url in _public_pages(world):
        if url.startswith("/api/"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "no-store" not in directives(response), url


def test_a_file_download_keeps_its_own_no_store(client, world):
    """The download view set `private, no-store` itself; the rule adds to it, never loosens it."""
    client.force_login(world.users["resident"])
    page = _private_pages(world)["resident"]
    download = next(url for url in page if "/materials/" in url and url.rstrip("/")[-1].isdigit())
    response = client.get(download)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
