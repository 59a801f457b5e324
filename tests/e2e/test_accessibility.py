"""axe-core on the main pages in both languages (fail on "serious" or "critical"), and a
phone-sized viewport with no horizontal scrolling."""

from __future__ import annotations

import pytest

from .conftest import (
    AXE_FAILING_IMPACTS,
    PHONE,
    axe_violations,
    expect_ok,
    format_violations,
    screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def first_free_start(page, world) -> str:
    """The first time offered on the wizard's time step (the value the review step expects)."""
    expect_ok(
        page.goto(f"/book/{world.matter.code}/{world.office.slug}/?date={world.day.isoformat()}")
    )
    return page.locator("input[name=start]").first.get_attribute("value")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_axe_finds_no_serious_violation(world, new_context, language, capsys):
    appointment = world.book(hour=15)
    matter, office = world.matter, world.office
    # The portal sends a Content-Security-Policy (script-src 'self'); the audit's own injected
    # script is let through, the page's policy is otherwise unchanged.
    anonymous = new_context(language=language, bypass_csp=True).new_page()
    resident = new_context(language=language, user=world.resident, bypass_csp=True).new_page()
    clerk = new_context(language=language, user=world.clerk, bypass_csp=True).new_page()
    start = first_free_start(resident, world)
    pages = [
        ("home", anonymous, "/"),
        ("matters", anonymous, "/matters/"),
        ("matter", anonymous, f"/matters/{matter.code}/"),
        ("offices", anonymous, "/offices/"),
        ("office", anonymous, f"/offices/{office.slug}/"),
        ("signin", anonymous, "/accounts/login/"),
        ("signup", anonymous, "/accounts/signup/"),
        ("book-matter", anonymous, "/book/"),
        ("book-office", anonymous, f"/book/{matter.code}/"),
        ("book-time", anonymous, f"/book/{matter.code}/{office.slug}/?date={world.day}"),
        ("book-review", resident, f"/book/{matter.code}/{office.slug}/review/?start={start}"),
        ("appointment", resident, f"/appointments/{appointment.reference}/"),
        ("reschedule", resident, f"/appointments/{appointment.reference}/reschedule/"),
        ("staff-appointment", clerk, f"/staff/appointments/{appointment.reference}/"),
    ]
    failing: dict[str, list[dict]] = {}
    other: dict[str, list[dict]] = {}
    for name, page, url in pages:
        response = page.goto(url)
        expect_ok(response, url)
        expected = "en" if language == "en" else "zh-Hans"
        assert page.evaluate("document.documentElement.lang") == expected, url
        violations = axe_violations(page)
        where = f"{name} ({language}) {url}"
        serious = [v for v in violations if v["impact"] in AXE_FAILING_IMPACTS]
        if serious:
            failing[where] = serious
        if len(serious) < len(violations):
            other[where] = [v for v in violations if v["impact"] not in AXE_FAILING_IMPACTS]
        screenshot(page, f"axe-{name}-{language[:2]}")
    if other:
        with capsys.disabled():
            print(f"\naxe, moderate or minor ({language}):\n{format_violations(other)}")
    if failing:
        pytest.fail(
            f"axe found serious or critical violations ({language}):\n{format_violations(failing)}",
            pytrace=False,
        )


def test_phone_viewport_has_no_horizontal_scrolling(world, new_context):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    matter, office = world.matter, world.office
    for name, url in [
        ("home", "/"),
        ("matter", f"/matters/{matter.code}/"),
        ("book-time", f"/book/{matter.code}/{office.slug}/?date={world.day}"),
    ]:
        expect_ok(page.goto(url), url)
        sizes = page.evaluate(
            "({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth})"
        )
        screenshot(page, f"phone-{name}-zh")
        assert sizes["inner"] == PHONE["width"], sizes
        assert sizes["scroll"] <= sizes["inner"], f"{url} scrolls sideways on a phone: {sizes}"
