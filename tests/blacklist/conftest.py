import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.models import User
from appointments.services import appointment_book
from blacklist.services import blacklist_entry_create
from tests.appointments.conftest import (
    at,
    give_week,
    make_bookable,
    make_resident,
    valid_id_number,
)
from tests.factories import NotaryFactory, OfficeFactory, UserFactory


@dataclass
class World:
    """Two offices handling one bookable matter, a resident, and one user of every other role."""

    bookable: object
    office_b: object
    resident: User
    clerk: User
    operator: User
    admin: User

    @property
    def matter(self):
        return self.bookable.matter

    @property
    def office(self):
        return self.bookable.office

    def book(self, resident=None, *, office=None, hour: int = 9, channel: str = "web", actor=None):
        return appointment_book(
            resident=resident or self.resident,
            matter=self.matter,
            office=office or self.office,
            starts_at=at(self.bookable.day, hour),
            language="en",
            channel=channel,
            actor=actor,
        )

    def blacklist(self, resident=None, *, starts_on=None, ends_on=None, office=None, **kwargs):
        return blacklist_entry_create(
            id_number=(resident or self.resident).id_number,
            name=kwargs.pop("name", "测试居民"),
            reason=kwargs.pop("reason", "Forged a property certificate (decision 2025-17)."),
            office=office or self.office_b,
            starts_on=starts_on or timezone.localdate(),
            ends_on=ends_on,
            by=self.admin,
        )


def make_world() -> World:
    bookable = make_bookable(notaries=2)
    office_b = OfficeFactory(slug="east", matters=[bookable.matter])
    # The second office has its own notary, so a booking there is possible too.
    give_week(NotaryFactory(office=office_b, matters=[bookable.matter]))
    return World(
        bookable=bookable,
        office_b=office_b,
        resident=make_resident(email="resident@example.com"),
        clerk=UserFactory(role=User.Role.OFFICE_STAFF, office=bookable.office),
        operator=UserFactory(role=User.Role.HOTLINE_OPERATOR),
        admin=UserFactory(role=User.Role.BUREAU_ADMIN),
    )


@pytest.fixture
def world(db) -> World:
    return make_world()


def yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


def tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


__all__ = ["World", "at", "make_world", "tomorrow", "valid_id_number", "yesterday"]
