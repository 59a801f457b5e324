import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Plum-blossom-2026"
PHONE = "13800138000"


def test_sign_up_creates_a_resident_and_sends_a_verification_email(english):
    response = english.post(
        "/accounts/signup/",
        {
            "email": "New.Resident@Example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "phone": PHONE,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email__iexact="new.resident@example.com")
    assert user.role == User.Role.RESIDENT
    assert not user.is_staff
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.resident@example.com"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_an_unverified_resident_cannot_sign_in_yet(english):
    english.post(
        "/accounts/signup/",
        {
            "email": "pending@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "phone": PHONE,
        },
    )
    english.logout()
    response = english.post(
        "/accounts/login/", {"login": "pending@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "/accounts/confirm-email/" in response["Location"]
    assert "_auth_user_id" not in english.session


def test_sign_up_rejects_a_weak_password_and_keeps_the_email(english):
    response = english.post(
        "/accounts/signup/",
        {
            "email": "weak@example.com",
            "password1": "12345678",
            "password2": "12345678",
            "phone": PHONE,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="weak@example.com"' in body
    assert "This password is too short" in body
    assert not User.objects.filter(email="weak@example.com").exists()


def test_sign_up_errors_are_translated(chinese):
    response = chinese.post(
        "/accounts/signup/",
        {
            "email": "weak@example.com",
            "password1": "12345678",
            "password2": "12345678",
            "phone": PHONE,
        },
    )
    assert "密码" in response.content.decode()
    assert "This password is too short" not in response.content.decode()


def test_password_reset_sends_a_link(english):
    UserFactory(email="forgetful@example.com")
    response = english.post("/accounts/password/reset/", {"email": "forgetful@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_password_reset_does_not_reveal_whether_an_address_is_registered(english):
    response = english.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert "forgetful" not in str(mail.outbox)
