"""Booking, rescheduling and cancelling: the writes that must never double-book a notary.

How a booking stays safe under a rush (twenty people pressing "Book" for one time):
1. Lock the resident's own row first. It serialises one resident's bookings, so the
   "at most N upcoming appointments" rule cannot be beaten by two tabs at once.
2. Read who is free (from the database, never the cache), then take the candidates one at a
   time: lock only that notary's row (in a savepoint), check again, insert. Taken meanwhile?
   Roll the savepoint back (its lock goes with it) and try the next one. Bookings at different
   offices, or for different notaries of one office, never wait for each other, and a booking
   holds one notary's lock at a time (no deadlock).
3. PostgreSQL's exclusion constraints are the final word: if anything slipped past the checks,
   the insert fails, the next free notary is tried, and when none is left the resident is told
   the time was just taken.

This module owns the appointment's whole life. Every status change goes through one service per
transition (check-in, completion, no-show, cancellation), each consulting the one table of
appointments/lifecycle.py and writing one event log (appointments/events.py). Everything that
depends on the person (age, exemptions, green channel, blacklist) is decided for the
appointment's date, and decided again whenever that date changes.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation

from blacklist.selectors import blacklist_flag_for
from blacklist.services import blacklist_check
from notaries.models import Matter, Notary, Office

from . import errors, events
from .applicants import Applicant, applicant_fields
from .availability import generate_slots, load_schedule
from .calendar import StatutoryCalendar
from .fees import BookingQuote, FeeRequest, applicable_exemptions, booking_quote
from .lifecycle import role_of, transition_allowed, transition_for
from .materials import materials_snapshot
from .models import Appointment, AppointmentEvent, ExemptionClaim, HomeVisitRequest
from .references import new_reference
from .signals import appointment_time_freed

Channel = AppointmentEvent.Channel
Kind = AppointmentEvent.Kind

logger = logging.getLogger(__name__)

GREEN_CHANNEL_AGE = 70
NOTARY_CONSTRAINT = "appointment_no_overlap_per_notary"
RESIDENT_CONSTRAINT = "appointment_no_overlap_per_applicant"


def _constraint_name(error: IntegrityError) -> str:
    cause = error.__cause__
    diag = getattr(cause, "diag", None)
    name = getattr(diag, "constraint_name", None)
    return name or str(error)


def _free_notaries(
    *,
    matter: Matter,
    office: Office,
    starts_at: dt.datetime,
    now: dt.datetime,
    ignore: int | None,
    green: str = "",
    minutes: int | None = None,
    only: int | None = None,
    calendar: StatutoryCalendar | None = None,
) -> tuple[list[int], StatutoryCalendar]:
    """Notaries of `office` free for `matter` at exactly `starts_at`, by the schedule rules, read
    from the database now (never the cache), and the statutory calendar it was read with (a
    second call for the same day may pass it back: one query less). `only`: just that notary's
    schedule is read.

    `ignore` is an appointment whose own time does not count (when it is being moved)."""
    local_date = timezone.localdate(starts_at)
    # Only while the office is open and handles the matter (read now, inside the same query as
    # the weekly hours: a move to an office that stopped handling it finds nobody). Its hours,
    # buffer and booking rules are those of the row the caller loaded.
    notaries = Notary.objects.filter(
        office=office, office__is_active=True, office__matters=matter, matters=matter
    )
    if only is not None:
        notaries = notaries.filter(pk=only)
    data = load_schedule(
        offices={office.pk: office},
        start_date=local_date,
        days=1,
        notaries=notaries,
        ignore_appointment_id=ignore,
        calendar=calendar,
    )
    by_day = generate_slots(
        data, minutes=minutes or matter.appointment_minutes, now=now, green_channel=bool(green)
    )[office.pk]
    for slot in by_day.get(local_date, []):
        if slot.starts_at == starts_at:
            return sorted(slot.notary_ids), data.calendar
    return [], data.calendar


def _unavailable(*, matter: Matter, office: Office, starts_at, ends_at, ignore: int | None):
    """Why no notary is free: someone else holds the time (taken) or it is not open at all."""
    others = Appointment.objects.active().filter(office=office).overlapping(starts_at, ends_at)
    if ignore is not None:
        others = others.exclude(pk=ignore)
    return errors.SlotTaken() if others.exists() else errors.SlotUnavailable()


def green_channel_for(*, resident, on: dt.date, requested: str) -> str:
    """The green-channel ground that applies: aged 70 or over is recognised from the identity
    number; pregnancy, serious illness and disability are declared and checked at the counter."""
    age = resident.age_on(on) if hasattr(resident, "age_on") else None
    if age is not None and age >= GREEN_CHANNEL_AGE:
        return Appointment.GreenChannel.ELDERLY
    if requested in {
        Appointment.GreenChannel.PREGNANT,
        Appointment.GreenChannel.SERIOUSLY_ILL,
        Appointment.GreenChannel.DISABLED,
    }:
        return requested
    return ""


def _record_claims(appointment: Appointment, quote) -> None:
    ExemptionClaim.objects.bulk_create(
        ExemptionClaim(
            appointment=appointment,
            exemption=exemption,
            automatic=automatic,
            name_zh=exemption.name_zh,
            name_en=exemption.name_en,
            evidence_zh=exemption.evidence_zh,
            evidence_en=exemption.evidence_en,
        )
        for exemption, automatic in quote.exemptions
    )


def _lock_resident(resident) -> None:
    get_user_model().objects.select_for_update().filter(pk=resident.pk).first()


def _lock_person(id_number_hash: str) -> None:
    """Serialise bookings for one person across accounts (three relatives booking one parent):
    a transaction-scoped advisory lock keyed on the identity number's hash. SQLite has one
    writer at a time anyway."""
    if not id_number_hash or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(id_number_hash[:15], 16)])


def _lock_notaries(ids: list[int], *, skip_locked: bool = False) -> list[int]:
    """Lock these notaries' rows (primary-key order); with `skip_locked`, only those nobody else
    holds, without waiting. The ids locked."""
    return list(
        Notary.objects.select_for_update(skip_locked=skip_locked)
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


class _NotFreeAnyMore(Exception):
    """Raised inside a claim's savepoint to roll it back (and release its notary's lock)."""


class _HeldByAnother(Exception):
    """The notary's row is locked by another booking right now."""


