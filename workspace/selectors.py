"""Workspace reads, always scoped to who is asking: anything outside a user's offices is a 404.

Every page reads a fixed handful of queries whatever the number of notaries or appointments; the
free-notary answer reuses the availability module's loader (a fixed set of queries) and works out
each appointment in memory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.identity import mask_phone
from accounts.permissions import is_staff_member, offices_for_staff
from appointments.availability import notaries_free_for
from appointments.models import Appointment, Block, Leave, WorkingPeriod
from appointments.references import normalise_reference
from appointments.selectors import appointment_action_allowed
from blacklist.selectors import blacklist_flags_for, blacklist_flags_for_numbers
from notaries.models import Notary, Office

SEARCH_LIMIT = 50
SCHEDULE_LIST_LIMIT = 100


def day_bounds(first: dt.date, last: dt.date | None = None) -> tuple[dt.datetime, dt.datetime]:
    """[midnight of `first`, midnight after `last`) in the offices' time zone."""
    tz = timezone.get_default_timezone()
    last = last or first
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=tz),
        dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


# --- scope --------------------------------------------------------------------------------------


def offices_to_choose(*, user) -> list[Office]:
    """The offices a bureau admin may pick on the agenda (office staff have exactly one)."""
    if not getattr(user, "is_bureau_admin", False):
        return []
    return list(Office.objects.select_related("district"))


def get_office_for_staff(*, user, slug: str | None) -> Office | None:
    """The office whose work `user` asked for. Office staff always get their own (asking for
    another is a 404); a bureau admin gets the one named, or None until they choose."""
    if not is_staff_member(user):
        raise Http404
    offices = offices_for_staff(user)
    if not user.is_bureau_admin:
        office = offices.first()
        if office is None or (slug and slug != office.slug):
            raise Http404
        return office
    if not slug:
        return None
    office = offices.filter(slug=slug).first()
    if office is None:
        raise Http404("No such office")
    return office


def get_notary_for_staff(*, user, notary_id: int) -> Notary:
    if not is_staff_member(user):
        raise Http404
    notary = (
        Notary.objects.filter(office__in=offices_for_staff(user))
        .select_related("office")
        .filter(pk=notary_id)
        .first()
    )
    if notary is None:
        raise Http404("No such notary")
    return notary


def notaries_for_staff(*, user) -> list[Notary]:
    return list(
        Notary.objects.filter(office__in=offices_for_staff(user))
        .select_related("office", "office__district")
        .order_by("office__district__position", "office__slug", "name_zh", "id")
    )


def colleagues_of(*, notary: Notary) -> list[Notary]:
    """The other notaries of `notary`'s office."""
    return list(
        Notary.objects.filter(office_id=notary.office_id)
        .exclude(pk=notary.pk)
        .order_by("name_zh", "id")
    )


# --- the day's agenda ---------------------------------------------------------------------------


@dataclass
class AgendaRow:
    appointment: Appointment
    phone_masked: str
    can_check_in: bool
    can_mark_no_show: bool
    can_complete: bool
    # The blacklist entry in force on the visit's day for the person, if any: staff see a flag.
    blacklisted: object | None = None

    @property
    def is_cancelled(self) -> bool:
        return self.appointment.status == Appointment.Status.CANCELLED


@dataclass
class NotaryColumn:
    notary: Notary
    rows: list[AgendaRow] = field(default_factory=list)

    @property
    def active_rows(self) -> list[AgendaRow]:
        """Everything but cancellations: what the agenda counts and the day sheet prints."""
        return [row for row in self.rows if not row.is_cancelled]

    @property
    def cancelled_rows(self) -> list[AgendaRow]:
        return [row for row in self.rows if row.is_cancelled]


@dataclass
class Agenda:
    office: Office
    date: dt.date
    columns: list[NotaryColumn]

    @property
    def count(self) -> int:
        """Appointments that happen (or happened) this day; cancellations are listed apart."""
        return sum(len(column.active_rows) for column in self.columns)

    @property
    def cancelled_count(self) -> int:
        return sum(len(column.cancelled_rows) for column in self.columns)

    @property
    def sheet_columns(self) -> list[NotaryColumn]:
        """One printed page per notary who has someone coming, not per notary on duty."""
        return [column for column in self.columns if column.active_rows]


