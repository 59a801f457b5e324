"""Booking, rescheduling and cancelling: the writes that must never double-book a notary.

How a booking stays safe under a rush (twenty people pressing "Book" for one time):
1. Lock the resident's own row first. It serialises one resident's bookings, so the
   "at most N upcoming appointments" rule cannot be beaten by two tabs at once.
2. Lock the notaries who could take the slot, in primary-key order (one statement), so two
   bookings never wait on each other in opposite orders (no deadlock).
3. Only then check who is still free, and insert.
4. PostgreSQL's exclusion constraints are the final word: if anything slipped past the checks,
   the insert fails and the resident is told the time was just taken.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from blacklist.services import blacklist_check
from notaries.models import Matter, Notary, Office

from . import errors
from .availability import compute_availability
from .fees import FeeRequest, booking_quote
from .models import Appointment, AppointmentEvent, ExemptionClaim, HomeVisitRequest
from .references import new_reference

logger = logging.getLogger(__name__)

GREEN_CHANNEL_AGE = 70
NOTARY_CONSTRAINT = "appointment_no_overlap_per_notary"
RESIDENT_CONSTRAINT = "appointment_no_overlap_per_resident"


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
) -> list[int]:
    """Notaries of `office` free for `matter` at exactly `starts_at`, by the schedule rules.

    `ignore` is an appointment whose own time does not count (when it is being moved)."""
    local_date = timezone.localdate(starts_at)
    availability = compute_availability(
        matter=matter,
        start_date=local_date,
        days=1,
        office_slugs=[office.slug],
        now=now,
        ignore_appointment_id=ignore,
        green_channel=bool(green),
        minutes=minutes,
    )
    for slot in availability.slots(office_id=office.pk, date=local_date):
        if slot.starts_at == starts_at:
            return sorted(slot.notary_ids)
    return []


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


def _lock_notaries(ids: list[int]) -> None:
    list(Notary.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


def _free_under_lock(
    *,
    matter: Matter,
    office: Office,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    now: dt.datetime,
    ignore: int | None,
    green: str,
    minutes: int | None = None,
    also_lock: tuple[int, ...] = (),
) -> list[int]:
    """Lock every notary of the office who could take the matter, then read who is free.

    The locks come first (one statement, primary-key order) and the availability is computed
    once, after them: no booking can slip in between the check and our insert, and two bookings
    never wait on each other in opposite orders. Raises SlotTaken or SlotUnavailable."""
    candidates = Notary.objects.filter(
        office=office, status=Notary.Status.ON_DUTY, matters=matter
    ).values_list("pk", flat=True)
    _lock_notaries(sorted({*candidates, *also_lock}))
    free = _free_notaries(
        matter=matter,
        office=office,
        starts_at=starts_at,
        now=now,
        ignore=ignore,
        green=green,
        minutes=minutes,
    )
    if not free:
        raise _unavailable(
            matter=matter, office=office, starts_at=starts_at, ends_at=ends_at, ignore=ignore
        )
    return free


def _pick_notary(*, candidates: list[int], day: dt.date) -> int:
    """The least-busy candidate that day, so work spreads evenly; ties go to the lowest id."""
    load = dict.fromkeys(candidates, 0)
    for notary_id in (
        Appointment.objects.active()
        .filter(notary_id__in=candidates, starts_at__date=day)
        .values_list("notary_id", flat=True)
    ):
        load[notary_id] += 1
    return min(candidates, key=lambda pk: (load[pk], pk))


def _check_resident_limits(*, resident, starts_at, ends_at, now, ignore: int | None) -> None:
    mine = Appointment.objects.active().filter(resident=resident)
    if ignore is not None:
        mine = mine.exclude(pk=ignore)
    if mine.overlapping(starts_at, ends_at).exists():
        raise errors.ResidentOverlap
    limit = settings.APPOINTMENT_MAX_ACTIVE_PER_RESIDENT
    if ignore is None and mine.filter(ends_at__gt=now).count() >= limit:
        raise errors.TooManyAppointments(limit)


def _raise_for_integrity_error(error: IntegrityError) -> None:
    name = _constraint_name(error)
    if RESIDENT_CONSTRAINT in name:
        raise errors.ResidentOverlap from error
    if NOTARY_CONSTRAINT in name:
        raise errors.SlotTaken from error
    raise error


def _enqueue_message(appointment_id: int, kind: str) -> None:
    from .tasks import send_appointment_message

    transaction.on_commit(
        lambda: send_appointment_message.delay(appointment_id=appointment_id, kind=kind)
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
    channel: str = "web",
) -> Appointment:
    """Book `matter` at `office` at `starts_at` for `resident`, with whichever notary is free.

    The fee quote (with its breakdown and the exemptions claimed) is computed here and stored
    with the appointment as it was. `green_channel` is the priority the resident asked for; it
    opens the times each office keeps for the green channel.

    `channel` ("web" or "hotline") and `actor` are logged with a refused blacklisted attempt.

    Raises SlotTaken, SlotUnavailable, ResidentOverlap, TooManyAppointments, ProfileIncomplete,
    MatterNotHandled or Blacklisted; nothing is booked then."""
    booking = _Booking.prepare(
        resident=resident,
        matter=matter,
        office=office,
        starts_at=starts_at,
        now=now,
        fee=fee,
        green_channel=green_channel,
        channel=channel,
        actor=actor,
    )
    try:
        with transaction.atomic(durable=True):
            appointment = booking.write(actor=actor or resident, language=language)
    except IntegrityError as error:
        _raise_for_integrity_error(error)
    logger.info("appointment booked id=%s office=%s", appointment.pk, office.slug)
    return appointment


class _Booking:
    """One booking's checks and writes, to run inside the caller's durable transaction."""

    def __init__(self, **fields):
        self.__dict__.update(fields)

    @classmethod
    def prepare(
        cls,
        *,
        resident,
        matter: Matter,
        office: Office,
        starts_at: dt.datetime,
        now: dt.datetime | None,
        fee: FeeRequest | None,
        green_channel: str,
        minutes: int | None = None,
        home_visit_address: str = "",
        channel: str = "web",
        actor=None,
    ) -> _Booking:
        now = now or timezone.now()
        if not getattr(resident, "has_complete_profile", False):
            raise errors.ProfileIncomplete
        if not office.is_active or not office.matters.filter(pk=matter.pk).exists():
            raise errors.MatterNotHandled
        # Checked before any lock is taken: the attempt is logged in its own transaction, which
        # must commit although the booking is refused (see blacklist.services.blacklist_check).
        if blacklist_check(
            resident=resident, office=office, matter=matter, channel=channel, actor=actor
        ):
            raise errors.Blacklisted
        minutes = minutes or matter.appointment_minutes
        day = timezone.localdate(starts_at)
        try:
            quote = booking_quote(
                matter=matter, resident=resident, on=day, request=fee or FeeRequest()
            )
        except ValueError as error:
            raise errors.FeeDetailsInvalid from error
        return cls(
            resident=resident,
            matter=matter,
            office=office,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=minutes),
            minutes=minutes,
            now=now,
            quote=quote,
            # A home visit is arranged by staff for someone who cannot come: it may use the
            # times kept for the green channel.
            green=green_channel_for(resident=resident, on=day, requested=green_channel),
            home_visit_address=home_visit_address,
        )

    def write(self, *, actor, language: str | None) -> Appointment:
        _lock_resident(self.resident)
        _check_resident_limits(
            resident=self.resident,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            now=self.now,
            ignore=None,
        )
        free = _free_under_lock(
            matter=self.matter,
            office=self.office,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            now=self.now,
            ignore=None,
            green=self.green or ("home" if self.home_visit_address else ""),
            minutes=self.minutes,
        )
        notary_id = _pick_notary(candidates=free, day=timezone.localdate(self.starts_at))
        appointment = _insert_with_reference(
            resident=self.resident,
            matter=self.matter,
            office=self.office,
            notary_id=notary_id,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            language=language or translation.get_language() or settings.LANGUAGE_CODE,
            now=self.now,
            fee_quote=self.quote.payable,
            fee_gross=self.quote.gross,
            fee_details=self.quote.details,
            green_channel=self.green,
            home_visit_address=self.home_visit_address,
        )
        _record_claims(appointment, self.quote)
        AppointmentEvent.objects.create(
            appointment=appointment,
            kind=AppointmentEvent.Kind.BOOKED,
            actor=actor,
            at=self.now,
            data={"starts_at": self.starts_at.isoformat(), "notary_id": notary_id},
        )
        _enqueue_message(appointment.pk, "booked")
        return appointment


def _insert_with_reference(**fields) -> Appointment:
    now = fields.pop("now")
    resident = fields["resident"]
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Appointment.objects.create(
                    reference=new_reference(on=timezone.localdate(now)),
                    applicant_name=resident.real_name,
                    applicant_phone=resident.phone,
                    **fields,
                )
        except IntegrityError as error:
            if "reference" not in _constraint_name(error):
                raise
    raise RuntimeError("could not draw a free appointment reference")  # pragma: no cover


def appointment_change_problem(
    appointment: Appointment, *, now: dt.datetime | None = None, by_staff: bool = False
) -> errors.BookingError | None:
    """Why the appointment can no longer be cancelled or moved online, or None if it can."""
    if appointment.status != Appointment.Status.BOOKED:
        return errors.NotActive()
    cutoff = settings.APPOINTMENT_CANCEL_CUTOFF_MINUTES
    now = now or timezone.now()
    if not by_staff and now > appointment.starts_at - dt.timedelta(minutes=cutoff):
        return errors.CancellationClosed(cutoff)
    return None


def _check_change_allowed(appointment: Appointment, *, now: dt.datetime, by_staff: bool) -> None:
    problem = appointment_change_problem(appointment, now=now, by_staff=by_staff)
    if problem is not None:
        raise problem


def appointment_reschedule(
    *,
    appointment: Appointment,
    starts_at: dt.datetime,
    actor,
    now: dt.datetime | None = None,
    by_staff: bool = False,
) -> Appointment:
    """Move an appointment to another time at the same office, atomically: the old time is
    released only if the new one is secured (one row is updated in one transaction)."""
    now = now or timezone.now()
    try:
        with transaction.atomic(durable=True):
            _lock_resident(appointment.resident)
            current = Appointment.objects.select_for_update().get(pk=appointment.pk)
            _check_change_allowed(current, now=now, by_staff=by_staff)
            matter, office = current.matter, current.office
            ends_at = starts_at + dt.timedelta(minutes=matter.appointment_minutes)
            _check_resident_limits(
                resident=current.resident,
                starts_at=starts_at,
                ends_at=ends_at,
                now=now,
                ignore=current.pk,
            )
            free = _free_under_lock(
                matter=matter,
                office=office,
                starts_at=starts_at,
                ends_at=ends_at,
                now=now,
                ignore=current.pk,
                green=current.green_channel,
                also_lock=(current.notary_id,),
            )
            # Keep the same notary when they are free: fewer surprises for the resident.
            notary_id = (
                current.notary_id
                if current.notary_id in free
                else _pick_notary(candidates=free, day=timezone.localdate(starts_at))
            )
            old = {"starts_at": current.starts_at.isoformat(), "notary_id": current.notary_id}
            current.starts_at, current.ends_at, current.notary_id = starts_at, ends_at, notary_id
            current.reminder_sent_at = None
            current.save(
                update_fields=["starts_at", "ends_at", "notary", "reminder_sent_at", "updated_at"]
            )
            AppointmentEvent.objects.create(
                appointment=current,
                kind=AppointmentEvent.Kind.RESCHEDULED,
                actor=actor,
                at=now,
                data={
                    "from": old,
                    "to": {"starts_at": starts_at.isoformat(), "notary_id": notary_id},
                },
            )
            _enqueue_message(current.pk, "rescheduled")
    except IntegrityError as error:
        _raise_for_integrity_error(error)
    return current


def appointment_cancel(
    *,
    appointment: Appointment,
    actor,
    reason: str = "",
    now: dt.datetime | None = None,
    by_staff: bool = False,
) -> Appointment:
    """Cancel an appointment; its time is free again at once. Nothing is deleted."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        current = Appointment.objects.select_for_update().get(pk=appointment.pk)
        _check_change_allowed(current, now=now, by_staff=by_staff)
        appointment_cancel_locked(current=current, actor=actor, reason=reason, now=now)
    return current


