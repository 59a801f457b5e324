from django.urls import path

from . import views

app_name = "hotline"

urlpatterns = [
    path("", views.desk_home, name="home"),
    path("matters/<str:code>/", views.matter_times, name="matter_times"),
    path("matters/<str:code>/<slug:slug>/", views.office_times, name="office_times"),
    path("matters/<str:code>/<slug:slug>/book/", views.book, name="book"),
    path("bookings/<str:reference>/", views.booking_detail, name="booking"),
    path("lookup/", views.lookup, name="lookup"),
    path("appointments/<str:reference>/cancel/", views.cancel_for_caller, name="cancel_for_caller"),
    path(
        "appointments/<str:reference>/reschedule/",
        views.reschedule_for_caller,
        name="reschedule_for_caller",
    ),
    path("legal-aid/", views.legal_aid_home, name="legal_aid_home"),
    path("legal-aid/cases/<slug:slug>/", views.legal_aid_apply, name="legal_aid_apply"),
    path("legal-aid/applications/<str:reference>/", views.legal_aid_filed, name="legal_aid_filed"),
]
