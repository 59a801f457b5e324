from django.urls import path

from . import api

app_name = "api"

urlpatterns = [
    path("offices", api.offices, name="offices"),
    path("offices/<slug:slug>", api.office, name="office"),
    path("matters", api.matters, name="matters"),
    path("matters/<str:code>", api.matter, name="matter"),
]
