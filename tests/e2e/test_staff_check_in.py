"""A clerk signs in, finds a resident's appointment by its reference and checks them in."""

from __future__ import annotations

import pytest

from appointments.models import Appointment
from casework.models import CheckIn

from .conftest import CLERK_PASSWORD, expect_ok, main_text, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_clerk_checks_a_resident_in(world, page):
    appointment = world.book(hour=11)

    # Sign in through the form, like a clerk at the counter in the morning.
    expect_ok(page.goto("/staff/"), "staff workspace")
    page.wait_for_url("**/accounts/login/**")
    screenshot(page, "signin-zh")
    page.fill("#id_login", world.clerk.email)
    page.fill("#id_password", CLERK_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/staff/")
    assert page.inner_text("h1") == "公证处工作台"

    # Find the appointment by the reference the resident reads out.
    page.fill("#id_q", appointment.reference)
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_url(f"**/staff/appointments/{appointment.reference}/")
    text = main_text(page)
    assert appointment.reference in text
    assert "已预约" in text
    assert world.resident.real_name in text
    assert world.resident.phone not in text  # the phone number is masked for staff
    screenshot(page, "staff-appointment-zh")

    page.locator(
        f'form[action$="/staff/appointments/{appointment.reference}/check-in/"] button'
    ).click()
    page.wait_for_url(f"**/staff/appointments/{appointment.reference}/")
    text = main_text(page)
    assert "居民已签到。" in text
    assert "已签到" in text
    assert page.locator('form[action$="/check-in/"]').count() == 0
    screenshot(page, "staff-checked-in-zh")

    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CHECKED_IN
    check_in = CheckIn.objects.get(appointment=appointment)
    assert check_in.by == world.clerk
