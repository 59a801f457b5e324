from django.urls import path

from . import staff_views

app_name = "staff_fees"

urlpatterns = [
    path("appointments/<str:reference>/fee/", staff_views.fee_record, name="record"),
    path(
        "appointments/<str:reference>/exemptions/<int:claim_id>/",
        staff_views.exemption_decide,
        name="exemption",
    ),
]
