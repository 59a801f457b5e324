from django.urls import path

from . import home_visit_views, views

app_name = "appointments"

urlpatterns = [
    # The office page shows its next free time per matter: availability is this app's.
    path("offices/<slug:slug>/", views.office_detail, name="office_detail"),
    path("book/", views.book_start, name="book_start"),
    path("book/<str:code>/", views.book_office, name="book_office"),
    path("book/<str:code>/for/", views.book_for, name="book_for"),
    path("book/<str:code>/<slug:slug>/", views.book_time, name="book_time"),
    path("book/<str:code>/<slug:slug>/review/", views.book_review, name="book_review"),
    path(
        "book/<str:code>/<slug:slug>/home-visit/",
        home_visit_views.home_visit_request,
        name="home_visit_request",
    ),
    path("appointments/", views.appointment_list, name="list"),
    path("appointments/<str:reference>/", views.appointment_detail, name="detail"),
    path("appointments/<str:reference>/cancel/", views.appointment_cancel, name="cancel"),
    path(
        "appointments/<str:reference>/reschedule/", views.appointment_reschedule, name="reschedule"
    ),
    path("appointments/<str:reference>/calendar.ics", views.appointment_calendar, name="calendar"),
]
