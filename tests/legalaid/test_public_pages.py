"""The public legal-aid pages: what legal aid is, who qualifies (the bureau's hardship standard
and the special groups), how to apply, and one guidance page per kind of case with its
documents. Anyone may read them, in Chinese and English, without JavaScript."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from legalaid.models import HardshipStandard
from tests.factories import LegalAidCentreFactory
from tests.legalaid.conftest import make_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def standard():
    return HardshipStandard.objects.create(
        monthly_income_per_person=Decimal("2640.00"),
        explanation_zh="人均月收入不超过低保标准两倍。",
        explanation_en="At most twice the allowance line per member.",
        in_force_from=dt.date(2026, 1, 1),
    )


def test_anyone_reads_what_legal_aid_is_who_qualifies_and_how_to_apply(english, standard):
    kind = make_kind()
    centre = LegalAidCentreFactory(name_en="Dongcheng District Legal Aid Centre")
    body = english.get("/legal-aid/").content.decode()
    assert "Legal aid is free legal help" in body
    assert "2640.00 yuan per member" in body
    for group in [
        "Low-income people",
        "People with disabilities",
        "The elderly",
        "Migrant workers",
        "Minors",
        "Single mothers in difficulty",
        "Military families and veterans",
    ]:
        assert group in body
    assert "How to apply" in body
    assert kind.get_absolute_url() in body and kind.name_en in body
    assert centre.name_en in body and centre.phone in body


def test_the_pages_speak_chinese(chinese, standard):
    kind = make_kind()
    body = chinese.get("/legal-aid/").content.decode()
    assert "法律援助" in body and "农民工" in body and "如何申请" in body
    detail = chinese.get(kind.get_absolute_url()).content.decode()
    assert kind.name_zh in detail and "证明材料1" in detail and "所需材料" in detail


def test_a_kind_of_case_lists_its_eligibility_and_documents_in_order(english, standard):
    kind = make_kind(documents=3, hardship_waived=True)
    response = english.get(f"/legal-aid/cases/{kind.slug}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Migrant workers are not asked about hardship." in body
    assert "No economic hardship test applies" in body
    positions = [body.index(f"Proof number {n}") for n in (1, 2, 3)]
    assert positions == sorted(positions)
    assert "<script" not in body.split("<main", 1)[-1].split("</main>", 1)[0]


def test_an_unpublished_or_unknown_kind_is_not_found(english):
    hidden = make_kind("hidden", is_published=False)
    assert english.get(f"/legal-aid/cases/{hidden.slug}/").status_code == 404
    assert english.get("/legal-aid/cases/no-such-kind/").status_code == 404
    assert hidden.name_en not in english.get("/legal-aid/").content.decode()


def test_the_pages_work_before_the_bureau_set_anything(english):
    body = english.get("/legal-aid/").content.decode()
    assert "has not published its standard yet" in body
    assert "No kind of case is published" in body


def test_home_page_and_menu_link_to_legal_aid(english):
    body = english.get("/").content.decode()
    assert body.count('href="/legal-aid/"') >= 2


def test_the_bureau_edits_documents_with_history(standard):
    kind = make_kind(documents=1)
    document = kind.documents.get()
    document.name_en = "Proof of employment"
    document.save()
    assert [r.name_en for r in document.history.order_by("history_id")] == [
        "Proof number 1",
        "Proof of employment",
    ]
    assert kind.history.count() == 1


@pytest.mark.parametrize("kinds", [2, 12])
def test_the_start_page_costs_the_same_queries_whatever_the_number_of_kinds(
    english, standard, django_assert_max_num_queries, kinds
):
    for n in range(kinds):
        make_kind(f"kind-{n}", documents=2)
        LegalAidCentreFactory()
    with django_assert_max_num_queries(8):
        assert english.get("/legal-aid/").status_code == 200


def test_the_pages_refuse_writes(english):
    make_kind()
    assert english.post("/legal-aid/").status_code == 405
    assert english.post("/legal-aid/cases/unpaid-wages/").status_code == 405
