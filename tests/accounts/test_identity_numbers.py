"""The identity number's history, the lock once the resident has booked, and the counter
correction by office staff.

Every identity number here is invented (region 110105) with stdnum's own check digit.
"""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.crypto import hash_id_number
from accounts.errors import IdNumberInUse, IdNumberLocked
from accounts.models import IdentityNumberRecord, User
from accounts.services import resident_id_number_correct, resident_profile_update
from appointments.services import appointment_book
from tests.appointments.conftest import at, make_bookable, make_resident, valid_id_number
from tests.factories import OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = "/accounts/profile/"
NEW_NUMBER = valid_id_number(901, birth="19750505")
OTHER_PHONE = "13900139000"
LOCKED_TEXT = "can no longer be changed online because you have booked with it"


def book(resident, bookable):
    return appointment_book(
        resident=resident,
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 9),
        language="en",
    )


def correction_url(appointment) -> str:
    return f"/staff/appointments/{appointment.reference}/identity/correct/"


def history(user) -> list[tuple[str, str]]:
    return list(user.identity_numbers.values_list("kind", "id_number_hash"))


@pytest.fixture
def bookable(db):
    return make_bookable()


@pytest.fixture
def resident(english):
    user = make_resident(email="resident@example.com")
    english.force_login(user)
    return user


@pytest.fixture
def appointment(resident, bookable):
    return book(resident, bookable)


@pytest.fixture
def clerk(bookable):
    return UserFactory(role=User.Role.OFFICE_STAFF, office=bookable.office)


# --- the history --------------------------------------------------------------------------------


def test_the_first_number_a_resident_enters_starts_the_accounts_history():
    user = make_resident()
    [record] = user.identity_numbers.all()
    assert (record.kind, record.set_by, record.reason) == ("resident", user, "")
    assert record.id_number_hash == user.id_number_hash
    assert record.id_number_masked == user.id_number_masked


def test_saving_the_same_number_again_adds_nothing_to_the_history():
    user = make_resident()
    resident_profile_update(
        user=user, real_name="新名字", phone=OTHER_PHONE, id_number=user.id_number.lower()
    )
    assert user.identity_numbers.count() == 1


def test_a_refused_number_leaves_no_trace_in_the_history():
    holder = make_resident()
    other = make_resident()
    with pytest.raises(IdNumberInUse):
        resident_profile_update(
            user=other, real_name="李四", phone=OTHER_PHONE, id_number=holder.id_number
        )
    assert history(other) == [("resident", other.id_number_hash)]


def test_a_counter_correction_record_needs_an_author_and_a_reason_in_the_database():
    user = make_resident()
    with pytest.raises(IntegrityError), transaction.atomic():
        IdentityNumberRecord.objects.create(
            user=user, id_number_hash="0" * 64, kind="counter", set_by=None, reason=""
        )


# --- the lock once booked -----------------------------------------------------------------------


