"""Giving a commitment statement (residents) and reporting a false one (office staff)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.permissions import (
    bureau_required,
    get_appointment_for_staff,
    get_appointment_for_user,
    staff_required,
)

from . import errors, forms, selectors, services
from .models import Commitment, CommitmentStatement, FalseCommitmentReport


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


# --- the bureau's decision on a proposal ---------------------------------------------------------


@bureau_required
@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "proposed")
    if status not in (*FalseCommitmentReport.Status.values, "all"):
        status = "proposed"
    return render(
        request,
        "commitments/report_list.html",
        {
            "reports": selectors.reports_for_bureau(status=status),
            "status": status,
            "statuses": FalseCommitmentReport.Status.choices,
        },
    )


def _report_or_404(pk: int) -> FalseCommitmentReport:
    report = selectors.report_for_bureau(pk=pk)
    if report is None:
        raise Http404("No such proposal")
    return report


def _initial_reason(report: FalseCommitmentReport) -> str:
    commitment = report.commitment
    appointment = commitment.appointment
    return _(
        "False commitment statement for “%(item)s” (appointment %(reference)s at %(office)s, "
        "signed %(when)s): %(finding)s"
    ) % {
        "item": commitment.item_name,
        "reference": appointment.reference,
        "office": appointment.office.name,
        "when": timezone.localtime(commitment.given_at).strftime("%Y-%m-%d"),
        "finding": report.finding,
    }


def _report_page(
    request: HttpRequest,
    report: FalseCommitmentReport,
    *,
    enter_form: forms.EnterForm | None = None,
    dismiss_form: forms.DismissForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "commitments/report_detail.html",
        {
            "report": report,
            "commitment": report.commitment,
            "appointment": report.commitment.appointment,
            "enter_form": enter_form
            or forms.EnterForm(
                initial={"reason": _initial_reason(report), "starts_on": timezone.localdate()}
            ),
            "dismiss_form": dismiss_form or forms.DismissForm(),
            "problem": problem,
        },
        status=status,
    )


@bureau_required
@require_safe
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, _report_or_404(pk))


@bureau_required
@require_POST
def report_enter(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(pk)
    form = forms.EnterForm(request.POST)
    if not form.is_valid():
        return _report_page(request, report, enter_form=form, status=400)
    data = form.cleaned_data
    try:
        decided = services.report_enter_in_blacklist(
            report=report,
            by=request.user,
            reason=data["reason"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, field_errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            form.add_error(None, error)
        return _report_page(request, report, enter_form=form, status=400)
    except errors.CommitmentError as error:
        return _report_page(request, report, enter_form=form, problem=str(error), status=400)
    messages.success(request, _("The person is on the blacklist."))
    assert decided.entry is not None
    return redirect("blacklist:detail", pk=decided.entry.pk)


@bureau_required
@require_POST
def report_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(pk)
    form = forms.DismissForm(request.POST)
    if not form.is_valid():
        return _report_page(request, report, dismiss_form=form, status=400)
    try:
        services.report_dismiss(report=report, by=request.user, reason=form.cleaned_data["reason"])
    except errors.CommitmentError as error:
        return _report_page(request, report, dismiss_form=form, problem=str(error), status=400)
    messages.success(request, _("The proposal is dismissed."))
    return redirect("commitments:reports")
