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
    matter, office = world.matter, world.office
    # The first item can be checked online or replaced by a commitment: its consent form, its
    # commitment link and the consent page are audited too.
    item = matter.materials.order_by("position").first()
    item.verification_kind, item.commitment_allowed = "identity", True
    item.save()
    appointment = world.book(hour=15)
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
        (
            "verification-consent",
            resident,
            f"/appointments/{appointment.reference}/verification/{item.pk}/",
        ),
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


def bureau_admin_user():
    from django.contrib.auth.models import Group, Permission

    from accounts.models import User
    from tests.factories import UserFactory

    group = Group.objects.create(name="Bureau admins")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=["notaries", "appointments"])
    )
    user = UserFactory(email="bureau@example.com", is_staff=True, role=User.Role.BUREAU_ADMIN)
    user.groups.add(group)
    return user


def test_axe_finds_no_serious_violation_on_the_bureaus_admin_pages(world, new_context, capsys):
    """The change pages the bureau works in, in Chinese: labelled inline fields, and no English
    left in what the page says (field names, headings, buttons)."""
    from appointments.models import CalendarDay, Leave
    from notaries.models import FeeBand
    from tests.dates import next_plain_workday

    matter, office, notary = world.matter, world.office, world.bookable.notary
    matter.fee_by_value = True
    matter.save()
    FeeBand.objects.create(matter=matter, lower_bound=0, rate_percent=1)
    exemption = matter.exemptions.first()
    day = CalendarDay.objects.create(
        date=next_plain_workday(), is_working_day=False, name_zh="调休"
    )
    leave = Leave.objects.create(notary=notary, starts_on=world.day, ends_on=world.day)
    bureau = new_context(language="zh-hans", user=bureau_admin_user(), bypass_csp=True).new_page()
    clerk = new_context(language="zh-hans", user=world.clerk, bypass_csp=True).new_page()
    pages = [
        ("admin-matter", bureau, f"/admin/notaries/matter/{matter.pk}/change/"),
        ("admin-matter-history", bureau, f"/admin/notaries/matter/{matter.pk}/history/"),
        ("admin-office", bureau, f"/admin/notaries/office/{office.pk}/change/"),
        ("admin-notary", bureau, f"/admin/notaries/notary/{notary.pk}/change/"),
        ("admin-calendar-day", bureau, f"/admin/appointments/calendarday/{day.pk}/change/"),
        ("admin-leave", bureau, f"/admin/appointments/leave/{leave.pk}/change/"),
        ("staff-weekly-hours", clerk, f"/staff/notaries/{notary.pk}/schedule/"),
    ]
    if exemption is not None:
        pages.append(
            ("admin-exemption", bureau, f"/admin/notaries/exemption/{exemption.pk}/change/")
        )
    failing: dict[str, list[dict]] = {}
    english: dict[str, list[str]] = {}
    for name, page, url in pages:
        expect_ok(page.goto(url), url)
        violations = axe_violations(page)
        serious = [v for v in violations if v["impact"] in AXE_FAILING_IMPACTS]
        if serious:
            failing[f"{name} {url}"] = serious
        # Labels, headings, buttons and help texts: every word of the page's own text is
        # Chinese (codes, numbers, e-mail addresses and names typed in Latin letters aside).
        labels = page.evaluate(
            """() => [...document.querySelectorAll(
                  'label, legend, h1, h2, h3, th, button, input[type=submit], .help, .helptext,'
                  + ' [aria-label]')]
                .map(e => (e.getAttribute('aria-label') || e.value || e.innerText || '').trim())
                .filter(t => t)"""
        )
        leftovers = [t for t in labels if ENGLISH_WORDS.search(t)]
        if leftovers:
            english[f"{name} {url}"] = leftovers
        screenshot(page, f"axe-{name}-zh")
    if failing:
        pytest.fail(
            f"axe found serious or critical violations:\n{format_violations(failing)}",
            pytrace=False,
        )
    assert not english, f"English left on Chinese admin pages: {english}"


# Two or more English words in a row: what an untranslated label looks like.
ENGLISH_WORDS = __import__("re").compile(r"\b[A-Za-z]{3,}\b[ ,]+\b[A-Za-z]{3,}\b")
