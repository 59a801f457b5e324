from django.utils.translation import gettext_lazy as _


class VerificationError(Exception):
    message = _("This could not be done.")

    def __str__(self) -> str:
        return str(self.message)


class NotVerifiable(VerificationError):
    message = _("This item cannot be verified online for this appointment.")
