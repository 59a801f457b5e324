import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts.models import User
from appointments.models import Appointment
from appointments.references import ALPHABET
from tests.appointments.conftest import make_bookable, make_resident
from tests.factories import MatterFactory, NotaryFactory, OfficeFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")

_codes = itertools.product(ALPHABET, repeat=4)


def beijing(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def past_appointment(
    *,
    notary,
    resident,
    starts_at: dt.datetime,
    status: str = Appointment.Status.COMPLETED,
    matter=None,
) -> Appointment:
    """An appointment in the past, in its final state.

    Written directly: the booking service refuses times in the past, and no service marks a visit
    completed yet. Only the rows the supervision code reads are filled in."""
    code = "".join(next(_codes))
    return Appointment.objects.create(
        reference=f"{starts_at:%Y%m%d}-{code}",
        resident=resident,
        matter=matter or notary.matters.first(),
        office=notary.office,
        notary=notary,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=30),
        status=status,
        cancelled_at=starts_at if status == Appointment.Status.CANCELLED else None,
        applicant_name=resident.real_name or "测试居民",
        applicant_phone=resident.phone or "13800138000",
        fee_quote=Decimal("200.00"),
        fee_gross=Decimal("200.00"),
        language="en",
    )


@dataclass
class People:
    """Two offices (A can be booked for real) and one user of every role."""

    bookable: object
    office_b: object
    notary_b: object
    matter_plain: object
    resident: User
    other_resident: User
    clerk_a: User
    clerk_b: User
    operator: User
    admin: User

    @property
    def office_a(self):
        return self.bookable.office

    @property
    def notary_a(self):
        return self.bookable.notary

    @property
    def matter(self):
        return self.bookable.matter

    def by_role(self, role: str):
        return {
            "anonymous": None,
            "resident": self.resident,
            "clerk_a": self.clerk_a,
            "clerk_b": self.clerk_b,
            "operator": self.operator,
            "admin": self.admin,
        }[role]


@pytest.fixture
def people(db) -> People:
    bookable = make_bookable(notaries=1)
    # Not run at most once, so the statistics have something to compare the share with.
    matter_plain = MatterFactory(code="contract", run_at_most_once=False, materials=0)
    bookable.office.matters.add(matter_plain)
    bookable.notary.matters.add(matter_plain)
    office_b = OfficeFactory(slug="east", matters=[bookable.matter, matter_plain])
    notary_b = NotaryFactory(office=office_b, matters=[bookable.matter, matter_plain])
    return People(
        bookable=bookable,
        office_b=office_b,
        notary_b=notary_b,
        matter_plain=matter_plain,
        resident=make_resident(email="resident@example.com"),
        other_resident=make_resident(email="other@example.com"),
        clerk_a=UserFactory(role=User.Role.OFFICE_STAFF, office=bookable.office),
        clerk_b=UserFactory(role=User.Role.OFFICE_STAFF, office=office_b),
        operator=UserFactory(role=User.Role.HOTLINE_OPERATOR),
        admin=UserFactory(role=User.Role.BUREAU_ADMIN),
    )


def last_year() -> int:
    return timezone.localdate(timezone=SHANGHAI).year - 1
