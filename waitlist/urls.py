from django.urls import path

from . import views

app_name = "waitlist"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("join/<str:code>/", views.join, name="join"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("offers/<str:token>/", views.offer, name="offer"),
]
