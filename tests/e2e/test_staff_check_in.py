"""A clerk signs in, finds a resident's appointment by its reference and checks them in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from appointments.models import Appointment
from tests.dates import at_the_counter

from .conftest import CLERK_PASSWORD, expect_ok, main_text, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_clerk_checks_a_resident_in(world, page):
    appointment = world.book(hour=11)
    # The morning of the visit: check-in opens on the visit's day only.
    with at_the_counter(appointment, minutes_before=60):
        _check_in_at_the_counter(world, page, appointment)

    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CHECKED_IN
    event = appointment.events.get(kind="checked_in")
    assert (event.actor, event.channel) == (world.clerk, "counter")


def _check_in_at_the_counter(world, page, appointment):
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
    # the answer comes back to the same address: wait for its message, not for the address
    expect(page.locator("main")).to_contain_text(f"{appointment.reference}：已签到。")
    text = main_text(page)  # the message, in the clerk's language
    assert "已签到" in text
    assert page.locator('form[action$="/check-in/"]').count() == 0
    screenshot(page, "staff-checked-in-zh")
