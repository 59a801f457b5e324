import datetime

import chinese_calendar
import pytest
from lunardate import LunarDate

from appointments.calendar import (
    DayKind,
    StatutoryCalendar,
    add_working_days,
    provisional_holidays,
    years_without_official_schedule,
)
from appointments.models import CalendarDay, HolidayScheduleYear
from appointments.templatetags import calendar_admin

pytestmark = pytest.mark.django_db

D = datetime.date


def day(iso: str):
    d = D.fromisoformat(iso)
    return StatutoryCalendar.for_range(start=d, end=d).day(d)


# --- Years the package covers ---------------------------------------------------------------------


def test_national_day_2026_is_a_named_holiday():
    info = day("2026-10-01")
    assert info.kind == DayKind.HOLIDAY
    assert not info.is_working_day
    assert (info.name_zh, info.name_en) == ("国庆节", "National Day")
    assert not info.provisional


@pytest.mark.parametrize("iso", ["2026-09-20", "2026-10-10", "2026-02-14", "2025-09-28"])
def test_adjusted_working_weekend_from_the_official_schedule_is_a_working_day(iso):
    # 2026-09-20 is a Sunday and 2026-10-10 a Saturday worked for National Day; 2026-02-14 a
    # Saturday worked for Spring Festival; 2025-09-28 a Sunday worked for National Day 2025.
    assert D.fromisoformat(iso).weekday() >= 5
    assert chinese_calendar.is_workday(D.fromisoformat(iso))
    info = day(iso)
    assert info.kind == DayKind.WORKDAY
    assert info.is_working_day
    assert info.adjusted
    assert not info.provisional


def test_weekday_given_off_in_lieu_is_a_holiday_not_an_adjusted_working_day():
    # The package's is_in_lieu() flags 2026-10-07, a Wednesday given off in exchange.
    info = day("2026-10-07")
    assert info.kind == DayKind.HOLIDAY
    assert not info.adjusted


def test_ordinary_saturday_is_a_weekend():
    info = day("2026-11-28")
    assert info.kind == DayKind.WEEKEND
    assert not info.is_working_day
    assert not info.adjusted


def test_ordinary_weekday_is_a_working_day():
    info = day("2026-11-24")
    assert info.kind == DayKind.WORKDAY
    assert not info.adjusted
    assert not info.provisional


# --- Years the package does not cover: the provisional rules --------------------------------------


def test_spring_festival_2027_runs_from_lunar_new_years_eve_for_four_days():
    lunar_new_year = LunarDate(2027, 1, 1).to_solar_date()
    assert lunar_new_year == D(2027, 2, 6)
    calendar = StatutoryCalendar.for_range(start=D(2027, 2, 4), end=D(2027, 2, 10))
    for iso in ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08"]:
        info = calendar.day(D.fromisoformat(iso))
        assert info.kind == DayKind.HOLIDAY, iso
        assert info.provisional
        assert info.name_en == "Spring Festival"
    # Lunar 1/4, a Tuesday: the statutory days are over and no bridging day can be guessed.
    assert calendar.day(D(2027, 2, 9)).kind == DayKind.WORKDAY


def test_national_day_2027_is_a_provisional_holiday():
    calendar = StatutoryCalendar.for_range(start=D(2027, 10, 1), end=D(2027, 10, 4))
    assert [calendar.day(D(2027, 10, n)).kind for n in (1, 2, 3, 4)] == [
        DayKind.HOLIDAY,
        DayKind.HOLIDAY,
        DayKind.HOLIDAY,
        DayKind.WORKDAY,
    ]
    assert calendar.day(D(2027, 10, 1)).provisional


def test_ordinary_tuesday_in_2027_is_a_provisional_working_day():
    info = day("2027-03-16")
    assert info.kind == DayKind.WORKDAY
    assert info.provisional
    assert not info.adjusted


def test_2027_is_not_treated_as_all_working_days():
    calendar = StatutoryCalendar.for_range(start=D(2027, 1, 1), end=D(2027, 12, 31))
    working = calendar.working_days()
    # 365 days, 104 Saturdays and Sundays, 13 statutory holidays of which 6 fall on a weekend.
    assert len(working) == 365 - 104 - 7
    assert D(2027, 1, 1) not in working
    assert D(2027, 2, 20) not in working


def test_provisional_holidays_of_2027():
    holidays = provisional_holidays(2027)
    assert sorted(holidays) == [
        D(2027, 1, 1),
        D(2027, 2, 5),
        D(2027, 2, 6),
        D(2027, 2, 7),
        D(2027, 2, 8),
        D(2027, 4, 5),
        D(2027, 5, 1),
        D(2027, 5, 2),
        D(2027, 6, 9),
        D(2027, 9, 15),
        D(2027, 10, 1),
        D(2027, 10, 2),
        D(2027, 10, 3),
    ]
    assert holidays[D(2027, 4, 5)] == ("清明节", "Qingming Festival")
    assert holidays[D(2027, 9, 15)] == ("中秋节", "Mid-Autumn Festival")


@pytest.mark.parametrize("year", [2025, 2026])
def test_provisional_holidays_are_holidays_in_the_official_schedules(year):
    # The rules must reproduce the statutory core of every schedule the State Council published
    # under them; the official schedules only add bridging days around it.
    for holiday in provisional_holidays(year):
        assert chinese_calendar.get_holiday_detail(holiday)[0], holiday


