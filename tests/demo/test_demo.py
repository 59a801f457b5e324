import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.timezone import now as timezone_now

from accounts.models import User
from appointments.models import HomeVisitRequest
from demo import history as demo_history
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


# --- the lived-in demo: a year of history and the coming days (demo/history.py) ---------------


def _sign_in(client, email: str) -> None:
    account = next(a for a in demo.DEMO_ACCOUNTS if a["email"] == email)
    response = client.post("/accounts/login/", {"login": email, "password": account["password"]})
    assert response.status_code == 302, email


def _today():
    return timezone.localdate()


def test_every_try_out_account_finds_real_content_at_once(seeded, client):
    from appointments.models import Appointment
    from casework.selectors import deadline_lists, prereview_queue
    from supervision.models import Opinion

    clerk = User.objects.get(email="clerk@demo.invalid")
    _sign_in(client, "clerk@demo.invalid")
    # The agenda of the first day with appointments, today or the next working days.
    first = (
        Appointment.objects.filter(office=clerk.office, starts_at__date__gte=_today())
        .order_by("starts_at")
        .first()
    )
    assert first is not None
    day = timezone.localdate(first.starts_at)
    agenda = client.get(f"/staff/agenda/?date={day.isoformat()}").content.decode()
    assert first.applicant_name in agenda
    # The pre-review queue and the case deadlines on the workspace's start page.
    queue = list(prereview_queue(user=clerk))
    deadlines = deadline_lists(user=clerk)
    assert queue and deadlines.overdue.rows
    home = client.get("/staff/").content.decode()
    assert queue[0].reference in home
    assert deadlines.overdue.rows[0].appointment.reference in home
    statistics = client.get("/bureau/statistics/")
    assert statistics.status_code == 200
    assert statistics.context["stats"].totals.completed > 0
    opinion = Opinion.objects.filter(office=clerk.office).first()
    assert opinion.text in client.get("/bureau/opinions/").content.decode()
    client.logout()

    _sign_in(client, "bureau@demo.invalid")
    city = client.get(f"/bureau/statistics/?year={_today().year - 1}")
    stats = city.context["stats"]
    assert stats.totals.completed > 1000 and stats.totals.no_shows and stats.totals.cancellations
    assert stats.rating_count and stats.exemptions and stats.totals.cases_on_time
    newest = Opinion.objects.order_by("-created_at").first()
    assert newest.text in client.get("/bureau/opinions/").content.decode()
    client.logout()

    _sign_in(client, "resident@demo.invalid")
    resident = User.objects.get(email="resident@demo.invalid")
    mine = client.get("/appointments/").content.decode()
    references = list(resident.appointments.values_list("reference", flat=True))
    assert len(references) >= 3
    assert all(ref in mine for ref in references)
    assert resident.appointments.filter(status="booked", fee_quote=0).exists(), "a free will"
    assert "无障碍坡道已列入" in client.get("/opinions/mine/").content.decode()
    client.logout()

    _sign_in(client, "operator@demo.invalid")
    upcoming = Appointment.objects.filter(status="booked").order_by("starts_at").first()
    found = client.post(
        "/hotline/lookup/", {"reference": upcoming.reference, "phone": upcoming.applicant_phone}
    )
    assert found.status_code in (200, 302)
    if found.status_code == 302:
        assert upcoming.reference in found.url


def test_the_history_covers_every_office_and_outcome(seeded):
    from appointments.models import Appointment, ExemptionClaim
    from casework.models import Case, CaseStatus
    from events.models import Event
    from supervision.models import Opinion, Rating
    from supervision.statistics import event_shortfalls

    last_year = _today().year - 1
    past = Appointment.objects.filter(starts_at__date__lt=_today())
    for office in Office.objects.all():
        statuses = set(past.filter(office=office).values_list("status", flat=True))
        assert {"completed", "no_show", "cancelled"} <= statuses, office.slug
    assert past.filter(status__in=["booked", "checked_in"]).count() == 0
    tryout = Office.objects.get(slug="dongcheng-first")
    assert set(
        Case.objects.filter(appointment__office=tryout).values_list("status", flat=True)
    ) == set(CaseStatus.values)
    assert ExemptionClaim.objects.filter(status="confirmed").exists()
    assert ExemptionClaim.objects.filter(status="rejected").exists()
    assert Rating.objects.count() > 100
    assert Opinion.objects.filter(answers__isnull=False).exists()
    assert Opinion.objects.filter(answers__isnull=True).exists()
    short = {s.office.slug for s in event_shortfalls(office=None, year=_today().year)}
    assert short == set(demo_history.EVENT_SHORTFALL_OFFICES)
    assert not event_shortfalls(office=None, year=last_year)
    assert Event.objects.filter(starts_at__gt=timezone_now()).exists()
    assert HomeVisitRequest.objects.filter(office=tryout, status="requested").exists()


def test_no_notary_is_in_two_visits_at_once(seeded):
    """Past visits are written in bulk: one per notary a day, never overlapping."""
    from appointments.models import Appointment

    last_end: dict[int, object] = {}
    for notary_id, starts, ends in (
        Appointment.objects.exclude(status="cancelled")
        .order_by("notary_id", "starts_at")
        .values_list("notary_id", "starts_at", "ends_at")
    ):
        assert last_end.get(notary_id) is None or last_end[notary_id] <= starts, notary_id
        last_end[notary_id] = ends


