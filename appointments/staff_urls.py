from django.urls import path

from . import home_visit_views, staff_views

app_name = "staff_booking"

urlpatterns = [
    # The appointment's status changes, from the staff page and the agenda alike: one URL each.
    path("appointments/<str:reference>/check-in/", staff_views.check_in, name="check_in"),
    path("appointments/<str:reference>/no-show/", staff_views.no_show, name="no_show"),
    path("appointments/<str:reference>/complete/", staff_views.complete, name="complete"),
    # Cancelling and moving for the resident, with a reason the resident is sent.
    path(
        "appointments/<str:reference>/cancel/",
        staff_views.cancel_for_resident,
        name="cancel_for_resident",
    ),
    path(
        "appointments/<str:reference>/reschedule/",
        staff_views.reschedule_for_resident,
        name="reschedule_for_resident",
    ),
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
