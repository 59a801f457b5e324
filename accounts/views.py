from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import ProfileForm


def _safe_next(request: HttpRequest) -> str:
    """The `next` address if it stays on this site (the booking wizard sends residents here and
    wants them back); anything else is dropped so the page cannot be used as an open redirect."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: `redirect()` would read a bare word as a URL pattern name.
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if request.method == "POST":
        form = ProfileForm(request.POST, user=request.user)
        if form.is_valid() and form.save() is not None:
            messages.success(request, _("Your details have been saved."))
            return redirect(next_url or "accounts:profile")
    else:
        form = ProfileForm(user=request.user)
    return render(request, "accounts/profile.html", {"form": form, "next_url": next_url})
