"""Domain errors of the consultation desk; views turn them into messages on the same page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class ConsultError(Exception):
    message = _("This consultation cannot be changed that way.")

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)
        self.message = message or self.message

    def __str__(self) -> str:
        return str(self.message)


class AlreadyOwned(ConsultError):
    """Someone else took the request first: first-question responsibility stays with them."""

    def __init__(self, owner: str) -> None:
        super().__init__(
            _("%(owner)s already took this request and is responsible for it.") % {"owner": owner}
        )
        self.owner = owner


class NotOwner(ConsultError):
    message = _("Only the request's owner can do this.")


class WrongStatus(ConsultError):
    message = _("The request is no longer in a state that allows this.")


class NotReceiver(ConsultError):
    message = _("Only the receiver of the referral can accept or return it.")
