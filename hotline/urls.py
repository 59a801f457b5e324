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
]
