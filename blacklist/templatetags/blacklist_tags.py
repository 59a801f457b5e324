"""The blacklist flag for pages of other apps (the staff appointment page): the tag reads its own
data, so those views need to know nothing about the blacklist.

    {% load blacklist_tags %}
    {% blacklist_flag appointment.resident %}          renders the warning, or nothing
    {% blacklist_flag_for appointment.resident as entry %}   the entry in force, or None
"""

from __future__ import annotations

from django import template

from blacklist.models import BlacklistEntry
from blacklist.selectors import blacklist_flag_for as _flag_for

register = template.Library()


@register.simple_tag
def blacklist_flag_for(resident) -> BlacklistEntry | None:
    return _flag_for(resident=resident)


@register.inclusion_tag("blacklist/includes/_flag.html")
def blacklist_flag(resident) -> dict:
    return {"entry": _flag_for(resident=resident)}
