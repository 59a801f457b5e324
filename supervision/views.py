"""Residents' feedback pages and the bureau's supervision pages (`/bureau/...`). Thin: selectors
read with the user's scope, services decide, errors become messages on the same page."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.permissions import bureau_required, staff_required
from appointments.models import Appointment
from notaries.models import Office
from portal.ratelimit import RateLimited, rate_limit_consume

from . import forms, selectors, services
from .charts import Series, bar_chart
from .errors import SupervisionError
from .models import SUBJECT_LABELS, Opinion, ReturnVisit
from .statistics import statistics_compute, statistics_csv_rows, statistics_offices

OPINIONS_PER_PAGE = 50
VISITS_PER_PAGE = 100


def _query_without_page(request: HttpRequest) -> str:
    """The list's filters, for the pagination links to keep."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- ratings --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rating_create(request: HttpRequest, reference: str) -> HttpResponse:
    """Stars and a comment on the resident's own completed appointment, once."""
    appointment = selectors.get_rateable_appointment_for_user(
        user=request.user, reference=reference
    )
    rating = selectors.rating_for_appointment(appointment=appointment)
    form = forms.RatingForm(request.POST or None)
    problem = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.rating_create(
                    appointment=appointment,
                    resident=request.user,
                    stars=form.cleaned_data["stars"],
                    comment=form.cleaned_data["comment"],
                )
            except SupervisionError as error:
                problem = str(error)
            else:
                messages.success(request, _("Thank you for your rating."))
                return redirect("appointments:detail", reference=appointment.reference)
    return render(
        request,
        "supervision/rating_create.html",
        {
            "appointment": appointment,
            "rating": rating,
            "form": form,
            "problem": problem,
            "can_rate": rating is None and appointment.status == Appointment.Status.COMPLETED,
        },
        status=status,
    )


# --- opinions: the public side --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def opinion_create(request: HttpRequest) -> HttpResponse:
    """Anyone, signed in or not, sends an opinion or a complaint."""
    initial = {}
    if request.user.is_authenticated:
        initial["contact"] = request.user.email
        if request.GET.get("appointment"):
            initial["appointment_reference"] = request.GET["appointment"][:20]
    form = forms.OpinionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                rate_limit_consume(request, action="opinion")
                services.opinion_create(
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                    office=form.cleaned_data["office"],
                    contact=form.cleaned_data["contact"],
                    sender=request.user,
                    appointment_reference=form.cleaned_data["appointment_reference"],
                )
            except RateLimited as error:
                form.add_error(None, str(error))
                status = error.status_code
            except SupervisionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Thank you. Your message has been passed on, and you will get an answer."),
                )
                if request.user.is_authenticated:
                    return redirect("supervision:opinion_mine")
                return redirect("supervision:opinion_create")
    return render(request, "supervision/opinion_create.html", {"form": form}, status=status)


