"""No full mobile or identity number reaches a log line or stdout in a booking's whole life.

Everything a deployment would write is captured: every log record (the root logger and Django's
at DEBUG) and stdout, where the console backends print each SMS and e-mail. The life: a booking
through the web wizard with its confirmation, the one-time pre-review notice, the reminder and a
cancellation from the resident's page."""

import datetime as dt
import logging
import re

import pytest
from stdnum.cn import ric

from accounts.services import resident_profile_update
from appointments.models import Appointment
from appointments.notifications import reminders_send_due
from casework.models import ProblemKind
from casework.services import Problem, prereview_record
from portal import sms
from tests.appointments.conftest import at, make_bookable, valid_id_number
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Standing alone: not the tail of a longer run of digits, nor the decimals of a float (Celery
# logs each task's run time as 0.0145180890012852...).
MOBILE = re.compile(r"(?<![0-9.])1[3-9][0-9]{9}(?![0-9])")
IDENTITY = re.compile(r"(?<![0-9.])[0-9]{17}[0-9Xx](?![0-9])")
PHONE = "13912345678"


def identity_numbers(text: str) -> list[str]:
    """Every 18-character run that is a valid identity number (its check digit agrees)."""
    return [m for m in IDENTITY.findall(text) if ric.is_valid(m)]


def test_no_full_number_in_the_logs_of_a_booking_a_notice_a_reminder_and_a_cancellation(
    client, settings, caplog, capsys, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "portal.sms.ConsoleBackend"
    sms.outbox.clear()  # what earlier tests sent through the local-memory backend
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")
    bookable = make_bookable(notaries=1)
    resident = UserFactory(email="resident@example.com")
    id_number = valid_id_number(321)
    resident_profile_update(user=resident, real_name="测试居民", phone=PHONE, id_number=id_number)
    clerk = UserFactory(role="office_staff", office=bookable.office)
    client.force_login(resident)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    matter, office = bookable.matter, bookable.office
    start = at(bookable.day, 9)
    assert client.get("/book/", {"q": matter.name_en}).status_code == 200
    assert client.get(f"/book/{matter.code}/").status_code == 200
    day = client.get(f"/book/{matter.code}/{office.slug}/", {"date": bookable.day.isoformat()})
    assert day.status_code == 200
    review = f"/book/{matter.code}/{office.slug}/review/"
    assert client.get(review, {"start": start.isoformat()}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(review, {"start": start.isoformat()})
    assert confirmed.status_code == 302
    appointment = Appointment.objects.get()
    assert client.get(confirmed["Location"]).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        prereview_record(
            appointment=appointment,
            reviewer=clerk,
            problems=[Problem(material=matter.materials.first(), kind=ProblemKind.MISSING)],
        )
    assert reminders_send_due(now=appointment.starts_at - dt.timedelta(hours=2)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = client.post(f"/appointments/{appointment.reference}/cancel/", {"reason": ""})
    assert cancelled.status_code == 302

    out = capsys.readouterr()
    printed = out.out + out.err
    logged = "\n".join(
        f"{record.name} {record.getMessage()} {record.args!r}" for record in caplog.records
    )
    # The four text messages (confirmation, one-time notice, reminder, cancellation) were printed
    # (with the number masked) and logged about...
    assert printed.count("[SMS to 139****5678]") == 4, printed
    assert "appointment message sent" in logged
    assert sms.outbox == []  # all went through the console backend
    # ...and no full number appears anywhere.
    for captured in (printed, logged):
        assert PHONE not in captured and id_number not in captured
        assert MOBILE.findall(captured) == []
        assert identity_numbers(captured) == []
