"""Bureau administration of the catalogue. Every record keeps its change history (who, when, what),
shown on the admin's History page of each record."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.a11y import LabelledInlineMixin
from portal.admin_history import HistoryAdmin, ReadableHistoryHelper

from .models import (
    DemoDataset,
    District,
    Exemption,
    FeeBand,
    MaterialItem,
    Matter,
    MatterCategory,
    Notary,
    Office,
)

# Ticked boxes, one per choice, rather than the two-list picker: each has its label, and the
# list of matters or exemptions is short.
CHECKBOXES = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


@admin.register(District)
class DistrictAdmin(HistoryAdmin):
    list_display = ["name_zh", "name_en", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_zh", "name_en", "slug"]


class OfficeAdminForm(forms.ModelForm):
    """The booking rules within the bounds the database enforces, each refused with a message
    that says what is allowed (the constraints alone would only name themselves)."""

    BOUNDS = {
        "booking_window_days": (1, 180, _("Residents may book 1 to 180 days ahead.")),
        "min_notice_minutes": (
            0,
            10080,
            _("The minimum notice is 0 to 10,080 minutes (one week)."),
        ),
        "buffer_minutes": (0, 120, _("The buffer between appointments is 0 to 120 minutes.")),
        "green_channel_percent": (
            0,
            50,
            _("The green channel share is 0 to 50 per cent."),
        ),
    }

    def clean(self):
        cleaned = super().clean()
        for name, (low, high, message) in self.BOUNDS.items():
            value = cleaned.get(name)
            if value is not None and not low <= value <= high:
                self.add_error(name, message)
        return cleaned


@admin.register(Office)
class OfficeAdmin(HistoryAdmin):
    form = OfficeAdminForm
    formfield_overrides = CHECKBOXES
    list_display = [
        "name_zh",
        "name_en",
        "district",
        "kind",
        "phone",
        "booking_window_days",
        "min_notice_minutes",
        "green_channel_percent",
        "is_active",
    ]
    list_filter = ["district", "kind", "is_active"]
    list_select_related = ["district"]
    search_fields = ["name_zh", "name_en", "slug", "address_zh", "address_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": ["slug", "name_zh", "name_en", "district", "kind", "is_active"]}),
        (
            _("Contact"),
            {
                "fields": [
                    "address_zh",
                    "address_en",
                    "phone",
                    "opening_hours_zh",
                    "opening_hours_en",
                ]
            },
        ),
        (
            _("Booking rules"),
            {
                "fields": [
                    "booking_window_days",
                    "min_notice_minutes",
                    "buffer_minutes",
                    "green_channel_percent",
                ]
            },
        ),
        (_("Matters handled"), {"fields": ["matters"]}),
    ]


@admin.register(Notary)
class NotaryAdmin(HistoryAdmin):
    formfield_overrides = CHECKBOXES
    list_display = ["name_zh", "name_en", "licence_number", "office", "status"]
    list_filter = ["status", "office__district", "office"]
    list_select_related = ["office"]
    search_fields = ["name_zh", "name_en", "licence_number"]
    autocomplete_fields = ["office"]


@admin.register(MatterCategory)
class MatterCategoryAdmin(HistoryAdmin):
    list_display = ["name_zh", "name_en", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_zh", "name_en"]


class ExemptionAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        kind, min_age = cleaned.get("kind"), cleaned.get("min_age")
        if kind == Exemption.Kind.AGE:
            if min_age is None:
                self.add_error("min_age", _("An age rule needs a minimum age."))
            elif not 1 <= min_age <= 120:
                self.add_error("min_age", _("The minimum age is 1 to 120 years."))
        elif min_age is not None:
            self.add_error("min_age", _("Only an age rule has a minimum age: leave it empty."))
        return cleaned


@admin.register(Exemption)
class ExemptionAdmin(HistoryAdmin):
    form = ExemptionAdminForm
    list_display = ["name_zh", "name_en", "code", "kind", "min_age", "is_active", "position"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name_zh", "name_en", "code"]
    fieldsets = [
        (None, {"fields": ["code", "name_zh", "name_en", "is_active", "position"]}),
        (_("Rule"), {"fields": ["kind", "min_age", "description_zh", "description_en"]}),
        (
            _("What the resident declares and brings"),
            {"fields": ["declaration_zh", "declaration_en", "evidence_zh", "evidence_en"]},
        ),
    ]


class MaterialItemInline(LabelledInlineMixin, admin.TabularInline):
    model = MaterialItem
    extra = 1
    ordering = ["position"]
    fields = [
        "position",
        "name_zh",
        "name_en",
        "form",
        "copies",
        "provider",
        "commitment_allowed",
        "verification_kind",
        "note_zh",
        "note_en",
    ]


class FeeBandFormSet(forms.BaseInlineFormSet):
    """A fee by value needs its bands, the first from 0; bands are kept only while it is on."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        bounds = [row["lower_bound"] for row in kept if row.get("lower_bound") is not None]
        if self.instance.fee_by_value:
            if not bounds:
                raise ValidationError(_("A fee by value needs at least one value band."))
            if min(bounds) != Decimal("0"):
                raise ValidationError(_("The first value band starts at 0 yuan."))


