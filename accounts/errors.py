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
        "in to that account; if the 12348 hotline opened it for you, sign in with a code sent "
        "to its mobile phone (on the sign-in page). Or call the hotline for help."
    )


class IdNumberLocked(AccountsError):
    """The account has booked with its identity number, which can now change only at a counter.

    Bookings, fee exemptions by age and the blacklist were all decided for that number; letting
    the resident replace it online would let them shed a blacklist entry or an age they booked
    with."""

    message = _(
        "Your identity number can no longer be changed online because you have booked with it. "
        "An office can correct it at the counter with your identity card."
    )
