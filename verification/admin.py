from django.contrib import admin

from .models import RegistryRecord, Verification


@admin.register(Verification)
class VerificationAdmin(admin.ModelAdmin):
    """The record of every question asked: read only."""

    list_display = ["appointment", "item_name", "kind", "answer", "asked_by", "asked_at", "backend"]
    list_filter = ["answer", "kind"]
    search_fields = ["appointment__reference"]
    list_select_related = ["appointment", "asked_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RegistryRecord)
class RegistryRecordAdmin(admin.ModelAdmin):
    list_display = ["kind", "summary"]
    list_filter = ["kind"]
