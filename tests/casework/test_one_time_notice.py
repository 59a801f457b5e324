"""The one-time notice: per-item marks, given once, later reviews only of what changed, nothing
outside the list without its law, delivered by e-mail or SMS and reported as it went."""

import html
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from casework import errors
from casework.models import OutsideListRequest, PreReview
from casework.notifications import prereview_notice_send
from casework.services import OutsideRequest, Problem, material_submission_create, prereview_record
from portal import sms
from tests.appointments.conftest import make_resident
from tests.casework.conftest import PDF, upload

pytestmark = pytest.mark.django_db


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def review_url(appointment) -> str:
    return f"/staff/appointments/{appointment.reference}/pre-review/"


def marks(world, first="wrong", second="ok", **extra):
    a, b = world.materials
    data = {f"status_{a.pk}": first, f"note_{a.pk}": "old deed", f"status_{b.pk}": second}
    data.update(extra)
    return data


@pytest.fixture(autouse=True)
def _clean_outboxes():
    sms.outbox.clear()
    mail.outbox.clear()


def resend(appointment, material):
    return material_submission_create(
        appointment=appointment,
        material=material,
        by=appointment.resident,
        file=upload("again.pdf", PDF),
        now=timezone.now() + timezone.timedelta(seconds=1),
    )