def _subject_opinion(
    request: HttpRequest, *, subject, subject_field: str, back_url: str
) -> HttpResponse:
    """The form for an opinion about one consultation request or legal-aid application of the
    signed-in resident's (the selector made anyone else's a 404)."""
    form = forms.SubjectOpinionForm(request.POST or None, initial={"contact": request.user.email})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                rate_limit_consume(request, action="opinion")
                services.opinion_create(
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                    contact=form.cleaned_data["contact"],
                    sender=request.user,
                    **{subject_field: subject},
                )
            except RateLimited as error:
                form.add_error(None, str(error))
                status = error.status_code
            except SupervisionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Thank you. Your message has been passed on, and you will get an answer."),
                )
                return redirect("supervision:opinion_mine")
    return render(
        request,
        "supervision/subject_opinion.html",
        {
            "form": form,
            "subject": subject,
            "subject_label": SUBJECT_LABELS[subject_field],
            "back_url": back_url,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_opinion(request: HttpRequest, reference: str) -> HttpResponse:
    """`/consult/<reference>/opinion/`: praise or a complaint about the resident's own request."""
    consultation = selectors.get_consultation_of_resident(user=request.user, reference=reference)
    return _subject_opinion(
        request,
        subject=consultation,
        subject_field="consultation",
        back_url=_consultation_url(consultation.reference),
    )


def _consultation_url(reference: str) -> str:
    """The resident's own page of a consultation request (the consult app's)."""
    try:
        return reverse("consult:mine_detail", kwargs={"reference": reference})
    except NoReverseMatch:
        return reverse("supervision:opinion_mine")


@login_required
@require_http_methods(["GET", "POST"])
def legal_aid_opinion(request: HttpRequest, reference: str) -> HttpResponse:
    """`/legal-aid/applications/<reference>/opinion/`: about the applicant's own application."""
    application = selectors.get_legal_aid_application_of_resident(
        user=request.user, reference=reference
    )
    return _subject_opinion(
        request,
        subject=application,
        subject_field="legal_aid_application",
        back_url=application.get_absolute_url(),
    )


@login_required
@require_safe
def opinion_mine(request: HttpRequest) -> HttpResponse:
    opinions = Paginator(selectors.opinions_for_sender(user=request.user), OPINIONS_PER_PAGE)
    return render(
        request,
        "supervision/opinion_mine.html",
        {"page": opinions.get_page(request.GET.get("page"))},
    )


# --- opinions: the offices' and bureau's side -----------------------------------------------------


@staff_required
@require_safe
def opinion_list(request: HttpRequest) -> HttpResponse:
    opinions = selectors.opinions_for_staff(user=request.user).order_by("-created_at", "-id")
    shown = request.GET.get("show", "open")
    if shown == "open":
        opinions = opinions.unanswered()
    kind = request.GET.get("kind", "")
    if kind in Opinion.Kind.values:
        opinions = opinions.filter(kind=kind)
    page = Paginator(opinions, OPINIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/opinion_list.html",
        {
            "page": page,
            "shown": shown,
            "kind": kind,
            "kinds": Opinion.Kind.choices,
            "query": _query_without_page(request),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def opinion_detail(request: HttpRequest, opinion_id: int) -> HttpResponse:
    """One opinion with its answers, and the form to answer it."""
    opinion = selectors.get_opinion_for_user(user=request.user, opinion_id=opinion_id)
    form = forms.OpinionAnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.opinion_answer_create(
                    opinion=opinion, by=request.user, text=form.cleaned_data["text"]
                )
            except SupervisionError as error:
                form.add_error(None, str(error))
            else:
                if opinion.contact_email:
                    messages.success(request, _("The answer has been recorded and e-mailed."))
                else:
                    messages.success(request, _("The answer has been recorded."))
                return redirect("supervision:opinion_detail", opinion_id=opinion.pk)
    return render(
        request,
        "supervision/opinion_detail.html",
        {"opinion": opinion, "answers": list(opinion.answers.all()), "form": form},
        status=status,
    )


# --- the draw -------------------------------------------------------------------------------------


@bureau_required
@require_safe
def draw_list(request: HttpRequest) -> HttpResponse:
    return render(request, "supervision/draw_list.html", {"draws": list(selectors.draws())})


@bureau_required
@require_http_methods(["GET", "POST"])
def draw_create(request: HttpRequest) -> HttpResponse:
    form = forms.DrawForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                draw = services.return_visit_draw_run(
                    year=form.cleaned_data["year"],
                    seed=form.cleaned_data["seed"],
                    by=request.user,
                )
            except SupervisionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Drawn: %(selected)s completed matters of %(notaries)s notaries, with seed "
                        "%(seed)s."
                    )
                    % {
                        "selected": draw.selected_count,
                        "notaries": draw.notary_count,
                        "seed": draw.seed,
                    },
                )
                return redirect("supervision:draw_detail", year=draw.year)
    return render(request, "supervision/draw_create.html", {"form": form}, status=status)


@bureau_required
@require_safe
def draw_detail(request: HttpRequest, year: int) -> HttpResponse:
    """The draw's worklist: every drawn appointment and its call, filterable, a page at a time."""
    draw = selectors.get_draw_for_user(user=request.user, year=year)
    status = request.GET.get("status", "")
    if status not in ReturnVisit.Status.values:
        status = ""
    office = None
    if request.GET.get("office"):
        office = Office.objects.filter(slug=request.GET["office"]).first()
    kind = request.GET.get("kind", "")
    if kind not in selectors.WORKLIST_KINDS:
        kind = ""
    visits = selectors.worklist(draw=draw, status=status, office=office, kind=kind)
    return render(
        request,
        "supervision/draw_detail.html",
        {
            "draw": draw,
            "page": Paginator(visits, VISITS_PER_PAGE).get_page(request.GET.get("page")),
            "status": status,
            "statuses": ReturnVisit.Status.choices,
            "office": office,
            "offices": list(Office.objects.all()),
            "kind": kind,
            "kinds": [(name, SUBJECT_LABELS[name]) for name in selectors.WORKLIST_KINDS],
            "pending_count": draw.total_selected - draw.done_count - draw.unreachable_count,
            "query": _query_without_page(request),
        },
    )


@bureau_required
@require_http_methods(["GET", "POST"])
def return_visit_update(request: HttpRequest, year: int, visit_id: int) -> HttpResponse:
    visit = selectors.get_return_visit_for_user(user=request.user, year=year, visit_id=visit_id)
    form = (
        forms.ReturnVisitForm(request.POST, visit=visit)
        if request.method == "POST"
        else forms.ReturnVisitForm.for_visit(visit)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.return_visit_record(visit=visit, by=request.user, **form.cleaned_data)
            except SupervisionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("The return visit of %(reference)s has been recorded.")
                    % {"reference": visit.subject_reference},
                )
                return redirect("supervision:draw_detail", year=year)
    return render(
        request,
        "supervision/return_visit_update.html",
        {
            "visit": visit,
            "appointment": visit.appointment,
            "consultation": visit.consultation,
            "legal_aid_application": visit.legal_aid_application,
            "form": form,
        },
        status=status,
    )


# --- statistics -----------------------------------------------------------------------------------


def _charts(stats) -> list:
    labels = [month.strftime("%m") for month in (m.month for m in stats.months)]
    rows = stats.months
    return [
        bar_chart(
            chart_id="chart-appointments",
            title=_("Appointments by month"),
            labels=labels,
            series=[Series(_("Appointments"), [m.appointments for m in rows])],
        ),
        bar_chart(
            chart_id="chart-absences",
            title=_("No-shows and cancellations by month"),
            labels=labels,
            series=[
                Series(_("No-shows"), [m.no_shows for m in rows]),
                Series(_("Cancellations"), [m.cancellations for m in rows]),
            ],
        ),
        bar_chart(
            chart_id="chart-cases",
            title=_("Cases by due month: on time and overdue"),
            labels=labels,
            series=[
                Series(_("On time"), [m.cases_on_time for m in rows]),
                Series(_("Overdue"), [m.cases_overdue for m in rows]),
            ],
        ),
        bar_chart(
            chart_id="chart-consultations",
            title=_("Consultation requests by month: received and overdue"),
            labels=labels,
            series=[
                Series(_("Received"), [m.consultations for m in rows]),
                Series(_("Overdue"), [m.consultations_overdue for m in rows]),
            ],
        ),
    ]


def _csv_response(stats) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(statistics_csv_rows(stats))
    scope = stats.office.slug if stats.office is not None else "city"
    period = f"{stats.year}" + (f"-{stats.month:02d}" if stats.month else "")
    # The byte-order mark tells Excel the file is UTF-8; without it Chinese names come out garbled.
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="statistics-{scope}-{period}.csv"'
    return response


@staff_required
@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    """The city's or one office's figures; office staff see only their own office."""
    office = selectors.get_statistics_office_for_user(
        user=request.user, slug=request.GET.get("office", "")
    )
    form = forms.StatisticsForm(request.GET)
    context = {
        "form": form,
        "office": office,
        "offices": list(statistics_offices(user=request.user)),
        "is_city": request.user.is_bureau_admin,
    }
    if not form.is_valid():
        return render(request, "supervision/statistics.html", context, status=400)
    stats = statistics_compute(
        office=office, year=form.cleaned_data["year"], month=form.cleaned_data["month"]
    )
    if request.GET.get("format") == "csv":
        return _csv_response(stats)
    query = request.GET.copy()
    query["format"] = "csv"
    context.update(stats=stats, charts=_charts(stats), csv_query=query.urlencode())
    return render(request, "supervision/statistics.html", context)
