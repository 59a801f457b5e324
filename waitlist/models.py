"""Residents waiting for a time that is not free yet, and the times offered to them.

A resident who finds no free time for a matter at an office (or anywhere in the city) joins the
waitlist for a range of dates and a part of the day. When a time frees up, the first waiting
resident it suits is offered it for a limited time; accepting books it through the normal
booking service (every rule applies), declining or letting it expire offers it to the next.

Two partial unique constraints keep the promise that a time is offered to one person at a time
and a person holds one offer at a time: a time has at most one live (open or being accepted)
offer per office and matter, an entry at most one live offer. The offer job may run twice at
once, or again after a crash: the constraints make the second run's offers fail, not double.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments.models import Appointment
from notaries.models import Matter, Office

LIVE_OFFER = ("open", "accepting")


def _token() -> str:
    return secrets.token_urlsafe(24)


class WaitlistSettings(models.Model):
    """The bureau's settings for every waitlist (one row, edited in the admin)."""

    priority_for_green_channel = models.BooleanField(
        _("green-channel applicants and the elderly first"),
        default=True,
        help_text=_(
            "Offer freed times first to residents aged 70 or over and to those who declared a "
            "green-channel ground (pregnant, seriously ill, disabled)."
        ),
    )
    offer_valid_minutes = models.PositiveIntegerField(
        _("minutes an offer stays open"),
        default=120,
        help_text=_("After this, the time is offered to the next resident waiting."),
    )

    class Meta:
        verbose_name = _("waitlist settings")
        verbose_name_plural = _("waitlist settings")

    def __str__(self) -> str:
        return str(_("Waitlist settings"))

    @classmethod
    def current(cls) -> WaitlistSettings:
        found = cls.objects.order_by("pk").first()
        return found if found is not None else cls()


class WaitlistEntry(models.Model):
    class PartOfDay(models.TextChoices):
        ANY = "any", _("Any time of the day")
        MORNING = "morning", _("Mornings (before 12:00)")
        AFTERNOON = "afternoon", _("Afternoons (from 12:00)")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        OFFERED = "offered", _("A time is offered")
        BOOKED = "booked", _("Booked")
        LEFT = "left", _("Left the waitlist")
        ENDED = "ended", _("The dates have passed")

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="waitlist_entries",
        verbose_name=_("resident"),
    )
    matter = models.ForeignKey(
        Matter, on_delete=models.PROTECT, related_name="+", verbose_name=_("matter")
    )
    # No office: any office of the city that handles the matter.
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("office"),
    )
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("until"))
    part_of_day = models.CharField(
        _("part of the day"), max_length=10, choices=PartOfDay.choices, default=PartOfDay.ANY
    )
    green_channel = models.CharField(_("declared green-channel ground"), max_length=20, blank=True)
    # Decided when joining (70 or over on the first day, or a declared ground): the queue's order.
    priority = models.BooleanField(_("priority"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    # The language of the page the resident joined from: offers are written in it.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(_("joined at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appointment booked"),
    )

    class Meta:
        ordering = ["-priority", "created_at", "pk"]
        verbose_name = _("waitlist entry")
        verbose_name_plural = _("waitlist entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_to__gte=models.F("date_from")),
                name="waitlist_entry_dates_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["waiting", "offered", "booked", "left", "ended"]),
                name="waitlist_entry_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "matter"], name="waitlist_entry_status_matter"),
            models.Index(fields=["resident", "status"], name="waitlist_entry_resident"),
        ]

    def __str__(self) -> str:
        return f"{self.matter_id} {self.date_from}–{self.date_to} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.WAITING, self.Status.OFFERED)

    def suits(self, starts_at: dt.datetime) -> bool:
        """Whether a time falls in the entry's dates and part of the day (Beijing time)."""
        local = timezone.localtime(starts_at)
        if not (self.date_from <= local.date() <= self.date_to):
            return False
        if self.part_of_day == self.PartOfDay.MORNING:
            return local.hour < 12
        if self.part_of_day == self.PartOfDay.AFTERNOON:
            return local.hour >= 12
        return True


class WaitlistOffer(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTING = "accepting", _("Being booked")
        ACCEPTED = "accepted", _("Accepted and booked")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        FAILED = "failed", _("Taken meanwhile")

    entry = models.ForeignKey(
        WaitlistEntry, on_delete=models.CASCADE, related_name="offers", verbose_name=_("entry")
    )
    matter = models.ForeignKey(
        Matter, on_delete=models.PROTECT, related_name="+", verbose_name=_("matter")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    starts_at = models.DateTimeField(_("time offered"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    token = models.CharField(max_length=40, unique=True, default=_token, editable=False)
    created_at = models.DateTimeField(_("offered at"), default=timezone.now)
    expires_at = models.DateTimeField(_("open until"))
    notified_at = models.DateTimeField(_("resident told at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appointment booked"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("waitlist offer")
        verbose_name_plural = _("waitlist offers")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "matter", "starts_at"],
                condition=models.Q(status__in=LIVE_OFFER),
                name="waitlist_one_live_offer_per_time",
            ),
            models.UniqueConstraint(
                fields=["entry"],
                condition=models.Q(status__in=LIVE_OFFER),
                name="waitlist_one_live_offer_per_entry",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["open", "accepting", "accepted", "declined", "expired", "failed"]
                ),
                name="waitlist_offer_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"], name="waitlist_offer_live")]

    def __str__(self) -> str:
        return f"{self.office_id} {self.starts_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and self.expires_at > timezone.now()
