"""Legal aid: the city's legal-aid centres (an organisation kind beside notary offices, with their
own staff role, see accounts.User.Role.LEGAL_AID_STAFF), the kinds of case with their eligibility
and documents, and residents' applications with the centres' decisions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models import EXTENSION_FOR_KIND, FileKind
from casework.storage import private_storage
from notaries.models import District, MaterialItem
from portal.i18n import LocalizedMixin


class LegalAidCentreQuerySet(models.QuerySet["LegalAidCentre"]):
    def listed(self) -> LegalAidCentreQuerySet:
        return self.filter(is_active=True)


class LegalAidCentre(LocalizedMixin, models.Model):
    """A legal-aid centre (法律援助中心): usually one per district, run by the district's justice
    bureau. Its staff accept, complete and decide the applications made to it."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, unique=True)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="legal_aid_centres",
        verbose_name=_("district"),
    )
    address_zh = models.CharField(_("address (Chinese)"), max_length=200)
    address_en = models.CharField(_("address (English)"), max_length=250)
    phone = models.CharField(
        _("phone"),
        max_length=20,
        validators=[RegexValidator(r"^[0-9][0-9-]{6,18}$", _("Digits and hyphens only."))],
    )
    is_active = models.BooleanField(_("listed"), default=True)

    history = HistoricalRecords()
    objects = LegalAidCentreQuerySet.as_manager()

    class Meta:
        ordering = ["district__position", "slug"]
        verbose_name = _("legal-aid centre")
        verbose_name_plural = _("legal-aid centres")

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return self.localized("address")


class SpecialGroup(models.TextChoices):
    """The groups the 12348 line and the Legal Aid Law give special care; a member of one may
    qualify without proving economic hardship, depending on the kind of case."""

    LOW_INCOME = "low_income", _("Low-income people")
    DISABLED = "disabled", _("People with disabilities")
    ELDERLY = "elderly", _("The elderly")
    MIGRANT_WORKER = "migrant_worker", _("Migrant workers")
    MINOR = "minor", _("Minors")
    SINGLE_MOTHER = "single_mother", _("Single mothers in difficulty")
    MILITARY = "military", _("Military families and veterans")


