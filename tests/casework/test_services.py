import datetime as dt
import hashlib
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone, translation

from appointments.errors import TransitionNotAllowed
from appointments.models import Appointment
from appointments.services import appointment_cancel
from casework import errors
from casework.models import (
    Case,
    CaseStatus,
    CaseStep,
    MaterialSubmission,
    PreReview,
    ProblemKind,
)
from casework.notifications import prereview_notice_send
from casework.selectors import capped, deadline_lists, prereview_queue
from casework.services import (
    Problem,
    case_accept,
    case_advance,
    material_submission_create,
    postal_delivery_mark_posted,
    postal_delivery_request,
    prereview_record,
)
from tests.casework.conftest import HTML, JPEG, PDF, PNG, upload
from tests.dates import check_in
from tests.factories import MaterialItemFactory

pytestmark = pytest.mark.django_db


def submit(appointment, material, name="scan.pdf", content=PDF, by=None):
    return material_submission_create(
        appointment=appointment,
        material=material,
        by=by or appointment.resident,
        file=upload(name, content),
    )


def accepted_case(world, appointment, *, on=None):
    check_in(appointment, by=world.staff_a)
    return case_accept(appointment=appointment, by=world.staff_a, on=on)


# --- uploads ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("passport-zhang.pdf", PDF, "application/pdf"),
        ("photo-of-deed.JPG", JPEG, "image/jpeg"),
        ("residentscan.png", PNG, "image/png"),
    ],
)
def test_upload_accepts_pdf_jpeg_and_png_and_records_their_real_type(
    world, appointment, private_media, name, content, kind
):
    material = world.materials[0]
    submission = material_submission_create(
        appointment=appointment,
        material=material,
        by=world.resident,
        file=upload(name, content, content_type="text/html"),  # the browser's word is ignored
    )
    assert submission.content_type == kind
    assert submission.original_name == name
    stored = Path(submission.file.path)
    assert stored.is_relative_to(private_media)
    # A PDF is kept as sent; an image is re-encoded (without its metadata), so what is stored
    # is described by the stored bytes.
    if kind == "application/pdf":
        assert stored.read_bytes() == content
    assert submission.size == stored.stat().st_size
    assert submission.sha256 == hashlib.sha256(stored.read_bytes()).hexdigest()
    assert Path(name).stem not in stored.name  # a random name, never the resident's


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("notes.txt", b"plain text", errors.FileTypeNotAllowed),
        ("page.html", HTML, errors.FileTypeNotAllowed),
        ("scan.pdf", PNG, errors.FileTypeMismatch),
        ("scan.pdf", HTML, errors.FileTypeMismatch),
        ("photo.png", PDF, errors.FileTypeMismatch),
        ("scan.pdf", b"", errors.FileEmpty),
    ],
)
def test_upload_refuses_files_whose_type_or_content_is_not_an_accepted_scan(
    world, appointment, private_media, name, content, error
):
    with pytest.raises(error):
        submit(appointment, world.materials[0], name=name, content=content)
    assert not MaterialSubmission.objects.exists()
    assert not private_media.exists() or not any(private_media.rglob("*.*"))


def test_upload_refuses_a_file_over_the_size_limit(world, appointment, settings):
    settings.MATERIAL_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    with pytest.raises(errors.FileTooLarge) as refused:
        submit(appointment, world.materials[0], content=PDF + b"x" * (5 * 1024 * 1024))
    with translation.override("en"):
        assert str(refused.value) == "The file is too large. Files may be at most 5.0\xa0MB."
    assert not MaterialSubmission.objects.exists()


def test_replaced_upload_keeps_the_old_file_marked_superseded(world, appointment):
    material = world.materials[0]
    first = submit(appointment, material, name="first.pdf")
    second = submit(appointment, material, name="second.png", content=PNG)
    first.refresh_from_db()
    assert first.superseded_at is not None and Path(first.file.path).exists()
    assert second.is_current
    assert list(MaterialSubmission.objects.current()) == [second]


