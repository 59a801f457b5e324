"""Domain errors of booking; views turn them into messages on the same page."""

from django.utils.translation import gettext_lazy as _


class BookingError(Exception):
    message = _("This booking could not be made.")

    def __str__(self) -> str:
        return str(self.message)


class SlotTaken(BookingError):
    message = _("This time was just taken by someone else. Please choose another time.")


class SlotUnavailable(BookingError):
    message = _("This time is not open for booking. Please choose another time.")


class ResidentOverlap(BookingError):
    message = _("You already have another appointment at this time.")


class ApplicantOverlap(ResidentOverlap):
    message = _("This person already has another appointment at this time.")


class TooManyAppointments(BookingError):
    def __init__(self, limit: int, *, for_other: bool = False):
        super().__init__(limit)
        self.limit = limit
        self.for_other = for_other

    def __str__(self) -> str:
        if self.for_other:
            return str(
                _(
                    "This person already has %(limit)d upcoming appointments, the most allowed "
                    "for one person, whoever booked them."
                )
                % {"limit": self.limit}
            )
        return str(
            _(
                "You already hold %(limit)d upcoming appointments, the most allowed. "
                "Cancel one or wait until it has taken place."
            )
            % {"limit": self.limit}
        )


class ApplicantChanged(BookingError):
    message = _(
        "The person this appointment is for was changed in another window. Check who it is for "
        "below, then confirm again."
    )


class TooManyManaged(BookingError):
    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit

    def __str__(self) -> str:
        return str(
            _(
                "Your account already manages %(limit)d upcoming appointments for you and others, "
                "the most allowed. Cancel one or wait until it has taken place."
            )
            % {"limit": self.limit}
        )


class ProfileIncomplete(BookingError):
    message = _("Please complete your name, mobile phone and identity number first.")


class MatterNotHandled(BookingError):
    message = _("This office does not handle this matter.")


class Blacklisted(BookingError):
    # Deliberately says nothing about the blacklist: the person is told where to go, not why.
    message = _("We cannot take this booking online. Please contact the notary office in person.")


class CancellationClosed(BookingError):
    def __init__(self, cutoff_minutes: int):
        super().__init__(cutoff_minutes)
        self.cutoff_minutes = cutoff_minutes

    def __str__(self) -> str:
        hours, minutes = divmod(self.cutoff_minutes, 60)
        if minutes:
            return str(
                _("Appointments can be changed online until %(minutes)d minutes before they start.")
                % {"minutes": self.cutoff_minutes}
            )
        return str(
            _("Appointments can be changed online until %(hours)d hours before they start.")
            % {"hours": hours}
        )


class NotActive(BookingError):
    message = _("This appointment is no longer active.")


class FeeDetailsInvalid(BookingError):
    message = _("Please check the numbers given for the fee.")


class NotInScope(BookingError):
    message = _("This appointment belongs to another office.")


class DecisionInvalid(BookingError):
    message = _("Please give a reason for the decision.")


class SameTime(BookingError):
    message = _("The appointment is already at this time. Please choose another time.")


class TransitionNotAllowed(BookingError):
    message = _("The appointment's status does not allow this any more.")


class NoShowTooEarly(BookingError):
    message = _("A resident can be marked as not having come only after the start time.")


class CheckInTooEarly(BookingError):
    def __init__(self, opens_at):
        super().__init__(opens_at)
        self.opens_at = opens_at

    def __str__(self) -> str:
        from django.utils import timezone

        opens = timezone.localtime(self.opens_at)
        return str(
            _("Check-in opens on the day of the visit, from %(time)s on %(date)s.")
            % {"time": f"{opens:%H:%M}", "date": f"{opens:%Y-%m-%d}"}
        )


class CheckInDayOver(BookingError):
    message = _("The day of this visit is over: it can no longer be checked in.")
