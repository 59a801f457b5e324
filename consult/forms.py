"""Forms of the consultation desk: the question (residents on the web, operators for a caller),
the status look-up, and the steps of whoever works on a request."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.identity import normalise_phone
from appointments.references import normalise_reference
from notaries.models import Matter, Notary, Office

from .models import Consultation
from .selectors import topics_offered


def _text(value: str | None) -> str:
    return (value or "").strip()


class QuestionForm(forms.Form):
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=topics_offered(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    question = forms.CharField(
        label=_("Your question"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, and what you want to know. Up to 5000 characters."),
    )
    answer_channel = forms.ChoiceField(
        label=_("How would you like to be answered?"),
        choices=Consultation.AnswerChannel.choices,
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(
        label=_("Mobile phone number"),
        max_length=20,
        help_text=_("A phone number is enough: you need it with the reference to see the answer."),
    )
    email = forms.EmailField(
        label=_("E-mail address (if you want the answer by e-mail)"),
        max_length=254,
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree to be contacted about this question by phone or the way I chose."),
        required=True,
    )

    def __init__(self, *args, for_caller: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Re-evaluated per form: the bureau edits the list.
        self.fields["topic"].queryset = topics_offered()
        if for_caller:
            self.fields["question"].label = _("The caller's question")
            self.fields["phone"].label = _("The caller's mobile phone number")
            self.fields["phone"].help_text = ""
            self.fields["email"].label = _("The caller's e-mail address (for an answer by e-mail)")
            self.fields["answer_channel"].label = _("How the caller wants to be answered")
            self.fields["consent"].label = _(
                "The caller agrees to be contacted about this question."
            )

    def clean_question(self):
        text = _text(self.cleaned_data["question"])
        if not text:
            raise ValidationError(_("Write the question."))
        return text

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer_channel") == Consultation.AnswerChannel.EMAIL and not cleaned.get(
            "email"
        ):
            self.add_error("email", _("Enter the e-mail address the answer should go to."))
        return cleaned


class LookupForm(forms.Form):
    reference = forms.CharField(label=pgettext_lazy("consultation", "Reference"), max_length=20)
    phone = forms.CharField(label=_("Mobile phone number"), max_length=20)

    def clean_reference(self):
        return normalise_reference(self.cleaned_data["reference"])

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer (the resident reads it)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_answer(self):
        text = _text(self.cleaned_data["answer"])
        if not text:
            raise ValidationError(_("Write the answer."))
        return text


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Why you return it (the owner reads it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_note(self):
        text = _text(self.cleaned_data["note"])
        if not text:
            raise ValidationError(_("Write a note."))
        return text


def _centre_model():
    return apps.get_model("legalaid", "LegalAidCentre")


class ReferForm(forms.Form):
    """Refer to one receiver: an office, a legal-aid centre or a notary, with a note."""

    receiver = forms.ChoiceField(label=_("Refer to"))
    note = forms.CharField(
        label=_("Note for the receiver"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offices = list(Office.objects.listed().order_by("name_en", "pk"))
        centres = list(_centre_model().objects.listed().order_by("name_en", "pk"))
        notaries = list(
            Notary.objects.filter(office__is_active=True, status=Notary.Status.ON_DUTY)
            .select_related("office")
            .order_by("office__name_en", "name_en", "pk")
        )
        self._receivers: dict[str, object] = {}
        groups: list[tuple[str, list[tuple[str, str]]]] = []
        for kind, label, rows in (
            ("office", _("Notary offices"), offices),
            ("centre", _("Legal-aid centres"), centres),
            ("notary", _("Notaries"), notaries),
        ):
            options = []
            for row in rows:
                value = f"{kind}:{row.pk}"
                self._receivers[value] = row
                text = f"{row} · {row.office}" if kind == "notary" else str(row)
                options.append((value, text))
            if options:
                groups.append((str(label), options))
        self.fields["receiver"].choices = [("", _("Choose a receiver")), *groups]

    def clean_note(self):
        text = _text(self.cleaned_data["note"])
        if not text:
            raise ValidationError(_("Write a note for the receiver."))
        return text

    def receiver_kwargs(self) -> dict[str, object]:
        value = self.cleaned_data["receiver"]
        kind = value.split(":", 1)[0]
        return {kind: self._receivers[value]}


class BookingForm(forms.Form):
    """A notarization question turns into a booking: the matter the wizard starts with."""

    matter = forms.ModelChoiceField(
        label=_("Matter to book"),
        queryset=Matter.objects.none(),
        empty_label=_("Choose the matter"),
        to_field_name="code",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matter"].queryset = Matter.objects.published().order_by("code")
