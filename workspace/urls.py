"""The office workspace, mounted at `/staff/` (namespace `workspace`)."""

from django.urls import path

from . import conflict_views, views

app_name = "workspace"

urlpatterns = [
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/print/", views.agenda_print, name="agenda_print"),
    path("search/", views.search, name="search"),
    path("notaries/", views.notary_list, name="notaries"),
    path("notaries/<int:notary_id>/schedule/", views.notary_schedule, name="notary_schedule"),
    path("calendar-conflicts/", conflict_views.calendar_conflicts, name="calendar_conflicts"),
]
