"""Admin-page warnings about the statutory calendar."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import timezone

from appointments.calendar import years_without_official_schedule

register = template.Library()

# How far ahead admins are warned: longer than the booking window, so there is time to enter the
# State Council's schedule (published around November) before residents book into the year.
WARNING_HORIZON_DAYS = 180


@register.inclusion_tag("appointments/includes/_holiday_schedule_warnings.html")
def holiday_schedule_warnings() -> dict[str, object]:
    years = years_without_official_schedule(
        today=timezone.localdate(), horizon_days=WARNING_HORIZON_DAYS
    )
    days_url = reverse("admin:appointments_calendarday_changelist")
    record_url = reverse("admin:appointments_holidayscheduleyear_add")
    return {
        "warnings": [
            {
                # A string, so no locale ever renders the year as "2,027".
                "year": str(year),
                "days_url": f"{days_url}?date__year={year}",
                "record_url": f"{record_url}?year={year}",
            }
            for year in years
        ]
    }
