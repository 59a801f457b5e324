"""The bureau's blacklist pages (`/bureau/blacklist/...`), for bureau admins only. Thin: the
selectors read, the services decide and keep the history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.permissions import bureau_required

from . import selectors, services
from .errors import BlacklistError
from .forms import EntryCreateForm, EntryFilterForm, LiftForm

PAGE_SIZE = 50


@bureau_required
@require_safe
def entry_list(request: HttpRequest) -> HttpResponse:
    filters = EntryFilterForm(request.GET or None)
    status = filters.status_value()
    entries = selectors.blacklist_entry_list(status=status, query=filters.query_value())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "blacklist/entry_list.html",
        {
            "filters": filters,
            "status": status,
            "page": page,
            "today": timezone.localdate(),
            "page_params": params.urlencode(),
        },
    )


@bureau_required
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest) -> HttpResponse:
    form = EntryCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.blacklist_entry_create(
                id_number=data["id_number"],
                name=data["name"],
                reason=data["reason"],
                office=data["office"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The person is on the blacklist."))
            return redirect("blacklist:detail", pk=entry.pk)
    return render(
        request,
        "blacklist/entry_create.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@bureau_required
@require_safe
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.get_blacklist_entry_for_user(user=request.user, pk=pk)
    return _detail(request, entry, LiftForm())


def _detail(request: HttpRequest, entry, lift_form: LiftForm, *, status: int = 200):
    return render(
        request,
        "blacklist/entry_detail.html",
        {
            "entry": entry,
            "entry_status": entry.status,
            "lift_form": lift_form,
            "attempts": selectors.attempts_for_entry(entry=entry),
            "history": selectors.entry_history(entry=entry),
        },
        status=status,
    )


@bureau_required
@require_http_methods(["GET", "POST"])
def entry_lift(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.get_blacklist_entry_for_user(user=request.user, pk=pk)
    if request.method == "GET":
        # The lift form lives on the entry's page; this address only takes the POST.
        return redirect("blacklist:detail", pk=entry.pk)
    form = LiftForm(request.POST)
    if form.is_valid():
        try:
            services.blacklist_entry_lift(
                entry=entry, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        except BlacklistError as error:
            # Someone lifted it meanwhile (or the form was sent twice): the page now shows how.
            messages.info(request, str(error))
            return redirect("blacklist:detail", pk=entry.pk)
        else:
            messages.success(request, _("The entry is lifted. It stays on record."))
            return redirect("blacklist:detail", pk=entry.pk)
    return _detail(request, entry, form, status=400)
