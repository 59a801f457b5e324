"""Domain errors of public-welfare events; views turn them into messages on the same page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class EventsError(Exception):
    message = _("This could not be done.")

    def __str__(self) -> str:
        return str(self.message)


class EventFull(EventsError):
    message = _("Sorry, this event is full: every place has been taken.")


class AlreadySignedUp(EventsError):
    message = _("You have already signed up for this event.")


class SignupClosed(EventsError):
    message = _("Sign-up has closed: this event has already started.")


class NotAResident(EventsError):
    message = _("Only residents' accounts can sign up for events.")


class EventTimesInvalid(EventsError):
    message = _("An event must end after it starts.")


class CapacityOutOfRange(EventsError):
    message = _("An event has 1 to 10,000 places.")


class CapacityBelowSignups(EventsError):
    def __init__(self, count: int):
        super().__init__(count)
        self.count = count

    def __str__(self) -> str:
        return str(
            _("%(count)s people have already signed up: the event needs at least that many places.")
            % {"count": self.count}
        )


class OfficeNotAllowed(EventsError):
    message = _("You can only manage events of your own office.")
