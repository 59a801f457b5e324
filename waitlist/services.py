"""Writes of the waitlist: joining and leaving, making offers of freed times, accepting and
declining them. Offers are made by a Celery task after the commit of whatever freed a time (and
every few minutes, for times freed by new hours, lifted leave or the green-channel share released
the day before); the task may run twice at once or again after a crash and still makes each offer
once (see the constraints in models.py) and tells each resident once."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from appointments import errors as booking_errors
from appointments.availability import Slot, compute_availability
from appointments.forms import declared_green
from appointments.models import Appointment
from appointments.services import appointment_book
from notaries.models import Matter, Office
from portal.sms import send_sms

from .models import LIVE_OFFER, WaitlistEntry, WaitlistOffer, WaitlistSettings

logger = logging.getLogger(__name__)

MAX_ACTIVE_ENTRIES = 3
MAX_DAYS_AHEAD = 60
# An offer being accepted whose booking never finished (a crashed request) is settled after this.
ACCEPTING_GRACE = dt.timedelta(minutes=10)

Status = WaitlistEntry.Status
OfferStatus = WaitlistOffer.Status


class OfferGone(booking_errors.BookingError):
    message = _(
        "This offer is no longer open: it expired, was declined, or the time was taken. You are "
        "still on the waitlist unless you left it."
    )


# --- joining and leaving ------------------------------------------------------------------------


def waitlist_join(
    *,
    resident,
    matter: Matter,
    office: Office | None,
    date_from: dt.date,
    date_to: dt.date,
    part_of_day: str = WaitlistEntry.PartOfDay.ANY,
    green_channel: str = "",
    now: dt.datetime | None = None,
) -> WaitlistEntry:
    """Put the resident on the waitlist for `matter` at `office` (None: any office in the city).
    Raises ValidationError keyed by field; nothing is written then."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    errors: dict[str, ValidationError] = {}
    if date_from < today:
        errors["date_from"] = ValidationError(_("Choose today or a later day."), code="past")
    elif date_to < date_from:
        errors["date_to"] = ValidationError(
            _("The last day must not be before the first."), code="order"
        )
    elif date_to > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        errors["date_to"] = ValidationError(
            _("You can wait for at most %(days)d days ahead.") % {"days": MAX_DAYS_AHEAD},
            code="far",
        )
    if part_of_day not in WaitlistEntry.PartOfDay.values:
        errors["part_of_day"] = ValidationError(_("Choose a part of the day."), code="invalid")
    if office is not None and not office.matters.filter(pk=matter.pk).exists():
        errors["office"] = ValidationError(
            _("This office does not handle this matter."), code="not_handled"
        )
    if errors:
        raise ValidationError(errors)
    green = declared_green(green_channel)
    age = resident.age_on(date_from)
    with transaction.atomic():
        # Serialises one resident's joins, so the cap holds under a double submit.
        User.objects.select_for_update().filter(pk=resident.pk).first()
        active = WaitlistEntry.objects.filter(
            resident=resident, status__in=[Status.WAITING, Status.OFFERED]
        )
        if active.filter(matter=matter, office=office).exists():
            raise ValidationError(
                _("You are already on this waitlist. You can change it by leaving and joining."),
                code="duplicate",
            )
        if active.count() >= MAX_ACTIVE_ENTRIES:
            raise ValidationError(
                _("You can be on at most %(count)d waitlists at a time.")
                % {"count": MAX_ACTIVE_ENTRIES},
                code="too_many",
            )
        entry = WaitlistEntry.objects.create(
            resident=resident,
            matter=matter,
            office=office,
            date_from=date_from,
            date_to=date_to,
            part_of_day=part_of_day,
            green_channel=green,
            priority=bool(green) or (age is not None and age >= 70),
            language=_language(),
            created_at=now,
        )
    transaction.on_commit(_enqueue_offers)
    return entry


def _language() -> str:
    current = translation.get_language() or settings.LANGUAGE_CODE
    codes = {code for code, _name in settings.LANGUAGES}
    return current if current in codes else settings.LANGUAGE_CODE


def waitlist_leave(*, entry: WaitlistEntry, now: dt.datetime | None = None) -> WaitlistEntry:
    """Leave the waitlist; an open offer is withdrawn (declined) and passes to the next."""
    now = now or timezone.now()
    with transaction.atomic():
        entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
        if not entry.is_active:
            return entry
        entry.offers.filter(status=OfferStatus.OPEN).update(
            status=OfferStatus.DECLINED, decided_at=now
        )
        entry.status = Status.LEFT
        entry.ended_at = now
        entry.save(update_fields=["status", "ended_at"])
    transaction.on_commit(_enqueue_offers)
    return entry


def _enqueue_offers() -> None:
    from .tasks import make_waitlist_offers

    make_waitlist_offers.delay()


