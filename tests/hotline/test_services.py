import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.crypto import hash_id_number
from accounts.models import User
from appointments import errors
from appointments.models import Appointment, AppointmentEvent
from blacklist.models import BookingAttempt
from blacklist.services import blacklist_entry_create
from hotline.errors import TooManyLookups
from hotline.models import CallerConsent, HotlineLookup
from hotline.services import (
    CONSENT_VERSION,
    LOOKUP_FAILURE_LIMIT,
    hotline_booking_create,
    hotline_lookup,
)
from tests.appointments.conftest import at, valid_id_number

from .conftest import NEW_CALLER_NUMBER, NEW_CALLER_PHONE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    """These tests read the English wording of messages; pages pick the visitor's language."""
    with translation.override("en"):
        yield


def book_for(world, *, hour=9, **overrides):
    fields = {
        "operator": world.operator,
        "real_name": "李来电",
        "phone": NEW_CALLER_PHONE,
        "id_number": NEW_CALLER_NUMBER,
        "consent": True,
        "matter": world.matter,
        "office": world.office,
        "starts_at": at(world.bookable.day, hour),
        "language": "en",
    }
    fields.update(overrides)
    return hotline_booking_create(**fields)


def test_booking_for_a_new_caller_opens_an_account_and_records_the_consent(world):
    record = book_for(world)
    caller = record.caller
    assert caller.role == User.Role.RESIDENT
    assert caller.email == ""
    assert not caller.has_usable_password()
    assert caller.id_number_hash == hash_id_number(NEW_CALLER_NUMBER)
    assert (caller.real_name, caller.phone) == ("李来电", NEW_CALLER_PHONE)
    assert record.account_created
    assert record.operator == world.operator
    assert record.consent_version == CONSENT_VERSION
    assert "agrees" in record.consent_text
    appointment = record.appointment
    assert appointment.resident == caller
    assert appointment.applicant_phone == NEW_CALLER_PHONE
    assert appointment.language == "en"
    event = AppointmentEvent.objects.get(appointment=appointment)
    assert (event.kind, event.actor) == (AppointmentEvent.Kind.BOOKED, world.operator)


def test_callers_without_e_mail_do_not_collide(world):
    book_for(world)
    book_for(world, real_name="张二", phone="13700137000", id_number=valid_id_number(501), hour=10)
    assert User.objects.filter(email="").count() == 2


def test_booking_for_a_known_caller_uses_their_account(world):
    before = User.objects.count()
    record = book_for(
        world,
        real_name="测试居民",
        phone=world.resident.phone,
        id_number=world.resident.id_number.lower(),
    )
    assert record.caller == world.resident
    assert not record.account_created
    assert User.objects.count() == before


@pytest.mark.parametrize(("field", "value"), [("real_name", "别人"), ("phone", "13600136000")])
def test_a_known_number_with_another_name_or_phone_is_refused(world, field, value):
    details = {"real_name": "测试居民", "phone": world.resident.phone}
    details[field] = value
    with pytest.raises(ValidationError) as caught:
        book_for(world, id_number=world.resident.id_number, **details)
    assert set(caught.value.error_dict) == {field}
    assert not CallerConsent.objects.exists()
    assert not Appointment.objects.exists()
    world.resident.refresh_from_db()
    assert world.resident.real_name == "测试居民"


def test_without_consent_nothing_is_written(world):
    users = User.objects.count()
    with pytest.raises(ValidationError) as caught:
        book_for(world, consent=False)
    assert set(caught.value.error_dict) == {"consent"}
    assert User.objects.count() == users
    assert not CallerConsent.objects.exists()
    assert not Appointment.objects.exists()


def test_invalid_details_are_refused_before_anything_is_written(world):
    with pytest.raises(ValidationError) as caught:
        book_for(world, phone="12345", id_number="110105198001011230")
    assert set(caught.value.error_dict) == {"phone", "id_number"}
    assert caught.value.error_dict["id_number"][0].code == "id_number_checksum"
    assert not CallerConsent.objects.exists()


def test_a_blacklisted_caller_is_refused_and_the_attempt_logged(world):
    entry = world.blacklist()
    with pytest.raises(errors.Blacklisted):
        book_for(
            world,
            real_name="测试居民",
            phone=world.resident.phone,
            id_number=world.resident.id_number,
        )
    assert not Appointment.objects.exists()
    attempt = BookingAttempt.objects.get()
    assert (attempt.entry, attempt.channel) == (entry, "hotline")
    assert (attempt.resident, attempt.actor) == (world.resident, world.operator)
    # The consent was given and recorded; it simply led to no appointment.
    assert CallerConsent.objects.get().appointment is None


def test_a_blacklisted_new_caller_is_refused_too(world):
    # The entry exists before the person has any account: it matches the number, not an account.
    blacklist_entry_create(
        id_number=NEW_CALLER_NUMBER,
        name="李来电",
        reason="Forged documents.",
        office=world.office_b,
        starts_on=timezone.localdate(),
        ends_on=None,
        by=world.admin,
    )
    with pytest.raises(errors.Blacklisted):
        book_for(world)
    assert BookingAttempt.objects.get().channel == "hotline"


def test_lookup_needs_both_reference_and_phone_and_is_recorded(world):
    appointment = book_for(world).appointment
    reference = appointment.reference
    spoken = reference.replace("-", " ").lower()
    assert hotline_lookup(operator=world.operator, reference=spoken, phone=NEW_CALLER_PHONE) == (
        appointment
    )
    assert hotline_lookup(operator=world.operator, reference=reference, phone="13600136000") is None
    assert (
        hotline_lookup(operator=world.operator, reference="20000101-AAAA", phone=NEW_CALLER_PHONE)
        is None
    )
    assert hotline_lookup(operator=world.operator, reference=reference, phone="garbage") is None
    rows = list(HotlineLookup.objects.order_by("pk").values_list("reference", "found", "operator"))
    assert rows == [
        (reference, True, world.operator.pk),
        (reference, False, world.operator.pk),
        ("20000101-AAAA", False, world.operator.pk),
        (reference, False, world.operator.pk),
    ]


def test_lookups_are_refused_after_too_many_misses(world):
    for _ in range(LOOKUP_FAILURE_LIMIT):
        hotline_lookup(operator=world.operator, reference="20000101-AAAA", phone="13600136000")
    with pytest.raises(TooManyLookups):
        hotline_lookup(operator=world.operator, reference="20000101-AAAA", phone="13600136000")
    assert HotlineLookup.objects.count() == LOOKUP_FAILURE_LIMIT
    # Another operator is not held back by a colleague's misses.
    assert hotline_lookup(operator=world.admin, reference="x", phone="13600136000") is None


def test_an_account_the_hotline_opens_records_the_number_as_set_by_the_operator(world):
    from accounts.models import IdentityNumberRecord
    from hotline.services import hotline_booking_create
    from tests.appointments.conftest import at, valid_id_number

    record = hotline_booking_create(
        operator=world.operator,
        real_name="王来电",
        phone="13700137000",
        id_number=valid_id_number(640),
        consent=True,
        matter=world.matter,
        office=world.office,
        starts_at=at(world.bookable.day, 10),
        language="en",
    )
    history = IdentityNumberRecord.objects.get(user=record.caller)
    assert (history.kind, history.set_by) == ("hotline", world.operator)
