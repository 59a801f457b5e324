"""What cannot be read is refused before anything reads it: a form in a charset other than UTF-8,
bytes that do not decode, a NUL answer a 400 page in the visitor's language (never a 500), and a
method the portal does not use answers 405, on every URL."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from supervision.models import Opinion
from tests.portal.support import every_path, make_world

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
# (content type, body): each one made Django raise while the CSRF check read the form, then
# raise again in its own 400 page (which reads the CSRF token from the form too): a 500.
UNREADABLE = [
    pytest.param(f"{FORM}; charset=x-unknown", b"body=%E4%BD%A0", id="unknown-charset"),
    pytest.param(f"{FORM}; charset=utf-16", b"\xff\xd8body=\x00\xd8", id="utf-16-undecodable"),
    pytest.param(f"{FORM}; charset=latin-1", b"body=caf%E9", id="latin-1-form"),
    pytest.param(FORM, b"body=%FF%FE%C0%80", id="not-utf-8-bytes"),
    pytest.param(FORM, b"body=\xe4\xb8", id="truncated-utf-8"),
    pytest.param(
        "multipart/form-data; boundary=XX; charset=utf-16",
        b'--XX\r\nContent-Disposition: form-data; name="body"\r\n\r\n\xff\xfe\r\n--XX--\r\n',
        id="multipart-utf-16",
    ),
    pytest.param(
        "multipart/form-data; boundary=XX; charset=x-unknown",
        b'--XX\r\nContent-Disposition: form-data; name="body"\r\n\r\nhello\r\n--XX--\r\n',
        id="multipart-unknown-charset",
    ),
    pytest.param(FORM, b"body=a%00b", id="nul"),
]


def browser(language: str) -> Client:
    """A browser that asked for `language`, holds a CSRF cookie, and is not a test shortcut:
    CSRF is enforced and exceptions become responses, as in production."""
    client = Client(
        enforce_csrf_checks=True, raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language
    )
    assert client.get("/opinions/new/").status_code == 200
    assert settings.CSRF_COOKIE_NAME in client.cookies
    return client


@pytest.mark.parametrize(("content_type", "body"), UNREADABLE)
def test_an_unreadable_form_is_a_400_in_chinese_for_a_chinese_browser(content_type, body):
    response = browser("zh-CN,zh;q=0.9").generic("POST", "/opinions/new/", body, content_type)
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="zh-Hans">' in page
    assert "请求无效" in page and "无法读取您提交的内容" in page and "12348" in page
    assert "Bad request" not in page
    assert response["Content-Language"] == "zh-hans"
    assert not Opinion.objects.exists()


@pytest.mark.parametrize(("content_type", "body"), UNREADABLE)
def test_an_unreadable_form_is_a_400_in_english_for_an_english_browser(content_type, body):
    response = browser("en-GB,en;q=0.8").generic("POST", "/accounts/login/", body, content_type)
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Bad request" in page and "We could not read what you sent" in page
    assert "请求无效" not in page
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]


def test_the_language_cookie_wins_over_the_browser_language_as_on_every_page():
    client = browser("zh-CN")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.generic("POST", "/opinions/new/", b"body=%FF", f"{FORM}; charset=x-unknown")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_an_unreadable_request_to_the_api_is_a_json_400():
    response = Client(raise_request_exception=False).generic(
        "POST", "/api/v1/matters", b"x=1", f"{FORM}; charset=x-unknown"
    )
    assert response.status_code == 400
    assert response.json() == {"error": "bad_request", "detail": "Unknown character set."}


def test_a_get_with_an_unknown_charset_header_is_refused_too():
    response = Client(raise_request_exception=False).get(
        "/matters/", CONTENT_TYPE="text/plain; charset=x-unknown"
    )
    assert response.status_code == 400


def test_utf_8_under_another_spelling_is_read_as_utf_8(client):
    """Django accepts only the spelling "utf-8"; "UTF8" is the same codec and some clients send it."""
    response = client.generic(
        "POST", "/i18n/setlang/", b"language=en&next=/matters/", f"{FORM}; charset=UTF8"
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_a_form_in_utf_8_passes_the_filter():
    client = browser("en")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        "/i18n/setlang/",
        {"language": "zh-hans", "next": "/matters/", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_the_filter_runs_before_the_csrf_check_reads_the_form():
    middleware = settings.MIDDLEWARE
    ours = middleware.index("portal.middleware.RejectMalformedRequestMiddleware")
    assert ours < middleware.index("django.middleware.csrf.CsrfViewMiddleware")
    assert ours < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")


# --- methods ------------------------------------------------------------------------------------


@pytest.fixture
def world(db):
    return make_world()


def test_every_url_pattern_resolves_to_a_concrete_path(world):
    paths = every_path(world.samples)
    assert len(paths) > 100
    unresolved = []
    for path in paths:
        try:
            resolve(path)
        except Resolver404:
            unresolved.append(path)
    assert not unresolved


@pytest.mark.parametrize("who", ["anonymous", "resident", "bureau"])
def test_put_patch_and_delete_answer_405_on_every_url(client, world, who):
    if who != "anonymous":
        client.force_login(world.users[who])
    wrong = []
    for path in every_path(world.samples):
        for method in ("PUT", "PATCH", "DELETE"):
            status = client.generic(method, path).status_code
            if status != 405:
                wrong.append(f"{method} {path}: {status}")
    assert not wrong, "\n".join(wrong)


def test_list_pages_answer_405_to_put_and_delete(client, world):
    client.force_login(world.users["resident"])
    for path in ("/matters/", "/offices/", "/appointments/", "/events/"):
        refused = client.put(path)
        assert refused.status_code == 405, path
        assert refused["Allow"] == "GET, HEAD, OPTIONS, POST"
        assert client.delete(path).status_code == 405, path
        assert client.get(path).status_code == 200, path
        assert client.head(path).status_code == 200, path
    client.force_login(world.users["clerk"])
    for path in ("/staff/agenda/", "/staff/home-visits/", "/bureau/opinions/"):
        assert client.put(path).status_code == 405, path
        assert client.delete(path).status_code == 405, path


def test_the_api_answers_405_in_json(client):
    response = client.delete("/api/v1/offices")
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_other_methods_are_refused_too(client):
    for method in ("TRACE", "CONNECT", "PROPFIND", "BREW"):
        assert client.generic(method, "/").status_code == 405, method


def _read_only_pages(world) -> dict[str, list[str]]:
    """The pages only ever read, by the role that may read them."""
    ref = world.appointment.reference
    code, slug = world.bookable.matter.code, world.bookable.office.slug
    return {
        "anonymous": [
            "/",
            "/matters/",
            f"/matters/{code}/",
            "/offices/",
            f"/offices/{slug}/",
            "/book/",
            f"/book/{code}/",
            f"/book/{code}/{slug}/",
            "/events/",
        ],
        "resident": [
            "/appointments/",
            f"/appointments/{ref}/",
            f"/appointments/{ref}/calendar.ics",
            "/opinions/mine/",
        ],
        "clerk": [
            "/staff/",
            f"/staff/appointments/{ref}/",
            "/staff/agenda/",
            "/staff/search/",
            "/staff/notaries/",
            "/staff/home-visits/",
            "/events/manage/",
            "/bureau/opinions/",
            "/bureau/statistics/",
        ],
        "operator": [
            "/hotline/",
            f"/hotline/matters/{code}/",
            f"/hotline/matters/{code}/{slug}/",
            f"/hotline/bookings/{world.hotline_record.appointment.reference}/",
        ],
        "bureau": ["/bureau/blacklist/", "/bureau/draws/"],
    }


@pytest.mark.parametrize("who", ["anonymous", "resident", "clerk", "operator", "bureau"])
def test_a_page_that_is_only_read_answers_405_to_a_post(client, world, who):
    if who != "anonymous":
        client.force_login(world.users[who])
    wrong = []
    for path in _read_only_pages(world)[who]:
        assert client.get(path).status_code == 200, path
        if (status := client.post(path).status_code) != 405:
            wrong.append(f"POST {path}: {status}")
    assert not wrong, "\n".join(wrong)
