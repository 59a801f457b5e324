"""Open data: free appointment times (`/api/v1/availability`)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from ninja import Field, Query, Router, Schema

from notaries import catalogue_cache
from notaries.models import Matter, Office
from notaries.selectors import published_matter_shown
from portal.api_common import Error, bad_request, json_response, schema_response
from portal.ratelimit import RateLimited, rate_limit_consume

from . import availability_cache
from .availability import Availability as Answer
from .availability import compute_availability, to_minute_ceil

# Shared caches may keep an answer this long; clients revalidate with If-None-Match after it.
MAX_AGE = 30
RATE_ACTION = "api_availability"  # PORTAL_RATE_LIMITS entry: per client address

MAX_DAYS_AHEAD = 180

router = Router(tags=["availability"])


class AvailabilityQuery(Schema):
    matter: str = Field(
        description="The matter's code (see /api/v1/matters).",
        max_length=40,
        json_schema_extra={"example": "will"},
    )
    date: dt.date = Field(description="The day, YYYY-MM-DD: from today to 180 days ahead.")
    office: str | None = Field(
        None,
        max_length=60,
        description="One office's slug (see /api/v1/offices); all offices when left out.",
    )
    lang: str | None = Field(
        None,
        description="`en` or `zh` pins the language of names.",
        json_schema_extra={"example": "en"},
    )


class Slot(Schema):
    start: dt.datetime = Field(description="ISO 8601 with the UTC offset (+08:00).")
    end: dt.datetime
    free_notaries: int


class CitySlot(Slot):
    offices: int = Field(description="How many offices have a free notary then.")


class OfficeSlots(Schema):
    slug: str
    name: str
    slots: list[Slot]


class Availability(Schema):
    matter: str
    date: dt.date
    office: str | None
    working_day: bool
    holiday: str = Field(description="The holiday's name on a closed day, else empty.")
    count: int
    slots: list[CitySlot] = Field(description="Every start time with a free notary, city-wide.")
    offices: list[OfficeSlots]


def _validators(result: Answer, *, now: dt.datetime, lang: str) -> tuple[str, dt.datetime] | None:
    """ETag and Last-Modified of an answer: from the versions of the office-days it was made of,
    the language and the minute (the notice to give moves the earliest time on as time passes,
    so an answer is valid for its minute). None when computed without the cache."""
    if result.versions is None:
        return None
    minute = to_minute_ceil(now)
    tag, changed = availability_cache.stamp([*result.versions, (minute, 0, 0)])
    # The answer may change at the minute's start even without a write.
    minute_start = dt.datetime.fromtimestamp((minute - 1) * 60, tz=dt.UTC)
    return f'"{tag}-{lang}"', max(changed, minute_start)


def availability_payload(
    *, matter: Matter, date: dt.date, slug: str | None, result: Answer | None = None
) -> tuple[Availability, dict]:
    result = result or compute_availability(
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
                    {"start": s.starts_at, "end": s.ends_at, "free_notaries": s.free_notaries}
                    for s in slots
                ],
            }
        )
        for s in slots:
            entry = totals.setdefault(
                s.starts_at,
                {"start": s.starts_at, "end": s.ends_at, "free_notaries": 0, "offices": 0},
            )
            entry["free_notaries"] += s.free_notaries
            entry["offices"] += 1
    day = result.calendar.day(date)
    data = {
        "matter": matter.code,
        "date": date,
        "office": slug or None,
        "working_day": day.is_working_day,
        "holiday": (day.name_en if translation.get_language() == "en" else day.name_zh) or "",
        "count": len(totals),
        "slots": [totals[key] for key in sorted(totals)],
        "offices": offices,
    }
    return Availability.model_validate(data), data


@router.get(
    "/availability",
    response={200: Availability, 304: None, 400: Error, 429: Error},
    summary="One day's free appointment times for a matter",
    description=(
        "Each start time with how many notaries are free then, city-wide and per office. "
        "Times are ISO 8601 in China Standard Time. Answers carry `ETag` and `Last-Modified` "
        f"and may be cached {MAX_AGE} seconds; send `If-None-Match` (or `If-Modified-Since`) "
        "to get 304 Not Modified while nothing changed. Limited per client address "
        "(429 Too Many Requests beyond it)."
    ),
    operation_id="availability",
)
def availability(request: HttpRequest, params: Query[AvailabilityQuery]) -> HttpResponse:
    """Answers with a response object so that caching headers can be set on it."""
    try:
        rate_limit_consume(request, action=RATE_ACTION)
    except RateLimited as limited:
        response = schema_response(
            Error(error="rate_limited", detail=str(limited.message)), status=429
        )
        response["Retry-After"] = "60"
        return response
    code = params.matter.strip()
    if not code:
        raise bad_request("Give the matter code, e.g. ?matter=will&date=2026-12-01.")
    matter = published_matter_shown(code=code[:40])
    if matter is None:
        raise bad_request(f"Unknown matter code {code[:40]!r}; see /api/v1/matters.")
    today = timezone.localdate()
    if not today - dt.timedelta(days=1) <= params.date <= today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise bad_request(f"The date must be between today and {MAX_DAYS_AHEAD} days ahead.")
    slug = (params.office or "").strip()
    if slug and not catalogue_cache.cached(
        "listed-office", (slug[:60],), Office.objects.listed().filter(slug=slug[:60]).exists
    ):
        raise bad_request(f"Unknown office slug {slug[:60]!r}; see /api/v1/offices.")
    now = timezone.now()
    result = compute_availability(
        matter=matter,
        start_date=params.date,
        days=1,
        office_slugs=[slug] if slug else None,
        now=now,
    )
    validators = _validators(result, now=now, lang=translation.get_language() or "")
    if validators is not None and _not_modified(request, *validators):
        response = HttpResponse(status=304)
    else:
        response = _answer_response(
            matter=matter, date=params.date, slug=slug, result=result, validators=validators
        )
    if validators is not None:
        response["ETag"], response["Last-Modified"] = (
            validators[0],
            http_date(validators[1].timestamp()),
        )
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _answer_response(
    *,
    matter: Matter,
    date: dt.date,
    slug: str,
    result: Answer,
    validators: tuple[str, dt.datetime] | None,
) -> HttpResponse:
    """The answer's JSON, kept in the availability cache under its ETag (the versions of every
    office-day it was made of, the minute and the language) and the question: built and checked
    against the schema once per distinct answer, never served after a change."""
    key = f"api:day:{validators[0]}:{matter.pk}:{date.isoformat()}:{slug}" if validators else ""
    body = availability_cache.get_many([key]).get(key) if key else None
    if isinstance(body, bytes):
        return json_response(body)
    answer, _ = availability_payload(matter=matter, date=date, slug=slug or None, result=result)
    response = schema_response(answer)
    if key:
        availability_cache.set_many({key: response.content})
    return response


def _not_modified(request: HttpRequest, etag: str, changed: dt.datetime) -> bool:
    """If-None-Match wins when sent (RFC 9110); else If-Modified-Since."""
    sent = request.headers.get("If-None-Match")
    if sent:
        return sent.strip() == "*" or etag in parse_etags(sent)
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(changed.timestamp()) <= since
