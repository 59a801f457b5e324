"""What people notice first: the top menu fits a 1280 px screen whoever is signed in, in both
languages, and lists of appointments read as cards on a 360 px phone."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User
from tests.factories import UserFactory

from .conftest import expect_ok, screenshot
from .test_accessibility import bureau_admin_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 360, "height": 740}


def _operator() -> User:
    user = UserFactory(email="operator@example.com", role=User.Role.HOTLINE_OPERATOR)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _off_screen(page) -> list[str]:
    """Every menu entry (links and the language switch) that is not wholly on the screen."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            return [...document.querySelectorAll('header .nav-link, header .language-switcher button')]
              .filter(e => {
                  const box = e.getBoundingClientRect();
                  return box.width === 0 || box.left < 0 || box.right > width;
              })
              .map(e => e.innerText.trim());
        }"""
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_top_menu_fits_at_1280_px_for_every_role(world, new_context, language):
    users = {
        "anonymous": None,
        "resident": world.resident,
        "clerk": world.clerk,
        "operator": _operator(),
        "bureau": bureau_admin_user(),
    }
    for role, user in users.items():
        page = new_context(language=language, user=user).new_page()
        expect_ok(page.goto("/"), f"/ as {role}")
        entries = page.locator("header .nav-link").count()
        assert entries >= 3
        assert _off_screen(page) == [], f"{role} ({language}): menu entries off-screen"
        assert page.get_by_role(
            "button", name="English" if language != "en" else "中文"
        ).is_visible()
        if user is not None:
            sign_out = "Sign out" if language == "en" else "退出"
            assert page.locator("header .nav-link", has_text=sign_out).is_visible(), role
        sizes = page.evaluate(
            "({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth})"
        )
        assert sizes["scroll"] <= sizes["inner"], f"{role} ({language}) scrolls sideways"
        screenshot(page, f"menu-1280-{role}-{language[:2]}")


def _cards(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('table.table-cards tbody tr')].map(tr => ({
              display: getComputedStyle(tr).display,
              right: tr.getBoundingClientRect().right,
              labels: [...tr.querySelectorAll('td[data-label]')]
                  .filter(td => getComputedStyle(td, '::before').display !== 'none')
                  .map(td => getComputedStyle(td, '::before').content.replaceAll('"', '')),
          }))"""
    )


def _no_sideways_scroll(page, what: str) -> None:
    sizes = page.evaluate(
        "({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth})"
    )
    assert sizes["inner"] == SMALL_PHONE["width"], sizes
    assert sizes["scroll"] <= sizes["inner"], f"{what} scrolls sideways on a phone: {sizes}"


def test_my_appointments_and_the_agenda_are_cards_on_a_360_px_phone(world, new_context):
    world.book(hour=9)
    world.book(hour=15)
    options = {"viewport": SMALL_PHONE, "is_mobile": True, "has_touch": True}
    resident = new_context(language="zh-hans", user=world.resident, **options).new_page()
    expect_ok(resident.goto("/appointments/"))
    cards = _cards(resident)
    assert len(cards) == 2
    for card in cards:
        assert card["display"] == "block"
        assert card["right"] <= SMALL_PHONE["width"]
        assert card["labels"] == ["事项", "公证处", "状态", "预约编号"]
    # The time reads the Chinese way, at the top of each card.
    first = resident.locator("table.table-cards tbody tr td.card-title-cell").first.inner_text()
    assert "月" in first and "日" in first and "周" in first and "09:00" in first
    _no_sideways_scroll(resident, "my appointments")
    screenshot(resident, "phone-360-my-appointments-zh")

    clerk = new_context(language="zh-hans", user=world.clerk, **options).new_page()
    expect_ok(clerk.goto(f"/staff/agenda/?date={world.day.isoformat()}"))
    cards = _cards(clerk)
    assert len(cards) == 2
    for card in cards:
        assert card["display"] == "block"
        assert card["right"] <= SMALL_PHONE["width"]
        assert {"预约编号", "状态", "事项", "申请人"} <= set(card["labels"])
    _no_sideways_scroll(clerk, "the agenda")
    screenshot(clerk, "phone-360-agenda-zh")
