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
    # The 12348 desk calls residents whom no pre-review notice could reach.
    path("hotline/notices-to-call/", views.notices_to_call, name="notices_to_call"),
    path(
        "hotline/notices-to-call/<int:prereview_id>/called/",
        views.notice_called,
        name="notice_called",
    ),
]
