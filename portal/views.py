"""Operational endpoints."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health check: database unreachable")
        return False


def _broker_ok() -> bool | None:
    """None when no broker is configured (tasks run inline)."""
    if not settings.CELERY_BROKER_URL:
        return None
    from portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        logger.exception("health check: broker unreachable")
        return False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database, broker = _database_ok(), _broker_ok()
    healthy = database and broker is not False
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "database": "ok" if database else "down",
            "broker": {None: "inline", True: "ok", False: "down"}[broker],
        },
        status=200 if healthy else 503,
    )


def explain_admin_refusal(login_view):
    """Wrap the admin's sign-in: a signed-in account without admin rights is not shown a bare
    "403 Forbidden" but a page in its language that says where its own work is."""
    from functools import wraps

    from django.shortcuts import render

    @wraps(login_view)
    def view(request: HttpRequest, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not (user.is_active and user.is_staff):
            return render(request, "admin_no_access.html", {"role": user.role}, status=403)
        return login_view(request, *args, **kwargs)

    return view
