"""Legal aid: the city's legal-aid centres (an organisation kind beside notary offices, with their
own staff role, see accounts.User.Role.LEGAL_AID_STAFF), the kinds of case with their eligibility
and documents, and residents' applications with the centres' decisions."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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
