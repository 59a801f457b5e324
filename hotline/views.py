"""The 12348 hotline desk (`/hotline/...`): find a matter and its free times, book for a caller
with their consent, look up a caller's appointment. Thin: selectors read, services decide."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.permissions import operator_required
from appointments import acting
from appointments import errors as booking_errors
from appointments.forms import GREEN_CHOICES, BookingDetailsForm
from appointments.models import AppointmentEvent
from appointments.picker import parse_start, slot_check, time_picker
from notaries.models import Matter
from notaries.selectors import MatterFilter

from . import selectors, services
from .errors import HotlineError
from .forms import CallerChangeForm, CallerForm, LegalAidCallerForm, LookupForm, bootstrap

GREEN_VALUES = {value for value, _label in GREEN_CHOICES if value}


def _green(raw: str | None) -> str:
    value = (raw or "")[:20]
    return value if value in GREEN_VALUES else ""


@operator_required
@require_safe
def desk_home(request: HttpRequest) -> HttpResponse:
    filters = MatterFilter.from_params(request.GET)
    matters = selectors.desk_matters(filters=filters)
    return render(
        request,
        "hotline/desk_home.html",
        {
            "filters": filters,
            "matters": matters[: selectors.DESK_MATTER_LIMIT],
            "more": len(matters) > selectors.DESK_MATTER_LIMIT,
            "lookup_form": bootstrap(LookupForm()),
        },
    )


@operator_required
@require_safe
def matter_times(request: HttpRequest, code: str) -> HttpResponse:
    matter = selectors.desk_matter_get(code=code)
    return render(
        request,
        "hotline/matter_times.html",
        {"matter": matter, "times": selectors.matter_times(matter=matter)},
    )


@operator_required
@require_safe
def office_times(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    matter = selectors.desk_matter_get(code=code)
    office = selectors.desk_office_get(matter=matter, slug=slug)
    # The wizard's own time picker. The caller's identity number is not typed yet, so an age
    # of 70 or over is taken from the operator's choice; booking recognises it from the number.
    picker = time_picker(
        matter=matter,
        office=office,
        requested_date=request.GET.get("date"),
        requested_green=_green(request.GET.get("green")),
    )
    return render(
        request,
        "hotline/office_times.html",
        {
            "matter": matter,
            "office": office,
            "green_choices": GREEN_CHOICES[1:],
            **picker.as_context(),
            "form_action": reverse("hotline:book", args=[matter.code, office.slug]),
        },
    )


def _details_form(request: HttpRequest, matter: Matter, green: str) -> BookingDetailsForm:
    if request.method == "POST":
        return BookingDetailsForm(request.POST, matter=matter)
    return BookingDetailsForm(initial={"copies": 1, "parties": 1, "green": green}, matter=matter)


@operator_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    """The caller's details, the fee details and the caller's consent; then book."""
    matter = selectors.desk_matter_get(code=code)
    office = selectors.desk_office_get(matter=matter, slug=slug)
    source = request.POST if request.method == "POST" else request.GET
    starts_at = parse_start(source.get("start"))
    times_url = reverse("hotline:office_times", args=[matter.code, office.slug])
    if starts_at is None:
        messages.error(request, _("Please choose a time first."))
        return redirect(times_url)
    green = _green(source.get("green"))
    caller_form = CallerForm(
        request.POST if request.method == "POST" else None,
        initial={"language": translation.get_language()},
    )
    details_form = _details_form(request, matter, green)
    problem = None
    if request.method == "POST":
        caller_ok, details_ok = caller_form.is_valid(), details_form.is_valid()
        if caller_ok and details_ok:
            data = caller_form.cleaned_data
            try:
                record = services.hotline_booking_create(
                    operator=request.user,
                    real_name=data["real_name"],
                    phone=data["phone"],
                    id_number=data["id_number"],
                    consent=data["consent"],
                    matter=matter,
                    office=office,
                    starts_at=starts_at,
                    fee=details_form.fee_request(),
                    green_channel=details_form.cleaned_data.get("green", ""),
                    language=data["language"],
                )
            except ValidationError as error:
                caller_form.add_error(None, error)
            except booking_errors.BookingError as error:
                problem = error
            else:
                messages.success(request, _("The appointment is booked for the caller."))
                return redirect("hotline:booking", reference=record.appointment.reference)
    check = slot_check(matter=matter, office=office, starts_at=starts_at, requested_green=green)
    if problem is None and request.method != "POST" and not check.still_free:
        problem = booking_errors.SlotUnavailable()

    slot_problem = isinstance(problem, booking_errors.SlotTaken | booking_errors.SlotUnavailable)
    day = timezone.localdate(starts_at)
    if problem is not None:
        status = 409 if slot_problem else 400
    else:
        status = 400 if caller_form.is_bound else 200
    return render(
        request,
        "hotline/book.html",
        {
            "matter": matter,
            "office": office,
            "starts_at": starts_at,
            "ends_at": starts_at + dt.timedelta(minutes=matter.appointment_minutes),
            "green": green,
            "caller_form": bootstrap(caller_form),
            "details_form": bootstrap(details_form),
            "problem": problem,
            "slot_problem": slot_problem,
            "alternatives": check.alternatives if slot_problem else [],
            "alternative_params": {"green": green} if green else {},
            "times_url": f"{times_url}?{urlencode({'date': day, 'green': green})}",
        },
        status=status,
    )


@operator_required
@require_safe
def booking_detail(request: HttpRequest, reference: str) -> HttpResponse:
    record = selectors.get_hotline_booking_for_user(user=request.user, reference=reference)
    return render(request, "hotline/booking_detail.html", {"record": record})


@operator_required
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """Find a caller's appointment by reference and phone number. A POST, so the phone number
    stays out of addresses, browser history and server logs."""
    form = LookupForm(request.POST or None)
    appointment = None
    not_found = False
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.hotline_lookup(
                operator=request.user,
                reference=form.cleaned_data["reference"],
                phone=form.cleaned_data["phone"],
            )
        except HotlineError as error:
            refused = error
        else:
            not_found = appointment is None
    if refused is not None:
        status = 429
    elif form.is_bound and form.errors:
        status = 400
    else:
        status = 200
    return render(
        request,
        "hotline/lookup.html",
        {
            "form": bootstrap(form),
            "appointment": appointment,
            "not_found": not_found,
            "refused": refused,
        },
        status=status,
    )


# --- cancelling and moving for a caller ---------------------------------------------------------


def _caller_desk(request: HttpRequest, appointment) -> acting.Desk:
    def record(current, data: dict, action: str) -> None:
        services.caller_change_record(
            operator=request.user,
            appointment=current,
            previous_starts_at=appointment.starts_at,
            action=action,
            reason=data["reason"],
        )

    return acting.Desk(
        channel=AppointmentEvent.Channel.HOTLINE,
        form_class=_BootstrapCallerChangeForm,
        back_url=reverse("hotline:lookup"),
        record=record,
    )


class _BootstrapCallerChangeForm(CallerChangeForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


@operator_required
@require_http_methods(["GET", "POST"])
def cancel_for_caller(request: HttpRequest, reference: str) -> HttpResponse:
    """Cancel a caller's appointment the operator has just looked up, with the caller's consent."""
    appointment = selectors.appointment_for_caller_change(user=request.user, reference=reference)
    return acting.cancel_page(
        request, appointment=appointment, desk=_caller_desk(request, appointment)
    )


@operator_required
@require_http_methods(["GET", "POST"])
def reschedule_for_caller(request: HttpRequest, reference: str) -> HttpResponse:
    """Move a caller's appointment the operator has just looked up, with the caller's consent."""
    appointment = selectors.appointment_for_caller_change(user=request.user, reference=reference)
    return acting.reschedule_page(
        request, appointment=appointment, desk=_caller_desk(request, appointment)
    )


# --- legal aid for a caller ---------------------------------------------------------------------


@operator_required
@require_safe
def legal_aid_home(request: HttpRequest) -> HttpResponse:
    """The kinds of case legal aid covers: the operator picks the caller's."""
    return render(
        request,
        "hotline/legal_aid_home.html",
        {"case_kinds": selectors.legal_aid_case_kinds()},
    )


