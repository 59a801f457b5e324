"""Pages of the consultation desk (12348 legal consultation).

- `/consult/`: anyone (signed in or not) asks a question; the reference page; the status page
  (reference + phone number, or the signed-in resident's own list);
- `/hotline/consultations/`: the operators' queue, a request's page (take, answer, refer) and a
  question recorded for a caller;
- `/consult/desk/`: the receivers (office staff for their office and its notaries, legal-aid
  centre staff) accept or return a referral and answer once they own it;
- `/bureau/consultations/overdue/`: the supervisors' list of overdue requests.

Plain pages, no JavaScript; selectors read, services write, each write in one transaction."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from accounts.permissions import bureau_required, operator_required, role_required
from portal.ratelimit import RateLimited, rate_limit_consume

from . import forms, selectors, services
from .errors import ConsultError
from .models import Consultation

Role = User.Role
PER_PAGE = 50
SENT_SESSION_KEY = "consult_sent"
SENT_REMEMBERED = 20
receiver_required = role_required(Role.OFFICE_STAFF, Role.LEGAL_AID_STAFF, Role.BUREAU_ADMIN)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _remember_sent(request: HttpRequest, reference: str) -> None:
    sent = [r for r in request.session.get(SENT_SESSION_KEY, []) if isinstance(r, str)]
    request.session[SENT_SESSION_KEY] = [*sent, reference][-SENT_REMEMBERED:]


# --- the public side ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    """Ask a question: a phone number is enough; signed in, the request is in the own list."""
    initial = {}
    if request.user.is_authenticated:
        initial = {"phone": request.user.phone, "email": request.user.email}
    form = forms.QuestionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                rate_limit_consume(request, action="consultation")
                consultation = services.consultation_create(
                    phone=data["phone"],
                    email=data["email"],
                    topic=data["topic"],
                    question=data["question"],
                    answer_channel=data["answer_channel"],
                    consent=data["consent"],
                    resident=request.user,
                    language=get_language() or "zh-hans",
                )
            except RateLimited as error:
                form.add_error(None, str(error))
                status = error.status_code
            except ConsultError as error:
                form.add_error(None, str(error))
            else:
                _remember_sent(request, consultation.reference)
                return redirect("consult:sent", reference=consultation.reference)
    return render(
        request,
        "consult/ask.html",
        {"form": form},
        status=status,
    )


@require_safe
def sent(request: HttpRequest, reference: str) -> HttpResponse:
    """The page with the reference, for whoever just asked (this browser, or the account)."""
    found = selectors.consultation_by_reference(reference=reference)
    if found is None:
        raise Http404
    mine = request.user.is_authenticated and found.resident_id == request.user.pk
    if not mine and reference not in request.session.get(SENT_SESSION_KEY, []):
        raise Http404
    return render(request, "consult/sent.html", {"consultation": found})


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """The status and answer of a request by its reference and the phone number it was asked
    with (a wrong pair is told so, whether the reference exists or not)."""
    form = forms.LookupForm(request.POST or None)
    found = None
    code = 200
    if request.method == "POST":
        code = 400
        try:
            rate_limit_consume(request, action="consultation_lookup")
        except RateLimited as error:
            form.is_valid()
            form.add_error(None, str(error))
            code = error.status_code
        else:
            if form.is_valid():
                found = selectors.consultation_by_reference_and_phone(
                    reference=form.cleaned_data["reference"], phone=form.cleaned_data["phone"]
                )
                if found is None:
                    form.add_error(
                        None, _("No request has this reference and phone number. Check both.")
                    )
                    code = 404
                else:
                    code = 200
    return render(
        request,
        "consult/status.html",
        {"form": form, "consultation": found, "booking_form": _booking_form(found)},
        status=code,
    )


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    rows = Paginator(selectors.consultations_of(resident=request.user), PER_PAGE)
    return render(request, "consult/mine.html", {"page": rows.get_page(request.GET.get("page"))})


@login_required
@require_safe
def mine_detail(request: HttpRequest, reference: str) -> HttpResponse:
    found = selectors.consultation_for_resident(user=request.user, reference=reference)
    return render(
        request,
        "consult/detail.html",
        {"consultation": found, "booking_form": _booking_form(found)},
    )


def _booking_form(consultation: Consultation | None) -> forms.BookingForm | None:
    if consultation is None or not consultation.topic.is_notarization:
        return None
    return forms.BookingForm()


@require_safe
def book(request: HttpRequest) -> HttpResponse:
    """A notarization question turns into a booking: the wizard, started with the matter."""
    form = forms.BookingForm(request.GET or None)
    if not form.is_valid():
        messages.error(request, _("Choose the matter to book."))
        return redirect("appointments:book_start")
    return redirect("appointments:book_office", code=form.cleaned_data["matter"].code)


# --- the hotline desk -----------------------------------------------------------------------------


@operator_required
@require_safe
def hotline_queue(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "new")
    if tab not in selectors.QUEUE_TABS:
        tab = "new"
    phone = (request.GET.get("phone") or "")[:40]
    reference = selectors.reference_typed(phone)
    if reference is not None:  # a caller read out their reference: open it, or say it is unknown
        if selectors.consultation_by_reference(reference=reference) is not None:
            return redirect("consult:hotline_detail", reference=reference)
        messages.error(
            request,
            _("No consultation has the reference %(reference)s.") % {"reference": reference},
        )
        rows = Consultation.objects.none()
    else:
        rows = selectors.hotline_queue(user=request.user, tab=tab, phone=phone)
    return render(
        request,
        "consult/hotline_queue.html",
        {
            "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
            "tab": tab,
            "tabs": _queue_tabs(),
            "phone": phone,
            "query": _query_without_page(request),
        },
    )


def _queue_tabs() -> list[tuple[str, str]]:
    return [
        ("new", _("New")),
        ("mine", _("Mine")),
        ("referred", _("Referred")),
        ("overdue", _("Overdue")),
        ("all", _("All")),
    ]


@operator_required
@require_http_methods(["GET", "POST"])
def hotline_record(request: HttpRequest) -> HttpResponse:
    """An operator records a caller's question; the operator received it first and owns it."""
    form = forms.QuestionForm(request.POST or None, for_caller=True)
    code = 200
    if request.method == "POST":
        code = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                consultation = services.consultation_create(
                    phone=data["phone"],
                    email=data["email"],
                    topic=data["topic"],
                    question=data["question"],
                    answer_channel=data["answer_channel"],
                    consent=data["consent"],
                    recorded_by=request.user,
                    language=get_language() or "zh-hans",
                )
            except ConsultError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Recorded as %(reference)s. Tell the caller the reference.")
                    % {"reference": consultation.reference},
                )
                return redirect("consult:hotline_detail", reference=consultation.reference)
    return render(request, "consult/hotline_record.html", {"form": form}, status=code)


