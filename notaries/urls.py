from django.urls import path

from . import views

app_name = "notaries"

urlpatterns = [
    path("matters/", views.matter_list, name="matter_list"),
    path("matters/<str:code>/", views.matter_detail, name="matter_detail"),
    path("offices/", views.office_list, name="office_list"),
]
