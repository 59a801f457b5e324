"""Chinese by default, English through the switcher in the header, on the same pages; and the
Chinese text is drawn with a real CJK font (no empty boxes)."""

from __future__ import annotations

import re

import pytest

from .conftest import expect_ok, html_lang, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CJK = re.compile(r"[\u4e00-\u9fff]")


def switch_language(page, to: str) -> None:
    """Press the switcher button in the header (a POST to /i18n/setlang/) and wait for the page."""
    url = page.url
    button = page.locator("header form.language-switcher button[type=submit]")
    assert button.get_attribute("value") == to
    with page.expect_navigation():
        button.click()
    assert page.url == url, "the switcher should come back to the same page"


def platform_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium actually used to draw the text under `selector` (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()


def test_pages_in_chinese_and_english(world, new_context):
    appointment = world.book(hour=9, minute=30)
    matter, office = world.matter, world.office
    pages = [
        ("home", "/", "公证", "Notarization"),
        ("matters", "/matters/", "事项指南", "Matter guide"),
        ("matter", f"/matters/{matter.code}/", matter.name_zh, matter.name_en),
        ("offices", "/offices/", "公证机构", "Notary offices"),
        ("office", f"/offices/{office.slug}/", office.name_zh, office.name_en),
        (
            "book-time",
            f"/book/{matter.code}/{office.slug}/?date={world.day.isoformat()}",
            matter.name_zh,
            matter.name_en,
        ),
        ("appointment", f"/appointments/{appointment.reference}/", matter.name_zh, matter.name_en),
    ]
    page = new_context(user=world.resident).new_page()
    for name, url, chinese_h1, english_h1 in pages:
        expect_ok(page.goto(url), url)
        assert html_lang(page) == "zh-Hans", url
        zh_nav = page.inner_text("header nav")
        zh_h1 = page.inner_text("h1")
        assert "事项指南" in zh_nav and "公证机构" in zh_nav, zh_nav
        assert chinese_h1 in zh_h1, (url, zh_h1)
        fonts = platform_fonts(page, "h1")
        assert any("CJK" in f["familyName"] and f["glyphCount"] > 0 for f in fonts), (url, fonts)
        screenshot(page, f"{name}-zh")

        switch_language(page, "en")
        assert html_lang(page) == "en", url
        en_nav = page.inner_text("header nav")
        en_h1 = page.inner_text("h1")
        assert "Matter guide" in en_nav and "Notary offices" in en_nav, en_nav
        assert english_h1 in en_h1, (url, en_h1)
        assert not CJK.search(en_h1), (url, en_h1)
        assert en_h1 != zh_h1 and en_nav != zh_nav
        screenshot(page, f"{name}-en")

        # The choice is remembered: the next page stays English until switched back.
        switch_language(page, "zh-hans")
        assert html_lang(page) == "zh-Hans", url
        assert page.inner_text("h1") == zh_h1

    # English is kept across pages (cookie) once chosen.
    page.goto("/")
    switch_language(page, "en")
    page.goto(f"/matters/{matter.code}/")
    assert html_lang(page) == "en"
    assert "Materials to bring" in page.inner_text("main")