def agenda_for_day(
    *,
    office: Office,
    date: dt.date,
    notary: Notary | None = None,
    now: dt.datetime | None = None,
    user=None,
) -> Agenda:
    """The office's appointments of `date` by time, grouped by notary: a fixed few queries.

    Every notary on duty gets a column even when nobody booked them, so a clerk sees who is idle.
    The buttons offered are the ones the lifecycle allows `user` now."""
    now = now or timezone.now()
    starts, ends = day_bounds(date)
    appointments = (
        Appointment.objects.filter(office=office, starts_at__gte=starts, starts_at__lt=ends)
        .select_related("matter", "notary", "resident")
        .order_by("starts_at", "id")
    )
    notaries = Notary.objects.filter(office=office).order_by("name_zh", "id")
    if notary is not None:
        appointments = appointments.filter(notary=notary)
        notaries = notaries.filter(pk=notary.pk)
    columns: dict[int, NotaryColumn] = {
        n.pk: NotaryColumn(notary=n) for n in notaries if n.status == Notary.Status.ON_DUTY
    }
    day_list = list(appointments)
    flags = blacklist_flags_for(residents=[a.resident for a in day_list if a.is_active], on=date)
    # Booked for someone else: the applicant is checked too.
    applicant_flags = blacklist_flags_for_numbers(
        id_number_hashes=[
            a.applicant_id_hash for a in day_list if a.is_active and a.for_someone_else
        ],
        on=date,
    )
    for appointment in day_list:
        column = columns.get(appointment.notary_id)
        if column is None:
            column = columns[appointment.notary_id] = NotaryColumn(notary=appointment.notary)

        def allowed(name: str, appointment=appointment) -> bool:
            return appointment_action_allowed(
                appointment=appointment, name=name, actor=user, now=now
            )

        column.rows.append(
            AgendaRow(
                appointment=appointment,
                phone_masked=mask_phone(appointment.applicant_phone),
                can_check_in=allowed("check_in"),
                can_mark_no_show=allowed("no_show"),
                can_complete=allowed("complete"),
                blacklisted=(
                    flags.get(appointment.resident_id)
                    or applicant_flags.get(appointment.applicant_id_hash)
                    if appointment.is_active
                    else None
                ),
            )
        )
    ordered = sorted(columns.values(), key=lambda c: (c.notary.name_zh, c.notary.pk))
    return Agenda(office=office, date=date, columns=ordered)


# --- search -------------------------------------------------------------------------------------


@dataclass
class SearchResult:
    rows: list[Appointment]
    more: bool


def appointments_search_for_staff(*, user, query: str, limit: int = SEARCH_LIMIT) -> SearchResult:
    """Appointments in the user's scope whose reference is `query` or whose applicant's name
    contains it, latest first, at most `limit` of them."""
    text = " ".join((query or "").split())
    if not text:
        return SearchResult(rows=[], more=False)
    found = list(
        Appointment.objects.filter(office__in=offices_for_staff(user))
        .filter(Q(reference=normalise_reference(text)) | Q(applicant_name__icontains=text))
        .select_related("matter", "office", "notary")
        .order_by("-starts_at", "-id")[: limit + 1]
    )
    for appointment in found:
        appointment.phone_masked = mask_phone(appointment.applicant_phone)  # type: ignore[attr-defined]
    return SearchResult(rows=found[:limit], more=len(found) > limit)


# --- schedules ----------------------------------------------------------------------------------


def working_periods_for_notary(*, notary: Notary) -> list[WorkingPeriod]:
    return list(WorkingPeriod.objects.filter(notary=notary).order_by("weekday", "starts"))


def upcoming_leave(*, notary: Notary, today: dt.date) -> list[Leave]:
    return list(
        Leave.objects.filter(notary=notary, ends_on__gte=today).order_by("starts_on", "id")[
            :SCHEDULE_LIST_LIMIT
        ]
    )


def upcoming_blocks(*, notary: Notary, now: dt.datetime) -> list[Block]:
    return list(
        Block.objects.filter(notary=notary, ends_at__gt=now).order_by("starts_at", "id")[
            :SCHEDULE_LIST_LIMIT
        ]
    )


def appointments_in_absence(
    *, notary: Notary, starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime
) -> QuerySet[Appointment]:
    """The notary's active appointments that an absence over [starts_at, ends_at) would strand.

    Ones already over are left alone: they happened (or not) and are marked on the agenda."""
    return (
        Appointment.objects.active()
        .filter(notary=notary, ends_at__gt=now)
        .overlapping(starts_at, ends_at)
        .select_related("matter", "office")
        .order_by("starts_at", "id")
    )


@dataclass
class AffectedAppointment:
    appointment: Appointment
    phone_masked: str
    free_notaries: list[Notary]


def absence_preview(
    *, notary: Notary, starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime
) -> list[AffectedAppointment]:
    """The appointments an absence would strand, each with the notaries free to take it over."""
    affected = list(
        appointments_in_absence(notary=notary, starts_at=starts_at, ends_at=ends_at, now=now)
    )
    if not affected:
        return []
    free = notaries_free_for(appointments=affected)
    colleagues = {n.pk: n for n in Notary.objects.filter(office_id=notary.office_id)}
    return [
        AffectedAppointment(
            appointment=appointment,
            phone_masked=mask_phone(appointment.applicant_phone),
            free_notaries=[colleagues[pk] for pk in free[appointment.pk] if pk in colleagues],
        )
        for appointment in affected
    ]
