"""Public pages of legal aid: what it is, who qualifies and how to apply, and one guidance page
per kind of case. Plain pages, no JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import selectors
from .models import SpecialGroup


@require_safe
def legal_aid_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "legalaid/legal_aid_home.html",
        {
            "case_kinds": selectors.case_kinds_published(),
            "groups": SpecialGroup.choices,
            "standard": selectors.hardship_standard_current(),
            "centres": selectors.legal_aid_centres_listed(),
        },
    )


@require_safe
def case_kind_detail(request: HttpRequest, slug: str) -> HttpResponse:
    kind = selectors.case_kind_get(slug=slug)
    return render(
        request,
        "legalaid/case_kind_detail.html",
        {
            "kind": kind,
            "groups": SpecialGroup.choices,
            "standard": selectors.hardship_standard_current(),
        },
    )
