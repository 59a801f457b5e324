"""Residents' casework pages (`/appointments/<reference>/materials/`, `.../post/`) and the office
workspace (`/staff/...`). Thin: selectors read with the user's scope, services decide."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.identity import mask_phone
from accounts.permissions import (
    get_appointment_for_staff,
    get_appointment_for_user,
    operator_required,
    staff_required,
)
from appointments.models import Appointment
from appointments.selectors import appointment_action_allowed, appointment_timeline
from verification.selectors import verified_item_ids

from . import errors, forms, selectors, services
from .errors import CaseworkError
from .models import EXTENSION_FOR_KIND, FileKind, MaterialSubmission, ProblemKind

# --- residents ----------------------------------------------------------------------------------


_TICKED = ("on", "1", "true", "yes")


@dataclass
class _Parsed:
    answers: list[services.Answer] = field(default_factory=list)
    # Refusals before any file is looked at, by item key ("other" for other documents, "" for
    # the page as a whole).
    errors: dict[str, str] = field(default_factory=dict)


def _parse_answers(request: HttpRequest, materials) -> _Parsed:
    """What the resident chose on the materials page: one file or tick per item (`file_<id>`,
    `original_<id>`), any number of other documents (`file_other`). A single item sent the older
    way (`material`, `file`, `bring_original`) reads the same."""
    parsed = _Parsed()
    by_key = {str(m.pk): m for m in materials}
    post, files = request.POST, request.FILES
    chosen: dict[str, tuple] = {}
    if "material" in post:
        key = post.get("material", "")
        chosen[key] = (files.get("file"), post.get("bring_original", "") in _TICKED)
    for name in list(files.keys()) + list(post.keys()):
        for prefix in ("file_", "original_"):
            if name.startswith(prefix) and name != "file_other":
                key = name[len(prefix) :]
                if key not in by_key:
                    parsed.errors[""] = str(errors.MaterialNotOnChecklist.message)
    for key in by_key:
        upload = files.get(f"file_{key}")
        ticked = post.get(f"original_{key}", "") in _TICKED
        if upload is not None or ticked:
            chosen[key] = (upload, ticked)
    for key, (upload, ticked) in chosen.items():
        if key == forms.OTHER:
            if ticked or upload is None:
                parsed.errors[key] = _("Upload the other document as a scan.")
            else:
                parsed.answers.append(services.Answer(material=None, file=upload, key=key))
            continue
        material = by_key.get(key)
        if material is None:
            parsed.errors[""] = str(errors.MaterialNotOnChecklist.message)
        elif upload is not None and ticked:
            parsed.errors[key] = _(
                "Either upload a scan or tick “I will bring the original”, not both."
            )
        elif upload is None and not ticked:
            parsed.errors[key] = str(errors.FileMissing.message)
        else:
            parsed.answers.append(
                services.Answer(material=material, file=upload, bring_original=ticked, key=key)
            )
    for upload in files.getlist("file_other"):
        parsed.answers.append(services.Answer(material=None, file=upload, key=forms.OTHER))
    if not parsed.answers and not parsed.errors:
        parsed.errors[""] = str(errors.FileMissing.message)
    return parsed


@login_required
@require_http_methods(["GET", "POST"])
def materials_upload(request: HttpRequest, reference: str) -> HttpResponse:
    """Send scans or promise originals for every item at once: one form, one submission, a
    result per item. A refused file is named on its item; the others are stored."""
    appointment = selectors.get_materials_appointment_for_user(
        user=request.user, reference=reference
    )
    materials = selectors.checklist_materials(appointment=appointment)
    results: list[services.AnswerResult] = []
    parsed = _Parsed()
    if request.method == "POST":
        parsed = _parse_answers(request, materials)
        results = services.material_submissions_create(
            appointment=appointment, by=request.user, answers=parsed.answers
        )
        if results and not parsed.errors and all(result.ok for result in results):
            messages.success(request, _("Thank you. The office will review your materials."))
            messages.info(
                request,
                ngettext(
                    "%(count)d item received: %(items)s.",
                    "%(count)d items received: %(items)s.",
                    len(results),
                )
                % {"count": len(results), "items": _received_names(results, appointment)},
            )
            return redirect("casework:materials", reference=appointment.reference)

    casework = selectors.casework_for_appointment(appointment=appointment)
    rows = casework.material_rows()
    item_errors: dict[str, list[str]] = {}
    plain_errors: list[str] = []
    for key, message in parsed.errors.items():
        item_errors.setdefault(key, []).append(message)
        plain_errors.append(message)
    received: dict[str, int] = {}
    for result in results:
        if result.ok:
            received[result.answer.key] = received.get(result.answer.key, 0) + 1
        else:
            name = result.answer.file.name if result.answer.file is not None else ""
            text = f"{name}: {result.error}" if name else result.error
            item_errors.setdefault(result.answer.key, []).append(text)
            plain_errors.append(result.error)
    if not casework.uploads_open and item_errors:
        # No item shows its own fields then: say it once, on top.
        item_errors = {"": list(dict.fromkeys(plain_errors))}
    for row in rows:
        key = str(row.material.pk)
        row.errors = item_errors.get(key, [])
        row.received = received.get(key, 0)
    refused = sum(len(v) for v in item_errors.values())
    return render(
        request,
        "casework/materials_upload.html",
        {
            "appointment": appointment,
            "casework": casework,
            "rows": rows,
            "page_errors": item_errors.get("", []),
            "other_errors": item_errors.get(forms.OTHER, []),
            "other_received": received.get(forms.OTHER, 0),
            "submitted": request.method == "POST",
            "stored_count": sum(received.values()),
            "refused_count": refused,
            "uploadable": {m.pk for m in materials},
            "max_megabytes": f"{settings.MATERIAL_UPLOAD_MAX_BYTES / (1024 * 1024):g}",
        },
        status=400 if request.method == "POST" else 200,
    )


def _received_names(results: list[services.AnswerResult], appointment: Appointment) -> str:
    booked = {item.pk: item.name for item in appointment.booked_materials}
    names = [
        booked.get(r.answer.material.pk, r.answer.material.name)
        if r.answer.material is not None
        else _("Other document")
        for r in results
    ]
    return _("; ").join(str(name) for name in names)


@login_required
@require_safe
def material_download(request: HttpRequest, reference: str, submission_id: int) -> FileResponse:
    """A submitted scan, to its resident and the staff of the appointment's office only."""
    submission = selectors.get_submission_for_user(
        user=request.user, reference=reference, submission_id=submission_id
    )
    return _attachment(submission)


