"""The open-data API's docs page works in a browser under the portal's Content-Security-Policy,
from our own static files only."""

from __future__ import annotations

import pytest

from .conftest import expect_ok, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_lists_every_endpoint_without_breaking_the_policy(new_context, live_server):
    page = new_context().new_page()
    problems: list[str] = []
    requested: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: requested.append(r.url))
    expect_ok(page.goto("/api/v1/docs"), "/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert {p.replace("\u200b", "") for p in paths} == {
        "/api/v1/offices",
        "/api/v1/offices/{slug}",
        "/api/v1/matters",
        "/api/v1/matters/{code}",
        "/api/v1/availability",
    }
    assert [p for p in problems if "Content Security Policy" in p] == []
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requested)
    screenshot(page, "api-docs")
