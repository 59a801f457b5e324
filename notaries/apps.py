from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotariesConfig(AppConfig):
    name = "notaries"
    verbose_name = _("Notary catalogue")

    def ready(self) -> None:
        from . import catalogue_cache

        catalogue_cache.connect()
