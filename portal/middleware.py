"""Office staff, hotline operators and bureau admins work on residents' personal data: with
REQUIRE_STAFF_MFA on (production), they must set up a second factor before anything else."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string

ALWAYS_ALLOWED = ("/accounts/", "/static/", "/i18n/", "/healthz")
PRIVILEGED_ROLES = {"office_staff", "bureau_admin", "hotline_operator"}


def needs_mfa(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role not in PRIVILEGED_ROLES and not user.is_staff:
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffMfaRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.REQUIRE_STAFF_MFA
            and not request.path.startswith(ALWAYS_ALLOWED)
            and needs_mfa(request.user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class RejectNulMiddleware:
    """A NUL character has no place in an address or a form; PostgreSQL refuses it in text and
    JSON values, so a request carrying one is answered 400 before it reaches a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or _has_nul(request.GET)
            or (request.method == "POST" and _has_nul(request.POST))
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": "bad_request", "detail": "NUL characters are not allowed."},
                    status=400,
                )
            return HttpResponseBadRequest(
                render_to_string("400.html", request=request), content_type="text/html"
            )
        return self.get_response(request)


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in data.getlist(key)) for key in data)
