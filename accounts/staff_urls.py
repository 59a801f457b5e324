"""Office staff's pages about accounts, under /staff/ beside the other workspace pages."""

from django.urls import path

from . import views

app_name = "accounts_staff"

urlpatterns = [
    # /identity/ itself is casework's recorded "show the full number" (POST only).
    path(
        "appointments/<str:reference>/identity/correct/",
        views.staff_identity_correct,
        name="identity_correct",
    ),
]
