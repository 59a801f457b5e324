"""Verification through data links: with the resident's consent the configured verifier is
asked; a positive answer takes the item off what to bring (page and printed checklist), staff see
who asked, when and the answer; a verifier that is down degrades to "please bring it"."""

import html
import re

import pytest
from django.test import Client

from casework.models import PreReview
from verification.models import Verification

from . import backends

pytestmark = pytest.mark.django_db

NO_NEED = "No need to bring: verified online"


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def client_for(user, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def consent_url(appointment, item) -> str:
    return f"/appointments/{appointment.reference}/verification/{item.pk}/"


def page_of(client, appointment) -> str:
    return text(client.get(f"/appointments/{appointment.reference}/"))


def item_line(page: str, name: str) -> str:
    """The checklist's text from the item's name on (the list as booked, not a message)."""
    start = page.index(name, page.index("This is the list as it was when you booked"))
    return page[start : start + 300]


def test_the_demo_verifier_verifies_an_item_and_the_checklist_says_so(setup):
    world, appointment, identity_item, _ = setup
    resident = client_for(world.resident)
    page = page_of(resident, appointment)
    assert "Let the office check this online instead of bringing it" in page
    assert NO_NEED not in page

    response = resident.post(consent_url(appointment, identity_item), {"consent": "on"})
    assert response.status_code == 302
    check = Verification.objects.get()
    assert (check.answer, check.kind, check.asked_by, check.material_id) == (
        "verified",
        "identity",
        world.resident,
        identity_item.pk,
    )
    assert check.backend == "verification.backends.DemoVerifier" and check.asked_at is not None

    page = page_of(resident, appointment)
    line = item_line(page, identity_item.name_en)
    assert NO_NEED in line
    assert "Verified online: you need not bring" in page  # the message after the redirect
    # The printed checklist is this page: the consent form is hidden in print, the mark is not.
    body = resident.get(f"/appointments/{appointment.reference}/").content.decode()
    mark = body.index(NO_NEED)
    assert "no-print" not in body[body.rindex("<", 0, mark) : mark]

    staff = text(client_for(world.staff_a).get(f"/staff/appointments/{appointment.reference}/"))
    assert "Verified online" in staff and "identity card valid" in staff
    assert "asked with the consent of" in staff and "verification.backends.DemoVerifier" in staff


def test_a_record_the_registry_does_not_hold_is_brought(setup):
    world, appointment, _, marital_item = setup
    resident = client_for(world.resident)
    resident.post(consent_url(appointment, marital_item), {"consent": "on"})
    assert Verification.objects.get().answer == "not_confirmed"
    line = item_line(page_of(resident, appointment), marital_item.name_en)
    assert NO_NEED not in line and "please bring it" in line


@pytest.mark.parametrize(
    "backend",
    [
        "tests.verification.backends.DownVerifier",
        "tests.verification.backends.TimingOutVerifier",
        "tests.verification.backends.BrokenVerifier",
    ],
)
def test_a_verifier_that_fails_degrades_to_please_bring_it(setup, settings, backend):
    world, appointment, identity_item, _ = setup
    settings.VERIFIER_BACKEND = backend
    backends.asked.clear()
    resident = client_for(world.resident)
    response = resident.post(
        consent_url(appointment, identity_item), {"consent": "on"}, follow=True
    )
    assert response.status_code == 200
    assert backends.asked and backends.asked[0].kind == "identity"
    assert backends.asked[0].id_number_hash == world.resident.id_number_hash
    page = text(response)
    assert "The online check is not available at the moment" in page
    line = item_line(page, identity_item.name_en)
    assert NO_NEED not in line and "The online check was not available: please bring it." in line
    check = Verification.objects.get()
    assert (check.answer, check.backend, check.summary) == ("unavailable", backend, "")
    staff = text(client_for(world.staff_a).get(f"/staff/appointments/{appointment.reference}/"))
    assert "Data link did not answer: the resident brings it" in staff
    # Once the registry is back, the resident may ask again.
    settings.VERIFIER_BACKEND = "verification.backends.DemoVerifier"
    resident.post(consent_url(appointment, identity_item), {"consent": "on"})
    assert NO_NEED in item_line(page_of(resident, appointment), identity_item.name_en)


def test_no_consent_is_refused_on_the_same_page_and_nothing_asked(setup):
    world, appointment, identity_item, _ = setup
    response = client_for(world.resident).post(consent_url(appointment, identity_item), {})
    assert response.status_code == 400
    assert "Tick this to let the office check it online." in text(response)
    assert not Verification.objects.exists()


def test_a_double_submit_verifies_once(setup):
    world, appointment, identity_item, _ = setup
    resident = client_for(world.resident)
    for _ in range(2):
        assert (
            resident.post(consent_url(appointment, identity_item), {"consent": "on"}).status_code
            == 302
        )
    assert Verification.objects.count() == 1


def test_an_item_that_cannot_be_verified_and_other_peoples_appointments_are_404(setup):
    world, appointment, identity_item, _ = setup
    photos_like = world.matter.materials.create(
        position=7, name_zh="照片", name_en="Photos", form="original"
    )
    url = consent_url(appointment, identity_item)
    resident = client_for(world.resident)
    assert resident.get(consent_url(appointment, photos_like)).status_code == 404
    assert resident.get(url).status_code == 200
    for someone in (world.other_resident, world.staff_a, world.staff_b, world.admin):
        assert client_for(someone).get(url).status_code == 404
        assert client_for(someone).post(url, {"consent": "on"}).status_code == 404
    anonymous = Client().post(url, {"consent": "on"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not Verification.objects.exists()


def test_a_booking_made_before_the_catalogue_said_so_is_not_verifiable(setup):
    """An old snapshot has no verification kind: the item is brought, whatever the catalogue
    says now."""
    world, appointment, identity_item, _ = setup
    snapshot = appointment.materials_snapshot
    for item in snapshot["items"]:
        item.pop("verification_kind", None)
    appointment.save(update_fields=["materials_snapshot"])
    resident = client_for(world.resident)
    assert "Let the office check this online" not in page_of(resident, appointment)
    assert resident.post(
        consent_url(appointment, identity_item), {"consent": "on"}
    ).status_code == (404)


def test_with_no_verifier_configured_nothing_is_offered(setup, settings):
    world, appointment, identity_item, _ = setup
    settings.VERIFIER_BACKEND = ""
    resident = client_for(world.resident)
    assert "Let the office check this online" not in page_of(resident, appointment)
    assert resident.get(consent_url(appointment, identity_item)).status_code == 404


def test_the_pre_review_marks_a_verified_item_data_link_and_refuses_asking_for_it(setup):
    world, appointment, identity_item, marital_item = setup
    client_for(world.resident).post(consent_url(appointment, identity_item), {"consent": "on"})
    staff = client_for(world.staff_a)
    page = staff.get(f"/staff/appointments/{appointment.reference}/").content.decode()
    select = re.search(rf'<select[^>]*name="status_{identity_item.pk}".*?</select>', page, re.S)
    assert select and re.search(r'<option value="data_link"[^>]*selected', select.group(0))
    refused = staff.post(
        f"/staff/appointments/{appointment.reference}/pre-review/",
        {f"status_{identity_item.pk}": "missing", f"status_{marital_item.pk}": "ok"},
    )
    assert refused.status_code == 400
    assert "verified online through a data link cannot be asked for" in text(refused)
    assert not PreReview.objects.exists()
    passed = staff.post(
        f"/staff/appointments/{appointment.reference}/pre-review/",
        {f"status_{identity_item.pk}": "data_link", f"status_{marital_item.pk}": "ok"},
    )
    assert passed.status_code == 302 and PreReview.objects.get().passed


def test_the_consent_page_and_marks_in_chinese(setup):
    world, appointment, identity_item, _ = setup
    resident = client_for(world.resident, "zh-CN")
    consent = text(resident.get(consent_url(appointment, identity_item)))
    assert "Let the office check" not in consent and "同意公证处在线核验" in consent
    # The kind of record is part of the sentence, not a label in brackets.
    assert "公证处向登记机关查询您的身份信息" in consent and "（身份）" not in consent
    english = text(client_for(world.resident).get(consent_url(appointment, identity_item)))
    assert "the office asks the registry for your identity record instead of" in english
    resident.post(consent_url(appointment, identity_item), {"consent": "on"})
    page = page_of(resident, appointment)
    assert NO_NEED not in page and "无需携带：已在线核验" in page


def test_retention_removes_what_the_registry_said_and_the_name_signed(setup):
    import datetime as dt

    from appointments.retention import ANONYMISED, personal_data_anonymise
    from appointments.services import appointment_cancel
    from commitments.models import Commitment, CommitmentStatement

    world, appointment, identity_item, marital_item = setup
    client_for(world.resident).post(consent_url(appointment, identity_item), {"consent": "on"})
    commitment = Commitment.objects.create(
        appointment=appointment,
        material_id=marital_item.pk,
        item_name=marital_item.name_en,
        statement=CommitmentStatement.objects.create(version=1, text_zh="承诺", text_en="I"),
        real_name=appointment.applicant_name,
        given_by=world.resident,
    )
    appointment_cancel(appointment=appointment, actor=world.resident, reason="")
    personal_data_anonymise(before=appointment.ends_at + dt.timedelta(minutes=1))
    check = Verification.objects.get()
    assert check.summary == "" and (check.answer, check.kind) == ("verified", "identity")
    commitment.refresh_from_db()
    assert commitment.real_name == ANONYMISED and commitment.statement.version == 1
