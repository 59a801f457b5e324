"""The life of an appointment: which status may follow which, and who may move it there.

This table is the one place that says it. The services in appointments/services.py consult it
before every status change (and add the rules of time: check-in only on the visit's day, a no-show
only once the time has begun); views ask it whether to show a button. No other app changes an
appointment's status: casework, the workspace, the hotline and home visits call those services.

    booked ──check in──▶ checked in ──complete──▶ completed
      │                      │
      ├──did not come──▶ no-show
      └──cancel──▶ cancelled ◀──cancel (office only)──┘
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User

from .models import Appointment

Status = Appointment.Status
Role = User.Role

STAFF = frozenset({Role.OFFICE_STAFF, Role.BUREAU_ADMIN})
ANYONE_FOR_THE_RESIDENT = STAFF | {Role.RESIDENT, Role.HOTLINE_OPERATOR}


@dataclass(frozen=True)
class Transition:
    name: str
    source: str
    target: str
    roles: frozenset[str]


TRANSITIONS: tuple[Transition, ...] = (
    Transition("check_in", Status.BOOKED, Status.CHECKED_IN, STAFF),
    Transition("complete", Status.CHECKED_IN, Status.COMPLETED, STAFF),
    Transition("no_show", Status.BOOKED, Status.NO_SHOW, STAFF),
    # The resident (online), the hotline on the caller's word, or the office.
    Transition("cancel", Status.BOOKED, Status.CANCELLED, ANYONE_FOR_THE_RESIDENT),
    # Someone already at the counter: only the office can call the visit off.
    Transition("cancel", Status.CHECKED_IN, Status.CANCELLED, STAFF),
)

_BY_SOURCE: dict[tuple[str, str], Transition] = {(t.name, t.source): t for t in TRANSITIONS}


def transition_for(*, name: str, status: str) -> Transition | None:
    """The transition `name` out of `status`, or None if that status does not allow it."""
    return _BY_SOURCE.get((name, status))


def role_of(actor) -> str:
    """The role an actor acts in; staff without an office act in no role at all."""
    if actor is None:
        return ""
    role = getattr(actor, "role", "")
    if role == Role.OFFICE_STAFF and getattr(actor, "office_id", None) is None:
        return ""
    return role


def transition_allowed(*, name: str, status: str, actor) -> bool:
    transition = transition_for(name=name, status=status)
    return transition is not None and role_of(actor) in transition.roles
