"""The blacklist in the bureau's administration: read-only. Entries are made and lifted on the
blacklist pages through the services, which validate the identity number and record who did it."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import BlacklistEntry, BookingAttempt


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BlacklistEntry)
class BlacklistEntryAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = [
        "name",
        "id_number_masked",
        "office",
        "starts_on",
        "ends_on",
        "created_by",
        "created_at",
        "lifted_at",
    ]
    list_filter = ["office", ("lifted_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "id_number_masked"]
    list_select_related = ["office", "created_by"]
    date_hierarchy = "created_at"
    # The hash identifies a person to the database only; it means nothing on screen.
    fields = [
        "name",
        "id_number_masked",
        "reason",
        "office",
        "starts_on",
        "ends_on",
        "created_by",
        "created_at",
        "lifted_at",
        "lifted_by",
        "lift_reason",
    ]
    readonly_fields = fields


@admin.register(BookingAttempt)
class BookingAttemptAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["entry", "channel", "resident", "actor", "office", "matter", "at"]
    list_filter = ["channel"]
    search_fields = ["entry__name", "entry__id_number_masked"]
    list_select_related = ["entry", "resident", "actor", "office", "matter"]
    date_hierarchy = "at"
