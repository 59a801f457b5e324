"""Dates as readers expect them: `{{ value|when }}` reads "12月4日 周五 09:30" on a Chinese page
and "Fri 4 Dec 09:30" on an English one (the year added when it is not this year's). A template
builtin (settings TEMPLATES), so no template needs to load it. The API keeps ISO 8601.

The named formats (DATE_FORMAT, DATETIME_FORMAT, ...) come from portal/formats/<language>/."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext

register = template.Library()


def _weekday(day: dt.date) -> str:
    names = [
        pgettext("short weekday", "Mon"),
        pgettext("short weekday", "Tue"),
        pgettext("short weekday", "Wed"),
        pgettext("short weekday", "Thu"),
        pgettext("short weekday", "Fri"),
        pgettext("short weekday", "Sat"),
        pgettext("short weekday", "Sun"),
    ]
    return names[day.weekday()]


def when_text(value: dt.date | dt.datetime, *, today: dt.date | None = None) -> str:
    if isinstance(value, dt.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        day, time = moment.date(), f"{moment:%H:%M}"
    else:
        day, time = value, ""
    today = today or timezone.localdate()
    # Translators reorder the <...> parts; <month> is the month's number, <month name> its name.
    parts = {
        "<weekday>": _weekday(day),
        "<day>": str(day.day),
        "<month name>": date_format(day, "M"),
        "<month>": str(day.month),
        "<year>": str(day.year),
    }
    if day.year == today.year:
        text = pgettext("date with weekday, this year", "<weekday> <day> <month name>")
    else:
        text = pgettext("date with weekday, another year", "<weekday> <day> <month name> <year>")
    for token, part in parts.items():
        text = text.replace(token, part)
    return f"{text} {time}" if time else text


@register.filter
def when(value) -> str:
    if not isinstance(value, dt.date):
        return ""
    return when_text(value)
