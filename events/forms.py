"""Forms shape what staff typed; the services decide what it means."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.permissions import offices_for_staff

from .models import Event

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


class EventForm(forms.ModelForm):
    """An event of one office. Bureau admins choose the office; office staff publish for their own
    (the field is not shown to them)."""

    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=DateTimeLocalInput, input_formats=[DATETIME_FORMAT]
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"), widget=DateTimeLocalInput, input_formats=[DATETIME_FORMAT]
    )

    class Meta:
        model = Event
        fields = [
            "office",
            "title_zh",
            "title_en",
            "description",
            "place",
            "starts_at",
            "ends_at",
            "capacity",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "title_en": _("Shown to visitors reading in English; the Chinese title otherwise."),
            "capacity": _("How many residents can sign up."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs.update({"min": 1, "max": 10000})
        if self.instance.pk or not user.is_bureau_admin:
            # Staff publish for their own office; an event never moves to another office.
            del self.fields["office"]
        else:
            self.fields["office"].queryset = offices_for_staff(user).select_related("district")

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("An event must end after it starts."))
        return cleaned

    def _post_clean(self):
        # The service validates and saves; the model's own full_clean would run without the
        # office (not a field for staff) and complain about it.
        pass
