"""Forms shape what staff typed; the services decide what it means."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments.models import Appointment, Weekday
from notaries.models import Notary
from portal.a11y import label_row_fields

from .selectors import AffectedAppointment, day_bounds
from .services import CANCEL, MESSAGE_MAX_LENGTH, MOVE, working_periods_problems

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


class AgendaFilterForm(forms.Form):
    date = forms.DateField(label=_("Day"), required=False, widget=DATE_INPUT)
    office = forms.SlugField(label=_("Office"), required=False, max_length=60)
    notary = forms.IntegerField(label=_("Notary"), required=False, min_value=1)

    def day(self) -> dt.date:
        if self.is_valid() and self.cleaned_data["date"]:
            return self.cleaned_data["date"]
        return timezone.localdate()


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Reference or applicant's name"), required=False, max_length=60, strip=True
    )


# --- weekly hours -------------------------------------------------------------------------------


class WorkingPeriodForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Day"),
        choices=[("", "—"), *Weekday.choices],
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    starts = forms.TimeField(label=_("From"), required=False, widget=TIME_INPUT)
    ends = forms.TimeField(label=_("Until"), required=False, widget=TIME_INPUT)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        given = [data.get(name) is not None for name in ("weekday", "starts", "ends")]
        if any(given) and not all(given):
            raise forms.ValidationError(
                _("Give the day, the start and the end of the period (or leave all three empty).")
            )
        if all(given) and data["ends"] <= data["starts"]:
            self.add_error("ends", _("A period must end after it starts."))
        return data

    def period(self) -> tuple[int, dt.time, dt.time] | None:
        data = getattr(self, "cleaned_data", {})
        if data.get("DELETE") or data.get("weekday") is None:
            return None
        return data["weekday"], data["starts"], data["ends"]


class BaseWorkingPeriodFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        label_row_fields(form, _("Period %(number)d") % {"number": i + 1})
        return form

    def clean(self):
        if any(self.errors):
            return
        problems = working_periods_problems(self.periods())
        if problems:
            raise forms.ValidationError(problems)

    def periods(self) -> list[tuple[int, dt.time, dt.time]]:
        return [period for form in self.forms if (period := form.period()) is not None]


WorkingPeriodFormSet = forms.formset_factory(
    WorkingPeriodForm,
    formset=BaseWorkingPeriodFormSet,
    extra=3,
    can_delete=True,
    max_num=70,
    validate_max=True,
)


# --- absences -----------------------------------------------------------------------------------


class LeaveForm(forms.Form):
    starts_on = forms.DateField(label=_("First day"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def clean(self):
        data = super().clean()
        first, last = data.get("starts_on"), data.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("Leave must end on or after its first day."))
        return data

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        return day_bounds(self.cleaned_data["starts_on"], self.cleaned_data["ends_on"])


class BlockForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("From"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )
    ends_at = forms.DateTimeField(
        label=_("Until"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def clean(self):
        data = super().clean()
        first, last = data.get("starts_at"), data.get("ends_at")
        if first and last and last <= first:
            self.add_error("ends_at", _("A block must end after it starts."))
        return data

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        return self.cleaned_data["starts_at"], self.cleaned_data["ends_at"]


class ResolutionForm(forms.Form):
    """One decision per appointment an absence would strand: move it to a colleague, or cancel
    it with a message to the resident. The notaries offered are the free ones; any colleague is
    accepted here, and the service says if they are no longer free."""

    def __init__(self, *args, items: list[AffectedAppointment], colleagues: list[Notary], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            appointment = item.appointment
            actions = [(MOVE, _("Move to another notary at the same time"))]
            if appointment.status == Appointment.Status.BOOKED:
                actions.append((CANCEL, _("Cancel it and write to the resident")))
            self.fields[f"action_{appointment.pk}"] = forms.ChoiceField(
                label=appointment.reference,
                choices=actions,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose what happens to this appointment.")},
            )
            self.fields[f"notary_{appointment.pk}"] = forms.TypedChoiceField(
                label=_("Notary"),
                choices=[("", "—")]
                + [(n.pk, n.name) for n in colleagues if n.pk != appointment.notary_id],
                coerce=int,
                required=False,
                empty_value=None,
            )
            self.fields[f"message_{appointment.pk}"] = forms.CharField(
                label=_("Message to the resident"),
                widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                required=False,
                max_length=MESSAGE_MAX_LENGTH,
            )

    def clean(self):
        data = super().clean()
        for item in self.items:
            pk = item.appointment.pk
            action = data.get(f"action_{pk}")
            if action == MOVE and not data.get(f"notary_{pk}"):
                self.add_error(f"notary_{pk}", _("Choose the notary who takes it over."))
            if action == CANCEL and not (data.get(f"message_{pk}") or "").strip():
                self.add_error(f"message_{pk}", _("Write the message the resident will receive."))
        return data

    def rows(self) -> list[dict]:
        """Each appointment with its bound fields, for the template."""
        return [
            {
                "item": item,
                "action": self[f"action_{item.appointment.pk}"],
                "notary": self[f"notary_{item.appointment.pk}"],
                "message": self[f"message_{item.appointment.pk}"],
            }
            for item in self.items
        ]

    def resolutions(self) -> dict[int, tuple[str, int | str]]:
        result: dict[int, tuple[str, int | str]] = {}
        for item in self.items:
            pk = item.appointment.pk
            if self.cleaned_data[f"action_{pk}"] == MOVE:
                result[pk] = (MOVE, self.cleaned_data[f"notary_{pk}"])
            else:
                result[pk] = (CANCEL, self.cleaned_data[f"message_{pk}"])
        return result
