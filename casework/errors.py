"""Domain errors of casework; views turn them into messages on the same page."""

from __future__ import annotations

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


class CaseworkError(Exception):
    message = _("This could not be done.")

    def __str__(self) -> str:
        return str(self.message)


# --- uploads ------------------------------------------------------------------------------------


class UploadRejected(CaseworkError):
    message = _("This file cannot be accepted.")


class FileMissing(UploadRejected):
    message = _("Choose a file to upload, or tick “I will bring the original”.")


class FileEmpty(UploadRejected):
    message = _("The file is empty. Please choose the scan again.")


class FileTooLarge(UploadRejected):
    def __init__(self, limit_bytes: int):
        super().__init__(limit_bytes)
        self.limit_bytes = limit_bytes

    def __str__(self) -> str:
        return str(
            _("The file is too large. Files may be at most %(size)s.")
            % {"size": filesizeformat(self.limit_bytes)}
        )


class FileTypeNotAllowed(UploadRejected):
    message = _("Only PDF, JPEG or PNG files can be uploaded (.pdf, .jpg, .jpeg or .png).")


class FileTypeMismatch(UploadRejected):
    message = _(
        "The file's name does not match its content (for example a file named .pdf that is not a "
        "PDF). Please upload the scan itself as a PDF, JPEG or PNG file."
    )


class UploadsClosed(CaseworkError):
    message = _("Uploading is closed for this appointment.")


class NotRunAtMostOnce(CaseworkError):
    message = _("This matter is not a “run at most once” matter.")


class VerifiedOnline(CaseworkError):
    message = _(
        "An item verified online through a data link cannot be asked for: mark it “will be "
        "verified by data link” or in order."
    )


class MaterialNotOnChecklist(CaseworkError):
    message = _("This item is not on the matter's list of required materials.")


# --- pre-review ---------------------------------------------------------------------------------


class PreReviewClosed(CaseworkError):
    message = _("The materials have already passed the pre-review.")


class AppointmentNotActive(CaseworkError):
    message = _("This appointment is no longer active.")


class LaterReviewNeedsReason(CaseworkError):
    message = _(
        "The one-time notice has been sent: items the resident has not re-sent since, and "
        "requests outside the list, may only be marked with a reason, which the bureau sees."
    )


class OutsideRequestIncomplete(CaseworkError):
    message = _("A request outside the list needs the document and the law that requires it.")


class DuplicateProblem(CaseworkError):
    message = _("Each checklist item can be listed once in a notice.")


# --- check-in and cases -------------------------------------------------------------------------


class CaseNotReady(CaseworkError):
    message = _("Check the resident in before accepting the case.")


class CaseAlreadyAccepted(CaseworkError):
    message = _("A case has already been accepted for this appointment.")


class StepOutOfOrder(CaseworkError):
    def __init__(self, *, step: str, expected: list[str]):
        super().__init__(step, expected)
        self.step = step
        self.expected = expected

    def __str__(self) -> str:
        # Labels are looked up here, not when raised, so the message is in the reader's language.
        from .models import CaseStatus

        def label(value: str) -> str:
            return str(CaseStatus(value).label) if value in CaseStatus.values else value

        if not self.expected:
            return str(
                _("The case is finished; “%(step)s” cannot be recorded.")
                % {"step": label(self.step)}
            )
        return str(
            _("Steps are recorded in order: the next step is “%(expected)s”, not “%(step)s”.")
            % {
                "expected": " / ".join(label(value) for value in self.expected),
                "step": label(self.step),
            }
        )


# --- post ---------------------------------------------------------------------------------------


class PostNotAvailable(CaseworkError):
    message = _("The certificate can no longer be sent by post for this appointment.")


class PostingNotReady(CaseworkError):
    message = _("The certificate can be posted once the case is approved and post was requested.")


class AlreadyPosted(CaseworkError):
    message = _("The certificate has already been posted.")
