"""Hostile forms on the pages that act for residents (the office's and the 12348 desk's cancel and
move) and on the sign-in by text message: never a server error, never a partial record. A refused
request writes nothing; an accepted change writes the change, its event (and the caller's consent)
together, and a code sign-in writes nothing but the code."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import SignInCode, User
from appointments.models import Appointment, AppointmentEvent
from hotline.models import CallerChangeConsent, HotlineLookup
from tests.appointments.conftest import valid_id_number
from tests.factories import UserFactory

from .strategies import datetimes, hostile_scalar, params, values
from .support import (
    assert_no_server_error,
    assert_unchanged,
    book,
    examples,
    has_nul,
    has_undecodable,
    post_form,
    snapshot,
    table,
)

pytestmark = pytest.mark.django_db

starts = st.one_of(datetimes, hostile_scalar)
ACTIONS = ("cancel", "reschedule")


def active(world, resident) -> Appointment:
    found = resident.appointments.filter(status=Appointment.Status.BOOKED).first()
    return found or book(world, resident, hour=9)


def change_fields(world, data, *, consent: bool):
    fields = {
        "reason": values("The notary is ill.", "移到下午", ""),
        "start": values(*world.good_starts(), scalar=starts),
        "confirm": values("1", ""),
    }
    if consent:
        fields["consent"] = values("on", "off", "")
    return data.draw(params(**fields))


def assert_change_is_whole(before, response, appointment, *, consent_table: bool) -> None:
    """Either nothing was written, or the change with its event (and consent) and nothing else."""
    if has_nul(*response.wsgi_request.POST.values()) or response.status_code != 302:
        assert_unchanged(before, response, "a refused change")
        return
    after = snapshot()
    changes = before.changes(after)
    appointment.refresh_from_db()
    events = table(AppointmentEvent)
    assert changes.get(events, 0) >= 1, changes
    if consent_table:
        assert changes.get(table(CallerChangeConsent)) == 1, changes
    allowed = {events, table(CallerChangeConsent), "appointments_deliveredmessage"}
    assert set(changes) <= allowed | {table(Appointment)}, changes


@examples(40)
@given(data=st.data(), action=st.sampled_from(ACTIONS))
def test_the_offices_change_forms_survive_anything(client, world, resident, data, action):
    clerk = User.objects.filter(role=User.Role.OFFICE_STAFF).first() or UserFactory(
        role=User.Role.OFFICE_STAFF, office=world.office
    )
    client.force_login(clerk)
    appointment = active(world, resident)
    fields = change_fields(world, data, consent=False)
    before = snapshot()
    response = post_form(client, f"/staff/appointments/{appointment.reference}/{action}/", fields)
    assert_no_server_error(response)
    if has_nul(*fields.values()) or has_undecodable(*fields.values()):
        assert response.status_code == 400
        assert_unchanged(before, response, "a request with a NUL")
        return
    assert_change_is_whole(before, response, appointment, consent_table=False)


@examples(40)
@given(data=st.data(), action=st.sampled_from(ACTIONS))
def test_the_hotlines_change_forms_survive_anything(client, world, resident, data, action):
    operator = User.objects.filter(role=User.Role.HOTLINE_OPERATOR).first() or UserFactory(
        role=User.Role.HOTLINE_OPERATOR
    )
    client.force_login(operator)
    appointment = active(world, resident)
    HotlineLookup.objects.create(
        operator=operator, reference=appointment.reference, found=True, appointment=appointment
    )
    fields = change_fields(world, data, consent=True)
    before = snapshot()
    response = post_form(client, f"/hotline/appointments/{appointment.reference}/{action}/", fields)
    assert_no_server_error(response)
    if has_nul(*fields.values()) or has_undecodable(*fields.values()):
        assert response.status_code == 400
        assert_unchanged(before, response, "a request with a NUL")
        return
    assert_change_is_whole(before, response, appointment, consent_table=True)


@examples(40)
@given(data=st.data())
def test_the_code_sign_in_survives_anything(client, world, resident, data):
    EmailAddress.objects.get_or_create(
        user=resident, email=resident.email, defaults={"verified": True, "primary": True}
    )
    fields = data.draw(
        params(
            id_number=values(resident.id_number, valid_id_number(901)),
            phone=values(resident.phone, "13900139901"),
        )
    )
    before = snapshot()
    response = post_form(client, "/accounts/sms/", fields)
    assert_no_server_error(response)
    # The resident signs in by e-mail: no code is ever sent to them, whatever is typed.
    assert_unchanged(before, response, "asking for a code")
    code = data.draw(values("123456", "000000", " 1 2 3 4 5 6 "))
    response = post_form(client, "/accounts/sms/code/", {"code": code})
    assert_no_server_error(response)
    assert not SignInCode.objects.filter(used_at__isnull=False).exists()
    assert "_auth_user_id" not in client.session
