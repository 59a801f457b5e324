import pytest

pytestmark = pytest.mark.django_db


def test_offices_list_has_count_and_every_office(client, catalogue):
    response = client.get("/api/v1/offices")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["count"] == 2 == len(data["results"])
    first = data["results"][0]
    assert first["slug"] == "dongcheng-first"
    assert first["name"] == "东城第一公证处"  # Chinese by default
    assert first["district"] == "东城区"
    assert first["kind"] == "public"
    assert first["notary_count"] == 2
    assert first["notaries_on_duty"] == 1


def test_api_names_follow_the_request_language(client, catalogue):
    data = client.get("/api/v1/offices", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["results"][0]["name"] == "Dongcheng First Notary Office"
    assert data["results"][0]["district"] == "Dongcheng"
    pinned = client.get("/api/v1/offices?lang=zh", HTTP_ACCEPT_LANGUAGE="en").json()
    assert pinned["results"][0]["name"] == "东城第一公证处"
    assert client.get("/api/v1/matters?lang=en").json()["results"][0]["name"] in {
        "Will",
        "Loan contract",
    }


def test_matters_list_items_carry_fee_and_materials(client, catalogue):
    data = client.get("/api/v1/matters?lang=en").json()
    assert data["count"] == 2
    will = next(item for item in data["results"] if item["code"] == "will")
    assert will["name"] == "Will"
    assert will["category"] == "Family"
    assert will["run_at_most_once"] is True
    assert will["processing_days"] == 5
    assert will["fee"] == {"amount": "200.00", "currency": "CNY", "standard": "300 yuan per will"}
    assert [m["name"] for m in will["materials"]] == [
        "Testator's identity card",
        "Property certificate",
    ]
    assert will["materials"][1] == {
        "position": 2,
        "name": "Property certificate",
        "form": "original_and_copy",
        "form_label": "Original and copy",
        "copies": 2,
        "provider": "applicant",
        "provider_label": "The applicant",
        "commitment_allowed": True,
        "note": "If the will covers a home",
    }
    assert {e["code"] for e in will["exemptions"]} == {"elderly-will", "minimum-allowance"}


def test_one_matter_in_full_lists_offices_and_exemption_texts(client, catalogue):
    data = client.get("/api/v1/matters/will?lang=en").json()
    assert data["description"].startswith("Make a will")
    assert data["offices"] == [
        {
            "slug": "dongcheng-first",
            "name": "Dongcheng First Notary Office",
            "district": "Dongcheng",
        }
    ]
    assert all(e["description"] for e in data["exemptions"])


def test_one_office_in_full_lists_notaries_and_fee_table(client, catalogue):
    data = client.get("/api/v1/offices/dongcheng-first?lang=en").json()
    assert [n["name"] for n in data["notaries"]] == ["Li Hua", "Zhang Ming"]
    assert {n["status"] for n in data["notaries"]} == {"on_duty", "on_leave"}
    assert {m["code"] for m in data["matters"]} == {"will", "loan-contract"}


@pytest.mark.parametrize("url", ["/api/v1/matters/nope", "/api/v1/offices/nope"])
def test_unknown_items_are_a_json_404(client, catalogue, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_the_api_is_read_only(client, catalogue):
    assert client.post("/api/v1/matters", {}).status_code == 405
    assert client.delete("/api/v1/offices/dongcheng-first").status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/offices",
        "/api/v1/matters",
        "/api/v1/matters/will",
        "/api/v1/offices/dongcheng-first",
    ],
)
def test_api_query_count_does_not_grow_with_the_catalogue(client, catalogue, grow, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow(factor=3)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries) <= 6
