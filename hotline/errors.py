"""Domain errors of the hotline desk; views turn them into messages on the same page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class HotlineError(Exception):
    message = _("This could not be done.")

    def __str__(self) -> str:
        return str(self.message)


class TooManyLookups(HotlineError):
    message = _(
        "Too many look-ups without a match in the last few minutes. Please wait a little before "
        "trying again."
    )
