from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .forms import IdentityNumberCorrectionForm, ProfileForm
from .permissions import get_appointment_for_staff, staff_required
from .selectors import identity_number_history


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


@staff_required
@require_http_methods(["GET", "POST"])
@never_cache
def staff_identity_correct(request: HttpRequest, reference: str) -> HttpResponse:
    """Office staff correct the identity number of the appointment's account holder after
    checking the identity card at the counter; the only way to change a number once the
    resident has booked."""
    # Another office's appointment (or none) is a 404, whoever asks.
    appointment = get_appointment_for_staff(user=request.user, reference=reference)
    resident = appointment.resident
    status = 200
    if request.method == "POST":
        form = IdentityNumberCorrectionForm(request.POST, resident=resident, by=request.user)
        if form.is_valid() and form.save() is not None:
            messages.success(request, _("The identity number has been corrected and recorded."))
            return redirect("staff:appointment", reference=appointment.reference)
        status = 400
    else:
        form = IdentityNumberCorrectionForm(resident=resident, by=request.user)
    return render(
        request,
        "accounts/staff_identity_correct.html",
        {
            "appointment": appointment,
            "resident": resident,
            "form": form,
            "history": identity_number_history(user=resident),
        },
        status=status,
    )