def _claim_a_notary(
    *,
    matter: Matter,
    office: Office,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    now: dt.datetime,
    ignore: int | None,
    green: str,
    minutes: int | None,
    write: Callable[[int], Appointment],
    prefer: int | None = None,
) -> Appointment:
    """Book one notary of the office who is free, locking only that notary.

    Who is free is read first without any lock (from the database, not the cache). Then, for each
    candidate in turn (`prefer` first when free, then the least busy that day; one another
    booking holds right now is skipped, and waited for only when nobody else is left): in a
    savepoint, lock that one notary's row, check again that they are free (the buffer, leave or
    a block entered meanwhile), and `write(notary_id)`. If they were taken meanwhile (the check,
    or the exclusion constraint at the insert), the savepoint is rolled back, which releases the
    lock, and the next candidate is tried. Those another booking held are then waited for all at
    once (`_not_booked_meanwhile`), and only those it did not book are tried. So bookings for
    different notaries never wait for each other, bookings at different offices share no lock at
    all, notaries are locked one at a time or several in primary-key order (no deadlock), and
    PostgreSQL's exclusion constraint stays the final word. Raises SlotTaken or SlotUnavailable
    when nobody is left."""
    free_now = functools.partial(
        _free_notaries,
        matter=matter,
        office=office,
        starts_at=starts_at,
        now=now,
        ignore=ignore,
        green=green,
        minutes=minutes,
    )
    free, calendar = free_now()
    order = _by_load(candidates=free, day=timezone.localdate(starts_at))
    if prefer in order:
        order.remove(prefer)
        order.insert(0, prefer)
    # First every candidate nobody holds (without waiting), then, waiting, those another booking
    # held: it may have rolled back.
    held: list[int] = []
    for waiting in (False, True):
        if waiting:
            candidates = _not_booked_meanwhile(
                held, office=office, starts_at=starts_at, ends_at=ends_at, ignore=ignore
            )
        else:
            candidates = order
        for notary_id in candidates:
            try:
                with transaction.atomic():
                    if not _lock_notaries([notary_id], skip_locked=not waiting):
                        raise _HeldByAnother
                    if notary_id not in free_now(only=notary_id, calendar=calendar)[0]:
                        raise _NotFreeAnyMore
                    return write(notary_id)
            except _HeldByAnother:
                held.append(notary_id)
            except _NotFreeAnyMore:
                continue
            except IntegrityError as error:
                if NOTARY_CONSTRAINT not in _constraint_name(error):
                    raise
    raise _unavailable(
        matter=matter, office=office, starts_at=starts_at, ends_at=ends_at, ignore=ignore
    )


def _not_booked_meanwhile(
    held: list[int], *, office: Office, starts_at, ends_at, ignore: int | None
) -> list[int]:
    """Of the notaries other bookings held, those still worth trying: wait once for all those
    bookings to end (locking the rows in primary-key order, as every multi-notary lock does, so
    no deadlock), drop the notaries they booked over this time (one query, the office's buffer
    counted), and release the locks again. Each one left is locked and checked in full when
    tried. Without this, the last of many clients racing for one time would wait for and check
    every notary in turn, only to be told that it was just taken."""
    if not held:
        return []
    buffer = dt.timedelta(minutes=office.buffer_minutes)
    with transaction.atomic():
        _lock_notaries(held)
        booked = (
            Appointment.objects.active()
            .filter(notary_id__in=held)
            .overlapping(starts_at - buffer, ends_at + buffer)
        )
        if ignore is not None:
            booked = booked.exclude(pk=ignore)
        taken = set(booked.values_list("notary_id", flat=True))
        transaction.set_rollback(True)  # the savepoint goes, and its locks with it
    return [pk for pk in held if pk not in taken]


