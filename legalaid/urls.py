from django.urls import path

from . import views

app_name = "legalaid"

urlpatterns = [
    path("", views.legal_aid_home, name="home"),
    path("cases/<slug:slug>/", views.case_kind_detail, name="case_kind"),
    path("cases/<slug:slug>/apply/", views.application_create, name="apply"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<str:reference>/", views.application_detail, name="application"),
    path("centre/", views.centre_queue, name="centre_queue"),
    path("centre/<str:reference>/", views.centre_application, name="centre_application"),
    path("centre/<str:reference>/files/<int:file_id>/", views.centre_file, name="centre_file"),
]
