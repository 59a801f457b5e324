"""Administration of the statutory calendar and appointments. Every record keeps its change history
(who, when, what), shown on the admin's History page of each record."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin_history import HistoryAdmin

from .conflicts import ClosedDayConflict, appointments_on_closed_days
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

# Marks our warning among the queued messages, so the changelist a save redirects to does not
# repeat it.
_CONFLICTS_TAG = "calendar-conflicts"
_REFERENCES_SHOWN = 20


def _warn_conflicts(request, conflicts: list[ClosedDayConflict]) -> None:
    references = [c.appointment.reference for c in conflicts]
    shown = ", ".join(references[:_REFERENCES_SHOWN])
    if len(references) > _REFERENCES_SHOWN:
        shown += " …"
    text = ngettext(
        "%(count)d booked appointment is on a day that is now closed: %(references)s. "
        "Office staff must move or cancel it.",
        "%(count)d booked appointments are on days that are now closed: %(references)s. "
        "Office staff must move or cancel them.",
        len(references),
    ) % {"count": len(references), "references": shown}
    messages.warning(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            text,
            reverse("workspace:calendar_conflicts"),
            _("Resolve them in the office workspace"),
        ),
        extra_tags=_CONFLICTS_TAG,
    )


def _warned_already(request) -> bool:
    storage = messages.get_messages(request)
    # Looking does not consume them: they are still shown on this page, or kept for the next.
    used = getattr(storage, "used", False)
    found = any(_CONFLICTS_TAG in message.extra_tags for message in storage)
    if hasattr(storage, "used"):
        storage.used = used
    return found


class ClosedDayWarningMixin:
    """A calendar change that closes a day under booked appointments never goes unnoticed: the
    save names them, and the list pages warn while any remain (appointments/conflicts.py)."""

    def conflicts_caused_by(self, obj, conflicts: list[ClosedDayConflict]):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        caused = self.conflicts_caused_by(obj, appointments_on_closed_days())
        if caused:
            _warn_conflicts(request, caused)

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET" and not _warned_already(request):
            remaining = appointments_on_closed_days()
            if remaining:
                _warn_conflicts(request, remaining)
        return super().changelist_view(request, extra_context)


@admin.register(CalendarDay)
class CalendarDayAdmin(ClosedDayWarningMixin, HistoryAdmin):
    list_display = ["date", "weekday", "is_working_day", "name_zh", "name_en"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    search_fields = ["name_zh", "name_en"]

    # Entering an adjusted working weekend means checking that the date really is a Saturday
    # or Sunday; show it rather than make the admin count on a wall calendar.
    @admin.display(description=_("weekday"), ordering="date")
    def weekday(self, obj: CalendarDay) -> str:
        return date_format(obj.date, "l")

    def conflicts_caused_by(self, obj: CalendarDay, conflicts):
        return [c for c in conflicts if c.day == obj.date]


@admin.register(HolidayScheduleYear)
class HolidayScheduleYearAdmin(ClosedDayWarningMixin, HistoryAdmin):
    list_display = ["year", "entered_at", "note"]
    search_fields = ["note"]

    # The year's schedule is its calendar days, entered before this record that says it is
    # complete: whatever of that year is now closed under a booking is what entering it did.
    def conflicts_caused_by(self, obj: HolidayScheduleYear, conflicts):
        return [c for c in conflicts if c.day.year == obj.year]


# --- Schedules ------------------------------------------------------------------------------------


@admin.register(WorkingPeriod)
class WorkingPeriodAdmin(HistoryAdmin):
    list_display = ["notary", "weekday", "starts", "ends"]
    list_filter = ["weekday", "notary__office"]
    list_select_related = ["notary"]
    search_fields = ["notary__name_zh", "notary__name_en", "notary__licence_number"]
    autocomplete_fields = ["notary"]


class ReadOnlyInAdminMixin:
    """Leave and blocks over booked appointments must move or cancel each one with a message
    (workspace services): they are entered in the office workspace, and only read here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            messages.info(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _(
                        "Leave and blocks are entered in the office workspace, which moves or "
                        "cancels the appointments they cover; here they are only read."
                    ),
                    reverse("workspace:notaries"),
                    _("Notaries' hours, leave and blocks"),
                ),
            )
        return super().changelist_view(request, extra_context)


@admin.register(Leave)
class LeaveAdmin(ReadOnlyInAdminMixin, HistoryAdmin):
    list_display = ["notary", "starts_on", "ends_on", "reason"]
    list_filter = ["notary__office"]
    list_select_related = ["notary"]
    date_hierarchy = "starts_on"
    search_fields = ["notary__name_zh", "notary__name_en", "reason"]
    autocomplete_fields = ["notary"]


@admin.register(Block)
class BlockAdmin(ReadOnlyInAdminMixin, HistoryAdmin):
    list_display = ["notary", "starts_at", "ends_at", "reason"]
    list_filter = ["notary__office"]
    list_select_related = ["notary"]
    date_hierarchy = "starts_at"
    search_fields = ["notary__name_zh", "notary__name_en", "reason"]
    autocomplete_fields = ["notary"]


@admin.register(OfficeClosure)
class OfficeClosureAdmin(ClosedDayWarningMixin, HistoryAdmin):
    list_display = ["office", "date", "name_zh", "name_en"]
    list_filter = ["office"]
    list_select_related = ["office"]
    date_hierarchy = "date"

    def conflicts_caused_by(self, obj: OfficeClosure, conflicts):
        return [
            c for c in conflicts if c.day == obj.date and c.appointment.office_id == obj.office_id
        ]


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
