"""Events in the bureau's administration: read-only. Offices publish and edit their events at
/events/manage/, through the services that keep the history and guard the places taken."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Event, EventSignup


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["title_zh", "office", "starts_at", "capacity"]
    list_filter = ["office"]
    search_fields = ["title_zh", "title_en"]
    list_select_related = ["office"]


@admin.register(EventSignup)
class EventSignupAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["event", "created_at"]
    list_select_related = ["event"]
