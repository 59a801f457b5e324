"""The blacklist knows a person by every identity number their account has held, on the
appointment's date, and by the applicant's number: changing the number never takes anyone off
the list."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.crypto import hash_id_number
from accounts.services import resident_id_number_correct, resident_profile_update
from appointments import errors
from blacklist.models import BookingAttempt
from blacklist.selectors import blacklist_flag_for, blacklist_flags_for
from blacklist.services import blacklist_check, blacklist_entry_create
from tests.appointments.conftest import make_resident, valid_id_number
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_NUMBER = valid_id_number(902, birth="19760606")
# Numbers no test resident holds (make_resident's are born from 1980 on).
_numbers = iter(valid_id_number(seq, birth="19690909") for seq in range(100, 1000))


def _fresh_number() -> str:
    return next(_numbers)


def list_number(world, id_number: str, *, starts_on=None, ends_on=None):
    return blacklist_entry_create(
        id_number=id_number,
        name="测试居民",
        reason="Forged a property certificate (decision 2025-17).",
        office=world.office_b,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
        by=world.admin,
    )


def check(world, resident=None, **kwargs):
    return blacklist_check(
        resident=resident or world.resident,
        office=world.office,
        matter=world.matter,
        channel="web",
        actor=None,
        **kwargs,
    )


def test_after_a_counter_correction_an_entry_on_the_old_number_still_refuses(world):
    """The old number stays the person's: a resident cannot escape the list by changing it."""
    world.book()  # booked with the old number, so only a counter can change it now
    old_number = world.resident.id_number
    entry = list_number(world, old_number)
    resident_id_number_correct(
        resident=world.resident, id_number=NEW_NUMBER, by=world.clerk, reason="Card checked."
    )
    world.resident.refresh_from_db()
    assert world.resident.id_number_hash == hash_id_number(NEW_NUMBER)

    assert check(world) == entry
    assert BookingAttempt.objects.get().entry == entry
    with pytest.raises(errors.Blacklisted):
        world.book(hour=10)
    assert blacklist_flag_for(resident=world.resident) == entry


def test_a_resident_who_changed_their_number_before_booking_is_still_refused(world):
    old_number = world.resident.id_number
    entry = list_number(world, old_number)
    resident_profile_update(
        user=world.resident, real_name="改名字", phone="13900139000", id_number=NEW_NUMBER
    )
    with pytest.raises(errors.Blacklisted):
        world.book()
    assert BookingAttempt.objects.get().entry == entry


def test_an_entry_on_the_new_number_refuses_as_before(world):
    world.book()
    resident_id_number_correct(
        resident=world.resident, id_number=NEW_NUMBER, by=world.clerk, reason="Card checked."
    )
    entry = list_number(world, NEW_NUMBER)
    assert check(world) == entry


def test_an_entry_on_someone_elses_number_does_not_refuse(world):
    other = make_resident()
    list_number(world, other.id_number)
    assert check(world) is None
    assert not BookingAttempt.objects.exists()


def test_an_entry_starting_next_week_refuses_only_a_check_on_a_day_it_covers(world):
    today = timezone.localdate()
    entry = list_number(world, world.resident.id_number, starts_on=today + dt.timedelta(days=7))
    assert check(world, on=today) is None
    assert check(world) is None  # default: today
    assert check(world, on=today + dt.timedelta(days=8)) == entry
    assert blacklist_flag_for(resident=world.resident, on=today) is None
    assert blacklist_flag_for(resident=world.resident, on=today + dt.timedelta(days=8)) == entry


def test_an_entry_that_ended_refuses_only_a_check_on_a_day_it_covered(world):
    today = timezone.localdate()
    entry = list_number(
        world,
        world.resident.id_number,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today - dt.timedelta(days=10),
    )
    assert check(world, on=today) is None
    assert check(world, on=today - dt.timedelta(days=20)) == entry


def test_the_applicants_number_is_matched_when_someone_books_for_them(world):
    applicant = valid_id_number(903, birth="19400404")
    entry = list_number(world, applicant)
    assert check(world) is None
    assert check(world, applicant_id_hash=hash_id_number(applicant)) == entry
    attempt = BookingAttempt.objects.get()
    assert (attempt.entry, attempt.resident) == (entry, world.resident)


def test_an_account_without_a_number_is_matched_by_the_applicant_only(world):
    booker = UserFactory()
    applicant = valid_id_number(904, birth="19400404")
    entry = list_number(world, applicant)
    assert check(world, booker) is None
    assert check(world, booker, applicant_id_hash=hash_id_number(applicant)) == entry


# --- many residents at once ---------------------------------------------------------------------


def _corrected_residents(world, count: int, *, listed_every: int = 2):
    """`count` residents, each with a corrected number; every `listed_every`-th is listed under
    the number it held before."""
    residents, listed = [], {}
    for n in range(count):
        resident = make_resident()
        old_number = resident.id_number
        resident_id_number_correct(
            resident=resident,
            id_number=_fresh_number(),
            by=world.clerk,
            reason="Card checked.",
        )
        if n % listed_every == 0:
            listed[resident.pk] = list_number(world, old_number)
        residents.append(resident)
    return residents, listed


@pytest.mark.parametrize("count", [2, 12])
def test_blacklist_flags_for_many_residents_costs_the_same_few_queries(
    world, django_assert_max_num_queries, count
):
    residents, listed = _corrected_residents(world, count)
    with django_assert_max_num_queries(2):
        flags = blacklist_flags_for(residents=residents, on=timezone.localdate())
    assert flags == listed
    # An office's day lists the same resident once per appointment.
    with django_assert_max_num_queries(2):
        assert blacklist_flags_for(residents=residents * 2, on=timezone.localdate()) == listed


def test_blacklist_flags_for_decides_on_the_given_day(world):
    today = timezone.localdate()
    entry = list_number(world, world.resident.id_number, starts_on=today + dt.timedelta(days=7))
    assert blacklist_flags_for(residents=[world.resident], on=today) == {}
    assert blacklist_flags_for(residents=[world.resident], on=today + dt.timedelta(days=7)) == {
        world.resident.pk: entry
    }


def test_blacklist_flags_for_nobody_costs_no_query(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert blacklist_flags_for(residents=[], on=timezone.localdate()) == {}
