import html
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The visible text of a page, tags removed and white space folded."""
    body = response.content.decode()
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return " ".join(html.unescape(body).split())


# --- home ---------------------------------------------------------------------------------------


def test_home_offers_search_hotline_and_shortcuts_in_chinese_by_default(client, catalogue):
    response = client.get("/")
    assert response.status_code == 200
    page = text(response)
    assert "12348" in page
    assert "事项指南" in page and "公证机构" in page
    assert 'role="search"' in response.content.decode()
    assert '<html lang="zh-Hans"' in response.content.decode()
    assert "七十岁以上老人遗嘱免费" in page


def test_home_in_english_when_the_browser_prefers_english(english, catalogue):
    response = english.get("/")
    page = text(response)
    assert '<html lang="en"' in response.content.decode()
    assert "Matter guide" in page and "Notary offices" in page
    assert "Free wills for people aged 70 or over" in page


def test_language_switcher_remembers_the_choice(client, catalogue):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/matters/"})
    assert response.status_code == 302
    assert response["Location"] == "/matters/"
    page = text(client.get("/matters/"))
    assert "Matter guide" in page
    assert "Will" in page
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "遗嘱公证" in text(client.get("/matters/"))


def test_language_switcher_does_not_redirect_to_another_site(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


# --- matter guide -------------------------------------------------------------------------------


def test_matter_list_shows_every_published_matter_with_its_mark_and_time(english, catalogue):
    page = text(english.get("/matters/"))
    assert "2 matters found" in page
    assert "Will" in page and "Loan contract" in page
    assert "Run at most once" in page
    assert "Ready in 10 working days" in page


def test_unpublished_matters_are_not_listed(english, catalogue):
    catalogue.loan.is_published = False
    catalogue.loan.save()
    page = text(english.get("/matters/"))
    assert "Loan contract" not in page
    assert english.get("/matters/loan-contract/").status_code == 404


def test_matter_list_filters_by_category(english, catalogue):
    page = text(english.get("/matters/", {"category": "business"}))
    assert "1 matter found" in page
    assert "Loan contract" in page and "Will" not in page.replace("Will be", "")


def test_matter_list_shows_only_run_at_most_once_matters_on_request(english, catalogue):
    page = text(english.get("/matters/", {"once": "1"}))
    assert "1 matter found" in page
    assert "Loan contract" not in page


@pytest.mark.parametrize("query", ["遗嘱", "will", "WILL", "decide who receives", "遗嘱 will"])
def test_matter_search_finds_a_matter_in_either_language(english, catalogue, query):
    response = english.get("/matters/", {"q": query})
    page = text(response)
    assert "1 matter found" in page
    assert reverse("notaries:matter_detail", args=["will"]) in response.content.decode()


def test_matter_search_with_no_hit_says_so_and_keeps_the_query(english, catalogue):
    response = english.get("/matters/", {"q": "spaceship"})
    assert "No matter matches your search" in text(response)
    assert 'value="spaceship"' in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "<script>alert(1)</script>"},
        {"category": "' OR 1=1 --"},
        {"page": "abc"},
        {"page": "99999"},
        {"once": "\x00"},
        {"q": "%", "category": "family"},
    ],
)
def test_matter_list_survives_hostile_parameters(english, catalogue, params):
    response = english.get("/matters/", params)
    # A NUL character is refused before any query (400); everything else is a normal page.
    assert response.status_code == (400 if any("\x00" in v for v in params.values()) else 200)
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_matter_detail_shows_the_checklist_in_order_with_all_its_facts(english, catalogue):
    response = english.get("/matters/will/")
    assert response.status_code == 200
    page = text(response)
    first = page.index("Testator's identity card")
    second = page.index("Property certificate")
    assert first < second
    assert "Original and copy · 2 copies · Brought by: The applicant" in page
    assert "A signed commitment statement may be given instead." in page
    assert "If the will covers a home" in page
    assert "Run at most once" in page
    assert "5 working days after your visit" in page
    assert "300 yuan per will" in page
    assert "Free wills for people aged 70 or over" in page
    assert "Dongcheng First Notary Office" in page
    assert "Haidian First Notary Office" not in page  # it does not handle wills


def test_matter_detail_in_chinese(chinese, catalogue):
    page = text(chinese.get("/matters/will/"))
    assert "立遗嘱人居民身份证" in page
    assert "所需材料" in page
    assert "5个工作日" in page
    assert "东城第一公证处" in page


def test_matter_detail_checklist_is_printable(english, catalogue):
    body = english.get("/matters/will/").content.decode()
    assert "data-print" in body
    with open("static/css/portal.css", encoding="utf-8") as css:
        assert "@media print" in css.read()


@pytest.mark.parametrize(
    "lang,expected", [("en", "We could not find that page"), ("zh", "页面不存在")]
)
def test_unknown_matter_code_gives_a_friendly_404_in_the_visitors_language(
    client, catalogue, lang, expected
):
    response = client.get("/matters/no-such-matter/", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 404
    assert expected in text(response)
    assert "12348" in text(response)


def test_unknown_office_slug_gives_a_friendly_404(english, catalogue):
    response = english.get("/offices/atlantis/")
    assert response.status_code == 404
    assert "We could not find that page" in text(response)


# --- offices ------------------------------------------------------------------------------------


def test_office_list_groups_offices_by_district_with_notary_counts(english, catalogue):
    page = text(english.get("/offices/"))
    assert page.index("Dongcheng") < page.index("Dongcheng First Notary Office")
    assert page.index("Dongcheng First Notary Office") < page.index("Haidian First Notary Office")
    assert "2 notaries, 1 on duty" in page
    assert "1 notary, 0 on duty" in page
    assert "Cooperative" in page


def test_inactive_offices_are_not_listed(english, catalogue):
    catalogue.west.is_active = False
    catalogue.west.save()
    assert "Haidian First Notary Office" not in text(english.get("/offices/"))
    assert english.get("/offices/haidian-first/").status_code == 404


def test_office_detail_shows_contact_notaries_with_status_and_fee_table(english, catalogue):
    page = text(english.get("/offices/dongcheng-first/"))
    assert "No. 1, Test Road" in page
    assert "010-60000000" in page
    assert "Mon–Fri 9:00–17:00" in page
    assert "Zhang Ming" in page and "On duty" in page
    assert "Li Hua" in page and "On leave" in page
    assert "300 yuan per will" in page and "200 yuan per matter" in page


def test_office_detail_in_chinese(chinese, catalogue):
    page = text(chinese.get("/offices/haidian-first/"))
    assert "海淀第一公证处" in page
    assert "王芳" in page and "停止执业" in page
    assert "合作制" in page


# --- cost of each page ---------------------------------------------------------------------------

PAGES = ["/", "/matters/", "/matters/will/", "/offices/", "/offices/dongcheng-first/"]


@pytest.mark.parametrize("url", PAGES)
def test_page_query_count_does_not_grow_with_the_catalogue(
    client, catalogue, grow, django_assert_num_queries, url
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(factor=3)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
    assert len(small.captured_queries) <= 14
