"""The pages that show availability render their big tables once per distinct content
(portal/fragments.py): what a resident sees still changes at once with every write."""

from __future__ import annotations

import pytest
from django.utils import dateformat, translation

from appointments.availability import office_next_slots
from appointments.services import appointment_book
from tests.appointments.conftest import make_resident

pytestmark = pytest.mark.django_db


def shown(moment) -> str:
    with translation.override("en"):
        return dateformat.format(moment, "m-d (D) H:i")


def next_time(bookable):
    return office_next_slots(office=bookable.office, matters=[bookable.matter])[
        bookable.matter.pk
    ].starts_at


def test_the_office_page_shows_the_next_free_time_after_a_booking(english, bookable):
    first = next_time(bookable)
    page = english.get(f"/offices/{bookable.office.slug}/").content.decode()
    assert shown(first) in page
    appointment_book(
        resident=make_resident(email="fragment@example.com"),
        matter=bookable.matter,
        office=bookable.office,
        starts_at=first,
    )
    after = english.get(f"/offices/{bookable.office.slug}/").content.decode()
    assert shown(first) not in after
    assert shown(next_time(bookable)) in after


def test_the_office_page_shows_a_renamed_matter_at_once(english, bookable):
    page = english.get(f"/offices/{bookable.office.slug}/").content.decode()
    assert bookable.matter.name_en in page
    bookable.matter.name_en = "Testament, renamed"
    bookable.matter.save()
    after = english.get(f"/offices/{bookable.office.slug}/").content.decode()
    assert "Testament, renamed" in after


def test_the_office_page_is_in_the_readers_language(client, bookable):
    url = f"/offices/{bookable.office.slug}/"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Next free time" in english
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert "最近可预约时间" in chinese
    # The table rendered for the English page is not served to the Chinese one.
    assert bookable.matter.name_en in english
    assert bookable.matter.name_zh in chinese and bookable.matter.name_en not in chinese
