"""Commitment statements: signed with the real name after a confirmation step, recorded with the
text version and the time, shown to staff, and reportable as a blacklist proposal."""

import html
import re

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from commitments.models import Commitment, CommitmentStatement, FalseCommitmentReport
from tests.property.strategies import hostile_scalar
from tests.property.support import examples

pytestmark = pytest.mark.django_db


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def setup(world):
    item = world.materials[0]
    item.commitment_allowed = True
    item.save()
    CommitmentStatement.objects.create(version=1, text_zh="旧文本", text_en="Old text")
    CommitmentStatement.objects.create(
        version=2, text_zh="本人承诺", text_en="I promise it is true"
    )
    appointment = world.book()
    return world, appointment, item


def give_url(appointment, item) -> str:
    return f"/appointments/{appointment.reference}/commitments/{item.pk}/"


def test_a_commitment_is_signed_confirmed_recorded_and_shown_to_staff(setup):
    world, appointment, item = setup
    resident = client_for(world.resident)
    materials = text(resident.get(f"/appointments/{appointment.reference}/materials/"))
    assert "Give a signed commitment statement instead" in materials
    page = resident.get(give_url(appointment, item))
    assert "I promise it is true" in text(page) and "version 2" in text(page)
    name = appointment.applicant_name
    step = resident.post(
        give_url(appointment, item), {"real_name": name, "agree": "on", "version": 2}
    )
    assert step.status_code == 200 and "Confirm and sign" in text(step)
    assert not Commitment.objects.exists()  # not before the confirmation
    done = resident.post(
        give_url(appointment, item),
        {"real_name": name, "agree": "on", "version": 2, "confirm": "1"},
    )
    assert done.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.real_name, commitment.statement.version) == (name, 2)
    assert commitment.given_at is not None and commitment.given_by == world.resident
    staff = text(client_for(world.staff_a).get(f"/staff/appointments/{appointment.reference}/"))
    assert (
        "Commitment given" in staff and f"signed by {name}" in staff and "text version 2" in staff
    )


def test_another_name_or_no_tick_is_refused_and_nothing_recorded(setup):
    world, appointment, item = setup
    resident = client_for(world.resident)
    wrong = resident.post(
        give_url(appointment, item),
        {"real_name": "Somebody Else", "agree": "on", "version": 2, "confirm": "1"},
    )
    assert wrong.status_code == 400 and "real name as it is in your profile" in text(wrong)
    unticked = resident.post(
        give_url(appointment, item), {"real_name": appointment.applicant_name, "version": 2}
    )
    assert unticked.status_code == 400 and "Tick this" in text(unticked)
    assert not Commitment.objects.exists()


def test_an_item_that_does_not_allow_it_and_another_residents_appointment_are_404(setup):
    world, appointment, item = setup
    other_item = world.materials[1]
    resident = client_for(world.resident)
    assert resident.get(give_url(appointment, other_item)).status_code == 404
    assert client_for(world.other_resident).get(give_url(appointment, item)).status_code == 404
    assert client_for(world.staff_b).get(give_url(appointment, item)).status_code == 404


def test_a_false_commitment_is_reported_into_a_blacklist_proposal(setup):
    world, appointment, item = setup
    commitment = Commitment.objects.create(
        appointment=appointment,
        material_id=item.pk,
        item_name=item.name_en,
        statement=CommitmentStatement.objects.get(version=2),
        real_name=appointment.applicant_name,
        given_by=world.resident,
    )
    url = f"/staff/appointments/{appointment.reference}/commitments/{commitment.pk}/report/"
    # Another office's clerk and the resident reach nothing.
    assert client_for(world.staff_b).post(url, {"finding": "x"}).status_code == 404
    assert client_for(world.resident).post(url, {"finding": "x"}).status_code == 404
    staff = client_for(world.staff_a)
    assert staff.post(url, {"finding": ""}).status_code == 302
    assert not FalseCommitmentReport.objects.exists()
    assert (
        staff.post(url, {"finding": "The marriage certificate shows a divorce"}).status_code == 302
    )
    report = FalseCommitmentReport.objects.get()
    assert report.status == "proposed" and report.reported_by == world.staff_a
    page = text(staff.get(f"/staff/appointments/{appointment.reference}/"))
    assert "Reported to the bureau as false" in page
    # A second report of the same commitment adds nothing.
    staff.post(url, {"finding": "again"})
    assert FalseCommitmentReport.objects.count() == 1
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    listing = client_for(world.admin).get("/admin/commitments/falsecommitmentreport/")
    assert listing.status_code == 200 and "shows a divorce" in listing.content.decode()


def test_the_page_in_chinese(setup):
    world, appointment, item = setup
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    client.force_login(world.resident)
    page = text(client.get(give_url(appointment, item)))
    assert "本人承诺" in page and "承诺" in page and "Commitment statement" not in page


@examples(30)
@given(data=st.data())
def test_hostile_signing_never_fails_or_half_records(setup, data):
    world, appointment, item = setup
    resident = client_for(world.resident)
    fields = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "real_name": st.one_of(st.just(appointment.applicant_name), hostile_scalar),
                "agree": st.one_of(st.just("on"), hostile_scalar),
                "version": st.one_of(st.sampled_from(["1", "2", "3"]), hostile_scalar),
                "confirm": st.one_of(st.just("1"), hostile_scalar),
            },
        )
    )
    response = resident.post(give_url(appointment, item), fields)
    assert response.status_code in (200, 302, 400)
    stored = list(Commitment.objects.all())
    assert len(stored) <= 1
    if response.status_code == 302:
        assert stored and stored[0].real_name == appointment.applicant_name
    else:
        assert not stored
    Commitment.objects.all().delete()
