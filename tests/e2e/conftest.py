"""End-to-end browser tests: Debian's Chromium driven by Playwright against pytest-django's
live server. Never a downloaded browser build: `playwright install` is not used anywhere.

Chromium missing is a failure, not a skip: `make test` and CI (`.ci/run`) install it first with
scripts/install_browser.sh (apt-get as root), which otherwise prints the command to run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client

from accounts.models import User
from appointments.services import appointment_book
from tests.appointments.conftest import at, make_bookable, make_resident
from tests.factories import OfficeFactory, UserFactory

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
CLERK_PASSWORD = "Correct-horse-42"  # tests.factories.UserFactory


# --- browser ------------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"e2e: Chromium not found at {CHROMIUM}. Install Debian's build: "
            "scripts/install_browser.sh as root, or: sudo apt-get update && sudo apt-get "
            "install -y chromium fonts-noto-cjk chromium-l10n (never `playwright install`).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio loop on this thread; Django's ORM calls made by the
    # test itself (factories, assertions) are still synchronous. Only for the e2e package.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright().start()
    try:
        chromium = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        manager.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(browser, live_server):
    """Make a browser context (a fresh cookie jar), Chinese by default like a Beijing browser."""
    contexts = []

    def make(*, language: str | None = None, user=None, viewport=None, **kwargs):
        options = {"locale": "zh-CN", "viewport": viewport or DESKTOP, "base_url": live_server.url}
        options.update(kwargs)
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        if language:
            set_language_cookie(context, live_server, language)
        if user is not None:
            sign_in_by_cookie(context, live_server, user)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def _cookie(live_server, name: str, value: str) -> dict:
    return {"name": name, "value": value, "url": live_server.url}


def set_language_cookie(context, live_server, language: str) -> None:
    context.add_cookies([_cookie(live_server, settings.LANGUAGE_COOKIE_NAME, language)])


def sign_in_by_cookie(context, live_server, user) -> None:
    """A signed-in session without going through the form (the form has its own tests)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([_cookie(live_server, settings.SESSION_COOKIE_NAME, session)])


# --- data ---------------------------------------------------------------------------------------


@dataclass
class World:
    bookable: object
    other_office: object
    resident: User
    clerk: User

    @property
    def matter(self):
        return self.bookable.matter

    @property
    def office(self):
        return self.bookable.office

    @property
    def day(self) -> dt.date:
        return self.bookable.day

    def book(self, *, hour: int = 9, minute: int = 0):
        return appointment_book(
            resident=self.resident,
            matter=self.matter,
            office=self.office,
            starts_at=at(self.day, hour, minute),
            language="zh-hans",
        )


def make_clerk(office) -> User:
    clerk = UserFactory(
        email="clerk@example.com", role=User.Role.OFFICE_STAFF, office=office, real_name="王办事员"
    )
    EmailAddress.objects.create(user=clerk, email=clerk.email, verified=True, primary=True)
    return clerk


@pytest.fixture
def world(transactional_db) -> World:
    """The catalogue the pages show: a run-at-most-once matter ("will") at office "central" with
    two notaries working weekdays, a second office, a resident with a complete profile, a clerk."""
    bookable = make_bookable(notaries=2)
    other = OfficeFactory(slug="east", matters=[bookable.matter])
    resident = make_resident(email="resident@example.com")
    EmailAddress.objects.create(user=resident, email=resident.email, verified=True, primary=True)
    return World(
        bookable=bookable, other_office=other, resident=resident, clerk=make_clerk(bookable.office)
    )


# --- page helpers -------------------------------------------------------------------------------


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def html_lang(page) -> str:
    return page.evaluate("document.documentElement.lang")


def expect_ok(response, what: str = "") -> None:
    assert response is not None, f"no response for {what}"
    assert response.status < 400, f"{what or response.url}: HTTP {response.status}"


def main_text(page) -> str:
    return page.inner_text("main")


AXE_FAILING_IMPACTS = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    """Run axe-core (vendored, see vendor/axe-core/README.md) on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 200),
                                          summary: n.failureSummary}))
            }));
        }"""
    )
    return result


def format_violations(found: dict[str, list[dict]]) -> str:
    """One entry per rule and element, with every page it was found on (the header and footer
    repeat on every page, and so would their violations)."""
    grouped: dict[tuple, dict] = {}
    for where, violations in found.items():
        for v in violations:
            for node in v["nodes"]:
                key = (v["id"], v["impact"], node["html"])
                entry = grouped.setdefault(key, {"violation": v, "node": node, "pages": []})
                entry["pages"].append(where)
    lines = []
    for (rule, impact, html), entry in grouped.items():
        target = json.dumps(entry["node"]["target"], ensure_ascii=False)
        summary = re.sub(r"\s+", " ", entry["node"].get("summary") or "")[:400]
        pages = entry["pages"]
        shown = "; ".join(pages[:3]) + (f" and {len(pages) - 3} more" if len(pages) > 3 else "")
        lines.append(f"- {rule} [{impact}] {entry['violation']['help']}")
        lines.append(f"    nodes: {target} {html}")
        if summary:
            lines.append(f"    {summary}")
        lines.append(f"    on {len(pages)} page(s): {shown}")
    return "\n".join(lines)
