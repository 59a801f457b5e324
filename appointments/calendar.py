"""The working-day calendar: which dates the notary offices are open.

Three sources, in order of precedence for any one date:

1. A ``CalendarDay`` row: an admin's word, e.g. the State Council's schedule for a year the package
   does not cover yet, or a one-off correction.
2. The ``chinesecalendar`` package, for the years whose official schedule it ships (holidays
   and the adjusted working weekends, 调休上班).
3. The provisional rules, for the years it does not cover: the statutory public holidays fixed by
   the national rules are closed, Saturdays and Sundays are weekends, every other day is a working
   day. The adjusted working weekends cannot be guessed, so there are none; admins are warned
   (``years_without_official_schedule``) until they enter the official schedule.

Dates are local dates in Asia/Shanghai (``timezone.localdate()``), never UTC dates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache

import chinese_calendar
from django.db import models
from django.utils.translation import gettext_lazy as _
from lunardate import LunarDate

from .models import CalendarDay, HolidayScheduleYear

_ONE_DAY = datetime.timedelta(days=1)
_SATURDAY = 5

# add_working_days loads the calendar this many days at a time: long enough that a deadline of a
# few working days across Spring Festival or National Day needs one query, short enough to be cheap.
_CHUNK_DAYS = 60


class DayKind(models.TextChoices):
    WORKDAY = "workday", _("Working day")
    WEEKEND = "weekend", _("Weekend")
    HOLIDAY = "holiday", _("Public holiday")


@dataclass(frozen=True)
class DayInfo:
    date: datetime.date
    kind: DayKind
    name_zh: str = ""
    name_en: str = ""
    # A Saturday or Sunday that is a working day (调休上班).
    adjusted: bool = False
    # Decided by the provisional rules: the year's official schedule is not known yet.
    provisional: bool = False

    @property
    def is_working_day(self) -> bool:
        return self.kind == DayKind.WORKDAY


# --- The provisional rules ------------------------------------------------------------------------

_NEW_YEAR = ("元旦", "New Year's Day")
_SPRING_FESTIVAL = ("春节", "Spring Festival")
_QINGMING = ("清明节", "Qingming Festival")
_LABOUR_DAY = ("劳动节", "Labour Day")
_DRAGON_BOAT = ("端午节", "Dragon Boat Festival")
_MID_AUTUMN = ("中秋节", "Mid-Autumn Festival")
_NATIONAL_DAY = ("国庆节", "National Day")

# The package names its holidays in English; show the same names whichever source decided a day.
_PACKAGE_NAMES = {
    chinese_calendar.Holiday.new_years_day.value: _NEW_YEAR,
    chinese_calendar.Holiday.spring_festival.value: _SPRING_FESTIVAL,
    chinese_calendar.Holiday.tomb_sweeping_day.value: _QINGMING,
    chinese_calendar.Holiday.labour_day.value: _LABOUR_DAY,
    chinese_calendar.Holiday.dragon_boat_festival.value: _DRAGON_BOAT,
    chinese_calendar.Holiday.mid_autumn_festival.value: _MID_AUTUMN,
    chinese_calendar.Holiday.national_day.value: _NATIONAL_DAY,
}


def provisional_holidays(year: int) -> dict[datetime.date, tuple[str, str]]:
    """The statutory public holidays of ``year`` as fixed by 全国年节及纪念日放假办法 (as amended
    with effect from 1 January 2025), mapped to their (Chinese, English) names.

    Only the statutory days themselves: the State Council's yearly schedule adds bridging days
    and adjusted working weekends that no rule can predict.
    """
    return dict(_provisional_holidays(year))


@cache
def _provisional_holidays(year: int) -> dict[datetime.date, tuple[str, str]]:
    def lunar(month: int, day: int) -> datetime.date:
        # The festivals fall in the ordinary lunar month, never its leap repetition.
        return LunarDate(year, month, day).to_solar_date()

    lunar_new_year = lunar(1, 1)
    # Since 2025 the lunar New Year's Eve (除夕) is itself a statutory holiday.
    spring_festival = [lunar_new_year + offset * _ONE_DAY for offset in range(-1, 3)]
    holidays: dict[datetime.date, tuple[str, str]] = {
        datetime.date(year, 1, 1): _NEW_YEAR,
        **dict.fromkeys(spring_festival, _SPRING_FESTIVAL),
        _qingming(year): _QINGMING,
        datetime.date(year, 5, 1): _LABOUR_DAY,
        datetime.date(year, 5, 2): _LABOUR_DAY,
        lunar(5, 5): _DRAGON_BOAT,
        lunar(8, 15): _MID_AUTUMN,
        datetime.date(year, 10, 1): _NATIONAL_DAY,
        datetime.date(year, 10, 2): _NATIONAL_DAY,
        datetime.date(year, 10, 3): _NATIONAL_DAY,
    }
    return dict(sorted(holidays.items()))


def _qingming(year: int) -> datetime.date:
    # Qingming is the day of the solar term, 4 or 5 April (rarely the 6th), not a fixed date.
    terms = chinese_calendar.get_solar_terms(datetime.date(year, 4, 1), datetime.date(year, 4, 30))
    return next(day for day, name in terms if name == "清明")


# --- The package ----------------------------------------------------------------------------------


@cache
def package_covers(year: int) -> bool:
    """Whether the package ships the official schedule of ``year``.

    Asked of the package itself rather than a hard-coded range, so upgrading it to a release with
    the next year's schedule is all it takes.
    """
    try:
        chinese_calendar.get_holiday_detail(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _package_day(day: datetime.date) -> DayInfo:
    is_holiday, name = chinese_calendar.get_holiday_detail(day)
    name_zh, name_en = _package_name(name)
    is_weekend = day.weekday() >= _SATURDAY
    if is_holiday:
        if name is None:
            return DayInfo(date=day, kind=DayKind.WEEKEND)
        return DayInfo(date=day, kind=DayKind.HOLIDAY, name_zh=name_zh, name_en=name_en)
    # Not chinese_calendar.is_in_lieu(): that flags the weekdays *given off* in exchange (e.g.
    # 2026-10-07), not the weekends worked. An adjusted working day is a Saturday or Sunday the
    # package lists as a working day; it carries the name of the holiday it pays for.
    if is_weekend:
        return DayInfo(
            date=day, kind=DayKind.WORKDAY, name_zh=name_zh, name_en=name_en, adjusted=True
        )
    return DayInfo(date=day, kind=DayKind.WORKDAY)


def _package_name(name: str | None) -> tuple[str, str]:
    if name is None:
        return "", ""
    if name in _PACKAGE_NAMES:
        return _PACKAGE_NAMES[name]
    # A one-off holiday (e.g. the 2015 Victory Day): the package has its Chinese name too.
    try:
        return chinese_calendar.Holiday(name).chinese, name
    except ValueError:
        return name, name


# --- The calendar ---------------------------------------------------------------------------------


class StatutoryCalendar:
    """The working-day calendar for a range of dates, loaded with one query.

    Build it for the whole range a page or a computation needs, then ask it about single days.
    """

    def __init__(
        self,
        *,
        start: datetime.date,
        end: datetime.date,
        overrides: dict[datetime.date, CalendarDay],
    ) -> None:
        self.start = start
        self.end = end
        self._overrides = overrides

    @classmethod
    def for_range(cls, *, start: datetime.date, end: datetime.date) -> StatutoryCalendar:
        if end < start:
            raise ValueError(f"The range ends ({end}) before it starts ({start}).")
        overrides = {row.date: row for row in CalendarDay.objects.filter(date__range=(start, end))}
        return cls(start=start, end=end, overrides=overrides)

    def day(self, d: datetime.date) -> DayInfo:
        if not self.start <= d <= self.end:
            raise ValueError(f"{d} is outside the loaded range {self.start}–{self.end}.")
        override = self._overrides.get(d)
        if override is not None:
            return _override_day(override)
        if package_covers(d.year):
            return _package_day(d)
        return _provisional_day(d)

    def is_working_day(self, d: datetime.date) -> bool:
        return self.day(d).is_working_day

    def days(self) -> list[DayInfo]:
        count = (self.end - self.start).days + 1
        return [self.day(self.start + offset * _ONE_DAY) for offset in range(count)]

    def working_days(self) -> list[datetime.date]:
        return [info.date for info in self.days() if info.is_working_day]


def _override_day(row: CalendarDay) -> DayInfo:
    if row.is_working_day:
        return DayInfo(
            date=row.date,
            kind=DayKind.WORKDAY,
            name_zh=row.name_zh,
            name_en=row.name_en,
            adjusted=row.date.weekday() >= _SATURDAY,
        )
    return DayInfo(date=row.date, kind=DayKind.HOLIDAY, name_zh=row.name_zh, name_en=row.name_en)


def _provisional_day(day: datetime.date) -> DayInfo:
    # Every day of an uncovered year is provisional, weekends included: the official schedule
    # may yet turn a Saturday into a working day.
    names = _provisional_holidays(day.year).get(day)
    if names is not None:
        return DayInfo(
            date=day, kind=DayKind.HOLIDAY, name_zh=names[0], name_en=names[1], provisional=True
        )
    if day.weekday() >= _SATURDAY:
        return DayInfo(date=day, kind=DayKind.WEEKEND, provisional=True)
    return DayInfo(date=day, kind=DayKind.WORKDAY, provisional=True)


def add_working_days(*, start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start`` (not counting ``start`` itself): the due date
    of a case accepted on ``start`` with a time limit of ``days`` working days (工作日)."""
    if days < 1:
        raise ValueError("days must be at least 1.")
    # Even a calendar with every weekend and holiday closed has far more working days than this;
    # running past it means the overrides closed (nearly) everything, which must not hang a request.
    give_up_after = start + (days * 7 + 366) * _ONE_DAY
    chunk = max(_CHUNK_DAYS, 2 * days) * _ONE_DAY
    remaining = days
    chunk_start = start + _ONE_DAY
    while chunk_start <= give_up_after:
        calendar = StatutoryCalendar.for_range(
            start=chunk_start, end=chunk_start + chunk - _ONE_DAY
        )
        for day in calendar.working_days():
            remaining -= 1
            if remaining == 0:
                return day
        chunk_start += chunk
    raise ValueError(f"No {days} working days found after {start}: check the calendar days.")


def years_without_official_schedule(*, today: datetime.date, horizon_days: int) -> list[int]:
    """The years within the booking horizon that run on provisional holidays: the package does not
    cover them and nobody has recorded entering the State Council's schedule for them."""
    last = today + horizon_days * _ONE_DAY
    uncovered = [year for year in range(today.year, last.year + 1) if not package_covers(year)]
    if not uncovered:
        return []
    entered = set(
        HolidayScheduleYear.objects.filter(year__in=uncovered).values_list("year", flat=True)
    )
    return [year for year in uncovered if year not in entered]