def _by_load(*, candidates: list[int], day: dt.date) -> list[int]:
    """The candidates, least busy that day first (work spreads evenly); ties by lowest id."""
    if not candidates:
        return []
    load = dict.fromkeys(candidates, 0)
    # A range on starts_at (not `starts_at__date`, a computed value no index holds): read through
    # the index on (notary, starts_at), bounded by the day whatever the history holds.
    tz = timezone.get_current_timezone()
    first = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    for notary_id in (
        Appointment.objects.active()
        .filter(
            notary_id__in=candidates,
            starts_at__gte=first,
            starts_at__lt=first + dt.timedelta(days=1),
        )
        .values_list("notary_id", flat=True)
    ):
        load[notary_id] += 1
    return sorted(candidates, key=lambda pk: (load[pk], pk))


def _check_resident_limits(
    *, resident, person_hash: str, for_other: bool, starts_at, ends_at, now, ignore: int | None
) -> None:
    """The per-person rules, keyed on the applicant's identity number whoever books: one place
    at a time, at most APPOINTMENT_MAX_ACTIVE_PER_RESIDENT upcoming; and an account manages at
    most APPOINTMENT_MAX_ACTIVE_PER_ACCOUNT upcoming appointments for itself and others."""
    active = Appointment.objects.active()
    if ignore is not None:
        active = active.exclude(pk=ignore)
    # One query for the three counts (through the indexes on the number and on the account).
    theirs = Q(applicant_id_hash=person_hash) & ~Q(applicant_id_hash="")
    managed = Q(resident=resident)
    upcoming = Q(ends_at__gt=now)
    found = active.filter(theirs | managed).aggregate(
        overlapping=Count("pk", filter=theirs & Q(starts_at__lt=ends_at, ends_at__gt=starts_at)),
        theirs=Count("pk", filter=theirs & upcoming),
        managed=Count("pk", filter=managed & upcoming),
    )
    if found["overlapping"]:
        raise errors.ApplicantOverlap if for_other else errors.ResidentOverlap
    if ignore is not None:
        return
    limit = settings.APPOINTMENT_MAX_ACTIVE_PER_RESIDENT
    if found["theirs"] >= limit:
        raise errors.TooManyAppointments(limit, for_other=for_other)
    managed_limit = settings.APPOINTMENT_MAX_ACTIVE_PER_ACCOUNT
    if found["managed"] >= managed_limit:
        raise errors.TooManyManaged(managed_limit)


def _raise_for_integrity_error(error: IntegrityError, *, for_other: bool = False) -> None:
    name = _constraint_name(error)
    if RESIDENT_CONSTRAINT in name:
        raise (errors.ApplicantOverlap if for_other else errors.ResidentOverlap) from error
    if NOTARY_CONSTRAINT in name:
        raise errors.SlotTaken from error
    raise error


def _enqueue_message(appointment_id: int, kind: str) -> None:
    from .tasks import send_appointment_message

    transaction.on_commit(
        lambda: send_appointment_message.delay(appointment_id=appointment_id, kind=kind)
    )


def _announce_time_freed(appointment: Appointment, starts_at: dt.datetime) -> None:
    """After commit, tell the apps above (the waitlist) that this time is free again."""
    office_id, matter_id = appointment.office_id, appointment.matter_id
    transaction.on_commit(
        lambda: appointment_time_freed.send(
            sender=Appointment, office_id=office_id, matter_id=matter_id, starts_at=starts_at
        )
    )


def _blacklisted(
    *,
    resident,
    office: Office,
    matter: Matter,
    on: dt.date,
    channel: str,
    actor,
    applicant_id_hash: str | None = None,
) -> bool:
    """Whether the person is listed on `on` (the appointment's day, not today: an entry that
    starts next week refuses a booking for the week after). Checked for the account holder and
    for the applicant. Runs before any lock: the refused attempt is logged in its own
    transaction, which must commit although the booking is refused."""
    return (
        blacklist_check(
            resident=resident,
            office=office,
            matter=matter,
            channel=Channel.WEB if channel == Channel.SYSTEM else channel,
            actor=actor,
            on=on,
            applicant_id_hash=applicant_id_hash or getattr(resident, "id_number_hash", None),
        )
        is not None
    )


