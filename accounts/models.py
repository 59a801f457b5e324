"""The portal's user: one table for residents, office staff, bureau admins and hotline operators.

Everyone signs in with their e-mail address (django-allauth), which is unique regardless of
case; the username column is filled by allauth and used by nobody.

Residents also keep a profile (real name, mobile phone, resident identity number) that bookings
need. The identity number is never stored in clear: see accounts/crypto.py. Profile changes go
through accounts.services.resident_profile_update, which validates and keeps the hash unique.
Every number an account has ever held is kept in IdentityNumberRecord, so that the blacklist still
knows a person after their number was changed.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
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
        LEGAL_AID_STAFF = "legal_aid_staff", _("Legal-aid centre staff")

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
    # Legal-aid centre staff likewise belong to one centre (the legalaid app is above accounts:
    # the key names it as a string and accounts never imports it).
    legal_aid_centre = models.ForeignKey(
        "legalaid.LegalAidCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("legal-aid centre"),
        help_text=_("Required for legal-aid staff: the one centre they work for."),
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
            models.CheckConstraint(
                condition=~models.Q(role="legal_aid_staff")
                | models.Q(legal_aid_centre__isnull=False),
                name="user_legal_aid_staff_has_centre",
                violation_error_message=_("Legal-aid staff must belong to a legal-aid centre."),
            ),
        ]

    def __str__(self) -> str:
        return self.email or self.username

    @property
    def is_office_staff(self) -> bool:
        return self.is_active and self.role == self.Role.OFFICE_STAFF and self.office_id is not None

    @property
    def is_legal_aid_staff(self) -> bool:
        return (
            self.is_active
            and self.role == self.Role.LEGAL_AID_STAFF
            and self.legal_aid_centre_id is not None
        )

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


class IdentityNumberRecordQuerySet(models.QuerySet["IdentityNumberRecord"]):
    def held_by(self, user_ids) -> IdentityNumberRecordQuerySet:
        """The records of the accounts `user_ids` (ids, or a subquery of ids)."""
        return self.filter(user_id__in=user_ids)


class IdentityNumberRecord(models.Model):
    """One identity number an account held from `set_at`: the history of the account's numbers.

    Rows are only ever added, in the same transaction as the change to the account. The blacklist
    matches every number in it: a person listed under one number cannot book again by typing
    another into their profile. Like the account, it keeps only the keyed hash and the masked
    number, never the clear number.
    """

    class Kind(models.TextChoices):
        INITIAL = "initial", _("On file when the history began")
        RESIDENT = "resident", _("Entered by the resident")
        COUNTER = "counter", _("Corrected at the counter")
        HOTLINE = "hotline", _("Entered by the hotline")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # The history describes the account and means nothing without it. An account that has
        # booked cannot be deleted anyway (appointments protect it).
        on_delete=models.CASCADE,
        related_name="identity_numbers",
        verbose_name=_("account"),
    )
    id_number_hash = models.CharField(
        _("resident identity number (keyed hash)"), max_length=64, editable=False
    )
    id_number_masked = models.CharField(
        _("resident identity number (masked)"), max_length=18, blank=True, editable=False
    )
    kind = models.CharField(_("how it was set"), max_length=10, choices=Kind.choices)
    set_at = models.DateTimeField(_("set at"), default=timezone.now)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    reason = models.TextField(_("reason"), max_length=1000, blank=True)

    objects = IdentityNumberRecordQuerySet.as_manager()

    class Meta:
        ordering = ["set_at", "id"]
        verbose_name = _("identity number record")
        verbose_name_plural = _("identity number records")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["initial", "resident", "counter", "hotline"]),
                name="identity_number_record_kind_valid",
            ),
            # A counter correction overrides what the resident entered: it must say who made it
            # and on what grounds.
            models.CheckConstraint(
                condition=~models.Q(kind="counter")
                | (models.Q(set_by__isnull=False) & ~models.Q(reason="")),
                name="identity_number_record_counter_has_author_and_reason",
            ),
        ]
        indexes = [
            # The blacklist asks "which accounts ever held this number?" and "which numbers did
            # these accounts hold?".
            models.Index(fields=["id_number_hash"], name="id_number_record_hash_idx"),
            models.Index(fields=["user", "set_at"], name="id_number_record_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.id_number_masked} ({self.kind})"


class SignInCode(models.Model):
    """A one-time code sent by text message to sign in to an account without an e-mail sign-in
    (one the 12348 hotline opened for a caller, or whose owner chose to keep signing in by SMS).

    Only a keyed hash of the code is stored. A code is good for `expires_at`, for one sign-in,
    and for a few tries: every wrong try is counted on the row (under its lock), and at the limit
    the code is dead even for the right digits."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sign_in_codes",
        verbose_name=_("account"),
    )
    code_hash = models.CharField(_("code (keyed hash)"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")
        indexes = [models.Index(fields=["user", "created_at"], name="sign_in_code_user_created")]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
