"""Domain errors of legal aid; views turn them into messages on the same page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class LegalAidError(Exception):
    message = _("This could not be done.")

    def __str__(self) -> str:
        return str(self.message)


class NotInThisState(LegalAidError):
    message = _("The application has moved on meanwhile: reload the page to see where it is.")


class MissingAlreadyRequested(LegalAidError):
    message = _("The applicant was already told once what is missing: the centre asks only once.")


class ReasonRequired(LegalAidError):
    message = _("Say why: the applicant reads the reason.")


class NoteRequired(LegalAidError):
    message = _("List everything that is missing: the applicant is told only once.")
