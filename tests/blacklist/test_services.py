import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.utils import timezone, translation

from accounts.crypto import hash_id_number
from appointments import errors
from appointments.models import Appointment
from blacklist.errors import AlreadyLifted
from blacklist.models import BlacklistEntry, BookingAttempt, EntryStatus
from blacklist.selectors import blacklist_flag_for
from blacklist.services import blacklist_check, blacklist_entry_create, blacklist_entry_lift
from tests.appointments.conftest import make_resident

from .conftest import tomorrow, yesterday

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    """These tests read the English wording of messages; pages pick the visitor's language."""
    with translation.override("en"):
        yield


def test_blacklist_entry_create_stores_only_the_hash_and_the_masked_number(world):
    number = world.resident.id_number
    entry = world.blacklist(name="  测试   居民 ")
    entry.refresh_from_db()
    assert entry.id_number_hash == hash_id_number(number)
    assert entry.id_number_masked == f"{number[:6]}********{number[-4:]}"
    assert entry.name == "测试 居民"
    assert entry.created_by == world.admin
    assert number not in {str(value) for value in BlacklistEntry.objects.values_list().get()}
    assert entry.history.get().history_user == world.admin


def test_blacklist_entry_create_refuses_invalid_input_and_saves_nothing(world):
    with pytest.raises(ValidationError) as caught:
        blacklist_entry_create(
            id_number="110105198001011230",
            name="",
            reason=" ",
            office=world.office,
            starts_on=timezone.localdate(),
            ends_on=yesterday(),
            by=world.admin,
        )
    assert set(caught.value.error_dict) == {"id_number", "name", "reason", "ends_on"}
    assert caught.value.error_dict["id_number"][0].code == "id_number_checksum"
    assert not BlacklistEntry.objects.exists()


def test_database_refuses_an_end_before_the_start(world):
    entry = world.blacklist()
    entry.ends_on = entry.starts_on - dt.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()


@pytest.mark.parametrize("office", ["office", "office_b"])
def test_blacklisted_person_cannot_book_at_any_office_and_the_attempt_is_logged(world, office):
    entry = world.blacklist(office=world.office_b)
    with pytest.raises(errors.Blacklisted) as caught:
        world.book(office=getattr(world, office))
    assert str(caught.value) == (
        "We cannot take this booking online. Please contact the notary office in person."
    )
    assert not Appointment.objects.exists()
    attempt = BookingAttempt.objects.get()
    assert attempt.entry == entry
    assert attempt.resident == world.resident
    assert attempt.actor == world.resident
    assert attempt.channel == "web"
    assert attempt.office == getattr(world, office)
    assert attempt.matter == world.matter


def test_hotline_attempt_is_logged_with_the_operator(world):
    world.blacklist()
    with pytest.raises(errors.Blacklisted):
        world.book(channel="hotline", actor=world.operator)
    attempt = BookingAttempt.objects.get()
    assert (attempt.channel, attempt.actor) == ("hotline", world.operator)


def test_an_entry_starting_after_the_appointments_day_does_not_block(world):
    entry = world.blacklist(starts_on=world.bookable.day + dt.timedelta(days=1))
    assert entry.status == EntryStatus.NOT_YET
    assert world.book().status == Appointment.Status.BOOKED
    assert not BookingAttempt.objects.exists()


def test_an_entry_not_yet_in_force_today_refuses_a_booking_for_a_day_it_covers(world):
    """Decided for the appointment's date: listed from tomorrow, booked for next week."""
    entry = world.blacklist(starts_on=tomorrow())
    assert entry.status == EntryStatus.NOT_YET
    assert world.bookable.day > tomorrow()
    with pytest.raises(errors.Blacklisted):
        world.book()
    assert BookingAttempt.objects.get().entry == entry


def test_expired_entry_does_not_block(world):
    entry = world.blacklist(
        starts_on=timezone.localdate() - dt.timedelta(days=30), ends_on=yesterday()
    )
    assert entry.status == EntryStatus.EXPIRED
    assert world.book().status == Appointment.Status.BOOKED


