"""Appointments on days that closed after they were booked (`/staff/calendar-conflicts/`).

Thin: the selector lists them within the user's offices with the free times to offer, the form
shapes one decision per appointment, and the service applies all of them in one transaction or
none. A refusal is shown on the same page with what was typed kept."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.permissions import offices_for_staff, staff_required
from appointments.conflicts import (
    CANCEL,
    MESSAGE_MAX_LENGTH,
    MOVE,
    ConflictChoices,
    ConflictResolutionError,
    appointments_on_closed_days,
    closed_day_conflicts_resolve,
    move_options_for,
)
from appointments.models import Appointment


class ConflictResolutionForm(forms.Form):
    """One decision per appointment on a closed day: move it to one of the free times offered,
    or cancel it with a message to the resident. A time no longer offered is still accepted
    here; the service says if it is not free any more."""

    def __init__(self, *args, choices: list[ConflictChoices], **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        for entry in choices:
            appointment = entry.conflict.appointment
            pk = appointment.pk
            actions = [(CANCEL, gettext_lazy("Cancel it and write to the resident"))]
            # Someone already at the counter cannot be given another time, only sent home.
            if appointment.status == Appointment.Status.BOOKED:
                actions.insert(0, (MOVE, gettext_lazy("Move it to another time")))
            self.fields[f"action_{pk}"] = forms.ChoiceField(
                label=appointment.reference,
                choices=actions,
                widget=forms.RadioSelect,
                error_messages={"required": gettext_lazy("Choose what happens to it.")},
            )
            times = [(option.value, _when(option.starts_at)) for option in entry.options]
            posted = self.data.get(self.add_prefix(f"time_{pk}")) if self.is_bound else None
            if posted and posted not in {value for value, _label in times}:
                # Keep what was chosen on the page even if it is no longer offered.
                times.append((posted, posted))
            self.fields[f"time_{pk}"] = forms.ChoiceField(
                label=gettext_lazy("New time (free now at the same office)"),
                choices=[("", "—"), *times],
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"message_{pk}"] = forms.CharField(
                label=gettext_lazy(
                    "Message to the resident (sent by e-mail in the language they booked in, "
                    "with the cancellation)"
                ),
                widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                required=False,
                max_length=MESSAGE_MAX_LENGTH,
            )

    def clean(self):
        data = super().clean()
        for entry in self.choices:
            pk = entry.conflict.appointment.pk
            action = data.get(f"action_{pk}")
            if action == MOVE and not data.get(f"time_{pk}"):
                self.add_error(f"time_{pk}", _("Choose the new time."))
            if action == CANCEL and not (data.get(f"message_{pk}") or "").strip():
                self.add_error(f"message_{pk}", _("Write the message the resident will receive."))
        return data

    def rows(self) -> list[dict]:
        return [
            {
                "entry": entry,
                "action": self[f"action_{entry.conflict.appointment.pk}"],
                "time": self[f"time_{entry.conflict.appointment.pk}"],
                "message": self[f"message_{entry.conflict.appointment.pk}"],
            }
            for entry in self.choices
        ]

    def resolutions(self) -> dict[int, tuple[str, str]]:
        result: dict[int, tuple[str, str]] = {}
        for entry in self.choices:
            pk = entry.conflict.appointment.pk
            action = self.cleaned_data[f"action_{pk}"]
            value = self.cleaned_data[f"time_{pk}" if action == MOVE else f"message_{pk}"]
            result[pk] = (action, value)
        return result


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local:%Y-%m-%d} ({date_format(local, 'D')}) {local:%H:%M}"


def _form(request: HttpRequest, data=None) -> ConflictResolutionForm:
    """The user's offices' appointments on closed days as they are now, each with its times."""
    now = timezone.now()
    conflicts = appointments_on_closed_days(offices=offices_for_staff(request.user), now=now)
    return ConflictResolutionForm(data, choices=move_options_for(conflicts=conflicts, now=now))


def _page(
    request: HttpRequest, form: ConflictResolutionForm, *, problem: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "workspace/calendar_conflicts.html",
        {"form": form, "problem": problem, "many_offices": request.user.is_bureau_admin},
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def calendar_conflicts(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, _form(request))
    form = _form(request, request.POST)
    if not form.choices:
        messages.info(request, _("No appointment is on a closed day any more."))
        return redirect("workspace:calendar_conflicts")
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        done = closed_day_conflicts_resolve(resolutions=form.resolutions(), by=request.user)
    except ConflictResolutionError as error:
        # Show the list as it is now (a time may have been taken, an appointment changed
        # meanwhile), with the decisions made so far kept.
        return _page(request, _form(request, request.POST), problem=str(error), status=400)
    messages.success(
        request,
        _("Appointments moved: %(moved)d; cancelled: %(cancelled)d. The residents are told.")
        % {"moved": len(done.moved), "cancelled": len(done.cancelled)},
    )
    return redirect("workspace:calendar_conflicts")
