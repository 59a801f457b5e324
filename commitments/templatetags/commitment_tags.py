"""Commitments beside an appointment's items, on pages the casework app owns."""

from __future__ import annotations

from django import template

from commitments.selectors import commitments_by_item

register = template.Library()


@register.simple_tag
def commitments_for(appointment) -> dict:
    return commitments_by_item(appointment=appointment)


@register.filter
def given_for(commitments: dict, material_id):
    return commitments.get(material_id)