# --- Admin overrides ------------------------------------------------------------------------------


def test_calendar_day_override_wins_over_the_package():
    CalendarDay.objects.create(
        date=D(2026, 11, 24), is_working_day=False, name_zh="临时闭馆", name_en="Closure"
    )
    info = day("2026-11-24")
    assert info.kind == DayKind.HOLIDAY
    assert (info.name_zh, info.name_en) == ("临时闭馆", "Closure")


def test_calendar_day_override_wins_over_the_provisional_rules():
    CalendarDay.objects.create(
        date=D(2027, 2, 20), is_working_day=True, name_zh="春节", name_en="Spring Festival"
    )
    info = day("2027-02-20")
    assert info.kind == DayKind.WORKDAY
    assert info.adjusted
    assert not info.provisional


def test_day_outside_the_loaded_range_is_refused():
    calendar = StatutoryCalendar.for_range(start=D(2026, 11, 1), end=D(2026, 11, 30))
    with pytest.raises(ValueError, match="outside"):
        calendar.day(D(2026, 12, 1))


# --- Deadlines in working days --------------------------------------------------------------------


def test_five_working_days_from_a_friday_is_the_next_friday():
    assert add_working_days(start=D(2026, 11, 20), days=5) == D(2026, 11, 27)


def test_working_days_skip_national_day_and_count_its_adjusted_saturday():
    # 10-01..07 closed; 10-08, 10-09, 10-10 (Saturday, worked), 10-12, 10-13.
    assert add_working_days(start=D(2026, 9, 30), days=5) == D(2026, 10, 13)


def test_working_days_count_an_adjusted_sunday():
    assert add_working_days(start=D(2026, 9, 18), days=1) == D(2026, 9, 20)


def test_working_days_count_the_adjusted_saturday_before_spring_festival():
    # 02-13 (Friday), 02-14 (Saturday, worked), then closed 02-15..23.
    assert add_working_days(start=D(2026, 2, 12), days=3) == D(2026, 2, 24)


def test_working_days_follow_an_override():
    CalendarDay.objects.create(date=D(2026, 11, 27), is_working_day=False)
    assert add_working_days(start=D(2026, 11, 20), days=5) == D(2026, 11, 30)


def test_working_days_cross_into_a_provisional_year():
    # 2026-12-31 (Thursday) + 1: 2027-01-01 is New Year's Day, then a weekend.
    assert add_working_days(start=D(2026, 12, 31), days=1) == D(2027, 1, 4)


@pytest.mark.parametrize("days", [5, 300])
def test_add_working_days_costs_a_bounded_number_of_queries(days, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        add_working_days(start=D(2026, 9, 30), days=days)


@pytest.mark.parametrize("length", [14, 400])
def test_loading_the_calendar_costs_one_query(length, django_assert_num_queries):
    CalendarDay.objects.create(date=D(2026, 12, 5), is_working_day=True)
    start = D(2026, 11, 23)
    with django_assert_num_queries(1):
        calendar = StatutoryCalendar.for_range(start=start, end=start + datetime.timedelta(length))
        calendar.working_days()
        calendar.day(D(2026, 12, 5))


# --- Warning admins -------------------------------------------------------------------------------


def test_2027_needs_its_official_schedule_until_recorded():
    today = D(2026, 11, 23)
    assert years_without_official_schedule(today=today, horizon_days=60) == [2027]
    HolidayScheduleYear.objects.create(year=2027)
    assert years_without_official_schedule(today=today, horizon_days=60) == []


def test_no_warning_while_the_horizon_stays_in_covered_years():
    assert years_without_official_schedule(today=D(2026, 6, 1), horizon_days=60) == []


def test_looking_up_years_without_schedule_costs_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        years_without_official_schedule(today=D(2026, 11, 23), horizon_days=800)


@pytest.fixture
def today_is_2026_11_23(monkeypatch):
    monkeypatch.setattr(
        calendar_admin.timezone, "localdate", lambda *args, **kwargs: D(2026, 11, 23)
    )


def test_admin_index_warns_about_2027_until_recorded(admin_client, today_is_2026_11_23):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = admin_client.get("/admin/").content.decode()
    assert 'class="calendar-warning"' in page
    assert "The official holiday schedule for 2027 has not been entered yet." in page
    assert "/admin/appointments/calendarday/?date__year=2027" in page
    assert "/admin/appointments/holidayscheduleyear/add/?year=2027" in page

    HolidayScheduleYear.objects.create(year=2027)
    page = admin_client.get("/admin/").content.decode()
    assert "calendar-warning" not in page


def test_admin_login_page_shows_no_calendar_warning(client, today_is_2026_11_23):
    page = client.get("/admin/login/").content.decode()
    assert "calendar-warning" not in page


def test_admin_lists_calendar_days_of_a_year_with_their_weekday(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    CalendarDay.objects.create(date=D(2027, 2, 20), is_working_day=True, name_zh="春节")
    CalendarDay.objects.create(date=D(2026, 10, 1), is_working_day=False, name_zh="国庆节")
    page = admin_client.get("/admin/appointments/calendarday/?date__year=2027").content.decode()
    assert "春节" in page
    assert "Saturday" in page
    assert "国庆节" not in page
