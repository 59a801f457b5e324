"""Shared by the portal-wide tests: one concrete path for every URL pattern, and a small world
with an appointment and one signed-in user of each role."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from accounts.models import User
from appointments.models import Appointment
from appointments.services import appointment_book
from hotline.models import CallerConsent
from hotline.services import hotline_booking_create
from tests.appointments.conftest import at, make_bookable, make_resident, valid_id_number
from tests.factories import UserFactory

# By converter, for parameters no sample names.
_CONVERTER_DEFAULTS = {"int": "1", "slug": "x", "str": "x", "path": "x", "uuid": "0" * 32}
_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
# A named group, or an unnamed one (the history pages of django-simple-history use those).
_REGEX_GROUP = re.compile(r"\((?:\?P<(?P<name>\w+)>)?(?P<inner>[^()?][^()]*)\)")


def _fill_route(route: str, samples: Mapping[str, str]) -> str:
    def one(match: re.Match) -> str:
        name, converter = match["name"], match["converter"] or "str"
        return samples.get(name, _CONVERTER_DEFAULTS[converter])

    return _ROUTE_PARAMETER.sub(one, route)


def _fill_regex(regex: str, samples: Mapping[str, str]) -> str:
    def one(match: re.Match) -> str:
        inner = match["inner"]
        candidates = [samples.get(match["name"] or "", ""), inner.split("|")[0], "1", "x"]
        return next(c for c in candidates if c and re.fullmatch(inner, c))

    filled = _REGEX_GROUP.sub(one, regex.removeprefix("^").removesuffix("$"))
    return re.sub(r"\\(.)", r"\1", filled)


def every_path(samples: Mapping[str, str], *, admin: bool = True) -> list[str]:
    """One concrete path per URL pattern of the portal (the admin's too, unless told not to),
    its parameters filled from `samples` by name, or a placeholder of the converter's shape."""
    paths: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            pattern = entry.pattern
            if isinstance(pattern, RoutePattern):
                piece = _fill_route(str(pattern), samples)
            elif isinstance(pattern, RegexPattern):
                piece = _fill_regex(str(pattern), samples)
            else:  # no locale prefixes in this project; fail loudly if one appears
                raise AssertionError(f"unexpected pattern {pattern!r}")
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + piece)
            elif isinstance(entry, URLPattern):
                paths.append(prefix + piece)

    walk(get_resolver().url_patterns, "/")
    if not admin:
        paths = [path for path in paths if not path.startswith("/admin/")]
    return sorted(set(paths))


@dataclass
class World:
    """One office with a bookable run-at-most-once matter, a resident's web booking, a caller's
    hotline booking, and one user of every signed-in role."""

    bookable: object
    appointment: Appointment
    hotline_record: CallerConsent
    users: dict[str, User]

    @property
    def samples(self) -> dict[str, str]:
        return {
            "reference": self.appointment.reference,
            "code": self.bookable.matter.code,
            "slug": self.bookable.office.slug,
            "notary_id": str(self.bookable.notaries[0].pk),
            "year": str(self.bookable.day.year),
        }


def make_world() -> World:
    bookable = make_bookable()
    resident = make_resident(email="owner@example.com")
    appointment = appointment_book(
        resident=resident,
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 9),
        language="en",
    )
    operator = UserFactory(role=User.Role.HOTLINE_OPERATOR)
    hotline_record = hotline_booking_create(
        operator=operator,
        real_name="李来电",
        phone="13900139000",
        id_number=valid_id_number(777),
        consent=True,
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 10),
        language="en",
    )
    users = {
        "resident": resident,
        "clerk": UserFactory(role=User.Role.OFFICE_STAFF, office=bookable.office),
        "operator": operator,
        "bureau": UserFactory(role=User.Role.BUREAU_ADMIN),
    }
    return World(bookable, appointment, hotline_record, users)
