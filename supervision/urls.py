"""Residents' feedback (`/appointments/<reference>/feedback/`, `/opinions/...`, an opinion about
a consultation request or a legal-aid application) and the bureau's supervision pages
(`/bureau/...`)."""

from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("appointments/<str:reference>/feedback/", views.rating_create, name="rating"),
    path("opinions/new/", views.opinion_create, name="opinion_create"),
    path("opinions/mine/", views.opinion_mine, name="opinion_mine"),
    path(
        "consult/<str:reference>/opinion/",
        views.consultation_opinion,
        name="consultation_opinion",
    ),
    path(
        "legal-aid/applications/<str:reference>/opinion/",
        views.legal_aid_opinion,
        name="legal_aid_opinion",
    ),
    path("bureau/opinions/", views.opinion_list, name="opinion_list"),
    path("bureau/opinions/<int:opinion_id>/", views.opinion_detail, name="opinion_detail"),
    path("bureau/draws/", views.draw_list, name="draw_list"),
    path("bureau/draws/new/", views.draw_create, name="draw_create"),
    path("bureau/draws/<int:year>/", views.draw_detail, name="draw_detail"),
    path(
        "bureau/draws/<int:year>/visits/<int:visit_id>/",
        views.return_visit_update,
        name="return_visit",
    ),
    path("bureau/statistics/", views.statistics, name="statistics"),
]
