"""Administration of the statutory calendar and appointments. Every record keeps its change history
(who, when, what), shown on the admin's History page of each record."""

from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Appointment,
    AppointmentEvent,
    Block,
    CalendarDay,
    HolidayScheduleYear,
    Leave,
    OfficeClosure,
    WorkingPeriod,
)

# --- The statutory calendar -----------------------------------------------------------------------


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "weekday", "is_working_day", "name_zh", "name_en"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    search_fields = ["name_zh", "name_en"]

    # Entering an adjusted working weekend means checking that the date really is a Saturday
    # or Sunday; show it rather than make the admin count on a wall calendar.
    @admin.display(description=_("weekday"), ordering="date")
    def weekday(self, obj: CalendarDay) -> str:
        return date_format(obj.date, "l")


@admin.register(HolidayScheduleYear)
class HolidayScheduleYearAdmin(SimpleHistoryAdmin):
    list_display = ["year", "entered_at", "note"]
    search_fields = ["note"]


# --- Schedules ------------------------------------------------------------------------------------


@admin.register(WorkingPeriod)
class WorkingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["notary", "weekday", "starts", "ends"]
    list_filter = ["weekday", "notary__office"]
    list_select_related = ["notary"]
    search_fields = ["notary__name_zh", "notary__name_en", "notary__licence_number"]
    autocomplete_fields = ["notary"]


@admin.register(Leave)
class LeaveAdmin(SimpleHistoryAdmin):
    list_display = ["notary", "starts_on", "ends_on", "reason"]
    list_filter = ["notary__office"]
    list_select_related = ["notary"]
    date_hierarchy = "starts_on"
    search_fields = ["notary__name_zh", "notary__name_en", "reason"]
    autocomplete_fields = ["notary"]


@admin.register(Block)
class BlockAdmin(SimpleHistoryAdmin):
    list_display = ["notary", "starts_at", "ends_at", "reason"]
    list_filter = ["notary__office"]
    list_select_related = ["notary"]
    date_hierarchy = "starts_at"
    search_fields = ["notary__name_zh", "notary__name_en", "reason"]
    autocomplete_fields = ["notary"]


@admin.register(OfficeClosure)
class OfficeClosureAdmin(SimpleHistoryAdmin):
    list_display = ["office", "date", "name_zh", "name_en"]
    list_filter = ["office"]
    list_select_related = ["office"]
    date_hierarchy = "date"


# --- Appointments ---------------------------------------------------------------------------------


class AppointmentEventInline(admin.TabularInline):
    model = AppointmentEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "actor", "data"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    """Read-only here: bookings change only through the booking services (locks, audit, mail)."""

    list_display = ["reference", "starts_at", "office", "notary", "matter", "status"]
    list_filter = ["status", "office"]
    list_select_related = ["office", "notary", "matter"]
    date_hierarchy = "starts_at"
    search_fields = ["reference", "applicant_name"]
    show_full_result_count = False
    inlines = [AppointmentEventInline]
    readonly_fields = [
        "reference",
        "resident",
        "matter",
        "office",
        "notary",
        "starts_at",
        "ends_at",
        "status",
        "applicant_name",
        "fee_quote",
        "language",
        "created_at",
        "updated_at",
        "cancelled_at",
        "reminder_sent_at",
    ]
    exclude = ["applicant_phone"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
