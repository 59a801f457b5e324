from django import forms
from django.utils.translation import gettext_lazy as _


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