def test_a_double_submit_sends_one_notice(world, appointment, django_capture_on_commit_callbacks):
    staff = client_for(world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        first = staff.post(review_url(appointment), marks(world))
        second = staff.post(review_url(appointment), marks(world))
    assert first.status_code == 302
    assert second.status_code == 400
    assert "The one-time notice has been sent" in text(second)
    assert PreReview.objects.filter(appointment=appointment).count() == 1
    assert len(mail.outbox) == 1


def test_a_re_delivered_task_sends_once(world, appointment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        review = prereview_record(
            appointment=appointment,
            reviewer=world.staff_a,
            problems=[Problem(world.materials[0], "missing")],
        )
    assert prereview_notice_send(prereview_id=review.pk) is True
    assert prereview_notice_send(prereview_id=review.pk) is False
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1


def test_a_second_review_flagging_an_item_passed_without_a_re_upload_is_refused(world, appointment):
    first, second = world.materials
    prereview_record(
        appointment=appointment, reviewer=world.staff_a, problems=[Problem(first, "missing")]
    )
    with pytest.raises(errors.LaterReviewNeedsReason):
        prereview_record(
            appointment=appointment, reviewer=world.staff_a, problems=[Problem(second, "expired")]
        )
    assert PreReview.objects.count() == 1
    # Once the resident re-sends the first item, a review may mark it again.
    resend(appointment, first)
    later = prereview_record(
        appointment=appointment, reviewer=world.staff_a, problems=[Problem(first, "unreadable")]
    )
    assert not later.is_notice and later.outcome == "needs_changes"
    # With a reason, the bureau sees why an unchanged item was marked after the notice.
    with_reason = prereview_record(
        appointment=appointment,
        reviewer=world.staff_a,
        problems=[Problem(second, "expired")],
        reason="The certificate expired yesterday.",
    )
    assert with_reason.later_reason == "The certificate expired yesterday."
    admin = Client()
    admin.force_login(world.admin)
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    listing = admin.get("/admin/casework/prereview/?listed=reason", HTTP_ACCEPT_LANGUAGE="en")
    assert listing.status_code == 200
    assert "The certificate expired yesterday." in listing.content.decode()


def test_the_later_review_form_shows_the_re_sent_items_apart(world, appointment):
    first, second = world.materials
    prereview_record(
        appointment=appointment, reviewer=world.staff_a, problems=[Problem(first, "missing")]
    )
    resend(appointment, first)
    page = text(client_for(world.staff_a).get(f"/staff/appointments/{appointment.reference}/"))
    changed = page.index("Re-sent or changed since the notice")
    unchanged = page.index("Not re-sent since the notice")
    assert changed < page.index(first.name_en, changed) < unchanged
    assert page.index(second.name_en, unchanged) > unchanged


def test_an_unanswered_problem_stays_open_and_passing_needs_it_answered(world, appointment):
    first, second = world.materials
    prereview_record(
        appointment=appointment,
        reviewer=world.staff_a,
        problems=[Problem(first, "missing"), Problem(second, "expired")],
    )
    resend(appointment, first)
    later = prereview_record(appointment=appointment, reviewer=world.staff_a, problems=[])
    assert later.outcome == "needs_changes"
    assert [(i.material_id, i.kind) for i in later.items.all()] == [(second.pk, "expired")]


def test_a_resident_without_e_mail_gets_an_sms_and_the_staff_page_says_so(
    world, appointment, django_capture_on_commit_callbacks
):
    world.resident.email = ""
    world.resident.save()
    staff = client_for(world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(review_url(appointment), marks(world))
    assert mail.outbox == []
    assert len(sms.outbox) == 1
    message = sms.outbox[0]
    assert message.to == appointment.applicant_phone
    assert appointment.reference in message.body
    assert f"/appointments/{appointment.reference}/" in message.body
    review = PreReview.objects.get()
    assert review.texted_at and not review.emailed_at and not review.needs_call
    page = text(staff.get(f"/staff/appointments/{appointment.reference}/"))
    assert "Sent by SMS" in page and "E-mailed" not in page


def test_with_e_mail_both_go_and_both_are_reported(
    world, appointment, django_capture_on_commit_callbacks
):
    staff = client_for(world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(review_url(appointment), marks(world))
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1
    page = text(staff.get(f"/staff/appointments/{appointment.reference}/"))
    assert "E-mailed" in page and "Sent by SMS" in page


def test_with_neither_the_notice_is_listed_for_the_hotline_and_never_called_sent(
    world, appointment, django_capture_on_commit_callbacks
):
    world.resident.email = ""
    world.resident.save()
    type(appointment).objects.filter(pk=appointment.pk).update(applicant_phone="")
    staff = client_for(world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(review_url(appointment), marks(world))
    assert mail.outbox == [] and sms.outbox == []
    review = PreReview.objects.get()
    assert review.needs_call and not review.emailed_at and not review.texted_at
    page = text(staff.get(f"/staff/appointments/{appointment.reference}/"))
    assert "Listed for the hotline to call" in page
    assert "E-mailed" not in page and "Sent by SMS" not in page


def test_a_data_link_mark_tells_the_resident_not_to_bring_it(world, appointment, english):
    first, second = world.materials
    prereview_record(
        appointment=appointment,
        reviewer=world.staff_a,
        problems=[Problem(first, "missing"), Problem(second, "data_link", "household register")],
    )
    english.force_login(world.resident)
    page = text(english.get(f"/appointments/{appointment.reference}/"))
    assert "No need to bring" in page and "verifies it through a data link" in page


def test_a_data_link_mark_alone_passes(world, appointment):
    review = prereview_record(
        appointment=appointment,
        reviewer=world.staff_a,
        problems=[Problem(world.materials[1], "data_link")],
    )
    assert review.passed and not review.is_notice


def test_outside_the_list_needs_its_law_and_is_marked_for_the_resident(world, appointment, english):
    staff = client_for(world.staff_a)
    refused = staff.post(review_url(appointment), marks(world, outside_document="Birth record"))
    assert refused.status_code == 400
    assert "needs the document and the law" in text(refused)
    assert not PreReview.objects.exists() and not OutsideListRequest.objects.exists()
    ok = staff.post(
        review_url(appointment),
        marks(
            world,
            first="ok",
            outside_document="Birth record",
            outside_basis="Notarization Law art. 28",
        ),
    )
    assert ok.status_code == 302
    review = PreReview.objects.get()
    assert review.outcome == "needs_changes" and review.is_notice
    request = OutsideListRequest.objects.get()
    assert (request.document, request.legal_basis) == ("Birth record", "Notarization Law art. 28")
    english.force_login(world.resident)
    page = text(english.get(f"/appointments/{appointment.reference}/"))
    assert "Outside the list" in page and "Notarization Law art. 28" in page


def test_a_request_outside_the_list_after_the_notice_needs_a_reason(world, appointment):
    prereview_record(
        appointment=appointment,
        reviewer=world.staff_a,
        problems=[Problem(world.materials[0], "missing")],
    )
    with pytest.raises(errors.LaterReviewNeedsReason):
        prereview_record(
            appointment=appointment,
            reviewer=world.staff_a,
            problems=[],
            outside=[OutsideRequest("Birth record", "Law art. 1")],
        )


def test_the_notice_in_chinese(world, appointment, chinese):
    prereview_record(
        appointment=appointment,
        reviewer=world.staff_a,
        problems=[Problem(world.materials[0], "data_link")],
        outside=[OutsideRequest("出生证明", "公证法第二十八条")],
    )
    chinese.force_login(world.resident)
    page = text(chinese.get(f"/appointments/{appointment.reference}/"))
    assert "清单以外" in page and "无需携带" in page


def _unreachable_notice(world, appointment):
    world.resident.email = ""
    world.resident.save()
    type(appointment).objects.filter(pk=appointment.pk).update(applicant_phone="")
    review = prereview_record(
        appointment=appointment,
        reviewer=world.staff_a,
        problems=[Problem(world.materials[0], "missing")],
    )
    prereview_notice_send(prereview_id=review.pk)
    review.refresh_from_db()
    return review


def test_the_hotline_lists_unreachable_residents_and_records_the_call(
    world, appointment, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    review = _unreachable_notice(world, appointment)
    operator = client_for(UserFactory(role="hotline_operator"))
    with django_assert_max_num_queries(12):
        page = operator.get("/hotline/notices-to-call/")
    assert page.status_code == 200 and appointment.reference in text(page)
    done = operator.post(f"/hotline/notices-to-call/{review.pk}/called/")
    assert done.status_code == 302
    review.refresh_from_db()
    assert review.called_at is not None
    assert appointment.reference not in text(operator.get("/hotline/notices-to-call/"))
    # A second press finds nothing to call.
    assert operator.post(f"/hotline/notices-to-call/{review.pk}/called/").status_code == 404
    staff_page = text(
        client_for(world.staff_a).get(f"/staff/appointments/{appointment.reference}/")
    )
    assert "Called by the hotline" in staff_page


def test_the_call_list_query_count_does_not_grow(world, django_assert_max_num_queries):
    from tests.factories import UserFactory

    for hour in (9, 10, 11):
        resident = make_resident(email=f"r{hour}@example.com")
        appointment = world.book(resident, hour=hour)
        world.resident = resident
        _unreachable_notice(world, appointment)
    operator = client_for(UserFactory(role="hotline_operator"))
    with django_assert_max_num_queries(12):
        page = operator.get("/hotline/notices-to-call/")
    assert text(page).count("Record that the resident was called") == 3


@pytest.mark.parametrize("role", ["resident", "office_staff"])
def test_the_call_list_is_404_for_anyone_but_the_desk(world, appointment, role):
    review = _unreachable_notice(world, appointment)
    user = world.resident if role == "resident" else world.staff_a
    client = client_for(user)
    assert client.get("/hotline/notices-to-call/").status_code == 404
    assert client.post(f"/hotline/notices-to-call/{review.pk}/called/").status_code == 404
    review.refresh_from_db()
    assert review.called_at is None
