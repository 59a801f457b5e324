"""Casework in the bureau's administration: read-mostly. Decisions, steps and uploads are made in
the office workspace through the services (which keep the audit); here they are looked up."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Case,
    CaseStep,
    MaterialSubmission,
    OutsideListRequest,
    PostalDelivery,
    PreReview,
    PreReviewItem,
)


class ReadOnlyMixin:
    """Every field shown, none editable, nothing added or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OutsideRequestsFilter(admin.SimpleListFilter):
    title = _("why it is listed")
    parameter_name = "listed"

    def lookups(self, request, model_admin):
        return [("reason", _("Items marked after the notice, with a reason"))]

    def queryset(self, request, queryset):
        if self.value() == "reason":
            return queryset.exclude(later_reason="")
        return queryset


@admin.register(MaterialSubmission)
class MaterialSubmissionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "appointment",
        "material",
        "bring_original",
        "content_type",
        "size",
        "uploaded_at",
        "superseded_at",
        "reviewed_in",
    ]
    list_filter = ["bring_original", "content_type"]
    search_fields = ["appointment__reference", "sha256"]
    list_select_related = ["appointment", "material", "reviewed_in"]
    # The file itself is downloaded through the permission-checked view, not from the admin.
    exclude = ["file"]


class PreReviewItemInline(ReadOnlyMixin, admin.TabularInline):
    model = PreReviewItem
    extra = 0


@admin.register(PreReview)
class PreReviewAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "appointment",
        "outcome",
        "is_notice",
        "reviewer",
        "created_at",
        "emailed_at",
        "texted_at",
        "needs_call",
        "later_reason",
    ]
    list_filter = ["outcome", "is_notice", "needs_call", OutsideRequestsFilter]
    search_fields = ["appointment__reference"]
    list_select_related = ["appointment", "reviewer"]
    inlines = [PreReviewItemInline]


@admin.register(PostalDelivery)
class PostalDeliveryAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["appointment", "postcode", "requested_at", "posted_at", "tracking_number"]
    search_fields = ["appointment__reference", "tracking_number"]
    list_select_related = ["appointment"]


class CaseStepInline(ReadOnlyMixin, admin.TabularInline):
    model = CaseStep
    extra = 0


@admin.register(Case)
class CaseAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["appointment", "status", "accepted_on", "due_date", "overdue", "accepted_by"]
    list_filter = ["status"]
    search_fields = ["appointment__reference"]
    date_hierarchy = "due_date"
    list_select_related = ["appointment", "accepted_by"]
    inlines = [CaseStepInline]

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj: Case) -> bool:  # pragma: no cover - shown in the list only
        from django.utils import timezone

        return not obj.is_finished and obj.due_date < timezone.localdate()


@admin.register(OutsideListRequest)
class OutsideListRequestAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The bureau reviews every document asked for beyond an appointment's list."""

    list_display = ["prereview", "document", "legal_basis", "created_at"]
    search_fields = ["prereview__appointment__reference", "document", "legal_basis"]
    list_select_related = ["prereview", "prereview__appointment"]