def appointment_book(
    *,
    resident,
    matter: Matter,
    office: Office,
    starts_at: dt.datetime,
    actor=None,
    language: str | None = None,
    now: dt.datetime | None = None,
    fee: FeeRequest | None = None,
    green_channel: str = "",
    channel: str | None = None,
    applicant: Applicant | None = None,
) -> Appointment:
    """Book `matter` at `office` at `starts_at` for `resident`, with whichever notary is free.
    With `applicant`, the account holder books for that person (a parent, as an agent): the
    fee, the green channel, the blacklist and the per-person rules are the applicant's.

    The fee quote (with its breakdown and the exemptions claimed) is computed here for the
    appointment's date and stored with the appointment as it was. `green_channel` is the priority
    the resident asked for; it opens the times each office keeps for the green channel.

    `actor` is who books (the resident online, an operator at the hotline); `channel` defaults to
    the actor's. Raises SlotTaken, SlotUnavailable, ResidentOverlap, TooManyAppointments,
    ProfileIncomplete, MatterNotHandled or Blacklisted; nothing is booked then."""
    actor = actor or resident
    plan = _booking_plan(
        resident=resident,
        matter=matter,
        office=office,
        starts_at=starts_at,
        now=now,
        fee=fee,
        green_channel=green_channel,
        channel=channel or events.channel_for(actor),
        actor=actor,
        applicant=applicant,
    )
    try:
        with transaction.atomic(durable=True):
            appointment = _booking_write(plan, actor=actor, language=language)
    except IntegrityError as error:
        _raise_for_integrity_error(error, for_other=plan.applicant is not None)
    logger.info("appointment booked id=%s office=%s", appointment.pk, office.slug)
    return appointment


@dataclass(frozen=True)
class BookingPlan:
    """One booking, checked and priced before its transaction; written by `_booking_write`."""

    resident: object
    matter: Matter
    office: Office
    starts_at: dt.datetime
    ends_at: dt.datetime
    minutes: int
    now: dt.datetime
    quote: BookingQuote
    green: str
    channel: str
    home_visit_address: str = ""
    applicant: Applicant | None = None

    @property
    def day(self) -> dt.date:
        return timezone.localdate(self.starts_at)

    @property
    def person(self):
        """Who the appointment is for: the applicant, or the account holder."""
        return self.applicant or self.resident


def _booking_plan(
    *,
    resident,
    matter: Matter,
    office: Office,
    starts_at: dt.datetime,
    now: dt.datetime | None,
    fee: FeeRequest | None,
    green_channel: str,
    channel: str,
    actor,
    minutes: int | None = None,
    home_visit_address: str = "",
    applicant: Applicant | None = None,
) -> BookingPlan:
    now = now or timezone.now()
    if not getattr(resident, "has_complete_profile", False):
        raise errors.ProfileIncomplete
    if applicant is not None and applicant.id_number_hash == resident.id_number_hash:
        applicant = None  # "someone else" with the holder's own number: it is for themself
    if applicant is not None and not applicant.has_complete_profile:
        raise errors.ProfileIncomplete
    person = applicant or resident
    if not office.is_active or not office.matters.filter(pk=matter.pk).exists():
        raise errors.MatterNotHandled
    day = timezone.localdate(starts_at)
    if _blacklisted(
        resident=resident,
        office=office,
        matter=matter,
        on=day,
        channel=channel,
        actor=actor,
        applicant_id_hash=person.id_number_hash,
    ):
        raise errors.Blacklisted
    minutes = minutes or matter.appointment_minutes
    try:
        quote = booking_quote(matter=matter, resident=person, on=day, request=fee or FeeRequest())
    except ValueError as error:
        raise errors.FeeDetailsInvalid from error
    return BookingPlan(
        resident=resident,
        matter=matter,
        office=office,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=minutes),
        minutes=minutes,
        now=now,
        quote=quote,
        green=green_channel_for(resident=person, on=day, requested=green_channel),
        channel=channel,
        home_visit_address=home_visit_address,
        applicant=applicant,
    )


def _booking_write(plan: BookingPlan, *, actor, language: str | None) -> Appointment:
    """The writes of a booking, inside the caller's durable transaction."""
    # The list is the contract: kept as it is now, whatever the catalogue says later. Read once,
    # before any lock is taken.
    snapshot = materials_snapshot(
        matter=plan.matter, exemptions=[exemption for exemption, _auto in plan.quote.exemptions]
    )
    _lock_resident(plan.resident)
    _lock_person(plan.person.id_number_hash)
    _check_resident_limits(
        resident=plan.resident,
        person_hash=plan.person.id_number_hash or "",
        for_other=plan.applicant is not None,
        starts_at=plan.starts_at,
        ends_at=plan.ends_at,
        now=plan.now,
        ignore=None,
    )
    language = language or translation.get_language() or settings.LANGUAGE_CODE

    def insert(notary_id: int) -> Appointment:
        return _insert_with_reference(
            resident=plan.resident,
            matter=plan.matter,
            office=plan.office,
            notary_id=notary_id,
            starts_at=plan.starts_at,
            ends_at=plan.ends_at,
            language=language,
            now=plan.now,
            fee_quote=plan.quote.payable,
            fee_gross=plan.quote.gross,
            fee_details=plan.quote.details,
            green_channel=plan.green,
            home_visit_address=plan.home_visit_address,
            materials_snapshot=snapshot,
            **applicant_fields(resident=plan.resident, applicant=plan.applicant),
        )

    appointment = _claim_a_notary(
        matter=plan.matter,
        office=plan.office,
        starts_at=plan.starts_at,
        ends_at=plan.ends_at,
        now=plan.now,
        ignore=None,
        # A home visit is arranged by staff for someone who cannot come: it may use the times
        # kept for the green channel.
        green=plan.green or ("home" if plan.home_visit_address else ""),
        minutes=plan.minutes,
        write=insert,
    )
    _record_claims(appointment, plan.quote)
    events.booked_event(appointment=appointment, actor=actor, at=plan.now, channel=plan.channel)
    _enqueue_message(appointment.pk, "booked")
    return appointment


