"""Dates the way readers expect them: "12月4日 周五 09:30" on Chinese pages, ISO in the API."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from appointments.services import appointment_book
from portal.dates import when_text
from tests.appointments.conftest import at, make_bookable, make_resident

TZ = timezone.get_default_timezone()


@pytest.mark.parametrize(
    ("language", "this_year", "another_year", "day_only"),
    [
        ("zh-hans", "12月4日 周五 09:30", "2026年12月4日 周五 09:30", "12月4日 周五"),
        ("en", "Fri 4 Dec 09:30", "Fri 4 Dec 2026 09:30", "Fri 4 Dec"),
    ],
)
def test_when_reads_the_way_each_language_writes_dates(language, this_year, another_year, day_only):
    moment = dt.datetime(2026, 12, 4, 1, 30, tzinfo=dt.UTC)  # 09:30 in the city
    with translation.override(language):
        assert when_text(moment, today=dt.date(2026, 1, 1)) == this_year
        assert when_text(moment, today=dt.date(2027, 3, 1)) == another_year
        assert when_text(moment.date(), today=dt.date(2026, 1, 1)) == day_only


@pytest.mark.django_db
def test_my_appointments_show_chinese_dates_and_the_api_iso(client):
    bookable = make_bookable()
    resident = make_resident(email="dates@example.com")
    starts = at(bookable.day, 9)
    appointment_book(
        resident=resident, matter=bookable.matter, office=bookable.office, starts_at=starts
    )
    client.force_login(resident)
    page = client.get("/appointments/").content.decode()
    weekday = "一二三四五六日"[bookable.day.weekday()]
    expected = f"{bookable.day.month}月{bookable.day.day}日 周{weekday} 09:00"
    if bookable.day.year != timezone.localdate().year:
        expected = f"{bookable.day.year}年{expected}"
    assert expected in page
    api = client.get(
        "/api/v1/availability", {"matter": bookable.matter.code, "date": bookable.day.isoformat()}
    ).json()
    assert api["date"] == bookable.day.isoformat()
    assert api["slots"][0]["start"].startswith(f"{bookable.day.isoformat()}T")
    assert api["slots"][0]["start"].endswith("+08:00")
