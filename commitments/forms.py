from django import forms
from django.utils.translation import gettext_lazy as _

from blacklist.forms import BootstrapForm


class CommitmentForm(forms.Form):
    """The resident signs: the real name, the statement read; then a confirmation step."""

    real_name = forms.CharField(label=_("Your real name, as your signature"), max_length=60)
    agree = forms.BooleanField(
        label=_("I have read the statement and commit to it."),
        error_messages={"required": _("Tick this to give the commitment.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class ReportForm(forms.Form):
    finding = forms.CharField(
        label=_("What was found at the counter"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EnterForm(BootstrapForm):
    """The bureau's entry made from a proposal: its reason and dates."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        help_text=_("What happened, and the decision it rests on."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    starts_on = forms.DateField(
        label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("In force until"),
        required=False,
        help_text=_("Empty: until lifted."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class DismissForm(BootstrapForm):
    reason = forms.CharField(
        label=_("Reason for dismissing"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for dismissing the proposal.")},
    )
