"""Open data: free appointment times (`/api/v1/availability`)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, JsonResponse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from notaries.api import json_response, request_language
from notaries.models import Matter, Office

from .availability import compute_availability

MAX_DAYS_AHEAD = 180


def _bad_request(detail: str) -> JsonResponse:
    return json_response({"error": "bad_request", "detail": detail}, status=400)


@require_GET
def availability(request: HttpRequest) -> JsonResponse:
    """`?matter=<code>&date=YYYY-MM-DD[&office=<slug>]`: that day's free slots, each with how many
    notaries are free then, in total and per office."""
    with translation.override(request_language(request)):
        code = request.GET.get("matter", "").strip()
        raw_date = request.GET.get("date", "").strip()
        slug = request.GET.get("office", "").strip()
        if not code:
            return _bad_request("Give the matter code, e.g. ?matter=will&date=2026-12-01.")
        matter = Matter.objects.published().filter(code=code[:40]).first()
        if matter is None:
            return _bad_request(f"Unknown matter code {code[:40]!r}; see /api/v1/matters.")
        try:
            date = dt.date.fromisoformat(raw_date[:10]) if len(raw_date) == 10 else None
        except ValueError:
            date = None
        if date is None:
            return _bad_request("Give the date as YYYY-MM-DD, e.g. date=2026-12-01.")
        today = timezone.localdate()
        if not today - dt.timedelta(days=1) <= date <= today + dt.timedelta(days=MAX_DAYS_AHEAD):
            return _bad_request(f"The date must be between today and {MAX_DAYS_AHEAD} days ahead.")
        if slug and not Office.objects.listed().filter(slug=slug[:60]).exists():
            return _bad_request(f"Unknown office slug {slug[:60]!r}; see /api/v1/offices.")

        result = compute_availability(
            matter=matter, start_date=date, days=1, office_slugs=[slug] if slug else None
        )
        totals: dict[dt.datetime, dict] = {}
        offices = []
        for office_id, office in sorted(result.offices.items(), key=lambda kv: kv[1].slug):
            slots = result.slots(office_id=office_id, date=date)
            offices.append(
                {
                    "slug": office.slug,
                    "name": office.name,
                    "slots": [
                        {
                            "start": s.starts_at.isoformat(),
                            "end": s.ends_at.isoformat(),
                            "free_notaries": s.free_notaries,
                        }
                        for s in slots
                    ],
                }
            )
            for s in slots:
                entry = totals.setdefault(
                    s.starts_at,
                    {
                        "start": s.starts_at.isoformat(),
                        "end": s.ends_at.isoformat(),
                        "free_notaries": 0,
                        "offices": 0,
                    },
                )
                entry["free_notaries"] += s.free_notaries
                entry["offices"] += 1
        day = result.calendar.day(date)
        return json_response(
            {
                "matter": matter.code,
                "date": date.isoformat(),
                "office": slug or None,
                "working_day": day.is_working_day,
                "holiday": day.name_en if translation.get_language() == "en" else day.name_zh,
                "count": len(totals),
                "slots": [totals[key] for key in sorted(totals)],
                "offices": offices,
            }
        )