@operator_required
@require_http_methods(["GET", "POST"])
def hotline_detail(request: HttpRequest, reference: str) -> HttpResponse:
    consultation = selectors.consultation_for_desk(user=request.user, reference=reference)
    return _work(request, consultation, desk="hotline")


@operator_required
@require_safe
def hotline_book(request: HttpRequest) -> HttpResponse:
    """The caller's notarization question turns into a booking on the desk: the matter's free
    times."""
    form = forms.BookingForm(request.GET or None)
    if not form.is_valid():
        messages.error(request, _("Choose the matter to book."))
        return redirect("hotline:home")
    return redirect("hotline:matter_times", code=form.cleaned_data["matter"].code)


# --- the receivers' desk --------------------------------------------------------------------------


@receiver_required
@require_safe
def desk(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "referred")
    if tab not in ("referred", "mine", "answered"):
        tab = "referred"
    rows = selectors.receiver_desk(user=request.user, tab=tab)
    return render(
        request,
        "consult/desk.html",
        {
            "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
            "tab": tab,
            "tabs": [
                ("referred", _("Referred to us")),
                ("mine", _("Ours to answer")),
                ("answered", _("Answered")),
            ],
            "query": _query_without_page(request),
        },
    )


@receiver_required
@require_http_methods(["GET", "POST"])
def desk_detail(request: HttpRequest, reference: str) -> HttpResponse:
    consultation = selectors.consultation_for_receiver(user=request.user, reference=reference)
    return _work(request, consultation, desk="receiver")


