from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with a message the portal translates itself (Django 5.2's Chinese catalogue
    lacks this one, so residents reading Chinese saw it in English)."""

    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: use at least %(min_length)d character.",
            "This password is too short: use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
