"""The restore drill: back up with the script `make backup` runs, restore with the one `make
restore` runs into a fresh database, and start the portal on it.

With the same keys the restored portal serves the same appointments and references, and reads and
finds the residents' identity numbers; with other keys the numbers are lost: a backup is only as
good as the keys kept beside it.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import uuid

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection

from accounts.models import User
from appointments.models import Appointment
from appointments.services import appointment_book
from tests.appointments.conftest import at, make_bookable, make_resident
from tests.ops.conftest import database_url, require
from tests.ops.restored_portal import PREFIX

pytestmark = [pytest.mark.ops, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SCRIPTS = settings.BASE_DIR / "scripts"
TIMEOUT = 60  # seconds for any one command: a hung pg_dump fails the test, never the run


@pytest.fixture
def needs_postgresql_tools():
    missing = [] if connection.vendor == "postgresql" else ["PostgreSQL (DATABASE_URL)"]
    missing += [
        tool for tool in ("pg_dump", "pg_restore", "createdb", "dropdb") if not shutil.which(tool)
    ]
    require("the restore drill", missing)


@pytest.fixture
def restored_name(needs_postgresql_tools):
    """A database name nobody uses, dropped at the end whatever happened."""
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")


def run(command: list[str], **env: str) -> str:
    result = subprocess.run(
        command,
        cwd=settings.BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def restored_portal(name: str, *, id_numbers: list[str], pages: bool = False, **env: str) -> dict:
    """Start the portal on the restored database in a fresh process and ask what it serves."""
    out = run(
        [
            *(sys.executable, "manage.py", "shell", "-c"),
            "from tests.ops.restored_portal import report; report()",
        ],
        # The test settings: the same SECRET_KEY, hence (with no keys given) the same keys.
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        DATABASE_URL=database_url(name),
        ALLOWED_HOSTS="localhost",
        OPS_ID_NUMBERS=",".join(id_numbers),
        OPS_PAGES="1" if pages else "",
        **env,
    )
    (line,) = [line for line in out.splitlines() if line.startswith(PREFIX)]
    return json.loads(line.removeprefix(PREFIX))


def test_a_backup_restored_into_a_fresh_database_serves_the_same_portal(tmp_path, restored_name):
    bookable = make_bookable(notaries=2)
    residents = [make_resident(email=f"drill{i}@example.com") for i in range(2)]
    booked = [
        appointment_book(
            resident=resident,
            matter=bookable.matter,
            office=bookable.office,
            starts_at=at(bookable.day, 10 + i),
        )
        for i, resident in enumerate(residents)
    ]
    id_numbers = [resident.id_number for resident in residents]
    expected_appointments = [
        {
            "reference": a.reference,
            "status": a.status,
            "starts_at": a.starts_at.isoformat(),
            "notary_id": a.notary_id,
            "resident": a.resident.email,
        }
        for a in Appointment.objects.select_related("resident").order_by("reference")
    ]
    assert {a["reference"] for a in expected_appointments} == {a.reference for a in booked}
    expected_residents = [
        {"email": u.email, "id_number_encrypted": u.id_number_encrypted, "id_number": u.id_number}
        for u in User.objects.exclude(id_number_encrypted="").order_by("email")
    ]
    assert len(expected_residents) == 2
    assert all(r["id_number"] not in r["id_number_encrypted"] for r in expected_residents)

    out = run([str(SCRIPTS / "backup.sh")], DATABASE_URL=database_url(), BACKUP_DIR=str(tmp_path))
    backup = tmp_path / out.strip().splitlines()[-1].rsplit("/", 1)[-1]
    assert backup.is_file() and backup.suffix == ".dump"
    assert [p.name for p in tmp_path.iterdir()] == [backup.name]  # no partial file left behind
    run([str(SCRIPTS / "restore.sh"), str(backup), database_url(restored_name)])

    # With the keys: the same appointments, references and residents, numbers readable and found.
    portal = restored_portal(restored_name, id_numbers=id_numbers, pages=True)
    assert portal["database"] == restored_name
    assert portal["unapplied_migrations"] == []
    assert portal["appointments"] == expected_appointments
    assert portal["residents"] == expected_residents
    assert portal["found_by_id_number"] == {r.id_number: [r.email] for r in residents}
    assert portal["pages"] == {
        a["reference"]: {"status": 200, "shows_reference": True} for a in expected_appointments
    }

    # Without them (any other keys): the appointments are there, the identity numbers are not.
    keyless = restored_portal(
        restored_name,
        id_numbers=id_numbers,
        ID_NUMBER_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        ID_NUMBER_HASH_KEY=secrets.token_urlsafe(32),
    )
    assert keyless["appointments"] == expected_appointments
    assert [r["id_number"] for r in keyless["residents"]] == [None, None]
    assert keyless["found_by_id_number"] == {number: [] for number in id_numbers}

    # A restore never writes into an existing database: the second one is refused.
    refused = subprocess.run(
        [str(SCRIPTS / "restore.sh"), str(backup), database_url(restored_name)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert refused.returncode != 0 and "already exists" in refused.stderr
