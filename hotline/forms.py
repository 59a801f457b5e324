"""Forms of the hotline desk. They shape input and give the operator field-by-field messages;
the services validate again and decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.identity import normalise_id_number, normalise_phone
from appointments.forms import ChangeForResidentForm
from appointments.references import normalise_reference
from consult.models import REFERENCE_PREFIX as CONSULTATION_PREFIX
from legalaid.forms import CaseFieldsMixin
from legalaid.models import REFERENCE_PREFIX as LEGAL_AID_PREFIX
from legalaid.models import Application as LegalAidApplication
from legalaid.models import CaseKind, LegalAidCentre

from .services import CHANGE_CONSENT_TEXT, CONSENT_TEXT, LEGAL_AID_CONSENT_TEXT


def bootstrap(form: forms.BaseForm) -> forms.BaseForm:
    """Give the form's widgets Bootstrap's classes, and mark the fields in error. Works on forms
    of other apps too (the fee details of the booking wizard)."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput | forms.CheckboxSelectMultiple):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if form.is_bound and name in form.errors:
            css += " is-invalid"
        widget.attrs["class"] = css
    return form


class CallerForm(forms.Form):
    real_name = forms.CharField(
        label=_("Caller's real name"),
        max_length=60,
        help_text=_("As on the caller's identity card."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Caller's mobile phone number"),
        max_length=20,
        help_text=_("The confirmation is sent to this number by SMS."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    id_number = forms.CharField(
        label=_("Caller's resident identity number"),
        max_length=40,
        help_text=_("18 characters. Only a masked form is shown afterwards."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the SMS"),
        choices=settings.LANGUAGES,
        initial="zh-hans",
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={
            "required": _(
                "Read the consent to the caller and tick the box when they agree. Without "
                "consent nothing is booked or stored."
            )
        },
    )

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def clean_id_number(self) -> str:
        return normalise_id_number(self.cleaned_data["id_number"])


class LookupForm(forms.Form):
    reference = forms.CharField(
        label=_("Appointment reference"),
        max_length=32,
        help_text=_("For example 20261123-7K3F. Spaces and lower case are fine."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone number given at booking"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )

    # References of another desk, named at once instead of looked up (and counted) in vain.
    OTHER_DESKS = (
        (
            CONSULTATION_PREFIX,
            "consultation",
            _(
                "%(reference)s is a 12348 consultation, not an appointment: open it under "
                "Legal consultations by that reference."
            ),
        ),
        (
            LEGAL_AID_PREFIX,
            "legal_aid",
            _(
                "%(reference)s is a legal-aid application, not an appointment: its legal-aid "
                "centre answers about it."
            ),
        ),
    )

    def clean_reference(self) -> str:
        reference = normalise_reference(self.cleaned_data["reference"])
        for prefix, code, message in self.OTHER_DESKS:
            if reference.startswith(f"{prefix}-"):
                raise forms.ValidationError(message, code=code, params={"reference": reference})
        return reference

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])


class CallerChangeForm(ChangeForResidentForm):
    """Cancelling or moving a caller's appointment: the reason, and the caller's consent."""

    consent = forms.BooleanField(
        label=CHANGE_CONSENT_TEXT,
        error_messages={
            "required": _(
                "Read the consent to the caller and tick the box when they agree. Without it "
                "nothing is changed."
            )
        },
    )


class LegalAidCallerForm(CaseFieldsMixin, forms.Form):
    """A legal-aid application for a caller: who they are, the centre, the case, the ground, and
    the consent the operator reads out. No documents: the centre asks once for what is missing."""

    real_name = CallerForm.base_fields["real_name"]
    phone = forms.CharField(
        label=_("Caller's mobile phone number"),
        max_length=20,
        help_text=_("The centre calls or texts the caller on this number."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    id_number = CallerForm.base_fields["id_number"]
    centre = forms.ModelChoiceField(
        label=_("Legal-aid centre"),
        queryset=LegalAidCentre.objects.none(),
        empty_label=_("The centre of the caller's district"),
    )
    agent_name = forms.CharField(
        label=_("Agent's name, if the caller applies for someone else"),
        max_length=60,
        required=False,
    )
    agent_relation = forms.CharField(
        label=_("Agent's relation to the applicant"), max_length=60, required=False
    )
    case_description = forms.CharField(
        label=_("The case: what happened and what the caller wants"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    ground = forms.ChoiceField(
        label=_("Why the caller qualifies"),
        choices=LegalAidApplication.Ground.choices,
        widget=forms.RadioSelect,
    )
    monthly_income_per_person = forms.DecimalField(
        label=_("Household monthly income per member (yuan), for economic hardship"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("9999999"),
        max_digits=9,
        decimal_places=2,
    )
    language = CallerForm.base_fields["language"]
    consent = forms.BooleanField(
        label=LEGAL_AID_CONSENT_TEXT,
        error_messages={
            "required": _(
                "Read the consent to the caller and tick the box when they agree. Without "
                "consent nothing is filed or stored."
            )
        },
    )

    agent_relation_message = _("Say how the agent is related to the applicant.")

    def __init__(self, *args, case_kind: CaseKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.case_kind = case_kind
        self.fields["centre"].queryset = LegalAidCentre.objects.listed().select_related("district")

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def clean_id_number(self) -> str:
        return normalise_id_number(self.cleaned_data["id_number"])
