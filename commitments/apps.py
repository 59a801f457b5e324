from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Commitment statements")

    def ready(self) -> None:
        from appointments.retention import anonymiser_register

        from .retention import commitments_anonymise

        anonymiser_register(commitments_anonymise)
