from django.urls import path

from . import home_visit_views, staff_views

app_name = "staff_booking"

urlpatterns = [
    path("appointments/<str:reference>/fee/", staff_views.fee_record, name="fee"),
    path(
        "appointments/<str:reference>/exemptions/<int:claim_id>/",
        staff_views.exemption_decide,
        name="exemption",
    ),
    path("home-visits/", home_visit_views.home_visit_list, name="home_visits"),
    path("home-visits/<int:pk>/", home_visit_views.home_visit_detail, name="home_visit"),
    path(
        "home-visits/<int:pk>/decline/",
        home_visit_views.home_visit_decline,
        name="home_visit_decline",
    ),
]
