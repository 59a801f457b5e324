"""Domain errors of the blacklist; views turn them into messages on the same page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class BlacklistError(Exception):
    message = _("This change to the blacklist could not be made.")

    def __str__(self) -> str:
        return str(self.message)


class AlreadyLifted(BlacklistError):
    message = _("This entry has already been lifted.")
