"""The pages that show availability render their big tables once per distinct content
(portal/fragments.py): what a resident sees still changes at once with every write."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import dateformat, translation

from appointments.availability import office_next_slots
from appointments.services import appointment_book
from appointments.views import OFFICE_PAGE_DAYS
from tests.appointments.conftest import make_resident

pytestmark = pytest.mark.django_db


def shown(moment) -> str:
    with translation.override("en"):
        return dateformat.format(moment, "m-d (D) H:i")


def next_time(bookable):
    return office_next_slots(
        office=bookable.office, matters=[bookable.matter], days=OFFICE_PAGE_DAYS
    )[bookable.matter.pk].starts_at


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


def test_the_time_step_sends_one_days_times_alone_for_the_script(english, bookable):
    url = f"/book/{bookable.matter.code}/{bookable.office.slug}/?date={bookable.day.isoformat()}"
    page = english.get(url)
    partial = english.get(url, HTTP_X_PORTAL_PARTIAL="time-picker")
    assert page.status_code == partial.status_code == 200
    full, alone = page.content.decode(), partial.content.decode()
    # Without JavaScript the day links load the whole page; the script asks for the picker alone.
    assert "<html" in full and "data-time-picker" in full and 'class="btn' in full
    assert "<html" not in alone and "Choose a day" in alone
    assert alone.count('name="start"') == full.count('name="start"') > 0
    assert "X-Portal-Partial" in partial["Vary"] and "X-Portal-Partial" in page["Vary"]


def chosen_mark(page: str) -> int:
    """The count of free times the day list shows on the chosen day."""
    return int(re.search(r'aria-current="date">[^<]*<br><small>(\d+) times?<', page).group(1))


def test_the_day_list_and_the_times_follow_a_booking(english, bookable):
    url = f"/book/{bookable.matter.code}/{bookable.office.slug}/?date={bookable.day.isoformat()}"
    page = english.get(url).content.decode()
    starts = re.findall(r'name="start" id="slot-\d+" value="([^"]+)"', page)
    assert starts and chosen_mark(page) == len(starts)  # the day's mark counts its times
    appointment_book(
        resident=make_resident(email="daylist@example.com"),
        matter=bookable.matter,
        office=bookable.office,
        starts_at=dt.datetime.fromisoformat(starts[0]),
    )
    after = english.get(url).content.decode()
    left = re.findall(r'name="start" id="slot-\d+" value="([^"]+)"', after)
    assert left == starts[1:]
    assert chosen_mark(after) == len(left)
