"""Workspace writes: moving an appointment to another notary, and a notary's hours, leave and
blocks. The appointment's own writes (its status, its notary, its event log) are appointments'
services; this module decides what to move where and holds the locks.

Locks, and why:
- Moving appointments (alone, or because of leave) locks the appointments first, then the
  notaries involved, each in primary-key order. That is the order rescheduling takes them in
  (appointment, then notaries), and every booking or move onto a notary holds that notary's lock
  while it checks who is free: so once we hold them, nobody can book the notary going away nor
  the one taking over, and our free check stays true until we commit. PostgreSQL's exclusion
  constraint on a notary's time is the final word.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from appointments import errors as booking_errors
from appointments.availability import notaries_free_for
from appointments.models import Appointment, Block, Leave, WorkingPeriod
from appointments.services import appointment_cancel_locked, appointment_reassign_locked
from notaries.models import Notary

from . import errors
from .selectors import day_bounds

logger = logging.getLogger(__name__)

MESSAGE_MAX_LENGTH = 1000
MOVE, CANCEL = "move", "cancel"
# appointment id -> ("move", notary id) or ("cancel", message to the resident)
Resolutions = Mapping[int, tuple[str, int | str]]


# --- locks --------------------------------------------------------------------------------------


def _lock_appointments(ids: Iterable[int]) -> dict[int, Appointment]:
    rows = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("office", "matter")
        .filter(pk__in=list(ids))
        .order_by("pk")
    )
    return {row.pk: row for row in rows}


def _lock_notaries(ids: Iterable[int]) -> dict[int, Notary]:
    rows = Notary.objects.select_for_update().filter(pk__in=list(ids)).order_by("pk")
    return {row.pk: row for row in rows}


# --- moving an appointment to another notary ----------------------------------------------------


def _reassign_locked(
    *, current: Appointment, notary: Notary, by, now: dt.datetime, note: str = ""
) -> Appointment:
    """Move a locked appointment to `notary`, whose lock we hold, at the same time."""
    if not current.is_active:
        raise errors.NotActive
    if notary.office_id != current.office_id:
        raise errors.NotaryNotInOffice
    if notary.pk == current.notary_id:
        raise errors.SameNotary
    not_free = errors.NotaryNotFree(reference=current.reference, notary_name=notary.name)
    # Read under the locks: this sees every booking and move that committed before we got them,
    # including the earlier moves of this same transaction.
    if notary.pk not in notaries_free_for(appointments=[current])[current.pk]:
        raise not_free
    try:
        with transaction.atomic():
            appointment_reassign_locked(
                current=current, notary=notary, actor=by, now=now, reason=note
            )
    except IntegrityError as error:
        # The exclusion constraint: something slipped past the check above.
        raise not_free from error
    except booking_errors.Blacklisted as error:
        raise errors.PersonBlacklisted(reference=current.reference) from error
    return current


def appointment_reassign(
    *, appointment: Appointment, notary: Notary, by, now: dt.datetime | None = None
) -> Appointment:
    """Give an appointment to another notary of its office at the same time; the resident is
    told. Raises NotaryNotFree, NotaryNotInOffice, SameNotary, NotActive or PersonBlacklisted;
    nothing changes."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        current = _lock_appointments([appointment.pk])[appointment.pk]
        notaries = _lock_notaries({current.notary_id, notary.pk})
        current = _reassign_locked(current=current, notary=notaries[notary.pk], by=by, now=now)
    logger.info("appointment reassigned id=%s notary=%s", current.pk, notary.pk)
    return current


def _cancel_locked(*, current: Appointment, message: str, by, now: dt.datetime) -> Appointment:
    """A staff cancellation inside the leave's transaction; the office's message goes to the
    resident with the cancellation notice."""
    if current.status == Appointment.Status.CHECKED_IN:
        raise errors.CannotCancelCheckedIn(reference=current.reference)
    if current.status != Appointment.Status.BOOKED:
        raise errors.NotActive
    return appointment_cancel_locked(current=current, actor=by, reason=message, now=now)


