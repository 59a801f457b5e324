"""Retention: personal data of appointments older than the retention period is removed, while
what the statistics need (office, notary, matter, times, status, fees, exemption kinds) stays."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Appointment, AppointmentEvent, ExemptionClaim, HomeVisitRequest

ANONYMISED = "[已匿名 anonymised]"


# Apps above this one keep personal data about appointments too. Each registers, from its
# AppConfig.ready(), a function that anonymises its rows for a batch of appointment ids inside the
# batch's transaction and returns how many files it removed: appointments never imports them.
_ANONYMISERS: list[Callable[[list[int]], int]] = []


def anonymiser_register(anonymise: Callable[[list[int]], int]) -> None:
    if anonymise not in _ANONYMISERS:
        _ANONYMISERS.append(anonymise)


@dataclass
class RetentionReport:
    appointments: int = 0
    files: int = 0


def retention_cutoff(*, now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


def personal_data_anonymise(
    *,
    before: dt.datetime,
    batch_size: int = 500,
    progress: Callable[[str], None] = lambda message: None,
) -> RetentionReport:
    """Anonymise appointments that ended before `before` and are no longer active, a batch per
    transaction: an interrupted run leaves every batch either done or untouched, and the next run
    continues where it stopped (anonymised rows are skipped)."""
    report = RetentionReport()
    due = Appointment.objects.filter(ends_at__lt=before, anonymised_at__isnull=True).exclude(
        status__in=Appointment.ACTIVE_STATUSES
    )
    total = due.count()
    while True:
        ids = list(due.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        with transaction.atomic():
            report.files += _anonymise_batch(ids)
        report.appointments += len(ids)
        progress(f"anonymised {report.appointments}/{total} appointments")
    return report


def _anonymise_batch(ids: list[int]) -> int:
    now = timezone.now()
    locked = list(Appointment.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
    if not locked:
        return 0
    Appointment.objects.filter(pk__in=ids).update(
        applicant_name="",
        applicant_phone="",
        applicant_id_hash="",
        applicant_id_encrypted="",
        applicant_birth_date=None,
        home_visit_address="",
        fee_final_note="",
        anonymised_at=now,
    )
    ExemptionClaim.objects.filter(appointment_id__in=ids).exclude(
        status=ExemptionClaim.Status.CLAIMED
    ).update(reason=ANONYMISED)
    # Reasons are people's own words (a cancellation's, the office's message): personal.
    AppointmentEvent.objects.filter(appointment_id__in=ids).exclude(reason="").update(
        reason=ANONYMISED
    )
    AppointmentEvent.objects.filter(appointment_id__in=ids).filter(
        Q(data__has_key="reason") | Q(data__has_key="note")
    ).update(data={})
    HomeVisitRequest.objects.filter(appointment_id__in=ids).update(
        address="", reason="", preferred_times="", phone=""
    )
    # What higher apps keep about these appointments (casework: uploads, post, pre-reviews).
    return sum(anonymise(ids) for anonymise in _ANONYMISERS)
