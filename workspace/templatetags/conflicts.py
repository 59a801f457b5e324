"""`{% calendar_conflicts_notice %}`: the workspace's warning while appointments of the user's
offices sit on days that closed after they were booked (see appointments/conflicts.py)."""

from __future__ import annotations

from django import template

from accounts.permissions import is_staff_member, offices_for_staff
from appointments.conflicts import appointments_on_closed_days

register = template.Library()


@register.inclusion_tag("workspace/includes/_calendar_conflicts_notice.html", takes_context=True)
def calendar_conflicts_notice(context) -> dict[str, object]:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if not is_staff_member(user):
        return {"calendar_conflicts": 0}
    # A fixed few queries (the selector's), whatever the number of appointments.
    return {"calendar_conflicts": len(appointments_on_closed_days(offices=offices_for_staff(user)))}
