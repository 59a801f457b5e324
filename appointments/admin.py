"""Administration of the statutory calendar and appointments. Every record keeps its change history
(who, when, what), shown on the admin's History page of each record."""

from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarDay, HolidayScheduleYear

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
