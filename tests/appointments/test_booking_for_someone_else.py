"""Booking for someone else: a child books a will for a parent, an agent books under a power of
attorney. Everything that depends on the person is the applicant's: the age-based exemption and
green channel, the blacklist, the per-person cap and overlap rule (keyed on the applicant's
identity number, whoever books), and what the office sees."""

import dataclasses
import datetime as dt
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from appointments import errors
from appointments.applicants import Applicant
from appointments.models import Appointment
from appointments.services import appointment_book, appointment_reschedule
from blacklist.services import blacklist_entry_create
from notaries.models import Exemption
from portal import sms
from tests.appointments.conftest import at, make_bookable, make_resident, valid_id_number
from tests.appointments.test_fees_and_exemptions import years_before
from tests.dates import working_day_after
from tests.factories import ExemptionFactory, OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def will(db):
    bookable = make_bookable(notaries=3)
    matter = bookable.matter
    matter.fee_amount = Decimal("300.00")
    matter.applicant_in_person = True
    matter.save()
    matter.exemptions.set(
        [ExemptionFactory(code="elderly-will", kind=Exemption.Kind.AGE, min_age=70)]
    )
    return bookable


def father_aged(age: int, on: dt.date, sequence: int = 777) -> tuple[str, Applicant]:
    # The last day of the month before, `age` years back: exactly `age` on `on`, any day (a
    # 29 February `on` included).
    born = dt.date(on.year - age, on.month, 1) - dt.timedelta(days=1)
    number = valid_id_number(sequence, birth=f"{born:%Y%m%d}")
    return number, Applicant.from_number(
        real_name="王父亲", phone="13900001111", id_number=number, relationship="parent"
    )


def book_for(will, holder, applicant, hour=9, day=None):
    return appointment_book(
        resident=holder,
        matter=will.matter,
        office=will.office,
        starts_at=at(day or will.day, hour),
        language="en",
        applicant=applicant,
    )


def test_a_child_books_a_will_for_a_father_of_76_and_it_is_free_by_his_age(will):
    child = make_resident(email="child@example.com")  # born 1980: pays for their own will
    _number, father = father_aged(76, will.day)
    appointment = book_for(will, child, father)
    assert appointment.fee_gross == Decimal("300.00")
    assert appointment.fee_quote == Decimal("0.00")
    assert appointment.green_channel == Appointment.GreenChannel.ELDERLY
    assert appointment.resident == child
    assert appointment.applicant_name == "王父亲"
    assert appointment.applicant_relationship == "parent"
    assert appointment.applicant_id_hash == father.id_number_hash
    assert appointment.applicant.age_on(will.day) == 76
    # The child's own will the same day is not free.
    own = appointment_book(
        resident=child,
        matter=will.matter,
        office=will.office,
        starts_at=at(will.day, 10),
        language="en",
    )
    assert own.fee_quote == Decimal("300.00")


def test_the_parents_listed_number_is_refused_although_the_child_is_not(will):
    child = make_resident(email="child@example.com")
    number, father = father_aged(76, will.day)
    blacklist_entry_create(
        id_number=number,
        name="王父亲",
        reason="forged documents",
        office=will.office,
        starts_on=will.day - dt.timedelta(days=1),
        ends_on=None,
        by=UserFactory(role="bureau_admin"),
    )
    with pytest.raises(errors.Blacklisted):
        book_for(will, child, father)
    assert not Appointment.objects.exists()
    # Booking for themself, the child is not refused.
    assert appointment_book(
        resident=child, matter=will.matter, office=will.office, starts_at=at(will.day, 9)
    )


def test_three_relatives_cannot_hold_four_upcoming_appointments_for_one_person(will, settings):
    settings.APPOINTMENT_MAX_ACTIVE_PER_RESIDENT = 3
    _number, father = father_aged(80, will.day)
    relatives = [make_resident(email=f"relative{n}@example.com") for n in range(3)]
    day2 = working_day_after(will.day)
    book_for(will, relatives[0], father, hour=9)
    book_for(will, relatives[1], father, hour=10)
    book_for(will, relatives[2], father, hour=9, day=day2)
    with pytest.raises(errors.TooManyAppointments) as refused:
        book_for(will, relatives[0], father, hour=11, day=day2)
    with translation.override("en"):
        assert "This person already has 3 upcoming appointments" in str(refused.value)
    assert Appointment.objects.filter(applicant_id_hash=father.id_number_hash).count() == 3


