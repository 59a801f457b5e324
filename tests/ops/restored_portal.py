"""What a portal started on a restored database serves, as one JSON line for the restore drill.

Run in a fresh process against the restored database (tests/ops/test_restore_drill.py):

    DATABASE_URL=... manage.py shell -c "from tests.ops.restored_portal import report; report()"

OPS_ID_NUMBERS (comma-separated) are the identity numbers to look residents up by; with
OPS_PAGES=1 each resident also opens their own appointment pages.
"""

from __future__ import annotations

import json
import os

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from accounts.crypto import hash_id_number
from accounts.models import User
from appointments.models import Appointment

PREFIX = "RESTORED-PORTAL "


def _readable_id_number(user: User) -> str | None:
    try:
        return user.id_number
    except ImproperlyConfigured:  # no configured key decrypts it
        return None


def report() -> None:
    executor = MigrationExecutor(connection)
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    appointments = list(Appointment.objects.select_related("resident").order_by("reference"))
    residents = User.objects.exclude(id_number_encrypted="").order_by("email")
    numbers = [n for n in os.environ.get("OPS_ID_NUMBERS", "").split(",") if n]
    result = {
        "database": connection.settings_dict["NAME"],
        "unapplied_migrations": [f"{m.app_label}.{m.name}" for m, _backwards in unapplied],
        "appointments": [
            {
                "reference": a.reference,
                "status": a.status,
                "starts_at": a.starts_at.isoformat(),
                "notary_id": a.notary_id,
                "resident": a.resident.email,
            }
            for a in appointments
        ],
        "residents": [
            {
                "email": u.email,
                "id_number_encrypted": u.id_number_encrypted,
                "id_number": _readable_id_number(u),
            }
            for u in residents
        ],
        "found_by_id_number": {
            number: list(
                User.objects.filter(id_number_hash=hash_id_number(number)).values_list(
                    "email", flat=True
                )
            )
            for number in numbers
        },
        "pages": {},
    }
    if os.environ.get("OPS_PAGES") == "1":
        for appointment in appointments:
            client = Client(HTTP_HOST="localhost")
            client.force_login(appointment.resident)
            response = client.get(f"/appointments/{appointment.reference}/")
            result["pages"][appointment.reference] = {
                "status": response.status_code,
                "shows_reference": appointment.reference in response.content.decode(),
            }
    print(PREFIX + json.dumps(result))
