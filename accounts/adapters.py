from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Everyone who signs up on the public site is a resident.

    Staff, bureau and hotline roles are given in the admin, never by signing up.
    """

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.role = user.Role.RESIDENT
        if commit:
            user.save()
        return user
