"""Hostile forms on the waitlist pages: never a server error; a refused join writes nothing, an
accepted one writes one entry; an offer answered with anything but accept or decline changes
nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waitlist.models import WaitlistEntry, WaitlistOffer

from .strategies import dates, hostile_scalar, params, values
from .support import (
    assert_no_server_error,
    assert_unchanged,
    examples,
    has_nul,
    has_undecodable,
    post_form,
    snapshot,
    table,
)

pytestmark = pytest.mark.django_db

days = st.one_of(dates, hostile_scalar)


@examples(50)
@given(data=st.data())
def test_joining_survives_anything(signed_in, world, data):
    WaitlistEntry.objects.all().delete()
    day = world.day.isoformat()
    fields = data.draw(
        params(
            office=values(world.office.slug, "", "no-such-office"),
            date_from=values(day, scalar=days),
            date_to=values(day, scalar=days),
            part_of_day=values("any", "morning", "afternoon"),
            green=values("", "pregnant", "elderly", "disabled"),
        )
    )
    before = snapshot()
    response = post_form(signed_in, f"/waitlist/join/{world.matter.code}/", fields)
    assert_no_server_error(response)
    if (
        response.status_code != 302
        or has_nul(*fields.values())
        or has_undecodable(*fields.values())
    ):
        assert_unchanged(before, response, "a refused join")
        return
    changes = before.changes(snapshot())
    assert changes == {table(WaitlistEntry): 1}, changes
    entry = WaitlistEntry.objects.get()
    assert entry.green_channel in ("", "pregnant", "disabled")  # "elderly" is never declared


@examples(30)
@given(answer=values("accept", "decline"), token=values("x", scalar=hostile_scalar))
def test_an_offer_page_survives_anything(signed_in, world, answer, token):
    before = snapshot()
    response = post_form(signed_in, f"/waitlist/offers/{token or 'x'}/", {"answer": answer})
    assert_no_server_error(response)
    assert_unchanged(before, response, "an answer to no offer of the resident's")
    assert not WaitlistOffer.objects.exists()
