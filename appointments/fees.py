"""The fee quote of a booking: the matter's fee standard, then the exemptions that apply.

Every exemption the reform lists waives the whole fee, so a quote with an exemption claimed is
payable 0 until the counter decides; the gross amount is kept beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.utils import translation

from notaries.fees import fee_quote
from notaries.models import Exemption, Matter


@dataclass(frozen=True)
class FeeRequest:
    """What the resident told us for the fee."""

    copies: int = 1
    parties: int = 1
    value: Decimal | None = None
    declared: tuple[str, ...] = ()  # codes of exemptions the resident declares


@dataclass
class BookingQuote:
    gross: Decimal
    payable: Decimal
    details: dict
    exemptions: list[tuple[Exemption, bool]] = field(default_factory=list)  # (rule, automatic)


def applicable_exemptions(
    *, matter: Matter, resident, on: dt.date, declared: tuple[str, ...] = ()
) -> list[tuple[Exemption, bool]]:
    """The matter's exemptions in force that apply: age rules by the applicant's age on the
    appointment date (from the identity number), the others when the resident declares them."""
    found = []
    for exemption in matter.exemptions.all():
        if not exemption.is_active:
            continue
        if exemption.kind == Exemption.Kind.AGE:
            age = resident.age_on(on) if hasattr(resident, "age_on") else None
            if age is not None and exemption.min_age is not None and age >= exemption.min_age:
                found.append((exemption, True))
        elif exemption.kind == Exemption.Kind.LEGAL_AID:
            if _holds_legal_aid_grant(resident, on):
                found.append((exemption, True))
        elif exemption.code in declared:
            found.append((exemption, False))
    return found


def _holds_legal_aid_grant(resident, on: dt.date) -> bool:
    """Whether `resident` holds a legal-aid grant valid on `on`: decided on or before that day
    and at most LEGAL_AID_GRANT_VALID_DAYS before it. The legal-aid app sits above appointments,
    so its model is named through the registry, as accounts.permissions does, never imported."""
    if not getattr(resident, "pk", None):
        return False
    application = apps.get_model("legalaid", "Application")
    first_valid = on - dt.timedelta(days=settings.LEGAL_AID_GRANT_VALID_DAYS)
    return application.objects.filter(
        applicant_id=resident.pk,
        status="granted",
        decided_at__date__lte=on,
        decided_at__date__gt=first_valid,
    ).exists()


def booking_quote(*, matter: Matter, resident, on: dt.date, request: FeeRequest) -> BookingQuote:
    """The quote as it is stored with the appointment: both languages' labels, so the record reads
    the same later whatever the fee standard becomes."""
    quotes = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            quotes[language] = fee_quote(
                matter=matter, copies=request.copies, parties=request.parties, value=request.value
            )
    zh, en = quotes["zh-hans"], quotes["en"]
    exemptions = applicable_exemptions(
        matter=matter, resident=resident, on=on, declared=request.declared
    )
    gross = zh.gross
    payable = Decimal("0.00") if exemptions else gross
    details = {
        "copies": request.copies,
        "parties": request.parties,
        "value": str(request.value) if request.value is not None else None,
        "lines": [
            {"code": a.code, "amount": str(a.amount), "label_zh": a.label, "label_en": b.label}
            for a, b in zip(zh.lines, en.lines, strict=True)
        ],
    }
    return BookingQuote(gross=gross, payable=payable, details=details, exemptions=exemptions)
