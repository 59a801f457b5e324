"""`/api/v1/`: the read-only open-data API, declared once with django-ninja.

Each endpoint's parameters and answers are pydantic schemas: they validate the request, shape the
answer and write the OpenAPI 3 document (`/api/v1/openapi.json`, read at `/api/v1/docs` with the
Swagger UI that django-ninja ships as static files: nothing is loaded from elsewhere).

Every answer is in the request's language (`?lang=` wins over Accept-Language), says so in
Content-Language, may be read from any origin, and every error is `{"error", "detail"}`.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from appointments.api import router as appointments_router
from notaries.api import router as notaries_router

from .api_common import PARAMETER_HELP, RENDERER, ApiError, request_language

api = NinjaAPI(
    title="City notarization open data",
    version="1",
    description=(
        "Read-only open data of the city's notary offices: offices, notarization matters (with "
        "their materials, fee and exemptions) and free appointment times. No sign-in. Names "
        "follow Accept-Language, or `?lang=en` / `?lang=zh` to pin it. Dates and times are "
        "ISO 8601 in China Standard Time (+08:00); amounts are yuan as decimal strings."
    ),
    urls_namespace="api",
    renderer=RENDERER,
)


def in_request_language(run):
    """Answer (errors included) in the request's language, and say which one."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(request_language(request)):
            response = run(request, *args, **kwargs)
            response["Content-Language"] = translation.get_language()
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


api.add_decorator(in_request_language, mode="view")


def error_response(request: HttpRequest, status: int, error: str, detail: str) -> HttpResponse:
    return api.create_response(request, {"error": error, "detail": detail}, status=status)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(request, exc.status, exc.error, exc.detail)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A parameter that does not fit its declaration: a path that names nothing is a 404, a bad
    query parameter a 400 that says what to give instead."""
    locations = [tuple(error.get("loc") or ()) for error in exc.errors]
    if any(loc and loc[0] == "path" for loc in locations):
        return error_response(request, 404, "not_found", "No such item.")
    problems = {
        str(loc[-1]): error.get("type")
        for loc, error in zip(locations, exc.errors, strict=True)
        if loc
    }
    for name, (missing, invalid) in PARAMETER_HELP.items():
        if name in problems:
            detail = missing if problems[name] == "missing" else invalid
            return error_response(request, 400, "bad_request", detail)
    first = exc.errors[0] if exc.errors else {}
    return error_response(request, 400, "bad_request", str(first.get("msg", "Bad request.")))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    error = "not_found" if exc.status_code == 404 else "bad_request"
    return error_response(request, exc.status_code, error, str(exc.message))


api.add_router("", notaries_router)
api.add_router("", appointments_router)
