"""Who may see which office's work. Look-ups outside a user's scope are a 404, never a 403."""

from __future__ import annotations

from django.db.models import QuerySet

from notaries.models import Office


def offices_for_staff(user) -> QuerySet[Office]:
    """The offices whose appointments and cases `user` may work on: all for a bureau admin, their
    own for office staff, none for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return Office.objects.none()
    if user.is_bureau_admin:
        return Office.objects.all()
    if user.is_office_staff:
        return Office.objects.filter(pk=user.office_id)
    return Office.objects.none()


def is_staff_member(user) -> bool:
    return getattr(user, "is_authenticated", False) and (
        user.is_bureau_admin or user.is_office_staff
    )
