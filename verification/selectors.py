"""Verification reads: which items of an appointment a data link can confirm, and the answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from appointments.materials import BookedItem
from appointments.models import Appointment

from .backends import backend_path
from .models import Verification


def record_can_verify(appointment: Appointment) -> bool:
    """The resident's own record answers for the resident only: an appointment booked for
    someone else (their consent is not the account holder's to give) is not verified online."""
    return (
        bool(backend_path())
        and appointment.status == Appointment.Status.BOOKED
        and not appointment.for_someone_else
        and bool(appointment.resident.id_number_hash)
    )


def verifiable_item(*, appointment: Appointment, material_id: int) -> BookedItem | None:
    """The item of the list as booked, if the resident's record can verify it online."""
    if not record_can_verify(appointment):
        return None
    for item in appointment.booked_materials:
        if item.pk == material_id and item.verification_kind:
            return item
    return None


def latest_by_item(*, appointment: Appointment) -> dict[int, Verification]:
    """Each item's answer: a verification once given stands; otherwise the latest question."""
    found: dict[int, Verification] = {}
    for verification in Verification.objects.filter(appointment=appointment).order_by(
        "material_id", "-asked_at", "-id"
    ):
        current = found.get(verification.material_id)
        if current is None or (verification.verified and not current.verified):
            found[verification.material_id] = verification
    return found


def verified_item_ids(*, appointment: Appointment) -> set[int]:
    return set(
        Verification.objects.filter(
            appointment=appointment, answer=Verification.Answer.VERIFIED
        ).values_list("material_id", flat=True)
    )


@dataclass(frozen=True)
class ItemCheck:
    """One checklist item's online verification, as a page shows it."""

    result: Verification | None = None
    can_ask: bool = False

    @property
    def verified(self) -> bool:
        return self.result is not None and self.result.verified


@dataclass
class AppointmentChecks:
    items: dict[int, ItemCheck] = field(default_factory=dict)

    def for_item(self, material_id) -> ItemCheck:
        return self.items.get(material_id) or ItemCheck()


def checks_for(*, appointment: Appointment) -> AppointmentChecks:
    results = latest_by_item(appointment=appointment)
    askable = record_can_verify(appointment)
    checks = AppointmentChecks()
    for item in appointment.booked_materials:
        result = results.get(item.pk)
        can_ask = askable and bool(item.verification_kind) and not (result and result.verified)
        if result is not None or can_ask:
            checks.items[item.pk] = ItemCheck(result=result, can_ask=can_ask)
    return checks
