"""Reads for the hotline desk. Every page costs a fixed number of queries, however many offices,
notaries, matters or appointments there are: availability is read by the booking app's
fixed-query loaders, and lists carry their joins."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.permissions import is_hotline_desk_user
from appointments.availability import Slot, compute_availability, earliest_slots
from appointments.models import Appointment
from appointments.references import normalise_reference
from legalaid.models import CaseKind, normalise_application_reference
from notaries.models import Matter, Office
from notaries.selectors import MatterFilter, matter_list

from .models import CallerConsent, HotlineLookup, LegalAidConsent

DESK_MATTER_LIMIT = 60
DESK_DAYS = 7
EARLIEST_LIMIT = 5
# How long after finding a caller's appointment (or booking it) the operator may change it for
# them: the length of a call, not a standing right over every appointment in the city.
CHANGE_AFTER_LOOKUP = dt.timedelta(minutes=30)


def desk_matters(*, filters: MatterFilter) -> list[Matter]:
    """Published matters matching the search (either language), at most DESK_MATTER_LIMIT + 1 so
    the page can say there are more."""
    return list(
        matter_list(filters=filters).order_by("category__position", "code")[: DESK_MATTER_LIMIT + 1]
    )


def desk_matter_get(*, code: str) -> Matter:
    try:
        return Matter.objects.published().select_related("category").get(code=code)
    except Matter.DoesNotExist:
        raise Http404("No such matter") from None


def desk_office_get(*, matter: Matter, slug: str) -> Office:
    try:
        return (
            Office.objects.listed().select_related("district").filter(matters=matter).get(slug=slug)
        )
    except Office.DoesNotExist:
        raise Http404("No such office") from None


@dataclass
class OfficeRow:
    office: Office
    next_slot: Slot | None
    # (date, number of free times) for today and the next days.
    days: list[tuple[dt.date, int]]


@dataclass
class MatterTimes:
    earliest: list[tuple[Slot, Office]]
    dates: list[dt.date]
    rows: list[OfficeRow]


def matter_times(*, matter: Matter, now: dt.datetime | None = None) -> MatterTimes:
    """Free times of `matter`: the earliest anywhere in the city, and for each office the next
    free time and the count of free times today and on the following days."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    week = compute_availability(matter=matter, start_date=today, days=DESK_DAYS, now=now)
    dates = [today + dt.timedelta(days=offset) for offset in range(DESK_DAYS)]
    offices = sorted(
        week.offices.values(), key=lambda o: (o.district.position, o.district.slug, o.slug)
    )
    rows = [
        OfficeRow(
            office=office,
            next_slot=week.first_slot(office_id=office.pk),
            days=[(date, len(week.slots(office_id=office.pk, date=date))) for date in dates],
        )
        for office in offices
    ]
    earliest = [
        (slot, week.offices[slot.office_id])
        for slot in earliest_slots(matter=matter, now=now, limit=EARLIEST_LIMIT)
        if slot.office_id in week.offices
    ]
    return MatterTimes(earliest=earliest, dates=dates, rows=rows)


def hotline_bookings_for_user(*, user) -> QuerySet[CallerConsent]:
    """Consent records the user may read: an operator their own, a bureau admin all."""
    if not is_hotline_desk_user(user):
        return CallerConsent.objects.none()
    records = CallerConsent.objects.select_related(
        "caller", "operator", "matter", "office", "office__district", "appointment"
    )
    if user.is_bureau_admin:
        return records
    return records.filter(operator=user)


def get_hotline_booking_for_user(*, user, reference: str) -> CallerConsent:
    """The booking an operator made, by its appointment's reference; a 404 for a booking made by
    another operator, so the reference alone opens nobody else's appointment."""
    try:
        return hotline_bookings_for_user(user=user).get(
            appointment__reference=normalise_reference(reference)
        )
    except CallerConsent.DoesNotExist:
        raise Http404("No such booking") from None


def appointment_for_caller_change(
    *, user, reference: str, now: dt.datetime | None = None
) -> Appointment:
    """A caller's appointment the operator may cancel or move: one they found by reference and
    phone number (or booked themselves) within the last CHANGE_AFTER_LOOKUP. Any other is a 404,
    whatever its status, so a reference alone opens nothing."""
    if not is_hotline_desk_user(user):
        raise Http404
    since = (now or timezone.now()) - CHANGE_AFTER_LOOKUP
    normalised = normalise_reference(reference)[:32]
    found = (
        Appointment.objects.select_related("resident", "matter", "office", "notary")
        .filter(reference=normalised)
        .filter(
            pk__in=HotlineLookup.objects.filter(operator=user, found=True, at__gte=since).values(
                "appointment_id"
            )
        )
        .first()
    ) or (
        Appointment.objects.select_related("resident", "matter", "office", "notary")
        .filter(reference=normalised)
        .filter(
            pk__in=CallerConsent.objects.filter(operator=user, at__gte=since).values(
                "appointment_id"
            )
        )
        .first()
    )
    if found is None:
        raise Http404("No such appointment")
    return found


# --- legal aid for callers ------------------------------------------------------------------------


def hotline_legal_aid_filings_for_user(*, user) -> QuerySet[LegalAidConsent]:
    """Legal-aid applications filed at the desk that the user may read: an operator their own,
    a bureau admin all."""
    if not is_hotline_desk_user(user):
        return LegalAidConsent.objects.none()
    records = LegalAidConsent.objects.select_related(
        "caller", "operator", "application__centre", "application__case_kind"
    )
    if user.is_bureau_admin:
        return records
    return records.filter(operator=user)


def get_hotline_legal_aid_filing_for_user(*, user, reference: str) -> LegalAidConsent:
    """The application an operator filed, by its reference; another operator's is a 404."""
    found = (
        hotline_legal_aid_filings_for_user(user=user)
        .filter(application__reference=normalise_application_reference(reference))
        .first()
    )
    if found is None:
        raise Http404("No such application")
    return found


def legal_aid_case_kinds() -> QuerySet[CaseKind]:
    return CaseKind.objects.published()


def legal_aid_case_kind_get(*, slug: str) -> CaseKind:
    found = CaseKind.objects.published().filter(slug=slug).first()
    if found is None:
        raise Http404("No such kind of case")
    return found
