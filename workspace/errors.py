"""Domain errors of the office workspace; views show them on the same page, input kept."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _


class WorkspaceError(Exception):
    message = _("This could not be done.")

    def __str__(self) -> str:
        return str(self.message)


class NotActive(WorkspaceError):
    message = _("This appointment is no longer active.")


class NotaryNotInOffice(WorkspaceError):
    message = _("Choose a notary of the appointment's office.")


class SameNotary(WorkspaceError):
    message = _("The appointment is already with this notary.")


class NotaryNotFree(WorkspaceError):
    """The chosen notary cannot take the appointment at its time (booked meanwhile, away, or not
    handling the matter)."""

    def __init__(self, *, reference: str, notary_name: str):
        super().__init__(reference, notary_name)
        self.reference = reference
        self.notary_name = notary_name

    def __str__(self) -> str:
        return str(
            _(
                "%(notary)s is no longer free at the time of appointment %(reference)s. "
                "Nothing was saved; please choose again."
            )
            % {"notary": self.notary_name, "reference": self.reference}
        )


class CannotCancelCheckedIn(WorkspaceError):
    def __init__(self, *, reference: str):
        super().__init__(reference)
        self.reference = reference

    def __str__(self) -> str:
        return str(
            _(
                "Appointment %(reference)s is checked in already: move it to another notary "
                "instead of cancelling it."
            )
            % {"reference": self.reference}
        )


class MessageMissing(WorkspaceError):
    def __init__(self, *, reference: str):
        super().__init__(reference)
        self.reference = reference

    def __str__(self) -> str:
        return str(
            _("Write the message to the resident of appointment %(reference)s.")
            % {"reference": self.reference}
        )


class UnresolvedAppointments(WorkspaceError):
    """Some appointments in the absence have no decision (or were booked after the list was
    shown): nothing is saved until each one has."""

    def __init__(self, references: Iterable[str]):
        self.references = list(references)
        super().__init__(*self.references)

    def __str__(self) -> str:
        return str(
            _(
                "Decide for every appointment in this time first: move it or cancel it. "
                "Still open: %(references)s. Nothing was saved."
            )
            % {"references": ", ".join(self.references)}
        )


class AbsenceInvalid(WorkspaceError):
    message = _("The absence must end after it starts.")


class PeriodsInvalid(WorkspaceError):
    """The weekly hours do not make sense; `problems` says where."""

    def __init__(self, problems: Iterable[str]):
        self.problems = [str(problem) for problem in problems]
        super().__init__(*self.problems)

    def __str__(self) -> str:
        return " ".join(self.problems)


class PersonBlacklisted(WorkspaceError):
    """The person is on the blacklist on the appointment's day: the office cancels, not moves."""

    def __init__(self, *, reference: str):
        super().__init__(reference)
        self.reference = reference

    def __str__(self) -> str:
        return str(
            _(
                "The person of appointment %(reference)s is on the blacklist for that day: it "
                "cannot be moved. Cancel it with a message instead."
            )
            % {"reference": self.reference}
        )
