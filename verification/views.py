"""The resident's consent to an online check of one checklist item."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import get_appointment_for_user

from . import errors, forms, selectors, services
from .models import Verification


@login_required
@require_http_methods(["GET", "POST"])
def verification_consent(request: HttpRequest, reference: str, material_id: int) -> HttpResponse:
    appointment = get_appointment_for_user(user=request.user, reference=reference)
    item = selectors.verifiable_item(appointment=appointment, material_id=material_id)
    if item is None:
        raise Http404("This item cannot be verified online")
    check = selectors.checks_for(appointment=appointment).for_item(item.pk)
    form = forms.ConsentForm(request.POST if request.method == "POST" else None)
    problem = ""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = services.verification_request(
                    appointment=appointment, material_id=item.pk, by=request.user
                )
            except errors.VerificationError as error:
                problem = str(error)
            else:
                if result.answer == Verification.Answer.VERIFIED:
                    messages.success(
                        request,
                        _("Verified online: you need not bring “%(item)s”.") % {"item": item.name},
                    )
                elif result.answer == Verification.Answer.NOT_CONFIRMED:
                    messages.warning(
                        request,
                        _("The registry could not confirm “%(item)s”: please bring it.")
                        % {"item": item.name},
                    )
                else:
                    messages.warning(
                        request,
                        _(
                            "The online check is not available at the moment: please bring "
                            "“%(item)s”, or try again later."
                        )
                        % {"item": item.name},
                    )
                return redirect("appointments:detail", reference=appointment.reference)
    return render(
        request,
        "verification/consent.html",
        {
            "appointment": appointment,
            "item": item,
            "check": check,
            "form": form,
            "problem": problem,
        },
        status=status,
    )
