from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WaitlistConfig(AppConfig):
    name = "waitlist"
    verbose_name = _("Waitlist")

    def ready(self) -> None:
        # A cancelled or moved appointment frees a time: offer it to whoever waits for it.
        from appointments.signals import appointment_time_freed

        from . import receivers

        appointment_time_freed.connect(receivers.offer_freed_time, dispatch_uid="waitlist")
