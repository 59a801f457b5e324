"""The city-wide blacklist of people who defrauded notarization, and the log of their refused
booking attempts.

A person is identified by the keyed hash of their resident identity number (the same HMAC the
accounts store), so an entry matches whichever account they book with, and the clear number is
never stored here; the masked number and the name are kept for people to read. Entries are never
deleted: lifting one is recorded with who, when and why, and every change is in the history.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from notaries.models import Matter, Office


class EntryStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    NOT_YET = "not_yet", _("Not yet in force")
    EXPIRED = "expired", _("Expired")
    LIFTED = "lifted", _("Lifted")


class BlacklistEntryQuerySet(models.QuerySet["BlacklistEntry"]):
    def in_force(self, *, on: dt.date) -> BlacklistEntryQuerySet:
        """Entries that restrict bookings on `on`: not lifted, started, not yet ended."""
        return self.filter(lifted_at__isnull=True, starts_on__lte=on).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on)
        )

    def lifted(self) -> BlacklistEntryQuerySet:
        return self.filter(lifted_at__isnull=False)


class BlacklistEntry(models.Model):
    id_number_hash = models.CharField(
        _("resident identity number (keyed hash)"), max_length=64, editable=False
    )
    id_number_masked = models.CharField(
        _("resident identity number (masked)"), max_length=18, editable=False
    )
    name = models.CharField(_("name"), max_length=60)
    reason = models.TextField(_("reason"), max_length=2000)
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="blacklist_entries",
        verbose_name=_("reporting office"),
    )
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Empty: until lifted.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )
    lift_reason = models.CharField(_("reason for lifting"), max_length=500, blank=True)

    history = HistoricalRecords()
    objects = BlacklistEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("blacklist entry")
        verbose_name_plural = _("blacklist entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="blacklist_entry_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            # A lift is complete (when, who, why) or absent: never half-recorded.
            models.CheckConstraint(
                condition=(
                    Q(lifted_at__isnull=True, lifted_by__isnull=True, lift_reason="")
                    | (Q(lifted_at__isnull=False, lifted_by__isnull=False) & ~Q(lift_reason=""))
                ),
                name="blacklist_entry_lift_fields_together",
            ),
        ]
        indexes = [
            # Every booking asks "is this number blacklisted?": only unlifted rows can answer yes.
            models.Index(
                fields=["id_number_hash"],
                condition=Q(lifted_at__isnull=True),
                name="blacklist_entry_unlifted_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.id_number_masked}"

    def status_on(self, date: dt.date) -> EntryStatus:
        if self.lifted_at is not None:
            return EntryStatus.LIFTED
        if self.starts_on > date:
            return EntryStatus.NOT_YET
        if self.ends_on is not None and self.ends_on < date:
            return EntryStatus.EXPIRED
        return EntryStatus.IN_FORCE

    @property
    def status(self) -> EntryStatus:
        return self.status_on(timezone.localdate())


class BookingAttempt(models.Model):
    """A booking refused because the person is blacklisted: who tried, where, through which
    channel. Written even though the booking itself is rolled back."""

    class Channel(models.TextChoices):
        WEB = "web", _("Web")
        HOTLINE = "hotline", _("Hotline")
        # Office staff arranging something for the person (a home visit, a move).
        COUNTER = "counter", _("Notary office")

    entry = models.ForeignKey(
        BlacklistEntry,
        on_delete=models.PROTECT,
        related_name="attempts",
        verbose_name=_("blacklist entry"),
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("resident account"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("attempted by"),
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    matter = models.ForeignKey(
        Matter, on_delete=models.PROTECT, related_name="+", verbose_name=_("matter")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("refused booking attempt")
        verbose_name_plural = _("refused booking attempts")
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=["web", "hotline", "counter"]),
                name="booking_attempt_channel_in_choices",
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry} {self.channel} {self.at:%Y-%m-%d %H:%M}"
