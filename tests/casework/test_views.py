import datetime as dt
import html
import re
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from appointments.models import Appointment
from casework.models import Case, CaseStatus, MaterialSubmission, PostalDelivery, PreReview
from casework.services import (
    Problem,
    case_accept,
    case_advance,
    material_submission_create,
    postal_delivery_request,
    prereview_record,
)
from tests.appointments.conftest import make_resident
from tests.casework.conftest import HTML, JPEG, PDF, PNG, upload
from tests.dates import at_the_counter, check_in

pytestmark = pytest.mark.django_db


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def materials_url(appointment) -> str:
    return f"/appointments/{appointment.reference}/materials/"


def staff_url(appointment, action: str = "") -> str:
    return f"/staff/appointments/{appointment.reference}/{action}"


@pytest.fixture
def as_resident(english, world):
    english.force_login(world.resident)
    return english


def post_file(client, appointment, material, name, content, content_type="application/pdf"):
    return client.post(
        materials_url(appointment),
        {"material": str(material.pk), "file": upload(name, content, content_type)},
    )


def submit(appointment, material, content=PDF, name="scan.pdf"):
    return material_submission_create(
        appointment=appointment,
        material=material,
        by=appointment.resident,
        file=upload(name, content),
    )


# --- the resident's upload page -----------------------------------------------------------------


def test_materials_page_shows_every_checklist_item_with_an_upload_form(
    as_resident, world, appointment
):
    response = as_resident.get(materials_url(appointment))
    assert response.status_code == 200
    page = text(response)
    for material in world.materials:
        assert material.name_en in page
    body = response.content.decode()
    # One form for every item: everything chosen goes in one submission.
    assert body.count('enctype="multipart/form-data"') == 1
    for material in world.materials:
        assert f'name="file_{material.pk}"' in body and f'name="original_{material.pk}"' in body
    assert 'name="file_other"' in body and "multiple" in body
    assert "I will bring the original" in page


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("scan.pdf", PDF, "application/pdf"),
        ("scan.jpeg", JPEG, "image/jpeg"),
        ("scan.png", PNG, "image/png"),
    ],
)
def test_resident_uploads_a_scan_and_it_is_stored_privately(
    as_resident, world, appointment, private_media, name, content, kind
):
    material = world.materials[0]
    response = post_file(as_resident, appointment, material, name, content)
    assert response.status_code == 302
    submission = MaterialSubmission.objects.get()
    assert (submission.material, submission.content_type) == (material, kind)
    assert Path(submission.file.path).is_relative_to(private_media)
    page = text(as_resident.get(response["Location"]))
    assert "Thank you. The office will review your materials." in page
    assert name in page


def test_resident_can_promise_to_bring_the_original_instead(as_resident, world, appointment):
    material = world.materials[1]
    response = as_resident.post(
        materials_url(appointment), {"material": str(material.pk), "bring_original": "on"}
    )
    assert response.status_code == 302
    submission = MaterialSubmission.objects.get()
    assert submission.bring_original and not submission.file


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "Only PDF, JPEG or PNG files can be uploaded"),
        ("scan.pdf", PNG, "does not match its content"),
        ("scan.pdf", HTML, "does not match its content"),
    ],
)
def test_a_refused_file_is_explained_on_the_same_page(
    as_resident, world, appointment, name, content, message
):
    response = post_file(as_resident, appointment, world.materials[0], name, content)
    assert response.status_code == 400
    assert message in text(response)
    assert 'role="alert"' in response.content.decode()
    assert not MaterialSubmission.objects.exists()


def test_an_oversized_file_is_refused(as_resident, world, appointment, settings):
    settings.MATERIAL_UPLOAD_MAX_BYTES = 1024 * 1024 // 8
    content = PDF + b"0" * (settings.MATERIAL_UPLOAD_MAX_BYTES + 1)
    response = post_file(as_resident, appointment, world.materials[0], "big.pdf", content)
    assert response.status_code == 400
    assert "The file is too large. Files may be at most 128.0 KB." in text(response)
    assert not MaterialSubmission.objects.exists()