def test_last_years_return_visit_draw_takes_ten_of_every_notary(seeded):
    from supervision.models import ReturnVisit

    year = _today().year - 1
    call_command("return_visit_draw", "--year", str(year), "--seed", "7", stdout=io.StringIO())
    per_notary = {}
    # The appointments' part of the draw (answered consultations and decided legal aid come too).
    appointment_visits = ReturnVisit.objects.exclude(appointment=None)
    for notary_id in appointment_visits.values_list("appointment__notary_id", flat=True):
        per_notary[notary_id] = per_notary.get(notary_id, 0) + 1
    assert len(per_notary) == Notary.objects.count()
    assert set(per_notary.values()) == {10}


def test_every_district_has_a_legal_aid_centre_and_the_try_out_staff_work_in_one(seeded):
    from accounts.permissions import legal_aid_centres_for_staff
    from legalaid.models import LegalAidCentre
    from notaries.models import District

    assert set(LegalAidCentre.objects.values_list("district__slug", flat=True)) == set(
        District.objects.values_list("slug", flat=True)
    )
    staff = User.objects.get(email="legal-aid@demo.invalid")
    assert staff.role == "legal_aid_staff"
    assert [c.slug for c in legal_aid_centres_for_staff(staff)] == ["dongcheng-legal-aid"]


def test_the_consultation_desk_has_a_queue_for_every_try_out_account(seeded, client):
    from consult.models import Consultation

    statuses = set(Consultation.objects.values_list("status", flat=True))
    assert statuses == {"new", "taken", "referred", "answered"}
    pages = {
        "operator@demo.invalid": [
            "/hotline/consultations/",
            "/hotline/consultations/?tab=mine",
            "/hotline/consultations/?tab=referred",
        ],
        "clerk@demo.invalid": ["/consult/desk/", "/consult/desk/?tab=mine"],
        "legal-aid@demo.invalid": ["/consult/desk/"],
        "bureau@demo.invalid": ["/bureau/consultations/overdue/"],
        "resident@demo.invalid": ["/consult/mine/"],
    }
    for email, urls in pages.items():
        _sign_in(client, email)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (email, url)
            assert response.context["page"].object_list, (email, url)  # not an empty queue
        client.logout()


def test_the_demo_has_a_commitment_statement_and_a_data_link_for_its_residents(seeded, client):
    from appointments.models import Appointment
    from commitments.models import CommitmentStatement
    from verification.models import RegistryRecord, Verification

    statement = CommitmentStatement.objects.order_by("-version").first()
    assert statement is not None and "承诺" in statement.text_zh and "commit" in statement.text_en
    assert MaterialItem.objects.filter(commitment_allowed=True).count() > 20
    kinds = set(
        MaterialItem.objects.exclude(verification_kind="").values_list(
            "verification_kind", flat=True
        )
    )
    assert kinds == {"identity", "household", "marital", "real_estate"}
    resident = User.objects.get(email="resident@demo.invalid")
    assert set(
        RegistryRecord.objects.filter(id_number_hash=resident.id_number_hash).values_list(
            "kind", flat=True
        )
    ) == {"identity", "household", "marital", "real_estate"}
    assert RegistryRecord.objects.values("id_number_hash").distinct().count() > 200

    # The try-out resident's coming visit offers the online check, and it answers.
    upcoming = (
        Appointment.objects.filter(resident=resident, status="booked").order_by("starts_at").first()
    )
    assert upcoming is not None
    item = next(i for i in upcoming.booked_materials if i.verification_kind == "identity")
    client.force_login(resident)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(f"/appointments/{upcoming.reference}/").content.decode()
    assert "Let the office check this online instead of bringing it" in page
    client.post(f"/appointments/{upcoming.reference}/verification/{item.pk}/", {"consent": "on"})
    assert Verification.objects.get(appointment=upcoming).answer == "verified"
    assert (
        "No need to bring: verified online"
        in client.get(f"/appointments/{upcoming.reference}/").content.decode()
    )


def test_legal_aid_has_every_state_at_the_centres_and_shows_in_the_statistics(seeded, client):
    from legalaid.models import Application, LegalAidCentre
    from supervision.models import Opinion, ReturnVisit, ReturnVisitDraw

    assert set(Application.objects.values_list("status", flat=True)) == {
        "submitted",
        "accepted",
        "more_needed",
        "granted",
        "refused",
    }
    staff = User.objects.get(email="legal-aid@demo.invalid")
    try_out = Application.objects.filter(centre_id=staff.legal_aid_centre_id)
    assert set(try_out.values_list("status", flat=True)) == set(Application.Status.values)
    assert try_out.filter(channel="hotline", hotline_consent__isnull=False).exists()
    assert Application.objects.values("centre").distinct().count() == LegalAidCentre.objects.count()
    assert Opinion.objects.filter(legal_aid_application__isnull=False).exists()
    assert Opinion.objects.filter(consultation__isnull=False).exists()

    _sign_in(client, "bureau@demo.invalid")
    for year in (_today().year, _today().year - 1):
        legal_aid = client.get(f"/bureau/statistics/?year={year}").context["stats"].legal_aid
        assert legal_aid.totals.applications, year
    assert (
        client.get(f"/bureau/statistics/?year={_today().year}")
        .context["stats"]
        .legal_aid.totals.granted
    )
    client.logout()
    _sign_in(client, "legal-aid@demo.invalid")
    queue = client.get("/legal-aid/centre/")
    assert queue.status_code == 200 and list(queue.context["applications"])
    client.logout()

    # Last year's draw (run by the test above, or here) calls back decided legal-aid cases too.
    year = _today().year - 1
    if not ReturnVisitDraw.objects.filter(year=year).exists():
        call_command("return_visit_draw", "--year", str(year), "--seed", "7", stdout=io.StringIO())
    assert ReturnVisit.objects.filter(draw__year=year, legal_aid_application__isnull=False).exists()
