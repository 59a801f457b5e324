"""The blacklist flag for pages of other apps (the staff appointment page): the tag reads its own
data, so those views need to know nothing about the blacklist.

    {% load blacklist_tags %}
    {% blacklist_flag appointment.resident appointment.starts_at %}  the warning, or nothing
    {% blacklist_flag_for appointment.resident as entry %}   the entry in force today, or None

With a moment (the appointment's start), the entry in force on that day: the blacklist is decided
for the appointment's date.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from blacklist.models import BlacklistEntry
from blacklist.selectors import blacklist_flag_for as _flag_for

register = template.Library()


def _day(moment) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


@register.simple_tag
def blacklist_flag_for(resident, moment=None) -> BlacklistEntry | None:
    return _flag_for(resident=resident, on=_day(moment))


@register.inclusion_tag("blacklist/includes/_flag.html")
def blacklist_flag(resident, moment=None) -> dict:
    return {"entry": _flag_for(resident=resident, on=_day(moment))}
