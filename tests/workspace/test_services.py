import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.utils import translation

from appointments.models import (
    Appointment,
    AppointmentEvent,
    Block,
    Leave,
    OfficeClosure,
    WorkingPeriod,
)
from tests.appointments.conftest import at, make_resident
from tests.dates import check_in
from tests.workspace.helpers import book_on
from workspace import errors
from workspace.services import (
    appointment_reassign,
    block_record_with_resolutions,
    leave_record_with_resolutions,
    working_periods_problems,
    working_periods_replace,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    """These tests read the English wording of messages; pages pick the visitor's language."""
    with translation.override("en"):
        yield


# --- reassigning --------------------------------------------------------------------------------


def test_reassign_moves_to_a_free_colleague_at_the_same_time_and_tells_the_resident(
    world, django_capture_on_commit_callbacks
):
    n0, n1, _n2 = world.notaries
    appointment = book_on(n0, resident=world.resident, matter=world.matter, day=world.day, hour=9)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = appointment_reassign(appointment=appointment, notary=n1, by=world.staff_a)
    appointment.refresh_from_db()
    assert (appointment.notary, appointment.starts_at) == (n1, moved.starts_at)
    event = appointment.events.get(kind=AppointmentEvent.Kind.REASSIGNED)
    assert (event.actor, event.channel) == (world.staff_a, "counter")
    assert event.data["from"]["notary_id"] == n0.pk and event.data["to"]["notary_id"] == n1.pk
    assert [m.to for m in mail.outbox] == [[world.resident.email]]
    assert appointment.reference in mail.outbox[0].subject


def test_reassign_to_a_busy_colleague_is_refused_and_changes_nothing(world):
    n0, n1, _n2 = world.notaries
    appointment = book_on(n0, resident=world.resident, matter=world.matter, day=world.day, hour=9)
    book_on(n1, resident=world.other_resident, matter=world.matter, day=world.day, hour=9)
    with pytest.raises(errors.NotaryNotFree) as refused:
        appointment_reassign(appointment=appointment, notary=n1, by=world.staff_a)
    assert n1.name in str(refused.value) and appointment.reference in str(refused.value)
    appointment.refresh_from_db()
    assert appointment.notary == n0
    assert not appointment.events.filter(kind=AppointmentEvent.Kind.RESCHEDULED).exists()


def test_reassign_refuses_a_colleague_on_leave_or_of_another_office(world):
    n0, n1, _n2 = world.notaries
    appointment = book_on(n0, resident=world.resident, matter=world.matter, day=world.day, hour=9)
    Leave.objects.create(notary=n1, starts_on=world.day, ends_on=world.day)
    with pytest.raises(errors.NotaryNotFree):
        appointment_reassign(appointment=appointment, notary=n1, by=world.staff_a)
    with pytest.raises(errors.NotaryNotInOffice):
        appointment_reassign(appointment=appointment, notary=world.notary_b, by=world.staff_a)


def test_reassign_on_a_day_the_office_has_since_closed_is_refused(world):
    """The office closed a day that still holds bookings: handing one to a colleague on that day
    is no way out (the office moves it to another day or cancels it)."""
    n0, n1, _n2 = world.notaries
    appointment = book_on(n0, resident=world.resident, matter=world.matter, day=world.day, hour=9)
    OfficeClosure.objects.create(office=world.office, date=world.day, name_en="Repairs")
    with pytest.raises(errors.NotaryNotFree):
        appointment_reassign(appointment=appointment, notary=n1, by=world.staff_a)
    appointment.refresh_from_db()
    assert appointment.notary == n0
    assert not appointment.events.filter(kind=AppointmentEvent.Kind.REASSIGNED).exists()


def test_the_exclusion_constraint_is_the_final_word_on_a_reassignment(world, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")
    n0, n1, _n2 = world.notaries
    appointment = book_on(n0, resident=world.resident, matter=world.matter, day=world.day, hour=9)
    book_on(n1, resident=world.other_resident, matter=world.matter, day=world.day, hour=9)
    # As if the Python check had missed the other booking: the database must still refuse.
    monkeypatch.setattr(
        "workspace.services.notaries_free_for",
        lambda *, appointments: {a.pk: [n1.pk] for a in appointments},
    )
    with pytest.raises(errors.NotaryNotFree):
        appointment_reassign(appointment=appointment, notary=n1, by=world.staff_a)
    appointment.refresh_from_db()
    assert appointment.notary == n0


# --- leave over booked appointments -------------------------------------------------------------


@pytest.fixture
def two_on_n0(world):
    """Two appointments of notary n0 on the day, at 9:00 and 10:00, for two residents."""
    n0 = world.notaries[0]
    first = book_on(n0, resident=world.resident, matter=world.matter, day=world.day, hour=9)
    second = book_on(n0, resident=world.other_resident, matter=world.matter, day=world.day, hour=10)
    mail.outbox.clear()
    return first, second


def test_leave_moves_one_and_cancels_the_other_and_every_resident_hears(
    world, two_on_n0, django_capture_on_commit_callbacks
):
    n0, n1, _n2 = world.notaries
    first, second = two_on_n0
    with django_capture_on_commit_callbacks(execute=True):
        leave = leave_record_with_resolutions(
            notary=n0,
            starts_on=world.day,
            ends_on=world.day,
            reason="Training",
            resolutions={
                first.pk: ("move", n1.pk),
                second.pk: ("cancel", "Sorry: the notary is at a training. Please book again."),
            },
            by=world.staff_a,
        )

    assert Leave.objects.get() == leave
    assert leave.history.get().history_user == world.staff_a
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.notary, first.status) == (n1, Appointment.Status.BOOKED)
    assert second.status == Appointment.Status.CANCELLED and second.cancelled_at is not None
    cancelled = second.events.get(kind=AppointmentEvent.Kind.CANCELLED)
    assert (cancelled.from_status, cancelled.to_status, cancelled.actor, cancelled.channel) == (
        "booked",
        "cancelled",
        world.staff_a,
        "counter",
    )
    assert "training" in cancelled.reason

    to_first = [m for m in mail.outbox if m.to == [world.resident.email]]
    to_second = [m for m in mail.outbox if m.to == [world.other_resident.email]]
    assert len(to_first) == 1  # "your appointment has been moved"
    assert len(to_second) == 1  # one cancellation notice, with the office's own words in it
    assert "Sorry: the notary is at a training. Please book again." in to_second[0].body
    assert second.reference in to_second[0].subject


def test_the_cancellation_notice_is_in_the_language_the_resident_booked_in(
    world, django_capture_on_commit_callbacks
):
    n0 = world.notaries[0]
    appointment = book_on(
        n0, resident=world.resident, matter=world.matter, day=world.day, hour=9, language="zh-hans"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        leave_record_with_resolutions(
            notary=n0,
            starts_on=world.day,
            ends_on=world.day,
            reason="病假",
            resolutions={appointment.pk: ("cancel", "公证员临时生病，请重新预约。")},
            by=world.staff_a,
        )
    bodies = [m.body for m in mail.outbox]
    assert any("公证员临时生病，请重新预约。" in body for body in bodies)
    notice = next(body for body in bodies if "公证员临时生病" in body)
    assert "Dear" not in notice  # the frame is in Chinese too (or at least not in English)


def test_leave_with_one_appointment_unresolved_saves_nothing(
    world, two_on_n0, django_capture_on_commit_callbacks
):
    n0, n1, _n2 = world.notaries
    first, second = two_on_n0
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(errors.UnresolvedAppointments) as refused,
    ):
        leave_record_with_resolutions(
            notary=n0,
            starts_on=world.day,
            ends_on=world.day,
            reason="Training",
            resolutions={first.pk: ("move", n1.pk)},
            by=world.staff_a,
        )
    assert refused.value.references == [second.reference]
    assert not Leave.objects.exists()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.notary == n0 and second.status == Appointment.Status.BOOKED
    assert callbacks == [] and mail.outbox == []


def test_moving_to_a_notary_who_became_busy_meanwhile_saves_nothing_and_says_who(
    world, two_on_n0, django_capture_on_commit_callbacks
):
    n0, n1, _n2 = world.notaries
    first, second = two_on_n0
    # Between the page showing n1 as free at 10:00 and the clerk pressing save, n1 is booked.
    book_on(
        n1,
        resident=make_resident(email="third@example.com"),
        matter=world.matter,
        day=world.day,
        hour=10,
    )
    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(errors.NotaryNotFree) as refused,
    ):
        leave_record_with_resolutions(
            notary=n0,
            starts_on=world.day,
            ends_on=world.day,
            reason="Training",
            resolutions={first.pk: ("cancel", "Sorry."), second.pk: ("move", n1.pk)},
            by=world.staff_a,
        )
    assert n1.name in str(refused.value) and second.reference in str(refused.value)
    assert not Leave.objects.exists()
    first.refresh_from_db()
    second.refresh_from_db()
    # The cancellation decided before the failed move was rolled back with it.
    assert first.status == Appointment.Status.BOOKED and second.notary == n0
    assert not AppointmentEvent.objects.filter(kind=AppointmentEvent.Kind.CANCELLED).exists()
    assert callbacks == [] and mail.outbox == []


