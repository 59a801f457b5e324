"""Applying for legal aid and the centre's steps: the applicant sees their own application only,
the centre's staff their own centre's only; the missing documents are asked for once, and the
notice goes once even when the button is pressed twice; a refusal says why."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from legalaid import services
from legalaid.models import Application, ApplicationFile, CaseDocument
from portal import sms
from tests.casework.conftest import HTML, PDF, PNG

pytestmark = pytest.mark.django_db


def _post(world, **overrides) -> dict:
    data = {
        "centre": world.centre.pk,
        "applicant_name": "王申请",
        "applicant_phone": "13900001111",
        "case_description": "老板拖欠三个月工资。",
        "ground": "migrant_worker",
        "consent": "on",
        "document_1": SimpleUploadedFile("contract.pdf", PDF),
        "document_2": SimpleUploadedFile("payslip.png", PNG),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _apply_url(world) -> str:
    return f"/legal-aid/cases/{world.kind.slug}/apply/"


def _submit(world, client=None, **overrides) -> Application:
    client.force_login(world.users["resident"])
    response = client.post(_apply_url(world), _post(world, **overrides))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Application.objects.get()


def test_a_resident_applies_with_scans_and_reads_the_status_page(world, english):
    application = _submit(world, english)
    assert application.reference.startswith("LA-")
    assert application.centre == world.centre and application.status == "submitted"
    assert [f.position for f in application.files.all()] == [1, 2]
    assert {f.content_type for f in application.files.all()} == {"application/pdf", "image/png"}
    page = english.get(f"/legal-aid/applications/{application.reference}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert application.reference in body and "Submitted" in body
    assert application.reference in english.get("/legal-aid/applications/").content.decode()


def test_the_document_list_is_kept_as_it_was_at_application(world, english):
    application = _submit(world, english)
    CaseDocument.objects.filter(case_kind=world.kind, position=1).update(name_en="Changed later")
    CaseDocument.objects.create(
        case_kind=world.kind, position=3, name_zh="新增", name_en="Added later", form="copy"
    )
    application.refresh_from_db()
    assert [row["name_en"] for row in application.documents_snapshot] == [
        "Proof number 1",
        "Proof number 2",
    ]
    body = english.get(application.get_absolute_url()).content.decode()
    assert "Proof number 1" in body and "Added later" not in body


def test_another_persons_application_is_not_found(world, english):
    application = _submit(world, english)
    english.force_login(world.users["other_resident"])
    assert english.get(application.get_absolute_url()).status_code == 404
    assert application.reference not in english.get("/legal-aid/applications/").content.decode()


def test_a_file_that_lies_about_its_content_stores_nothing_and_keeps_the_input(world, english):
    english.force_login(world.users["resident"])
    response = english.post(
        _apply_url(world), _post(world, document_2=SimpleUploadedFile("payslip.pdf", HTML))
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "does not match its content" in body
    assert "老板拖欠三个月工资。" in body
    assert not Application.objects.exists() and not ApplicationFile.objects.exists()


def test_consent_and_a_reason_to_qualify_are_required(world, english):
    english.force_login(world.users["resident"])
    response = english.post(_apply_url(world), _post(world, consent=None, ground=None))
    assert response.status_code == 200
    assert not Application.objects.exists()
    hardship = english.post(_apply_url(world), _post(world, ground="hardship"))
    assert "monthly income per member" in hardship.content.decode()
    assert not Application.objects.exists()


def test_an_agent_applies_for_someone_and_must_say_how_they_are_related(world, english):
    english.force_login(world.users["resident"])
    response = english.post(_apply_url(world), _post(world, agent_name="王代理"))
    assert "Say how you are related" in response.content.decode()
    _submit(world, english, agent_name="王代理", agent_relation="儿子")
    assert Application.objects.get().agent_relation == "儿子"


def test_applying_needs_an_account(world, english):
    response = english.get(_apply_url(world))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def _staff(english, world, who="staff_a"):
    english.force_login(world.users[who])
    return english


def test_the_centre_accepts_asks_once_and_grants(
    world, english, django_capture_on_commit_callbacks
):
    application = _submit(world, english)
    _staff(english, world)
    url = f"/legal-aid/centre/{application.reference}/"
    assert application.reference in english.get("/legal-aid/centre/").content.decode()
    assert english.post(url, {"action": "accept"}).status_code == 302
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = english.post(
            url, {"action": "missing", "missing-note": "劳动合同原件扫描件不清晰，请重新上传。"}
        )
        second = english.post(url, {"action": "missing", "missing-note": "还有一件"})
    assert first.status_code == 302 and second.status_code == 302
    application.refresh_from_db()
    assert application.status == "more_needed"
    assert application.missing_note == "劳动合同原件扫描件不清晰，请重新上传。"
    assert len(mail.outbox) == 1
    assert application.reference in mail.outbox[0].subject
    assert "劳动合同原件扫描件不清晰" in mail.outbox[0].body
    # The applicant answers on the status page; the application is back with the centre.
    english.force_login(world.users["resident"])
    page = english.get(application.get_absolute_url()).content.decode()
    assert "劳动合同原件扫描件不清晰" in page
    sent = english.post(
        application.get_absolute_url(), {"document_1": SimpleUploadedFile("c.pdf", PDF)}
    )
    assert sent.status_code == 302
    application.refresh_from_db()
    assert application.status == "accepted" and application.files.count() == 3
    _staff(english, world)
    english.post(url, {"action": "decide", "decision-decision": "grant", "decision-reason": ""})
    application.refresh_from_db()
    assert application.status == "granted" and application.decided_by == world.users["staff_a"]
    assert [e.kind for e in application.events.all()] == [
        "submitted",
        "accepted",
        "missing_requested",
        "completed",
        "granted",
    ]


def test_the_notice_goes_by_sms_when_the_applicant_has_no_email_and_only_once(
    world, english, django_capture_on_commit_callbacks
):
    application = _submit(world, english)
    world.users["resident"].email = ""
    world.users["resident"].save()
    services.application_accept(application=application, by=world.users["staff_a"])
    sms.outbox.clear()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_request_missing(
            application=application, by=world.users["staff_a"], note="身份证复印件"
        )
    assert [m.to for m in sms.outbox] == ["13900001111"]
    assert "身份证复印件" in sms.outbox[0].body and not mail.outbox
    # A re-delivered job finds it sent.
    from legalaid.notifications import missing_notice_send

    assert missing_notice_send(application_id=application.pk) is False
    assert len(sms.outbox) == 1


def test_a_refusal_needs_a_reason_the_applicant_reads(world, english):
    application = _submit(world, english)
    _staff(english, world)
    url = f"/legal-aid/centre/{application.reference}/"
    english.post(url, {"action": "accept"})
    response = english.post(url, {"action": "decide", "decision-decision": "refuse"})
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == "accepted"
    english.post(
        url,
        {"action": "decide", "decision-decision": "refuse", "decision-reason": "收入超过标准。"},
    )
    application.refresh_from_db()
    assert application.status == "refused"
    english.force_login(world.users["resident"])
    assert "收入超过标准。" in english.get(application.get_absolute_url()).content.decode()


def test_another_centres_staff_and_other_roles_find_nothing(world, english):
    application = _submit(world, english)
    url = f"/legal-aid/centre/{application.reference}/"
    for who in ("staff_b", "clerk", "operator", "resident"):
        _staff(english, world, who)
        assert english.get(url).status_code == 404, who
        assert english.post(url, {"action": "accept"}).status_code == 404, who
    _staff(english, world, "staff_b")
    assert application.reference not in english.get("/legal-aid/centre/").content.decode()
    application.refresh_from_db()
    assert application.status == "submitted"
    _staff(english, world, "bureau")
    assert english.get(url).status_code == 200


def test_staff_download_the_scans_of_their_centre_only(world, english):
    application = _submit(world, english)
    stored = application.files.first()
    url = f"/legal-aid/centre/{application.reference}/files/{stored.pk}/"
    _staff(english, world)
    response = english.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    _staff(english, world, "staff_b")
    assert english.get(url).status_code == 404


@pytest.mark.parametrize("count", [2, 10])
def test_the_queue_costs_the_same_queries_whatever_its_length(
    world, english, django_assert_max_num_queries, count
):
    for _ in range(count):
        services.application_submit(
            applicant=world.users["resident"],
            centre=world.centre,
            case_kind=world.kind,
            applicant_name="王申请",
            applicant_phone="13900001111",
            case_description="案情",
            ground="elderly",
            consent=True,
            uploads=[],
        )
    _staff(english, world)
    with django_assert_max_num_queries(10):
        assert english.get("/legal-aid/centre/").status_code == 200
