"""Cancelling and moving an appointment for its resident: the pages the office workspace and the
12348 desk share.

The office (its own appointments, at any time while booked) and a hotline operator (a caller's
appointment they looked up, until the resident's own cut-off, with the caller's consent) act
through the same services as the resident: the same rules, the same single notice to the
resident, the same event log (with the acting channel and the reason). Each desk's views decide
who may open which appointment and pass in what is theirs (the form with or without the consent,
the record to write in the same transaction); the flow is here.

Moving is two steps, both POST: choose a time (the resident's own time picker), then confirm it
with the reason. The chosen time travels in the confirming form, so nothing is held in between.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import errors, services
from .forms import declared_green
from .models import Appointment
from .picker import parse_start, slot_check, time_picker


@dataclass(frozen=True)
class Desk:
    """Who is acting, and what their desk adds to the shared flow."""

    # "counter" (office staff, bureau) or "hotline" (an operator for a caller).
    channel: str
    form_class: type[forms.Form]
    # Where the appointment is shown on this desk (after a change, and for "back").
    back_url: str
    # The desk's own record of the change, written in the service's transaction:
    # record(appointment_after_the_change, cleaned_form_data, action).
    record: Callable[[Appointment, dict, str], Any] | None = None


def _status(problem) -> int:
    if problem is None:
        return 200
    return 409 if isinstance(problem, errors.SlotTaken | errors.SlotUnavailable) else 400


def _also(desk: Desk, data: dict, action: str):
    if desk.record is None:
        return None
    return lambda current: desk.record(current, data, action)


def cancel_page(request: HttpRequest, *, appointment: Appointment, desk: Desk) -> HttpResponse:
    problem = services.appointment_cancel_problem(appointment, actor=request.user)
    form = desk.form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and problem is None and form.is_valid():
        try:
            services.appointment_cancel(
                appointment=appointment,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                channel=desk.channel,
                also=_also(desk, form.cleaned_data, "cancel"),
            )
        except errors.BookingError as error:
            problem = error
        else:
            messages.success(
                request,
                _("%(reference)s is cancelled; the resident is told with your reason.")
                % {"reference": appointment.reference},
            )
            return redirect(desk.back_url)
    return render(
        request,
        "appointments/act_cancel.html",
        {"appointment": appointment, "form": form, "problem": problem, "desk": desk},
        status=_status(problem) if problem else (400 if form.is_bound else 200),
    )


def reschedule_page(request: HttpRequest, *, appointment: Appointment, desk: Desk) -> HttpResponse:
    problem = services.appointment_change_problem(appointment, actor=request.user)
    # The chosen time comes from the picker (POST) or from one of the nearest free times offered
    # when it was taken (a GET link): either way the next step only asks to confirm.
    source = request.POST if request.method == "POST" else request.GET
    starts_at = parse_start(source.get("start"))
    if problem is None and starts_at is not None:
        return _confirm_move(request, appointment=appointment, desk=desk, starts_at=starts_at)
    if request.method == "POST" and problem is None:
        problem = errors.SlotUnavailable()
    picker = time_picker(
        matter=appointment.matter,
        office=appointment.office,
        requested_date=request.GET.get("date") or request.POST.get("date"),
        person=appointment.resident,
        requested_green=declared_green(appointment.green_channel),
        moving=appointment,
    )
    return render(
        request,
        "appointments/act_reschedule.html",
        {
            "appointment": appointment,
            "matter": appointment.matter,
            "office": appointment.office,
            **picker.as_context(),
            "problem": problem,
            "form_action": request.path,
            "desk": desk,
        },
        status=_status(problem),
    )


def _confirm_move(
    request: HttpRequest, *, appointment: Appointment, desk: Desk, starts_at
) -> HttpResponse:
    confirming = "confirm" in request.POST
    form = desk.form_class(request.POST if confirming else None)
    problem = None
    if confirming and form.is_valid():
        try:
            services.appointment_reschedule(
                appointment=appointment,
                starts_at=starts_at,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                channel=desk.channel,
                also=_also(desk, form.cleaned_data, "reschedule"),
            )
        except errors.BookingError as error:
            problem = error
        else:
            messages.success(
                request,
                _("%(reference)s is moved; the resident is told with your reason.")
                % {"reference": appointment.reference},
            )
            return redirect(desk.back_url)
    alternatives = []
    if isinstance(problem, errors.SlotTaken | errors.SlotUnavailable) or not confirming:
        check = slot_check(
            matter=appointment.matter,
            office=appointment.office,
            starts_at=starts_at,
            requested_green=declared_green(appointment.green_channel),
            person=appointment.resident,
        )
        if not check.still_free and problem is None:
            problem = errors.SlotUnavailable()
        if problem is not None:
            alternatives = check.alternatives
    return render(
        request,
        "appointments/act_reschedule_confirm.html",
        {
            "appointment": appointment,
            "starts_at": starts_at,
            "new_day": timezone.localdate(starts_at),
            "form": form,
            "problem": problem,
            "alternatives": alternatives,
            "desk": desk,
        },
        status=_status(problem) if problem else (400 if form.is_bound else 200),
    )
