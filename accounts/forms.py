"""Forms for the resident's account: the extra sign-up field and the profile.

Forms shape input and show errors; the rules live in accounts.identity and accounts.services.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .errors import IdNumberInUse
from .identity import normalise_id_number, normalise_phone
from .models import User
from .services import REAL_NAME_MAX_LENGTH, resident_phone_update, resident_profile_update

PHONE_HELP = _(
    "11 digits, for example 13800138000. The notary office uses it to contact you about your "
    "appointments."
)


def _phone_field(*, required: bool = True, help_text=PHONE_HELP) -> forms.CharField:
    return forms.CharField(
        label=_("Mobile phone number"),
        required=required,
        max_length=20,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "tel-national", "inputmode": "tel"}),
    )


class SignupForm(forms.Form):
    """allauth builds its sign-up form on top of this one (ACCOUNT_SIGNUP_FORM_CLASS)."""

    field_order = ["email", "phone", "password1", "password2"]

    phone = _phone_field()

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def signup(self, request, user: User) -> None:
        # allauth has saved the user already; this only adds the phone number.
        resident_phone_update(user=user, phone=self.cleaned_data["phone"])


class ProfileForm(forms.Form):
    """The resident's real name, mobile phone and identity number.

    The stored identity number and phone are never put back into the page: the fields start empty
    with the masked value as a hint, and leaving them empty keeps what is stored.
    """

    real_name = forms.CharField(
        label=_("Real name"),
        max_length=REAL_NAME_MAX_LENGTH,
        help_text=_("Your name exactly as it appears on your resident identity card."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = _phone_field()
    id_number = forms.CharField(
        label=_("Resident identity number"),
        max_length=40,
        help_text=_("18 characters; the last one may be the letter X."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        self.user = user
        kwargs.setdefault("initial", {"real_name": user.real_name})
        super().__init__(*args, **kwargs)
        if user.phone:
            self.fields["phone"].required = False
            self.fields["phone"].help_text = _(
                "On file: %(masked)s. Leave empty to keep it, or enter a new 11-digit number."
            ) % {"masked": user.phone_masked}
        if user.id_number_hash:
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = _(
                "On file: %(masked)s. Leave empty to keep it, or enter the full number to "
                "change it."
            ) % {"masked": user.id_number_masked}

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        return normalise_phone(phone) if phone else ""

    def clean_id_number(self) -> str:
        id_number = self.cleaned_data["id_number"]
        return normalise_id_number(id_number) if id_number else ""

    def save(self) -> User | None:
        """Save through the service; on a refusal add the error to the form and return None."""
        data = self.cleaned_data
        try:
            return resident_profile_update(
                user=self.user,
                real_name=data["real_name"],
                phone=data["phone"] or self.user.phone,
                id_number=data["id_number"] or self.user.id_number,
            )
        except IdNumberInUse as exc:
            self.add_error("id_number", str(exc))
        except ValidationError as exc:
            self.add_error(None, exc)
        return None
