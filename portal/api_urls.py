"""`/api/v1/`: the read-only open-data API (declared in portal/api.py), its OpenAPI document at
`/api/v1/openapi.json` and the docs page at `/api/v1/docs`."""

from .api import api

app_name = "api"
urlpatterns = api.urls[0]
