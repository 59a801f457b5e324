from django.urls import path

from . import views

app_name = "waitlist_staff"

urlpatterns = [path("waitlist/", views.staff_queue, name="queue")]
