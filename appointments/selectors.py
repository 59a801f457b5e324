"""Reads of appointments, always scoped to who is asking."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Appointment, AppointmentEvent


def appointments_for_resident(*, resident) -> QuerySet[Appointment]:
    return Appointment.objects.filter(resident=resident).select_related(
        "matter", "office", "office__district", "notary"
    )


def appointment_lists_for_resident(*, resident) -> tuple[list[Appointment], list[Appointment]]:
    """(upcoming, past) in one query: upcoming soonest first, past latest first."""
    now = timezone.now()
    upcoming, past = [], []
    for appointment in appointments_for_resident(resident=resident).order_by("starts_at"):
        if appointment.is_active and appointment.ends_at > now:
            upcoming.append(appointment)
        else:
            past.append(appointment)
    past.reverse()
    return upcoming, past


# --- the event log, in plain words ----------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    text: str
    by: str
    reason: str


def _when(value: str | None) -> str:
    if not value:
        return ""
    moment = timezone.localtime(dt.datetime.fromisoformat(value))
    return f"{moment:%Y-%m-%d %H:%M}"


def _by(event: AppointmentEvent, appointment: Appointment, *, for_staff: bool) -> str:
    if event.actor_id is not None and event.actor_id == appointment.resident_id:
        return str(_("the resident")) if for_staff else str(_("you"))
    if for_staff and event.actor is not None:
        # Staff see who did it (the log is their audit trail); residents see the office.
        return f"{event.actor} · {event.get_channel_display()}"
    offices: dict[str, str] = {
        AppointmentEvent.Channel.HOTLINE: str(_("the 12348 hotline")),
        AppointmentEvent.Channel.COUNTER: str(_("the notary office")),
        AppointmentEvent.Channel.SYSTEM: str(_("automatically")),
    }
    return offices.get(event.channel, str(_("online")))


def _event_text(event: AppointmentEvent) -> str:
    data, kind = event.data or {}, AppointmentEvent.Kind
    if event.kind == kind.BOOKED:
        return str(_("Booked for %(when)s.") % {"when": _when(data.get("starts_at"))})
    if event.kind == kind.RESCHEDULED:
        return str(
            _("Moved from %(old)s to %(new)s.")
            % {
                "old": _when(data.get("from", {}).get("starts_at")),
                "new": _when(data.get("to", {}).get("starts_at")),
            }
        )
    if event.kind == kind.REASSIGNED:
        return str(_("Given to another notary of the office, at the same time."))
    if event.kind == kind.CHECKED_IN:
        return str(_("Checked in at the counter."))
    if event.kind == kind.COMPLETED:
        return str(_("The visit took place."))
    if event.kind == kind.NO_SHOW:
        return str(_("Marked as not come."))
    if event.kind == kind.CANCELLED:
        return str(_("Cancelled."))
    if event.kind == kind.FEE_REQUOTED:
        return str(
            _("Fee quoted again for the new date: now %(new)s yuan (was %(old)s yuan).")
            % {
                "new": data.get("to", {}).get("payable", ""),
                "old": data.get("from", {}).get("payable", ""),
            }
        )
    if event.kind == kind.FEE_RECORDED:
        return str(_("Fee charged: %(amount)s yuan.") % {"amount": data.get("amount", "")})
    if event.kind == kind.EXEMPTION_DECIDED:
        if data.get("status") == "confirmed":
            return str(_("Fee exemption confirmed."))
        return str(_("Fee exemption not granted."))
    return str(event.get_kind_display())


def appointment_timeline(
    *, appointment: Appointment, for_staff: bool = False
) -> list[TimelineEntry]:
    """What happened to the appointment, oldest first, in plain words: for the resident (who did
    it: you, the office, the hotline) or for staff (the account and channel). One query."""
    events = appointment.events.select_related("actor") if for_staff else appointment.events.all()
    return [
        TimelineEntry(
            at=event.at,
            text=_event_text(event),
            by=_by(event, appointment, for_staff=for_staff),
            reason=event.reason,
        )
        for event in sorted(events, key=lambda e: (e.at, e.pk))
    ]


def appointment_action_allowed(
    *, appointment: Appointment, name: str, actor, now: dt.datetime | None = None
) -> bool:
    """Whether to offer `actor` the status change `name` ("check_in", "complete", "no_show",
    "cancel") now: the lifecycle table, and the same time rules the services apply."""
    from .lifecycle import transition_allowed
    from .services import check_in_window

    if not transition_allowed(name=name, status=appointment.status, actor=actor):
        return False
    now = now or timezone.now()
    if name == "check_in":
        opens, closes = check_in_window(appointment)
        return opens <= now < closes
    if name == "no_show":
        return now >= appointment.starts_at
    return True
