"""What the counter sees of a legal-aid grant claimed as a fee exemption."""

from __future__ import annotations

from django import template

from legalaid.selectors import grants_valid_on

register = template.Library()


@register.simple_tag
def legal_aid_grants(appointment):
    """The applicant's legal-aid grants valid on the appointment's day (reference, centre, date)."""
    from django.utils import timezone

    return grants_valid_on(
        applicant_id=appointment.resident_id, on=timezone.localdate(appointment.starts_at)
    )
