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
    path("bureau/commitment-reports/", views.report_list, name="reports"),
    path("bureau/commitment-reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("bureau/commitment-reports/<int:pk>/enter/", views.report_enter, name="report_enter"),
    path(
        "bureau/commitment-reports/<int:pk>/dismiss/", views.report_dismiss, name="report_dismiss"
    ),
]
