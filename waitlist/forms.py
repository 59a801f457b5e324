from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments.forms import GREEN_CHOICES
from notaries.models import Matter, Office

from .models import WaitlistEntry


class JoinForm(forms.Form):
    office = forms.ChoiceField(label=_("Where"))
    date_from = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    part_of_day = forms.ChoiceField(
        label=_("Part of the day"),
        choices=WaitlistEntry.PartOfDay.choices,
        initial=WaitlistEntry.PartOfDay.ANY,
    )
    green = forms.ChoiceField(
        label=_("Priority (green channel)"),
        choices=[GREEN_CHOICES[0], *GREEN_CHOICES[2:]],
        required=False,
        help_text=_("Aged 70 or over is recognised from your identity number."),
    )

    def __init__(self, *args, matter: Matter, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offices = {
            office.slug: office
            for office in Office.objects.listed().filter(matters=matter).order_by("name_zh")
        }
        self.fields["office"].choices = [
            ("", _("Any office in the city")),
            *((slug, office.name) for slug, office in self.offices.items()),
        ]
        self.fields["office"].required = False
        today = timezone.localdate()
        self.fields["date_from"].initial = today
        self.fields["date_to"].initial = today + dt.timedelta(days=14)

    def chosen_office(self) -> Office | None:
        return self.offices.get(self.cleaned_data.get("office") or "")
