"""What people notice on the catalogue's pages: the best title match first, exemptions beside
the fee, status colours that can be read."""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MatterCategoryFactory, MatterFactory

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return re.findall(r'<h2 class="h5 card-title"><a[^>]*>([^<]+)</a>', response.content.decode())


def test_searching_a_word_lists_the_matter_titled_by_it_first(client):
    first = MatterCategoryFactory(position=1)
    later = MatterCategoryFactory(position=2)
    # In the catalogue's order, these come before the will: only their texts mention 遗嘱.
    MatterFactory(
        code="inheritance",
        name_zh="继承公证",
        category=first,
        description_zh="按遗嘱或法定继承办理。",
    )
    MatterFactory(code="gift", name_zh="赠与遗嘱财产公证", category=first)
    MatterFactory(code="will", name_zh="遗嘱公证", category=later)
    MatterFactory(code="will-revocation", name_zh="遗嘱公证撤销", category=later)
    response = client.get("/matters/", {"q": "遗嘱"})
    titles = _titles(response)
    assert titles[:4] == ["遗嘱公证", "遗嘱公证撤销", "赠与遗嘱财产公证", "继承公证"], titles


def test_the_search_costs_the_same_queries_however_many_matters_match(client):
    category = MatterCategoryFactory()
    MatterFactory(name_zh="遗嘱公证", category=category)
    with CaptureQueriesContext(connection) as small:
        client.get("/matters/", {"q": "遗嘱"})
    for n in range(8):
        MatterFactory(name_zh=f"遗嘱事项{n}", category=category)
    with CaptureQueriesContext(connection) as large:
        client.get("/matters/", {"q": "遗嘱"})
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_matter_page_names_its_exemptions_beside_its_fee(client, catalogue):
    page = client.get("/matters/will/").content.decode()
    fee = page.split("收费标准", 1)[1].split("</dd>", 1)[0]
    assert "每件300元" in fee
    assert "费用减免：" in fee
    assert "七十岁以上老人遗嘱免费" in fee and "低保对象免费" in fee
    english = client.get("/matters/will/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    fee = english.split("Fee standard", 1)[1].split("</dd>", 1)[0]
    assert "Free of charge:" in fee and "Free wills for people aged 70 or over" in fee
    # A matter without exemptions says nothing of the kind there.
    loan = client.get("/matters/loan-contract/").content.decode()
    assert "费用减免：" not in loan.split("收费标准", 1)[1].split("</dd>", 1)[0]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_appointment_status_badge_has_enough_contrast():
    css = (Path(__file__).resolve().parents[2] / "static/css/portal.css").read_text()
    colours = dict(
        re.findall(r"\.badge-appointment-(\w+) \{ background: (#[0-9a-fA-F]{6}); \}", css)
    )
    assert set(colours) == {"booked", "checked_in", "completed", "no_show", "cancelled"}
    for status, colour in colours.items():
        ratio = (1.05) / (_luminance(colour) + 0.05)  # white text
        assert ratio >= 4.5, f"{status}: {ratio:.2f}:1"
