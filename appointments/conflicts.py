"""Booked appointments on days that closed after they were booked, and their resolution.

A day can close under appointments already booked on it: an admin's calendar day (the State
Council's schedule of a year that ran on provisional holidays, say the 2027 Spring Festival's
bridging days), an office closure, or a release of the calendar package with a new year's
schedule. Nothing silently keeps such a booking: the selector below lists them, the admin and
the office workspace warn while any remain, and staff resolve each one the way leave does (move
it to another time, or cancel it with a message to the resident), all in one transaction.

Locks, and why (the order every booking and move takes them in, so none waits on another in the
opposite order): the residents, then the appointments, then the notaries, each in primary-key
order. Rescheduling one appointment takes its resident, then the appointment, then the notaries
who could take the new time; a booking takes the resident, then the notaries. Holding all of ours
before the first move, nothing can be booked onto a time we are moving to between our free check
and our write, and two resolutions running at once serialise instead of deadlocking. PostgreSQL's
exclusion constraint on a notary's time stays the final word.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Exists, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import ExtractIsoWeekDay
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.identity import mask_phone
from accounts.permissions import offices_for_staff
from blacklist.selectors import blacklist_flag_for
from notaries.models import Notary, Office
from portal.i18n import is_english

from . import events
from .availability import generate_slots, load_schedule
from .calendar import DayKind, StatutoryCalendar
from .errors import BookingError, SlotTaken
from .models import Appointment, CalendarDay, OfficeClosure, WorkingPeriod
from .services import appointment_cancel_locked, appointment_reschedule_locked

logger = logging.getLogger(__name__)

MOVE, CANCEL = "move", "cancel"
MESSAGE_MAX_LENGTH = 1000
# The free times offered for a move: the nearest ones, a few per day so staff can offer the
# resident a choice of days, looked for over the next weeks (the booking window limits it too).
MOVE_OPTION_LIMIT = 10
MOVE_OPTIONS_PER_DAY = 3
MOVE_SEARCH_DAYS = 21

_ONE_DAY = dt.timedelta(days=1)
# How far ahead appointments are looked for: past the longest booking window an office may set
# (180 days, the constraint office_booking_window_range), and every booking or move goes through
# that window, so no active appointment lies beyond it.
HORIZON_DAYS = 190
_CLOSURE = "closure"


# --- errors -------------------------------------------------------------------------------------


class ConflictResolutionError(BookingError):
    """A resolution was refused; nothing of the whole set was saved."""

    message = _("The appointments on closed days could not be resolved. Nothing was saved.")

    def __init__(self, *, reference: str = ""):
        super().__init__(reference)
        self.reference = reference


class ConflictNotListed(ConflictResolutionError):
    """The appointment is not (any more) on a closed day of the user's offices: moved or cancelled
    meanwhile, the day reopened, or never one of theirs."""

    def __str__(self) -> str:
        if not self.reference:
            return str(
                _(
                    "One of these appointments is no longer on a closed day of your office. "
                    "Nothing was saved; please check the list again."
                )
            )
        return str(
            _(
                "Appointment %(reference)s is no longer on a closed day. Nothing was saved; "
                "please check the list again."
            )
            % {"reference": self.reference}
        )


class CancelMessageMissing(ConflictResolutionError):
    def __str__(self) -> str:
        return str(
            _("Write the message to the resident of appointment %(reference)s. Nothing was saved.")
            % {"reference": self.reference}
        )


class MoveTimeInvalid(ConflictResolutionError):
    def __str__(self) -> str:
        return str(
            _("Choose the new time of appointment %(reference)s. Nothing was saved.")
            % {"reference": self.reference}
        )


class MovePersonBlacklisted(ConflictResolutionError):
    """The person is on the blacklist on the new day: the office cancels, not moves."""

    def __str__(self) -> str:
        return str(
            _(
                "The person of appointment %(reference)s is on the blacklist for the new day: it "
                "cannot be moved. Cancel it with a message instead. Nothing was saved."
            )
            % {"reference": self.reference}
        )


class MoveRefused(ConflictResolutionError):
    """The booking rules refused the move (the time was taken meanwhile, is not open, ...)."""

    def __init__(self, *, reference: str, starts_at: dt.datetime, cause: BookingError):
        super().__init__(reference=reference)
        self.starts_at = starts_at
        self.cause = cause

    def __str__(self) -> str:
        return str(
            _("Appointment %(reference)s cannot be moved to %(time)s: %(cause)s Nothing was saved.")
            % {
                "reference": self.reference,
                "time": f"{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}",
                "cause": str(self.cause),
            }
        )


class CancelRefused(ConflictResolutionError):
    def __init__(self, *, reference: str, cause: BookingError):
        super().__init__(reference=reference)
        self.cause = cause

    def __str__(self) -> str:
        return str(
            _("Appointment %(reference)s cannot be cancelled: %(cause)s Nothing was saved.")
            % {"reference": self.reference, "cause": str(self.cause)}
        )


# --- which appointments are on closed days ------------------------------------------------------


@dataclass(frozen=True)
class ClosedDayConflict:
    """An active appointment whose day is now closed for its office, and why."""

    appointment: Appointment
    day: dt.date
    # "holiday" or "weekend" (the calendar), or "closure" (the office's own closure).
    kind: str
    name_zh: str = ""
    name_en: str = ""

    @property
    def reason(self) -> str:
        """Why the day is closed, in the active language: the holiday's or the closure's name."""
        name = (self.name_en or self.name_zh) if is_english() else self.name_zh
        if name:
            return name
        if self.kind == _CLOSURE:
            return gettext("Office closed")
        return str(DayKind(self.kind).label)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.appointment.applicant_phone)


def _local_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=tz),
        dt.datetime.combine(last + _ONE_DAY, dt.time.min, tzinfo=tz),
    )


def _on_days(days: Iterable[dt.date]) -> Q:
    """Starting on any of `days` (local), as a few index-friendly ranges: consecutive days (a
    weekend, a holiday week) make one range."""
    condition = Q(pk__in=[])
    run: list[dt.date] = []
    for day in [*sorted(set(days)), None]:
        if day is not None and run and day == run[-1] + _ONE_DAY:
            run.append(day)
            continue
        if run:
            starts, ends = _local_bounds(run[0], run[-1])
            condition |= Q(starts_at__gte=starts, starts_at__lt=ends)
        run = [day] if day is not None else []
    return condition


def _calendar_and_closures(
    *, start: dt.date, end: dt.date, offices: QuerySet[Office] | None
) -> tuple[StatutoryCalendar, dict[tuple[int, dt.date], tuple[str, str]]]:
    """The calendar of [start, end] and the offices' closures in it ((office id, date) -> the
    closure's names), read in one query: a union of the two small tables."""
    overrides = (
        CalendarDay.objects.filter(date__range=(start, end))
        .order_by()
        .values_list(
            "date", "is_working_day", "name_zh", "name_en", Value(None, output_field=IntegerField())
        )
    )
    closures = OfficeClosure.objects.filter(date__range=(start, end)).order_by()
    if offices is not None:
        closures = closures.filter(office__in=offices)
    days: dict[dt.date, CalendarDay] = {}
    closed: dict[tuple[int, dt.date], tuple[str, str]] = {}
    for date, is_working_day, name_zh, name_en, office_id in overrides.union(
        closures.values_list(
            "date", Value(False, output_field=BooleanField()), "name_zh", "name_en", "office_id"
        ),
        all=True,
    ):
        if office_id is None:
            days[date] = CalendarDay(
                date=date, is_working_day=is_working_day, name_zh=name_zh, name_en=name_en
            )
        else:
            closed[(office_id, date)] = (name_zh, name_en)
    return StatutoryCalendar(start=start, end=end, overrides=days), closed


