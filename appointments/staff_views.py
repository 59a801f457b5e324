"""The counter: check-in, completion and no-shows; the final fee and claimed exemptions.

Scoped like every staff page: an appointment of another office is a 404."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import get_appointment_for_staff, staff_required

from . import acting, errors, services
from .forms import ChangeForResidentForm
from .models import AppointmentEvent, ExemptionClaim


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


# --- status changes -------------------------------------------------------------------------------


def _back(request, appointment):
    """Back where the clerk pressed the button (the agenda, or the appointment's page)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("staff:appointment", reference=appointment.reference)


def _status_action(service, done: str):
    """A POST-only status change of one appointment in the user's scope. The scope is checked
    before the method, so another office's appointment is a 404 whatever the method."""

    @staff_required
    def view(request, reference: str):
        appointment = get_appointment_for_staff(user=request.user, reference=reference)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            service(appointment=appointment, by=request.user)
        except errors.BookingError as error:
            messages.error(request, f"{appointment.reference}: {error}")
        else:
            messages.success(request, done % {"reference": appointment.reference})
        return _back(request, appointment)

    return view


check_in = _status_action(services.appointment_check_in, gettext_lazy("%(reference)s: checked in."))
no_show = _status_action(
    services.appointment_mark_no_show, gettext_lazy("%(reference)s: marked as not come.")
)
complete = _status_action(services.appointment_complete, gettext_lazy("%(reference)s: completed."))


# --- cancelling and moving for the resident ------------------------------------------------


def _counter_desk(request, appointment) -> acting.Desk:
    return acting.Desk(
        channel=AppointmentEvent.Channel.COUNTER,
        form_class=ChangeForResidentForm,
        back_url=reverse("staff:appointment", args=[appointment.reference]),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def cancel_for_resident(request, reference: str):
    """The office cancels one of its appointments (booked or checked in), with a reason the
    resident reads in the notice."""
    appointment = get_appointment_for_staff(user=request.user, reference=reference)
    return acting.cancel_page(
        request, appointment=appointment, desk=_counter_desk(request, appointment)
    )


@staff_required
@require_http_methods(["GET", "POST"])
def reschedule_for_resident(request, reference: str):
    """The office moves one of its booked appointments to another free time, with a reason."""
    appointment = get_appointment_for_staff(user=request.user, reference=reference)
    return acting.reschedule_page(
        request, appointment=appointment, desk=_counter_desk(request, appointment)
    )