def test_a_replaced_upload_is_shown_as_superseded(as_resident, world, appointment):
    material = world.materials[0]
    post_file(as_resident, appointment, material, "old-scan.pdf", PDF)
    post_file(as_resident, appointment, material, "new-scan.png", PNG, "image/png")
    assert MaterialSubmission.objects.count() == 2
    page = text(as_resident.get(materials_url(appointment)))
    assert "Earlier versions (replaced)" in page
    assert "old-scan.pdf" in page and "new-scan.png" in page


def test_another_residents_upload_page_is_404(english, world, appointment):
    english.force_login(world.other_resident)
    assert english.get(materials_url(appointment)).status_code == 404
    response = post_file(english, appointment, world.materials[0], "scan.pdf", PDF)
    assert response.status_code == 404
    assert not MaterialSubmission.objects.exists()


def test_upload_page_is_404_for_a_matter_that_is_not_run_at_most_once(
    as_resident, world, appointment
):
    world.matter.run_at_most_once = False
    world.matter.save()
    assert as_resident.get(materials_url(appointment)).status_code == 404


def test_uploading_is_closed_once_the_prereview_passed(as_resident, world, appointment):
    prereview_record(appointment=appointment, reviewer=world.staff_a, problems=[])
    page = as_resident.get(materials_url(appointment))
    assert "Your materials passed the pre-review." in text(page)
    assert 'type="file"' not in page.content.decode()
    response = post_file(as_resident, appointment, world.materials[0], "scan.pdf", PDF)
    assert response.status_code == 400
    assert "Uploading is closed for this appointment." in text(response)


# --- downloads ----------------------------------------------------------------------------------


def download_url(submission) -> str:
    return f"/appointments/{submission.appointment.reference}/materials/{submission.pk}/"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("resident", 200),
        ("other_resident", 404),
        ("staff_a", 200),
        ("staff_b", 404),
        ("admin", 200),
    ],
)
def test_a_file_is_downloadable_only_by_its_resident_and_the_offices_staff(
    client, world, appointment, who, expected
):
    submission = submit(appointment, world.materials[0], content=PNG, name="passport.png")
    client.force_login(getattr(world, who))
    response = client.get(download_url(submission))
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Disposition"].startswith("attachment;")
        assert 'filename="passport.png"' in response["Content-Disposition"]
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == Path(submission.file.path).read_bytes()


def test_a_download_asks_anonymous_visitors_to_sign_in(client, world, appointment):
    submission = submit(appointment, world.materials[0])
    response = client.get(download_url(submission))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_file_under_another_appointments_reference_is_404(client, world, appointment):
    submission = submit(appointment, world.materials[0])
    other = world.book(world.other_resident, hour=10)
    client.force_login(world.resident)
    url = f"/appointments/{other.reference}/materials/{submission.pk}/"
    assert client.get(url).status_code == 404


# --- the resident's appointment page ------------------------------------------------------------


def test_appointment_page_invites_a_run_at_most_once_resident_to_send_materials(
    as_resident, appointment
):
    page = as_resident.get(f"/appointments/{appointment.reference}/")
    assert page.status_code == 200
    assert materials_url(appointment) in page.content.decode()
    assert "Send my materials for pre-review" in text(page)


def test_passing_prereview_confirms_the_single_visit_on_the_resident_page(
    as_resident, world, appointment, django_capture_on_commit_callbacks
):
    submit(appointment, world.materials[0])
    with django_capture_on_commit_callbacks(execute=True):
        prereview_record(appointment=appointment, reviewer=world.staff_a, problems=[])
    page = text(as_resident.get(f"/appointments/{appointment.reference}/"))
    assert "Your materials passed the pre-review." in page
    assert "This visit is confirmed as the only one needed." in page
    assert len(mail.outbox) == 1


def test_needs_changes_notice_is_shown_on_the_resident_page(as_resident, world, appointment):
    first, second = world.materials
    prereview_record(
        appointment=appointment,
        reviewer=world.staff_a,
        problems=[
            Problem(material=first, kind="unreadable", note="too dark"),
            Problem(material=second, kind="missing"),
        ],
    )
    page = text(as_resident.get(f"/appointments/{appointment.reference}/"))
    assert f"{first.name_en}: Unreadable (too dark)" in page
    assert f"{second.name_en}: Missing" in page


