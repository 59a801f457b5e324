"""With JavaScript, choosing a day on the wizard's time step swaps that day's times in place
(static/js/portal.js); the address follows, and Back still works. Without it the links load the
page (tests/appointments/test_page_fragments.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from appointments.services import appointment_book
from tests.appointments.conftest import at, make_resident
from tests.dates import working_day_after

from .conftest import expect_ok

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_choosing_a_day_swaps_its_times_without_loading_the_page(world, page):
    matter, office, day = world.matter, world.office, world.day
    later = working_day_after(day)
    for n in range(2):  # both notaries: the first day's 09:00 is taken, the later day's free
        appointment_book(
            resident=make_resident(email=f"swap{n}@example.com"),
            matter=matter,
            office=office,
            starts_at=at(day, 9),
        )
    url = f"/book/{matter.code}/{office.slug}/?date={day.isoformat()}"
    expect_ok(page.goto(url), "time step")
    assert page.locator("label.btn", has_text=re.compile(r"^09:00$")).count() == 0
    page.evaluate("window.notReloaded = true")

    page.click(f'a.day-choice[href="?date={later.isoformat()}"]')
    page.wait_for_url(re.compile(rf"date={later.isoformat()}"))
    page.locator("label.btn", has_text=re.compile(r"^09:00$")).wait_for()
    assert page.evaluate("window.notReloaded === true")  # swapped in place, not loaded
    assert page.get_attribute('input[name="start"]:checked', "value").startswith(
        at(later, 9).isoformat()[:16]
    )
    assert page.locator('a.day-choice[aria-current="date"]').get_attribute("href") == (
        f"?date={later.isoformat()}"
    )

    page.go_back()  # the address changes at once; the page of that day loads after it
    page.wait_for_url(re.compile(rf"date={day.isoformat()}"))
    expect(page.locator("label.btn", has_text=re.compile(r"^09:00$"))).to_have_count(0)
    expect(page.locator('a.day-choice[aria-current="date"]')).to_have_attribute(
        "href", f"?date={day.isoformat()}"
    )
