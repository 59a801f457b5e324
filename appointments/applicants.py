"""The person an appointment is for, when the account holder books for someone else.

Everything that depends on the person reads it through the same few attributes as the account
(`real_name`, `phone`, `id_number_hash`, `age_on`, `id_number_masked`), so the fee rules, the
green channel, the blacklist and the time picker take either."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.crypto import decrypt_id_number, encrypt_id_number, hash_id_number
from accounts.identity import id_number_birth_date, mask_id_number, mask_phone


@dataclass(frozen=True)
class Applicant:
    real_name: str
    phone: str
    id_number_hash: str
    id_number_encrypted: str
    birth_date: dt.date | None
    relationship: str

    @classmethod
    def from_number(
        cls, *, real_name: str, phone: str, id_number: str, relationship: str
    ) -> Applicant:
        """From a validated, normalised identity number (the form's clean value)."""
        return cls(
            real_name=real_name,
            phone=phone,
            id_number_hash=hash_id_number(id_number),
            id_number_encrypted=encrypt_id_number(id_number),
            birth_date=id_number_birth_date(id_number),
            relationship=relationship,
        )

    def get_relationship_display(self) -> str:
        from .models import Appointment

        return str(Appointment.Relationship(self.relationship).label)

    @property
    def is_agency(self) -> bool:
        return self.relationship == "agent"

    @property
    def has_complete_profile(self) -> bool:
        return bool(self.real_name and self.phone and self.id_number_hash)

    @property
    def id_number(self) -> str:
        return decrypt_id_number(self.id_number_encrypted) if self.id_number_encrypted else ""

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number) if self.id_number_encrypted else ""

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    def age_on(self, date: dt.date) -> int | None:
        """Age in completed years on `date`, as the account's `age_on` counts it."""
        if self.birth_date is None:
            return None
        born = self.birth_date
        return date.year - born.year - ((date.month, date.day) < (born.month, born.day))


def applicant_fields(*, resident, applicant: Applicant | None) -> dict:
    """The appointment's applicant columns for a booking by `resident` for `applicant` (None: for
    themself)."""
    if applicant is None:
        return {
            "applicant_name": resident.real_name,
            "applicant_phone": resident.phone,
            "applicant_relationship": "",
            "applicant_id_hash": resident.id_number_hash or "",
            "applicant_id_encrypted": "",
            "applicant_birth_date": getattr(resident, "birth_date", None),
        }
    return {
        "applicant_name": applicant.real_name,
        "applicant_phone": applicant.phone,
        "applicant_relationship": applicant.relationship,
        "applicant_id_hash": applicant.id_number_hash,
        "applicant_id_encrypted": applicant.id_number_encrypted,
        "applicant_birth_date": applicant.birth_date,
    }
