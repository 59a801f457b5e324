from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "verification"
    verbose_name = _("Verification through data links")

    def ready(self) -> None:
        from appointments.retention import anonymiser_register

        from .retention import verification_anonymise

        anonymiser_register(verification_anonymise)