def test_upload_refuses_an_item_of_another_matter(world, appointment):
    stranger = MaterialItemFactory()
    with pytest.raises(errors.MaterialNotOnChecklist):
        submit(appointment, stranger)


def test_upload_is_closed_after_the_prereview_passed_and_for_cancelled_appointments(
    world, appointment
):
    prereview_record(appointment=appointment, reviewer=world.staff_a, problems=[])
    with pytest.raises(errors.UploadsClosed):
        submit(appointment, world.materials[0])

    other = world.book(world.other_resident, hour=10)
    appointment_cancel(appointment=other, actor=world.other_resident)
    with pytest.raises(errors.UploadsClosed):
        submit(other, world.materials[0])


def test_upload_is_refused_for_a_matter_that_is_not_run_at_most_once(world, appointment):
    world.matter.run_at_most_once = False
    world.matter.save()
    with pytest.raises(errors.NotRunAtMostOnce):
        submit(appointment, world.materials[0])


# --- pre-review and the one-time notice ---------------------------------------------------------


def test_one_time_notice_is_one_email_listing_every_problem(
    world, appointment, django_capture_on_commit_callbacks
):
    first, second = world.materials
    submit(appointment, first)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review = prereview_record(
            appointment=appointment,
            reviewer=world.staff_a,
            problems=[
                Problem(material=first, kind=ProblemKind.EXPIRED, note="expired in May"),
                Problem(material=second, kind=ProblemKind.MISSING),
            ],
            note="Please also sign page 2.",
        )
    assert review.outcome == PreReview.Outcome.NEEDS_CHANGES
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.resident.email]
    assert appointment.reference in message.subject
    assert f"{first.name_en}: Expired (expired in May)" in message.body
    assert f"{second.name_en}: Missing" in message.body
    assert "Please also sign page 2." in message.body
    assert f"/appointments/{appointment.reference}/materials/" in message.body
    review.refresh_from_db()
    assert review.notice_sent_at is not None
    # A re-delivered job does not send it twice.
    assert prereview_notice_send(prereview_id=review.pk) is False
    assert len(mail.outbox) == 1


def test_notice_is_written_in_the_language_the_resident_booked_in(
    world, django_capture_on_commit_callbacks
):
    appointment = world.book()
    Appointment.objects.filter(pk=appointment.pk).update(language="zh-hans")
    appointment.refresh_from_db()
    material = world.materials[0]
    with django_capture_on_commit_callbacks(execute=True):
        prereview_record(
            appointment=appointment,
            reviewer=world.staff_a,
            problems=[Problem(material=material, kind=ProblemKind.MISSING)],
        )
    assert len(mail.outbox) == 1
    assert material.name_zh in mail.outbox[0].body
    assert material.name_en not in mail.outbox[0].body


def test_passing_prereview_records_the_decision_and_closes_it(
    world, appointment, django_capture_on_commit_callbacks
):
    submission = submit(appointment, world.materials[0])
    with django_capture_on_commit_callbacks(execute=True):
        review = prereview_record(appointment=appointment, reviewer=world.staff_a, problems=[])
    assert review.passed and review.reviewer == world.staff_a and review.created_at
    submission.refresh_from_db()
    assert submission.reviewed_in == review
    assert len(mail.outbox) == 1 and "only one needed" in mail.outbox[0].body
    with pytest.raises(errors.PreReviewClosed):
        prereview_record(appointment=appointment, reviewer=world.staff_a, problems=[])


