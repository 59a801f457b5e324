"""Casework on the resident's appointment page, which belongs to the appointments app: the panel
reads its own data so that page's view needs to know nothing about casework."""

from __future__ import annotations

from django import template

from casework.selectors import Casework, casework_for_appointment

register = template.Library()


@register.simple_tag
def casework_for(appointment) -> Casework:
    return casework_for_appointment(appointment=appointment)
