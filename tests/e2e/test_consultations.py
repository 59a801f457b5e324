"""The consultation desk in a real browser: its pages pass axe in both languages and fit a phone
without sideways scrolling, and a resident asks a question with the keyboard alone."""

from __future__ import annotations

import re

import pytest

from accounts.models import User
from consult.models import Consultation, Topic
from consult.services import consultation_create, consultation_refer, consultation_take
from tests.consult.conftest import ensure_topics
from tests.factories import UserFactory

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


@pytest.fixture(autouse=True)
def topics(db):
    ensure_topics()


@pytest.fixture
def desk(world):
    operator = UserFactory(email="operator@example.com", role=User.Role.HOTLINE_OPERATOR)
    consultation = consultation_create(
        phone="13900002222",
        topic=Topic.objects.get(code="notarization"),
        question="遗嘱公证需要带什么材料？",
        answer_channel="callback",
        consent=True,
        resident=world.resident,
    )
    consultation_take(consultation=consultation, by=operator)
    consultation_refer(
        consultation=consultation, by=operator, office=world.clerk.office, note="请答复"
    )
    return operator, consultation


def _pages(consultation) -> list[tuple[str, str, str]]:
    ref = consultation.reference
    return [
        ("consult", "anonymous", "/consult/"),
        ("consult-status", "anonymous", "/consult/status/"),
        ("consult-mine", "resident", f"/consult/mine/{ref}/"),
        ("consult-queue", "operator", "/hotline/consultations/?tab=referred"),
        ("consult-record", "operator", "/hotline/consultations/new/"),
        ("consult-work", "operator", f"/hotline/consultations/{ref}/"),
        ("consult-desk", "clerk", f"/consult/desk/{ref}/"),
    ]


def _who(world, operator, new_context, **options):
    return {
        "anonymous": new_context(**options).new_page(),
        "resident": new_context(user=world.resident, **options).new_page(),
        "operator": new_context(user=operator, **options).new_page(),
        "clerk": new_context(user=world.clerk, **options).new_page(),
    }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_axe_finds_no_serious_violation_on_the_consultation_pages(
    world, desk, new_context, language
):
    operator, consultation = desk
    who = _who(world, operator, new_context, language=language, bypass_csp=True)
    failing: dict[str, list[dict]] = {}
    for name, role, url in _pages(consultation):
        page = who[role]
        expect_ok(page.goto(url), url)
        serious = [v for v in axe_violations(page) if v["impact"] in AXE_FAILING_IMPACTS]
        if serious:
            failing[f"{name} ({language}) {url}"] = serious
        screenshot(page, f"axe-{name}-{language[:2]}")
    if failing:
        pytest.fail(f"axe ({language}):\n{format_violations(failing)}", pytrace=False)


def test_the_consultation_pages_fit_a_phone(world, desk, new_context):
    operator, consultation = desk
    who = _who(world, operator, new_context, viewport=PHONE, is_mobile=True, has_touch=True)
    for name, role, url in _pages(consultation):
        page = who[role]
        expect_ok(page.goto(url), url)
        sizes = page.evaluate(
            "({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth})"
        )
        screenshot(page, f"phone-{name}-zh")
        assert sizes["scroll"] <= sizes["inner"], f"{url} scrolls sideways on a phone: {sizes}"


def test_a_resident_asks_a_question_with_the_keyboard_only(world, new_context):
    page = new_context(language="en").new_page()
    keys = Keyboard(page)
    expect_ok(page.goto("/"), "home")
    keys.tab_to(lambda s: s["href"].endswith("/consult/"), what="Free consultations")
    keys.activate()
    page.wait_for_url("**/consult/")
    keys.tab_to(lambda s: s["name"] == "topic", what="topic")
    labour = str(Topic.objects.get(code="labour").pk)
    for _ in range(Topic.objects.count()):
        if keys.focus_state()["value"] == labour:
            break
        page.keyboard.press("ArrowDown")
    keys.tab_to(lambda s: s["name"] == "question", what="question")
    page.keyboard.type("My employer has not paid me for three months.")
    keys.tab_to(lambda s: s["name"] == "answer_channel", what="answer channel")
    page.keyboard.press("Space")
    assert keys.focus_state()["checked"]
    keys.tab_to(lambda s: s["name"] == "phone", what="phone")
    page.keyboard.type("13900139000")
    keys.tab_to(lambda s: s["name"] == "consent", what="consent")
    page.keyboard.press("Space")
    keys.tab_to(lambda s: s["tag"] == "button" and s["type"] == "submit", what="Send")
    keys.activate()
    page.wait_for_url(re.compile(r"/consult/sent/[^/]+/$"))
    consultation = Consultation.objects.get()
    assert consultation.topic.code == "labour" and consultation.phone == "13900139000"
    assert consultation.answer_channel == "callback"
    assert consultation.reference in page.inner_text("main")
    screenshot(page, "keyboard-consult-sent-en")
