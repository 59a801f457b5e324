import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from portal.logging import MaskPersonalDataFilter, PortalExceptionReporterFilter, mask_personal_data
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "PATH": os.environ.get("PATH", ""),
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "s" * 30 + "T0p-secret-value-for-the-check-only-9876543210",
    "ALLOWED_HOSTS": "notary.example.gov.cn",
    "ID_NUMBER_ENCRYPTION_KEYS": "J0Ck1kYQ3Z2mQm3o9c0Yw1kP8x1bQm7vJ5b2rT3nL6s=",
    "ID_NUMBER_HASH_KEY": "h" * 40,
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "SMS_BACKEND": "portal.sms.LocmemBackend",
}


def test_production_settings_pass_the_deployment_checklist():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=PRODUCTION,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_no_template_has_an_inline_script_or_event_handler():
    for path in (ROOT / "templates").rglob("*.html"):
        body = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", body):
            assert "src=" in tag, f"inline script in {path}"
        assert not re.search(r"\son[a-z]+\s*=", body), f"inline event handler in {path}"


@pytest.mark.django_db
def test_health_check_reports_the_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "inline"}


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_health_check_fails_when_the_broker_is_down(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "down"


def test_logs_never_show_identity_or_phone_numbers():
    assert mask_personal_data("id 11010519500101888X phone 13912345678") == (
        "id 110105********888X phone 139****5678"
    )
    assert mask_personal_data("order 202611231234567890123") == "order 202611231234567890123"
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "saved %s", ("110105195001018882",), None
    )
    MaskPersonalDataFilter().filter(record)
    assert record.getMessage() == "saved 110105********8882"


def test_error_reports_hide_identity_numbers_and_phones():
    request = RequestFactory().post(
        "/accounts/profile/",
        {"id_number": "110105195001018882", "phone": "13912345678", "real_name": "x"},
    )
    cleansed = PortalExceptionReporterFilter().get_post_parameters(request)
    assert cleansed["id_number"] == cleansed["phone"] == "********************"
    assert cleansed["real_name"] == "x"


@pytest.mark.django_db
@override_settings(REQUIRE_STAFF_MFA=True)
def test_staff_must_set_up_a_second_factor_before_anything_else(client):
    from tests.factories import OfficeFactory

    clerk = UserFactory(role="office_staff", office=OfficeFactory())
    client.force_login(clerk)
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate")
    # allauth asks for the password again before a second factor is added.
    setup = client.get(response["Location"], follow=True)
    assert setup.status_code == 200
    assert setup.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    resident = UserFactory()
    client.force_login(resident)
    assert client.get("/appointments/").status_code == 200


@pytest.mark.django_db
def test_the_admin_signs_in_through_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_repeated_failed_sign_ins_are_rate_limited(client):
    cache.clear()
    UserFactory(email="target@example.com", password="Correct-horse-42")
    bodies = [
        client.post(
            "/accounts/login/",
            {"login": "target@example.com", "password": "wrong-guess"},
            HTTP_ACCEPT_LANGUAGE="en",
        ).content.decode()
        for _ in range(6)
    ]
    assert "Too many failed login attempts" not in bodies[0]
    assert "Too many failed login attempts" in bodies[-1]
    # Even the right password is refused until the window passes.
    blocked = client.post(
        "/accounts/login/", {"login": "target@example.com", "password": "Correct-horse-42"}
    )
    assert blocked.status_code == 200 and "_auth_user_id" not in client.session
    cache.clear()
