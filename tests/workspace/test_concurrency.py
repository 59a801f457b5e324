"""Races tested for real: a clerk saving leave while residents book, on parallel PostgreSQL
connections. Whoever wins, no appointment is lost and no notary is double-booked."""

import pytest
from django.db import connection

from accounts.models import User
from appointments import errors as booking_errors
from appointments.models import Appointment, Leave
from appointments.services import appointment_book
from tests.appointments.conftest import at, make_bookable, make_resident
from tests.appointments.test_concurrency import run_in_parallel
from tests.factories import UserFactory
from tests.workspace.helpers import book_on
from workspace import errors
from workspace.services import leave_record_with_resolutions

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and exclusion constraints need PostgreSQL; CI runs these there")


def test_moving_onto_a_colleague_while_a_resident_books_them_one_wins():
    bookable = make_bookable(notaries=2)
    n0, n1 = bookable.notaries
    clerk = UserFactory(role=User.Role.OFFICE_STAFF, office=bookable.office)
    mine = book_on(
        n0,
        resident=make_resident(email="a@example.com"),
        matter=bookable.matter,
        day=bookable.day,
        hour=9,
    )
    rival = make_resident(email="b@example.com")

    results = run_in_parallel(
        [
            lambda: leave_record_with_resolutions(
                notary=n0,
                starts_on=bookable.day,
                ends_on=bookable.day,
                reason="Sick",
                resolutions={mine.pk: ("move", n1.pk)},
                by=clerk,
            ),
            lambda: appointment_book(
                resident=rival,
                matter=bookable.matter,
                office=bookable.office,
                starts_at=at(bookable.day, 9),
            ),
        ]
    )

    leave, booking = results
    mine.refresh_from_db()
    if isinstance(leave, Leave):
        assert isinstance(booking, booking_errors.SlotTaken), results
        assert mine.notary == n1
    else:
        assert isinstance(leave, errors.NotaryNotFree), results
        assert isinstance(booking, Appointment) and booking.notary == n1
        assert mine.notary == n0 and not Leave.objects.exists()
    assert (
        Appointment.objects.active().filter(notary=n1, starts_at=at(bookable.day, 9)).count() == 1
    )
    assert mine.status == Appointment.Status.BOOKED


def test_a_booking_racing_the_leave_is_never_left_behind_on_the_absent_notary():
    bookable = make_bookable(notaries=1)
    notary = bookable.notary
    clerk = UserFactory(role=User.Role.OFFICE_STAFF, office=bookable.office)
    shown = appointment_book(
        resident=make_resident(email="a@example.com"),
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 9),
    )
    late = make_resident(email="late@example.com")

    results = run_in_parallel(
        [
            lambda: leave_record_with_resolutions(
                notary=notary,
                starts_on=bookable.day,
                ends_on=bookable.day,
                reason="Sick",
                # The clerk decided for what the page showed, not for what is booked meanwhile.
                resolutions={shown.pk: ("cancel", "Sorry, the notary is ill.")},
                by=clerk,
            ),
            lambda: appointment_book(
                resident=late,
                matter=bookable.matter,
                office=bookable.office,
                starts_at=at(bookable.day, 10),
            ),
        ]
    )

    leave, booking = results
    if isinstance(leave, Leave):
        # Refused whether it saw the leave at once or only after waiting for the notary's lock.
        assert isinstance(booking, booking_errors.SlotUnavailable | booking_errors.SlotTaken), (
            results
        )
    else:
        assert isinstance(leave, errors.UnresolvedAppointments), results
        assert isinstance(booking, Appointment)
        assert leave.references == [booking.reference]
        shown.refresh_from_db()
        assert shown.status == Appointment.Status.BOOKED
    # Never both: leave saved while an active appointment of that notary remains that day.
    stranded = Appointment.objects.active().filter(notary=notary, starts_at__date=bookable.day)
    assert not (Leave.objects.exists() and stranded.exists())
