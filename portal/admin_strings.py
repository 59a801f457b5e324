"""Strings of Django's admin templates that Django's own Chinese catalogue lacks (new in 5.2):
marked here so that `makemessages` keeps them in ours, which LOCALE_PATHS puts first. Without
them the bureau's Chinese admin pages carry English headings and titles."""

from django.utils.translation import gettext_noop

DJANGO_ADMIN_STRINGS = [
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
]
