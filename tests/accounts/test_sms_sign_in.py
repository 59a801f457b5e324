"""A caller whose account the 12348 hotline opened claims it online: identity number + the mobile
phone on record, a one-time code by text message, then an e-mail sign-in or more codes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from accounts import sms_sign_in
from accounts.models import SignInCode, User
from hotline.services import _open_caller_account
from portal import sms
from tests.appointments.conftest import make_resident, valid_id_number
from tests.factories import UserFactory

NUMBER = valid_id_number(700, birth="19450302")
PHONE = "13900139700"


@pytest.fixture
def caller(db):
    operator = UserFactory(role=User.Role.HOTLINE_OPERATOR)
    sms.outbox.clear()
    return _open_caller_account(
        real_name="王来电", phone=PHONE, id_number=NUMBER, operator=operator
    )


def ask_for_code(client, *, id_number=NUMBER, phone=PHONE, **extra):
    return client.post("/accounts/sms/", {"id_number": id_number, "phone": phone}, **extra)


def sent_code() -> str:
    [text] = sms.outbox
    sms.outbox.clear()
    return re.search(r"\b(\d{6})\b", text.body).group(1)


def enter(client, code: str, **extra):
    return client.post("/accounts/sms/code/", {"code": code}, **extra)


def signed_in_as(client) -> User | None:
    user = client.get("/appointments/").wsgi_request.user
    return user if user.is_authenticated else None


def test_the_right_code_signs_the_caller_in_and_offers_an_e_mail_sign_in(
    english, caller, django_capture_on_commit_callbacks
):
    page = english.get("/accounts/login/")
    assert "/accounts/sms/" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_for_code(english)
    assert response.status_code == 302
    code = sent_code()
    assert "valid for 10 minutes" in english.get("/accounts/sms/code/").text

    signed = enter(english, code)
    assert signed.status_code == 302 and signed.url == "/accounts/sms/finish/"
    assert signed_in_as(english) == caller
    # The code is used up.
    english.logout()
    english.get("/accounts/sms/")
    session = english.session
    session["accounts:sms_sign_in"] = SignInCode.objects.get().pk
    session.save()
    assert enter(english, code).status_code == 400
    assert signed_in_as(english) is None


def test_the_caller_adds_an_e_mail_sign_in_and_codes_stop(
    english, caller, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_code(english)
    enter(english, sent_code())
    with django_capture_on_commit_callbacks(execute=True):
        done = english.post(
            "/accounts/sms/finish/",
            {
                "email": "Wang@Example.com",
                "password1": "a long passphrase 2026",
                "password2": "a long passphrase 2026",
            },
        )
    assert done.status_code == 302
    caller.refresh_from_db()
    assert caller.email == "Wang@Example.com" and caller.check_password("a long passphrase 2026")
    assert EmailAddress.objects.get(user=caller, primary=True, verified=False)
    assert [m.to for m in mail.outbox] == [["wang@example.com"]]
    assert signed_in_as(english) == caller  # the password change kept the session
    # Until the address is confirmed a code still works (a mistyped address locks nobody out).
    english.logout()
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_code(english)
    assert len(sms.outbox) == 1
    sms.outbox.clear()
    # Confirmed: the account is protected by its e-mail sign-in, the code route no longer reaches it.
    EmailAddress.objects.filter(user=caller).update(verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert ask_for_code(english).status_code == 302
    assert sms.outbox == []


def test_wrong_codes_are_counted_and_kill_the_code(
    english, caller, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_code(english)
    code = sent_code()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(sms_sign_in.CODE_MAX_ATTEMPTS):
        response = enter(english, wrong)
        assert response.status_code == 400
        assert "wrong or no longer valid" in response.text
    assert SignInCode.objects.get().attempts == sms_sign_in.CODE_MAX_ATTEMPTS
    assert enter(english, code).status_code == 400  # dead even for the right digits
    assert signed_in_as(english) is None


def test_an_expired_code_fails(english, caller, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_code(english)
    code = sent_code()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11), tick=True):
        assert enter(english, code).status_code == 400
    assert signed_in_as(english) is None


def test_a_new_code_replaces_the_old_one(english, caller, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_code(english)
    first = sent_code()
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_code(english)
    second = sent_code()
    if first != second:
        assert enter(english, first).status_code == 400
    assert enter(english, second).status_code == 302


def test_codes_per_account_and_per_address_are_limited(
    english, client, caller, django_capture_on_commit_callbacks
):
    for n in range(sms_sign_in.CODES_PER_WINDOW + 1):
        with django_capture_on_commit_callbacks(execute=True):
            # Each from another address, so only the per-account limit applies.
            ask_for_code(english, REMOTE_ADDR=f"10.0.0.{n + 1}")
    assert len(sms.outbox) == sms_sign_in.CODES_PER_WINDOW
    sms.outbox.clear()
    statuses = [ask_for_code(client, REMOTE_ADDR="10.9.9.9").status_code for _ in range(6)]
    assert statuses[:5] == [302] * 5 and statuses[5] == 429


def test_the_same_answer_whoever_asks_and_an_e_mail_account_is_never_reached(
    english, caller, django_capture_on_commit_callbacks
):
    password_holder = make_resident(email="holder@example.com")
    EmailAddress.objects.create(
        user=password_holder, email=password_holder.email, verified=True, primary=True
    )
    cases = [
        {"phone": "13900139799"},  # the caller's number, another phone
        {"id_number": valid_id_number(701)},  # nobody's number
        {"id_number": password_holder.id_number, "phone": password_holder.phone},
    ]
    for case in cases:
        with django_capture_on_commit_callbacks(execute=True):
            response = ask_for_code(english, **case)
        assert response.status_code == 302 and response.url == "/accounts/sms/code/"
        page = english.get("/accounts/sms/code/")
        assert "If the details match an account without an e-mail sign-in" in page.text
        assert enter(english, "123456").status_code == 400
    assert sms.outbox == []
    assert not SignInCode.objects.exists()
    assert signed_in_as(english) is None


def test_the_code_page_without_a_request_goes_back_to_the_start(english, db):
    response = english.get("/accounts/sms/code/")
    assert response.status_code == 302 and response.url == "/accounts/sms/"
    assert english.get("/accounts/sms/finish/").status_code == 302  # sign in first


def test_bad_input_is_answered_on_the_page(english, caller):
    response = ask_for_code(english, id_number="not a number", phone="abc")
    assert response.status_code == 400
    assert 'value="abc"' in response.text
    assert sms.outbox == []
