"""Public-welfare events: the free community consultations every office holds (at least two a
year), and residents' sign-ups for them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from notaries.models import Office
from portal.i18n import LocalizedMixin

# The reform's promise: each office holds at least this many free events a year.
EVENTS_PER_YEAR = 2


class EventQuerySet(models.QuerySet["Event"]):
    def upcoming(self, *, now: dt.datetime | None = None) -> EventQuerySet:
        return self.filter(ends_at__gt=now or timezone.now())


class Event(LocalizedMixin, models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="events", verbose_name=_("office")
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=5000)
    place = models.CharField(_("place"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("places"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("public-welfare event")
        verbose_name_plural = _("public-welfare events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("An event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=10000),
                name="event_capacity_range",
                violation_error_message=_("An event has 1 to 10,000 places."),
            ),
        ]
        indexes = [
            models.Index(fields=["ends_at"], name="event_ends_idx"),
            models.Index(fields=["office", "starts_at"], name="event_office_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {timezone.localtime(self.starts_at):%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"event_id": self.pk})

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()


class EventSignup(models.Model):
    """One resident's place at one event."""

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="signups", verbose_name=_("event")
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="event_signups",
        verbose_name=_("resident"),
    )
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now)

    class Meta:
        ordering = ["event", "created_at", "id"]
        verbose_name = _("event sign-up")
        verbose_name_plural = _("event sign-ups")
        constraints = [
            models.UniqueConstraint(fields=["event", "resident"], name="event_signup_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.resident_id}"