# --- making offers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferRun:
    expired: int
    offered: list[int]


def _settle_expired(now: dt.datetime) -> int:
    """Offers past their time go back: the entry waits again (and is not offered that time again).
    An acceptance that never finished is settled by whether the booking exists."""
    expired = 0
    with transaction.atomic():
        stale = list(
            WaitlistOffer.objects.select_for_update(skip_locked=True)
            .filter(status=OfferStatus.OPEN, expires_at__lte=now)
            .values_list("pk", "entry_id")
        )
        for pk, entry_id in stale:
            WaitlistOffer.objects.filter(pk=pk).update(status=OfferStatus.EXPIRED, decided_at=now)
            WaitlistEntry.objects.filter(pk=entry_id, status=Status.OFFERED).update(
                status=Status.WAITING
            )
            expired += 1
        for offer in WaitlistOffer.objects.select_for_update(skip_locked=True).filter(
            status=OfferStatus.ACCEPTING, decided_at__lte=now - ACCEPTING_GRACE
        ):
            booked = Appointment.objects.filter(
                resident_id=offer.entry.resident_id,
                matter_id=offer.matter_id,
                office_id=offer.office_id,
                starts_at=offer.starts_at,
                status=Appointment.Status.BOOKED,
            ).first()
            _finish_acceptance(offer, booked, now)
    return expired


def _free_slots(
    *, matter: Matter, office: Office | None, start: dt.date, days: int, green: bool, now
):
    availability = compute_availability(
        matter=matter,
        start_date=start,
        days=days,
        office_slugs=[office.slug] if office is not None else None,
        green_channel=green,
        now=now,
    )
    return sorted(availability.all_slots(), key=lambda s: (s.starts_at, s.office_id))


def waitlist_offers_make(*, now: dt.datetime | None = None) -> OfferRun:
    """Offer free times to the residents waiting for them, first come first served (priority
    first where the bureau says so). Safe to run twice at once and to re-run."""
    now = now or timezone.now()
    expired = _settle_expired(now)
    rules = WaitlistSettings.current()
    today = timezone.localdate(now)
    waiting = list(
        WaitlistEntry.objects.filter(status=Status.WAITING, date_to__gte=today)
        .select_related("resident", "matter", "office")
        .order_by(*(["-priority"] if rules.priority_for_green_channel else []), "created_at", "pk")
    )
    # Entries whose dates have passed end.
    WaitlistEntry.objects.filter(status=Status.WAITING, date_to__lt=today).update(
        status=Status.ENDED, ended_at=now
    )
    if not waiting:
        return OfferRun(expired=expired, offered=[])
    taken = set(
        WaitlistOffer.objects.filter(status__in=LIVE_OFFER).values_list(
            "office_id", "matter_id", "starts_at"
        )
    )
    refused: dict[int, set] = defaultdict(set)
    for entry_id, office_id, starts_at in WaitlistOffer.objects.filter(
        entry__in=waiting
    ).values_list("entry_id", "office_id", "starts_at"):
        refused[entry_id].add((office_id, starts_at))
    slots_cache: dict[tuple, list[Slot]] = {}
    offered: list[int] = []
    valid = dt.timedelta(minutes=rules.offer_valid_minutes)
    for entry in waiting:
        start = max(entry.date_from, today)
        days = (entry.date_to - start).days + 1
        green = bool(entry.green_channel) or entry.priority
        key = (entry.matter_id, entry.office_id, start, days, green)
        if key not in slots_cache:
            slots_cache[key] = _free_slots(
                matter=entry.matter,
                office=entry.office,
                start=start,
                days=days,
                green=green,
                now=now,
            )
        for slot in slots_cache[key]:
            if (slot.office_id, entry.matter_id, slot.starts_at) in taken:
                continue
            if (slot.office_id, slot.starts_at) in refused[entry.pk] or not entry.suits(
                slot.starts_at
            ):
                continue
            offer = _offer(entry=entry, slot=slot, now=now, valid=valid)
            if offer is not None:
                taken.add((slot.office_id, entry.matter_id, slot.starts_at))
                offered.append(offer.pk)
            break
    for pk in offered:
        transaction.on_commit(lambda pk=pk: _enqueue_notice(pk))
    return OfferRun(expired=expired, offered=offered)


def _offer(*, entry: WaitlistEntry, slot: Slot, now, valid) -> WaitlistOffer | None:
    try:
        with transaction.atomic():
            claimed = WaitlistEntry.objects.filter(pk=entry.pk, status=Status.WAITING).update(
                status=Status.OFFERED
            )
            if not claimed:
                return None  # another run offered this entry something meanwhile
            return WaitlistOffer.objects.create(
                entry=entry,
                matter_id=entry.matter_id,
                office_id=slot.office_id,
                starts_at=slot.starts_at,
                created_at=now,
                expires_at=now + valid,
            )
    except IntegrityError:
        # Another run offered this time (or this entry) first: its offer stands.
        return None


