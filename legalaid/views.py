"""Public pages of legal aid: what it is, who qualifies and how to apply, and one guidance page
per kind of case. Plain pages, no JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.permissions import (
    get_legal_aid_application_for_staff,
    get_legal_aid_application_for_user,
    legal_aid_staff_required,
)
from casework.errors import UploadRejected
from casework.models import EXTENSION_FOR_KIND, FileKind
from portal.ratelimit import RateLimited, rate_limit_consume

from . import forms, selectors, services
from .errors import LegalAidError
from .models import Application, SpecialGroup


@require_safe
def legal_aid_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "legalaid/legal_aid_home.html",
        {
            "case_kinds": selectors.case_kinds_published(),
            "groups": SpecialGroup.choices,
            "standard": selectors.hardship_standard_current(),
            "centres": selectors.legal_aid_centres_listed(),
        },
    )


@require_safe
def case_kind_detail(request: HttpRequest, slug: str) -> HttpResponse:
    kind = selectors.case_kind_get(slug=slug)
    return render(
        request,
        "legalaid/case_kind_detail.html",
        {
            "kind": kind,
            "groups": SpecialGroup.choices,
            "standard": selectors.hardship_standard_current(),
        },
    )


# --- applications -------------------------------------------------------------------------------


@login_required
def application_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Apply for legal aid for one kind of case: the form, the scans of its document list,
    consent. Nothing is stored unless everything is (a refused scan keeps the typed input)."""
    kind = selectors.case_kind_get(slug=slug)
    initial = {}
    if request.user.real_name:
        initial = {"applicant_name": request.user.real_name, "applicant_phone": request.user.phone}
    form = forms.ApplicationForm(
        request.POST or None, request.FILES or None, case_kind=kind, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            rate_limit_consume(request, action="legal_aid_application")
        except RateLimited:
            form.add_error(None, _("Too many applications from here. Please try again later."))
            return render(
                request, "legalaid/application_form.html", {"form": form, "kind": kind}, status=429
            )
        data = form.cleaned_data
        try:
            application = services.application_submit(
                applicant=request.user,
                centre=data["centre"],
                case_kind=kind,
                applicant_name=data["applicant_name"],
                applicant_phone=data["applicant_phone"],
                agent_name=data["agent_name"],
                agent_relation=data["agent_relation"],
                case_description=data["case_description"],
                ground=data["ground"],
                monthly_income_per_person=data["monthly_income_per_person"],
                consent=data["consent"],
                uploads=form.uploads(),
                language=get_language() or "zh-hans",
            )
        except UploadRejected as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Your application %(reference)s was sent to %(centre)s.")
                % {"reference": application.reference, "centre": application.centre.name},
            )
            return redirect(application.get_absolute_url())
    return render(request, "legalaid/application_form.html", {"form": form, "kind": kind})


@login_required
@require_safe
def application_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "legalaid/application_list.html",
        {"applications": selectors.applications_of(applicant=request.user)},
    )


@login_required
def application_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """The applicant's status page (another person's application is a 404), where the missing
    documents are sent when the centre asked for them."""
    application = get_legal_aid_application_for_user(user=request.user, reference=reference)
    form = None
    if application.status == Application.Status.MORE_NEEDED:
        form = forms.CompleteForm(
            request.POST or None, request.FILES or None, application=application
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.application_complete(
                    application=application, by=request.user, uploads=form.uploads()
                )
            except UploadRejected as exc:
                form.add_error(None, str(exc))
            except LegalAidError as exc:
                messages.error(request, str(exc))
                return redirect(application.get_absolute_url())
            else:
                messages.success(request, _("Thank you. The centre will look at them."))
                return redirect(application.get_absolute_url())
    elif request.method == "POST":
        return redirect(application.get_absolute_url())
    return render(
        request, "legalaid/application_detail.html", {"application": application, "form": form}
    )


# --- the centre's desk --------------------------------------------------------------------------


@legal_aid_staff_required
@require_safe
def centre_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    return render(
        request,
        "legalaid/centre_queue.html",
        {
            "applications": selectors.centre_queue(user=request.user, status=status),
            "status": status if status in Application.Status.values else "",
            "statuses": Application.Status.choices,
        },
    )


@legal_aid_staff_required
def centre_application(request: HttpRequest, reference: str) -> HttpResponse:
    application = get_legal_aid_application_for_staff(user=request.user, reference=reference)
    missing_form = forms.MissingForm(prefix="missing")
    decision_form = forms.DecisionForm(prefix="decision")
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "accept":
                services.application_accept(application=application, by=request.user)
                messages.success(request, _("Accepted for review."))
                return redirect("legalaid:centre_application", reference=application.reference)
            if action == "missing":
                missing_form = forms.MissingForm(request.POST, prefix="missing")
                if missing_form.is_valid():
                    services.application_request_missing(
                        application=application,
                        by=request.user,
                        note=missing_form.cleaned_data["note"],
                    )
                    messages.success(request, _("The applicant is told what is missing."))
                    return redirect("legalaid:centre_application", reference=application.reference)
            elif action == "decide":
                decision_form = forms.DecisionForm(request.POST, prefix="decision")
                if decision_form.is_valid():
                    services.application_decide(
                        application=application,
                        by=request.user,
                        grant=decision_form.cleaned_data["decision"] == "grant",
                        reason=decision_form.cleaned_data["reason"],
                    )
                    messages.success(request, _("The decision is recorded."))
                    return redirect("legalaid:centre_application", reference=application.reference)
            else:
                return redirect("legalaid:centre_application", reference=application.reference)
        except LegalAidError as exc:
            messages.error(request, str(exc))
            return redirect("legalaid:centre_application", reference=application.reference)
    return render(
        request,
        "legalaid/centre_application.html",
        {
            "application": application,
            "missing_form": missing_form,
            "decision_form": decision_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@legal_aid_staff_required
@require_safe
def centre_file(request: HttpRequest, reference: str, file_id: int) -> FileResponse:
    application = get_legal_aid_application_for_staff(user=request.user, reference=reference)
    stored = application.files.filter(pk=file_id).first()
    if stored is None:
        raise Http404
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    extension = EXTENSION_FOR_KIND.get(FileKind(stored.content_type), "")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{application.reference}-{stored.position}{extension}",
        content_type=stored.content_type,
    )
