"""The booking wizard (`/book/...`) and a resident's own appointments (`/appointments/...`).

Server-rendered and usable without JavaScript: every step is a plain link or form, and the state
of the wizard travels in the URL (matter, office, chosen time), so the back button and a shared
link both work.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.permissions import get_appointment_for_user
from notaries import catalogue_cache
from notaries.models import Matter, Office
from notaries.selectors import (
    MatterFilter,
    exemption_list,
    matter_list,
    office_get,
    published_matter_shown,
)
from portal.fragments import FRAGMENT_SECONDS, content_digest
from portal.ratelimit import RateLimited, rate_limit_consume

from . import errors, selectors, services
from .applicants import Applicant
from .availability import earliest_free_times, office_next_slots
from .fees import booking_quote
from .forms import GREEN_CHOICES, BookingDetailsForm, BookingForForm, declared_green
from .ics import appointment_ics
from .models import Appointment
from .picker import parse_start, slot_check, time_picker

WIZARD_MAX_ALTERNATIVES = 6
BOOK_TIME_PARTIAL = "appointments/includes/_book_time_picker.html"
# How far the office page looks for each matter's next free time: two weeks, so that a week of
# public holidays (Spring Festival, National Day) does not hide every time.
OFFICE_PAGE_DAYS = 14


# --- helpers ------------------------------------------------------------------------------------


def _published_matter(code: str) -> Matter:
    matters = Matter.objects.published().select_related("category").prefetch_related("materials")
    return get_object_or_404(matters, code=code)


def _office_for(matter: Matter, slug: str) -> Office:
    return get_object_or_404(
        Office.objects.listed().select_related("district").filter(matters=matter), slug=slug
    )


# The wizard's pages that only show (the office step, the time step) read the matter and the
# offices back from the catalogue's cache (notaries/catalogue_cache.py); the review step, which
# prices and books, reads them from the database.


def _shown_matter(code: str) -> Matter:
    matter = published_matter_shown(code=code)
    if matter is None:
        raise Http404("No such matter")
    return matter


def _shown_offices(matter: Matter) -> list[Office]:
    """The listed offices handling `matter`."""
    return catalogue_cache.cached(
        "offices-for",
        (matter.pk,),
        lambda: list(Office.objects.listed().filter(matters=matter).select_related("district")),
    )


def _shown_office(matter: Matter, slug: str) -> Office:
    office = next((o for o in _shown_offices(matter) if o.slug == slug), None)
    if office is None:
        raise Http404("No such office for this matter")
    return office


_declared_green = declared_green


def _profile_url(next_url: str) -> str:
    return f"{reverse('accounts:profile')}?{urlencode({'next': next_url})}"


# --- who the appointment is for ------------------------------------------------------------------

BOOKING_FOR_SESSION_KEY = "booking_for"


def _booking_for(request: HttpRequest) -> Applicant | None:
    """The person the signed-in resident is booking for in this session (None: themself). Kept
    in the session, never in a URL (identity numbers do not belong in logs): the number as its
    keyed hash and Fernet token only."""
    raw = request.session.get(BOOKING_FOR_SESSION_KEY) if request.user.is_authenticated else None
    if not isinstance(raw, dict):
        return None
    try:
        return Applicant(
            real_name=raw["real_name"],
            phone=raw["phone"],
            id_number_hash=raw["id_number_hash"],
            id_number_encrypted=raw["id_number_encrypted"],
            birth_date=dt.date.fromisoformat(raw["birth_date"]),
            relationship=raw["relationship"],
        )
    except (KeyError, TypeError, ValueError):
        request.session.pop(BOOKING_FOR_SESSION_KEY, None)
        return None


def _booking_for_context(request: HttpRequest, matter: Matter) -> dict:
    here = request.get_full_path()
    return {
        "booking_for": _booking_for(request),
        "booking_for_url": (
            f"{reverse('appointments:book_for', args=[matter.code])}?{urlencode({'next': here})}"
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def book_for(request: HttpRequest, code: str) -> HttpResponse:
    """Who is this appointment for? The account holder, or a parent, a spouse, a child, another
    relative, or someone the holder acts for under a power of attorney."""
    matter = _published_matter(code)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not next_url.startswith("/book/"):
        next_url = reverse("appointments:book_office", args=[matter.code])
    current = _booking_for(request)
    if request.method == "POST":
        form = BookingForForm(request.POST, holder=request.user)
        if form.is_valid():
            data = form.cleaned_data
            if data["for_whom"] == BookingForForm.FOR_ME:
                request.session.pop(BOOKING_FOR_SESSION_KEY, None)
            else:
                applicant = Applicant.from_number(
                    real_name=data["real_name"],
                    phone=data["phone"],
                    id_number=data["id_number"],
                    relationship=data["relationship"],
                )
                request.session[BOOKING_FOR_SESSION_KEY] = {
                    "real_name": applicant.real_name,
                    "phone": applicant.phone,
                    "id_number_hash": applicant.id_number_hash,
                    "id_number_encrypted": applicant.id_number_encrypted,
                    "birth_date": applicant.birth_date.isoformat() if applicant.birth_date else "",
                    "relationship": applicant.relationship,
                }
            return redirect(next_url)
        status = 400
    else:
        initial = {"for_whom": BookingForForm.FOR_OTHER if current else BookingForForm.FOR_ME}
        if current is not None:
            # The number is not shown again in full: it must be typed again to change the person.
            initial.update(
                real_name=current.real_name,
                phone=current.phone,
                relationship=current.relationship,
            )
        form = BookingForForm(initial=initial, holder=request.user)
        status = 200
    return render(
        request,
        "appointments/book_for.html",
        {"matter": matter, "form": form, "next_url": next_url, "current": current},
        status=status,
    )


# --- wizard -------------------------------------------------------------------------------------


@require_safe
def book_start(request: HttpRequest) -> HttpResponse:
    """Step 1: which matter."""
    filters = MatterFilter.from_params(request.GET)
    return render(
        request,
        "appointments/book_matter.html",
        {"filters": filters, "matters": matter_list(filters=filters)},
    )


@require_safe
def book_office(request: HttpRequest, code: str) -> HttpResponse:
    """Step 2: which office, or the earliest time anywhere in the city."""
    matter = _shown_matter(code)
    offices = {office.pk: office for office in _shown_offices(matter)}
    first_week, earliest = earliest_free_times(matter=matter, offices=offices, limit=5)
    rows = [
        {"office": o, "next": first_week.get(o.pk)}
        for o in sorted(
            offices.values(), key=lambda o: (o.district.position, o.district.slug, o.slug)
        )
    ]
    earliest_rows = [{"slot": slot, "office": offices[slot.office_id]} for slot in earliest]
    # Both lists are rendered once per distinct content (portal/fragments.py).
    lists_digest = content_digest(
        matter.code,
        [(r["slot"].start, r["office"].slug, r["office"].name) for r in earliest_rows],
        [
            (
                r["office"].slug,
                r["office"].name,
                r["office"].district.name,
                r["next"].start if r["next"] else None,
            )
            for r in rows
        ],
    )
    return render(
        request,
        "appointments/book_office.html",
        {
            "matter": matter,
            "earliest": earliest_rows,
            "rows": rows,
            "lists_digest": lists_digest,
            "fragment_seconds": FRAGMENT_SECONDS,
            **_booking_for_context(request, matter),
        },
    )


@require_safe
def book_time(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    """Step 3 and 4: which day, then which time."""
    matter = _shown_matter(code)
    office = _shown_office(matter, slug)
    picker = time_picker(
        matter=matter,
        office=office,
        requested_date=request.GET.get("date"),
        # Signed in, the age on each day shown is known (the applicant's, when booking for
        # someone else); the booking service decides again.
        person=(_booking_for(request) or request.user) if request.user.is_authenticated else None,
        requested_green=_declared_green(request.GET.get("green")),
        office_checked=True,  # _office_for: listed, handling the matter
    )
    # static/js/portal.js swaps one day's times in place: it asks for the picker alone.
    partial = request.headers.get("X-Portal-Partial") == "time-picker"
    response = render(
        request,
        BOOK_TIME_PARTIAL if partial else "appointments/book_time.html",
        {
            "green_choices": GREEN_CHOICES[2:],  # age is recognised, not declared
            "matter": matter,
            "office": office,
            **picker.as_context(),
            # The day list is rendered once per distinct content (portal/fragments.py).
            "days_digest": content_digest(
                [(c.date, c.free, c.info.kind) for c in picker.day_choices],
                picker.chosen,
                picker.requested_green,
            ),
            "fragment_seconds": FRAGMENT_SECONDS,
            "form_action": reverse("appointments:book_review", args=[matter.code, office.slug]),
            "back_url": reverse("appointments:book_office", args=[matter.code]),
            **_booking_for_context(request, matter),
        },
    )
    patch_vary_headers(response, ["X-Portal-Partial"])
    return response


SUBMITTED_FIELDS = ("copies", "parties", "value", "declared")


def _details_form(
    request: HttpRequest, matter: Matter, *, elderly: bool
) -> tuple[BookingDetailsForm, bool]:
    """The review step's one form (fee questions, declarations), and whether the resident has
    submitted it yet.

    On the first visit nothing is submitted: the form shows its defaults without error messages
    (a value-based fee then waits for the value before quoting)."""
    source = (request.POST if request.method == "POST" else request.GET).copy()
    # "elderly" is recognised from the identity number, never declared (an old link may say it).
    source["green"] = _declared_green(source.get("green"))
    submitted = any(name in source for name in SUBMITTED_FIELDS)
    if submitted:
        return BookingDetailsForm(source, matter=matter, elderly=elderly), True
    defaults = {"copies": 1, "parties": 1, "green": source["green"]}
    if matter.fee_by_value:
        return BookingDetailsForm(initial=defaults, matter=matter, elderly=elderly), False
    return BookingDetailsForm(defaults, matter=matter, elderly=elderly), False


@login_required
@require_http_methods(["GET", "POST"])
def book_review(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    """Step 5 and 6: the applicant's details, what the fee needs, the quote with its breakdown,
    the checklist (with the evidence any exemption needs) and the address; then confirm."""
    matter = _published_matter(code)
    office = _office_for(matter, slug)
    source = request.POST if request.method == "POST" else request.GET
    starts_at = parse_start(source.get("start"))
    time_url = reverse("appointments:book_time", args=[matter.code, office.slug])
    if starts_at is None:
        messages.error(request, _("Please choose a time first."))
        return redirect(time_url)
    review_url = f"{request.path}?{urlencode({'start': starts_at.isoformat()})}"
    if not request.user.has_complete_profile:
        messages.info(request, _("Before booking, please give the applicant's details."))
        return redirect(_profile_url(review_url))

    day = timezone.localdate(starts_at)
    applicant = _booking_for(request)
    person = applicant or request.user
    elderly = (
        services.green_channel_for(resident=person, on=day, requested="")
        == Appointment.GreenChannel.ELDERLY
    )
    form, submitted = _details_form(request, matter, elderly=elderly)
    form_ok = form.is_bound and form.is_valid()
    green = ""
    quote = None
    if form_ok:
        green = services.green_channel_for(
            resident=person, on=day, requested=form.cleaned_data.get("green", "")
        )
        quote = booking_quote(matter=matter, resident=person, on=day, request=form.fee_request())
    # The person shown on the page is the person booked: a change in another window since the
    # page was drawn is shown, not booked unseen.
    person_key = applicant.id_number_hash[:12] if applicant else "me"
    person_changed = (
        request.method == "POST" and request.POST.get("for_person", person_key) != person_key
    )

    problem = None
    # One form: "Update the quote" (preview) shows the fee for what is ticked; "Confirm booking"
    # books exactly what is ticked, exemptions included, in the same press.
    if person_changed and form_ok:
        problem = errors.ApplicantChanged()
    elif request.method == "POST" and form_ok and "preview" not in request.POST:
        try:
            rate_limit_consume(request, action="booking")
            appointment = services.appointment_book(
                resident=request.user,
                matter=matter,
                office=office,
                starts_at=starts_at,
                fee=form.fee_request(),
                green_channel=form.cleaned_data.get("green", ""),
                applicant=applicant,
            )
        except (errors.BookingError, RateLimited) as error:
            problem = error
        else:
            request.session.pop(BOOKING_FOR_SESSION_KEY, None)
            messages.success(request, _("Your appointment is booked."))
            return redirect("appointments:detail", reference=appointment.reference)

    check = slot_check(
        matter=matter,
        office=office,
        starts_at=starts_at,
        person=person,
        requested_green=form.cleaned_data.get("green", "") if form_ok else "",
    )
    if problem is None and not check.still_free:
        problem = errors.SlotUnavailable()
    slot_problem = isinstance(problem, errors.SlotTaken | errors.SlotUnavailable)
    alternatives = check.alternatives if slot_problem else []
    if isinstance(problem, RateLimited):
        status = problem.status_code
    elif problem is not None:
        status = 409 if slot_problem else 400
    else:
        status = 400 if (submitted and not form_ok) else 200
    if request.method == "POST" and "preview" in request.POST and form_ok and problem is None:
        status = 200
    carry = {"start": starts_at.isoformat(), **(form.as_params() if form_ok else {})}
    return render(
        request,
        "appointments/book_review.html",
        {
            "matter": matter,
            "office": office,
            "starts_at": starts_at,
            "ends_at": starts_at + dt.timedelta(minutes=matter.appointment_minutes),
            "problem": problem,
            "slot_taken": isinstance(problem, errors.SlotTaken),
            "alternatives": alternatives,
            "alternative_params": {k: v for k, v in carry.items() if k != "start"},
            "form": form,
            "form_ok": form_ok,
            "submitted": submitted,
            "needs_value": matter.fee_by_value and not submitted,
            "quote": quote,
            "green": green,
            "green_label": Appointment.GreenChannel(green).label if green else "",
            "profile_url": _profile_url(review_url),
            "person_key": person_key,
            **_booking_for_context(request, matter),
            "time_url": f"{time_url}?{urlencode({'date': day, 'green': green})}",
        },
        status=status,
    )


# --- my appointments ----------------------------------------------------------------------------


@login_required
@require_safe
def appointment_list(request: HttpRequest) -> HttpResponse:
    upcoming, past = selectors.appointment_lists_for_resident(resident=request.user)
    home_visits = request.user.home_visit_requests.select_related(
        "matter", "office", "appointment"
    ).order_by("-created_at")[:20]
    return render(
        request,
        "appointments/appointment_list.html",
        {"upcoming": upcoming, "past": past, "home_visits": list(home_visits)},
    )


@login_required
@require_safe
def appointment_detail(request: HttpRequest, reference: str) -> HttpResponse:
    appointment = get_appointment_for_user(user=request.user, reference=reference)
    return render(
        request,
        "appointments/appointment_detail.html",
        {
            "appointment": appointment,
            "can_change": services.appointment_change_problem(appointment, actor=request.user)
            is None,
            "timeline": selectors.appointment_timeline(appointment=appointment),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def appointment_cancel(request: HttpRequest, reference: str) -> HttpResponse:
    appointment = get_appointment_for_user(user=request.user, reference=reference)
    problem = None
    if request.method == "POST":
        try:
            services.appointment_cancel(
                appointment=appointment,
                actor=request.user,
                reason=request.POST.get("reason", "")[:500],
            )
        except errors.BookingError as error:
            problem = error
        else:
            messages.success(request, _("Your appointment is cancelled."))
            return redirect("appointments:detail", reference=appointment.reference)
    else:
        problem = services.appointment_change_problem(appointment, actor=request.user)
    return render(
        request,
        "appointments/appointment_cancel.html",
        {"appointment": appointment, "problem": problem},
        status=400 if problem else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def appointment_reschedule(request: HttpRequest, reference: str) -> HttpResponse:
    appointment = get_appointment_for_user(user=request.user, reference=reference)
    office, matter = appointment.office, appointment.matter
    problem = None
    if request.method == "POST":
        starts_at = parse_start(request.POST.get("start"))
        if starts_at is None:
            problem = errors.SlotUnavailable()
        else:
            try:
                # A move is a booking attempt too: the same limit per account and address.
                rate_limit_consume(request, action="booking")
                services.appointment_reschedule(
                    appointment=appointment, starts_at=starts_at, actor=request.user
                )
            except (errors.BookingError, RateLimited) as error:
                problem = error
            else:
                messages.success(request, _("Your appointment has been moved."))
                return redirect("appointments:detail", reference=appointment.reference)
    else:
        problem = services.appointment_change_problem(appointment, actor=request.user)

    picker = time_picker(
        matter=matter,
        office=office,
        requested_date=request.GET.get("date") or request.POST.get("date"),
        person=appointment.resident,
        requested_green=_declared_green(appointment.green_channel),
        moving=appointment,
    )
    return render(
        request,
        "appointments/appointment_reschedule.html",
        {
            "appointment": appointment,
            "matter": matter,
            "office": office,
            **picker.as_context(),
            "problem": problem,
            "form_action": request.path,
        },
        status=(
            429
            if isinstance(problem, RateLimited)
            else 409
            if isinstance(problem, errors.SlotTaken)
            else (400 if problem else 200)
        ),
    )


@login_required
@require_safe
def appointment_calendar(request: HttpRequest, reference: str) -> HttpResponse:
    appointment = get_appointment_for_user(user=request.user, reference=reference)
    url = request.build_absolute_uri(
        reverse("appointments:detail", kwargs={"reference": appointment.reference})
    )
    response = HttpResponse(appointment_ics(appointment, url=url), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{appointment.reference}.ics"'
    return response


@require_safe
def office_detail(request: HttpRequest, slug: str) -> HttpResponse:
    today = timezone.localdate()
    # The office, its notaries (on leave today or not), its matters and the exemptions change a
    # few times a day: read back under the catalogue's version instead of five queries.
    version = catalogue_cache.version()
    office, exemptions = catalogue_cache.cached(
        "office-page",
        (slug, today),
        lambda: (office_get(slug=slug, today=today), list(exemption_list())),
        at=version,
    )
    next_slots = office_next_slots(
        office=office, matters=office.published_matters, days=OFFICE_PAGE_DAYS
    )
    rows = [{"matter": m, "next": next_slots.get(m.pk)} for m in office.published_matters]
    # The page's content is rendered once per distinct content (portal/fragments.py): what the
    # catalogue's version stands for, today (who is on leave) and each matter's next free time.
    # Without a version (the cache unreachable) it is rendered every time.
    page_digest = content_digest(
        version,
        slug,
        today,
        [(row["matter"].pk, row["next"].start if row["next"] else None) for row in rows],
    )
    return render(
        request,
        "notaries/office_detail.html",
        {
            "office": office,
            "rows": rows,
            "page_digest": page_digest,
            "fragment_seconds": FRAGMENT_SECONDS if version is not None else 0,
            "exemptions": exemptions,
        },
    )
