"""Signing in with a code by text message (`/accounts/sms/...`): for accounts the 12348 hotline
opened, and for anyone who chose to keep signing in this way. The rules are in sms_sign_in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.ratelimit import RateLimited, rate_limit_consume

from . import sms_sign_in
from .forms import EmailSignInAddForm, SmsSignInCodeForm, SmsSignInStartForm

SESSION_KEY = "accounts:sms_sign_in"
BACKEND = "django.contrib.auth.backends.ModelBackend"


@never_cache
@require_http_methods(["GET", "POST"])
def sms_start(request: HttpRequest) -> HttpResponse:
    form = SmsSignInStartForm(request.POST or None)
    problem = None
    if request.method == "POST" and form.is_valid():
        try:
            rate_limit_consume(request, action="sms_code")
        except RateLimited as error:
            problem = error
        else:
            code_id = sms_sign_in.sign_in_code_send(
                id_number=form.cleaned_data["id_number"], phone=form.cleaned_data["phone"]
            )
            # Remembered whether or not a code went out: the next page behaves the same.
            request.session[SESSION_KEY] = code_id or 0
            return redirect("accounts:sms_code")
    status = 429 if problem else (400 if form.is_bound else 200)
    return render(
        request, "accounts/sms_start.html", {"form": form, "problem": problem}, status=status
    )


@never_cache
@require_http_methods(["GET", "POST"])
def sms_code(request: HttpRequest) -> HttpResponse:
    if SESSION_KEY not in request.session:
        return redirect("accounts:sms_start")
    form = SmsSignInCodeForm(request.POST or None)
    problem = None
    if request.method == "POST" and form.is_valid():
        try:
            rate_limit_consume(request, action="sms_code_check")
        except RateLimited as error:
            problem = error
        else:
            user = sms_sign_in.sign_in_code_check(
                code_id=request.session.get(SESSION_KEY), code=form.cleaned_data["code"]
            )
            if user is not None:
                login(request, user, backend=BACKEND)  # a new session: the key goes with it
                request.session.pop(SESSION_KEY, None)
                messages.success(request, _("You are signed in."))
                return redirect("accounts:sms_finish")
            problem = _(
                "This code is wrong or no longer valid. Check the text message, or ask for a "
                "new code."
            )
    if problem:
        status = 429 if isinstance(problem, RateLimited) else 400
    else:
        status = 400 if form.is_bound else 200
    return render(
        request, "accounts/sms_code.html", {"form": form, "problem": problem}, status=status
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def sms_finish(request: HttpRequest) -> HttpResponse:
    """After a code sign-in: add an e-mail address and password, or keep signing in by code."""
    if sms_sign_in.has_email_sign_in(request.user):
        return redirect("appointments:list")
    form = EmailSignInAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sms_sign_in.email_sign_in_add(
                request=request,
                user=request.user,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            for field, problems in error.error_dict.items():
                for problem in problems:
                    form.add_error(field, problem)
        else:
            # The password changed: keep this session signed in.
            update_session_auth_hash(request, request.user)
            messages.success(
                request,
                _(
                    "We have sent a link to confirm your e-mail address. Once confirmed, sign in "
                    "with it and your password."
                ),
            )
            return redirect("appointments:list")
    return render(
        request,
        "accounts/sms_finish.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