def _insert_with_reference(**fields) -> Appointment:
    now = fields.pop("now")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Appointment.objects.create(
                    reference=new_reference(on=timezone.localdate(now)), **fields
                )
        except IntegrityError as error:
            if "reference" not in _constraint_name(error):
                raise
    raise RuntimeError("could not draw a free appointment reference")  # pragma: no cover


# --- changing an appointment: who may, and until when ------------------------------------------


def _acts_for_office(actor) -> bool:
    return role_of(actor) in ("office_staff", "bureau_admin")


def appointment_change_problem(
    appointment: Appointment, *, now: dt.datetime | None = None, actor=None
) -> errors.BookingError | None:
    """Why `actor` can no longer cancel or move the appointment, or None if they can.

    A resident (and the hotline on a caller's behalf) may until the cut-off before the start;
    the office may at any time while it is booked."""
    if appointment.status != Appointment.Status.BOOKED:
        return errors.NotActive()
    cutoff = settings.APPOINTMENT_CANCEL_CUTOFF_MINUTES
    now = now or timezone.now()
    if not _acts_for_office(actor) and now > appointment.starts_at - dt.timedelta(minutes=cutoff):
        return errors.CancellationClosed(cutoff)
    return None


def appointment_cancel_problem(
    appointment: Appointment, *, now: dt.datetime | None = None, actor=None
) -> errors.BookingError | None:
    """Why `actor` cannot cancel the appointment now, or None: a booked one as for any change;
    one already checked in only by those the lifecycle table allows (the office, the bureau)."""
    if appointment.status == Appointment.Status.BOOKED:
        return appointment_change_problem(appointment, now=now, actor=actor)
    if not transition_allowed(name="cancel", status=appointment.status, actor=actor):
        return errors.NotActive()
    return None


def _check_change_allowed(appointment: Appointment, *, now: dt.datetime, actor) -> None:
    problem = appointment_change_problem(appointment, now=now, actor=actor)
    if problem is not None:
        raise problem


# --- rescheduling ------------------------------------------------------------------------------


def _requote_for_day(
    *, current: Appointment, day: dt.date, actor, now: dt.datetime, channel: str
) -> bool:
    """Decide again what depends on the applicant's age for the appointment's new date.

    An age-based exemption (a free will from 70) is for the age on the appointment's day: moved
    before the 70th birthday the will is no longer free, moved onto it it becomes free. Declared
    claims (the minimum living allowance, say) stay as they are. Returns whether the fee quote
    changed; the change is in the event log and the message to the resident."""
    resident = current.applicant
    claims = list(current.exemption_claims.select_related("exemption"))
    automatic_now = {
        exemption.pk: exemption
        for exemption, automatic in applicable_exemptions(
            matter=current.matter, resident=resident, on=day
        )
        if automatic
    }
    dropped = [c for c in claims if c.automatic and c.exemption_id not in automatic_now]
    held = {c.exemption_id for c in claims}
    added = [e for pk, e in automatic_now.items() if pk not in held]
    if not dropped and not added:
        return False
    previous_payable, previous_gross = str(current.fee_quote), str(current.fee_gross)
    ExemptionClaim.objects.filter(pk__in=[c.pk for c in dropped]).delete()
    ExemptionClaim.objects.bulk_create(
        ExemptionClaim(
            appointment=current,
            exemption=e,
            automatic=True,
            name_zh=e.name_zh,
            name_en=e.name_en,
            evidence_zh=e.evidence_zh,
            evidence_en=e.evidence_en,
        )
        for e in added
    )
    granted = current.exemption_claims.exclude(status=ExemptionClaim.Status.REJECTED).exists()
    current.fee_quote = Decimal("0.00") if granted else current.fee_gross
    current.save(update_fields=["fee_quote", "updated_at"])
    events.fee_requoted_event(
        appointment=current,
        actor=actor,
        at=now,
        channel=channel,
        previous_payable=previous_payable,
        previous_gross=previous_gross,
        dropped=[c.exemption.code for c in dropped],
        added=[e.code for e in added],
    )
    return True


def _declared_green(current: Appointment) -> str:
    """The green-channel ground the resident declared (kept when the date moves); the age-based
    one is recognised afresh for the new date."""
    return (
        "" if current.green_channel == Appointment.GreenChannel.ELDERLY else current.green_channel
    )


