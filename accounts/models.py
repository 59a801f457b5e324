"""The portal's user: one table for residents, office staff, bureau admins and hotline operators.

Everyone signs in with their e-mail address (django-allauth), which is unique regardless of
case; the username column is filled by allauth and used by nobody.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


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

    objects = PortalUserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.email or self.username
