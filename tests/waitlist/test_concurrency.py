"""Races of the waitlist on PostgreSQL with real parallel connections: one offer accepted once,
offer jobs running side by side make each offer once."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from appointments.models import Appointment
from appointments.services import appointment_cancel
from tests.appointments.test_concurrency import run_in_parallel
from waitlist import services
from waitlist.models import WaitlistEntry, WaitlistOffer

from .test_waitlist import Small, person

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

PARALLEL = 12


@pytest.fixture(autouse=True)
def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and partial unique indexes are tested on PostgreSQL")


def test_an_offer_pressed_in_many_tabs_books_once():
    small = Small()
    waiting = person("tabs@example.com")
    small.join(waiting)
    appointment_cancel(appointment=small.booked[0], actor=small.booked[0].resident)
    services.waitlist_offers_make()
    offer = WaitlistOffer.objects.get(status=WaitlistOffer.Status.OPEN)

    results = run_in_parallel(
        [lambda: services.waitlist_offer_accept(offer=offer, resident=waiting)] * PARALLEL
    )

    booked = [r for r in results if isinstance(r, Appointment)]
    gone = [r for r in results if isinstance(r, services.OfferGone)]
    assert len(booked) == 1, results
    assert len(gone) == PARALLEL - 1, [type(r).__name__ for r in results]
    assert Appointment.objects.filter(resident=waiting).count() == 1
    offer.refresh_from_db()
    assert offer.status == WaitlistOffer.Status.ACCEPTED


def test_offer_jobs_side_by_side_offer_each_time_once():
    small = Small()
    for n in range(4):
        small.join(person(f"queue{n}@example.com"))
    for appointment in small.booked:
        appointment_cancel(appointment=appointment, actor=appointment.resident)
    WaitlistOffer.objects.all().delete()
    WaitlistEntry.objects.update(status=WaitlistEntry.Status.WAITING)

    run_in_parallel([services.waitlist_offers_make] * 6)

    live = WaitlistOffer.objects.filter(status=WaitlistOffer.Status.OPEN)
    # Two times freed, four waiting: two offers, to the first two, one time each.
    assert live.count() == 2
    assert len({o.starts_at for o in live}) == 2
    assert len({o.entry_id for o in live}) == 2
    assert set(live.values_list("entry__resident__email", flat=True)) == {
        "queue0@example.com",
        "queue1@example.com",
    }


def test_the_database_refuses_a_second_live_offer_for_one_time():
    small = Small()
    first, second = (small.join(person(f"db{n}@example.com")) for n in range(2))
    appointment_cancel(appointment=small.booked[0], actor=small.booked[0].resident)
    services.waitlist_offers_make()
    offer = WaitlistOffer.objects.get(status=WaitlistOffer.Status.OPEN)
    with pytest.raises(IntegrityError), transaction.atomic():
        WaitlistOffer.objects.create(
            entry=second if offer.entry_id == first.pk else first,
            matter=offer.matter,
            office=offer.office,
            starts_at=offer.starts_at,
            expires_at=offer.expires_at,
        )