def appointment_reschedule(
    *,
    appointment: Appointment,
    starts_at: dt.datetime,
    actor,
    now: dt.datetime | None = None,
    reason: str = "",
    channel: str | None = None,
    also: Callable[[Appointment], object] | None = None,
) -> Appointment:
    """Move an appointment to another time at the same office, atomically: the old time is
    released only if the new one is secured (one row is updated in one transaction). `also`
    writes the caller's own record of the move (the hotline's consent) in that transaction.

    Everything that depends on the date is decided again for the new one: the blacklist, the
    green channel and the age-based exemptions (the resident is told the new fee). Raises
    SameTime, SlotTaken, SlotUnavailable, ResidentOverlap, Blacklisted, NotActive or
    CancellationClosed; nothing changes then."""
    now = now or timezone.now()
    channel = channel or events.channel_for(actor)
    if starts_at == appointment.starts_at:
        raise errors.SameTime
    new_day = timezone.localdate(starts_at)
    if _blacklisted(
        resident=appointment.resident,
        office=appointment.office,
        matter=appointment.matter,
        on=new_day,
        channel=channel,
        actor=actor,
        applicant_id_hash=appointment.applicant_id_hash,
    ):
        raise errors.Blacklisted
    try:
        with transaction.atomic(durable=True):
            current = appointment_reschedule_locked(
                appointment=appointment,
                starts_at=starts_at,
                actor=actor,
                now=now,
                reason=reason,
                channel=channel,
            )
            if also is not None:
                also(current)
    except IntegrityError as error:
        _raise_for_integrity_error(error, for_other=appointment.for_someone_else)
    return current