def _attachment(submission: MaterialSubmission) -> FileResponse:
    try:
        handle = submission.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    # Uploads whose name disagrees with their content are refused, so the resident's own name
    # is safe to offer back; the fallback covers a name that was all unprintable characters.
    extension = EXTENSION_FOR_KIND.get(FileKind(submission.content_type), "")
    name = submission.original_name or f"{submission.appointment.reference}{extension}"
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=submission.content_type
    )
    # Never rendered inline, never guessed into HTML, never cached by a shared proxy.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def postal_request(request: HttpRequest, reference: str) -> HttpResponse:
    """Ask for the certificate by post, or change the address until it is posted."""
    appointment = get_appointment_for_user(user=request.user, reference=reference)
    if not appointment.matter.run_at_most_once:
        raise Http404("Not a run-at-most-once matter")
    delivery = selectors.postal_delivery_for_appointment(appointment=appointment)
    initial = (
        {}
        if delivery is not None
        else {"recipient_name": appointment.applicant_name, "phone": appointment.applicant_phone}
    )
    form = forms.PostalDeliveryForm(request.POST or None, instance=delivery, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.postal_delivery_request(
                    appointment=appointment, by=request.user, **form.cleaned_data
                )
            except CaseworkError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The certificate will be sent to this address."))
                return redirect("appointments:detail", reference=appointment.reference)
        status = 400
    return render(
        request,
        "casework/postal_request.html",
        {"appointment": appointment, "delivery": delivery, "form": form},
        status=status,
    )


# --- the hotline desk --------------------------------------------------------------------------


@operator_required
@require_safe
def notices_to_call(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "casework/notices_to_call.html",
        {"notices": selectors.capped(selectors.notices_to_call())},
    )


@operator_required
@require_POST
def notice_called(request: HttpRequest, prereview_id: int) -> HttpResponse:
    review = selectors.notices_to_call().filter(pk=prereview_id).first()
    if review is None:
        raise Http404("No such notice to call")
    services.notice_called(prereview=review, by=request.user)
    messages.success(request, _("The call is recorded."))
    return redirect("casework:notices_to_call")


# --- staff --------------------------------------------------------------------------------------


def staff_appointment_action(view):
    """A POST-only action on one appointment in the user's scope. The scope is checked before the
    method, so an appointment of another office is a 404 whatever the method."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, reference: str) -> HttpResponse:
        appointment = get_appointment_for_staff(user=request.user, reference=reference)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, appointment)

    return wrapper


@staff_required
@require_safe
def staff_home(request: HttpRequest) -> HttpResponse:
    search = forms.StaffSearchForm(request.GET or None)
    not_found = False
    if search.is_valid() and search.cleaned_data["q"]:
        found = selectors.find_appointment_for_staff(
            user=request.user, query=search.cleaned_data["q"]
        )
        if found is not None:
            return redirect("staff:appointment", reference=found.reference)
        not_found = True
    return render(
        request,
        "casework/staff_home.html",
        {
            "search": search,
            "not_found": not_found,
            "queue": selectors.capped(selectors.prereview_queue(user=request.user)),
            "deadlines": selectors.deadline_lists(user=request.user),
        },
    )


def _staff_page(
    request: HttpRequest,
    appointment: Appointment,
    *,
    prereview_form: forms.PreReviewForm | None = None,
    posting_form: forms.PostingForm | None = None,
    advance_form: forms.CaseAdvanceForm | None = None,
    problem: str | None = None,
    status: int = 200,
) -> HttpResponse:
    casework = selectors.casework_for_appointment(appointment=appointment)
    materials = selectors.checklist_materials(appointment=appointment)
    rows = casework.material_rows()
    if prereview_form is None:
        # Items with nothing uploaded or promised start as "missing", the rest as "in order";
        # an item verified online starts as "will be verified by data link".
        verified = verified_item_ids(appointment=appointment)
        prereview_form = forms.PreReviewForm(
            materials=materials,
            labels=booked_labels(appointment),
            initial_status={
                row.material.pk: ProblemKind.DATA_LINK
                if row.material.pk in verified
                else (forms.PreReviewForm.OK if row.current else "missing")
                for row in rows
            },
        )
    notice = casework.notice
    changed = (
        services.items_changed_since(appointment=appointment, notice=notice)
        if notice is not None
        else set()
    )
    case = casework.case
    next_steps = (
        services.next_steps(case, has_postal_delivery=casework.postal_delivery is not None)
        if case is not None
        else []
    )
    return render(
        request,
        "casework/staff_appointment_detail.html",
        {
            "appointment": appointment,
            "applicant_phone_masked": mask_phone(appointment.applicant_phone),
            "timeline": appointment_timeline(appointment=appointment, for_staff=True),
            "casework": casework,
            "rows": rows,
            "prereview_form": prereview_form,
            "notice": notice,
            "changed_since_notice": changed,
            "can_prereview": (
                appointment.matter.run_at_most_once
                and appointment.status == Appointment.Status.BOOKED
                and not casework.passed
            ),
            "can_check_in": appointment_action_allowed(
                appointment=appointment, name="check_in", actor=request.user
            ),
            "can_accept": case is None
            and appointment.status in (Appointment.Status.CHECKED_IN, Appointment.Status.COMPLETED),
            "advance_steps": [s for s in next_steps if s != "posted"],
            "can_post": "posted" in next_steps,
            "advance_form": advance_form or forms.CaseAdvanceForm(),
            "posting_form": posting_form or forms.PostingForm(),
            "problem": problem,
        },
        status=status,
    )


def booked_labels(appointment: Appointment) -> dict[int, str]:
    return {item.pk: item.name for item in appointment.booked_materials}


def _done(request: HttpRequest, appointment: Appointment, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("staff:appointment", reference=appointment.reference)


@staff_required
@require_safe
def staff_appointment(request: HttpRequest, reference: str) -> HttpResponse:
    appointment = get_appointment_for_staff(user=request.user, reference=reference)
    return _staff_page(request, appointment)


@staff_appointment_action
def staff_prereview(request: HttpRequest, appointment: Appointment) -> HttpResponse:
    form = forms.PreReviewForm(
        request.POST,
        materials=selectors.checklist_materials(appointment=appointment),
        labels=booked_labels(appointment),
    )
    if not form.is_valid():
        return _staff_page(request, appointment, prereview_form=form, status=400)
    try:
        review = services.prereview_record(
            appointment=appointment,
            reviewer=request.user,
            problems=form.problems(),
            note=form.cleaned_data["message"],
            outside=form.outside(),
            reason=form.cleaned_data["reason"],
        )
    except CaseworkError as error:
        return _staff_page(
            request, appointment, prereview_form=form, problem=str(error), status=400
        )
    # Delivery happens after commit; the page says what actually went out once it has.
    if review.passed:
        return _done(
            request,
            appointment,
            _("Pre-review passed. The resident is being told; the decisions below say how."),
        )
    return _done(
        request,
        appointment,
        _("The decision is recorded. The resident is being told; the decisions below say how."),
    )


@staff_appointment_action
def staff_case_accept(request: HttpRequest, appointment: Appointment) -> HttpResponse:
    try:
        case = services.case_accept(appointment=appointment, by=request.user)
    except CaseworkError as error:
        return _staff_page(request, appointment, problem=str(error), status=400)
    return _done(
        request,
        appointment,
        _("Case accepted. Due date: %(date)s.") % {"date": case.due_date.isoformat()},
    )


@staff_appointment_action
def staff_case_advance(request: HttpRequest, appointment: Appointment) -> HttpResponse:
    case = selectors.case_for_appointment(appointment=appointment)
    if case is None:
        return _staff_page(
            request, appointment, problem=_("No case has been accepted yet."), status=400
        )
    form = forms.CaseAdvanceForm(request.POST)
    if not form.is_valid():
        return _staff_page(
            request,
            appointment,
            advance_form=form,
            problem=_("Choose the step to record."),
            status=400,
        )
    try:
        services.case_advance(
            case=case,
            step=form.cleaned_data["step"],
            by=request.user,
            note=form.cleaned_data["note"],
        )
    except CaseworkError as error:
        return _staff_page(request, appointment, problem=str(error), status=400)
    return _done(request, appointment, _("The step has been recorded."))


@staff_appointment_action
def staff_posting(request: HttpRequest, appointment: Appointment) -> HttpResponse:
    form = forms.PostingForm(request.POST)
    if not form.is_valid():
        return _staff_page(request, appointment, posting_form=form, status=400)
    try:
        services.postal_delivery_mark_posted(
            appointment=appointment,
            by=request.user,
            tracking_number=form.cleaned_data["tracking_number"],
            note=form.cleaned_data["note"],
        )
    except CaseworkError as error:
        return _staff_page(request, appointment, posting_form=form, problem=str(error), status=400)
    return _done(request, appointment, _("The posting has been recorded."))


@staff_required
@require_POST
@never_cache
def staff_identity(request: HttpRequest, reference: str) -> HttpResponse:
    """Show the full identity number once, after recording who asked (POST, so a link or a
    prefetch never discloses it)."""
    appointment = get_appointment_for_staff(user=request.user, reference=reference)
    number = services.identity_number_disclose(appointment=appointment, viewer=request.user)
    response = render(
        request,
        "casework/staff_identity.html",
        {"appointment": appointment, "number": number},
    )
    return response