def test_an_entry_ending_on_the_appointments_day_still_blocks_it(world):
    world.blacklist(starts_on=yesterday(), ends_on=world.bookable.day)
    with pytest.raises(errors.Blacklisted):
        world.book()


def test_an_entry_ending_before_the_appointments_day_does_not_block_it(world):
    world.blacklist(starts_on=yesterday(), ends_on=world.bookable.day - dt.timedelta(days=1))
    assert world.book().status == Appointment.Status.BOOKED


def test_lifted_entry_does_not_block(world):
    entry = world.blacklist()
    blacklist_entry_lift(entry=entry, by=world.admin, reason="Overturned on appeal.")
    assert world.book().status == Appointment.Status.BOOKED
    assert not BookingAttempt.objects.exists()


def test_an_entry_for_someone_else_does_not_block(world):
    other = make_resident(email="other@example.com")
    world.blacklist(other)
    assert world.book().status == Appointment.Status.BOOKED


def test_lifting_is_recorded_with_who_and_why_and_never_deletes(world):
    entry = world.blacklist()
    lifter = type(world.admin).objects.create(username="lifter", email="l@example.com")
    lifted = blacklist_entry_lift(entry=entry, by=lifter, reason="  Overturned   on appeal. ")
    lifted.refresh_from_db()
    assert lifted.lifted_by == lifter
    assert lifted.lift_reason == "Overturned on appeal."
    assert lifted.lifted_at is not None
    assert lifted.status == EntryStatus.LIFTED
    assert BlacklistEntry.objects.count() == 1
    history = list(lifted.history.order_by("history_date"))
    assert [(h.history_type, h.history_user) for h in history] == [
        ("+", world.admin),
        ("~", lifter),
    ]
    assert history[-1].lift_reason == "Overturned on appeal."


def test_lifting_needs_a_reason_and_happens_once(world):
    entry = world.blacklist()
    with pytest.raises(ValidationError):
        blacklist_entry_lift(entry=entry, by=world.admin, reason="   ")
    entry.refresh_from_db()
    assert entry.lifted_at is None
    blacklist_entry_lift(entry=entry, by=world.admin, reason="Served.")
    with pytest.raises(AlreadyLifted):
        blacklist_entry_lift(entry=entry, by=world.admin, reason="Again.")


def test_blacklist_check_ignores_residents_without_a_number(world):
    world.blacklist()
    nobody = type(world.admin).objects.create(username="bare", email="bare@example.com")
    assert (
        blacklist_check(
            resident=nobody, office=world.office, matter=world.matter, channel="web", actor=None
        )
        is None
    )
    assert not BookingAttempt.objects.exists()


def test_blacklist_check_refuses_an_unknown_channel(world):
    with pytest.raises(ValueError, match="channel"):
        blacklist_check(
            resident=world.resident,
            office=world.office,
            matter=world.matter,
            channel="fax",
            actor=None,
        )


def test_blacklist_flag_for_shows_only_an_entry_in_force_and_logs_nothing(world):
    assert blacklist_flag_for(resident=world.resident) is None
    entry = world.blacklist()
    assert blacklist_flag_for(resident=world.resident) == entry
    html = Template("{% load blacklist_tags %}{% blacklist_flag resident %}").render(
        Context({"resident": world.resident})
    )
    assert "city-wide notarization blacklist" in html
    assert world.office_b.name in html
    blacklist_entry_lift(entry=entry, by=world.admin, reason="Served.")
    assert blacklist_flag_for(resident=world.resident) is None
    assert (
        Template("{% load blacklist_tags %}{% blacklist_flag resident %}")
        .render(Context({"resident": world.resident}))
        .strip()
        == ""
    )
    assert not BookingAttempt.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_attempt_log_survives_the_refused_booking(world):
    """The booking's own transaction is rolled back; the attempt was committed before it."""
    world.blacklist()
    with pytest.raises(errors.Blacklisted):
        world.book()
    assert BookingAttempt.objects.count() == 1
    assert not Appointment.objects.exists()
