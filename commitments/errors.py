from django.utils.translation import gettext_lazy as _


class CommitmentError(Exception):
    message = _("This could not be done.")

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(CommitmentError):
    message = _("A commitment statement cannot be given for this item.")


class NameMismatch(CommitmentError):
    message = _("Sign with your real name as it is in your profile.")


class AlreadyGiven(CommitmentError):
    message = _("A commitment has already been given for this item.")


class NoStatement(CommitmentError):
    message = _("The bureau has not published the statement's text yet.")


class AlreadyReported(CommitmentError):
    message = _("This commitment has already been reported to the bureau.")


class AlreadyDecided(CommitmentError):
    message = _("The bureau has already decided on this proposal.")


class DismissNeedsReason(CommitmentError):
    message = _("Give the reason for dismissing the proposal.")