def test_one_person_is_never_booked_twice_at_one_time_by_two_relatives(will):
    _number, father = father_aged(80, will.day)
    son, daughter = make_resident(email="son@example.com"), make_resident(email="d@example.com")
    book_for(will, son, father, hour=9)
    with pytest.raises(errors.ApplicantOverlap) as refused:
        book_for(will, daughter, father, hour=9)
    with translation.override("en"):
        assert "This person already has another appointment" in str(refused.value)
    # The daughter herself may still book at that time (another notary is free).
    assert appointment_book(
        resident=daughter, matter=will.matter, office=will.office, starts_at=at(will.day, 9)
    )


def test_one_account_manages_a_limited_number_of_upcoming_appointments(will, settings):
    settings.APPOINTMENT_MAX_ACTIVE_PER_ACCOUNT = 2
    agent = make_resident(email="agent@example.com")
    for n, hour in enumerate((9, 10)):
        _number, person = father_aged(40 + n, will.day, sequence=600 + n)
        book_for(will, agent, person, hour=hour)
    _number, third = father_aged(50, will.day, sequence=650)
    with pytest.raises(errors.TooManyManaged):
        book_for(will, agent, third, hour=11)


def test_a_move_decides_the_age_again_for_the_applicant_not_the_account_holder(will):
    child = make_resident(email="child@example.com")
    later = working_day_after(working_day_after(will.day))
    # The father turns 70 between the two days: his will becomes free when moved there.
    born = years_before(later, 70)
    number = valid_id_number(321, birth=f"{born:%Y%m%d}")
    father = Applicant.from_number(
        real_name="王父亲", phone="13900001111", id_number=number, relationship="parent"
    )
    appointment = book_for(will, child, father)
    assert appointment.fee_quote == Decimal("300.00")
    moved = appointment_reschedule(appointment=appointment, starts_at=at(later, 9), actor=child)
    assert moved.fee_quote == Decimal("0.00")
    assert moved.green_channel == Appointment.GreenChannel.ELDERLY


def test_the_applicant_gets_the_text_messages_and_the_holder_the_email(
    will, django_capture_on_commit_callbacks
):
    sms.outbox.clear()
    child = make_resident(email="child@example.com")
    _number, father = father_aged(76, will.day)
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_for(will, child, father)
    assert [m.to for m in mail.outbox] == [["child@example.com"]]
    assert [m.to for m in sms.outbox] == ["13900001111"]
    assert appointment.reference in sms.outbox[0].body


def test_the_wizard_asks_who_it_is_for_and_books_for_the_parent(client, will):
    child = make_resident(email="child@example.com")
    client.force_login(child)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    father_number, _father = father_aged(76, will.day)
    start = at(will.day, 9).isoformat()
    review = f"/book/{will.matter.code}/{will.office.slug}/review/?{urlencode({'start': start})}"
    page = client.get(review)
    assert "Book for someone else" in page.content.decode()
    assert "You must come to the office in person" in page.content.decode()

    # Bad input: the same page, translated errors, what was typed kept, nothing stored.
    bad = client.post(
        f"/book/{will.matter.code}/for/",
        {"for_whom": "other", "real_name": "王父亲", "id_number": "110105", "relationship": ""},
    )
    assert bad.status_code == 400
    assert "王父亲" in bad.content.decode()
    assert "booking_for" not in client.session
    own = client.post(
        f"/book/{will.matter.code}/for/",
        {
            "for_whom": "other",
            "real_name": "测试居民",
            "id_number": child.id_number,
            "phone": "13900001111",
            "relationship": "parent",
        },
    )
    assert own.status_code == 400
    assert "This is your own identity number" in own.content.decode()

    chosen = client.post(
        f"/book/{will.matter.code}/for/",
        {
            "for_whom": "other",
            "real_name": " 王父亲 ",
            "id_number": father_number,
            "phone": "139 0000 1111",
            "relationship": "parent",
            "next": review,
        },
    )
    assert chosen.status_code == 302 and chosen["Location"] == review
    assert father_number not in str(dict(client.session))  # only its hash and token
    page = client.get(review).content.decode()
    assert "王父亲" in page and "Parent" in page
    assert "王父亲 must come to the office in person" in page
    assert father_number not in page and father_number[-4:] in page  # masked

    # Confirmed from a page drawn for another person: shown again, not booked.
    stale = client.post(review, {"start": start, "for_person": "me", "confirm": "1"})
    assert stale.status_code == 400
    assert not Appointment.objects.exists()

    booked = client.post(
        review,
        {"start": start, "for_person": _father.id_number_hash[:12], "confirm": "1"},
    )
    assert booked.status_code == 302, booked.content.decode()[:2000]
    appointment = Appointment.objects.get()
    assert appointment.applicant_name == "王父亲"
    assert appointment.resident == child
    assert appointment.fee_quote == Decimal("0.00")
    assert "booking_for" not in client.session  # the next booking starts for the holder again


