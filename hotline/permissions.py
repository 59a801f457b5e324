"""Who may work at the hotline desk: 12348 operators, and bureau admins (who supervise it)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest


def is_hotline_desk_user(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.role == user.Role.HOTLINE_OPERATOR or user.is_bureau_admin


def operator_required(view):
    """Anonymous visitors sign in; anyone else who is not at the desk gets a 404, the same as for
    an address that does not exist."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_hotline_desk_user(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
