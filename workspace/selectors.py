"""Workspace reads, always scoped to who is asking: anything outside a user's offices is a 404.

Every page reads a fixed handful of queries whatever the number of notaries or appointments; the
free-notary answer reuses the availability module's loader (a fixed set of queries) and works out
each appointment in memory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.identity import mask_phone
from accounts.permissions import is_staff_member, offices_for_staff
from appointments.availability import generate_slots, load_schedule
from appointments.models import Appointment, Block, Leave, WorkingPeriod
from appointments.references import normalise_reference
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


@dataclass
class NotaryColumn:
    notary: Notary
    rows: list[AgendaRow] = field(default_factory=list)

    @property
    def active_rows(self) -> list[AgendaRow]:
        """What the printed day sheet lists: everything but cancellations."""
        return [row for row in self.rows if row.appointment.status != Appointment.Status.CANCELLED]


@dataclass
class Agenda:
    office: Office
    date: dt.date
    columns: list[NotaryColumn]

    @property
    def count(self) -> int:
        return sum(len(column.rows) for column in self.columns)


def agenda_for_day(
    *, office: Office, date: dt.date, notary: Notary | None = None, now: dt.datetime | None = None
) -> Agenda:
    """The office's appointments of `date` by time, grouped by notary: two queries.

    Every notary on duty gets a column even when nobody booked them, so a clerk sees who is idle.
    """
    now = now or timezone.now()
    starts, ends = day_bounds(date)
    appointments = (
        Appointment.objects.filter(office=office, starts_at__gte=starts, starts_at__lt=ends)
        .select_related("matter", "notary")
        .order_by("starts_at", "id")
    )
    notaries = Notary.objects.filter(office=office).order_by("name_zh", "id")
    if notary is not None:
        appointments = appointments.filter(notary=notary)
        notaries = notaries.filter(pk=notary.pk)
    columns: dict[int, NotaryColumn] = {
        n.pk: NotaryColumn(notary=n) for n in notaries if n.status == Notary.Status.ON_DUTY
    }
    for appointment in appointments:
        column = columns.get(appointment.notary_id)
        if column is None:
            column = columns[appointment.notary_id] = NotaryColumn(notary=appointment.notary)
        status = appointment.status
        column.rows.append(
            AgendaRow(
                appointment=appointment,
                phone_masked=mask_phone(appointment.applicant_phone),
                can_check_in=status == Appointment.Status.BOOKED,
                can_mark_no_show=status == Appointment.Status.BOOKED
                and now >= appointment.starts_at,
                can_complete=status == Appointment.Status.CHECKED_IN,
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


def free_notaries_for_appointments(*, appointments: list[Appointment]) -> dict[int, list[int]]:
    """For each appointment, the other notaries of its office who could take it at exactly its
    time: on duty, handling its matter, working then, not away, not blocked and not booked
    (office buffers included), by the same rules as booking.

    One load of the schedule for all the days involved (the availability module's fixed set of
    queries) and one query for who handles which matter; the rest is in memory. Each appointment
    needs its `office` loaded."""
    if not appointments:
        return {}
    offices = {a.office_id: a.office for a in appointments}
    days = sorted({timezone.localdate(a.starts_at) for a in appointments})
    data = load_schedule(
        offices=offices,
        start_date=days[0],
        days=(days[-1] - days[0]).days + 1,
        notaries=Notary.objects.all(),
    )
    handles: dict[int, set[int]] = defaultdict(set)
    for notary_id, matter_id in Notary.matters.through.objects.filter(
        notary_id__in=list(data.notary_office),
        matter_id__in={a.matter_id for a in appointments},
    ).values_list("notary_id", "matter_id"):
        handles[matter_id].add(notary_id)
    free: dict[int, list[int]] = {}
    for appointment in appointments:
        day = timezone.localdate(appointment.starts_at)
        office = offices[appointment.office_id]
        candidates = handles[appointment.matter_id] - {appointment.notary_id}
        if not candidates:
            free[appointment.pk] = []
            continue
        slots = generate_slots(
            dataclasses.replace(data, start_date=day, days=1),
            minutes=int((appointment.ends_at - appointment.starts_at).total_seconds() // 60),
            # Staff move an appointment that already holds its time: the notice a resident must
            # give, the booking window and the times kept for the green channel do not apply.
            now=appointment.starts_at - dt.timedelta(minutes=office.min_notice_minutes),
            notary_ids=candidates,
            green_channel=True,
        )
        free[appointment.pk] = next(
            (
                sorted(slot.notary_ids)
                for slot in slots.get(office.pk, {}).get(day, [])
                if slot.starts_at == appointment.starts_at
            ),
            [],
        )
    return free


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
    free = free_notaries_for_appointments(appointments=affected)
    colleagues = {n.pk: n for n in Notary.objects.filter(office_id=notary.office_id)}
    return [
        AffectedAppointment(
            appointment=appointment,
            phone_masked=mask_phone(appointment.applicant_phone),
            free_notaries=[colleagues[pk] for pk in free[appointment.pk] if pk in colleagues],
        )
        for appointment in affected
    ]
