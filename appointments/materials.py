"""The materials list as it was booked: the contract between the resident and the office.

At booking the appointment keeps a copy of its matter's checklist (both languages, every
attribute) and of the evidence its claimed exemptions ask for. The resident's page, the staff
page, the printed checklist and the pre-review read this copy, so an edit of the catalogue
changes future bookings only; a reschedule keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from notaries.models import MaterialItem, Matter, VerificationKind
from portal.i18n import is_english

SNAPSHOT_VERSION = 1

_ITEM_FIELDS = (
    "position",
    "name_zh",
    "name_en",
    "note_zh",
    "note_en",
    "form",
    "copies",
    "provider",
    "commitment_allowed",
    # The data link that can confirm it (notaries.models.VerificationKind); a snapshot taken
    # before the field existed has none: such an item is brought, never verified online.
    "verification_kind",
)


def item_snapshot(item: MaterialItem) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.pk}
    for name in _ITEM_FIELDS:
        data[name] = getattr(item, name)
    return data


def materials_snapshot(
    *,
    matter: Matter,
    items: Iterable[MaterialItem] | None = None,
    exemptions: Iterable[Any] = (),
    source: str = "booking",
) -> dict[str, Any]:
    """The snapshot stored with an appointment: the matter's checklist now, and the evidence of
    the exemptions claimed (`exemptions`: Exemption rows)."""
    listed = items if items is not None else matter.materials.order_by("position")
    return {
        "version": SNAPSHOT_VERSION,
        "taken_at": timezone.now().isoformat(),
        "source": source,
        "items": [item_snapshot(item) for item in listed],
        "evidence": [
            {
                "exemption": exemption.code,
                "name_zh": exemption.name_zh,
                "name_en": exemption.name_en,
                "evidence_zh": exemption.evidence_zh,
                "evidence_en": exemption.evidence_en,
            }
            for exemption in exemptions
        ],
    }


@dataclass(frozen=True)
class BookedItem:
    """One checklist line as booked; reads like a MaterialItem in templates."""

    pk: int
    position: int
    name_zh: str
    name_en: str
    note_zh: str
    note_en: str
    form: str
    copies: int
    provider: str
    commitment_allowed: bool
    verification_kind: str = ""

    @property
    def id(self) -> int:
        return self.pk

    def _localized(self, field: str) -> str:
        chinese = getattr(self, f"{field}_zh")
        return (getattr(self, f"{field}_en") or chinese) if is_english() else chinese

    @property
    def name(self) -> str:
        return self._localized("name")

    @property
    def note(self) -> str:
        return self._localized("note")

    def get_form_display(self) -> str:
        return str(dict(MaterialItem.Form.choices).get(self.form, self.form))

    def get_verification_kind_display(self) -> str:
        return str(dict(VerificationKind.choices).get(self.verification_kind, ""))

    def get_provider_display(self) -> str:
        return str(dict(MaterialItem.Provider.choices).get(self.provider, self.provider))

    def __str__(self) -> str:
        return self.name

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> BookedItem:
        return cls(
            pk=int(data["id"]),
            position=int(data.get("position") or 0),
            name_zh=str(data.get("name_zh") or ""),
            name_en=str(data.get("name_en") or ""),
            note_zh=str(data.get("note_zh") or ""),
            note_en=str(data.get("note_en") or ""),
            form=str(data.get("form") or ""),
            copies=int(data.get("copies") or 1),
            provider=str(data.get("provider") or ""),
            commitment_allowed=bool(data.get("commitment_allowed")),
            verification_kind=str(data.get("verification_kind") or ""),
        )


def booked_items(appointment) -> list[BookedItem]:
    """The appointment's checklist as booked. An appointment written before snapshots existed
    and missed by the data migration (none should be) reads its matter's current list."""
    snapshot = appointment.materials_snapshot or {}
    if "items" not in snapshot:
        return [
            BookedItem.from_data(item_snapshot(item))
            for item in appointment.matter.materials.order_by("position")
        ]
    return [BookedItem.from_data(data) for data in snapshot["items"]]


def booked_item_ids(appointment) -> set[int]:
    return {item.pk for item in booked_items(appointment)}
