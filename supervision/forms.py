"""Forms shape what residents and staff typed; the services decide what it means."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from notaries.models import Office

from .models import Opinion, ReturnVisit
from .selectors import SHANGHAI
from .services import MAX_SEED

STAR_CHOICES = [
    (5, _("5 stars — very satisfied")),
    (4, _("4 stars — satisfied")),
    (3, _("3 stars — neither")),
    (2, _("2 stars — dissatisfied")),
    (1, _("1 star — very dissatisfied")),
]
SATISFACTION_CHOICES = [
    (5, _("5 — very satisfied")),
    (4, _("4 — satisfied")),
    (3, _("3 — neither")),
    (2, _("2 — dissatisfied")),
    (1, _("1 — very dissatisfied")),
]
YES_NO = [("yes", pgettext_lazy("answer", "Yes")), ("no", pgettext_lazy("answer", "No"))]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("How satisfied are you with this visit?"),
        choices=STAR_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose from 1 to 5 stars.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class OpinionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What would you like to send?"),
        choices=Opinion.Kind.choices,
        initial=Opinion.Kind.OPINION,
        widget=forms.RadioSelect,
    )
    office = forms.ModelChoiceField(
        label=_("Office (optional)"),
        queryset=Office.objects.none(),
        required=False,
        empty_label=_("No particular office"),
    )
    appointment_reference = forms.CharField(
        label=_("Appointment reference (optional)"),
        required=False,
        max_length=20,
        help_text=_("If it is about one of your appointments, e.g. 20261123-7K3F. Sign in first."),
    )
    text = forms.CharField(
        label=_("Your opinion or complaint"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    contact = forms.CharField(
        label=_("How can we reach you? (optional)"),
        required=False,
        max_length=120,
        help_text=_(
            "A phone number or an e-mail address. If you leave an e-mail address, the answer is "
            "e-mailed to you."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.listed().select_related("district")


class SubjectOpinionForm(forms.Form):
    """An opinion about one consultation request or legal-aid application of the sender's."""

    kind = forms.ChoiceField(
        label=_("What would you like to send?"),
        choices=Opinion.Kind.choices,
        initial=Opinion.Kind.OPINION,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your opinion or complaint"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    contact = forms.CharField(
        label=_("How can we reach you? (optional)"),
        required=False,
        max_length=120,
        help_text=_(
            "A phone number or an e-mail address. If you leave an e-mail address, the answer is "
            "e-mailed to you."
        ),
    )


class OpinionAnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Sent to the sender by e-mail if they left an address, and shown to them."),
    )


class DrawForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    seed = forms.IntegerField(
        label=_("Seed (optional)"),
        required=False,
        min_value=0,
        max_value=MAX_SEED,
        help_text=_(
            "Leave empty to draw with a new random seed. Give the seed of an earlier draw only to "
            "reproduce it for an audit."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate(timezone=SHANGHAI).year - 1})
        super().__init__(*args, **kwargs)


class ReturnVisitForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Result of the call"),
        choices=[
            (ReturnVisit.Status.DONE, _("Reached: survey done")),
            (ReturnVisit.Status.UNREACHABLE, _("Could not be reached")),
        ],
        widget=forms.RadioSelect,
    )
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied was the resident?"),
        choices=SATISFACTION_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    fee_as_quoted = forms.TypedChoiceField(
        label=_("Was the fee as quoted?"),
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    one_visit = forms.TypedChoiceField(
        label=_("Was the resident served in one visit?"),
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("Comments (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, visit: ReturnVisit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # A consultation or legal aid costs nothing and takes no visit: only the satisfaction.
        self.asks_about_fee = visit is None or visit.asks_about_fee
        if not self.asks_about_fee:
            del self.fields["fee_as_quoted"]
            del self.fields["one_visit"]

    @classmethod
    def for_visit(cls, visit: ReturnVisit) -> ReturnVisitForm:
        if visit.status == ReturnVisit.Status.PENDING:
            return cls(visit=visit)
        as_text = {True: "yes", False: "no", None: None}
        return cls(
            visit=visit,
            initial={
                "status": visit.status,
                "satisfaction": visit.satisfaction,
                "fee_as_quoted": as_text[visit.fee_as_quoted],
                "one_visit": as_text[visit.one_visit],
                "comments": visit.comments,
            },
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == ReturnVisit.Status.DONE:
            for name in ("satisfaction", "fee_as_quoted", "one_visit"):
                if name not in self.fields:
                    continue
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Record the resident's answer."))
        return cleaned


class StatisticsForm(forms.Form):
    """Year and month; the office is checked against the user's scope before the form."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("Month"),
        choices=[("", _("Whole year")), *MONTHS.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, data=None, **kwargs):
        today = timezone.localdate(timezone=SHANGHAI)
        data = data.copy() if data is not None else {}
        data.setdefault("year", str(today.year))
        super().__init__(data, **kwargs)
