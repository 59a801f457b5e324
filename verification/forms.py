from django import forms
from django.utils.translation import gettext_lazy as _


class ConsentForm(forms.Form):
    """The resident's consent to one online check, for one item."""

    consent = forms.BooleanField(
        label=_("Let the office check this online instead of bringing it."),
        error_messages={"required": _("Tick this to let the office check it online.")},
    )
