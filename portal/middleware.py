"""The portal's own middleware: malformed requests and wrong methods are refused before anything
reads them; pages with personal data are kept out of caches; office staff, hotline operators,
legal-aid staff and bureau admins must set up a second factor (with REQUIRE_STAFF_MFA on, as in
production)."""

from __future__ import annotations

import codecs
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import (
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    JsonResponse,
    UnreadablePostError,
)
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

ALWAYS_ALLOWED = ("/accounts/", "/static/", "/i18n/", "/healthz")
PRIVILEGED_ROLES = {"office_staff", "bureau_admin", "hotline_operator", "legal_aid_staff"}


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


# Every page of the portal is read with GET (or HEAD, OPTIONS) and written with POST; the API is
# read-only. PUT, PATCH, DELETE and the rest mean nothing here, whatever the view.
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS", "POST")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RejectMalformedRequestMiddleware:
    """Refuse what cannot be read before anything reads it: a method the portal does not use
    (405), and a request whose text cannot be decoded or holds a NUL (400, in the visitor's
    language).

    Placed before CsrfViewMiddleware, which reads the form. Django raises on a form in a charset
    it refuses, and its own 400 page (decorated to read the CSRF token, so reading the form again)
    raises once more, which ends in a 500. A NUL is refused because PostgreSQL refuses it in text
    and JSON values; undecodable bytes because Django would store them as U+FFFD, silently."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return _method_not_allowed(request)
        problem = _unreadable(request)
        if problem:
            return _bad_request(request, problem)
        return self.get_response(request)


def _unreadable(request) -> str:
    """Why the request cannot be read (the API's error detail), or "" when it can."""
    charset = (request.content_params or {}).get("charset")
    if charset is not None:
        try:
            codec = codecs.lookup(charset).name
        except LookupError:
            return "Unknown character set."
        if request.content_type in _FORM_TYPES:
            if codec != "utf-8":
                return "Forms must be sent in UTF-8."
            # "UTF8" or "utf_8" is UTF-8 too, though Django refuses any spelling but "utf-8".
            request.encoding = "utf-8"
    if "\x00" in request.path or _has_nul(request.GET):
        return "NUL characters are not allowed."
    if request.method != "POST":
        return ""
    try:
        if request.content_type == "application/x-www-form-urlencoded" and not _is_utf8_form(
            request.body
        ):
            return "The form is not valid UTF-8."
        if _has_nul(request.POST):
            return "NUL characters are not allowed."
    except (BadRequest, SuspiciousOperation, MultiPartParserError, UnreadablePostError):
        # Too large, too many fields, a broken multipart body, a client gone mid-upload.
        return "The request body cannot be read."
    return ""


def _is_utf8_form(body: bytes) -> bool:
    # Percent-decoding the whole body at once is enough: "&" and "=" are ASCII, so they can
    # neither complete nor hide a broken multi-byte sequence on either side of them.
    try:
        unquote_to_bytes(body.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in data.getlist(key)) for key in data)


def _method_not_allowed(request):
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": "method_not_allowed", "detail": "The API is read-only: use GET."},
            status=405,
        )
        response["Allow"] = "GET, HEAD, OPTIONS"
        return response
    return HttpResponseNotAllowed(ALLOWED_METHODS)


def _bad_request(request, detail: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "bad_request", "detail": detail}, status=400)
    # LocaleMiddleware has not run yet: the language comes from the same cookie and
    # Accept-Language header it would read.
    language = translation.get_language_from_request(request)
    with translation.override(language):
        page = render_to_string("400.html", request=request)
    response = HttpResponseBadRequest(page, content_type="text/html; charset=utf-8")
    response["Content-Language"] = language
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


# Areas where every page is about someone: even the sign-in redirect an anonymous visitor gets
# there is kept out of caches, so no future page of the area can slip into one.
PRIVATE_PREFIXES = ("/appointments/", "/accounts/", "/staff/", "/bureau/", "/hotline/", "/admin/")
# Open data and static files carry nothing personal, whoever asks: they keep their caching.
PUBLIC_PREFIXES = ("/api/", "/static/")


class PrivateCacheControlMiddleware:
    """`Cache-Control: private, no-store` on every response that may carry personal data: any
    page in a private area and any page shown to a signed-in user (a public page shows their
    name in the menu). A shared proxy must not keep it for the next visitor, nor a browser on a
    library computer for the next user. Public pages seen anonymously keep their caching.

    Sits after AuthenticationMiddleware (it needs request.user) so that it sees every response,
    the MFA redirect and CSRF refusals included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(PUBLIC_PREFIXES):
            return response
        if request.path.startswith(PRIVATE_PREFIXES) or request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ("Cookie",))
        return response