def test_the_choice_page_needs_a_sign_in_and_never_redirects_elsewhere(client, will):
    url = f"/book/{will.matter.code}/for/"
    assert client.get(url).status_code == 302
    client.force_login(make_resident(email="x@example.com"))
    answer = client.post(url, {"for_whom": "me", "next": "https://evil.example/"})
    assert answer["Location"] == f"/book/{will.matter.code}/"
    assert client.get("/book/no-such-matter/for/").status_code == 404


def test_the_office_sees_applicant_and_booker_apart_and_a_listed_applicant_flagged(client, will):
    child = make_resident(email="child@example.com")
    number, father = father_aged(76, will.day)
    appointment = book_for(will, child, father)
    blacklist_entry_create(
        id_number=number,
        name="王父亲",
        reason="forged documents",
        office=will.office,
        starts_on=will.day,
        ends_on=None,
        by=UserFactory(role="bureau_admin"),
    )
    clerk = UserFactory(role="office_staff", office=will.office)
    client.force_login(clerk)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(f"/staff/appointments/{appointment.reference}/").content.decode()
    assert "王父亲" in page
    assert "Parent of the account holder; booked by 测试居民" in page
    assert father.id_number_masked in page and number not in page
    agenda = client.get(f"/staff/agenda/?date={will.day.isoformat()}").content.decode()
    assert "booked by 测试居民" in agenda
    assert "On the blacklist" in agenda  # the applicant is listed, the child is not
    other_office_clerk = UserFactory(role="office_staff", office=OfficeFactory(slug="elsewhere"))
    client.force_login(other_office_clerk)
    assert client.get(f"/staff/appointments/{appointment.reference}/").status_code == 404


def test_an_agent_is_asked_for_the_power_of_attorney_on_the_checklist(client, will):
    agent = make_resident(email="agent@example.com")
    number, principal = father_aged(45, will.day, sequence=555)
    client.force_login(agent)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    start = at(will.day, 9).isoformat()
    review = f"/book/{will.matter.code}/{will.office.slug}/review/?{urlencode({'start': start})}"
    assert "Power of attorney signed by the applicant" not in client.get(review).content.decode()
    client.post(
        f"/book/{will.matter.code}/for/",
        {
            "for_whom": "other",
            "real_name": "李委托",
            "id_number": number,
            "phone": "13900002222",
            "relationship": "agent",
            "next": review,
        },
    )
    assert "Power of attorney signed by the applicant" in client.get(review).content.decode()
    appointment = book_for(will, agent, dataclasses.replace(principal, relationship="agent"))
    page = client.get(f"/appointments/{appointment.reference}/").content.decode()
    assert "Power of attorney signed by the applicant" in page
    client.force_login(UserFactory(role="office_staff", office=will.office))
    staff = client.get(f"/staff/appointments/{appointment.reference}/").content.decode()
    assert "Check the power of attorney signed by the applicant" in staff


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    for_whom=st.sampled_from(["me", "other", "", "x" * 50]),
    real_name=st.text(max_size=80),
    id_number=st.text(max_size=40) | st.just("110105194501010012"),
    phone=st.text(max_size=30),
    relationship=st.sampled_from(["", "parent", "agent", "boss", "\x00"]),
    next_url=st.text(max_size=60),
)
def test_hostile_input_on_who_it_is_for_never_fails(
    client, will, for_whom, real_name, id_number, phone, relationship, next_url
):
    client.force_login(UserFactory())
    answer = client.post(
        f"/book/{will.matter.code}/for/",
        {
            "for_whom": for_whom,
            "real_name": real_name,
            "id_number": id_number,
            "phone": phone,
            "relationship": relationship,
            "next": next_url,
        },
    )
    assert answer.status_code in (302, 400)
    if answer.status_code == 302:
        assert answer["Location"].startswith("/book/")
    assert not Appointment.objects.exists()