def test_resident_uploads_again_after_a_notice_and_staff_review_again(world, appointment):
    first, second = world.materials
    submit(appointment, first)
    assert list(prereview_queue(user=world.staff_a)) == [appointment]
    prereview_record(
        appointment=appointment,
        reviewer=world.staff_a,
        problems=[Problem(material=second, kind=ProblemKind.MISSING)],
    )
    assert list(prereview_queue(user=world.staff_a)) == []

    submit(appointment, second, name="second.jpg", content=JPEG)
    assert list(prereview_queue(user=world.staff_a)) == [appointment]
    assert list(prereview_queue(user=world.staff_b)) == []
    final = prereview_record(appointment=appointment, reviewer=world.admin, problems=[])
    assert final.passed
    assert list(prereview_queue(user=world.admin)) == []
    assert [r.outcome for r in PreReview.objects.order_by("created_at", "id")] == [
        "needs_changes",
        "passed",
    ]


def test_prereview_refuses_the_same_item_twice(world, appointment):
    material = world.materials[0]
    with pytest.raises(errors.DuplicateProblem):
        prereview_record(
            appointment=appointment,
            reviewer=world.staff_a,
            problems=[
                Problem(material=material, kind=ProblemKind.MISSING),
                Problem(material=material, kind=ProblemKind.WRONG),
            ],
        )
    assert not PreReview.objects.exists()


# --- check-in and deadlines ---------------------------------------------------------------------


def test_case_accept_needs_a_checked_in_appointment(world, appointment):
    with pytest.raises(errors.CaseNotReady):
        case_accept(appointment=appointment, by=world.staff_a)
    checked = check_in(appointment, by=world.staff_a)
    assert checked.status == Appointment.Status.CHECKED_IN
    event = appointment.events.get(kind="checked_in")
    assert (event.actor, event.channel, event.to_status) == (world.staff_a, "counter", "checked_in")
    with pytest.raises(TransitionNotAllowed):
        check_in(appointment, by=world.staff_a)
    case = case_accept(appointment=appointment, by=world.staff_a)
    assert case.accepted_by == world.staff_a
    with pytest.raises(errors.CaseAlreadyAccepted):
        case_accept(appointment=appointment, by=world.staff_a)


def test_due_date_counts_working_days_across_national_day_and_the_adjusted_saturday(
    world, appointment
):
    # 1–7 October 2026 are holidays; Saturday 10 October is an adjusted working day.
    case = accepted_case(world, appointment, on=dt.date(2026, 9, 30))
    assert case.due_date == dt.date(2026, 10, 13)
    assert case.accepted_on == dt.date(2026, 9, 30)


@pytest.mark.parametrize(
    ("friday", "due"),
    [
        # Sunday 20 September 2026 is worked (for National Day): it counts as day one.
        (dt.date(2026, 9, 18), dt.date(2026, 9, 24)),
        # Saturday 10 October 2026 is worked: day one, then Monday to Thursday.
        (dt.date(2026, 10, 9), dt.date(2026, 10, 15)),
    ],
)
def test_due_date_counts_the_adjusted_working_weekend_after_a_friday(
    world, appointment, friday, due
):
    assert friday.weekday() == 4
    case = accepted_case(world, appointment, on=friday)
    assert case.due_date == due


def test_overdue_lists_an_open_case_past_its_due_date_but_not_an_issued_one(world):
    today = timezone.localdate()
    late = world.book(world.resident, hour=9)
    done = world.book(world.other_resident, hour=10)
    late_case = accepted_case(world, late, on=today - dt.timedelta(days=40))
    done_case = accepted_case(world, done, on=today - dt.timedelta(days=40))
    for step in (CaseStatus.VERIFIED, CaseStatus.APPROVED, CaseStatus.ISSUED):
        case_advance(case=done_case, step=step, by=world.staff_a)

    lists = deadline_lists(user=world.staff_a, today=today)
    assert lists.overdue.rows == [late_case]
    assert deadline_lists(user=world.staff_b, today=today).overdue.rows == []
    assert deadline_lists(user=world.admin, today=today).overdue.rows == [late_case]


# --- steps --------------------------------------------------------------------------------------


