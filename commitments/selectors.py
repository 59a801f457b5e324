"""Commitment reads."""

from __future__ import annotations

from appointments.materials import BookedItem
from appointments.models import Appointment

from .models import Commitment, CommitmentStatement, FalseCommitmentReport


def current_statement() -> CommitmentStatement | None:
    return CommitmentStatement.objects.order_by("-version").first()


def allowed_item(*, appointment: Appointment, material_id: int) -> BookedItem | None:
    """The item of the list as booked, if it accepts a commitment statement."""
    for item in appointment.booked_materials:
        if item.pk == material_id and item.commitment_allowed:
            return item
    return None


def commitments_by_item(*, appointment: Appointment) -> dict[int, Commitment]:
    return {
        c.material_id: c
        for c in Commitment.objects.filter(appointment=appointment).select_related(
            "statement", "report"
        )
    }


def reports_for_bureau(*, status: str = "proposed") -> list[FalseCommitmentReport]:
    """The bureau's proposals from false commitments, newest first; `status` "all" lists every
    one. A flat number of queries whatever their count."""
    reports = FalseCommitmentReport.objects.select_related(
        "commitment__appointment__office",
        "commitment__statement",
        "reported_by",
        "decided_by",
        "entry",
    ).order_by("-reported_at", "-id")
    if status in FalseCommitmentReport.Status.values:
        reports = reports.filter(status=status)
    return list(reports[:200])


def report_for_bureau(*, pk: int) -> FalseCommitmentReport | None:
    return (
        FalseCommitmentReport.objects.select_related(
            "commitment__appointment__office",
            "commitment__statement",
            "reported_by",
            "decided_by",
            "entry",
        )
        .filter(pk=pk)
        .first()
    )
