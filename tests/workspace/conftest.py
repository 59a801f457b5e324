import datetime as dt
import html
import re
from dataclasses import dataclass

import pytest

from accounts.models import User
from appointments.models import Appointment
from appointments.services import appointment_book
from tests.appointments.conftest import at, give_week, make_bookable, make_resident
from tests.factories import NotaryFactory, OfficeFactory, UserFactory


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@dataclass
class World:
    """Office A ("central", three notaries) and office B ("east", one), a bookable matter at both,
    residents, and one user of every role."""

    bookable: object
    office_b: object
    notary_b: object
    resident: User
    other_resident: User
    staff_a: User
    staff_b: User
    admin: User
    hotline: User

    @property
    def office(self):
        return self.bookable.office

    @property
    def matter(self):
        return self.bookable.matter

    @property
    def notaries(self):
        return self.bookable.notaries

    @property
    def day(self) -> dt.date:
        return self.bookable.day

    def book(
        self, resident=None, *, hour=9, minute=0, day=None, office=None, language="en"
    ) -> Appointment:
        return appointment_book(
            resident=resident or self.resident,
            matter=self.matter,
            office=office or self.office,
            starts_at=at(day or self.day, hour, minute),
            language=language,
        )


@pytest.fixture
def world(db) -> World:
    bookable = make_bookable(notaries=3)
    office_b = OfficeFactory(slug="east", matters=[bookable.matter])
    notary_b = NotaryFactory(office=office_b, matters=[bookable.matter])
    give_week(notary_b)
    return World(
        bookable=bookable,
        office_b=office_b,
        notary_b=notary_b,
        resident=make_resident(email="resident@example.com"),
        other_resident=make_resident(email="other@example.com"),
        staff_a=UserFactory(role=User.Role.OFFICE_STAFF, office=bookable.office),
        staff_b=UserFactory(role=User.Role.OFFICE_STAFF, office=office_b),
        admin=UserFactory(role=User.Role.BUREAU_ADMIN),
        hotline=UserFactory(role=User.Role.HOTLINE_OPERATOR),
    )


@pytest.fixture
def as_staff_a(english, world):
    english.force_login(world.staff_a)
    return english
