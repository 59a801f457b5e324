"""What the 12348 hotline desk records: the caller's consent to each booking made for them, and
every look-up of an appointment, for audit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments.models import Appointment
from legalaid.models import Application as LegalAidApplication
from notaries.models import Matter, Office


class CallerConsent(models.Model):
    """The caller agreed, on the phone, that the operator books for them and uses their details.

    Written before the booking is attempted, because the caller's account is opened (their
    personal data processed) on the strength of it; `appointment` is filled in once booked and
    stays empty when the booking was refused."""

    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("operator"),
    )
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="hotline_consents",
        verbose_name=_("caller's account"),
    )
    account_created = models.BooleanField(
        _("account opened on this call"),
        default=False,
        help_text=_("Whether the caller had no account and the desk opened one."),
    )
    matter = models.ForeignKey(
        Matter, on_delete=models.PROTECT, related_name="+", verbose_name=_("matter")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    appointment = models.OneToOneField(
        Appointment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotline_consent",
        verbose_name=_("appointment"),
    )
    consent_version = models.CharField(_("consent version"), max_length=20)
    consent_text = models.TextField(_("consent text read to the caller"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("caller consent")
        verbose_name_plural = _("caller consents")
        indexes = [models.Index(fields=["operator", "at"], name="caller_consent_operator_at")]

    def __str__(self) -> str:
        return f"{self.caller} {self.at:%Y-%m-%d %H:%M}"


class HotlineLookup(models.Model):
    """One look-up by reference and phone number. The phone number itself is not kept: the
    record says who looked for which reference, when, and whether it matched."""

    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("operator"),
    )
    reference = models.CharField(_("reference asked for"), max_length=32)
    found = models.BooleanField(_("found"))
    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appointment"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("hotline look-up")
        verbose_name_plural = _("hotline look-ups")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(found=True, appointment__isnull=False)
                | models.Q(found=False, appointment__isnull=True),
                name="hotline_lookup_found_has_appointment",
            )
        ]
        indexes = [models.Index(fields=["operator", "at"], name="hotline_lookup_operator_at")]

    def __str__(self) -> str:
        return f"{self.reference} {self.at:%Y-%m-%d %H:%M}"


class CallerChangeConsent(models.Model):
    """The caller asked the operator to cancel or move their appointment, and agreed to it.

    Written in the same transaction as the change itself (appointments' services call back into
    the desk), so there is never a consent without its change nor a change without its consent.
    The reason is the one the resident is sent and the event log keeps."""

    class Action(models.TextChoices):
        CANCEL = "cancel", _("Cancelled")
        RESCHEDULE = "reschedule", _("Moved")

    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("operator"),
    )
    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.PROTECT,
        related_name="caller_change_consents",
        verbose_name=_("appointment"),
    )
    action = models.CharField(_("what was done"), max_length=10, choices=Action.choices)
    previous_starts_at = models.DateTimeField(_("time before the change"))
    new_starts_at = models.DateTimeField(_("new time"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=500)
    consent_version = models.CharField(_("consent version"), max_length=20)
    consent_text = models.TextField(_("consent text read to the caller"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("caller's consent to a change")
        verbose_name_plural = _("callers' consents to changes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action="cancel", new_starts_at__isnull=True)
                | models.Q(action="reschedule", new_starts_at__isnull=False),
                name="caller_change_consent_new_time_iff_moved",
            )
        ]
        indexes = [models.Index(fields=["operator", "at"], name="caller_change_operator_at")]

    def __str__(self) -> str:
        return f"{self.appointment_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class LegalAidConsent(models.Model):
    """The caller agreed, on the phone, that the operator files a legal-aid application for them
    and passes their details to the centre: written in the same transaction as the application
    (and the caller's account when the desk opened one), so there is never one without the other."""

    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("operator"),
    )
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="hotline_legal_aid_consents",
        verbose_name=_("caller's account"),
    )
    account_created = models.BooleanField(_("account opened on this call"), default=False)
    application = models.OneToOneField(
        LegalAidApplication,
        on_delete=models.PROTECT,
        related_name="hotline_consent",
        verbose_name=_("legal-aid application"),
    )
    consent_version = models.CharField(_("consent version"), max_length=20)
    consent_text = models.TextField(_("consent text read to the caller"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("caller's consent to a legal-aid application")
        verbose_name_plural = _("callers' consents to legal-aid applications")
        indexes = [models.Index(fields=["operator", "at"], name="legal_aid_consent_operator_at")]

    def __str__(self) -> str:
        return f"{self.application_id} {self.at:%Y-%m-%d %H:%M}"
