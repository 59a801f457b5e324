"""Races tested for real: parallel PostgreSQL connections pressing "Book" at the same moment."""

import threading

import pytest
from django.db import connection, connections

from appointments import errors
from appointments.models import Appointment
from appointments.services import appointment_book, appointment_reschedule
from tests.appointments.conftest import at, make_bookable, make_resident

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
]

PARALLEL = 20


@pytest.fixture(autouse=True)
def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and exclusion constraints need PostgreSQL; CI runs these there")


def run_in_parallel(jobs):
    """Start every job at the same instant, each on its own database connection."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_twenty_residents_booking_one_notary_at_one_time_get_exactly_one_appointment():
    bookable = make_bookable(notaries=1)
    residents = [make_resident(email=f"rush{i}@example.com") for i in range(PARALLEL)]
    starts_at = at(bookable.day, 10)

    def booking(resident):
        return lambda: appointment_book(
            resident=resident, matter=bookable.matter, office=bookable.office, starts_at=starts_at
        )

    results = run_in_parallel([booking(r) for r in residents])

    booked = [r for r in results if isinstance(r, Appointment)]
    taken = [r for r in results if isinstance(r, errors.SlotTaken)]
    assert len(booked) == 1, results
    assert len(taken) == PARALLEL - 1, [type(r).__name__ for r in results]
    assert Appointment.objects.filter(notary=bookable.notary, starts_at=starts_at).count() == 1


def test_one_resident_pressing_book_in_many_tabs_gets_one_appointment():
    bookable = make_bookable(notaries=3)
    resident = make_resident(email="tabs@example.com")
    starts_at = at(bookable.day, 10)
    results = run_in_parallel(
        [
            lambda: appointment_book(
                resident=resident,
                matter=bookable.matter,
                office=bookable.office,
                starts_at=starts_at,
            )
        ]
        * 8
    )
    assert sum(isinstance(r, Appointment) for r in results) == 1
    assert all(isinstance(r, Appointment | errors.ResidentOverlap) for r in results), results
    assert Appointment.objects.filter(resident=resident).count() == 1


def test_two_residents_rescheduling_onto_one_slot_one_wins_and_the_other_keeps_their_time():
    bookable = make_bookable(notaries=1)
    first, second = make_resident(email="a@example.com"), make_resident(email="b@example.com")
    mine = appointment_book(
        resident=first,
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 9),
    )
    theirs = appointment_book(
        resident=second,
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 14),
    )
    target = at(bookable.day, 11)
    results = run_in_parallel(
        [
            lambda: appointment_reschedule(appointment=mine, starts_at=target, actor=first),
            lambda: appointment_reschedule(appointment=theirs, starts_at=target, actor=second),
        ]
    )
    winners = [r for r in results if isinstance(r, Appointment)]
    losers = [r for r in results if isinstance(r, errors.SlotTaken)]
    assert len(winners) == 1 and len(losers) == 1, results
    mine.refresh_from_db()
    theirs.refresh_from_db()
    times = sorted([mine.starts_at, theirs.starts_at])
    assert target in times
    assert at(bookable.day, 9) in times or at(bookable.day, 14) in times
    assert Appointment.objects.active().filter(starts_at=target).count() == 1


def test_twenty_parallel_bookings_of_different_times_all_succeed():
    """Locks serialise, they do not refuse: distinct free times are all booked."""
    bookable = make_bookable(notaries=2)
    residents = [make_resident(email=f"spread{i}@example.com") for i in range(PARALLEL)]
    hours = [9, 10, 11, 14, 15]  # working hours, lunch break excluded
    times = [at(bookable.day, hours[i // 4], 30 * ((i // 2) % 2)) for i in range(PARALLEL)]
    results = run_in_parallel(
        [
            (
                lambda r=r, t=t: appointment_book(
                    resident=r, matter=bookable.matter, office=bookable.office, starts_at=t
                )
            )
            for r, t in zip(residents, times, strict=True)
        ]
    )
    booked = [r for r in results if isinstance(r, Appointment)]
    # 2 notaries x 2 half-hours per hour: every resident fits.
    assert len(booked) == PARALLEL, [type(r).__name__ for r in results]


class _RolledBack(Exception):
    pass


def _hold_a_booking_open(*, bookable, resident, starts_at, office=None, roll_back=False):
    """A thread that books inside a transaction it keeps open (its locks held) until released,
    then commits it (or, with `roll_back`, rolls it back).
    Returns (booked, release, thread, outcome): `booked` is set once the row is written."""
    from django.db import transaction

    from appointments.services import _booking_plan, _booking_write

    booked, release = threading.Event(), threading.Event()
    outcome: dict = {}

    def hold():
        try:
            with transaction.atomic():
                plan = _booking_plan(
                    resident=resident,
                    matter=bookable.matter,
                    office=office or bookable.office,
                    starts_at=starts_at,
                    now=None,
                    fee=None,
                    green_channel="",
                    channel="web",
                    actor=resident,
                )
                outcome["appointment"] = _booking_write(plan, actor=resident, language="en")
                booked.set()
                release.wait(timeout=60)
                if roll_back:
                    raise _RolledBack
        except _RolledBack:
            pass
        except Exception as error:
            outcome["error"] = error
            booked.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=hold)
    thread.start()
    assert booked.wait(timeout=60)
    assert "error" not in outcome, outcome
    return release, thread, outcome


def _book_meanwhile(*, resident, matter, office, starts_at) -> tuple[object, float]:
    """Book in another thread; (the result, seconds it took), or a TimeoutError after 20 s."""
    import time

    result: dict = {}

    def book():
        began = time.perf_counter()
        try:
            result["value"] = appointment_book(
                resident=resident, matter=matter, office=office, starts_at=starts_at
            )
        except Exception as error:
            result["value"] = error
        finally:
            result["seconds"] = time.perf_counter() - began
            connections.close_all()

    thread = threading.Thread(target=book)
    thread.start()
    thread.join(timeout=20)
    if thread.is_alive():
        return TimeoutError("waited for the other booking's locks"), 20.0
    return result["value"], result["seconds"]


def test_a_booking_at_another_office_commits_while_one_office_is_booking():
    from tests.factories import NotaryFactory, OfficeFactory

    here = make_bookable(notaries=1)
    there = OfficeFactory(slug="north", matters=[here.matter])
    from tests.appointments.conftest import give_week

    give_week(NotaryFactory(office=there, matters=[here.matter]))
    release, holder, outcome = _hold_a_booking_open(
        bookable=here, resident=make_resident(email="slow@example.com"), starts_at=at(here.day, 10)
    )
    try:
        result, seconds = _book_meanwhile(
            resident=make_resident(email="quick@example.com"),
            matter=here.matter,
            office=there,
            starts_at=at(here.day, 10),
        )
        # Committed while the first office's transaction is still open, without waiting for it.
        assert isinstance(result, Appointment), result
        assert holder.is_alive()
        assert Appointment.objects.filter(pk=result.pk).exists()
        assert not Appointment.objects.filter(office=here.office).exists()  # not committed yet
        assert seconds < 10
    finally:
        release.set()
        holder.join(timeout=60)
    assert isinstance(outcome.get("appointment"), Appointment)
    assert Appointment.objects.filter(office=here.office).count() == 1


def test_two_bookings_at_one_office_take_two_notaries_without_waiting_for_each_other():
    bookable = make_bookable(notaries=2)
    starts_at = at(bookable.day, 10)
    release, holder, outcome = _hold_a_booking_open(
        bookable=bookable, resident=make_resident(email="first@example.com"), starts_at=starts_at
    )
    try:
        result, seconds = _book_meanwhile(
            resident=make_resident(email="second@example.com"),
            matter=bookable.matter,
            office=bookable.office,
            starts_at=starts_at,
        )
        assert isinstance(result, Appointment), result
        assert holder.is_alive() and seconds < 10
        assert result.notary_id != outcome["appointment"].notary_id
    finally:
        release.set()
        holder.join(timeout=60)
    assert Appointment.objects.active().filter(starts_at=starts_at).count() == 2


def test_a_booking_waits_for_a_held_notary_only_when_nobody_else_is_free():
    """The one notary is held by an open booking: the second waits, then is told it is taken."""
    bookable = make_bookable(notaries=1)
    starts_at = at(bookable.day, 10)
    release, holder, _outcome = _hold_a_booking_open(
        bookable=bookable, resident=make_resident(email="first@example.com"), starts_at=starts_at
    )
    threading.Timer(1.0, release.set).start()
    result, _seconds = _book_meanwhile(
        resident=make_resident(email="second@example.com"),
        matter=bookable.matter,
        office=bookable.office,
        starts_at=starts_at,
    )
    holder.join(timeout=60)
    assert isinstance(result, errors.SlotTaken), result
    assert Appointment.objects.active().filter(starts_at=starts_at).count() == 1


def test_a_held_notary_whose_booking_rolls_back_goes_to_the_one_who_waited():
    """Waiting for a held notary is worth it: the other booking may roll back."""
    bookable = make_bookable(notaries=1)
    starts_at = at(bookable.day, 10)
    release, holder, _outcome = _hold_a_booking_open(
        bookable=bookable,
        resident=make_resident(email="first@example.com"),
        starts_at=starts_at,
        roll_back=True,
    )
    threading.Timer(1.0, release.set).start()
    result, seconds = _book_meanwhile(
        resident=make_resident(email="second@example.com"),
        matter=bookable.matter,
        office=bookable.office,
        starts_at=starts_at,
    )
    holder.join(timeout=60)
    assert isinstance(result, Appointment), result
    assert result.notary_id == bookable.notary.pk and seconds >= 0.9
    assert list(Appointment.objects.active().filter(starts_at=starts_at)) == [result]


def test_thirty_two_clients_rushing_two_notaries_book_each_exactly_once():
    bookable = make_bookable(notaries=2)
    residents = [make_resident(email=f"rush32-{i}@example.com") for i in range(32)]
    starts_at = at(bookable.day, 11)
    results = run_in_parallel(
        [
            (
                lambda r=r: appointment_book(
                    resident=r, matter=bookable.matter, office=bookable.office, starts_at=starts_at
                )
            )
            for r in residents
        ]
    )
    booked = [r for r in results if isinstance(r, Appointment)]
    assert len(booked) == 2, [type(r).__name__ for r in results]
    assert all(isinstance(r, Appointment | errors.SlotTaken) for r in results), results
    assert {a.notary_id for a in booked} == {n.pk for n in bookable.notaries}
