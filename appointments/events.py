"""The appointment's event log: one short function per kind of event (after Saleor's
order/events.py), so every write of the log reads the same and says who, when, how and why.

Only appointments' services call these, inside the transaction of the change they record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .models import Appointment, AppointmentEvent

Kind = AppointmentEvent.Kind
Channel = AppointmentEvent.Channel

REASON_MAX_LENGTH = 1000


def channel_for(actor) -> str:
    """The channel an actor works through: residents online, operators at the 12348 hotline,
    office staff and bureau admins at an office; no actor is the system (a job)."""
    if actor is None:
        return Channel.SYSTEM
    role = getattr(actor, "role", "")
    if role == "hotline_operator":
        return Channel.HOTLINE
    if role in ("office_staff", "bureau_admin"):
        return Channel.COUNTER
    return Channel.WEB


def _record(
    appointment: Appointment,
    kind: str,
    *,
    actor,
    at: dt.datetime,
    channel: str | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    from_status: str = "",
    to_status: str = "",
) -> AppointmentEvent:
    return AppointmentEvent.objects.create(
        appointment=appointment,
        kind=kind,
        actor=actor,
        at=at,
        channel=channel or channel_for(actor),
        reason=(reason or "").strip()[:REASON_MAX_LENGTH],
        data=data or {},
        from_status=from_status,
        to_status=to_status,
    )


def _slot(starts_at: dt.datetime, notary_id: int) -> dict[str, Any]:
    return {"starts_at": starts_at.isoformat(), "notary_id": notary_id}


def booked_event(
    *, appointment: Appointment, actor, at: dt.datetime, channel: str | None = None
) -> AppointmentEvent:
    return _record(
        appointment,
        Kind.BOOKED,
        actor=actor,
        at=at,
        channel=channel,
        data=_slot(appointment.starts_at, appointment.notary_id),
    )


def rescheduled_event(
    *,
    appointment: Appointment,
    actor,
    at: dt.datetime,
    previous_start: dt.datetime,
    previous_notary_id: int,
    reason: str = "",
    channel: str | None = None,
) -> AppointmentEvent:
    return _record(
        appointment,
        Kind.RESCHEDULED,
        actor=actor,
        at=at,
        channel=channel,
        reason=reason,
        data={
            "from": _slot(previous_start, previous_notary_id),
            "to": _slot(appointment.starts_at, appointment.notary_id),
        },
    )


def reassigned_event(
    *, appointment: Appointment, actor, at: dt.datetime, previous_notary_id: int, reason: str = ""
) -> AppointmentEvent:
    return _record(
        appointment,
        Kind.REASSIGNED,
        actor=actor,
        at=at,
        reason=reason,
        data={
            "from": _slot(appointment.starts_at, previous_notary_id),
            "to": _slot(appointment.starts_at, appointment.notary_id),
        },
    )


def status_changed_event(
    *,
    appointment: Appointment,
    kind: str,
    from_status: str,
    actor,
    at: dt.datetime,
    reason: str = "",
    channel: str | None = None,
    data: dict[str, Any] | None = None,
) -> AppointmentEvent:
    return _record(
        appointment,
        kind,
        actor=actor,
        at=at,
        channel=channel,
        reason=reason,
        data=data,
        from_status=from_status,
        to_status=appointment.status,
    )


def fee_requoted_event(
    *,
    appointment: Appointment,
    actor,
    at: dt.datetime,
    previous_payable: str,
    previous_gross: str,
    dropped: list[str],
    added: list[str],
    channel: str | None = None,
) -> AppointmentEvent:
    return _record(
        appointment,
        Kind.FEE_REQUOTED,
        actor=actor,
        at=at,
        channel=channel,
        data={
            "from": {"payable": previous_payable, "gross": previous_gross},
            "to": {"payable": str(appointment.fee_quote), "gross": str(appointment.fee_gross)},
            "exemptions_dropped": dropped,
            "exemptions_added": added,
        },
    )


def fee_recorded_event(
    *, appointment: Appointment, actor, at: dt.datetime, previous: str | None, note: str
) -> AppointmentEvent:
    return _record(
        appointment,
        Kind.FEE_RECORDED,
        actor=actor,
        at=at,
        reason=note,
        data={
            "amount": str(appointment.fee_final),
            "previous": previous,
            "quote": str(appointment.fee_quote),
        },
    )


def exemption_decided_event(
    *, appointment: Appointment, actor, at: dt.datetime, exemption: str, status: str, reason: str
) -> AppointmentEvent:
    return _record(
        appointment,
        Kind.EXEMPTION_DECIDED,
        actor=actor,
        at=at,
        reason=reason,
        data={"exemption": exemption, "status": status},
    )