def test_resident_sees_due_date_steps_and_posting(as_resident, world, appointment):
    check_in(appointment, by=world.staff_a)
    case = case_accept(appointment=appointment, by=world.staff_a, on=dt.date(2026, 9, 30))
    case_advance(case=case, step=CaseStatus.VERIFIED, by=world.staff_a)
    response = as_resident.post(
        f"/appointments/{appointment.reference}/post/",
        {
            "recipient_name": "Zhang San",
            "phone": "138 0013 8000",
            "address": "No. 2, Test Road",
            "postcode": "100000",
        },
    )
    assert response.status_code == 302
    assert PostalDelivery.objects.get().phone == "13800138000"
    page = text(as_resident.get(f"/appointments/{appointment.reference}/"))
    assert "2026-10-13" in page
    assert "Accepted" in page and "Verified" in page
    assert "No. 2, Test Road" in page

    case_advance(case=case, step=CaseStatus.APPROVED, by=world.staff_a)
    staff = english_client_for(world.staff_a)
    posted = staff.post(staff_url(appointment, "posting/"), {"tracking_number": "SF123456"})
    assert posted.status_code == 302
    page = text(as_resident.get(f"/appointments/{appointment.reference}/"))
    assert "Tracking number: SF123456" in page


def test_postal_form_explains_a_bad_postcode(as_resident, appointment):
    response = as_resident.post(
        f"/appointments/{appointment.reference}/post/",
        {"recipient_name": "Z", "phone": "13800138000", "address": "A", "postcode": "12"},
    )
    assert response.status_code == 400
    assert "A postcode is 6 digits." in text(response)
    assert not PostalDelivery.objects.exists()


def english_client_for(user):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


# --- staff pages --------------------------------------------------------------------------------


def test_staff_prereview_form_lists_every_item_and_sends_one_notice(
    world, appointment, django_capture_on_commit_callbacks
):
    first, second = world.materials
    submit(appointment, first)
    staff = english_client_for(world.staff_a)
    page = staff.get(staff_url(appointment))
    body = page.content.decode()
    assert f'name="status_{first.pk}"' in body and f'name="status_{second.pk}"' in body
    assert "/staff/includes" not in body
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            staff_url(appointment, "pre-review/"),
            {
                f"status_{first.pk}": "wrong",
                f"note_{first.pk}": "this is the old deed",
                f"status_{second.pk}": "missing",
                f"note_{second.pk}": "",
                "message": "",
            },
        )
    assert response.status_code == 302
    review = PreReview.objects.get()
    assert review.reviewer == world.staff_a
    assert [(i.material, i.kind) for i in review.items.all()] == [
        (first, "wrong"),
        (second, "missing"),
    ]
    assert len(mail.outbox) == 1
    assert first.name_en in mail.outbox[0].body and second.name_en in mail.outbox[0].body


def test_staff_out_of_order_step_is_refused_with_a_message(world, appointment):
    check_in(appointment, by=world.staff_a)
    case_accept(appointment=appointment, by=world.staff_a)
    staff = english_client_for(world.staff_a)
    response = staff.post(staff_url(appointment, "case/advance/"), {"step": "approved"})
    assert response.status_code == 400
    assert "the next step is “Verified”, not “Approved”" in text(response)
    assert Case.objects.get().status == "accepted"


def test_staff_walk_a_case_from_check_in_to_issue(world, appointment):
    staff = english_client_for(world.staff_a)
    assert staff.post(staff_url(appointment, "case/accept/")).status_code == 400
    with at_the_counter(appointment):
        assert staff.post(staff_url(appointment, "check-in/")).status_code == 302
    assert staff.post(staff_url(appointment, "case/accept/")).status_code == 302
    for step in ("verified", "approved", "issued"):
        response = staff.post(staff_url(appointment, "case/advance/"), {"step": step})
        assert response.status_code == 302, step
    page = text(staff.get(staff_url(appointment)))
    assert page.count(str(world.staff_a)) >= 4  # who accepted and who did each step
    case = Case.objects.get()
    assert [s.step for s in case.steps.all()] == ["accepted", "verified", "approved", "issued"]
    assert all(s.by == world.staff_a for s in case.steps.all())


