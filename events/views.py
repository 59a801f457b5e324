"""Public-welfare events: the public list and sign-up (`/events/`), and the offices' management
pages (`/events/manage/`). Thin: selectors read with the user's scope, services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from accounts.permissions import staff_required
from portal.ratelimit import RateLimited, rate_limit_consume

from . import forms, selectors, services
from .errors import EventsError

EVENTS_PER_PAGE = 50

# --- the public side ------------------------------------------------------------------------------


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.upcoming_events(), EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {"page": page, "mine": selectors.upcoming_for_resident(user=request.user)},
    )


@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    """An event and its sign-up button (residents signed in)."""
    event = selectors.get_public_event(event_id=event_id)
    problem = None
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            rate_limit_consume(request, action="event_signup")
            services.event_signup_create(event=event, resident=request.user)
        except RateLimited as error:
            problem = str(error)
            status = error.status_code
        except EventsError as error:
            problem = str(error)
            status = 400
            event = selectors.get_public_event(event_id=event_id)  # the count may have moved
        else:
            messages.success(request, _("You are signed up. We look forward to seeing you."))
            return redirect("events:detail", event_id=event.pk)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "signup": selectors.signup_for(event=event, user=request.user),
            "is_full": event.places_left <= 0,
            "can_sign_up": not request.user.is_authenticated
            or request.user.role == User.Role.RESIDENT,
            "problem": problem,
        },
        status=status,
    )


# --- the offices' side ----------------------------------------------------------------------------


@staff_required
@require_safe
def manage_list(request: HttpRequest) -> HttpResponse:
    events = selectors.events_for_manager(user=request.user)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "events/manage_list.html", {"page": page})


def _fields(cleaned: dict) -> dict:
    names = (
        "title_zh",
        "title_en",
        "description",
        "place",
        "starts_at",
        "ends_at",
        "capacity",
    )
    return {name: cleaned[name] for name in names}


@staff_required
@require_http_methods(["GET", "POST"])
def manage_create(request: HttpRequest) -> HttpResponse:
    form = forms.EventForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            office = form.cleaned_data.get("office") or request.user.office
            try:
                event = services.event_create(
                    office=office, by=request.user, **_fields(form.cleaned_data)
                )
            except EventsError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The event is published."))
                return redirect("events:manage_update", event_id=event.pk)
    return render(request, "events/manage_form.html", {"form": form, "event": None}, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def manage_update(request: HttpRequest, event_id: int) -> HttpResponse:
    """Edit an event of the user's office, and see who signed up."""
    event = selectors.get_event_for_manager(user=request.user, event_id=event_id)
    form = forms.EventForm(request.POST or None, instance=event, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.event_update(event=event, by=request.user, **_fields(form.cleaned_data))
            except EventsError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The event has been saved."))
                return redirect("events:manage_update", event_id=event.pk)
    return render(
        request,
        "events/manage_form.html",
        {
            "form": form,
            "event": event,
            "signups": list(selectors.signups_for_event(event=event)),
        },
        status=status,
    )