def _work(request: HttpRequest, consultation: Consultation, *, desk: str) -> HttpResponse:
    """A request's page for whoever works on it: take it (hotline), accept or return a referral
    (receivers), answer or refer it (its owner)."""
    user = request.user
    here = reverse(
        "consult:hotline_detail" if desk == "hotline" else "consult:desk_detail",
        kwargs={"reference": consultation.reference},
    )
    answer_form = forms.AnswerForm(prefix="answer")
    refer_form = forms.ReferForm(prefix="refer")
    return_form = forms.NoteForm(prefix="return")
    allowed = _allowed(consultation, user, desk=desk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        # Taking is always tried on the hotline desk: a second taker is told who owns it.
        if action not in allowed and not (desk == "hotline" and action == "take"):
            messages.error(request, str(ConsultError.message))
            return redirect(here)
        try:
            if action == "take":
                services.consultation_take(consultation=consultation, by=user)
                messages.success(request, _("You took this request: it is yours to answer."))
                return redirect(here)
            if action == "accept":
                services.consultation_accept(consultation=consultation, by=user)
                messages.success(request, _("Accepted: the request is yours to answer."))
                return redirect(here)
            if action == "return":
                return_form = forms.NoteForm(request.POST, prefix="return")
                if return_form.is_valid():
                    services.consultation_return(
                        consultation=consultation, by=user, note=return_form.cleaned_data["note"]
                    )
                    messages.success(request, _("Returned to the owner with your note."))
                    return redirect(reverse("consult:desk"))
            elif action == "answer":
                answer_form = forms.AnswerForm(request.POST, prefix="answer")
                if answer_form.is_valid():
                    services.consultation_answer(
                        consultation=consultation,
                        by=user,
                        answer=answer_form.cleaned_data["answer"],
                    )
                    messages.success(
                        request, _("The answer is recorded; the resident can read it.")
                    )
                    return redirect(here)
            elif action == "refer":
                refer_form = forms.ReferForm(request.POST, prefix="refer")
                if refer_form.is_valid():
                    services.consultation_refer(
                        consultation=consultation,
                        by=user,
                        note=refer_form.cleaned_data["note"],
                        **refer_form.receiver_kwargs(),
                    )
                    messages.success(
                        request,
                        _("Referred. The request stays yours until the receiver accepts it."),
                    )
                    return redirect(here)
        except ConsultError as error:
            messages.error(request, str(error))
            return redirect(here)
    return render(
        request,
        "consult/work.html",
        {
            "consultation": consultation,
            "desk": desk,
            "allowed": allowed,
            "answer_form": answer_form,
            "refer_form": refer_form,
            "return_form": return_form,
            "booking_form": _booking_form(consultation) if desk == "hotline" else None,
            "events": list(consultation.events.all()),
        },
        status=400 if request.method == "POST" else 200,
    )


def _allowed(consultation: Consultation, user, *, desk: str) -> set[str]:
    """The steps this user may take on this page now."""
    status = consultation.status
    allowed: set[str] = set()
    if desk == "hotline" and status == Consultation.Status.NEW:
        allowed.add("take")
    if status == Consultation.Status.TAKEN and services.is_owner(consultation, user):
        allowed |= {"answer", "refer"}
    if (
        desk == "receiver"
        and status == Consultation.Status.REFERRED
        and services.is_receiver(consultation, user)
    ):
        allowed |= {"accept", "return"}
    return allowed


# --- supervision ----------------------------------------------------------------------------------


@bureau_required
@require_safe
def overdue(request: HttpRequest) -> HttpResponse:
    rows = selectors.consultations_overdue().order_by("deadline", "id")
    return render(
        request,
        "consult/overdue.html",
        {
            "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
            "query": _query_without_page(request),
        },
    )