def appointment_reschedule_locked(
    *,
    appointment: Appointment,
    starts_at: dt.datetime,
    actor,
    now: dt.datetime,
    reason: str = "",
    channel: str,
) -> Appointment:
    """The writes of a move, inside the caller's durable transaction (appointment_reschedule's
    own, or a workflow resolving several appointments at once): locks the resident, then the
    appointment, then the notaries, checks and moves. The caller checks the blacklist for the new
    day first, and turns the exclusion constraint's IntegrityError into a domain error."""
    new_day = timezone.localdate(starts_at)
    _lock_resident(appointment.resident)
    _lock_person(appointment.applicant_id_hash)
    current = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("resident", "matter", "office")
        .get(pk=appointment.pk)
    )
    _check_change_allowed(current, now=now, actor=actor)
    if starts_at == current.starts_at:
        raise errors.SameTime
    matter, office = current.matter, current.office
    ends_at = starts_at + (current.ends_at - current.starts_at)
    _check_resident_limits(
        resident=current.resident,
        person_hash=current.applicant_id_hash,
        for_other=current.for_someone_else,
        starts_at=starts_at,
        ends_at=ends_at,
        now=now,
        ignore=current.pk,
    )
    green = green_channel_for(
        resident=current.applicant, on=new_day, requested=_declared_green(current)
    )
    previous_start, previous_notary = current.starts_at, current.notary_id

    def move(notary_id: int) -> Appointment:
        current.starts_at, current.ends_at, current.notary_id = starts_at, ends_at, notary_id
        current.green_channel = green
        current.reminder_sent_at = None
        current.save(
            update_fields=[
                "starts_at",
                "ends_at",
                "notary",
                "green_channel",
                "reminder_sent_at",
                "updated_at",
            ]
        )
        return current

    _claim_a_notary(
        matter=matter,
        office=office,
        starts_at=starts_at,
        ends_at=ends_at,
        now=now,
        ignore=current.pk,
        green=green or ("home" if current.home_visit_address else ""),
        minutes=int((ends_at - starts_at).total_seconds() // 60),
        write=move,
        # Keep the same notary when they are free: fewer surprises for the resident.
        prefer=previous_notary,
    )
    events.rescheduled_event(
        appointment=current,
        actor=actor,
        at=now,
        channel=channel,
        previous_start=previous_start,
        previous_notary_id=previous_notary,
        reason=reason,
    )
    _requote_for_day(current=current, day=new_day, actor=actor, now=now, channel=channel)
    _enqueue_message(current.pk, "rescheduled")
    _announce_time_freed(current, previous_start)
    return current


# --- status changes: one service per transition -------------------------------------------------


def _lock_appointment(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("office", "matter", "resident")
        .get(pk=appointment.pk)
    )


def _transition(
    *,
    current: Appointment,
    name: str,
    kind: str,
    actor,
    now: dt.datetime,
    reason: str = "",
    channel: str | None = None,
    data: dict | None = None,
    extra_fields: tuple[str, ...] = (),
) -> Appointment:
    """Move a locked appointment along the transition `name` of the lifecycle table, writing its
    event. Raises TransitionNotAllowed if the status or the actor's role does not allow it."""
    transition = transition_for(name=name, status=current.status)
    if transition is None or role_of(actor) not in transition.roles:
        raise errors.TransitionNotAllowed
    previous = current.status
    current.status = transition.target
    current.save(update_fields=["status", "updated_at", *extra_fields])
    events.status_changed_event(
        appointment=current,
        kind=kind,
        from_status=previous,
        actor=actor,
        at=now,
        reason=reason,
        channel=channel,
        data=data,
    )
    return current


def check_in_window(appointment: Appointment) -> tuple[dt.datetime, dt.datetime]:
    """[from, until) when the resident can be checked in: from a set time before the start
    (people come early) until the end of the visit's own local day, never another day."""
    opens = appointment.starts_at - dt.timedelta(
        minutes=settings.APPOINTMENT_CHECK_IN_OPENS_MINUTES
    )
    day = timezone.localdate(appointment.starts_at)
    tz = timezone.get_default_timezone()
    midnight = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return max(opens, midnight), midnight + dt.timedelta(days=1)


def appointment_check_in(
    *, appointment: Appointment, by, now: dt.datetime | None = None
) -> Appointment:
    """The resident arrived at the counter. Only on the visit's own day, from
    APPOINTMENT_CHECK_IN_OPENS_MINUTES before the start: a visit cannot be recorded as having
    happened days before it does. Raises TransitionNotAllowed, CheckInTooEarly or CheckInDayOver."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _lock_appointment(appointment)
        opens, closes = check_in_window(current)
        if current.status == Appointment.Status.BOOKED and now < opens:
            raise errors.CheckInTooEarly(opens)
        if current.status == Appointment.Status.BOOKED and now >= closes:
            raise errors.CheckInDayOver
        return _transition(
            current=current, name="check_in", kind=Kind.CHECKED_IN, actor=by, now=now
        )


def appointment_complete(
    *, appointment: Appointment, by, now: dt.datetime | None = None
) -> Appointment:
    """The visit took place: only once the resident was checked in."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _lock_appointment(appointment)
        return _transition(current=current, name="complete", kind=Kind.COMPLETED, actor=by, now=now)


def appointment_mark_no_show(
    *, appointment: Appointment, by, now: dt.datetime | None = None
) -> Appointment:
    """The resident did not come. Only once the time has begun: until then they may still
    arrive. Raises TransitionNotAllowed or NoShowTooEarly."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _lock_appointment(appointment)
        if current.status == Appointment.Status.BOOKED and now < current.starts_at:
            raise errors.NoShowTooEarly
        return _transition(current=current, name="no_show", kind=Kind.NO_SHOW, actor=by, now=now)


def appointment_cancel(
    *,
    appointment: Appointment,
    actor,
    reason: str = "",
    now: dt.datetime | None = None,
    channel: str | None = None,
    also: Callable[[Appointment], object] | None = None,
) -> Appointment:
    """Cancel an appointment; its time is free again at once. Nothing is deleted.

    A resident may until the cut-off; the office at any time, with `reason` (its message to the
    resident, sent with the cancellation). `also` writes the caller's own record of the
    cancellation (the hotline's consent) in the same transaction."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        current = _lock_appointment(appointment)
        if not current.is_active:
            raise errors.NotActive
        if current.status == Appointment.Status.BOOKED:
            _check_change_allowed(current, now=now, actor=actor)
        appointment_cancel_locked(
            current=current, actor=actor, reason=reason, now=now, channel=channel
        )
        if also is not None:
            also(current)
    return current


def appointment_cancel_locked(
    *,
    current: Appointment,
    actor,
    reason: str,
    now: dt.datetime,
    channel: str | None = None,
    data: dict | None = None,
) -> Appointment:
    """The writes of a cancellation, for a caller that already holds the appointment's row lock
    inside its own transaction (the leave and calendar workflows)."""
    current.cancelled_at = now
    _transition(
        current=current,
        name="cancel",
        kind=Kind.CANCELLED,
        actor=actor,
        now=now,
        reason=reason,
        channel=channel,
        data=data,
        extra_fields=("cancelled_at",),
    )
    _enqueue_message(current.pk, "cancelled")
    _announce_time_freed(current, current.starts_at)
    return current


def appointment_reassign_locked(
    *, current: Appointment, notary: Notary, actor, now: dt.datetime, reason: str = ""
) -> Appointment:
    """Give a locked appointment to `notary` (whose lock the caller holds) at the same time.

    The caller has checked the notary is free; the exclusion constraint is the final word (its
    IntegrityError reaches the caller). A person listed on the appointment's day is not moved:
    the office cancels instead."""
    if not current.is_active:
        raise errors.NotActive
    # Inside the caller's transaction: a refusal here rolls everything back, so the flag is read
    # without logging an attempt (blacklist_check's log would be rolled back with it).
    if blacklist_flag_for(
        resident=current.resident,
        on=timezone.localdate(current.starts_at),
        applicant_id_hash=current.applicant_id_hash,
    ):
        raise errors.Blacklisted
    previous = current.notary_id
    current.notary = notary
    with transaction.atomic():
        current.save(update_fields=["notary", "updated_at"])
    events.reassigned_event(
        appointment=current, actor=actor, at=now, previous_notary_id=previous, reason=reason
    )
    if current.status == Appointment.Status.BOOKED:
        _enqueue_message(current.pk, "rescheduled")
    return current


def exemption_decide(
    *, claim: ExemptionClaim, by, confirm: bool, reason: str, now: dt.datetime | None = None
) -> ExemptionClaim:
    """The counter confirms or rejects a claimed exemption, with a reason the resident sees.

    When no exemption remains (all rejected), the appointment's payable quote goes back to the
    gross amount; the original breakdown is unchanged."""
    reason = " ".join((reason or "").split())[:300]
    if not reason:
        raise errors.DecisionInvalid
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        claim = ExemptionClaim.objects.select_for_update().get(pk=claim.pk)
        appointment = Appointment.objects.select_for_update().get(pk=claim.appointment_id)
        claim.status = (
            ExemptionClaim.Status.CONFIRMED if confirm else ExemptionClaim.Status.REJECTED
        )
        claim.decided_by, claim.decided_at, claim.reason = by, now, reason
        claim.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        granted = appointment.exemption_claims.exclude(status=ExemptionClaim.Status.REJECTED)
        payable = Decimal("0.00") if granted.exists() else appointment.fee_gross
        if payable != appointment.fee_quote:
            appointment.fee_quote = payable
            appointment.save(update_fields=["fee_quote", "updated_at"])
        events.exemption_decided_event(
            appointment=appointment,
            actor=by,
            at=now,
            exemption=claim.exemption.code,
            status=claim.status,
            reason=reason,
        )
    return claim


def fee_record_final(
    *, appointment: Appointment, by, amount: Decimal, note: str = "", now: dt.datetime | None = None
) -> Appointment:
    """Staff record the fee actually charged at the counter; the quote stays as it was, so the
    difference is visible."""
    if amount < 0 or amount > Decimal("999999999.99"):
        raise errors.FeeDetailsInvalid
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        current = Appointment.objects.select_for_update().get(pk=appointment.pk)
        previous = current.fee_final
        current.fee_final = amount.quantize(Decimal("0.01"))
        current.fee_final_note = " ".join((note or "").split())[:300]
        current.fee_final_by, current.fee_final_at = by, now
        current.save(
            update_fields=[
                "fee_final",
                "fee_final_note",
                "fee_final_by",
                "fee_final_at",
                "updated_at",
            ]
        )
        events.fee_recorded_event(
            appointment=current,
            actor=by,
            at=now,
            previous=str(previous) if previous is not None else None,
            note=current.fee_final_note,
        )
    return current


def home_visit_request_create(
    *,
    resident,
    matter: Matter,
    office: Office,
    address: str,
    reason: str,
    phone: str,
    preferred_times: str = "",
) -> HomeVisitRequest:
    """A resident who cannot come asks for a home visit. Refused like a booking for a person on
    the blacklist today (the visit's day is agreed later and checked again then)."""
    if not office.is_active or not office.matters.filter(pk=matter.pk).exists():
        raise errors.MatterNotHandled
    if _blacklisted(
        resident=resident,
        office=office,
        matter=matter,
        on=timezone.localdate(),
        channel=Channel.WEB,
        actor=resident,
    ):
        raise errors.Blacklisted
    with transaction.atomic():
        return HomeVisitRequest.objects.create(
            resident=resident,
            matter=matter,
            office=office,
            address=" ".join(address.split())[:300],
            reason=" ".join(reason.split())[:300],
            phone=phone.strip()[:20],
            preferred_times=" ".join(preferred_times.split())[:300],
        )


def home_visit_schedule(
    *,
    request: HomeVisitRequest,
    starts_at: dt.datetime,
    minutes: int,
    by,
    now: dt.datetime | None = None,
) -> Appointment:
    """Staff turn a home-visit request into an appointment at the resident's address, holding a
    notary's time like any appointment (travel included in `minutes`). The same checks as any
    booking, for the visit's date: blacklist, age-based exemptions, green channel."""
    if not 30 <= minutes <= 240:
        raise errors.FeeDetailsInvalid  # never shown: the form limits the length
    plan = _booking_plan(
        resident=request.resident,
        matter=request.matter,
        office=request.office,
        starts_at=starts_at,
        now=now,
        fee=None,
        green_channel="",
        channel=events.channel_for(by),
        actor=by,
        minutes=minutes,
        home_visit_address=request.address,
    )
    try:
        with transaction.atomic(durable=True):
            current = HomeVisitRequest.objects.select_for_update().get(pk=request.pk)
            if current.status != HomeVisitRequest.Status.REQUESTED:
                raise errors.NotActive
            appointment = _booking_write(plan, actor=by, language=None)
            current.status = HomeVisitRequest.Status.SCHEDULED
            current.appointment = appointment
            current.decided_by, current.decided_at = by, plan.now
            current.save(update_fields=["status", "appointment", "decided_by", "decided_at"])
    except IntegrityError as error:
        _raise_for_integrity_error(error)
    return appointment


def home_visit_decline(*, request: HomeVisitRequest, by, reason: str) -> HomeVisitRequest:
    reason = " ".join((reason or "").split())[:300]
    if not reason:
        raise errors.DecisionInvalid
    with transaction.atomic():
        current = HomeVisitRequest.objects.select_for_update().get(pk=request.pk)
        if current.status != HomeVisitRequest.Status.REQUESTED:
            raise errors.NotActive
        current.status = HomeVisitRequest.Status.DECLINED
        current.decision_note = reason
        current.decided_by, current.decided_at = by, timezone.now()
        current.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    return current
