from django.contrib import admin

from .models import Commitment, CommitmentStatement, FalseCommitmentReport


@admin.register(CommitmentStatement)
class CommitmentStatementAdmin(admin.ModelAdmin):
    """The bureau adds a new version; a signed version is never edited."""

    list_display = ["version", "created_at", "text_zh"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["appointment", "item_name", "real_name", "statement", "given_at"]
    search_fields = ["appointment__reference"]
    list_select_related = ["appointment", "statement"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FalseCommitmentReport)
class FalseCommitmentReportAdmin(admin.ModelAdmin):
    """The bureau's list of blacklist proposals from false commitments."""

    list_display = ["commitment", "finding", "reported_by", "reported_at", "status"]
    list_filter = ["status"]
    list_select_related = ["commitment", "commitment__appointment", "reported_by"]
    fields = [
        "commitment",
        "finding",
        "reported_by",
        "reported_at",
        "status",
        "entry",
        "decided_by",
        "decided_at",
        "dismiss_reason",
    ]
    # Decided on the bureau's page (/bureau/commitment-reports/), which enters the person in the
    # blacklist and marks the proposal in one transaction: never by editing the status here.
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
