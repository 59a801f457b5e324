"""Verification through data links: with the resident's consent the office asks a registry
(identity, household registration, marital status, real-estate title) instead of asking for the
paper. Every question asked is recorded with the appointment: who asked, when, for which item and
kind, through which backend, and the answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments.models import Appointment
from notaries.models import VerificationKind


class RegistryRecord(models.Model):
    """The demo backend's registry: what a data link would answer for a person, filled by the
    demo data for its residents. Production asks the real registries and leaves this empty."""

    id_number_hash = models.CharField(
        _("resident identity number (keyed hash)"), max_length=64, editable=False
    )
    kind = models.CharField(_("kind"), max_length=20, choices=VerificationKind.choices)
    summary = models.CharField(_("what the registry holds"), max_length=200)

    class Meta:
        ordering = ["id_number_hash", "kind"]
        verbose_name = _("registry record (demo data link)")
        verbose_name_plural = _("registry records (demo data link)")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash", "kind"], name="registry_record_one_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary}"


class Verification(models.Model):
    """One question to a data link about one item of an appointment's list as booked."""

    class Answer(models.TextChoices):
        VERIFIED = "verified", _("Verified online")
        NOT_CONFIRMED = "not_confirmed", _("The registry could not confirm it")
        UNAVAILABLE = "unavailable", _("The data link did not answer")

    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.PROTECT,
        related_name="verifications",
        verbose_name=_("appointment"),
    )
    # The item's id in the appointment's list as booked, and its name as the resident read it.
    material_id = models.PositiveIntegerField(_("checklist item"))
    item_name = models.CharField(_("item"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=VerificationKind.choices)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices)
    # What the registry said (for staff), e.g. "married since 2015"; empty when it did not answer.
    summary = models.CharField(_("what the registry said"), max_length=200, blank=True)
    backend = models.CharField(_("data link (backend)"), max_length=200)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked by (consented)"),
    )
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)

    class Meta:
        ordering = ["appointment", "material_id", "-asked_at", "-id"]
        verbose_name = _("verification through a data link")
        verbose_name_plural = _("verifications through data links")
        constraints = [
            # A double submit asks once: an item is verified at most once.
            models.UniqueConstraint(
                fields=["appointment", "material_id"],
                condition=Q(answer="verified"),
                name="verification_verified_once_per_item",
            )
        ]
        indexes = [
            models.Index(fields=["appointment", "material_id"], name="verification_item_idx")
        ]

    def __str__(self) -> str:
        return f"{self.appointment} {self.item_name}: {self.get_answer_display()}"

    @property
    def verified(self) -> bool:
        return self.answer == self.Answer.VERIFIED
