"""Forms for the resident's account: the extra sign-up field and the profile.

Forms shape input and show errors; the rules live in accounts.identity and accounts.services.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .crypto import hash_id_number
from .errors import IdNumberInUse, IdNumberLocked
from .identity import normalise_id_number, normalise_phone
from .models import User
from .selectors import id_number_locked
from .services import (
    CORRECTION_REASON_MAX_LENGTH,
    REAL_NAME_MAX_LENGTH,
    resident_id_number_correct,
    resident_phone_update,
    resident_profile_update,
)

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


ID_NUMBER_LABEL = _("Resident identity number")


def _id_number_field(*, label=ID_NUMBER_LABEL) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=40,
        help_text=_("18 characters; the last one may be the letter X."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class ProfileForm(forms.Form):
    """The resident's real name, mobile phone and identity number.

    The stored identity number and phone are never put back into the page: the fields start empty
    with the masked value as a hint, and leaving them empty keeps what is stored.

    Once the resident has booked, the number is locked (`id_number_locked`): the form has no
    number field and the page shows the masked number with the explanation. A number posted
    anyway (an old tab, a hand-made request) is refused with that explanation, not ignored, so
    the resident is never told a change was saved that was not.
    """

    real_name = forms.CharField(
        label=_("Real name"),
        max_length=REAL_NAME_MAX_LENGTH,
        help_text=_("Your name exactly as it appears on your resident identity card."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = _phone_field()
    id_number = _id_number_field()

    def __init__(self, *args, user: User, **kwargs) -> None:
        self.user = user
        kwargs.setdefault("initial", {"real_name": user.real_name})
        super().__init__(*args, **kwargs)
        self.id_number_locked = id_number_locked(user=user)
        self.id_number_locked_message = IdNumberLocked.message
        if self.id_number_locked:
            del self.fields["id_number"]
        if user.phone:
            self.fields["phone"].required = False
            self.fields["phone"].help_text = _(
                "On file: %(masked)s. Leave empty to keep it, or enter a new 11-digit number."
            ) % {"masked": user.phone_masked}
        if user.id_number_hash and not self.id_number_locked:
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

    def clean(self):
        cleaned = super().clean()
        if self.id_number_locked:
            posted = (self.data.get("id_number") or "").strip()
            if posted and not self._is_the_number_on_file(posted):
                self.add_error(None, str(IdNumberLocked.message))
        return cleaned

    def _is_the_number_on_file(self, raw: str) -> bool:
        try:
            return hash_id_number(normalise_id_number(raw)) == self.user.id_number_hash
        except ValidationError:
            return False

    def save(self) -> User | None:
        """Save through the service; on a refusal add the error to the form and return None."""
        data = self.cleaned_data
        number_field = "id_number" if "id_number" in self.fields else None
        try:
            return resident_profile_update(
                user=self.user,
                real_name=data["real_name"],
                phone=data["phone"] or self.user.phone,
                id_number=data.get("id_number") or self.user.id_number,
            )
        except IdNumberInUse as exc:
            self.add_error(number_field, str(exc))
        except IdNumberLocked as exc:
            # The resident's first booking committed after this form was built.
            self.add_error(number_field, str(exc))
        except ValidationError as exc:
            self.add_error(None, exc)
        return None


class IdentityNumberCorrectionForm(forms.Form):
    """Office staff correct a resident's identity number at the counter, with the reason."""

    id_number = _id_number_field(label=_("Identity number on the identity card"))
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=CORRECTION_REASON_MAX_LENGTH,
        help_text=_(
            "What was wrong and what you checked, for example: two digits swapped online; "
            "identity card seen at the counter."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, resident: User, by: User, **kwargs) -> None:
        self.resident = resident
        self.by = by
        super().__init__(*args, **kwargs)

    def save(self) -> User | None:
        """Correct through the service; on a refusal add the error to the form and return None."""
        try:
            return resident_id_number_correct(
                resident=self.resident,
                id_number=self.cleaned_data["id_number"],
                by=self.by,
                reason=self.cleaned_data["reason"],
            )
        except IdNumberInUse:
            # The resident-facing message tells them to sign in elsewhere; staff need the fact.
            self.add_error(
                "id_number",
                _(
                    "This identity number is registered to another account. The same person "
                    "cannot hold two accounts: ask the bureau to look into it."
                ),
            )
        except ValidationError as exc:
            self.add_error(None, exc)
        return None


class SmsSignInStartForm(forms.Form):
    """The identity number and the mobile phone number on record, to receive a sign-in code."""

    id_number = _id_number_field()
    phone = _phone_field(help_text=_("The mobile phone number on record for your account."))

    def clean_id_number(self) -> str:
        return normalise_id_number(self.cleaned_data["id_number"])

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])


class SmsSignInCodeForm(forms.Form):
    code = forms.CharField(
        label=_("The 6-digit code from the text message"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class EmailSignInAddForm(forms.Form):
    """An e-mail address and a password for an account claimed by code (optional)."""

    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return cleaned