def appointments_on_closed_days(
    *, offices: QuerySet[Office] | None = None, now: dt.datetime | None = None
) -> list[ClosedDayConflict]:
    """Every active (booked or checked-in), not yet ended appointment whose local day is now
    closed for its office: a public holiday by the calendar (admin overrides included), a weekend
    day its notary has no hours of their own, or a closure of its office. `offices` limits the
    answer (a clerk's own office). Soonest first.

    Two queries whatever the number of appointments (the workspace pages show its count in a
    tight budget): the calendar's overrides with the closures, and the appointments on those
    days with office, matter and notary, read through the start-time index one run of closed
    days at a time. The days are worked out in memory."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    calendar, closed_offices = _calendar_and_closures(
        start=today, end=today + dt.timedelta(days=HORIZON_DAYS), offices=offices
    )
    closed = {info.date: info for info in calendar.days() if not info.is_working_day}
    active = Appointment.objects.active().filter(ends_at__gt=now)
    if offices is not None:
        active = active.filter(office__in=offices)
    holidays = [day for day, info in closed.items() if info.kind != DayKind.WEEKEND]
    weekends = [day for day, info in closed.items() if info.kind == DayKind.WEEKEND]
    # A weekend day is closed only for a notary without hours of their own that weekday: some
    # offices open on Saturday mornings, and those bookings stand. (Python's Monday is 0.)
    works_that_weekday = WorkingPeriod.objects.filter(
        notary_id=OuterRef("notary_id"), weekday=ExtractIsoWeekDay(OuterRef("starts_at")) - 1
    )
    rows = (
        active.annotate(notary_works_then=Exists(works_that_weekday))
        .filter(
            _on_days(holidays)
            | (_on_days(weekends) & Q(notary_works_then=False))
            | _on_days(day for _office, day in closed_offices)
        )
        .select_related("office", "matter", "notary")
        .order_by("starts_at", "id")
    )
    found: list[ClosedDayConflict] = []
    for appointment in rows:
        day = timezone.localdate(appointment.starts_at)
        info = closed.get(day)
        if info is not None and not (
            info.kind == DayKind.WEEKEND and appointment.notary_works_then  # type: ignore[attr-defined]
        ):
            conflict = ClosedDayConflict(
                appointment=appointment,
                day=day,
                kind=str(info.kind),
                name_zh=info.name_zh,
                name_en=info.name_en,
            )
        elif (closure := closed_offices.get((appointment.office_id, day))) is not None:
            conflict = ClosedDayConflict(
                appointment=appointment,
                day=day,
                kind=_CLOSURE,
                name_zh=closure[0],
                name_en=closure[1],
            )
        else:
            continue
        found.append(conflict)
    return found


# --- where they could go ------------------------------------------------------------------------


@dataclass(frozen=True)
class MoveOption:
    starts_at: dt.datetime
    ends_at: dt.datetime

    @property
    def value(self) -> str:
        """What the form sends back: the start as an ISO time with its offset."""
        return timezone.localtime(self.starts_at).isoformat()


@dataclass
class ConflictChoices:
    conflict: ClosedDayConflict
    options: list[MoveOption] = field(default_factory=list)


def move_options_for(
    *,
    conflicts: Sequence[ClosedDayConflict],
    now: dt.datetime | None = None,
    days: int = MOVE_SEARCH_DAYS,
    limit: int = MOVE_OPTION_LIMIT,
) -> list[ConflictChoices]:
    """For each conflict, the nearest free times at its own office on open days: the times
    rescheduling would accept now (the office's notice and booking window, the times kept for
    the green channel), a few per day, at most `limit`.

    One load of the schedule of all the offices involved (a fixed set of queries) and one query
    each for who handles which matter and which office handles which; the rest is in memory."""
    if not conflicts:
        return []
    now = now or timezone.now()
    offices = {c.appointment.office_id: c.appointment.office for c in conflicts}
    data = load_schedule(
        offices=offices,
        start_date=timezone.localdate(now),
        days=days,
        notaries=Notary.objects.all(),
    )
    matter_ids = {c.appointment.matter_id for c in conflicts}
    handles: dict[int, set[int]] = defaultdict(set)
    for notary_id, matter_id in Notary.matters.through.objects.filter(
        notary_id__in=list(data.notary_office), matter_id__in=matter_ids
    ).values_list("notary_id", "matter_id"):
        handles[matter_id].add(notary_id)
    # Rescheduling books only at listed offices that still handle the matter: offer nothing else.
    office_handles = set(
        Office.matters.through.objects.filter(
            office_id__in=list(offices), matter_id__in=matter_ids, office__is_active=True
        ).values_list("office_id", "matter_id")
    )
    choices: list[ConflictChoices] = []
    for conflict in conflicts:
        appointment = conflict.appointment
        entry = ConflictChoices(conflict=conflict)
        choices.append(entry)
        notaries = handles.get(appointment.matter_id)
        if not notaries or (appointment.office_id, appointment.matter_id) not in office_handles:
            continue
        by_day = generate_slots(
            data,
            minutes=int((appointment.ends_at - appointment.starts_at).total_seconds() // 60),
            now=now,
            notary_ids=notaries,
            green_channel=bool(appointment.green_channel or appointment.home_visit_address),
        )[appointment.office_id]
        for day in sorted(by_day):
            entry.options.extend(
                MoveOption(slot.starts_at, slot.ends_at)
                for slot in by_day[day][:MOVE_OPTIONS_PER_DAY]
            )
            if len(entry.options) >= limit:
                break
        del entry.options[limit:]
    return choices


# --- resolving them -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictsResolved:
    moved: tuple[Appointment, ...]
    cancelled: tuple[Appointment, ...]


def _lock_residents(ids: Iterable[int]) -> None:
    list(
        get_user_model()
        .objects.select_for_update()
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
        .values_list("pk")
    )


def _lock_appointments(ids: Iterable[int], *, offices: QuerySet[Office]) -> dict[int, Appointment]:
    rows = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("office", "matter", "resident")
        .filter(pk__in=sorted(set(ids)), office__in=offices)
        .order_by("pk")
    )
    return {row.pk: row for row in rows}


def _lock_notaries(*, office_ids: Iterable[int], notary_ids: Iterable[int]) -> None:
    # Every notary who could take a new time at these offices (rescheduling locks the on-duty
    # ones handling the matter, a subset) and the ones the appointments have now: taken here in
    # one statement, the moves below only lock them again.
    list(
        Notary.objects.select_for_update()
        .filter(
            Q(office_id__in=list(office_ids), status=Notary.Status.ON_DUTY)
            | Q(pk__in=list(notary_ids))
        )
        .order_by("pk")
        .values_list("pk")
    )


def _parse_start(value: str) -> dt.datetime | None:
    try:
        starts_at = dt.datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at, timezone.get_default_timezone())
    return starts_at


def _move(
    *, conflict: ClosedDayConflict, current: Appointment, value: str, by, now: dt.datetime
) -> Appointment:
    reference = current.reference
    starts_at = _parse_start(value)
    if starts_at is None:
        raise MoveTimeInvalid(reference=reference)
    # Inside our transaction a refusal rolls everything back, so the flag is read without
    # logging an attempt (blacklist_check's log would be rolled back with it).
    if blacklist_flag_for(
        resident=current.resident,
        on=timezone.localdate(starts_at),
        applicant_id_hash=current.applicant_id_hash,
    ):
        raise MovePersonBlacklisted(reference=reference)
    try:
        with transaction.atomic():
            return appointment_reschedule_locked(
                appointment=current,
                starts_at=starts_at,
                actor=by,
                now=now,
                reason=gettext("The day was closed: %(why)s") % {"why": conflict.reason},
                channel=events.channel_for(by),
            )
    except IntegrityError as error:
        # The exclusion constraints: something slipped past the checks.
        raise MoveRefused(reference=reference, starts_at=starts_at, cause=SlotTaken()) from error
    except BookingError as error:
        raise MoveRefused(reference=reference, starts_at=starts_at, cause=error) from error


def _cancel(
    *, conflict: ClosedDayConflict, current: Appointment, value: str, by, now: dt.datetime
) -> Appointment:
    message = str(value or "").strip()[:MESSAGE_MAX_LENGTH]
    if not message:
        raise CancelMessageMissing(reference=current.reference)
    try:
        return appointment_cancel_locked(
            current=current,
            actor=by,
            reason=message,
            now=now,
            data={"closed_day": conflict.day.isoformat(), "closed_because": conflict.kind},
        )
    except BookingError as error:
        raise CancelRefused(reference=current.reference, cause=error) from error


def closed_day_conflicts_resolve(
    *, resolutions: Mapping[int, tuple[str, str]], by, now: dt.datetime | None = None
) -> ConflictsResolved:
    """Resolve appointments on closed days of `by`'s offices, each id mapped to ("move", "<ISO
    start time>") or ("cancel", "<message to the resident>"): every one of them in one durable
    transaction, or none. A move is checked like any rescheduling (the new time free and open,
    the blacklist and the fee for the new day); a cancellation sends the message to the resident.

    Raises ConflictNotListed, CancelMessageMissing, MoveTimeInvalid, MovePersonBlacklisted,
    MoveRefused or CancelRefused (all ConflictResolutionError, naming the appointment); nothing is
    changed then."""
    now = now or timezone.now()
    plan = {int(pk): (str(action), str(value or "")) for pk, (action, value) in resolutions.items()}
    if any(action not in (MOVE, CANCEL) for action, _value in plan.values()):
        raise ConflictResolutionError
    scope = offices_for_staff(by)
    moved: list[Appointment] = []
    cancelled: list[Appointment] = []
    with transaction.atomic(durable=True):
        involved = list(
            Appointment.objects.filter(pk__in=list(plan), office__in=scope).values_list(
                "resident_id", "office_id", "notary_id"
            )
        )
        _lock_residents(resident for resident, _office, _notary in involved)
        locked = _lock_appointments(plan, offices=scope)
        _lock_notaries(
            office_ids={office for _resident, office, _notary in involved},
            notary_ids={notary for _resident, _office, notary in involved},
        )
        # Read the list again under the locks: an appointment moved or cancelled, or a day
        # reopened, since the page was shown is not ours to change any more.
        listed = {
            c.appointment.pk: c
            for c in appointments_on_closed_days(
                offices=scope.filter(pk__in={a.office_id for a in locked.values()}), now=now
            )
        }
        for pk in sorted(plan):
            action, value = plan[pk]
            current = locked.get(pk)
            if current is None:
                raise ConflictNotListed
            conflict = listed.get(pk)
            if conflict is None:
                raise ConflictNotListed(reference=current.reference)
            if action == CANCEL:
                cancelled.append(
                    _cancel(conflict=conflict, current=current, value=value, by=by, now=now)
                )
            else:
                moved.append(_move(conflict=conflict, current=current, value=value, by=by, now=now))
    logger.info(
        "closed-day appointments resolved moved=%s cancelled=%s", len(moved), len(cancelled)
    )
    return ConflictsResolved(moved=tuple(moved), cancelled=tuple(cancelled))
