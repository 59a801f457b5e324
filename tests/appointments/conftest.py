import datetime as dt
import itertools
from dataclasses import dataclass

import pytest
from django.utils import timezone
from stdnum.cn import ric

from accounts.services import resident_profile_update
from appointments import availability_cache
from appointments.models import WorkingPeriod
from tests.dates import next_plain_workday
from tests.factories import MatterFactory, NotaryFactory, OfficeFactory, UserFactory

TZ = timezone.get_default_timezone()


def valid_id_number(sequence: int, birth: str = "19800101") -> str:
    """A syntactically valid, invented identity number (region 110105, Chaoyang)."""
    body = f"110105{birth}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum ignores the last digit


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def give_week(notary, periods=((dt.time(9), dt.time(12)), (dt.time(13, 30), dt.time(17)))):
    """Monday to Friday, in one INSERT (the suite builds thousands of these); the office's
    availability version is bumped once, as the per-row signal would."""
    WorkingPeriod.objects.bulk_create(
        WorkingPeriod(notary=notary, weekday=weekday, starts=starts, ends=ends)
        for weekday in range(5)
        for starts, ends in periods
    )
    availability_cache.bump_office(notary.office_id)


@dataclass
class Bookable:
    matter: object
    office: object
    notaries: list
    day: dt.date

    @property
    def notary(self):
        return self.notaries[0]


@pytest.fixture
def workday(db):
    return next_plain_workday()


def make_bookable(*, notaries: int = 1, minutes: int = 30, day=None) -> Bookable:
    matter = MatterFactory(code="will", appointment_minutes=minutes, materials=2)
    office = OfficeFactory(slug="central", matters=[matter])
    staff = []
    for _ in range(notaries):
        notary = NotaryFactory(office=office, matters=[matter])
        give_week(notary)
        staff.append(notary)
    return Bookable(matter, office, staff, day or next_plain_workday())


@pytest.fixture
def bookable(db):
    return make_bookable(notaries=1)


@pytest.fixture
def bookable_two(db):
    return make_bookable(notaries=2)


_sequence = itertools.count()


def make_resident(**kwargs):
    """A resident with a complete profile and an identity number no other test resident has."""
    n = next(_sequence)
    birth = dt.date(1980, 1, 1) + dt.timedelta(days=n // 900)
    user = UserFactory(**kwargs)
    return resident_profile_update(
        user=user,
        real_name="测试居民",
        phone="13800138000",
        id_number=valid_id_number(100 + n % 900, birth=f"{birth:%Y%m%d}"),
    )


@pytest.fixture
def resident(db):
    return make_resident(email="resident@example.com")


@pytest.fixture
def other_resident(db):
    return make_resident(email="other@example.com")
