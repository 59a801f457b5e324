"""The portal's user: one table for residents, office staff, bureau admins and hotline operators.

Everyone signs in with their e-mail address (django-allauth), which is unique regardless of
case; the username column is filled by allauth and used by nobody.

Residents also keep a profile (real name, mobile phone, resident identity number) that bookings
need. The identity number is never stored in clear: see accounts/crypto.py. Profile changes go
through accounts.services.resident_profile_update, which validates and keeps the hash unique.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .crypto import decrypt_id_number
from .identity import mask_id_number, mask_phone, validate_phone


class PortalUserManager(UserManager["User"]):
    def create_superuser(self, username, email=None, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("role", User.Role.BUREAU_ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    class Role(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        OFFICE_STAFF = "office_staff", _("Office staff")
        BUREAU_ADMIN = "bureau_admin", _("Bureau admin")
        HOTLINE_OPERATOR = "hotline_operator", _("Hotline operator")

    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.RESIDENT)
    # Office staff belong to one office and see nothing of any other.
    office = models.ForeignKey(
        "notaries.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("office"),
        help_text=_("Required for office staff: the one office they work for."),
    )

    # Resident profile. Every column is blank or null so that accounts created before the
    # profile existed (and staff, who need none) stay valid.
    phone = models.CharField(
        _("mobile phone number"), max_length=11, blank=True, validators=[validate_phone]
    )
    real_name = models.CharField(_("real name"), max_length=60, blank=True)
    # Fernet token of the normalised number; read it through `id_number`.
    id_number_encrypted = models.TextField(
        _("resident identity number (encrypted)"), blank=True, editable=False
    )
    # HMAC of the number, for look-ups and uniqueness without decrypting. NULL, not "", when no
    # number is stored, so that the unique constraint ignores those accounts.
    id_number_hash = models.CharField(  # noqa: DJ001 (NULL, see above)
        _("resident identity number (keyed hash)"),
        max_length=64,
        null=True,
        blank=True,
        editable=False,
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True, editable=False)

    objects = PortalUserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Accounts the hotline opens for callers have no e-mail address; only real addresses
            # must be unique.
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_email_unique_ci"
            ),
            # One person, one account: bookings and the blacklist are tied to the number.
            models.UniqueConstraint(fields=["id_number_hash"], name="user_id_number_hash_unique"),
            models.CheckConstraint(
                condition=~models.Q(role="office_staff") | models.Q(office__isnull=False),
                name="user_office_staff_has_office",
                violation_error_message=_("Office staff must belong to an office."),
            ),
        ]

    def __str__(self) -> str:
        return self.email or self.username

    @property
    def is_office_staff(self) -> bool:
        return self.is_active and self.role == self.Role.OFFICE_STAFF and self.office_id is not None

    @property
    def is_bureau_admin(self) -> bool:
        return self.is_active and self.role == self.Role.BUREAU_ADMIN

    @property
    def id_number(self) -> str:
        """The decrypted identity number, or "" if none is stored. Never put it in a page."""
        return decrypt_id_number(self.id_number_encrypted)

    @property
    def id_number_masked(self) -> str:
        """`110105********1234`, or "" if none is stored."""
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        """`138****5678`, or "" if none is stored."""
        return mask_phone(self.phone)

    @property
    def has_complete_profile(self) -> bool:
        """Whether the details a booking needs are all there (checked without decrypting)."""
        return bool(self.real_name and self.phone and self.id_number_hash)

    def age_on(self, date: datetime.date) -> int | None:
        """Age in completed years on `date` (e.g. the appointment day), or None if unknown.

        The birthday itself counts; someone born on 29 February turns a year older on 1 March in
        common years.
        """
        if self.birth_date is None:
            return None
        born = self.birth_date
        return date.year - born.year - ((date.month, date.day) < (born.month, born.day))
