"""Commitment statements (告知承诺): where a checklist item allows it, the resident signs a
statement instead of bringing the document. The statement's text is the bureau's, versioned: a
signed commitment points at the version that was signed, never at later wording."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments.models import Appointment
from blacklist.models import BlacklistEntry
from portal.i18n import LocalizedMixin


class CommitmentStatement(LocalizedMixin, models.Model):
    """One version of the statement's text. The bureau adds a version; none is ever edited."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    text_zh = models.TextField(_("text (Chinese)"))
    text_en = models.TextField(_("text (English)"))
    created_at = models.DateTimeField(_("in force from"), default=timezone.now)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("commitment statement text")
        verbose_name_plural = _("commitment statement texts")

    def __str__(self) -> str:
        return f"v{self.version}"

    @property
    def text(self) -> str:
        return self.localized("text")


class Commitment(models.Model):
    """A commitment given for one item of an appointment's list as booked."""

    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("appointment"),
    )
    # The item's id in the appointment's list as booked, and its name as the resident read it.
    material_id = models.PositiveIntegerField(_("checklist item"))
    item_name = models.CharField(_("item"), max_length=200)
    statement = models.ForeignKey(
        CommitmentStatement,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("text signed"),
    )
    real_name = models.CharField(_("signed with the real name"), max_length=60)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(_("signed at"), default=timezone.now)

    class Meta:
        ordering = ["appointment", "material_id"]
        verbose_name = _("commitment given")
        verbose_name_plural = _("commitments given")
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "material_id"], name="commitment_once_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.appointment} {self.item_name}"


class FalseCommitmentReport(models.Model):
    """A commitment found false at the counter: a proposal for the bureau to blacklist the
    resident (the bureau decides, in the blacklist, with its own reason)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed to the bureau")
        ENTERED = "entered", _("Entered in the blacklist")
        DISMISSED = "dismissed", _("Dismissed")

    commitment = models.OneToOneField(
        Commitment, on_delete=models.PROTECT, related_name="report", verbose_name=_("commitment")
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    finding = models.CharField(_("what was found at the counter"), max_length=500)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    # The bureau's decision: the entry it made, or why it dismissed the proposal.
    entry = models.OneToOneField(
        BlacklistEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="false_commitment_report",
        verbose_name=_("blacklist entry"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    dismiss_reason = models.CharField(_("reason for dismissing"), max_length=500, blank=True)

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("blacklist proposal: false commitment")
        verbose_name_plural = _("blacklist proposals: false commitments")
        constraints = [
            # A decision is whole: an entry made, or a dismissal with its reason, by someone.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        status="proposed",
                        entry__isnull=True,
                        decided_by__isnull=True,
                        decided_at__isnull=True,
                        dismiss_reason="",
                    )
                    | models.Q(
                        status="entered",
                        entry__isnull=False,
                        decided_by__isnull=False,
                        decided_at__isnull=False,
                        dismiss_reason="",
                    )
                    | (
                        models.Q(
                            status="dismissed",
                            entry__isnull=True,
                            decided_by__isnull=False,
                            decided_at__isnull=False,
                        )
                        & ~models.Q(dismiss_reason="")
                    )
                ),
                name="false_commitment_report_decision_whole",
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment} {self.get_status_display()}"
