"""A false commitment reported at the counter reaches the bureau as a blacklist proposal; the
bureau enters the person in the blacklist from it (entry and proposal in one transaction) or
dismisses it with a reason. The resident's own page shows the commitment given, with its time."""

import html
import re

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from blacklist.models import BlacklistEntry
from blacklist.selectors import blacklist_flag_for
from commitments.models import Commitment, CommitmentStatement, FalseCommitmentReport
from tests.dates import working_day_after
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def client_for(user, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def proposal(world):
    item = world.materials[0]
    item.commitment_allowed = True
    item.save()
    statement = CommitmentStatement.objects.create(
        version=1, text_zh="本人承诺", text_en="I promise it is true"
    )
    appointment = world.book()
    commitment = Commitment.objects.create(
        appointment=appointment,
        material_id=item.pk,
        item_name=item.name_en,
        statement=statement,
        real_name=appointment.applicant_name,
        given_by=world.resident,
    )
    report = FalseCommitmentReport.objects.create(
        commitment=commitment, reported_by=world.staff_a, finding="The registry shows a divorce"
    )
    return world, appointment, report


def enter_url(report) -> str:
    return f"/bureau/commitment-reports/{report.pk}/enter/"


def test_the_residents_page_shows_the_commitment_given_with_its_time(proposal):
    world, appointment, report = proposal
    page = text(client_for(world.resident).get(f"/appointments/{appointment.reference}/"))
    given_at = timezone.localtime(report.commitment.given_at).strftime("%Y-%m-%d %H:%M")
    materials = page[page.index("This is the list as it was when you booked") :]
    assert f"Commitment given {appointment.applicant_name} · {given_at}" in materials


def test_the_bureau_enters_a_proposal_into_the_blacklist_in_one_step(proposal):
    world, appointment, report = proposal
    bureau = client_for(world.admin)
    listing = text(bureau.get("/bureau/commitment-reports/"))
    assert appointment.reference in listing and "The registry shows a divorce" in listing
    detail = text(bureau.get(f"/bureau/commitment-reports/{report.pk}/"))
    # The reason starts from what the office found; the bureau may change it.
    assert "False commitment statement for" in detail and "shows a divorce" in detail
    today = timezone.localdate()
    response = bureau.post(
        enter_url(report),
        {"reason": "False marriage statement, decision 2026-17", "starts_on": today.isoformat()},
    )
    entry = BlacklistEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/bureau/blacklist/{entry.pk}/"
    assert (entry.name, entry.office, entry.created_by, entry.ends_on) == (
        appointment.applicant_name,
        appointment.office,
        world.admin,
        None,
    )
    assert entry.id_number_hash == world.resident.id_number_hash
    report.refresh_from_db()
    assert (report.status, report.entry, report.decided_by) == ("entered", entry, world.admin)
    # The person is now refused at booking; the clerk's page says the proposal was entered.
    assert blacklist_flag_for(resident=world.resident, on=today) == entry
    staff = text(client_for(world.staff_a).get(f"/staff/appointments/{appointment.reference}/"))
    assert "Entered in the blacklist" in staff
    # Deciding again adds nothing.
    again = bureau.post(enter_url(report), {"reason": "again", "starts_on": today.isoformat()})
    assert again.status_code == 400 and "already decided" in text(again)
    assert BlacklistEntry.objects.count() == 1


def test_invalid_dates_are_refused_with_the_input_kept_and_nothing_written(proposal):
    world, _appointment, report = proposal
    today = timezone.localdate()
    response = client_for(world.admin).post(
        enter_url(report),
        {
            "reason": "Kept reason text",
            "starts_on": working_day_after(today, 5).isoformat(),
            "ends_on": today.isoformat(),
        },
    )
    assert response.status_code == 400
    page = text(response)
    assert "The end date cannot be before the start date." in page and "Kept reason text" in page
    assert not BlacklistEntry.objects.exists()
    report.refresh_from_db()
    assert report.status == "proposed" and report.entry is None


def test_the_bureau_dismisses_a_proposal_only_with_a_reason(proposal):
    world, _appointment, report = proposal
    bureau = client_for(world.admin)
    url = f"/bureau/commitment-reports/{report.pk}/dismiss/"
    refused = bureau.post(url, {"reason": "  "})
    assert refused.status_code == 400 and "Give the reason for dismissing" in text(refused)
    assert bureau.post(url, {"reason": "The divorce was after the visit"}).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.dismiss_reason, report.decided_by) == (
        "dismissed",
        "The divorce was after the visit",
        world.admin,
    )
    assert not BlacklistEntry.objects.exists()
    assert report.status != "proposed" and "Dismissed" in text(
        bureau.get("/bureau/commitment-reports/?status=dismissed")
    )


ROLES = ["anonymous", "resident", "clerk_a", "clerk_b", "operator"]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_bureau_reaches_the_proposals(proposal, role):
    world, _appointment, report = proposal
    user = {
        "anonymous": None,
        "resident": world.resident,
        "clerk_a": world.staff_a,
        "clerk_b": world.staff_b,
        "operator": UserFactory(role=User.Role.HOTLINE_OPERATOR),
    }[role]
    client = client_for(user)
    expected = 302 if user is None else 404
    today = timezone.localdate().isoformat()
    for response in (
        client.get("/bureau/commitment-reports/"),
        client.get(f"/bureau/commitment-reports/{report.pk}/"),
        client.post(enter_url(report), {"reason": "x", "starts_on": today}),
        client.post(f"/bureau/commitment-reports/{report.pk}/dismiss/", {"reason": "x"}),
    ):
        assert response.status_code == expected
    assert not BlacklistEntry.objects.exists()
    report.refresh_from_db()
    assert report.status == "proposed"
    assert client_for(world.admin).get("/bureau/commitment-reports/999999/").status_code == 404


def test_the_proposal_list_costs_the_same_queries_however_many(
    proposal, django_assert_max_num_queries
):
    world, _appointment, report = proposal
    bureau = client_for(world.admin)
    bureau.get("/bureau/commitment-reports/?status=all")  # warm the session and caches
    with django_assert_max_num_queries(12) as one:
        bureau.get("/bureau/commitment-reports/?status=all")
    for hour in (10, 11, 14):
        later = world.book(world.other_resident, hour=hour)
        commitment = Commitment.objects.create(
            appointment=later,
            material_id=report.commitment.material_id,
            item_name="x",
            statement=report.commitment.statement,
            real_name=later.applicant_name,
            given_by=world.other_resident,
        )
        FalseCommitmentReport.objects.create(
            commitment=commitment, reported_by=world.staff_a, finding="found"
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = bureau.get("/bureau/commitment-reports/?status=all")
    assert text(response).count("found") >= 3


def test_the_proposal_page_in_chinese(proposal):
    world, _appointment, report = proposal
    page = text(client_for(world.admin, "zh-CN").get(f"/bureau/commitment-reports/{report.pk}/"))
    assert "Enter in the blacklist" not in page and "列入失信黑名单" in page
