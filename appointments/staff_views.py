"""The fee at the counter: staff record the final fee and decide claimed exemptions.

Scoped like every staff page: an appointment of another office is a 404."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework.selectors import get_appointment_for_staff
from casework.views import staff_required

from . import errors, services
from .models import ExemptionClaim


@staff_required
@require_POST
def fee_record(request, reference: str):
    appointment = get_appointment_for_staff(user=request.user, reference=reference)
    try:
        amount = Decimal(request.POST.get("amount", "").strip().replace(",", "")[:20])
        if not amount.is_finite():
            raise InvalidOperation
        services.fee_record_final(
            appointment=appointment,
            by=request.user,
            amount=amount,
            note=request.POST.get("note", ""),
        )
    except (InvalidOperation, errors.BookingError):
        messages.error(request, _("Enter the fee charged in yuan, e.g. 200 or 200.00."))
    else:
        messages.success(request, _("The final fee is recorded."))
    return redirect("staff:appointment", reference=appointment.reference)


@staff_required
@require_POST
def exemption_decide(request, reference: str, claim_id: int):
    appointment = get_appointment_for_staff(user=request.user, reference=reference)
    claim = get_object_or_404(ExemptionClaim, pk=claim_id, appointment=appointment)
    decision = request.POST.get("decision")
    if decision not in {"confirm", "reject"}:
        messages.error(request, _("Choose to confirm or reject the exemption."))
        return redirect("staff:appointment", reference=appointment.reference)
    try:
        services.exemption_decide(
            claim=claim,
            by=request.user,
            confirm=decision == "confirm",
            reason=request.POST.get("reason", ""),
        )
    except errors.DecisionInvalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The decision is recorded and shown to the resident."))
    return redirect("staff:appointment", reference=appointment.reference)
