from django.urls import path

from . import views

app_name = "legalaid"

urlpatterns = [
    path("", views.legal_aid_home, name="home"),
    path("cases/<slug:slug>/", views.case_kind_detail, name="case_kind"),
]
