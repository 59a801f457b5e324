"""Residents' casework pages, beside their appointment (`/appointments/<reference>/...`)."""

from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("appointments/<str:reference>/materials/", views.materials_upload, name="materials"),
    path(
        "appointments/<str:reference>/materials/<int:submission_id>/",
        views.material_download,
        name="material_download",
    ),
    path("appointments/<str:reference>/post/", views.postal_request, name="postal_request"),
]