def test_a_resident_who_never_booked_can_change_their_number(english, resident):
    old_hash = resident.id_number_hash
    response = english.post(
        PROFILE_URL, {"real_name": "测试居民", "phone": "", "id_number": NEW_NUMBER}
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.id_number == NEW_NUMBER
    assert history(resident) == [
        ("resident", old_hash),
        ("resident", hash_id_number(NEW_NUMBER)),
    ]


def test_a_resident_who_has_booked_sees_the_number_read_only_with_the_reason(
    english, resident, appointment
):
    page = english.get(PROFILE_URL).content.decode()
    assert LOCKED_TEXT in page
    assert "An office can correct it at the counter with your identity card." in page
    assert resident.id_number_masked in page
    assert resident.id_number not in page
    assert 'name="id_number"' not in page
    # Name and phone stay editable.
    assert 'name="real_name"' in page
    assert 'name="phone"' in page


def test_a_resident_who_has_booked_cannot_change_their_number_by_posting_it_anyway(
    english, resident, appointment
):
    before = resident.id_number
    response = english.post(
        PROFILE_URL, {"real_name": "改名字", "phone": OTHER_PHONE, "id_number": NEW_NUMBER}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert LOCKED_TEXT in body
    assert 'value="改名字"' in body  # what they typed is kept
    resident.refresh_from_db()
    assert resident.id_number == before
    assert resident.real_name == "测试居民"
    assert resident.identity_numbers.count() == 1


def test_a_malformed_number_posted_after_booking_gets_the_same_explanation(
    english, resident, appointment
):
    response = english.post(
        PROFILE_URL, {"real_name": "测试居民", "phone": "", "id_number": "12345"}
    )
    assert response.status_code == 200
    assert LOCKED_TEXT in response.content.decode()


def test_a_resident_who_has_booked_can_still_change_their_name_and_phone(
    english, resident, appointment
):
    response = english.post(PROFILE_URL, {"real_name": "测试居民乙", "phone": OTHER_PHONE})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.real_name, resident.phone) == ("测试居民乙", OTHER_PHONE)
    assert resident.identity_numbers.count() == 1


def test_posting_the_number_on_file_again_after_booking_is_not_refused(
    english, resident, appointment
):
    response = english.post(
        PROFILE_URL,
        {"real_name": "测试居民", "phone": OTHER_PHONE, "id_number": resident.id_number},
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.phone == OTHER_PHONE


def test_the_service_refuses_a_new_number_once_the_resident_has_booked(resident, appointment):
    before = (resident.id_number_hash, resident.real_name)
    with pytest.raises(IdNumberLocked):
        resident_profile_update(
            user=resident, real_name="改名字", phone=OTHER_PHONE, id_number=NEW_NUMBER
        )
    assert (resident.id_number_hash, resident.real_name) == before
    resident.refresh_from_db()
    assert (resident.id_number_hash, resident.real_name) == before


# --- the counter correction: the service --------------------------------------------------------


def test_a_counter_correction_records_who_when_and_why(resident, appointment, clerk):
    old_hash = resident.id_number_hash
    moment = dt.datetime(2026, 3, 2, 10, 30, tzinfo=timezone.get_default_timezone())
    with time_machine.travel(moment, tick=False):
        resident_id_number_correct(
            resident=resident,
            id_number=NEW_NUMBER,
            by=clerk,
            reason="Two digits swapped online; identity card seen at the counter.",
        )
    resident.refresh_from_db()
    assert resident.id_number == NEW_NUMBER
    assert resident.id_number_hash == hash_id_number(NEW_NUMBER)
    assert resident.birth_date == dt.date(1975, 5, 5)
    first = resident.identity_numbers.get(kind="resident")
    correction = resident.identity_numbers.get(kind="counter")
    assert first.id_number_hash == old_hash
    assert (correction.kind, correction.set_by, correction.set_at) == ("counter", clerk, moment)
    assert correction.reason == "Two digits swapped online; identity card seen at the counter."
    assert correction.id_number_masked == resident.id_number_masked


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_a_counter_correction_needs_a_reason(resident, clerk, reason):
    before = resident.id_number_hash
    with pytest.raises(ValidationError) as excinfo:
        resident_id_number_correct(resident=resident, id_number=NEW_NUMBER, by=clerk, reason=reason)
    assert set(excinfo.value.message_dict) == {"reason"}
    resident.refresh_from_db()
    assert resident.id_number_hash == before
    assert resident.identity_numbers.count() == 1


def test_a_counter_correction_validates_the_number_like_the_profile(resident, clerk):
    with pytest.raises(ValidationError) as excinfo:
        resident_id_number_correct(
            resident=resident, id_number=NEW_NUMBER[:-1], by=clerk, reason="Checked."
        )
    assert excinfo.value.error_dict["id_number"][0].code == "id_number_length"
    with pytest.raises(ValidationError) as excinfo:
        resident_id_number_correct(
            resident=resident, id_number=resident.id_number, by=clerk, reason="Checked."
        )
    assert excinfo.value.error_dict["id_number"][0].code == "id_number_unchanged"


def test_a_counter_correction_refuses_a_number_held_by_another_account(resident, clerk):
    other = make_resident()
    before = resident.id_number_hash
    with pytest.raises(IdNumberInUse):
        resident_id_number_correct(
            resident=resident, id_number=other.id_number, by=clerk, reason="Checked the card."
        )
    assert resident.id_number_hash == before
    resident.refresh_from_db()
    assert resident.id_number_hash == before
    assert resident.identity_numbers.count() == 1


# --- the counter correction: the staff page -----------------------------------------------------


def test_the_correction_page_sends_anonymous_visitors_to_sign_in(client, appointment):
    client.logout()  # (the resident fixture signed this client in)
    response = client.get(correction_url(appointment))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/staff/appointments/")


@pytest.mark.parametrize("who", ["the resident", "an operator", "staff of another office"])
def test_the_correction_page_is_404_for_anyone_but_the_offices_staff(
    client, resident, appointment, who
):
    user = {
        "the resident": resident,
        "an operator": UserFactory(role=User.Role.HOTLINE_OPERATOR),
        "staff of another office": UserFactory(role=User.Role.OFFICE_STAFF, office=OfficeFactory()),
    }[who]
    client.force_login(user)
    assert client.get(correction_url(appointment)).status_code == 404
    response = client.post(
        correction_url(appointment), {"id_number": NEW_NUMBER, "reason": "Trying."}
    )
    assert response.status_code == 404
    resident.refresh_from_db()
    assert resident.id_number != NEW_NUMBER


def test_the_appointment_page_links_to_the_correction(english, appointment, clerk):
    english.force_login(clerk)
    page = english.get(f"/staff/appointments/{appointment.reference}/").content.decode()
    assert f'href="{correction_url(appointment)}"' in page
    assert "Correct the identity number" in page


def test_staff_see_the_masked_number_and_a_labelled_form(english, resident, appointment, clerk):
    english.force_login(clerk)
    response = english.get(correction_url(appointment))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert resident.id_number_masked in page
    assert resident.id_number not in page
    # Every input has its label (crispy puts the attribute on the next line).
    assert 'for="id_id_number"' in page and 'id="id_id_number"' in page
    assert 'for="id_reason"' in page and 'id="id_reason"' in page
    assert "Numbers this account has held" in page


def test_staff_correct_the_number_and_return_to_the_appointment(
    english, resident, appointment, clerk
):
    english.force_login(clerk)
    response = english.post(
        correction_url(appointment),
        {"id_number": NEW_NUMBER, "reason": "Identity card seen at the counter."},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/staff/appointments/{appointment.reference}/"
    page = english.get(response["Location"]).content.decode()
    assert "The identity number has been corrected and recorded." in page
    resident.refresh_from_db()
    assert resident.id_number == NEW_NUMBER
    correction = resident.identity_numbers.get(kind="counter")
    assert (correction.set_by, correction.reason) == (clerk, "Identity card seen at the counter.")


def test_a_bureau_admin_may_correct_a_number_too(english, resident, appointment):
    admin = UserFactory(role=User.Role.BUREAU_ADMIN)
    english.force_login(admin)
    response = english.post(
        correction_url(appointment), {"id_number": NEW_NUMBER, "reason": "Checked the card."}
    )
    assert response.status_code == 302
    assert resident.identity_numbers.get(kind="counter").set_by == admin


def test_a_correction_without_a_reason_is_refused_on_the_same_page(
    english, resident, appointment, clerk
):
    english.force_login(clerk)
    response = english.post(correction_url(appointment), {"id_number": NEW_NUMBER, "reason": " "})
    assert response.status_code == 400
    body = response.content.decode()
    assert "This field is required." in body
    assert f'value="{NEW_NUMBER}"' in body  # the number typed is kept
    resident.refresh_from_db()
    assert resident.id_number != NEW_NUMBER


def test_a_number_of_another_account_is_refused_on_the_correction_page(
    english, resident, appointment, clerk
):
    other = make_resident()
    english.force_login(clerk)
    response = english.post(
        correction_url(appointment),
        {"id_number": other.id_number, "reason": "Card seen at the counter."},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "registered to another account" in body
    assert "Card seen at the counter." in body
    assert not resident.identity_numbers.filter(kind="counter").exists()
