from __future__ import annotations

import unicodedata
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from notaries.fees import MAX_COPIES, MAX_PARTIES, MAX_VALUE
from notaries.models import Exemption, Matter

from .fees import FeeRequest
from .models import Appointment

GREEN_CHOICES = [
    ("", _("No priority needed")),
    (Appointment.GreenChannel.ELDERLY, _("Aged 70 or over (recognised from the identity number)")),
    (Appointment.GreenChannel.PREGNANT, _("Pregnant")),
    (Appointment.GreenChannel.SERIOUSLY_ILL, _("Seriously ill")),
    (Appointment.GreenChannel.DISABLED, _("Disabled")),
]


class BookingDetailsForm(forms.Form):
    """What the fee and the priority need; shown on the review step, kept in the URL."""

    copies = forms.IntegerField(
        label=_("Copies of the certificate"),
        min_value=1,
        max_value=MAX_COPIES,
        initial=1,
        help_text=_("How many copies of the notarial certificate you need."),
    )
    parties = forms.IntegerField(
        label=_("Number of parties"),
        min_value=1,
        max_value=MAX_PARTIES,
        initial=1,
        help_text=_("The people or organisations signing, including you."),
    )
    value = forms.DecimalField(
        label=_("Value involved (yuan)"),
        min_value=Decimal("0"),
        max_value=MAX_VALUE,
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_("For example the value of the estate, the gift or the property."),
    )
    declared = forms.MultipleChoiceField(
        label=_("Fee exemptions I qualify for"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The counter checks the evidence at your visit."),
    )
    green = forms.ChoiceField(
        label=_("Priority (green channel)"),
        choices=GREEN_CHOICES,
        required=False,
        help_text=_("People aged 70 or over get priority automatically."),
    )

    def __init__(self, *args, matter: Matter, elderly: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.matter = matter
        # Being 70 or over is recognised, never declared: the choice is not offered, and to a
        # resident recognised on the day no choice is offered at all (the page says why), so the
        # page never says one thing about the green channel and the form another.
        self.fields["green"].choices = [GREEN_CHOICES[0], *GREEN_CHOICES[2:]]
        if elderly:
            del self.fields["green"]
        declarable = [
            e
            for e in matter.exemptions.all()
            if e.is_active and e.kind not in (Exemption.Kind.AGE, Exemption.Kind.LEGAL_AID)
        ]
        self.fields["declared"].choices = [(e.code, e.declaration) for e in declarable]
        if not declarable:
            del self.fields["declared"]
        if not matter.fee_per_extra_copy:
            self.fields["copies"].widget = forms.HiddenInput()
        if not matter.fee_per_extra_party:
            self.fields["parties"].widget = forms.HiddenInput()
        if matter.fee_by_value:
            self.fields["value"].required = True
        else:
            del self.fields["value"]

    def fee_request(self) -> FeeRequest:
        data = self.cleaned_data
        return FeeRequest(
            copies=data.get("copies") or 1,
            parties=data.get("parties") or 1,
            value=data.get("value"),
            declared=tuple(data.get("declared") or ()),
        )

    def as_params(self) -> dict:
        """The cleaned values as URL parameters, to carry them to the next step."""
        data = self.cleaned_data
        params: dict = {"copies": data.get("copies") or 1, "parties": data.get("parties") or 1}
        if data.get("value") is not None:
            params["value"] = str(data["value"])
        if data.get("declared"):
            params["declared"] = list(data["declared"])
        if data.get("green"):
            params["green"] = data["green"]
        return params


class HomeVisitRequestForm(forms.Form):
    address = forms.CharField(label=_("Address of the visit"), max_length=300)
    reason = forms.CharField(
        label=_("Why you cannot come to the office"),
        max_length=300,
        help_text=_("For example: bedridden, in hospital, severely disabled."),
    )
    preferred_times = forms.CharField(
        label=_("Days and times that suit you"), max_length=300, required=False
    )
    phone = forms.RegexField(
        label=_("Phone for the office to call you"),
        regex=r"^[0-9+\-\s]{7,20}$",
        error_messages={"invalid": _("Enter a phone number of digits only.")},
    )


class HomeVisitScheduleForm(forms.Form):
    start = forms.CharField(widget=forms.HiddenInput)
    minutes = forms.TypedChoiceField(
        label=_("Length including travel"),
        coerce=int,
        choices=[(60, "60"), (90, "90"), (120, "120"), (180, "180")],
        initial=120,
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (shown to the resident)"), max_length=300)


class ChangeForResidentForm(forms.Form):
    """The office's (or the hotline's) reason for cancelling or moving a resident's appointment.

    The reason travels to the resident with the notice and stays in the appointment's history,
    so it is required: nobody's appointment changes without a word why."""

    reason = forms.CharField(
        label=_("Reason, as the resident will read it"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the resident with the notice and kept with the appointment."),
    )

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason or any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") for ch in reason):
            raise forms.ValidationError(_("Write the reason in a few plain words."), code="invalid")
        return reason


def declared_green(raw: str | None) -> str:
    """A declared green-channel ground (pregnant, seriously ill, disabled) from a link, a form or
    an appointment; being 70 or over is recognised from the identity number, never declared."""
    value = (raw or "")[:20]
    return value if value in {choice for choice, _label in GREEN_CHOICES[2:]} else ""


class BookingForForm(forms.Form):
    """The wizard's "who is this appointment for?": the account holder, or another person whose
    real name, identity number, mobile phone and relationship are given here."""

    FOR_ME, FOR_OTHER = "me", "other"

    for_whom = forms.ChoiceField(
        label=_("Who is this appointment for?"),
        choices=[(FOR_ME, _("For me")), (FOR_OTHER, _("For another person"))],
        widget=forms.RadioSelect,
        initial=FOR_ME,
    )
    real_name = forms.CharField(
        label=_("Their real name"), max_length=60, required=False, strip=False
    )
    id_number = forms.CharField(
        label=_("Their resident identity number"),
        max_length=40,
        required=False,
        help_text=_("18 characters, as on the identity card. Shown to staff only masked."),
    )
    phone = forms.CharField(
        label=_("Their mobile phone"),
        max_length=30,
        required=False,
        help_text=_("They receive the text-message notices too."),
    )
    relationship = forms.ChoiceField(
        label=_("They are my"),
        choices=[("", _("Choose one")), *Appointment.Relationship.choices[1:]],
        required=False,
    )

    def __init__(self, *args, holder=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.holder = holder

    def clean(self):
        from accounts.crypto import hash_id_number
        from accounts.identity import clean_person_name, normalise_id_number, normalise_phone

        data = super().clean()
        if data.get("for_whom") != self.FOR_OTHER:
            return data
        required = _("Needed when the appointment is for another person.")
        checks = {
            "real_name": lambda raw: clean_person_name(
                raw, max_length=60, required_message=required
            ),
            "id_number": normalise_id_number,
            "phone": normalise_phone,
        }
        for name, check in checks.items():
            try:
                data[name] = check(data.get(name) or "")
            except forms.ValidationError as error:
                self.add_error(name, error)
        if not data.get("relationship"):
            self.add_error("relationship", required)
        number = data.get("id_number")
        holder_hash = getattr(self.holder, "id_number_hash", None)
        if number and "id_number" not in self.errors and holder_hash == hash_id_number(number):
            self.add_error(
                "id_number",
                _("This is your own identity number: choose “For me” to book for yourself."),
            )
        return data
