"""The waitlist pages: a resident joins (`/waitlist/join/<matter>/`), sees and leaves their
entries (`/waitlist/`), accepts or declines an offered time (`/waitlist/offers/<token>/`); staff
see the queue of their offices (`/staff/waitlist/`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.permissions import staff_required
from appointments import errors as booking_errors
from notaries.models import Matter
from portal.ratelimit import RateLimited, rate_limit_consume

from . import selectors, services
from .forms import JoinForm


@login_required
@require_safe
def entry_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "waitlist/entry_list.html",
        {"entries": selectors.entries_for_resident(resident=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str) -> HttpResponse:
    matter = get_object_or_404(Matter.objects.published(), code=code)
    form = JoinForm(
        request.POST or None,
        matter=matter,
        initial={"office": request.GET.get("office", "")[:60]},
    )
    problem = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rate_limit_consume(request, action="waitlist")
            services.waitlist_join(
                resident=request.user,
                matter=matter,
                office=form.chosen_office(),
                date_from=data["date_from"],
                date_to=data["date_to"],
                part_of_day=data["part_of_day"],
                green_channel=data.get("green", ""),
            )
        except RateLimited as error:
            problem = error
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, problems in error.error_dict.items():
                    for one in problems:
                        form.add_error(field, one)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request,
                _("You are on the waitlist. We will send you a text message when a time frees up."),
            )
            return redirect("waitlist:list")
    status = 429 if problem is not None else (400 if form.is_bound else 200)
    return render(
        request,
        "waitlist/join.html",
        {"matter": matter, "form": form, "problem": problem},
        status=status,
    )


@login_required
@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for_resident(resident=request.user, pk=pk)
    services.waitlist_leave(entry=entry)
    messages.success(request, _("You have left the waitlist."))
    return redirect("waitlist:list")


@login_required
@require_http_methods(["GET", "POST"])
def offer(request: HttpRequest, token: str) -> HttpResponse:
    found = selectors.offer_for_resident(resident=request.user, token=token)
    problem = None
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "accept":
                appointment = services.waitlist_offer_accept(offer=found, resident=request.user)
                messages.success(request, _("The time is booked for you."))
                return redirect("appointments:detail", reference=appointment.reference)
            if request.POST.get("answer") == "decline":
                services.waitlist_offer_decline(offer=found, resident=request.user)
                messages.success(
                    request, _("You declined this time. You stay on the waitlist for another.")
                )
                return redirect("waitlist:list")
            problem = _("Choose to book the time or to decline it.")
        except booking_errors.BookingError as error:
            problem = error
        found.refresh_from_db()
    return render(
        request,
        "waitlist/offer.html",
        {"offer": found, "problem": problem},
        status=400 if problem else 200,
    )


@staff_required
@require_safe
def staff_queue(request: HttpRequest) -> HttpResponse:
    matter_code = request.GET.get("matter", "")
    return render(
        request,
        "waitlist/staff_queue.html",
        {
            "entries": selectors.queue_for_staff(user=request.user, matter_code=matter_code),
            "matter_code": matter_code[:40],
        },
    )
