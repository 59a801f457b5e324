"""`/api/v1/`: the read-only open-data API."""

from django.urls import path

from appointments import api as appointments_api
from notaries import api as notaries_api

app_name = "api"

urlpatterns = [
    path("offices", notaries_api.offices, name="offices"),
    path("offices/<slug:slug>", notaries_api.office, name="office"),
    path("matters", notaries_api.matters, name="matters"),
    path("matters/<str:code>", notaries_api.matter, name="matter"),
    path("availability", appointments_api.availability, name="availability"),
]