class HardshipStandard(LocalizedMixin, models.Model):
    """The economic hardship standard the bureau sets (typically the local minimum living
    allowance line times a factor): the newest row is the one in force; older rows stay as the
    record of what applied when."""

    monthly_income_per_person = models.DecimalField(
        _("monthly income per household member up to (yuan)"), max_digits=9, decimal_places=2
    )
    explanation_zh = models.TextField(_("explanation (Chinese)"), max_length=3000)
    explanation_en = models.TextField(_("explanation (English)"), max_length=4000, blank=True)
    in_force_from = models.DateField(_("in force from"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-in_force_from", "-id"]
        get_latest_by = ["in_force_from", "id"]
        verbose_name = _("economic hardship standard")
        verbose_name_plural = _("economic hardship standards")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(monthly_income_per_person__gte=0),
                name="hardship_standard_not_negative",
                violation_error_message=_("The income line cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"≤ {self.monthly_income_per_person} ({self.in_force_from})"

    @property
    def explanation(self) -> str:
        return self.localized("explanation")


class CaseKindQuerySet(models.QuerySet["CaseKind"]):
    def published(self) -> CaseKindQuerySet:
        return self.filter(is_published=True)


class CaseKind(LocalizedMixin, models.Model):
    """A kind of case legal aid covers (unpaid wages, work injury, maintenance, ...), with who
    qualifies and the documents an application needs: the bureau edits it in the admin."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, unique=True)
    summary_zh = models.TextField(_("what it covers (Chinese)"), max_length=2000)
    summary_en = models.TextField(_("what it covers (English)"), max_length=3000, blank=True)
    eligibility_zh = models.TextField(_("who qualifies (Chinese)"), max_length=3000)
    eligibility_en = models.TextField(_("who qualifies (English)"), max_length=4000, blank=True)
    hardship_waived = models.BooleanField(
        _("no hardship test"),
        default=False,
        help_text=_(
            "Applicants of this kind need not prove economic hardship (e.g. work injury "
            "compensation claimed by migrant workers)."
        ),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    history = HistoricalRecords()
    objects = CaseKindQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("kind of legal-aid case")
        verbose_name_plural = _("kinds of legal-aid case")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("legalaid:case_kind", kwargs={"slug": self.slug})

    @property
    def summary(self) -> str:
        return self.localized("summary")

    @property
    def eligibility(self) -> str:
        return self.localized("eligibility")


class CaseDocument(LocalizedMixin, models.Model):
    """One line of a kind of case's document list: the same shape as a matter's materials (and
    shown by the same checklist), so that an application can keep a snapshot of it."""

    Form = MaterialItem.Form
    Provider = MaterialItem.Provider

    case_kind = models.ForeignKey(
        CaseKind, on_delete=models.CASCADE, related_name="documents", verbose_name=_("kind of case")
    )
    position = models.PositiveSmallIntegerField(_("order"))
    name_zh = models.CharField(_("item (Chinese)"), max_length=120)
    name_en = models.CharField(_("item (English)"), max_length=200)
    note_zh = models.CharField(_("note (Chinese)"), max_length=200, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=300, blank=True)
    form = models.CharField(_("original or copy"), max_length=20, choices=Form.choices)
    copies = models.PositiveSmallIntegerField(_("number"), default=1)
    provider = models.CharField(
        _("who brings it"), max_length=20, choices=Provider.choices, default=Provider.APPLICANT
    )
    commitment_allowed = models.BooleanField(
        _("commitment statement accepted"),
        default=False,
        help_text=_("A signed commitment statement may stand in for this item."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["case_kind", "position"]
        verbose_name = _("document needed")
        verbose_name_plural = _("documents needed")
        constraints = [
            models.UniqueConstraint(
                fields=["case_kind", "position"], name="case_document_unique_position"
            ),
            models.CheckConstraint(
                condition=models.Q(copies__gte=1) & models.Q(copies__lte=20),
                name="case_document_copies_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def note(self) -> str:
        return self.localized("note")


# --- applications -------------------------------------------------------------------------------


def application_upload_to(instance: ApplicationFile, filename: str) -> str:
    # Never the applicant's own file name (see casework.models.submission_upload_to).
    extension = EXTENSION_FOR_KIND.get(FileKind(instance.content_type), "")
    return f"legal-aid/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{extension}"


class ApplicationQuerySet(models.QuerySet["Application"]):
    def by_reference(self, raw: str) -> ApplicationQuerySet:
        return self.filter(reference=normalise_application_reference(raw))

    def open(self) -> ApplicationQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


# An application's reference says it is one: `LA-20261203-7K3F`.
REFERENCE_PREFIX = "LA"


def normalise_application_reference(raw: str) -> str:
    """`LA-20261203-7K3F`, whatever case or spacing it was typed in."""
    text = "".join((raw or "").split()).upper()
    if text.startswith(REFERENCE_PREFIX) and not text.startswith(f"{REFERENCE_PREFIX}-"):
        text = f"{REFERENCE_PREFIX}-" + text[len(REFERENCE_PREFIX) :]
    return text


class Application(models.Model):
    """A resident's application for legal aid to one centre, and that centre's decision.

    Life: submitted → accepted → (one request for what is missing → accepted again when the
    applicant answers, or decided meanwhile) → granted or refused (with a reason). The document
    list is copied at submission: the centre may ask only for what the list said then."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted for review")
        MORE_NEEDED = "more_needed", _("Documents missing")
        GRANTED = "granted", _("Legal aid granted")
        REFUSED = "refused", _("Refused")

    class Channel(models.TextChoices):
        WEB = "web", _("On the web")
        HOTLINE = "hotline", _("By phone (12348)")

    class Ground(models.TextChoices):
        HARDSHIP = "hardship", _("Economic hardship")
        LOW_INCOME = SpecialGroup.LOW_INCOME.value, SpecialGroup.LOW_INCOME.label
        DISABLED = SpecialGroup.DISABLED.value, SpecialGroup.DISABLED.label
        ELDERLY = SpecialGroup.ELDERLY.value, SpecialGroup.ELDERLY.label
        MIGRANT_WORKER = SpecialGroup.MIGRANT_WORKER.value, SpecialGroup.MIGRANT_WORKER.label
        MINOR = SpecialGroup.MINOR.value, SpecialGroup.MINOR.label
        SINGLE_MOTHER = SpecialGroup.SINGLE_MOTHER.value, SpecialGroup.SINGLE_MOTHER.label
        MILITARY = SpecialGroup.MILITARY.value, SpecialGroup.MILITARY.label

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="legal_aid_applications",
        verbose_name=_("applicant's account"),
    )
    centre = models.ForeignKey(
        LegalAidCentre,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("legal-aid centre"),
    )
    case_kind = models.ForeignKey(
        CaseKind,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("kind of case"),
    )
    applicant_name = models.CharField(_("applicant's name"), max_length=60)
    applicant_phone = models.CharField(_("applicant's mobile phone"), max_length=11)
    agent_name = models.CharField(_("agent's name"), max_length=60, blank=True)
    agent_relation = models.CharField(
        _("agent's relation to the applicant"), max_length=60, blank=True
    )
    case_description = models.TextField(_("the case"), max_length=5000)
    ground = models.CharField(_("ground declared"), max_length=20, choices=Ground.choices)
    monthly_income_per_person = models.DecimalField(
        _("declared monthly income per household member (yuan)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
    )
    consent = models.BooleanField(_("consented to the check of the declared facts"))
    # How it came in: the applicant online, or a 12348 operator filing it for a caller (who
    # then read the consent out; the hotline keeps the wording the caller agreed to).
    channel = models.CharField(
        _("received"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by (operator)"),
    )
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    documents_snapshot = models.JSONField(_("document list at application"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    missing_requested_at = models.DateTimeField(
        _("missing documents asked for at"), null=True, blank=True
    )
    missing_note = models.TextField(_("what is missing"), max_length=2000, blank=True)
    notice_sent_at = models.DateTimeField(_("notice sent at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = models.TextField(_("reason"), max_length=2000, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("legal-aid application")
        verbose_name_plural = _("legal-aid applications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent=True), name="legal_aid_consent_given"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["submitted", "accepted", "more_needed", "granted", "refused"]
                ),
                name="legal_aid_status_valid",
            ),
            # A refusal always says why; a decision always says who and when.
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(decision_reason=""),
                name="legal_aid_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["granted", "refused"])
                | (models.Q(decided_at__isnull=False) & models.Q(decided_by__isnull=False)),
                name="legal_aid_decision_has_author",
            ),
            models.CheckConstraint(
                condition=models.Q(missing_requested_at__isnull=True) | ~models.Q(missing_note=""),
                name="legal_aid_missing_request_has_note",
            ),
            # A hotline application names the operator who filed it; a web one has none.
            models.CheckConstraint(
                condition=models.Q(channel="web", filed_by__isnull=True)
                | models.Q(channel="hotline", filed_by__isnull=False),
                name="legal_aid_hotline_has_operator",
            ),
        ]
        indexes = [
            models.Index(fields=["centre", "status", "created_at"], name="legal_aid_queue_idx"),
            models.Index(fields=["applicant", "status"], name="legal_aid_applicant_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("legalaid:application", kwargs={"reference": self.reference})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def can_ask_for_missing(self) -> bool:
        return self.status == self.Status.ACCEPTED and self.missing_requested_at is None


OPEN_STATUSES = (
    Application.Status.SUBMITTED,
    Application.Status.ACCEPTED,
    Application.Status.MORE_NEEDED,
)


class ApplicationFile(models.Model):
    """One scan sent with an application, checked by content as casework checks scans (PDF,
    JPEG, PNG; images re-encoded without metadata), in the same private storage."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="files", verbose_name=_("application")
    )
    # The line of the document list (the snapshot's position) it answers; 0: another document.
    position = models.PositiveSmallIntegerField(_("document"))
    file = models.FileField(_("file"), storage=private_storage, upload_to=application_upload_to)
    original_name = models.CharField(_("uploaded file name"), max_length=255, blank=True)
    content_type = models.CharField(_("file type"), max_length=40, choices=FileKind.choices)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["application", "position", "uploaded_at", "id"]
        verbose_name = _("legal-aid application file")
        verbose_name_plural = _("legal-aid application files")

    def __str__(self) -> str:
        return f"{self.application} #{self.position}"


class ApplicationEvent(models.Model):
    """The audit of an application: who did what, when, and what they wrote."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted for review")
        MISSING_REQUESTED = "missing_requested", _("Missing documents asked for")
        COMPLETED = "completed", _("Documents completed")
        GRANTED = "granted", _("Legal aid granted")
        REFUSED = "refused", _("Refused")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("application")
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["application", "at", "id"]
        verbose_name = _("legal-aid application event")
        verbose_name_plural = _("legal-aid application events")

    def __str__(self) -> str:
        return f"{self.application} {self.kind}"
