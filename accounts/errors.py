"""Domain errors raised by the accounts services; views and forms turn them into messages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class AccountsError(Exception):
    """Base class: `message` is safe to show to the resident."""

    message = _("Your details could not be saved.")

    def __str__(self) -> str:
        return str(self.message)


class IdNumberInUse(AccountsError):
    """Another account already holds this resident identity number."""

    message = _(
        "This identity number is already registered to another account. If it is yours, sign "
        "in to that account, or call the hotline for help."
    )
