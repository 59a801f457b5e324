"""Home visits: a resident who cannot come asks; the office schedules it or declines."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.permissions import offices_for_staff, staff_required
from portal.ratelimit import RateLimited, rate_limit_consume

from . import errors, services
from .availability import compute_availability
from .forms import DeclineForm, HomeVisitRequestForm, HomeVisitScheduleForm
from .models import HomeVisitRequest
from .picker import parse_date, parse_start
from .views import _office_for, _profile_url, _published_matter


@login_required
@require_http_methods(["GET", "POST"])
def home_visit_request(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    matter = _published_matter(code)
    office = _office_for(matter, slug)
    if not request.user.has_complete_profile:
        return redirect(_profile_url(request.path))
    form = HomeVisitRequestForm(request.POST or None, initial={"phone": request.user.phone})
    status = 400 if form.is_bound and not form.is_valid() else 200
    if request.method == "POST" and form.is_valid():
        try:
            rate_limit_consume(request, action="home_visit")
        except RateLimited as error:
            form.add_error(None, str(error))
            status = error.status_code
        else:
            services.home_visit_request_create(
                resident=request.user, matter=matter, office=office, **form.cleaned_data
            )
            messages.success(
                request, _("Your request is sent. The office will call you to agree a time.")
            )
            return redirect("appointments:list")
    return render(
        request,
        "appointments/home_visit_request.html",
        {"matter": matter, "office": office, "form": form},
        status=status,
    )


def _request_for_staff(user, pk: int) -> HomeVisitRequest:
    return get_object_or_404(
        HomeVisitRequest.objects.select_related("resident", "matter", "office", "appointment"),
        pk=pk,
        office__in=offices_for_staff(user),
    )


@staff_required
@require_safe
def home_visit_list(request: HttpRequest) -> HttpResponse:
    open_requests = (
        HomeVisitRequest.objects.filter(
            office__in=offices_for_staff(request.user), status=HomeVisitRequest.Status.REQUESTED
        )
        .select_related("resident", "matter", "office")
        .order_by("created_at")[:100]
    )
    return render(request, "appointments/staff_home_visits.html", {"requests": open_requests})


@staff_required
@require_http_methods(["GET", "POST"])
def home_visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _request_for_staff(request.user, pk)
    problem = None
    form = HomeVisitScheduleForm(request.POST or None, initial={"minutes": 120})
    if request.method == "POST" and visit.status == HomeVisitRequest.Status.REQUESTED:
        starts_at = parse_start(request.POST.get("start"))
        if form.is_valid() and starts_at is not None:
            try:
                appointment = services.home_visit_schedule(
                    request=visit,
                    starts_at=starts_at,
                    minutes=form.cleaned_data["minutes"],
                    by=request.user,
                )
            except errors.BookingError as error:
                problem = error
            else:
                messages.success(request, _("The home visit is scheduled."))
                return redirect("staff:appointment", reference=appointment.reference)
        else:
            problem = errors.SlotUnavailable()
    minutes = form.cleaned_data["minutes"] if form.is_valid() else 120
    try:
        minutes = int(request.GET.get("minutes", minutes))
    except ValueError:
        minutes = 120
    minutes = min(max(minutes, 60), 180)
    today = timezone.localdate()
    chosen = parse_date(request.GET.get("date")) or today
    if not today <= chosen <= today + dt.timedelta(days=visit.office.booking_window_days):
        chosen = today
    availability = compute_availability(
        matter=visit.matter,
        start_date=chosen,
        days=1,
        office_slugs=[visit.office.slug],
        green_channel=True,
        minutes=minutes,
    )
    return render(
        request,
        "appointments/staff_home_visit.html",
        {
            "visit": visit,
            "form": form,
            "decline_form": DeclineForm(),
            "problem": problem,
            "chosen": chosen,
            "minutes": minutes,
            "slots": availability.slots(office_id=visit.office.pk, date=chosen),
            "days": [today + dt.timedelta(days=i) for i in range(14)],
        },
        status=409 if problem else 200,
    )


@staff_required
@require_POST
def home_visit_decline(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _request_for_staff(request.user, pk)
    form = DeclineForm(request.POST)
    try:
        if not form.is_valid():
            raise errors.DecisionInvalid
        services.home_visit_decline(
            request=visit, by=request.user, reason=form.cleaned_data["reason"]
        )
    except errors.BookingError as error:
        messages.error(request, str(error))
        return redirect(reverse("staff_booking:home_visit", args=[visit.pk]))
    messages.success(request, _("The request is declined; the resident sees your reason."))
    return redirect("staff_booking:home_visits")