# --- leave and blocks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Resolution:
    action: str
    notary_id: int | None = None
    message: str = ""


def _clean_resolutions(resolutions: Resolutions) -> dict[int, _Resolution]:
    clean: dict[int, _Resolution] = {}
    for appointment_id, (action, value) in resolutions.items():
        if action == MOVE:
            clean[int(appointment_id)] = _Resolution(MOVE, notary_id=int(value))
        elif action == CANCEL:
            message = str(value or "").strip()[:MESSAGE_MAX_LENGTH]
            clean[int(appointment_id)] = _Resolution(CANCEL, message=message)
        else:
            raise ValueError(f"unknown resolution {action!r}")
    return clean


def _absence_record(
    *,
    notary: Notary,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    resolutions: Resolutions,
    by,
    now: dt.datetime,
    create: Callable[[], Model],
) -> Model:
    """Resolve every active appointment of `notary` in [starts_at, ends_at), then `create` the
    absence; all of it or nothing."""
    from .selectors import appointments_in_absence

    plan = _clean_resolutions(resolutions)
    targets = {r.notary_id for r in plan.values() if r.action == MOVE and r.notary_id is not None}
    with transaction.atomic(durable=True):
        seen = list(
            appointments_in_absence(
                notary=notary, starts_at=starts_at, ends_at=ends_at, now=now
            ).values_list("pk", flat=True)
        )
        locked = _lock_appointments(seen)
        notaries = _lock_notaries({notary.pk, *targets})
        # Now that we hold the notary, nothing new can be booked onto them: read the list again,
        # to catch a booking that committed between our first read and the lock.
        affected = list(
            appointments_in_absence(
                notary=notary, starts_at=starts_at, ends_at=ends_at, now=now
            ).values_list("pk", "reference")
        )
        unresolved = [ref for pk, ref in affected if pk not in plan or pk not in locked]
        if unresolved:
            raise errors.UnresolvedAppointments(unresolved)
        for pk, reference in affected:
            resolution, current = plan[pk], locked[pk]
            if resolution.action == CANCEL:
                if not resolution.message:
                    raise errors.MessageMissing(reference=reference)
                _cancel_locked(current=current, message=resolution.message, by=by, now=now)
                continue
            target = notaries.get(resolution.notary_id or 0)
            if target is None:
                raise errors.NotaryNotInOffice
            _reassign_locked(current=current, notary=target, by=by, now=now)
        absence = create()
    logger.info(
        "absence recorded notary=%s moved=%s cancelled=%s",
        notary.pk,
        sum(1 for pk, _ref in affected if plan[pk].action == MOVE),
        sum(1 for pk, _ref in affected if plan[pk].action == CANCEL),
    )
    return absence


def leave_record_with_resolutions(
    *,
    notary: Notary,
    starts_on: dt.date,
    ends_on: dt.date,
    reason: str,
    resolutions: Resolutions,
    by,
    now: dt.datetime | None = None,
) -> Leave:
    """Record a notary's leave (whole days, inclusive). Every active appointment they have in it
    must be resolved in `resolutions`: moved to a free colleague or cancelled with a message to
    the resident. Raises UnresolvedAppointments, NotaryNotFree, MessageMissing,
    CannotCancelCheckedIn, NotaryNotInOffice or AbsenceInvalid; nothing is written then."""
    if ends_on < starts_on:
        raise errors.AbsenceInvalid
    starts_at, ends_at = day_bounds(starts_on, ends_on)
    reason = " ".join((reason or "").split())[:200]

    def create() -> Leave:
        leave = Leave(notary=notary, starts_on=starts_on, ends_on=ends_on, reason=reason)
        leave._history_user = by  # type: ignore[attr-defined]
        leave.save()
        return leave

    return _absence_record(  # type: ignore[return-value]
        notary=notary,
        starts_at=starts_at,
        ends_at=ends_at,
        resolutions=resolutions,
        by=by,
        now=now or timezone.now(),
        create=create,
    )


