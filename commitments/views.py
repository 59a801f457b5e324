"""Giving a commitment statement (residents) and reporting a false one (office staff)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import get_appointment_for_staff, get_appointment_for_user, staff_required

from . import errors, forms, selectors, services
from .models import Commitment, CommitmentStatement


@login_required
@require_http_methods(["GET", "POST"])
def commitment_give(request: HttpRequest, reference: str, material_id: int) -> HttpResponse:
    """Step 1: read the statement, sign with the real name; step 2: confirm; then recorded."""
    appointment = get_appointment_for_user(user=request.user, reference=reference)
    item = selectors.allowed_item(appointment=appointment, material_id=material_id)
    if item is None:
        raise Http404("No commitment for this item")
    given = selectors.commitments_by_item(appointment=appointment).get(item.pk)
    statement = selectors.current_statement()
    form = forms.CommitmentForm(
        request.POST or None, initial={"version": statement.version if statement else 1}
    )
    confirming = False
    problem = ""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            chosen = CommitmentStatement.objects.filter(
                version=form.cleaned_data["version"]
            ).first()
            if chosen is None:
                problem = str(errors.NoStatement.message)
            elif "confirm" not in request.POST:
                confirming, status, statement = True, 200, chosen
            else:
                try:
                    services.commitment_give(
                        appointment=appointment,
                        material_id=item.pk,
                        statement=chosen,
                        real_name=form.cleaned_data["real_name"],
                        by=request.user,
                    )
                except errors.CommitmentError as error:
                    problem = str(error)
                else:
                    messages.success(request, _("Your commitment is recorded."))
                    return redirect("appointments:detail", reference=appointment.reference)
    return render(
        request,
        "commitments/give.html",
        {
            "appointment": appointment,
            "item": item,
            "given": given,
            "statement": statement,
            "form": form,
            "confirming": confirming,
            "problem": problem,
        },
        status=status,
    )


@staff_required
@require_POST
def commitment_report(request: HttpRequest, reference: str, commitment_id: int) -> HttpResponse:
    appointment = get_appointment_for_staff(user=request.user, reference=reference)
    commitment = Commitment.objects.filter(pk=commitment_id, appointment=appointment).first()
    if commitment is None:
        raise Http404("No such commitment")
    form = forms.ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what was found at the counter."))
    else:
        try:
            services.commitment_report_false(
                commitment=commitment, by=request.user, finding=form.cleaned_data["finding"]
            )
        except (errors.CommitmentError, ValueError) as error:
            messages.error(request, str(error) or _("Say what was found at the counter."))
        else:
            messages.success(request, _("Reported to the bureau as a blacklist proposal."))
    return redirect("staff:appointment", reference=appointment.reference)
