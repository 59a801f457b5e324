from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path(
        "appointments/<str:reference>/commitments/<int:material_id>/",
        views.commitment_give,
        name="give",
    ),
    path(
        "staff/appointments/<str:reference>/commitments/<int:commitment_id>/report/",
        views.commitment_report,
        name="report",
    ),
]