def test_staff_search_by_reference_normalises_what_was_typed(world, appointment):
    staff = english_client_for(world.staff_a)
    typed = appointment.reference.replace("-", " ").lower()
    response = staff.get("/staff/", {"q": typed})
    assert response.status_code == 302
    assert response["Location"] == staff_url(appointment)

    other_office = english_client_for(world.staff_b)
    response = other_office.get("/staff/", {"q": appointment.reference})
    assert response.status_code == 200
    assert "No appointment with this reference in your office." in text(response)


def test_staff_home_lists_queue_and_deadlines_in_scope(world):
    today = timezone.localdate()
    waiting = world.book(world.resident, hour=9)
    submit(waiting, world.materials[0])
    late = world.book(world.other_resident, hour=10)
    check_in(late, by=world.staff_a)
    case_accept(appointment=late, by=world.staff_a, on=today - dt.timedelta(days=40))

    page = text(english_client_for(world.staff_a).get("/staff/"))
    assert waiting.reference in page and late.reference in page
    elsewhere = text(english_client_for(world.staff_b).get("/staff/"))
    assert waiting.reference not in elsewhere and late.reference not in elsewhere


# --- the permission matrix ----------------------------------------------------------------------

LOGIN, DONE, NOT_FOUND, OK = "login", "done", 404, 200


def _setup_nothing(world, appointment):
    return {}


def _setup_checked_in(world, appointment):
    check_in(appointment, by=world.staff_a)
    return {}


def _setup_accepted(world, appointment):
    check_in(appointment, by=world.staff_a)
    case_accept(appointment=appointment, by=world.staff_a)
    return {"step": "verified"}


def _setup_approved_with_post(world, appointment):
    check_in(appointment, by=world.staff_a)
    case = case_accept(appointment=appointment, by=world.staff_a)
    case_advance(case=case, step="verified", by=world.staff_a)
    case_advance(case=case, step="approved", by=world.staff_a)
    postal_delivery_request(
        appointment=appointment,
        by=appointment.resident,
        recipient_name="Z",
        phone="13800138000",
        address="A",
        postcode="100000",
    )
    return {"tracking_number": "SF1"}


def _setup_prereview(world, appointment):
    return {f"status_{m.pk}": "ok" for m in world.materials}


STAFF_URLS = {
    # name: (method, path after /staff/ or None for the home, setup, what staff in scope get)
    "home": ("get", None, _setup_nothing, OK),
    "appointment": ("get", "", _setup_nothing, OK),
    "check_in": ("post", "check-in/", _setup_nothing, DONE),
    "prereview": ("post", "pre-review/", _setup_prereview, DONE),
    "case_accept": ("post", "case/accept/", _setup_checked_in, DONE),
    "case_advance": ("post", "case/advance/", _setup_accepted, DONE),
    "posting": ("post", "posting/", _setup_approved_with_post, DONE),
    "check_in_by_get": ("get", "check-in/", _setup_nothing, 405),
}
ROLES = ["anonymous", "resident", "staff_a", "staff_b", "admin"]


def _expected(role: str, in_scope: object, url: str) -> object:
    if role == "anonymous":
        return LOGIN
    if role == "resident":
        return NOT_FOUND
    if role == "staff_b" and url != "home":
        return NOT_FOUND
    return in_scope


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", list(STAFF_URLS))
def test_staff_url_permission_matrix(client, world, appointment, url, role):
    method, action, setup, in_scope = STAFF_URLS[url]
    data = setup(world, appointment)
    path = "/staff/" if action is None else staff_url(appointment, action)
    if role != "anonymous":
        client.force_login(world.resident if role == "resident" else getattr(world, role))
    response = getattr(client, method)(path, data)
    expected = _expected(role, in_scope, url)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif expected == DONE:
        assert response.status_code == 302
        assert response["Location"] == staff_url(appointment)
    else:
        assert response.status_code == expected


