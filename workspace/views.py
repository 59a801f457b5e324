"""The office workspace (`/staff/agenda/`, `/staff/search/`, `/staff/notaries/<id>/schedule/`).

Thin: selectors read within the user's scope (another office's anything is a 404), services
decide, and a refusal is shown on the same page with what was typed kept."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import staff_required
from appointments.models import Block, Leave

from . import errors, selectors, services
from .forms import (
    AgendaFilterForm,
    BlockForm,
    LeaveForm,
    ResolutionForm,
    SearchForm,
    WorkingPeriodFormSet,
)

# --- the day's agenda ---------------------------------------------------------------------------


def _agenda_url(*, user, date, office, notary_id: int | None = None, name="workspace:agenda"):
    params = {"date": date.isoformat()}
    if user.is_bureau_admin:
        params["office"] = office.slug
    if notary_id:
        params["notary"] = str(notary_id)
    return f"{reverse(name)}?{urlencode(params)}"


def _agenda_scope(request: HttpRequest, data) -> dict:
    """Office, day and notary asked for; a foreign office or notary is a 404."""
    form = AgendaFilterForm(data)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    office = selectors.get_office_for_staff(user=request.user, slug=cleaned.get("office"))
    notary = None
    if cleaned.get("notary"):
        notary = selectors.get_notary_for_staff(user=request.user, notary_id=cleaned["notary"])
        # A bureau admin may name just the notary: the office is theirs.
        office = office or notary.office
        if notary.office_id != office.pk:
            raise Http404("No such notary in this office")
    return {"form": form, "office": office, "notary": notary, "date": form.day()}


def _agenda_page(
    request: HttpRequest, data, *, problem: str | None = None, status: int = 200
) -> HttpResponse:
    scope = _agenda_scope(request, data)
    office, notary, date = scope["office"], scope["notary"], scope["date"]
    agenda = (
        selectors.agenda_for_day(office=office, date=date, notary=notary, user=request.user)
        if office is not None
        else None
    )
    if scope["form"].errors and status == 200:
        status = 400
    return render(
        request,
        "workspace/agenda_day.html",
        {
            **scope,
            "agenda": agenda,
            "problem": problem,
            "offices": selectors.offices_to_choose(user=request.user),
            "previous_day": date - dt.timedelta(days=1),
            "next_day": date + dt.timedelta(days=1),
            "print_url": (
                _agenda_url(
                    user=request.user,
                    date=date,
                    office=office,
                    notary_id=notary.pk if notary else None,
                    name="workspace:agenda_print",
                )
                if office is not None
                else None
            ),
        },
        status=status,
    )


@staff_required
@require_GET
def agenda(request: HttpRequest) -> HttpResponse:
    return _agenda_page(request, request.GET)


@staff_required
@require_GET
def agenda_print(request: HttpRequest) -> HttpResponse:
    """One printed page per notary: who comes when, for what."""
    scope = _agenda_scope(request, request.GET)
    if scope["office"] is None:
        return redirect("workspace:agenda")
    agenda = selectors.agenda_for_day(
        office=scope["office"], date=scope["date"], notary=scope["notary"], user=request.user
    )
    return render(
        request,
        "workspace/agenda_print.html",
        {**scope, "agenda": agenda, "printed_at": timezone.now()},
    )


# --- search -------------------------------------------------------------------------------------


@staff_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    result = None
    if form.is_valid() and form.cleaned_data["q"]:
        result = selectors.appointments_search_for_staff(
            user=request.user, query=form.cleaned_data["q"]
        )
    return render(
        request,
        "workspace/appointment_search.html",
        {"form": form, "result": result, "limit": selectors.SEARCH_LIMIT},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


# --- a notary's schedule ------------------------------------------------------------------------

ABSENCES = {
    "leave": (LeaveForm, services.leave_record_with_resolutions),
    "block": (BlockForm, services.block_record_with_resolutions),
}


def _hours_formset(notary, data=None):
    initial = [
        {"weekday": p.weekday, "starts": p.starts, "ends": p.ends}
        for p in selectors.working_periods_for_notary(notary=notary)
    ]
    return WorkingPeriodFormSet(data, initial=initial, prefix="hours")


def _schedule_page(request: HttpRequest, notary, *, status: int = 200, **parts) -> HttpResponse:
    now = timezone.now()
    context = {
        "notary": notary,
        "hours": parts.get("hours") or _hours_formset(notary),
        "leave_form": parts.get("leave_form") or LeaveForm(prefix="leave"),
        "block_form": parts.get("block_form") or BlockForm(prefix="block"),
        "leave_resolution": parts.get("leave_resolution"),
        "block_resolution": parts.get("block_resolution"),
        "problem": parts.get("problem"),
        "problem_kind": parts.get("problem_kind"),
        "leaves": selectors.upcoming_leave(notary=notary, today=timezone.localdate(now)),
        "blocks": selectors.upcoming_blocks(notary=notary, now=now),
    }
    return render(request, "workspace/notary_schedule.html", context, status=status)


def _save_hours(request: HttpRequest, notary) -> HttpResponse:
    hours = _hours_formset(notary, request.POST)
    if not hours.is_valid():
        return _schedule_page(request, notary, hours=hours, status=400)
    try:
        services.working_periods_replace(notary=notary, periods=hours.periods(), by=request.user)
    except errors.PeriodsInvalid as error:
        return _schedule_page(
            request, notary, hours=hours, problem=str(error), problem_kind="hours", status=400
        )
    messages.success(request, _("The weekly hours are saved."))
    return redirect("workspace:notary_schedule", notary_id=notary.pk)


def _save_absence(request: HttpRequest, notary, kind: str) -> HttpResponse:
    form_class, record = ABSENCES[kind]
    form = form_class(request.POST, prefix=kind)
    if not form.is_valid():
        return _schedule_page(request, notary, status=400, **{f"{kind}_form": form})
    starts_at, ends_at = form.bounds()
    items = selectors.absence_preview(
        notary=notary, starts_at=starts_at, ends_at=ends_at, now=timezone.now()
    )
    resolution = ResolutionForm(
        request.POST if "resolve" in request.POST else None,
        items=items,
        colleagues=selectors.colleagues_of(notary=notary),
        prefix=f"{kind}-r",
    )
    parts = {f"{kind}_form": form, f"{kind}_resolution": resolution}
    if items and not resolution.is_bound:
        # Nothing is saved silently over booked residents: first show who is affected.
        return _schedule_page(request, notary, **parts)
    if items and not resolution.is_valid():
        return _schedule_page(request, notary, status=400, **parts)
    if kind == "leave":
        when = {
            "starts_on": form.cleaned_data["starts_on"],
            "ends_on": form.cleaned_data["ends_on"],
        }
    else:
        when = {"starts_at": starts_at, "ends_at": ends_at}
    try:
        record(
            notary=notary,
            reason=form.cleaned_data["reason"],
            resolutions=resolution.resolutions() if items else {},
            by=request.user,
            **when,
        )
    except errors.WorkspaceError as error:
        # Show the list as it is now (a booking may have come in, a colleague may be taken),
        # with the decisions made so far kept.
        items = selectors.absence_preview(
            notary=notary, starts_at=starts_at, ends_at=ends_at, now=timezone.now()
        )
        parts[f"{kind}_resolution"] = ResolutionForm(
            request.POST if items else None,
            items=items,
            colleagues=selectors.colleagues_of(notary=notary),
            prefix=f"{kind}-r",
        )
        return _schedule_page(
            request, notary, status=409, problem=str(error), problem_kind=kind, **parts
        )
    decided = resolution.resolutions() if items else {}
    moved = sum(1 for action, _value in decided.values() if action == services.MOVE)
    text = _("The leave is saved.") if kind == "leave" else _("The block is saved.")
    if items:
        text += " " + _(
            "Appointments moved: %(moved)d; cancelled: %(cancelled)d. The residents are told."
        ) % {"moved": moved, "cancelled": len(decided) - moved}
    messages.success(request, text)
    return redirect("workspace:notary_schedule", notary_id=notary.pk)


def _delete_absence(request: HttpRequest, notary, kind: str) -> HttpResponse:
    raw = request.POST.get("id", "")
    if not raw.isdigit():
        raise Http404
    if kind == "leave":
        leave = get_object_or_404(Leave, pk=int(raw), notary=notary)
        services.leave_delete(leave=leave, by=request.user)
        messages.success(request, _("The leave is withdrawn."))
    else:
        block = get_object_or_404(Block, pk=int(raw), notary=notary)
        services.block_delete(block=block, by=request.user)
        messages.success(request, _("The block is withdrawn."))
    return redirect("workspace:notary_schedule", notary_id=notary.pk)


@staff_required
@require_GET
def notary_list(request: HttpRequest) -> HttpResponse:
    """The notaries whose schedules the user may edit, by office."""
    return render(
        request,
        "workspace/notary_list.html",
        {"notaries": selectors.notaries_for_staff(user=request.user)},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def notary_schedule(request: HttpRequest, notary_id: int) -> HttpResponse:
    notary = selectors.get_notary_for_staff(user=request.user, notary_id=notary_id)
    if request.method == "GET":
        return _schedule_page(request, notary)
    action = request.POST.get("action")
    if action == "hours":
        return _save_hours(request, notary)
    if action in ABSENCES:
        return _save_absence(request, notary, action)
    if action in ("delete_leave", "delete_block"):
        return _delete_absence(request, notary, action.removeprefix("delete_"))
    return _schedule_page(
        request, notary, status=400, problem=_("Choose what to save."), problem_kind="page"
    )
