"""The public catalogue: districts, notary offices, notaries and the matter guide.

Every text a resident reads exists in Simplified Chinese (``*_zh``) and English (``*_en``);
:func:`portal.i18n.localized` picks the one for the active language.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.i18n import LocalizedMixin

matter_code_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lowercase letters, digits and single hyphens, e.g. 'will' or 'power-of-attorney'."),
)


class District(LocalizedMixin, models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class OfficeQuerySet(models.QuerySet["Office"]):
    def listed(self) -> OfficeQuerySet:
        return self.filter(is_active=True)


class Office(LocalizedMixin, models.Model):
    class Kind(models.TextChoices):
        PUBLIC_INSTITUTION = "public", _("Public institution")
        COOPERATIVE = "cooperative", _("Cooperative")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, unique=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="offices", verbose_name=_("district")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    address_zh = models.CharField(_("address (Chinese)"), max_length=200)
    address_en = models.CharField(_("address (English)"), max_length=250)
    phone = models.CharField(
        _("phone"),
        max_length=20,
        validators=[RegexValidator(r"^[0-9][0-9-]{6,18}$", _("Digits and hyphens only."))],
    )
    opening_hours_zh = models.CharField(_("opening hours (Chinese)"), max_length=200)
    opening_hours_en = models.CharField(_("opening hours (English)"), max_length=250)
    matters = models.ManyToManyField(
        "Matter", related_name="offices", blank=True, verbose_name=_("matters handled")
    )
    is_active = models.BooleanField(_("listed"), default=True)
    booking_window_days = models.PositiveSmallIntegerField(
        _("bookable days ahead"),
        default=30,
        help_text=_("How many days ahead residents may book."),
    )
    min_notice_minutes = models.PositiveIntegerField(
        _("minimum notice (minutes)"),
        default=120,
        help_text=_("The earliest bookable time is this long after now."),
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        _("buffer between appointments (minutes)"), default=0
    )
    green_channel_percent = models.PositiveSmallIntegerField(
        _("green channel share (%)"),
        default=20,
        help_text=_(
            "Share of each day's appointment times kept for the elderly, pregnant, seriously ill "
            "and disabled; released to everyone the day before."
        ),
    )

    history = HistoricalRecords(m2m_fields=[matters])
    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["district__position", "slug"]
        verbose_name = _("notary office")
        verbose_name_plural = _("notary offices")
        constraints = [
            models.CheckConstraint(
                condition=Q(booking_window_days__gte=1) & Q(booking_window_days__lte=180),
                name="office_booking_window_range",
                violation_error_message=_("Residents may book 1 to 180 days ahead."),
            ),
            models.CheckConstraint(
                condition=Q(min_notice_minutes__lte=10080),
                name="office_min_notice_at_most_a_week",
            ),
            models.CheckConstraint(
                condition=Q(buffer_minutes__lte=120), name="office_buffer_at_most_two_hours"
            ),
            models.CheckConstraint(
                condition=Q(green_channel_percent__lte=50), name="office_green_share_at_most_half"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("appointments:office_detail", kwargs={"slug": self.slug})

    @property
    def address(self) -> str:
        return self.localized("address")

    @property
    def opening_hours(self) -> str:
        return self.localized("opening_hours")


class Notary(LocalizedMixin, models.Model):
    class Status(models.TextChoices):
        ON_DUTY = "on_duty", _("On duty")
        ON_LEAVE = "on_leave", _("On leave")
        SUSPENDED = "suspended", _("Suspended")

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="notaries", verbose_name=_("office")
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=80)
    licence_number = models.CharField(
        _("licence number"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{10,20}$", _("A licence number is 10 to 20 digits."))],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ON_DUTY
    )
    matters = models.ManyToManyField(
        "Matter", related_name="notaries", blank=True, verbose_name=_("matters they may handle")
    )

    history = HistoricalRecords(m2m_fields=[matters])

    class Meta:
        ordering = ["office", "name_en", "id"]
        verbose_name = _("notary")
        verbose_name_plural = _("notaries")
        indexes = [models.Index(fields=["office", "status"], name="notary_office_status_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.licence_number})"


class MatterCategory(LocalizedMixin, models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("matter category")
        verbose_name_plural = _("matter categories")

    def __str__(self) -> str:
        return self.name


class Exemption(LocalizedMixin, models.Model):
    """A ground on which the fee of a matter may be waived (the reform's published exemptions)."""

    class Kind(models.TextChoices):
        AGE = "age", _("By age on the appointment date (recognised from the identity number)")
        STATUS = "status", _("By the applicant's declared status")
        PURPOSE = "purpose", _("By the declared purpose of the matter")
        LEGAL_AID = "legal_aid", _("By a legal-aid grant valid on the appointment date")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=120)
    description_zh = models.TextField(_("who qualifies (Chinese)"))
    description_en = models.TextField(_("who qualifies (English)"))
    kind = models.CharField(_("rule"), max_length=10, choices=Kind.choices, default=Kind.STATUS)
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, help_text=_("For age rules: e.g. 70.")
    )
    declaration_zh = models.CharField(
        _("what the resident declares (Chinese)"), max_length=200, blank=True
    )
    declaration_en = models.CharField(
        _("what the resident declares (English)"), max_length=300, blank=True
    )
    evidence_zh = models.CharField(_("evidence to bring (Chinese)"), max_length=200, blank=True)
    evidence_en = models.CharField(_("evidence to bring (English)"), max_length=300, blank=True)
    is_active = models.BooleanField(_("in force"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("fee exemption")
        verbose_name_plural = _("fee exemptions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="age") | Q(min_age__isnull=False),
                name="exemption_age_rule_has_min_age",
                violation_error_message=_("An age rule needs a minimum age."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def description(self) -> str:
        return self.localized("description")

    @property
    def evidence(self) -> str:
        return self.localized("evidence")

    @property
    def declaration(self) -> str:
        return self.localized("declaration") or self.name


class MatterQuerySet(models.QuerySet["Matter"]):
    def published(self) -> MatterQuerySet:
        return self.filter(is_published=True)


class Matter(LocalizedMixin, models.Model):
    code = models.CharField(
        _("code"), max_length=40, unique=True, validators=[matter_code_validator]
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, unique=True)
    category = models.ForeignKey(
        MatterCategory, on_delete=models.PROTECT, related_name="matters", verbose_name=_("category")
    )
    description_zh = models.TextField(_("description (Chinese)"))
    description_en = models.TextField(_("description (English)"))
    run_at_most_once = models.BooleanField(
        _("run at most once"),
        default=False,
        help_text=_("The resident comes to the office at most once for this matter."),
    )
    applicant_in_person = models.BooleanField(
        _("applicant must come in person"),
        default=False,
        help_text=_(
            "The applicant must appear in person (a will, guardianship): nobody can attend for "
            "them, even when someone else books."
        ),
    )
    processing_days = models.PositiveSmallIntegerField(
        _("processing time (working days)"), default=5
    )
    appointment_minutes = models.PositiveSmallIntegerField(
        _("appointment length (minutes)"), default=30
    )
    fee_amount = models.DecimalField(
        _("flat fee (yuan)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The fee for one matter with its included copies, in yuan."),
    )
    fee_included_copies = models.PositiveSmallIntegerField(
        _("copies included in the flat fee"), default=1
    )
    fee_per_extra_copy = models.DecimalField(
        _("fee per additional copy (yuan)"), max_digits=9, decimal_places=2, default=Decimal("0")
    )
    fee_per_extra_party = models.DecimalField(
        _("fee per additional party (yuan)"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        help_text=_("Charged for each party beyond the first."),
    )
    fee_by_value = models.BooleanField(
        _("fee by value involved"),
        default=False,
        help_text=_("Adds a fee on the value involved, by the value bands below."),
    )
    fee_value_minimum = models.DecimalField(
        _("minimum value-based fee (yuan)"), max_digits=9, decimal_places=2, default=Decimal("0")
    )
    fee_value_maximum = models.DecimalField(
        _("maximum value-based fee (yuan)"),
        max_digits=11,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty for no maximum."),
    )
    fee_basis_zh = models.CharField(_("fee standard (Chinese)"), max_length=200)
    fee_basis_en = models.CharField(_("fee standard (English)"), max_length=300)
    exemptions = models.ManyToManyField(
        Exemption, related_name="matters", blank=True, verbose_name=_("exemptions that may apply")
    )
    is_published = models.BooleanField(_("published"), default=True)

    history = HistoricalRecords(m2m_fields=[exemptions])
    objects = MatterQuerySet.as_manager()

    class Meta:
        ordering = ["category__position", "code"]
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        constraints = [
            models.CheckConstraint(
                condition=Q(processing_days__gte=1) & Q(processing_days__lte=60),
                name="matter_processing_days_range",
                violation_error_message=_("Processing time must be 1 to 60 working days."),
            ),
            models.CheckConstraint(
                condition=Q(appointment_minutes__gte=10) & Q(appointment_minutes__lte=240),
                name="matter_appointment_minutes_range",
                violation_error_message=_("An appointment lasts 10 to 240 minutes."),
            ),
            models.CheckConstraint(
                condition=Q(fee_amount__gte=0), name="matter_fee_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(fee_per_extra_copy__gte=0)
                & Q(fee_per_extra_party__gte=0)
                & Q(fee_value_minimum__gte=0)
                & Q(fee_included_copies__gte=1),
                name="matter_fee_parts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(fee_value_maximum__isnull=True)
                | Q(fee_value_maximum__gte=F("fee_value_minimum")),
                name="matter_fee_value_maximum_above_minimum",
                violation_error_message=_("The maximum fee must not be below the minimum."),
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[a-z0-9]+(-[a-z0-9]+)*$"), name="matter_code_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("notaries:matter_detail", kwargs={"code": self.code})

    @property
    def description(self) -> str:
        return self.localized("description")

    @property
    def fee_basis(self) -> str:
        return self.localized("fee_basis")


class FeeBand(models.Model):
    """One band of a value-based fee: the rate applies to the part of the value from
    `lower_bound` up to the next band's lower bound (progressive, like income tax)."""

    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="fee_bands", verbose_name=_("matter")
    )
    lower_bound = models.DecimalField(
        _("from value (yuan)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    rate_percent = models.DecimalField(_("rate (%)"), max_digits=6, decimal_places=3)

    history = HistoricalRecords()

    class Meta:
        ordering = ["matter", "lower_bound"]
        verbose_name = _("value band")
        verbose_name_plural = _("value bands")
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "lower_bound"], name="fee_band_unique_lower_bound"
            ),
            models.CheckConstraint(
                condition=Q(lower_bound__gte=0) & Q(rate_percent__gte=0) & Q(rate_percent__lte=100),
                name="fee_band_values_in_range",
                violation_error_message=_("Bands start at 0 or more, with a rate of 0 to 100%."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter.code} ≥{self.lower_bound}: {self.rate_percent}%"


class VerificationKind(models.TextChoices):
    """What a data link can confirm instead of a paper (see verification.backends)."""

    IDENTITY = "identity", _("Identity")
    HOUSEHOLD = "household", _("Household registration")
    MARITAL = "marital", _("Marital status")
    REAL_ESTATE = "real_estate", _("Real-estate title")


class MaterialItem(LocalizedMixin, models.Model):
    """One line of a matter's required-materials list.

    The list is the contract with the resident: staff cannot ask for anything not on it.
    """

    class Form(models.TextChoices):
        ORIGINAL = "original", _("Original")
        COPY = "copy", _("Copy")
        ORIGINAL_AND_COPY = "original_and_copy", _("Original and copy")

    class Provider(models.TextChoices):
        APPLICANT = "applicant", _("The applicant")
        EACH_PARTY = "each_party", _("Each party")
        AGENT = "agent", _("The agent, if one acts")
        GUARDIAN = "guardian", _("The guardian")
        HEIRS = "heirs", _("Each heir")

    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="materials", verbose_name=_("matter")
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
    verification_kind = models.CharField(
        _("can be verified online as"),
        max_length=20,
        choices=VerificationKind.choices,
        blank=True,
        default="",
        help_text=_(
            "The data link that can confirm this item instead of the paper, with the "
            "resident's consent. Empty: it must be brought."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["matter", "position"]
        verbose_name = _("required material")
        verbose_name_plural = _("required materials")
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "position"], name="material_unique_position_per_matter"
            ),
            models.CheckConstraint(
                condition=Q(copies__gte=1) & Q(copies__lte=20), name="material_copies_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def note(self) -> str:
        return self.localized("note")


class DemoDataset(models.Model):
    """Present only in a database filled by ``seed_demo``.

    Its presence makes every page and the admin say that the data is invented.
    """

    seeded_at = models.DateTimeField(_("seeded at"), auto_now=True)
    version = models.PositiveSmallIntegerField(_("version"))

    class Meta:
        verbose_name = _("demo data marker")
        verbose_name_plural = _("demo data marker")

    def __str__(self) -> str:
        return f"demo data v{self.version}"
