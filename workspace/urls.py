"""The office workspace, mounted at `/staff/` (namespace `workspace`)."""

from django.urls import path

from . import views

app_name = "workspace"

urlpatterns = [
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/print/", views.agenda_print, name="agenda_print"),
    path(
        "agenda/appointments/<str:reference>/check-in/",
        views.agenda_check_in,
        name="agenda_check_in",
    ),
    path(
        "agenda/appointments/<str:reference>/no-show/",
        views.agenda_no_show,
        name="agenda_no_show",
    ),
    path(
        "agenda/appointments/<str:reference>/complete/",
        views.agenda_complete,
        name="agenda_complete",
    ),
    path("search/", views.search, name="search"),
    path("notaries/", views.notary_list, name="notaries"),
    path("notaries/<int:notary_id>/schedule/", views.notary_schedule, name="notary_schedule"),
]