class FeeBandForm(forms.ModelForm):
    # Checked here, with a message each, before the database constraint (which checks both).
    def clean_lower_bound(self):
        value = self.cleaned_data.get("lower_bound")
        if value is not None and value < 0:
            raise ValidationError(_("A band starts at 0 yuan or more."))
        return value

    def clean_rate_percent(self):
        value = self.cleaned_data.get("rate_percent")
        if value is not None and not Decimal("0") <= value <= Decimal("100"):
            raise ValidationError(_("A rate is 0 to 100 per cent."))
        return value


class FeeBandInline(LabelledInlineMixin, admin.TabularInline):
    model = FeeBand
    form = FeeBandForm
    formset = FeeBandFormSet
    extra = 0
    ordering = ["lower_bound"]
    fields = ["lower_bound", "rate_percent"]
    verbose_name = _("value band")
    verbose_name_plural = _("value bands (for a fee by value)")


class MatterAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        minimum = cleaned.get("fee_value_minimum")
        maximum = cleaned.get("fee_value_maximum")
        if minimum is not None and minimum < 0:
            self.add_error("fee_value_minimum", _("The minimum fee cannot be negative."))
        if minimum is not None and maximum is not None and maximum < minimum:
            self.add_error("fee_value_maximum", _("The maximum fee must not be below the minimum."))
        for name in ["fee_per_extra_copy", "fee_per_extra_party"]:
            value = cleaned.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("A fee cannot be negative."))
        copies = cleaned.get("fee_included_copies")
        if copies is not None and not 1 <= copies <= 20:
            self.add_error("fee_included_copies", _("The flat fee includes 1 to 20 copies."))
        return cleaned


def _related_history(matter: Matter) -> list:
    """Every historical record of the matter's materials and value bands (deleted ones too),
    newest first, each with what it changed: three queries however long the history."""
    rows = []
    for model in (MaterialItem, FeeBand):
        records = list(
            model.history.filter(matter_id=matter.pk)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        previous = None
        for record in records:
            record.history_model_name = model._meta.verbose_name
            record.history_label = (
                f"≥ {record.lower_bound}: {record.rate_percent.normalize()}%"
                if model is FeeBand
                else str(record.history_object)
            )
            record.history_delta_changes = []
            if previous is not None and previous.id == record.id:
                delta = record.diff_against(previous, foreign_keys_are_objs=False)
                helper = ReadableHistoryHelper(model, record)
                record.history_delta_changes = helper.context_for_delta_changes(delta)
            rows.append(record)
            previous = record
    rows.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)
    return rows


@admin.register(Matter)
class MatterAdmin(HistoryAdmin):
    form = MatterAdminForm
    formfield_overrides = CHECKBOXES
    object_history_template = "admin/notaries/matter/object_history.html"
    list_display = [
        "code",
        "name_zh",
        "name_en",
        "category",
        "run_at_most_once",
        "processing_days",
        "fee_amount",
        "is_published",
    ]
    list_filter = ["category", "run_at_most_once", "is_published", "exemptions"]
    list_select_related = ["category"]
    search_fields = ["code", "name_zh", "name_en"]
    inlines = [MaterialItemInline, FeeBandInline]
    fieldsets = [
        (None, {"fields": ["code", "name_zh", "name_en", "category", "is_published"]}),
        (_("Guide"), {"fields": ["description_zh", "description_en", "run_at_most_once"]}),
        (_("Time"), {"fields": ["processing_days", "appointment_minutes"]}),
        (
            _("Fee"),
            {
                "fields": [
                    "fee_amount",
                    "fee_included_copies",
                    "fee_per_extra_copy",
                    "fee_per_extra_party",
                    "fee_by_value",
                    "fee_value_minimum",
                    "fee_value_maximum",
                    "fee_basis_zh",
                    "fee_basis_en",
                ]
            },
        ),
        (_("Fee exemptions"), {"fields": ["exemptions"]}),
    ]

    def history_view(self, request, object_id, extra_context=None):
        # The matter's page lists its materials' and value bands' changes below its own.
        matter = self.get_object(request, object_id)
        context = {"related_history": _related_history(matter) if matter else []}
        context.update(extra_context or {})
        return super().history_view(request, object_id, extra_context=context)


@admin.register(MaterialItem)
class MaterialItemAdmin(HistoryAdmin):
    """Materials are edited inline on their matter; their history is also on the matter's."""

    list_display = ["matter", "position", "name_zh", "form", "copies", "provider"]
    list_select_related = ["matter"]
    search_fields = ["name_zh", "name_en", "matter__code"]


@admin.register(DemoDataset)
class DemoDatasetAdmin(admin.ModelAdmin):
    list_display = ["version", "seeded_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
