"""Supervision of the notary service: residents' ratings, opinions and complaints, and the annual
return-visit draw with its survey.

Rows here are records of what someone said or decided, with who and when: a rating is given
once, an answer to an opinion is added (never edited), a draw keeps the seed it was drawn with so
an auditor can reproduce it.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.identity import mask_phone
from appointments.models import Appointment
from consult.models import Consultation
from legalaid.models import Application as LegalAidApplication
from notaries.models import Office

# What an opinion or a return visit is about: an appointment, a consultation request or a
# legal-aid application. At most one (an opinion may be about nothing in particular); a return
# visit is always about exactly one.
SUBJECT_FIELDS = ("appointment", "consultation", "legal_aid_application")


def _subject_is(field: str | None) -> Q:
    """The condition that `field` is the one subject set (None: no subject at all)."""
    return Q(**{f"{name}__isnull": name != field for name in SUBJECT_FIELDS})


def _at_most_one_subject() -> Q:
    condition = _subject_is(None)
    for name in SUBJECT_FIELDS:
        condition |= _subject_is(name)
    return condition


def _exactly_one_subject() -> Q:
    condition = _subject_is(SUBJECT_FIELDS[0])
    for name in SUBJECT_FIELDS[1:]:
        condition |= _subject_is(name)
    return condition


class SubjectMixin:
    """The subject of an opinion or a return visit, whichever of the three it is."""

    appointment: Appointment | None
    consultation: Consultation | None
    legal_aid_application: LegalAidApplication | None

    @property
    def subject(self):
        return self.appointment or self.consultation or self.legal_aid_application

    @property
    def subject_kind(self) -> str:
        """ "appointment", "consultation", "legal_aid_application" or ""."""
        for name in SUBJECT_FIELDS:
            if getattr(self, f"{name}_id", None) is not None:
                return name
        return ""

    @property
    def subject_kind_label(self) -> str:
        return str(SUBJECT_LABELS.get(self.subject_kind, ""))

    @property
    def subject_reference(self) -> str:
        subject = self.subject
        return subject.reference if subject is not None else ""


SUBJECT_LABELS = {
    "appointment": _("Appointment"),
    "consultation": _("Legal consultation"),
    "legal_aid_application": _("Legal-aid application"),
}

# --- ratings --------------------------------------------------------------------------------------


class Rating(models.Model):
    """A resident's stars and comment on one completed appointment of theirs, given once."""

    appointment = models.OneToOneField(
        Appointment, on_delete=models.PROTECT, related_name="rating", verbose_name=_("appointment")
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ratings",
        verbose_name=_("resident"),
    )
    stars = models.PositiveSmallIntegerField(_("stars"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("rated at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=1) & Q(stars__lte=5),
                name="rating_stars_1_to_5",
                violation_error_message=_("Give 1 to 5 stars."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.appointment} {self.stars}★"


# --- opinions and complaints ----------------------------------------------------------------------

_PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def contact_email(contact: str) -> str:
    """The contact if it is an e-mail address (answers are sent there), otherwise ""."""
    contact = (contact or "").strip()
    try:
        validate_email(contact)
    except ValidationError:
        return ""
    return contact


def mask_contact(contact: str) -> str:
    """`zh***@example.com`, `138****5678`, or the first and last characters of anything else:
    enough for staff to recognise a repeat sender, not enough to copy the contact elsewhere."""
    contact = (contact or "").strip()
    if not contact:
        return ""
    if contact_email(contact):
        local, _at, domain = contact.rpartition("@")
        return f"{local[:2]}***@{domain}"
    if _PHONE_RE.match(contact):
        return mask_phone(contact)
    if len(contact) <= 4:
        return "*" * len(contact)
    return f"{contact[:2]}{'*' * (len(contact) - 4)}{contact[-2:]}"


class OpinionQuerySet(models.QuerySet["Opinion"]):
    def unanswered(self) -> OpinionQuerySet:
        return self.filter(answered_at__isnull=True)


class Opinion(SubjectMixin, models.Model):
    """An opinion or a complaint about a service, from anyone, signed in or not: about nothing in
    particular, or about one appointment, consultation request or legal-aid application of the
    sender's."""

    class Kind(models.TextChoices):
        OPINION = "opinion", _("Opinion or suggestion")
        COMPLAINT = "complaint", _("Complaint")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("office"),
    )
    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("appointment"),
    )
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("consultation request"),
    )
    legal_aid_application = models.ForeignKey(
        LegalAidApplication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("legal-aid application"),
    )
    text = models.TextField(_("your opinion"), max_length=5000)
    contact = models.CharField(_("contact"), max_length=120, blank=True)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("sender"),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # Set by the first answer: the unanswered ones are the office's to-do list.
    answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)

    objects = OpinionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("opinion or complaint")
        verbose_name_plural = _("opinions and complaints")
        indexes = [
            models.Index(fields=["office", "created_at"], name="opinion_office_created_idx"),
            models.Index(fields=["sender", "created_at"], name="opinion_sender_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=_at_most_one_subject(), name="opinion_one_subject")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"

    @property
    def contact_masked(self) -> str:
        return mask_contact(self.contact)

    @property
    def contact_email(self) -> str:
        return contact_email(self.contact)


class OpinionAnswer(models.Model):
    """The office's or bureau's answer. Answers are added, never edited: the record of what the
    sender was told."""

    opinion = models.ForeignKey(
        Opinion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("opinion")
    )
    text = models.TextField(_("answer"), max_length=5000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("answered at"), default=timezone.now)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["opinion", "created_at", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.opinion_id} {self.created_at:%Y-%m-%d %H:%M}"


# --- the annual return-visit draw -----------------------------------------------------------------


class ReturnVisitDraw(models.Model):
    """The draw of one year: which completed matters are called back, and the seed that chose them.

    With the seed and the same data, supervision.services.draw_select picks exactly the same
    appointments again: that is what makes the draw auditable rather than a clerk's choice.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    seed = models.PositiveBigIntegerField(_("random seed"))
    per_notary = models.PositiveSmallIntegerField(_("matters drawn per notary"))
    notary_count = models.PositiveIntegerField(_("notaries with completed matters"), default=0)
    candidate_count = models.PositiveIntegerField(_("completed matters in the year"), default=0)
    selected_count = models.PositiveIntegerField(_("matters drawn"), default=0)
    short_notary_count = models.PositiveIntegerField(
        _("notaries with fewer matters than the quota (all drawn)"), default=0
    )
    # The same quota over the year's answered consultation requests (per person who answered) and
    # decided legal-aid applications (per centre), drawn after the appointments with the same
    # generator: a seed of a draw made before they were included still draws the same appointments.
    consultation_candidate_count = models.PositiveIntegerField(
        _("consultation requests answered in the year"), default=0
    )
    consultation_selected_count = models.PositiveIntegerField(
        _("consultation requests drawn"), default=0
    )
    legal_aid_candidate_count = models.PositiveIntegerField(
        _("legal-aid applications decided in the year"), default=0
    )
    legal_aid_selected_count = models.PositiveIntegerField(
        _("legal-aid applications drawn"), default=0
    )
    # SHA-256 of the ordered candidate list the sample was taken from: an auditor who recomputes
    # it from the data sees at once whether the data changed since the draw.
    candidates_digest = models.CharField(_("candidates digest (SHA-256)"), max_length=64)
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drawn by"),
        help_text=_("Empty when the yearly scheduled job drew it."),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("return-visit draw")
        verbose_name_plural = _("return-visit draws")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="draw_year_range"
            ),
            models.CheckConstraint(condition=Q(per_notary__gte=1), name="draw_per_notary_positive"),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def total_selected(self) -> int:
        return (
            self.selected_count + self.consultation_selected_count + self.legal_aid_selected_count
        )


class ReturnVisitQuerySet(models.QuerySet["ReturnVisit"]):
    def pending(self) -> ReturnVisitQuerySet:
        return self.filter(status=ReturnVisit.Status.PENDING)


class ReturnVisit(SubjectMixin, models.Model):
    """One drawn appointment, answered consultation request or decided legal-aid application: the
    call to the resident and their answers to the survey."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To call")
        DONE = "done", _("Done")
        UNREACHABLE = "unreachable", _("Could not be reached")

    draw = models.ForeignKey(
        ReturnVisitDraw, on_delete=models.CASCADE, related_name="visits", verbose_name=_("draw")
    )
    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="return_visits",
        verbose_name=_("appointment"),
    )
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="return_visits",
        verbose_name=_("consultation request"),
    )
    legal_aid_application = models.ForeignKey(
        LegalAidApplication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="return_visits",
        verbose_name=_("legal-aid application"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("caller"),
    )
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)
    fee_as_quoted = models.BooleanField(_("fee as quoted"), null=True, blank=True)
    one_visit = models.BooleanField(_("served in one visit"), null=True, blank=True)
    comments = models.TextField(_("comments"), max_length=2000, blank=True)

    history = HistoricalRecords()
    objects = ReturnVisitQuerySet.as_manager()

    class Meta:
        # The draw inserts its visits notary by notary: id order keeps each notary's together.
        ordering = ["draw", "id"]
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "appointment"], name="return_visit_once_per_draw"
            ),
            models.UniqueConstraint(
                fields=["draw", "consultation"], name="return_visit_consultation_once"
            ),
            models.UniqueConstraint(
                fields=["draw", "legal_aid_application"], name="return_visit_legal_aid_once"
            ),
            models.CheckConstraint(
                condition=_exactly_one_subject(), name="return_visit_one_subject"
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | (Q(satisfaction__gte=1) & Q(satisfaction__lte=5)),
                name="return_visit_satisfaction_1_to_5",
            ),
            # A finished survey has every answer and says who called; the fee and the one visit
            # are asked about appointments only (consultations and legal aid are free).
            models.CheckConstraint(
                condition=~Q(status="done")
                | (
                    Q(satisfaction__isnull=False, caller__isnull=False)
                    & (
                        Q(appointment__isnull=True)
                        | Q(fee_as_quoted__isnull=False, one_visit__isnull=False)
                    )
                ),
                name="return_visit_done_has_answers",
            ),
        ]
        indexes = [models.Index(fields=["draw", "status"], name="return_visit_draw_status_idx")]

    def __str__(self) -> str:
        return f"{self.draw} {self.subject} {self.get_status_display()}"

    @property
    def asks_about_fee(self) -> bool:
        return self.appointment_id is not None

    @property
    def person_name(self) -> str:
        if self.appointment is not None:
            return self.appointment.applicant_name
        if self.legal_aid_application is not None:
            return self.legal_aid_application.applicant_name
        return ""

    @property
    def person_phone(self) -> str:
        if self.appointment is not None:
            return self.appointment.applicant_phone
        if self.legal_aid_application is not None:
            return self.legal_aid_application.applicant_phone
        if self.consultation is not None:
            return self.consultation.phone
        return ""
