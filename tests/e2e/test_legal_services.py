"""The 12348 side of the portal in a real browser: the legal-aid pages pass axe in both languages,
fit a phone without sideways scrolling, and a migrant worker can apply with the keyboard alone."""

from __future__ import annotations

import re

import pytest

from accounts.models import User
from legalaid.models import Application
from tests.factories import LegalAidCentreFactory, UserFactory
from tests.legalaid.conftest import make_kind

from .conftest import (
    AXE_FAILING_IMPACTS,
    PHONE,
    axe_violations,
    expect_ok,
    format_violations,
    screenshot,
)
from .test_keyboard import Keyboard

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def legal_aid(world, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    kind = make_kind()
    centre = LegalAidCentreFactory()
    staff = UserFactory(
        email="centre@example.com", role=User.Role.LEGAL_AID_STAFF, legal_aid_centre=centre
    )
    return kind, centre, staff


def _pages(kind) -> list[tuple[str, str, str]]:
    """(name, who, url): who is "anonymous", "resident" or "staff"."""
    return [
        ("legal-aid", "anonymous", "/legal-aid/"),
        ("legal-aid-case", "anonymous", f"/legal-aid/cases/{kind.slug}/"),
        ("legal-aid-apply", "resident", f"/legal-aid/cases/{kind.slug}/apply/"),
        ("legal-aid-mine", "resident", "/legal-aid/applications/"),
        ("legal-aid-centre", "staff", "/legal-aid/centre/"),
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_axe_finds_no_serious_violation_on_the_legal_aid_pages(
    world, legal_aid, new_context, language, capsys
):
    kind, _centre, staff = legal_aid
    who = {
        "anonymous": new_context(language=language, bypass_csp=True).new_page(),
        "resident": new_context(language=language, user=world.resident, bypass_csp=True).new_page(),
        "staff": new_context(language=language, user=staff, bypass_csp=True).new_page(),
    }
    failing: dict[str, list[dict]] = {}
    expected_lang = "en" if language == "en" else "zh-Hans"
    for name, role, url in _pages(kind):
        page = who[role]
        expect_ok(page.goto(url), url)
        assert page.evaluate("document.documentElement.lang") == expected_lang, url
        serious = [v for v in axe_violations(page) if v["impact"] in AXE_FAILING_IMPACTS]
        if serious:
            failing[f"{name} ({language}) {url}"] = serious
        screenshot(page, f"axe-{name}-{language[:2]}")
    if failing:
        pytest.fail(f"axe ({language}):\n{format_violations(failing)}", pytrace=False)


def test_the_legal_aid_pages_fit_a_phone(world, legal_aid, new_context):
    kind, _centre, staff = legal_aid
    who = {
        "anonymous": new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page(),
        "resident": new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, user=world.resident
        ).new_page(),
        "staff": new_context(viewport=PHONE, is_mobile=True, has_touch=True, user=staff).new_page(),
    }
    for name, role, url in _pages(kind):
        page = who[role]
        expect_ok(page.goto(url), url)
        sizes = page.evaluate(
            "({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth})"
        )
        screenshot(page, f"phone-{name}-zh")
        assert sizes["scroll"] <= sizes["inner"], f"{url} scrolls sideways on a phone: {sizes}"


def test_a_migrant_worker_applies_for_legal_aid_with_the_keyboard_only(
    world, legal_aid, new_context
):
    kind, centre, _staff = legal_aid
    page = new_context(language="en", user=world.resident).new_page()
    keys = Keyboard(page)
    expect_ok(page.goto(f"/legal-aid/cases/{kind.slug}/"), "case page")
    keys.tab_to(lambda s: s["href"].endswith(f"/legal-aid/cases/{kind.slug}/apply/"), what="Apply")
    keys.activate()
    page.wait_for_url(f"**/legal-aid/cases/{kind.slug}/apply/")

    keys.tab_to(lambda s: s["name"] == "centre", what="centre")
    while page.evaluate("document.activeElement.selectedOptions[0].text") != centre.name_en:
        page.keyboard.press("ArrowDown")
    keys.tab_to(lambda s: s["name"] == "applicant_name", what="name")
    page.keyboard.press("Control+A")
    page.keyboard.type("Zhang Wei")
    keys.tab_to(lambda s: s["name"] == "applicant_phone", what="phone")
    page.keyboard.press("Control+A")
    page.keyboard.type("13900139000")
    keys.tab_to(lambda s: s["name"] == "case_description", what="the case")
    page.keyboard.type("The site owes me four months of wages.")
    keys.tab_to(lambda s: s["name"] == "ground", what="ground")
    # Arrow keys move through a radio group and select as they go.
    for _ in range(len(Application.Ground.choices)):
        if keys.focus_state()["value"] == Application.Ground.MIGRANT_WORKER:
            break
        page.keyboard.press("ArrowDown")
    assert keys.focus_state()["checked"], keys.focus_state()
    keys.tab_to(lambda s: s["name"] == "consent", what="consent")
    page.keyboard.press("Space")
    assert keys.focus_state()["checked"]
    keys.tab_to(lambda s: s["tag"] == "button" and s["type"] == "submit", what="Send")
    screenshot(page, "keyboard-legal-aid-send-en")
    keys.activate()
    page.wait_for_url(re.compile(r"/legal-aid/applications/[^/]+/$"))

    application = Application.objects.get(applicant=world.resident)
    assert application.centre == centre
    assert application.ground == Application.Ground.MIGRANT_WORKER
    assert application.applicant_name == "Zhang Wei"
    assert application.reference in page.inner_text("main")
    assert {s["tag"] for s in keys.seen} >= {"a", "select", "input", "textarea", "button"}
