from django.urls import path

from . import views

app_name = "verification"

urlpatterns = [
    path(
        "appointments/<str:reference>/verification/<int:material_id>/",
        views.verification_consent,
        name="consent",
    ),
]
