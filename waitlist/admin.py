from django.contrib import admin

from .models import WaitlistEntry, WaitlistOffer, WaitlistSettings


@admin.register(WaitlistSettings)
class WaitlistSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "priority_for_green_channel", "offer_valid_minutes")

    def has_add_permission(self, request) -> bool:
        return not WaitlistSettings.objects.exists()


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(admin.ModelAdmin):
    """Read-only: entries change through the residents' pages and the offer job."""

    list_display = ("matter", "office", "date_from", "date_to", "priority", "status", "created_at")
    list_filter = ("status", "priority")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WaitlistOffer)
class WaitlistOfferAdmin(WaitlistEntryAdmin):
    list_display = ("matter", "office", "starts_at", "status", "expires_at", "notified_at")
    list_filter = ("status",)
