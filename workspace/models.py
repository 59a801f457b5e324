"""The office workspace's own audit trail: every status an appointment is moved to from the agenda
(check-in, no-show, completed) or from a notary's schedule (cancelled because of leave), with who
did it and when. Rows are only ever added, never edited (but for the delivery stamp of a notice).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments.models import Appointment


class StatusChange(models.Model):
    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.PROTECT,
        related_name="status_changes",
        verbose_name=_("appointment"),
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Appointment.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Appointment.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    # The message staff wrote to the resident (a cancellation because the notary is away).
    note = models.TextField(_("message to the resident"), blank=True)
    notice_sent_at = models.DateTimeField(_("message sent at"), null=True, blank=True)

    class Meta:
        ordering = ["appointment", "at", "id"]
        verbose_name = _("appointment status change")
        verbose_name_plural = _("appointment status changes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")), name="status_change_changes_status"
            )
        ]
        indexes = [models.Index(fields=["appointment", "at"], name="status_change_appt_at_idx")]

    def __str__(self) -> str:
        return f"{self.appointment} {self.from_status} → {self.to_status}"
