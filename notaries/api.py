"""The read-only open-data API's catalogue: offices and matters (`/api/v1/offices`, `/matters`).

The catalogues are small (dozens of offices and matters), so lists are returned whole. The
schemas below are the answers' one declaration: they shape them and describe them in the
OpenAPI document (portal/api.py).
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema

from portal.api_common import Error, not_found

from . import selectors
from .models import Matter, Office

router = Router(tags=["catalogue"])

LANG = Query(
    None,
    description="`en` or `zh` pins the language of names; otherwise Accept-Language decides.",
    example="en",
)


class Fee(Schema):
    amount: str = Field(description="The flat fee in yuan, a decimal string.", examples=["200.00"])
    currency: Literal["CNY"]
    standard: str = Field(description="The fee standard in words.")


class ExemptionRef(Schema):
    code: str
    name: str


class ExemptionFull(ExemptionRef):
    description: str = Field(description="Who qualifies.")


class Material(Schema):
    position: int
    name: str
    form: Literal["original", "copy", "original_and_copy"]
    form_label: str
    copies: int
    provider: Literal["applicant", "each_party", "agent", "guardian", "heirs"]
    provider_label: str
    commitment_allowed: bool = Field(
        description="A signed commitment statement may stand in for this item."
    )
    note: str


class MatterSummary(Schema):
    code: str
    name: str
    category: str
    category_slug: str
    run_at_most_once: bool
    processing_days: int = Field(description="Processing time in working days.")
    appointment_minutes: int
    fee: Fee
    exemptions: list[ExemptionRef]
    materials: list[Material]
    url: str = Field(description="The matter's page on the portal.")


class MatterOffice(Schema):
    slug: str
    name: str
    district: str


class MatterFull(MatterSummary):
    description: str
    exemptions: list[ExemptionFull]  # type: ignore[assignment]
    offices: list[MatterOffice] = Field(description="The listed offices that handle it.")


class MatterList(Schema):
    count: int
    results: list[MatterSummary]


class OfficeSummary(Schema):
    slug: str
    name: str
    district: str
    district_slug: str
    kind: Literal["public", "cooperative"]
    kind_label: str
    address: str
    phone: str
    opening_hours: str
    notary_count: int
    notaries_on_duty: int = Field(description="Notaries on duty and not on leave today.")
    url: str = Field(description="The office's page on the portal.")


class OfficeNotary(Schema):
    name: str
    licence_number: str
    status: Literal["on_duty", "on_leave", "suspended"]
    status_label: str


class OfficeMatter(Schema):
    code: str
    name: str
    fee: Fee


class OfficeFull(OfficeSummary):
    notaries: list[OfficeNotary]
    matters: list[OfficeMatter]


class OfficeList(Schema):
    count: int
    results: list[OfficeSummary]


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


# Slugs and codes are lowercase letters, digits and hyphens; anything else names nothing (404).
SLUG = Path(..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=60, example="central")
CODE = Path(..., pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=40, example="will")


@router.get(
    "/offices",
    response={200: OfficeList, 400: Error},
    summary="Every listed notary office",
    operation_id="offices",
)
def offices(request: HttpRequest, lang: str | None = LANG) -> Any:
    results = [office_summary(o) for o in selectors.office_list()]
    return {"count": len(results), "results": results}


@router.get(
    "/offices/{slug}",
    response={200: OfficeFull, 400: Error, 404: Error},
    summary="One office with its notaries and the matters it handles",
    operation_id="office",
)
def office(request: HttpRequest, slug: str = SLUG, lang: str | None = LANG) -> Any:
    try:
        found = selectors.office_get(slug=slug)
    except Http404:
        raise not_found(f"No office with slug {slug!r}.") from None
    return office_full(found)


@router.get(
    "/matters",
    response={200: MatterList, 400: Error},
    summary="Every published matter with its fee, exemptions and materials",
    operation_id="matters",
)
def matters(request: HttpRequest, lang: str | None = LANG) -> Any:
    results = [matter_summary(m) for m in selectors.matter_list_for_api()]
    return {"count": len(results), "results": results}


@router.get(
    "/matters/{code}",
    response={200: MatterFull, 400: Error, 404: Error},
    summary="One matter in full, with the offices that handle it",
    operation_id="matter",
)
def matter(request: HttpRequest, code: str = CODE, lang: str | None = LANG) -> Any:
    try:
        found = selectors.matter_get(code=code)
    except Http404:
        raise not_found(f"No matter with code {code!r}.") from None
    return matter_full(found)