def test_a_cancellation_needs_a_message(world, two_on_n0):
    n0, n1, _n2 = world.notaries
    first, second = two_on_n0
    with pytest.raises(errors.MessageMissing) as refused:
        leave_record_with_resolutions(
            notary=n0,
            starts_on=world.day,
            ends_on=world.day,
            reason="Training",
            resolutions={first.pk: ("move", n1.pk), second.pk: ("cancel", "   ")},
            by=world.staff_a,
        )
    assert second.reference in str(refused.value)
    assert not Leave.objects.exists()
    first.refresh_from_db()
    assert first.notary == n0


def test_a_checked_in_appointment_can_be_moved_but_not_cancelled(world):
    n0, n1, _n2 = world.notaries
    appointment = book_on(n0, resident=world.resident, matter=world.matter, day=world.day, hour=9)
    check_in(appointment, by=world.staff_a)
    with pytest.raises(errors.CannotCancelCheckedIn):
        leave_record_with_resolutions(
            notary=n0,
            starts_on=world.day,
            ends_on=world.day,
            reason="Sick",
            resolutions={appointment.pk: ("cancel", "Sorry.")},
            by=world.staff_a,
        )
    leave_record_with_resolutions(
        notary=n0,
        starts_on=world.day,
        ends_on=world.day,
        reason="Sick",
        resolutions={appointment.pk: ("move", n1.pk)},
        by=world.staff_a,
    )
    appointment.refresh_from_db()
    assert (appointment.notary, appointment.status) == (n1, Appointment.Status.CHECKED_IN)


