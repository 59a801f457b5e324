"""Online verification beside an appointment's items, on pages other apps own."""

from __future__ import annotations

from django import template

from verification.selectors import AppointmentChecks, ItemCheck, checks_for

register = template.Library()


@register.simple_tag
def verification_checks_for(appointment) -> AppointmentChecks:
    return checks_for(appointment=appointment)


@register.filter
def check_for(checks: AppointmentChecks | None, material_id) -> ItemCheck:
    if not isinstance(checks, AppointmentChecks):
        return ItemCheck()
    return checks.for_item(material_id)