def appointment_cancel_locked(
    *, current: Appointment, actor, reason: str, now: dt.datetime, data: dict | None = None
) -> Appointment:
    """The writes of a cancellation, for a caller that already holds the appointment's row lock
    inside its own transaction (and has checked the cancellation is allowed)."""
    current.status = Appointment.Status.CANCELLED
    current.cancelled_at = now
    current.save(update_fields=["status", "cancelled_at", "updated_at"])
    AppointmentEvent.objects.create(
        appointment=current,
        kind=AppointmentEvent.Kind.CANCELLED,
        actor=actor,
        at=now,
        data={**({"reason": reason[:500]} if reason else {}), **(data or {})},
    )
    _enqueue_message(current.pk, "cancelled")
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
        AppointmentEvent.objects.create(
            appointment=appointment,
            kind=AppointmentEvent.Kind.EXEMPTION_DECIDED,
            actor=by,
            at=now,
            data={"exemption": claim.exemption.code, "status": claim.status, "reason": reason},
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
        AppointmentEvent.objects.create(
            appointment=current,
            kind=AppointmentEvent.Kind.FEE_RECORDED,
            actor=by,
            at=now,
            data={
                "amount": str(current.fee_final),
                "previous": str(previous) if previous is not None else None,
                "quote": str(current.fee_quote),
                "note": current.fee_final_note,
            },
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
    if not office.is_active or not office.matters.filter(pk=matter.pk).exists():
        raise errors.MatterNotHandled
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
    notary's time like any appointment (travel included in `minutes`)."""
    if not 30 <= minutes <= 240:
        raise errors.FeeDetailsInvalid  # never shown: the form limits the length
    booking = _Booking.prepare(
        resident=request.resident,
        matter=request.matter,
        office=request.office,
        starts_at=starts_at,
        now=now,
        fee=None,
        green_channel="",
        minutes=minutes,
        home_visit_address=request.address,
    )
    try:
        with transaction.atomic(durable=True):
            current = HomeVisitRequest.objects.select_for_update().get(pk=request.pk)
            if current.status != HomeVisitRequest.Status.REQUESTED:
                raise errors.NotActive
            appointment = booking.write(actor=by, language=None)
            current.status = HomeVisitRequest.Status.SCHEDULED
            current.appointment = appointment
            current.decided_by, current.decided_at = by, booking.now
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