def test_leave_without_appointments_in_it_is_saved_directly(world, two_on_n0):
    n0 = world.notaries[0]
    later = world.day + dt.timedelta(days=1)
    leave_record_with_resolutions(
        notary=n0,
        starts_on=later,
        ends_on=later,
        reason="Day off",
        resolutions={},
        by=world.staff_a,
    )
    assert Leave.objects.filter(notary=n0, starts_on=later).exists()


def test_leave_ending_before_it_starts_is_refused(world):
    with pytest.raises(errors.AbsenceInvalid):
        leave_record_with_resolutions(
            notary=world.notaries[0],
            starts_on=world.day,
            ends_on=world.day - dt.timedelta(days=1),
            reason="x",
            resolutions={},
            by=world.staff_a,
        )


def test_a_block_over_an_appointment_is_resolved_like_leave(
    world, two_on_n0, django_capture_on_commit_callbacks
):
    n0, _n1, n2 = world.notaries
    first, second = two_on_n0
    with pytest.raises(errors.UnresolvedAppointments):
        block_record_with_resolutions(
            notary=n0,
            starts_at=at(world.day, 8, 30),
            ends_at=at(world.day, 9, 30),
            reason="Meeting",
            resolutions={},
            by=world.staff_a,
        )
    with django_capture_on_commit_callbacks(execute=True):
        block_record_with_resolutions(
            notary=n0,
            starts_at=at(world.day, 8, 30),
            ends_at=at(world.day, 9, 30),
            reason="Meeting",
            resolutions={first.pk: ("move", n2.pk)},
            by=world.staff_a,
        )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.notary == n2 and second.notary == n0  # 10:00 is outside the block
    assert Block.objects.filter(notary=n0, reason="Meeting").exists()


# --- weekly hours -------------------------------------------------------------------------------


def test_weekly_hours_are_replaced_keeping_unchanged_periods(world):
    notary = world.notaries[0]
    kept = WorkingPeriod.objects.get(notary=notary, weekday=0, starts=dt.time(9))
    working_periods_replace(
        notary=notary,
        periods=[
            (0, dt.time(9), dt.time(12)),
            (0, dt.time(13), dt.time(16)),
            (5, dt.time(9), dt.time(11)),
        ],
        by=world.staff_a,
    )
    periods = list(
        WorkingPeriod.objects.filter(notary=notary).values_list("weekday", "starts", "ends")
    )
    assert periods == [
        (0, dt.time(9), dt.time(12)),
        (0, dt.time(13), dt.time(16)),
        (5, dt.time(9), dt.time(11)),
    ]
    assert WorkingPeriod.objects.get(notary=notary, weekday=0, starts=dt.time(9)).pk == kept.pk


@pytest.mark.parametrize(
    ("periods", "words"),
    [
        ([(0, dt.time(12), dt.time(9))], "must end after it starts"),
        ([(0, dt.time(9), dt.time(9))], "must end after it starts"),
        ([(1, dt.time(9), dt.time(12)), (1, dt.time(11), dt.time(14))], "overlap"),
    ],
)
def test_weekly_hours_that_make_no_sense_are_refused_and_nothing_changes(world, periods, words):
    notary = world.notaries[0]
    before = list(WorkingPeriod.objects.filter(notary=notary).values_list("pk", flat=True))
    with pytest.raises(errors.PeriodsInvalid) as refused:
        working_periods_replace(notary=notary, periods=periods, by=world.staff_a)
    assert words in str(refused.value)
    assert list(WorkingPeriod.objects.filter(notary=notary).values_list("pk", flat=True)) == before


def test_a_long_period_overlapping_two_short_ones_is_reported_for_each():
    with translation.override("en"):
        problems = working_periods_problems(
            [
                (0, dt.time(9), dt.time(17)),
                (0, dt.time(10), dt.time(11)),
                (0, dt.time(13), dt.time(14)),
            ]
        )
    assert problems == [
        "Monday: 09:00–17:00 and 10:00–11:00 overlap.",
        "Monday: 09:00–17:00 and 13:00–14:00 overlap.",
    ]
