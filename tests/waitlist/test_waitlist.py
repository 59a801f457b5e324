"""The waitlist: a freed time is offered to exactly one waiting resident, the first it suits
(priority first where the bureau says so); expiry or declining passes it on; accepting books it
through the booking service; re-runs tell nobody twice."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import time_machine
from django.core import mail
from django.utils import timezone, translation

from accounts.models import User
from accounts.services import resident_profile_update
from appointments import errors
from appointments.models import Appointment, WorkingPeriod
from appointments.services import appointment_book, appointment_cancel
from portal import sms
from tests.appointments.conftest import at, make_resident, valid_id_number
from tests.dates import next_plain_workday
from tests.factories import MatterFactory, NotaryFactory, OfficeFactory, UserFactory
from waitlist import services
from waitlist.models import WaitlistEntry, WaitlistOffer, WaitlistSettings

Status = WaitlistEntry.Status
OfferStatus = WaitlistOffer.Status
_people = itertools.count(1)


def person(email: str, *, born: str = "19600101") -> User:
    """A resident with a phone number and identity number of their own (born 1960 unless told)."""
    n = next(_people)
    return resident_profile_update(
        user=UserFactory(email=email),
        real_name=f"等候{n}",
        phone=f"139{n:08d}",
        id_number=valid_id_number(n, birth=born),
    )


class Small:
    """One notary working 9:00–10:00 on weekdays: two 30-minute times a day, easy to fill."""

    def __init__(self):
        self.matter = MatterFactory(code="will", appointment_minutes=30, materials=1)
        self.office = OfficeFactory(slug="central", matters=[self.matter])
        # No green-channel share: every time is an ordinary time.
        self.office.green_channel_percent = 0
        self.office.save()
        self.notary = NotaryFactory(office=self.office, matters=[self.matter])
        for weekday in range(5):
            WorkingPeriod.objects.create(
                notary=self.notary, weekday=weekday, starts=dt.time(9), ends=dt.time(10)
            )
        self.day = next_plain_workday()
        self.bookers = [make_resident(email=f"booker{n}@example.com") for n in range(2)]
        self.booked = [
            appointment_book(
                resident=resident,
                matter=self.matter,
                office=self.office,
                starts_at=at(self.day, 9, 30 * n),
            )
            for n, resident in enumerate(self.bookers)
        ]

    def join(self, resident, **kwargs) -> WaitlistEntry:
        return services.waitlist_join(
            resident=resident,
            matter=self.matter,
            office=kwargs.pop("office", self.office),
            date_from=kwargs.pop("date_from", self.day),
            date_to=kwargs.pop("date_to", self.day),
            **kwargs,
        )


@pytest.fixture
def small(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world = Small()
    mail.outbox.clear()
    sms.outbox.clear()
    return world


def cancel(appointment, capture):
    with capture(execute=True):
        appointment_cancel(appointment=appointment, actor=appointment.resident)


def test_a_cancellation_offers_the_time_to_exactly_the_first_waiting(
    small, django_capture_on_commit_callbacks
):
    first, second = (person(f"wait{n}@example.com") for n in range(2))
    # Offers are written in the language of the page the resident joined from.
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        small.join(first)
        small.join(second)
    assert not WaitlistOffer.objects.exists()  # nothing is free yet

    cancel(small.booked[0], django_capture_on_commit_callbacks)

    [offer] = WaitlistOffer.objects.all()
    assert offer.entry.resident == first
    assert offer.starts_at == at(small.day, 9)
    assert offer.status == OfferStatus.OPEN and offer.notified_at is not None
    texts = [t for t in sms.outbox if t.to == first.phone]
    assert len(texts) == 1 and f"/waitlist/offers/{offer.token}/" in texts[0].body
    assert not [t for t in sms.outbox if t.to == second.phone]
    assert [m.to for m in mail.outbox if "freed up" in m.subject] == [[first.email]]
    assert WaitlistEntry.objects.get(resident=second).status == Status.WAITING


def test_re_runs_of_the_offer_job_make_and_tell_nothing_twice(
    small, django_capture_on_commit_callbacks
):
    waiting = person("wait@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        small.join(waiting)
    cancel(small.booked[0], django_capture_on_commit_callbacks)
    sms.outbox.clear()
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.waitlist_offers_make().offered == []
    offer = WaitlistOffer.objects.get()
    assert services.waitlist_offer_notify(offer_id=offer.pk) is False  # a re-delivered task
    assert sms.outbox == []
    assert WaitlistOffer.objects.count() == 1


def test_expiry_passes_the_time_to_the_next(small, django_capture_on_commit_callbacks):
    first, second = (person(f"wait{n}@example.com") for n in range(2))
    with django_capture_on_commit_callbacks(execute=True):
        small.join(first)
        small.join(second)
    cancel(small.booked[0], django_capture_on_commit_callbacks)
    first_offer = WaitlistOffer.objects.get()
    later = first_offer.expires_at + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        run = services.waitlist_offers_make()
    assert run.expired == 1
    first_offer.refresh_from_db()
    assert first_offer.status == OfferStatus.EXPIRED
    [next_offer] = WaitlistOffer.objects.filter(status=OfferStatus.OPEN)
    assert next_offer.entry.resident == second
    assert next_offer.starts_at == first_offer.starts_at
    # The first resident still waits, but is not offered the time they let pass again.
    assert WaitlistEntry.objects.get(resident=first).status == Status.WAITING


def test_declining_passes_it_on_and_accepting_books_it(small, django_capture_on_commit_callbacks):
    first, second = (person(f"wait{n}@example.com") for n in range(2))
    with django_capture_on_commit_callbacks(execute=True):
        small.join(first)
        small.join(second)
    cancel(small.booked[0], django_capture_on_commit_callbacks)
    offer = WaitlistOffer.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.waitlist_offer_decline(offer=offer, resident=first)
    passed = WaitlistOffer.objects.get(status=OfferStatus.OPEN)
    assert passed.entry.resident == second

    appointment = services.waitlist_offer_accept(offer=passed, resident=second)

    assert appointment.resident == second and appointment.starts_at == passed.starts_at
    assert appointment.status == Appointment.Status.BOOKED
    passed.refresh_from_db()
    assert (passed.status, passed.appointment) == (OfferStatus.ACCEPTED, appointment)
    entry = WaitlistEntry.objects.get(resident=second)
    assert (entry.status, entry.appointment) == (Status.BOOKED, appointment)
    with pytest.raises(services.OfferGone):
        services.waitlist_offer_accept(offer=passed, resident=second)


def test_a_time_taken_meanwhile_ends_the_offer_and_the_resident_waits_again(
    small, django_capture_on_commit_callbacks
):
    waiting = person("wait@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        small.join(waiting)
    cancel(small.booked[0], django_capture_on_commit_callbacks)
    offer = WaitlistOffer.objects.get()
    # Someone books the freed time directly before the offer is accepted.
    appointment_book(
        resident=make_resident(email="quick@example.com"),
        matter=small.matter,
        office=small.office,
        starts_at=offer.starts_at,
    )
    with pytest.raises(errors.SlotTaken):
        services.waitlist_offer_accept(offer=offer, resident=waiting)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.FAILED
    assert WaitlistEntry.objects.get(resident=waiting).status == Status.WAITING


@pytest.mark.parametrize("priority_on", [True, False])
def test_the_elderly_and_green_channel_go_first_when_the_bureau_says_so(
    small, django_capture_on_commit_callbacks, priority_on
):
    WaitlistSettings.objects.create(priority_for_green_channel=priority_on)
    early = person("early@example.com")
    elder = person("elder@example.com", born="19500101")
    with django_capture_on_commit_callbacks(execute=True):
        small.join(early)
        small.join(elder)
    assert WaitlistEntry.objects.get(resident=elder).priority
    cancel(small.booked[0], django_capture_on_commit_callbacks)
    offer = WaitlistOffer.objects.get()
    assert offer.entry.resident == (elder if priority_on else early)


def test_joining_is_checked(small):
    resident = person("wait@example.com")
    with pytest.raises(Exception) as caught:
        small.join(resident, date_from=small.day, date_to=small.day - dt.timedelta(days=1))
    assert "date_to" in caught.value.error_dict
    small.join(resident)
    with pytest.raises(Exception) as caught:
        small.join(resident)
    assert caught.value.code == "duplicate"
    other_office = OfficeFactory(slug="elsewhere")
    with pytest.raises(Exception) as caught:
        small.join(resident, office=other_office)
    assert "office" in caught.value.error_dict
    assert WaitlistEntry.objects.count() == 1


# --- the pages ----------------------------------------------------------------------------------


def test_a_resident_joins_sees_and_leaves_on_the_web(english, small):
    resident = person("wait@example.com")
    english.force_login(resident)
    page = english.get(f"/waitlist/join/{small.matter.code}/?office={small.office.slug}")
    assert page.status_code == 200
    bad = english.post(
        f"/waitlist/join/{small.matter.code}/",
        {"office": small.office.slug, "date_from": small.day, "date_to": "2020-01-01"},
    )
    assert bad.status_code == 400 and 'value="2020-01-01"' in bad.text
    assert not WaitlistEntry.objects.exists()
    done = english.post(
        f"/waitlist/join/{small.matter.code}/",
        {
            "office": small.office.slug,
            "date_from": small.day,
            "date_to": small.day,
            "part_of_day": "morning",
        },
    )
    assert done.status_code == 302
    entry = WaitlistEntry.objects.get()
    assert (entry.office, entry.part_of_day) == (small.office, "morning")
    listing = english.get("/waitlist/")
    assert small.matter.name in listing.text
    assert english.post(f"/waitlist/{entry.pk}/leave/").status_code == 302
    entry.refresh_from_db()
    assert entry.status == Status.LEFT


def test_only_the_resident_opens_their_offer_and_their_entries(
    english, small, django_capture_on_commit_callbacks
):
    waiting = person("wait@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        entry = small.join(waiting)
    cancel(small.booked[0], django_capture_on_commit_callbacks)
    offer = WaitlistOffer.objects.get()
    stranger = make_resident(email="stranger@example.com")
    english.force_login(stranger)
    assert english.get(f"/waitlist/offers/{offer.token}/").status_code == 404
    assert english.post(f"/waitlist/offers/{offer.token}/", {"answer": "accept"}).status_code == 404
    assert english.post(f"/waitlist/{entry.pk}/leave/").status_code == 404
    english.force_login(waiting)
    page = english.get(f"/waitlist/offers/{offer.token}/")
    assert page.status_code == 200 and "Book this time" in page.text
    booked = english.post(f"/waitlist/offers/{offer.token}/", {"answer": "accept"})
    assert booked.status_code == 302 and booked.url.startswith("/appointments/")
    english.logout()
    assert english.get(f"/waitlist/offers/{offer.token}/").status_code == 302


def test_staff_see_the_queue_of_their_office_only(english, small):
    waiting = person("wait@example.com")
    small.join(waiting)
    clerk = UserFactory(role=User.Role.OFFICE_STAFF, office=small.office)
    clerk_b = UserFactory(role=User.Role.OFFICE_STAFF, office=OfficeFactory(slug="east"))
    english.force_login(clerk)
    assert waiting.real_name in english.get("/staff/waitlist/").text
    english.force_login(clerk_b)
    page = english.get("/staff/waitlist/")
    assert page.status_code == 200 and waiting.real_name not in page.text
    english.force_login(waiting)
    assert english.get("/staff/waitlist/").status_code == 404


def test_entries_whose_dates_have_passed_end(small, django_capture_on_commit_callbacks):
    waiting = person("wait@example.com")
    small.join(waiting)
    with time_machine.travel(
        timezone.make_aware(dt.datetime.combine(small.day + dt.timedelta(days=2), dt.time(8))),
        tick=False,
    ):
        services.waitlist_offers_make()
    assert WaitlistEntry.objects.get().status == Status.ENDED
