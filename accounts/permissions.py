"""Who may see and do what: the role decorators and the permission-checked look-ups.

Everything outside a user's scope is a 404, never a 403: a resident asking for another resident's
appointment, or a clerk for another office's, learns nothing about whether it exists.

Accounts sits below the apps whose rows it guards (appointments imports accounts, never the
reverse), so the look-ups name those apps' models through the app registry, the way a foreign key
names "notaries.Office": every app can use them and no app imports another app's views.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from notaries.models import Office

from .models import User

Role = User.Role
STAFF_ROLES = (Role.OFFICE_STAFF, Role.BUREAU_ADMIN)
HOTLINE_DESK_ROLES = (Role.HOTLINE_OPERATOR, Role.BUREAU_ADMIN)
# Bureau admins supervise every legal-aid centre and may work in any.
LEGAL_AID_DESK_ROLES = (Role.LEGAL_AID_STAFF, Role.BUREAU_ADMIN)


def has_role(user, *roles: str) -> bool:
    """Whether `user` is an active account of one of `roles`. Office staff count only with their
    office set: a clerk without an office may see no office's work."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return False
    if user.role == Role.OFFICE_STAFF and user.office_id is None:
        return False
    if user.role == Role.LEGAL_AID_STAFF and user.legal_aid_centre_id is None:
        return False
    return user.role in roles


def role_required(*roles: str) -> Callable:
    """A view only for users of `roles`. Anonymous visitors are sent to sign in; anyone else gets
    the same 404 as for an address that does not exist, so the address itself tells nothing."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = role_required(*STAFF_ROLES)
bureau_required = role_required(Role.BUREAU_ADMIN)
# Bureau admins supervise the 12348 desk and may use it.
operator_required = role_required(*HOTLINE_DESK_ROLES)
legal_aid_staff_required = role_required(*LEGAL_AID_DESK_ROLES)


def offices_for_staff(user) -> QuerySet[Office]:
    """The offices whose appointments and cases `user` may work on: all for a bureau admin, their
    own for office staff, none for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return Office.objects.none()
    if user.is_bureau_admin:
        return Office.objects.all()
    if user.is_office_staff:
        return Office.objects.filter(pk=user.office_id)
    return Office.objects.none()


def _legal_aid_centre_model() -> type[Model]:
    return apps.get_model("legalaid", "LegalAidCentre")


def legal_aid_centres_for_staff(user) -> QuerySet:
    """The legal-aid centres whose applications `user` may work on: all for a bureau admin, their
    own for legal-aid staff, none for anyone else (office staff and operators included)."""
    centres = _legal_aid_centre_model().objects
    if not getattr(user, "is_authenticated", False):
        return centres.none()
    if user.is_bureau_admin:
        return centres.all()
    if user.is_legal_aid_staff:
        return centres.filter(pk=user.legal_aid_centre_id)
    return centres.none()


def is_legal_aid_desk_user(user) -> bool:
    return has_role(user, *LEGAL_AID_DESK_ROLES)


def is_staff_member(user) -> bool:
    return has_role(user, *STAFF_ROLES)


def is_hotline_desk_user(user) -> bool:
    return has_role(user, *HOTLINE_DESK_ROLES)


# --- appointments -------------------------------------------------------------------------------


def _appointment_model() -> type[Model]:
    return apps.get_model("appointments", "Appointment")


def appointments_for_staff(*, user) -> QuerySet:
    """Appointments of the offices in `user`'s scope (none for anyone but staff)."""
    return (
        _appointment_model()
        .objects.filter(office__in=offices_for_staff(user))
        .select_related("matter", "office", "notary", "resident")
    )


def get_appointment_for_user(*, user, reference: str):
    """The resident's own appointment; anyone else's is a 404, never a 403 that leaks it exists."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    found = (
        _appointment_model()
        .objects.filter(resident=user)
        .by_reference(reference)
        .select_related("matter", "office", "office__district", "notary")
        .prefetch_related("matter__materials", "events", "exemption_claims")
        .first()
    )
    if found is None:
        raise Http404("No such appointment")
    return found


def get_appointment_for_staff(*, user, reference: str):
    """An appointment of an office in the user's scope; any other is a 404, never a 403."""
    if not is_staff_member(user):
        raise Http404
    found = (
        appointments_for_staff(user=user)
        .by_reference(reference)
        .prefetch_related("matter__materials")
        .first()
    )
    if found is None:
        raise Http404("No such appointment")
    return found


# --- legal aid ----------------------------------------------------------------------------------


def _legal_aid_application_model() -> type[Model]:
    return apps.get_model("legalaid", "Application")


def legal_aid_applications_for_staff(*, user) -> QuerySet:
    """Applications to the centres in `user`'s scope (none for anyone but centre staff and the
    bureau)."""
    return (
        _legal_aid_application_model()
        .objects.filter(centre__in=legal_aid_centres_for_staff(user))
        .select_related("centre", "case_kind", "applicant")
    )


def get_legal_aid_application_for_user(*, user, reference: str):
    """The applicant's own application; anyone else's is a 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    found = (
        _legal_aid_application_model()
        .objects.filter(applicant=user)
        .by_reference(reference)
        .select_related("centre", "case_kind")
        .prefetch_related("files", "events")
        .first()
    )
    if found is None:
        raise Http404("No such application")
    return found


def get_legal_aid_application_for_staff(*, user, reference: str):
    """An application to a centre in the user's scope; another centre's is a 404."""
    if not is_legal_aid_desk_user(user):
        raise Http404
    found = (
        legal_aid_applications_for_staff(user=user)
        .by_reference(reference)
        .prefetch_related("files", "events__by")
        .first()
    )
    if found is None:
        raise Http404("No such application")
    return found
