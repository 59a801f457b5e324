"""Legal consultation requests (12348): a question, its owner and its answer deadline.

First-question responsibility: whoever first takes a request (an operator or an office) owns it
until it is answered or a referral is accepted; a referral names a receiver (an office, a notary or
a legal-aid centre) and the owner stays responsible until that receiver accepts. Every change
writes a ConsultationEvent in the same transaction.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.identity import mask_phone, validate_phone
from appointments.references import ALPHABET


class Topic(models.Model):
    """A topic of the bureau-edited list (marriage and family, inheritance, ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=80)
    # A notarization question can turn into a booking.
    is_notarization = models.BooleanField(_("about notarization"), default=False)
    is_active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(_("position in the list"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("consultation topic")
        verbose_name_plural = _("consultation topics")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def open(self) -> ConsultationQuerySet:
        return self.exclude(status=Consultation.Status.ANSWERED)

    def overdue(self, *, now=None) -> ConsultationQuerySet:
        return self.open().filter(deadline__lt=now or timezone.now())


# A consultation's reference says it is one (咨询): `ZX-20261204-7K3F`, never taken for an
# appointment's `20261204-7K3F` (appointments/references.py); older ones have no prefix.
REFERENCE_PREFIX = "ZX"
REFERENCE_RE = re.compile(rf"^{REFERENCE_PREFIX}-\d{{8}}-[{ALPHABET}]{{4}}$")


class Consultation(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Waiting to be taken")
        TAKEN = "taken", _("Being answered")
        REFERRED = "referred", _("Referred, waiting for the receiver")
        ANSWERED = "answered", _("Answered")

    class AnswerChannel(models.TextChoices):
        CALLBACK = "callback", _("Call me back")
        EMAIL = "email", _("By e-mail")
        OFFICE = "office", _("At an office")
        EVENT = "event", _("At a public-welfare event")

    class Channel(models.TextChoices):
        WEB = "web", _("On the web")
        HOTLINE = "hotline", _("By phone (12348)")

    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    phone = models.CharField(_("mobile phone number"), max_length=11, validators=[validate_phone])
    email = models.EmailField(_("e-mail address"), blank=True)
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("account"),
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, verbose_name=_("topic"))
    question = models.TextField(_("question"), max_length=5000)
    answer_channel = models.CharField(
        _("how to be answered"), max_length=10, choices=AnswerChannel.choices
    )
    consent = models.BooleanField(_("consents to be contacted"), default=False)
    channel = models.CharField(_("received"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    deadline = models.DateTimeField(_("answer due by"))

    # The owner: exactly one of these once taken (an operator personally, or an office, a notary
    # or a legal-aid centre after accepting a referral).
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (operator)"),
    )
    owner_office = models.ForeignKey(
        "notaries.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (office)"),
    )
    owner_notary = models.ForeignKey(
        "notaries.Notary",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (notary)"),
    )
    owner_centre = models.ForeignKey(
        "legalaid.LegalAidCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (legal-aid centre)"),
    )
    # A pending referral: the receiver, until they accept or return it.
    referred_office = models.ForeignKey(
        "notaries.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred to office"),
    )
    referred_notary = models.ForeignKey(
        "notaries.Notary",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred to notary"),
    )
    referred_centre = models.ForeignKey(
        "legalaid.LegalAidCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred to legal-aid centre"),
    )
    referral_note = models.TextField(_("referral note"), max_length=2000, blank=True)

    answer = models.TextField(_("answer"), max_length=5000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The answer went out by e-mail (for an e-mail answer): sent once, never twice.
    answer_emailed_at = models.DateTimeField(_("answer e-mailed at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("consultation request")
        verbose_name_plural = _("consultation requests")
        indexes = [
            models.Index(fields=["status", "deadline"], name="consult_status_deadline"),
            models.Index(fields=["phone"], name="consult_phone"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(consent=True), name="consult_consent_given"),
            models.CheckConstraint(
                condition=models.Q(status__in=["new", "taken", "referred", "answered"]),
                name="consult_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="answered")
                | (models.Q(answered_at__isnull=False) & ~models.Q(answer="")),
                name="consult_answered_has_answer",
            ),
            # At most one owner and at most one pending receiver.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        owner_user__isnull=True,
                        owner_office__isnull=True,
                        owner_notary__isnull=True,
                        owner_centre__isnull=True,
                    )
                    | models.Q(
                        owner_user__isnull=False,
                        owner_office__isnull=True,
                        owner_notary__isnull=True,
                        owner_centre__isnull=True,
                    )
                    | models.Q(
                        owner_user__isnull=True,
                        owner_office__isnull=False,
                        owner_notary__isnull=True,
                        owner_centre__isnull=True,
                    )
                    | models.Q(
                        owner_user__isnull=True,
                        owner_office__isnull=True,
                        owner_notary__isnull=False,
                        owner_centre__isnull=True,
                    )
                    | models.Q(
                        owner_user__isnull=True,
                        owner_office__isnull=True,
                        owner_notary__isnull=True,
                        owner_centre__isnull=False,
                    )
                ),
                name="consult_one_owner",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="referred")
                | ~models.Q(
                    referred_office__isnull=True,
                    referred_notary__isnull=True,
                    referred_centre__isnull=True,
                ),
                name="consult_referred_has_receiver",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def owner_label(self) -> str:
        if self.owner_user_id:
            return str(self.owner_user)
        for owner in (self.owner_office, self.owner_notary, self.owner_centre):
            if owner is not None:
                return str(owner)
        return ""

    @property
    def receiver_label(self) -> str:
        for receiver in (self.referred_office, self.referred_notary, self.referred_centre):
            if receiver is not None:
                return str(receiver)
        return ""

    @property
    def is_overdue(self) -> bool:
        return self.status != self.Status.ANSWERED and self.deadline < timezone.now()


class ConsultationEvent(models.Model):
    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        TAKEN = "taken", _("Taken")
        REFERRED = "referred", _("Referred")
        ACCEPTED = "accepted", _("Referral accepted")
        RETURNED = "returned", _("Referral returned")
        ANSWERED = "answered", _("Answered")

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("consultation request"),
    )
    kind = models.CharField(_("what"), max_length=10, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("consultation event")
        verbose_name_plural = _("consultation events")

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.kind}"