def test_case_steps_are_recorded_in_order_with_who_and_when(world, appointment):
    case = accepted_case(world, appointment)
    case_advance(case=case, step=CaseStatus.VERIFIED, by=world.staff_a, note="ID checked")
    case_advance(case=case, step=CaseStatus.APPROVED, by=world.admin)
    case_advance(case=case, step=CaseStatus.ISSUED, by=world.staff_a)
    steps = list(CaseStep.objects.filter(case=case).order_by("at", "id"))
    assert [(s.step, s.by) for s in steps] == [
        ("accepted", world.staff_a),
        ("verified", world.staff_a),
        ("approved", world.admin),
        ("issued", world.staff_a),
    ]
    assert all(s.at is not None for s in steps)
    assert [s.at for s in steps] == sorted(s.at for s in steps)
    assert steps[1].note == "ID checked"
    case.refresh_from_db()
    assert case.status == "issued"
    assert case.history.count() == 4  # the accepted row and three changes


def test_an_out_of_order_step_is_refused_with_the_step_that_is_due(world, appointment):
    case = accepted_case(world, appointment)
    with pytest.raises(errors.StepOutOfOrder) as refused:
        case_advance(case=case, step=CaseStatus.ISSUED, by=world.staff_a)
    with translation.override("en"):
        assert "the next step is “Verified”, not “Issued”" in str(refused.value)
    with pytest.raises(errors.StepOutOfOrder):
        case_advance(case=case, step=CaseStatus.ACCEPTED, by=world.staff_a)
    case.refresh_from_db()
    assert case.status == "accepted"
    assert CaseStep.objects.filter(case=case).count() == 1


def test_posted_is_the_last_step_only_when_post_was_requested(world, appointment):
    case = accepted_case(world, appointment)
    case_advance(case=case, step=CaseStatus.VERIFIED, by=world.staff_a)
    case_advance(case=case, step=CaseStatus.APPROVED, by=world.staff_a)
    with pytest.raises(errors.StepOutOfOrder):
        case_advance(case=case, step=CaseStatus.POSTED, by=world.staff_a)
    with pytest.raises(errors.PostingNotReady):
        postal_delivery_mark_posted(
            appointment=appointment, by=world.staff_a, tracking_number="SF1"
        )

    postal_delivery_request(
        appointment=appointment,
        by=world.resident,
        recipient_name="测试居民",
        phone="13800138000",
        address="测试路2号",
        postcode="100000",
    )
    delivery = postal_delivery_mark_posted(
        appointment=appointment, by=world.staff_a, tracking_number="SF1234567890"
    )
    assert delivery.posted_by == world.staff_a and delivery.posted_at
    case.refresh_from_db()
    assert case.status == CaseStatus.POSTED
    assert case.steps.last().step == "posted"
    with pytest.raises(errors.AlreadyPosted):
        postal_delivery_request(
            appointment=appointment,
            by=world.resident,
            recipient_name="x",
            phone="13800138000",
            address="y",
            postcode="100000",
        )


def test_post_cannot_be_requested_once_the_certificate_was_issued(world, appointment):
    case = accepted_case(world, appointment)
    for step in (CaseStatus.VERIFIED, CaseStatus.APPROVED, CaseStatus.ISSUED):
        case_advance(case=case, step=step, by=world.staff_a)
    with pytest.raises(errors.PostNotAvailable):
        postal_delivery_request(
            appointment=appointment,
            by=world.resident,
            recipient_name="测试居民",
            phone="13800138000",
            address="测试路2号",
            postcode="100000",
        )
    assert Case.objects.get().status == "issued"


def test_staff_home_lists_are_capped_most_urgent_first(world):
    first = world.book(world.resident, hour=9)
    second = world.book(world.other_resident, hour=10)
    for appointment in (second, first):
        submit(appointment, world.materials[0])
    shown = capped(prereview_queue(user=world.admin), limit=1)
    assert shown.rows == [first] and shown.more
    assert not capped(prereview_queue(user=world.admin), limit=2).more