def test_staff_pages_are_404_for_a_hotline_operator_and_an_inactive_clerk(
    client, world, appointment
):
    from tests.factories import UserFactory

    operator = UserFactory(role="hotline_operator")
    client.force_login(operator)
    assert client.get("/staff/").status_code == 404
    world.staff_a.is_active = False
    world.staff_a.save()
    client.force_login(world.staff_a)
    assert client.get(staff_url(appointment)).status_code == 302  # signed out


# --- bounded queries ----------------------------------------------------------------------------


# The bookable half-hours of a day (9:00–12:00, 13:30–17:00), each twice: there are two notaries.
_SLOTS = [
    (hour, minute)
    for hour, minute in [(h, m) for h in range(9, 17) for m in (0, 30)]
    if (9, 0) <= (hour, minute) < (12, 0) or (13, 30) <= (hour, minute) < (17, 0)
    for _notary in range(2)
]


def _fill(world, count: int, first_slot: int) -> None:
    """`count` appointments of each kind the staff home lists, for fresh residents."""
    today = timezone.localdate()
    slots = iter(_SLOTS[first_slot:])
    for _ in range(count):
        # awaiting pre-review
        hour, minute = next(slots)
        appointment = world.book(make_resident(), hour=hour, minute=minute)
        submit(appointment, world.materials[0])
        # overdue, due today and due soon
        for accepted_on in (today - dt.timedelta(days=40), None, today):
            hour, minute = next(slots)
            appointment = world.book(make_resident(), hour=hour, minute=minute)
            check_in(appointment, by=world.staff_a)
            if accepted_on is None:
                case = case_accept(
                    appointment=appointment, by=world.staff_a, on=today - dt.timedelta(days=20)
                )
                # Shaping time, not state: a case whose due date is today.
                Case.objects.filter(pk=case.pk).update(due_date=today)
            else:
                case_accept(appointment=appointment, by=world.staff_a, on=accepted_on)


def _count_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/staff/")
    assert response.status_code == 200
    return len(queries), text(response)


def test_staff_home_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries):
    staff = english_client_for(world.staff_a)
    _fill(world, 1, first_slot=0)
    small, page = _count_queries(staff)
    _fill(world, 3, first_slot=4)
    with django_assert_max_num_queries(small):
        large_response = staff.get("/staff/")
    large_page = text(large_response)
    assert large_page.count("/staff/appointments/") >= page.count("/staff/appointments/")
    assert Appointment.objects.count() == 16
    assert small <= 10


def test_showing_the_full_identity_number_is_recorded_and_scoped(client, django_user_model):
    from casework.models import IdentityDisclosure
    from tests.appointments.conftest import at, make_bookable, make_resident

    bookable = make_bookable()
    resident = make_resident(email="idview@example.com")
    from appointments.services import appointment_book

    appointment = appointment_book(
        resident=resident,
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 9),
    )
    clerk = django_user_model.objects.create_user(
        username="idclerk", email="idclerk@example.com", role="office_staff", office=bookable.office
    )
    client.force_login(clerk)
    page = client.get(f"/staff/appointments/{appointment.reference}/").content.decode()
    assert resident.id_number not in page and resident.id_number_masked in page
    assert client.get(f"/staff/appointments/{appointment.reference}/identity/").status_code == 405
    shown = client.post(f"/staff/appointments/{appointment.reference}/identity/")
    assert resident.id_number in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    disclosure = IdentityDisclosure.objects.get()
    assert (disclosure.viewer, disclosure.appointment) == (clerk, appointment)
    from tests.factories import OfficeFactory

    outsider = django_user_model.objects.create_user(
        username="other", email="other@example.com", role="office_staff", office=OfficeFactory()
    )
    client.force_login(outsider)
    assert client.post(f"/staff/appointments/{appointment.reference}/identity/").status_code == 404
    assert IdentityDisclosure.objects.count() == 1
