"""Forms shape what residents and staff typed; the services decide what it means."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.identity import clean_person_name, normalise_phone
from notaries.models import MaterialItem

from .models import CaseStatus, PostalDelivery, ProblemKind
from .services import Problem

# The materials page's key for documents that are not checklist items.
OTHER = "other"


class PreReviewForm(forms.Form):
    """Every checklist item at once, so a needs-changes decision lists every problem."""

    OK = "ok"

    message = forms.CharField(
        label=_("Message to the resident (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args, materials: list[MaterialItem], initial_status=None, labels=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.materials = list(materials)
        choices = [(self.OK, _("In order")), *ProblemKind.choices]
        initial_status = initial_status or {}
        # Items are named as on the appointment's list as booked.
        labels = labels or {}
        for material in self.materials:
            label = labels.get(material.pk) or material.name
            self.fields[f"status_{material.pk}"] = forms.ChoiceField(
                label=label, choices=choices, initial=initial_status.get(material.pk)
            )
            self.fields[f"note_{material.pk}"] = forms.CharField(
                label=_("Note on “%(item)s”") % {"item": label},
                required=False,
                max_length=500,
            )

    def rows(self):
        for material in self.materials:
            yield material, self[f"status_{material.pk}"], self[f"note_{material.pk}"]

    def problems(self) -> list[Problem]:
        return [
            Problem(
                material=material,
                kind=self.cleaned_data[f"status_{material.pk}"],
                note=self.cleaned_data[f"note_{material.pk}"],
            )
            for material in self.materials
            if self.cleaned_data[f"status_{material.pk}"] != self.OK
        ]


class PostalDeliveryForm(forms.ModelForm):
    # Wider than the stored 11 digits: residents type spaces, dashes or +86.
    phone = forms.CharField(label=_("Recipient's mobile phone"), max_length=20)

    class Meta:
        model = PostalDelivery
        fields = ["recipient_name", "phone", "address", "postcode"]

    def clean_recipient_name(self) -> str:
        return clean_person_name(
            self.cleaned_data.get("recipient_name", ""),
            max_length=PostalDelivery._meta.get_field("recipient_name").max_length,
        )

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("phone", ""))


class CaseAdvanceForm(forms.Form):
    step = forms.ChoiceField(choices=CaseStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)


class PostingForm(forms.Form):
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=40)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)


class StaffSearchForm(forms.Form):
    q = forms.CharField(label=_("Appointment reference"), max_length=40, required=False)
