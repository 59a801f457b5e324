"""Rate limits behind the reverse proxy: allauth's on signing in, the portal's on its write forms.

Every request comes from the proxy on loopback (REMOTE_ADDR 127.0.0.1) with the client's address
in X-Forwarded-For, as the README's deployment delivers them. The cache, where the counters live,
is emptied before each test (tests/conftest.py)."""

import datetime as dt
import html
import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import timezone

from accounts.models import User
from appointments.models import Appointment, HomeVisitRequest
from events.models import EventSignup
from events.services import event_create
from portal.ratelimit import parse_rates
from supervision.models import Opinion
from tests.appointments.conftest import at, make_bookable, make_resident
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-horse-42"  # tests.factories.UserFactory's
PROXY = "127.0.0.1"
ATTACKER = "203.0.113.66"
NEIGHBOUR = "198.51.100.7"
TOO_MANY_EN = "Be patient, you are sending too many requests."
TOO_MANY_ZH = "请稍等，您已经提交过多次请求。"


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def behind_proxy(address: str, *, language: str = "en") -> Client:
    """A browser at `address`, reaching the portal through the proxy."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address, HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def verified_user(email: str) -> User:
    user = UserFactory(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def sign_in(client: Client, email: str, password: str):
    return client.post("/accounts/login/", {"login": email, "password": password})


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- signing in (allauth's limits, through the portal's client address) ---------------------------


def test_ten_wrong_sign_ins_from_one_client_do_not_lock_out_another(one_proxy):
    verified_user("neighbour@example.com")
    verified_user("victim@example.com")
    attacker = behind_proxy(ATTACKER)
    for n in range(10):  # a different e-mail each time: no account's own limit is reached
        response = sign_in(attacker, f"guess{n}@example.com", "wrong-password")
        assert response.status_code == 200
        assert "The email address and/or password you specified are not correct." in text(response)

    # The attacking address is limited, even with a correct password of another account...
    limited = sign_in(attacker, "victim@example.com", PASSWORD)
    assert limited.status_code in (200, 429)
    assert "Too many failed login attempts. Try again later." in text(limited)
    assert not is_signed_in(attacker)

    # ...while a neighbour behind the same proxy signs in at once.
    neighbour = behind_proxy(NEIGHBOUR)
    response = sign_in(neighbour, "neighbour@example.com", PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(neighbour)


def test_a_spoofed_header_does_not_evade_the_limit_when_no_proxy_is_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    verified_user("victim@example.com")
    attacker = Client(REMOTE_ADDR="192.0.2.44", HTTP_ACCEPT_LANGUAGE="en")
    for n in range(10):
        sign_in(attacker, f"guess{n}@example.com", "wrong")
        attacker.defaults["HTTP_X_FORWARDED_FOR"] = f"10.0.0.{n + 1}"  # a new "address" each time
    attacker.defaults["HTTP_X_FORWARDED_FOR"] = "10.9.9.9"
    limited = sign_in(attacker, "victim@example.com", PASSWORD)
    assert "Too many failed login attempts. Try again later." in text(limited)
    assert not is_signed_in(attacker)


def test_failed_sign_ins_are_counted_per_account_across_addresses(one_proxy):
    verified_user("target@example.com")
    for n in range(5):  # five addresses, one wrong password each: no address is limited
        response = sign_in(behind_proxy(f"203.0.113.{n + 1}"), "target@example.com", "wrong")
        assert "Too many" not in text(response)
    limited = sign_in(behind_proxy("203.0.113.99"), "target@example.com", "wrong")
    assert "Too many failed login attempts. Try again later." in text(limited)
    # Another account from one of the same addresses is not affected.
    verified_user("other@example.com")
    other = behind_proxy("203.0.113.1")
    assert sign_in(other, "other@example.com", PASSWORD).status_code == 302


# --- the portal's own forms -----------------------------------------------------------------------


def test_rate_limit_syntax():
    assert [(r.amount, r.seconds, r.per) for r in parse_rates("5/10m, 3/h/user,20/30s/ip")] == [
        (5, 600, ("ip", "user")),
        (3, 3600, ("user",)),
        (20, 30, ("ip",)),
    ]


OPINION = {"kind": "opinion", "text": "The waiting room is too cold.", "contact": "me@example.com"}


def test_opinions_are_limited_per_address_with_the_input_kept(one_proxy, settings):
    assert settings.PORTAL_RATE_LIMITS["opinion"] == "5/10m"
    sender = behind_proxy(ATTACKER)
    for _ in range(5):
        assert sender.post("/opinions/new/", OPINION).status_code == 302
    refused = sender.post("/opinions/new/", OPINION)
    assert refused.status_code == 429
    assert TOO_MANY_EN in text(refused)
    assert "The waiting room is too cold." in refused.content.decode()  # the input is kept
    assert Opinion.objects.count() == 5

    # The limit is the sender's, not the proxy's: someone else still gets through.
    assert behind_proxy(NEIGHBOUR).post("/opinions/new/", OPINION).status_code == 302
    assert Opinion.objects.count() == 6


def test_the_limit_message_is_translated(one_proxy):
    sender = behind_proxy(ATTACKER, language="zh-CN,zh;q=0.9")
    for _ in range(5):
        sender.post("/opinions/new/", OPINION)
    refused = sender.post("/opinions/new/", OPINION)
    assert refused.status_code == 429
    assert TOO_MANY_ZH in text(refused)


def test_a_signed_in_sender_is_limited_per_account_whatever_the_address(one_proxy):
    resident = make_resident(email="writer@example.com")
    for n in range(5):
        client = behind_proxy(f"203.0.113.{n + 1}")
        client.force_login(resident)
        assert client.post("/opinions/new/", OPINION).status_code == 302
    client = behind_proxy("203.0.113.99")
    client.force_login(resident)
    assert client.post("/opinions/new/", OPINION).status_code == 429
    assert Opinion.objects.count() == 5


def test_a_spoofed_header_does_not_evade_a_form_limit_when_no_proxy_is_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        spoofing = Client(REMOTE_ADDR="192.0.2.44", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        assert spoofing.post("/opinions/new/", OPINION).status_code == 302
    spoofing = Client(REMOTE_ADDR="192.0.2.44", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert spoofing.post("/opinions/new/", OPINION).status_code == 429
    assert Opinion.objects.count() == 5


@pytest.fixture
def bookable(db):
    return make_bookable(notaries=1)


@pytest.fixture
def resident(db):
    return make_resident(email="resident@example.com")


def test_home_visit_requests_are_limited_per_resident(one_proxy, settings, bookable, resident):
    assert settings.PORTAL_RATE_LIMITS["home_visit"] == "3/h/user,20/h/ip"
    url = f"/book/{bookable.matter.code}/{bookable.office.slug}/home-visit/"
    visit = {"address": "No. 1 Road", "reason": "Bedridden", "phone": "13800138000"}
    for n in range(3):
        client = behind_proxy(f"203.0.113.{n + 1}")  # changing address does not help
        client.force_login(resident)
        assert client.post(url, visit).status_code == 302
    client = behind_proxy("203.0.113.99")
    client.force_login(resident)
    refused = client.post(url, visit)
    assert refused.status_code == 429
    assert TOO_MANY_EN in text(refused)
    assert 'value="No. 1 Road"' in refused.content.decode()
    assert HomeVisitRequest.objects.count() == 3


def test_booking_attempts_are_limited_per_account(one_proxy, settings, bookable, resident):
    assert settings.PORTAL_RATE_LIMITS["booking"] == "10/10m/user,60/10m/ip"
    # Two attempts allowed here, so the third asks for a free time that would otherwise book.
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "booking": "2/10m/user"}
    url = f"/book/{bookable.matter.code}/{bookable.office.slug}/review/"
    client = behind_proxy(ATTACKER)
    client.force_login(resident)
    for hour in (9, 10):
        assert client.post(url, {"start": at(bookable.day, hour).isoformat()}).status_code == 302
    start = at(bookable.day, 11).isoformat()
    refused = client.post(url, {"start": start})
    assert refused.status_code == 429
    assert TOO_MANY_EN in text(refused)
    assert f'value="{start}"' in refused.content.decode()  # the confirmation stays on the page
    assert Appointment.objects.count() == 2

    # Another resident at the same address books: the limit is the account's.
    other = behind_proxy(ATTACKER)
    other.force_login(make_resident(email="other@example.com"))
    assert other.post(url, {"start": start}).status_code == 302


def test_moving_an_appointment_counts_as_a_booking_attempt(one_proxy, settings, bookable, resident):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "booking": "2/10m/user"}
    url = f"/book/{bookable.matter.code}/{bookable.office.slug}/review/"
    client = behind_proxy(ATTACKER)
    client.force_login(resident)
    assert client.post(url, {"start": at(bookable.day, 9).isoformat()}).status_code == 302
    appointment = Appointment.objects.get()
    move = f"/appointments/{appointment.reference}/reschedule/"
    assert client.post(move, {"start": at(bookable.day, 10).isoformat()}).status_code == 302
    refused = client.post(move, {"start": at(bookable.day, 11).isoformat()})
    assert refused.status_code == 429
    assert TOO_MANY_EN in text(refused)
    appointment.refresh_from_db()
    assert appointment.starts_at == at(bookable.day, 10)


def test_event_sign_ups_are_limited_per_resident(one_proxy, settings, bookable, resident):
    assert settings.PORTAL_RATE_LIMITS["event_signup"] == "10/10m/user,60/10m/ip"
    clerk = UserFactory(role=User.Role.OFFICE_STAFF, office=bookable.office)
    starts = timezone.now() + dt.timedelta(days=10)
    events = [
        event_create(
            office=bookable.office,
            by=clerk,
            title_zh=f"社区法律咨询{n}",
            title_en=f"Community legal advice {n}",
            description="Wills and inheritance.",
            place="Community centre",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            capacity=20,
        )
        for n in range(2)
    ]
    client = behind_proxy(ATTACKER)
    client.force_login(resident)
    assert client.post(f"/events/{events[0].pk}/").status_code == 302
    for _ in range(9):  # hammering the button: "already signed up", and counted
        assert client.post(f"/events/{events[0].pk}/").status_code == 400
    refused = client.post(f"/events/{events[1].pk}/")
    assert refused.status_code == 429
    assert TOO_MANY_EN in text(refused)
    assert EventSignup.objects.count() == 1
