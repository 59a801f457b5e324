"""Domain errors of supervision; views turn them into messages on the same page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class SupervisionError(Exception):
    message = _("This could not be done.")

    def __str__(self) -> str:
        return str(self.message)


# --- ratings --------------------------------------------------------------------------------------


class NotCompleted(SupervisionError):
    message = _("You can rate an appointment once it has been completed.")


class AlreadyRated(SupervisionError):
    message = _("You have already rated this appointment. Thank you.")


class InvalidStars(SupervisionError):
    message = _("Choose from 1 to 5 stars.")


# --- opinions -------------------------------------------------------------------------------------


class AppointmentNotYours(SupervisionError):
    message = _("None of your appointments has this reference. Check it, or leave the field empty.")


class SignInForAppointment(SupervisionError):
    message = _("Sign in to refer to one of your appointments, or leave the reference empty.")


class AppointmentAtOtherOffice(SupervisionError):
    message = _(
        "This appointment was at another office. Choose that office, or leave the office empty."
    )


class SubjectNotYours(SupervisionError):
    message = _("You can send an opinion only about your own consultation or application.")


class EmptyText(SupervisionError):
    message = _("Please write your message.")


# --- the draw -------------------------------------------------------------------------------------


class DrawAlreadyExists(SupervisionError):
    def __init__(self, year: int):
        super().__init__(year)
        self.year = year

    def __str__(self) -> str:
        return str(
            _(
                "The return-visit draw for %(year)s has already been made. Each year is drawn "
                "once, so that nobody can draw again until the result suits them."
            )
            % {"year": self.year}
        )


class YearNotOver(SupervisionError):
    def __init__(self, year: int):
        super().__init__(year)
        self.year = year

    def __str__(self) -> str:
        return str(
            _(
                "%(year)s is not over yet. A year is drawn once, after it ends, so that every "
                "matter completed in it can be drawn."
            )
            % {"year": self.year}
        )


class YearOutOfRange(SupervisionError):
    message = _("Choose a year from 2000 onwards.")


class SeedOutOfRange(SupervisionError):
    message = _("The seed must be a whole number from 0 to 9223372036854775807.")


class SurveyIncomplete(SupervisionError):
    message = _("A finished return visit needs every answer: satisfaction, fee and visits.")


class InvalidVisitStatus(SupervisionError):
    message = _("Record the call as done or as not reached.")
