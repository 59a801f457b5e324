from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import selectors
from .fees import fee_standard_lines

MATTERS_PER_PAGE = 30


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "notaries/home.html",
        {
            "categories": selectors.category_list(),
            "exemptions": selectors.exemption_list(),
        },
    )


@require_safe
def matter_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.MatterFilter.from_params(request.GET)
    categories = list(selectors.category_list())
    paginator = Paginator(selectors.matter_list(filters=filters), MATTERS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    current_category = next((c for c in categories if c.slug == filters.category), None)
    # Links to other pages keep the filters, but not the page number.
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "notaries/matter_list.html",
        {
            "filters": filters,
            "categories": categories,
            "current_category": current_category,
            "page_obj": page,
            "matters": page.object_list,
            "query_string": params.urlencode(),
        },
    )


@require_safe
def matter_detail(request: HttpRequest, code: str) -> HttpResponse:
    matter = selectors.matter_get(code=code)
    return render(
        request,
        "notaries/matter_detail.html",
        {
            "matter": matter,
            "fee_lines": fee_standard_lines(matter),
            "materials_changed_at": selectors.materials_changed_at(matter=matter),
        },
    )


@require_safe
def office_list(request: HttpRequest) -> HttpResponse:
    return render(request, "notaries/office_list.html", {"offices": selectors.office_list()})
