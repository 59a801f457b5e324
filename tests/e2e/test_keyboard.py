"""The booking path with the keyboard alone: Tab, Shift+Tab, Enter and Space; no mouse. Every
element that takes the focus on the way must show it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from appointments.models import Appointment

from .conftest import expect_ok, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MAX_TABS = 120

# Where the focus is and whether it can be seen: an outline, or (for Bootstrap's buttons and its
# visually hidden radio inputs, whose label carries the ring) a box-shadow.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  let shown = el;
  if (el.matches('input.btn-check') && el.id) {
    shown = document.querySelector(`label[for="${el.id}"]`) || el;
  }
  const style = getComputedStyle(shown);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  const box = shown.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    type: el.getAttribute('type') || '',
    href: el.getAttribute('href') || '',
    name: el.getAttribute('name') || '',
    value: el.value || '',
    text: (shown.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 60),
    checked: !!el.checked,
    visible: (outline || shadow) && box.width > 0 && box.height > 0,
    outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    shadow: style.boxShadow,
  };
}"""


class Keyboard:
    def __init__(self, page):
        self.page = page
        self.seen: list[dict] = []

    def focus_state(self) -> dict | None:
        return self.page.evaluate(FOCUS_STATE)

    def tab_to(self, matches, *, backwards: bool = False, what: str = "") -> dict:
        """Press Tab (or Shift+Tab) until the focused element matches; check each stop shows
        its focus."""
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(MAX_TABS):
            self.page.keyboard.press(key)
            state = self.focus_state()
            if state is None:
                continue
            self.seen.append(state)
            assert state["visible"], f"focus is not visible on {state} ({self.page.url})"
            if matches(state):
                return state
        raise AssertionError(f"{what or 'target'} not reached with {key} on {self.page.url}")

    def activate(self, key: str = "Enter") -> None:
        with self.page.expect_navigation():
            self.page.keyboard.press(key)


def test_book_from_the_matter_page_with_the_keyboard_only(world, new_context):
    matter, office, day = world.matter, world.office, world.day
    page = new_context(user=world.resident).new_page()
    keys = Keyboard(page)
    expect_ok(page.goto(f"/matters/{matter.code}/"), "matter page")

    # The first Tab reaches the skip link, and it shows up.
    state = keys.tab_to(lambda s: True, what="first focusable")
    assert state["href"] == "#main", state

    keys.tab_to(lambda s: s["href"] == f"/book/{matter.code}/", what="Book button")
    keys.activate()
    page.wait_for_url(f"**/book/{matter.code}/")

    # Step 2: the office. Overshoot on purpose, then come back with Shift+Tab.
    office_link = f"/book/{matter.code}/{office.slug}/"
    keys.tab_to(lambda s: s["href"] == office_link, what="office link")
    keys.tab_to(lambda s: s["href"] != office_link, what="next element")
    keys.tab_to(lambda s: s["href"] == office_link, backwards=True, what="office link again")
    keys.activate()
    page.wait_for_url(f"**{office_link}")

    # Step 3: the day, then the time. Tabbing into the radio group lands on the checked time;
    # Space selects it, Tab leaves the group to the Continue button.
    keys.tab_to(lambda s: s["href"] == f"?date={day.isoformat()}", what="day")
    keys.activate()
    page.wait_for_url(re.compile(rf"date={day.isoformat()}"))
    state = keys.tab_to(lambda s: s["name"] == "start", what="time radio")
    assert state["text"] == "09:00" and state["checked"], state
    page.keyboard.press("Space")
    assert keys.focus_state()["checked"]
    screenshot(page, "keyboard-time-focus-zh")
    state = keys.tab_to(lambda s: s["tag"] == "button" and s["type"] == "submit", what="Continue")
    assert state["text"] == "下一步", state
    keys.activate()
    page.wait_for_url(re.compile(rf"{office_link}review/"))

    # Step 4: check and confirm.
    state = keys.tab_to(lambda s: s["text"] == "确认预约", what="Confirm booking")
    screenshot(page, "keyboard-confirm-focus-zh")
    keys.activate("Enter")
    page.wait_for_url(re.compile(r"/appointments/[^/]+/$"))
    assert "预约成功。" in page.inner_text("main")

    appointment = Appointment.objects.get(resident=world.resident)
    assert appointment.status == Appointment.Status.BOOKED
    assert timezone.localtime(appointment.starts_at).time() == dt.time(9)
    assert timezone.localdate(appointment.starts_at) == day
    # Links, buttons and the radio all showed their focus on the way.
    assert {s["tag"] for s in keys.seen} >= {"a", "button", "input"}