def _enqueue_notice(offer_id: int) -> None:
    from .tasks import send_waitlist_offer

    send_waitlist_offer.delay(offer_id=offer_id)


def waitlist_offer_notify(*, offer_id: int) -> bool:
    """Tell the resident of an open offer, once: the claim and the sending share a transaction,
    so a re-delivered task waits on the claimed row and then finds it told."""
    with transaction.atomic():
        claimed = WaitlistOffer.objects.filter(
            pk=offer_id, notified_at__isnull=True, status=OfferStatus.OPEN
        ).update(notified_at=timezone.now())
        if not claimed:
            return False
        offer = WaitlistOffer.objects.select_related("entry__resident", "matter", "office").get(
            pk=offer_id
        )
        resident = offer.entry.resident
        with translation.override(offer.entry.language):
            context = {
                "offer": offer,
                "url": settings.PORTAL_BASE_URL.rstrip("/") + f"/waitlist/offers/{offer.token}/",
                "hotline_number": settings.HOTLINE_NUMBER,
            }
            subject = " ".join(render_to_string("waitlist/email/subject.txt", context).split())
            body = render_to_string("waitlist/email/body.txt", context)
            sms = " ".join(render_to_string("waitlist/email/sms.txt", context).split())
        if resident.email:
            send_mail(subject, body, None, [resident.email])
        if resident.phone:
            send_sms(to=resident.phone, body=sms)
    logger.info("waitlist offer told offer=%s", offer_id)
    return True


# --- accepting and declining --------------------------------------------------------------------


def _finish_acceptance(offer: WaitlistOffer, appointment: Appointment | None, now) -> None:
    if appointment is not None:
        WaitlistOffer.objects.filter(pk=offer.pk).update(
            status=OfferStatus.ACCEPTED, appointment=appointment, decided_at=now
        )
        WaitlistEntry.objects.filter(pk=offer.entry_id).update(
            status=Status.BOOKED, appointment=appointment, ended_at=now
        )
    else:
        WaitlistOffer.objects.filter(pk=offer.pk).update(status=OfferStatus.FAILED, decided_at=now)
        WaitlistEntry.objects.filter(pk=offer.entry_id, status=Status.OFFERED).update(
            status=Status.WAITING
        )


def waitlist_offer_accept(
    *, offer: WaitlistOffer, resident, now: dt.datetime | None = None
) -> Appointment:
    """Book the offered time through the normal booking service (every rule applies).

    The offer is claimed first by a conditional UPDATE (open and unexpired → being accepted): of
    two acceptances at once, one claims it and books, the other is told the offer is gone. A
    booking refused (the time was taken meanwhile, the resident is now listed, ...) ends the offer
    and the entry waits again; the error reaches the caller."""
    now = now or timezone.now()
    if offer.entry.resident_id != resident.pk:
        raise OfferGone
    # Filtered on the offer's own columns only: a condition through a join becomes a subquery,
    # which PostgreSQL does not re-check after waiting for a concurrent claim's row lock.
    with transaction.atomic():
        claimed = WaitlistOffer.objects.filter(
            pk=offer.pk, status=OfferStatus.OPEN, expires_at__gt=now
        ).update(status=OfferStatus.ACCEPTING, decided_at=now)
    if not claimed:
        raise OfferGone
    entry = offer.entry
    try:
        appointment = appointment_book(
            resident=resident,
            matter=offer.matter,
            office=offer.office,
            starts_at=offer.starts_at,
            actor=resident,
            green_channel=entry.green_channel,
        )
    except booking_errors.BookingError:
        with transaction.atomic():
            _finish_acceptance(offer, None, now)
        transaction.on_commit(_enqueue_offers)
        raise
    with transaction.atomic():
        _finish_acceptance(offer, appointment, now)
    return appointment


def waitlist_offer_decline(
    *, offer: WaitlistOffer, resident, now: dt.datetime | None = None
) -> None:
    """Decline: the time goes to the next resident waiting; this one keeps waiting."""
    now = now or timezone.now()
    if offer.entry.resident_id != resident.pk:
        raise OfferGone
    with transaction.atomic():
        declined = WaitlistOffer.objects.filter(pk=offer.pk, status=OfferStatus.OPEN).update(
            status=OfferStatus.DECLINED, decided_at=now
        )
        if not declined:
            raise OfferGone
        WaitlistEntry.objects.filter(pk=offer.entry_id, status=Status.OFFERED).update(
            status=Status.WAITING
        )
    transaction.on_commit(_enqueue_offers)
