"""Forms of the bureau's blacklist pages. They shape input; the services validate and decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notaries.models import Office

from .selectors import QUERY_MAX_LENGTH


class BootstrapForm(forms.Form):
    """Adds Bootstrap's classes to the widgets, and marks the fields in error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class EntryFilterForm(BootstrapForm):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("in_force", _("In force today")),
            ("lifted", _("Lifted")),
            ("all", _("All entries")),
        ],
    )
    q = forms.CharField(
        label=_("Name or identity number"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def status_value(self) -> str:
        if self.is_valid():
            return self.cleaned_data["status"] or "in_force"
        return "in_force"

    def query_value(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


class EntryCreateForm(BootstrapForm):
    id_number = forms.CharField(
        label=_("Resident identity number"),
        max_length=40,
        help_text=_("18 characters. Only a masked form is kept for display."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    name = forms.CharField(label=_("Name"), max_length=60)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        help_text=_("What happened, and the decision it rests on."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    office = forms.ModelChoiceField(
        label=_("Reporting office"),
        queryset=Office.objects.select_related("district").order_by(
            "district__position", "district__slug", "slug"
        ),
        empty_label=_("Choose the office"),
    )
    starts_on = forms.DateField(
        label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("In force until"),
        required=False,
        help_text=_("Leave empty to keep the entry in force until it is lifted."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("starts_on", timezone.localdate())


class LiftForm(BootstrapForm):
    reason = forms.CharField(
        label=_("Reason for lifting"),
        max_length=500,
        help_text=_("For example: the decision was overturned on appeal."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
