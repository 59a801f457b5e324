from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from portal.client_ip import client_ip


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

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's rate limits count per this address: behind the proxy it must be the client's,
        # not the proxy's (one address for the whole city), read as the portal's own limits do.
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip
