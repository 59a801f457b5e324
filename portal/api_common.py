"""What every endpoint of the open-data API shares: the error answer, the request's language and
the JSON rendering (kept apart from portal.api, which imports every endpoint)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Schema
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

# Query parameters whose errors are told first, in this order (the first missing or malformed
# one is what the caller fixes first).
# (when it is missing, when it does not fit)
PARAMETER_HELP = {
    "matter": (
        "Give the matter code, e.g. ?matter=will&date=2026-12-01.",
        "Unknown matter code; see /api/v1/matters.",
    ),
    "date": ("Give the date as YYYY-MM-DD, e.g. date=2026-12-01.",) * 2,
    "office": ("Give the office slug.", "Unknown office slug; see /api/v1/offices."),
    "lang": ("Give the language as lang=zh or lang=en.",) * 2,
}


class Error(Schema):
    """Every error answer: a fixed code and what to fix, in English."""

    error: str
    detail: str


class ApiError(Exception):
    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error
        self.detail = detail


def not_found(detail: str) -> ApiError:
    return ApiError(404, "not_found", detail)


def bad_request(detail: str) -> ApiError:
    return ApiError(400, "bad_request", detail)


def request_language(request: HttpRequest) -> str:
    # `?lang=en` wins over Accept-Language so that a link can pin the language.
    lang = request.GET.get("lang", "")
    if lang.lower().startswith("en"):
        return "en"
    if lang.lower().startswith("zh"):
        return "zh-hans"
    return translation.get_language() or "zh-hans"


class Renderer(JSONRenderer):
    """JSON with Chinese left readable (no \\u escapes), as the hand-written views answered."""

    def render(self, request: HttpRequest | None, data: Any, *, response_status: int) -> Any:
        return json.dumps(data, cls=NinjaJSONEncoder, ensure_ascii=False)


RENDERER = Renderer()


def schema_response(answer: Schema, status: int = 200) -> HttpResponse:
    """An answer already checked against its schema, as a response object whose headers the
    caller may still set (caching, validators)."""
    content = RENDERER.render(None, answer.model_dump(mode="json"), response_status=status)
    return json_response(content, status=status)


def json_response(content: bytes, status: int = 200) -> HttpResponse:
    """Rendered JSON (schema_response's, or the same kept from an earlier answer)."""
    return HttpResponse(
        content,
        status=status,
        content_type=f"{RENDERER.media_type}; charset={RENDERER.charset}",
    )
