from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    def ready(self) -> None:
        from appointments.retention import anonymiser_register

        from .retention import casework_anonymise

        anonymiser_register(casework_anonymise)
