import pytest
from django.core.management import call_command

from demo import loader as demo
from notaries.models import (
    District,
    MaterialItem,
    Matter,
    Notary,
    Office,
)

pytestmark = pytest.mark.django_db


def _history_rows() -> int:
    return sum(model.history.count() for model in (District, Office, Notary, Matter, MaterialItem))


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        report = demo.seed_demo()
        yield report
        # The load was committed outside any test's transaction: empty every table again.
        call_command("flush", interactive=False, verbosity=0)


def test_demo_data_has_the_citys_shape(seeded):
    assert District.objects.count() == 16
    assert Office.objects.count() == 25
    assert set(Office.objects.values_list("district", flat=True)) == set(
        District.objects.values_list("pk", flat=True)
    ), "every district has an office"
    assert Notary.objects.count() >= 400
    statuses = set(Notary.objects.values_list("status", flat=True))
    assert statuses == {"on_duty", "on_leave", "suspended"}
    assert Notary.objects.filter(status="on_duty").count() > 0.8 * Notary.objects.count()
    assert Matter.objects.count() >= 60
    assert Matter.objects.filter(run_at_most_once=True).count() == 52
    for matter in Matter.objects.all():
        assert matter.materials.count() >= 2, matter.code
        assert matter.offices.exists(), matter.code
    assert Matter.objects.filter(processing_days=5).count() > Matter.objects.count() / 2


def test_demo_data_covers_everyday_livelihood_matters(seeded):
    names = " ".join(Matter.objects.values_list("name_zh", flat=True))
    for word in [
        "遗嘱",
        "继承",
        "赠与",
        "委托",
        "声明",
        "出生",
        "亲属",
        "婚",
        "无犯罪",
        "学",
        "房",
        "监护",
        "保全",
        "合同",
    ]:
        assert word in names, word


def test_will_matters_carry_the_elderly_exemption(seeded):
    will = Matter.objects.get(code="will")
    assert will.exemptions.filter(code="elderly-will").exists()
    assert (
        not Matter.objects.exclude(name_zh__contains="遗嘱")
        .filter(exemptions__code="elderly-will")
        .exists()
    )


def test_seeding_twice_changes_nothing(seeded):
    before = (_history_rows(), Notary.objects.count(), MaterialItem.objects.count())
    report = demo.seed_demo()
    assert not report.changed_anything, (report.created, report.updated)
    assert (_history_rows(), Notary.objects.count(), MaterialItem.objects.count()) == before


def test_seed_is_deterministic(seeded):
    first = list(
        Notary.objects.order_by("licence_number").values_list(
            "licence_number", "name_zh", "status"
        )[:50]
    )
    assert first[0][0].isdigit()
    Notary.objects.filter(licence_number=first[0][0]).update(
        status="suspended" if first[0][2] != "suspended" else "on_duty"
    )
    demo.seed_demo()
    again = list(
        Notary.objects.order_by("licence_number").values_list(
            "licence_number", "name_zh", "status"
        )[:50]
    )
    assert again == first


def test_seed_command_prints_progress_and_the_try_out_sign_ins(seeded, capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "nothing changed" in out
    for account in demo.DEMO_ACCOUNTS:
        assert account["email"] in out and account["password"] in out


def test_try_out_accounts_can_sign_in(seeded, client):
    for account in demo.DEMO_ACCOUNTS:
        response = client.post(
            "/accounts/login/", {"login": account["email"], "password": account["password"]}
        )
        assert response.status_code == 302, account["email"]
        client.logout()
    client.post(
        "/accounts/login/", {"login": "bureau@demo.invalid", "password": "Bureau-demo-2026"}
    )
    assert client.get("/admin/notaries/matter/").status_code == 200


def test_pages_say_the_data_is_invented(seeded, english):
    body = english.get("/").content.decode()
    assert "Demo data." in body
    assert "invented for demonstration" in body


def test_the_try_out_clerk_works_in_one_office_only(seeded, client):
    client.post("/accounts/login/", {"login": "clerk@demo.invalid", "password": "Clerk-demo-2026"})
    assert client.get("/staff/").status_code == 200
    assert client.get("/admin/").status_code == 302  # not a bureau account