def block_record_with_resolutions(
    *,
    notary: Notary,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    reason: str,
    resolutions: Resolutions,
    by,
    now: dt.datetime | None = None,
) -> Block:
    """Record a block of a notary's time, resolving the appointments in it like leave does."""
    if ends_at <= starts_at:
        raise errors.AbsenceInvalid
    reason = " ".join((reason or "").split())[:200]

    def create() -> Block:
        block = Block(notary=notary, starts_at=starts_at, ends_at=ends_at, reason=reason)
        block._history_user = by  # type: ignore[attr-defined]
        block.save()
        return block

    return _absence_record(  # type: ignore[return-value]
        notary=notary,
        starts_at=starts_at,
        ends_at=ends_at,
        resolutions=resolutions,
        by=by,
        now=now or timezone.now(),
        create=create,
    )


def leave_delete(*, leave: Leave, by) -> None:
    """Withdraw leave; the notary's time opens for booking again (kept in the leave's history)."""
    with transaction.atomic():
        leave._history_user = by  # type: ignore[attr-defined]
        leave.delete()


def block_delete(*, block: Block, by) -> None:
    with transaction.atomic():
        block._history_user = by  # type: ignore[attr-defined]
        block.delete()


# --- weekly hours -------------------------------------------------------------------------------

Period = tuple[int, dt.time, dt.time]


def working_periods_problems(periods: Iterable[Period]) -> list[str]:
    """Why these weekly hours cannot stand, in words for the clerk: a period that does not end
    after it starts, or two periods of one day that overlap."""
    from django.utils.translation import gettext as _

    from appointments.models import Weekday

    problems: list[str] = []
    by_day: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for weekday, starts, ends in periods:
        if ends <= starts:
            problems.append(
                _("%(day)s %(starts)s–%(ends)s: a period must end after it starts.")
                % {
                    "day": Weekday(weekday).label,
                    "starts": f"{starts:%H:%M}",
                    "ends": f"{ends:%H:%M}",
                }
            )
            continue
        by_day.setdefault(weekday, []).append((starts, ends))
    for weekday in sorted(by_day):
        # Sorted by start, each period is compared with the one reaching latest before it, so a
        # long period overlapping several short ones is reported for each of them.
        reaching = None
        for starts, ends in sorted(by_day[weekday]):
            if reaching is not None and starts < reaching[1]:
                problems.append(
                    _("%(day)s: %(first)s and %(second)s overlap.")
                    % {
                        "day": Weekday(weekday).label,
                        "first": f"{reaching[0]:%H:%M}–{reaching[1]:%H:%M}",
                        "second": f"{starts:%H:%M}–{ends:%H:%M}",
                    }
                )
            if reaching is None or ends > reaching[1]:
                reaching = (starts, ends)
    return problems


def working_periods_replace(
    *, notary: Notary, periods: Iterable[Period], by
) -> list[WorkingPeriod]:
    """Set a notary's weekly hours to exactly `periods`. Unchanged periods are kept; the rest are
    deleted or added, each with its history row. Raises PeriodsInvalid; nothing changes then.

    Appointments already booked outside the new hours keep their time: they are on the agenda."""
    wanted = sorted(set(periods))
    problems = working_periods_problems(wanted)
    if problems:
        raise errors.PeriodsInvalid(problems)
    with transaction.atomic():
        # Two clerks saving the same notary's week at once would each delete the old periods and
        # add theirs, leaving a mixture (or a unique-start error); the lock makes one wait.
        _lock_notaries([notary.pk])
        existing = {
            (p.weekday, p.starts, p.ends): p for p in WorkingPeriod.objects.filter(notary=notary)
        }
        for key, period in existing.items():
            if key not in wanted:
                period._history_user = by  # type: ignore[attr-defined]
                period.delete()
        for weekday, starts, ends in wanted:
            if (weekday, starts, ends) not in existing:
                period = WorkingPeriod(notary=notary, weekday=weekday, starts=starts, ends=ends)
                period._history_user = by  # type: ignore[attr-defined]
                period.save()
    return list(WorkingPeriod.objects.filter(notary=notary).order_by("weekday", "starts"))
