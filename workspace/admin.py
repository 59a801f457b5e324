from django.contrib import admin

from .models import StatusChange


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    """Read-only: the trail is written by the workspace's services, never by hand."""

    list_display = ("appointment", "from_status", "to_status", "by", "at")
    list_filter = ("to_status",)
    search_fields = ("appointment__reference",)
    raw_id_fields = ("appointment", "by")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
