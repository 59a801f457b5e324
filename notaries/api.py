"""The read-only open-data API (`/api/v1/...`).

Plain JSON, no login, names in the request's language.

The catalogues are small (dozens of offices and matters), so lists are returned whole.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from . import selectors
from .models import Matter, Office


def request_language(request: HttpRequest) -> str:
    # `?lang=en` wins over Accept-Language so that a link can pin the language.
    lang = request.GET.get("lang", "")
    if lang.lower().startswith("en"):
        return "en"
    if lang.lower().startswith("zh"):
        return "zh-hans"
    return translation.get_language() or "zh-hans"


def json_response(payload: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Language"] = translation.get_language()
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _not_found(request: HttpRequest, what: str) -> JsonResponse:
    return json_response({"error": "not_found", "detail": what}, status=404)


def office_summary(office: Office) -> dict[str, Any]:
    return {
        "slug": office.slug,
        "name": office.name,
        "district": office.district.name,
        "district_slug": office.district.slug,
        "kind": office.kind,
        "kind_label": str(office.get_kind_display()),
        "address": office.address,
        "phone": office.phone,
        "opening_hours": office.opening_hours,
        "notary_count": office.notary_count,
        "notaries_on_duty": office.on_duty_count,
        "url": office.get_absolute_url(),
    }


def office_full(office: Office) -> dict[str, Any]:
    data = office_summary(office)
    data["notaries"] = [
        {
            "name": notary.name,
            "licence_number": notary.licence_number,
            "status": notary.status,
            "status_label": str(notary.get_status_display()),
        }
        for notary in office.notaries.all()
    ]
    data["matters"] = [
        {"code": m.code, "name": m.name, "fee": _fee(m)} for m in office.published_matters
    ]
    return data


def _fee(matter: Matter) -> dict[str, Any]:
    return {"amount": str(matter.fee_amount), "currency": "CNY", "standard": matter.fee_basis}


def matter_summary(matter: Matter) -> dict[str, Any]:
    return {
        "code": matter.code,
        "name": matter.name,
        "category": matter.category.name,
        "category_slug": matter.category.slug,
        "run_at_most_once": matter.run_at_most_once,
        "processing_days": matter.processing_days,
        "appointment_minutes": matter.appointment_minutes,
        "fee": _fee(matter),
        "exemptions": [{"code": e.code, "name": e.name} for e in matter.exemptions.all()],
        "materials": [
            {
                "position": item.position,
                "name": item.name,
                "form": item.form,
                "form_label": str(item.get_form_display()),
                "copies": item.copies,
                "provider": item.provider,
                "provider_label": str(item.get_provider_display()),
                "commitment_allowed": item.commitment_allowed,
                "note": item.note,
            }
            for item in matter.materials.all()
        ],
        "url": matter.get_absolute_url(),
    }


def matter_full(matter: Matter) -> dict[str, Any]:
    data = matter_summary(matter)
    data["description"] = matter.description
    data["exemptions"] = [
        {"code": e.code, "name": e.name, "description": e.description}
        for e in matter.exemptions.all()
    ]
    data["offices"] = [
        {"slug": o.slug, "name": o.name, "district": o.district.name} for o in matter.listed_offices
    ]
    return data


@require_GET
def offices(request: HttpRequest) -> JsonResponse:
    with translation.override(request_language(request)):
        results = [office_summary(o) for o in selectors.office_list()]
        return json_response({"count": len(results), "results": results})


@require_GET
def office(request: HttpRequest, slug: str) -> JsonResponse:
    with translation.override(request_language(request)):
        try:
            found = selectors.office_get(slug=slug)
        except Http404:
            return _not_found(request, f"No office with slug {slug!r}.")
        return json_response(office_full(found))


@require_GET
def matters(request: HttpRequest) -> JsonResponse:
    with translation.override(request_language(request)):
        results = [matter_summary(m) for m in selectors.matter_list_for_api()]
        return json_response({"count": len(results), "results": results})


@require_GET
def matter(request: HttpRequest, code: str) -> JsonResponse:
    with translation.override(request_language(request)):
        try:
            found = selectors.matter_get(code=code)
        except Http404:
            return _not_found(request, f"No matter with code {code!r}.")
        return json_response(matter_full(found))
