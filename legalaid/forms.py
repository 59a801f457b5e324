"""Forms of legal aid: the application (with one file field per document of the kind's list)
and the centre's steps."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.identity import clean_person_name, normalise_phone

from .models import Application, CaseKind, LegalAidCentre
from .services import Upload


def _text(value: str) -> str:
    # A NUL or other control character in free text is refused by the request screen already;
    # here only the blank answer is.
    return (value or "").strip()


class CaseFieldsMixin:
    """What every legal-aid application form checks the same way, whoever fills it in (the
    applicant on the web, an operator for a caller): the agent, the case, the hardship ground.
    The form sets `case_kind`; `agent_relation_message` says whose relation is missing."""

    case_kind: CaseKind
    agent_relation_message = _("Say how you are related to the applicant.")

    def clean_agent_name(self):
        return clean_person_name(self.cleaned_data.get("agent_name", ""), max_length=60)

    def clean_agent_relation(self):
        return clean_person_name(self.cleaned_data.get("agent_relation", ""), max_length=60)

    def clean_case_description(self):
        text = _text(self.cleaned_data["case_description"])
        if not text:
            raise ValidationError(_("Describe the case."))
        return text

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("agent_name") and not cleaned.get("agent_relation"):
            self.add_error("agent_relation", self.agent_relation_message)
        if (
            cleaned.get("ground") == Application.Ground.HARDSHIP
            and not self.case_kind.hardship_waived
            and cleaned.get("monthly_income_per_person") is None
        ):
            self.add_error(
                "monthly_income_per_person",
                _("Enter the household's monthly income per member for economic hardship."),
            )
        return cleaned


class ApplicationForm(CaseFieldsMixin, forms.Form):
    centre = forms.ModelChoiceField(
        label=_("Legal-aid centre"),
        queryset=LegalAidCentre.objects.none(),
        empty_label=_("Choose the centre of your district"),
    )
    applicant_name = forms.CharField(label=_("Applicant's real name"), max_length=60)
    applicant_phone = forms.CharField(label=_("Applicant's mobile phone number"), max_length=20)
    agent_name = forms.CharField(
        label=_("Your name, if you apply for someone else (an agent)"),
        max_length=60,
        required=False,
    )
    agent_relation = forms.CharField(
        label=_("Your relation to the applicant"), max_length=60, required=False
    )
    case_description = forms.CharField(
        label=_("The case: what happened and what you want"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    ground = forms.ChoiceField(
        label=_("Why you qualify"), choices=Application.Ground.choices, widget=forms.RadioSelect
    )
    monthly_income_per_person = forms.DecimalField(
        label=_("Household monthly income per member (yuan), for economic hardship"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("9999999"),
        max_digits=9,
        decimal_places=2,
    )
    consent = forms.BooleanField(
        label=_(
            "The facts I declare are true, and I agree that the centre checks them and contacts "
            "me about this application."
        ),
        required=True,
    )

    def __init__(self, *args, case_kind: CaseKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.case_kind = case_kind
        self.fields["centre"].queryset = LegalAidCentre.objects.listed().select_related("district")
        self.documents = list(case_kind.documents.order_by("position"))
        for document in self.documents:
            self.fields[f"document_{document.position}"] = forms.FileField(
                label=document.name, required=False
            )
        self.fields["document_0"] = forms.FileField(label=_("Another document"), required=False)

    def clean_applicant_name(self):
        return clean_person_name(
            self.cleaned_data["applicant_name"],
            max_length=60,
            required_message=_("Enter the applicant's real name."),
        )

    def clean_applicant_phone(self):
        return normalise_phone(self.cleaned_data["applicant_phone"])

    def uploads(self) -> list[Upload]:
        found = []
        for name, value in self.cleaned_data.items():
            if name.startswith("document_") and value:
                found.append(Upload(position=int(name.removeprefix("document_")), file=value))
        return found


class CompleteForm(forms.Form):
    """The applicant answers the one-time notice with the missing scans."""

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        for row in application.documents_snapshot:
            self.fields[f"document_{row['position']}"] = forms.FileField(
                label=row["name_en"] if _is_en() else row["name_zh"], required=False
            )
        self.fields["document_0"] = forms.FileField(label=_("Another document"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not any(value for value in cleaned.values()):
            raise ValidationError(_("Choose at least one file to send."))
        return cleaned

    def uploads(self) -> list[Upload]:
        return [
            Upload(position=int(name.removeprefix("document_")), file=value)
            for name, value in self.cleaned_data.items()
            if value
        ]


def _is_en() -> bool:
    from portal.i18n import is_english

    return is_english()


class MissingForm(forms.Form):
    note = forms.CharField(
        label=_("Everything that is missing (the applicant is told once)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("grant", _("Grant legal aid")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required for a refusal; the applicant reads it)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why: the applicant reads the reason."))
        return cleaned
