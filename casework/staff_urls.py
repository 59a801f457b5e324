"""The office workspace, mounted at `/staff/` (namespace `staff`)."""

from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.staff_home, name="home"),
    path("appointments/<str:reference>/", views.staff_appointment, name="appointment"),
    path("appointments/<str:reference>/pre-review/", views.staff_prereview, name="prereview"),
    path("appointments/<str:reference>/case/accept/", views.staff_case_accept, name="case_accept"),
    path(
        "appointments/<str:reference>/case/advance/", views.staff_case_advance, name="case_advance"
    ),
    path("appointments/<str:reference>/posting/", views.staff_posting, name="posting"),
    path("appointments/<str:reference>/identity/", views.staff_identity, name="identity"),
]
