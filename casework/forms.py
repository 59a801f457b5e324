"""Forms shape what residents and staff typed; the services decide what it means."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.identity import clean_person_name, normalise_phone
from notaries.models import MaterialItem

from .models import CaseStatus, PostalDelivery, ProblemKind
from .services import OutsideRequest, Problem

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
        help_text=_("An explanation only: documents are asked for by the marks above."),
    )
    outside_document = forms.CharField(
        label=_("Document outside the list (only where a law requires it)"),
        required=False,
        max_length=200,
    )
    outside_basis = forms.CharField(
        label=_("The law that requires it (article)"), required=False, max_length=300
    )
    reason = forms.CharField(
        label=_("Reason for marking items not re-sent since the notice (seen by the bureau)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args, materials: list[MaterialItem], initial_status=None, labels=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.materials = list(materials)
        choices = [
            (self.OK, _("In order")),
            *(
                (kind.value, kind.label)
                for kind in ProblemKind
                if kind != ProblemKind.OTHER  # kept for old decisions only
            ),
        ]
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

    def clean(self):
        cleaned = super().clean()
        for name in ("message", "outside_document", "outside_basis", "reason"):
            value = cleaned.get(name) or ""
            if any(ord(ch) < 32 and ch not in "\r\n\t" for ch in value):
                self.add_error(name, _("Write this in plain words."))
        if bool((cleaned.get("outside_document") or "").strip()) != bool(
            (cleaned.get("outside_basis") or "").strip()
        ):
            self.add_error(
                "outside_basis",
                _("A request outside the list needs the document and the law that requires it."),
            )
        return cleaned

    def outside(self) -> list[OutsideRequest]:
        document = self.cleaned_data.get("outside_document", "")
        basis = self.cleaned_data.get("outside_basis", "")
        return [OutsideRequest(document=document, legal_basis=basis)] if document else []

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
