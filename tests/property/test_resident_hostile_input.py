"""Hostile forms from signed-in residents (and from visitors signing up): never a server error,
and never a partial record. A refused request writes nothing; an accepted one writes exactly the
rows its success is made of."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest
from django.contrib.auth import get_user_model
from hypothesis import given
from hypothesis import strategies as st

from appointments.models import Appointment, AppointmentEvent, ExemptionClaim, HomeVisitRequest
from tests.appointments.conftest import valid_id_number

from .strategies import datetimes, hostile_scalar, params, raw_bytes, values
from .support import (
    assert_no_server_error,
    assert_unchanged,
    book,
    examples,
    has_nul,
    has_undecodable,
    post_form,
    query,
    snapshot,
    table,
)

pytestmark = pytest.mark.django_db

User = get_user_model()
starts = st.one_of(datetimes, hostile_scalar)


def refused_for_nul(before, response, *values, posted: bool = True) -> bool:
    """A NUL anywhere in the request, or a posted value that is not UTF-8: the 400 of
    RejectMalformedRequestMiddleware, and nothing written. (Such bytes in a query are read as
    U+FFFD: a query writes nothing.)"""
    if not (has_nul(*values) or (posted and has_undecodable(*values))):
        return False
    assert response.status_code == 400, response.status_code
    assert_unchanged(before, response, "a request with a NUL")
    return True


def assert_local_redirect(response) -> None:
    """A redirect never leaves the site, whatever `next` said."""
    location = response["Location"]
    parts = urlsplit(location)
    assert not parts.scheme and not parts.netloc, location
    assert not location.startswith(("//", "/\\", "\\")), location


# --- the review step: GET and POST --------------------------------------------------------------


def review_fields(world, data, *, matter):
    good_value = ["800000", "0", "1234.56"] if matter.fee_by_value else []
    return data.draw(
        params(
            start=values(*world.good_starts(), scalar=starts),
            copies=values("1", "2", "20", "21"),
            parties=values("1", "3"),
            value=values(*good_value, "100000000000", "100000000000.01"),
            declared=values(*world.declarable, "elderly-will", "no-such-exemption"),
            green=values("pregnant", "elderly", "seriously_ill", "disabled"),
            # The one form's two buttons: the preview never books.
            preview=values("1"),
            confirm=values("1"),
        )
    )


@examples(60)
@given(data=st.data())
def test_review_page_survives_any_details(signed_in, world, data):
    matter = data.draw(st.sampled_from([world.matter, world.by_value]))
    fields = review_fields(world, data, matter=matter)
    before = snapshot()
    response = signed_in.get(query(f"/book/{matter.code}/{world.office.slug}/review/", fields))
    assert_no_server_error(response)
    if refused_for_nul(before, response, *fields.values(), posted=False):
        return
    assert_unchanged(before, response, "GET of the review page")
    assert response.status_code in (200, 302, 400, 409)


@examples(70)
@given(data=st.data())
def test_confirming_a_booking_books_whole_or_not_at_all(signed_in, world, resident, data):
    matter = data.draw(st.sampled_from([world.matter, world.by_value]))
    fields = review_fields(world, data, matter=matter)
    before = snapshot()
    response = post_form(signed_in, f"/book/{matter.code}/{world.office.slug}/review/", fields)
    assert_no_server_error(response)
    if refused_for_nul(before, response, *fields.values()):
        return
    # 200: a value-based fee posted without its value shows the form again.
    assert response.status_code in (200, 302, 400, 409)
    booked = response.status_code == 302 and response["Location"].startswith("/appointments/")
    if "preview" in fields:
        assert not booked, "the preview button booked"
    if not booked:
        assert_unchanged(before, response, "a refused booking")
        return
    appointment = Appointment.objects.get(resident=resident, status=Appointment.Status.BOOKED)
    assert response["Location"] == f"/appointments/{appointment.reference}/"
    claims = appointment.exemption_claims.count()
    expected = {table(Appointment): 1, table(AppointmentEvent): 1}
    if claims:
        expected[table(ExemptionClaim)] = claims
    assert before.changes(snapshot()) == expected
    assert appointment.events.get().kind == AppointmentEvent.Kind.BOOKED
    assert 1 <= appointment.fee_details["copies"] <= 20
    assert 1 <= appointment.fee_details["parties"] <= 20
    assert appointment.ends_at > appointment.starts_at
    appointment.delete()  # the next example starts from the same state
    assert_unchanged(before, response, "a booking, once removed again,")


# --- my appointment: reschedule and cancel ------------------------------------------------------


@pytest.fixture
def appointment(world, resident):
    return book(world, resident, hour=14)


@examples(50)
@given(data=st.data())
def test_rescheduling_moves_the_one_row_or_nothing(signed_in, world, appointment, data):
    fields = data.draw(
        params(
            start=values(*world.good_starts(), scalar=starts),
            date=values(world.day.isoformat()),
        )
    )
    reference = data.draw(
        st.sampled_from([appointment.reference, appointment.reference.lower()]) | hostile_scalar
    )
    current = Appointment.objects.get(pk=appointment.pk)
    before = snapshot()
    path = f"/appointments/{quote(reference, safe='')}/reschedule/"
    response = post_form(signed_in, path, fields)
    assert_no_server_error(response)
    if refused_for_nul(before, response, reference, *fields.values()):
        return
    assert response.status_code in (302, 400, 404, 409)
    if response.status_code != 302:
        assert_unchanged(before, response, "a refused reschedule")
        assert Appointment.objects.get(pk=appointment.pk).starts_at == current.starts_at
        return
    assert before.changes(snapshot()) == {table(AppointmentEvent): 1}
    moved = Appointment.objects.get(pk=appointment.pk)
    assert moved.status == Appointment.Status.BOOKED
    assert moved.ends_at - moved.starts_at == current.ends_at - current.starts_at


@examples(40)
@given(data=st.data())
def test_cancelling_writes_one_event_or_nothing(signed_in, world, appointment, data):
    fields = data.draw(params(reason=values("Cannot come", "")))
    reference = data.draw(st.just(appointment.reference) | hostile_scalar)
    before = snapshot()
    response = post_form(signed_in, f"/appointments/{quote(reference, safe='')}/cancel/", fields)
    assert_no_server_error(response)
    if refused_for_nul(before, response, reference, *fields.values()):
        return
    assert response.status_code in (302, 400, 404)
    if response.status_code != 302:
        assert_unchanged(before, response, "a refused cancellation")
        return
    assert before.changes(snapshot()) == {table(AppointmentEvent): 1}
    cancelled = Appointment.objects.get(pk=appointment.pk)
    assert cancelled.status == Appointment.Status.CANCELLED
    # Book it again for the next example: the same row, active, without the cancellation event.
    cancelled.events.filter(kind=AppointmentEvent.Kind.CANCELLED).delete()
    Appointment.objects.filter(pk=appointment.pk).update(
        status=Appointment.Status.BOOKED, cancelled_at=None
    )


# --- the profile ---------------------------------------------------------------------------------


@examples(60)
@given(data=st.data())
def test_profile_saves_valid_details_or_nothing(signed_in, resident, other_resident, data):
    fields = data.draw(
        params(
            real_name=values("张三", "阿依古丽·买买提", "  Li   Si  "),
            phone=values("13800138000", "+86 139 0000 0000", "１３９００００００００"),
            id_number=values(
                valid_id_number(901),
                valid_id_number(902, birth="19400101"),
                other_resident.id_number,  # someone else's: refused
                "11010519800101901x",
            ),
            next=values("/appointments/", "//evil.example/", "https://evil.example/", "home"),
        )
    )
    before = snapshot()
    response = post_form(signed_in, "/accounts/profile/", fields)
    assert_no_server_error(response)
    if refused_for_nul(before, response, *fields.values()):
        return
    assert response.status_code in (200, 302)
    if response.status_code != 302:
        assert_unchanged(before, response, "a refused profile")
        return
    assert_local_redirect(response)
    saved = User.objects.get(pk=resident.pk)
    # A new number is recorded in the account's number history (and nothing else is written).
    changes = before.changes(snapshot())
    assert set(changes) <= {"accounts_identitynumberrecord"}
    if changes:
        assert saved.identity_numbers.filter(id_number_hash=saved.id_number_hash).exists()
    assert saved.has_complete_profile
    assert 1 <= len(saved.real_name) <= 60 and "\x00" not in saved.real_name
    assert len(saved.phone) == 11 and saved.phone.isascii() and saved.phone.isdigit()
    assert saved.id_number_hash != other_resident.id_number_hash


# --- sign-up -------------------------------------------------------------------------------------

PASSWORD = "Plum-blossom-2026"


@examples(50)
@given(data=st.data())
def test_sign_up_creates_a_whole_resident_or_nothing(client, world, data):
    email = st.emails().map(lambda e: e[:200])
    fields = data.draw(
        params(
            email=values("new.resident@example.com", "fuzzed@example.com", scalar=email)
            | hostile_scalar,
            phone=values("13800138000", "+86 139 0000 0000"),
            password1=values(PASSWORD, "12345678"),
            password2=values(PASSWORD),
        )
    )
    before = snapshot()
    response = post_form(client, "/accounts/signup/", fields)
    assert_no_server_error(response)
    if refused_for_nul(before, response, *fields.values()):
        return
    assert response.status_code in (200, 302, 429)
    if response.status_code != 302:
        assert_unchanged(before, response, "a refused sign-up")
        return
    assert_local_redirect(response)
    changes = before.changes(snapshot())
    assert changes == {table(User): 1, "account_emailaddress": 1}, changes
    user = User.objects.order_by("-pk").first()
    assert user.role == User.Role.RESIDENT and not user.is_staff
    assert len(user.phone) == 11 and user.phone.isdigit()
    user.delete()
    client.logout()
    assert_unchanged(before, response, "a sign-up, once removed again,")


# --- home visits ---------------------------------------------------------------------------------


@examples(50)
@given(data=st.data())
def test_home_visit_request_is_whole_or_nothing(signed_in, world, resident, data):
    fields = data.draw(
        params(
            address=values("北京市东城区某街1号", "No. 1 Road"),
            reason=values("Bedridden", "卧床"),
            preferred_times=values("Weekday mornings", ""),
            phone=values("13800138000", "010-6000 0000", "+86 139 0000 0000"),
        )
    )
    before = snapshot()
    response = post_form(
        signed_in, f"/book/{world.matter.code}/{world.office.slug}/home-visit/", fields
    )
    assert_no_server_error(response)
    if refused_for_nul(before, response, *fields.values()):
        return
    # 200: a POST with no fields at all shows the empty form again.
    assert response.status_code in (200, 302, 400)
    if response.status_code != 302:
        assert_unchanged(before, response, "a refused home-visit request")
        return
    assert before.changes(snapshot()) == {table(HomeVisitRequest): 1}
    visit = HomeVisitRequest.objects.get(resident=resident)
    for text in (visit.address, visit.reason, visit.preferred_times, visit.phone):
        assert "\x00" not in text and len(text) <= 300
    visit.delete()


# --- the language switcher -----------------------------------------------------------------------


@examples(40)
@given(data=st.data())
def test_language_switch_never_fails_and_never_leaves_the_site(client, world, data):
    fields = data.draw(
        params(
            language=values("en", "zh-hans", "fr", "EN"),
            next=values("/matters/", "//evil.example/", "https://evil.example/", "/\\evil"),
        )
    )
    referer = data.draw(
        st.sampled_from(["", "https://evil.example/", "http://testserver/offices/"])
    )
    before = snapshot()
    response = post_form(client, "/i18n/setlang/", fields, HTTP_REFERER=referer)
    assert_no_server_error(response)
    if refused_for_nul(before, response, *fields.values()):
        return
    assert response.status_code in (204, 302)
    assert_unchanged(before, response, "the language switch")
    if response.status_code == 302:
        location = response["Location"]
        assert urlsplit(location).netloc in ("", "testserver"), location


# --- raw bytes in a form body -------------------------------------------------------------------


@examples(30)
@given(body=st.lists(st.tuples(st.sampled_from(["start", "copies", "value"]), raw_bytes)))
def test_review_accepts_any_bytes_in_the_body(signed_in, world, body):
    before = snapshot()
    response = signed_in.post(
        f"/book/{world.matter.code}/{world.office.slug}/review/",
        data=b"&".join(
            name.encode() + b"=" + quote(value, safe="").encode() for name, value in body
        ),
        content_type="application/x-www-form-urlencoded",
    )
    assert_no_server_error(response)
    assert_unchanged(before, response, "a garbled review form")