@operator_required
@require_http_methods(["GET", "POST"])
def legal_aid_apply(request: HttpRequest, slug: str) -> HttpResponse:
    """File a legal-aid application for the caller: their details, the case, the ground and the
    consent read out. Any problem keeps what was typed and writes nothing."""
    kind = selectors.legal_aid_case_kind_get(slug=slug)
    form = LegalAidCallerForm(
        request.POST if request.method == "POST" else None,
        case_kind=kind,
        initial={"language": translation.get_language()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.hotline_legal_aid_apply(
                operator=request.user,
                real_name=data["real_name"],
                phone=data["phone"],
                id_number=data["id_number"],
                consent=data["consent"],
                centre=data["centre"],
                case_kind=kind,
                case_description=data["case_description"],
                ground=data["ground"],
                monthly_income_per_person=data["monthly_income_per_person"],
                agent_name=data["agent_name"],
                agent_relation=data["agent_relation"],
                language=data["language"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The legal-aid application is filed for the caller."))
            return redirect("hotline:legal_aid_filed", reference=record.application.reference)
    return render(
        request,
        "hotline/legal_aid_apply.html",
        {"kind": kind, "form": bootstrap(form)},
        status=400 if form.is_bound else 200,
    )


@operator_required
@require_safe
def legal_aid_filed(request: HttpRequest, reference: str) -> HttpResponse:
    record = selectors.get_hotline_legal_aid_filing_for_user(user=request.user, reference=reference)
    return render(request, "hotline/legal_aid_filed.html", {"record": record})
