"""Writes of the hotline desk: booking on behalf of a caller (with the caller's consent recorded)
and looking up a caller's appointment (every look-up recorded)."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.crypto import hash_id_number
from accounts.errors import IdNumberInUse
from accounts.identity import clean_person_name, normalise_id_number, normalise_phone
from accounts.models import IdentityNumberRecord, User
from accounts.services import resident_profile_update
from appointments.fees import FeeRequest
from appointments.models import Appointment
from appointments.references import normalise_reference
from appointments.services import appointment_book
from legalaid.models import Application as LegalAidApplication
from legalaid.models import CaseKind, LegalAidCentre
from legalaid.services import application_submit
from notaries.models import Matter, Office

from .errors import TooManyLookups
from .models import CallerChangeConsent, CallerConsent, HotlineLookup, LegalAidConsent

logger = logging.getLogger(__name__)

# The words the operator reads to the caller. A new wording gets a new version, so each record
# says which words the caller agreed to.
CONSENT_VERSION = "2025-1"
CONSENT_TEXT = _(
    "The caller agrees that the 12348 hotline books this notarization appointment on their "
    "behalf, and that their real name, mobile phone number and resident identity number are "
    "stored and passed to the notary office for it."
)

# The words the operator reads before cancelling or moving a caller's appointment.
CHANGE_CONSENT_VERSION = "2026-1"
CHANGE_CONSENT_TEXT = _(
    "The caller asks the 12348 hotline to make this change to their appointment and agrees to "
    "it. They are told that they will receive a text message about it."
)

# The words the operator reads before filing a legal-aid application for a caller.
LEGAL_AID_CONSENT_VERSION = "2026-1"
LEGAL_AID_CONSENT_TEXT = _(
    "The caller declares that the facts they gave are true, agrees that the 12348 hotline files "
    "this legal-aid application on their behalf, and that their real name, mobile phone number "
    "and resident identity number are stored and passed to the legal-aid centre, which checks "
    "the facts and contacts them about it."
)

# Look-ups are answered "not found" whichever part was wrong; this cap stops an operator account
# from being used to try references and phone numbers in bulk.
LOOKUP_FAILURE_LIMIT = 20
LOOKUP_FAILURE_WINDOW = dt.timedelta(minutes=15)

NAME_MAX_LENGTH: int = User._meta.get_field("real_name").max_length or 0


def _clean_name(raw: str) -> str:
    return clean_person_name(
        raw,
        max_length=NAME_MAX_LENGTH,
        required_message=_("Enter the caller's name as it appears on their identity card."),
    )


def caller_details_clean(*, real_name: str, phone: str, id_number: str) -> dict[str, str]:
    """The caller's details in canonical form, or ValidationError keyed by field."""
    errors: dict[str, ValidationError] = {}
    cleaned: dict[str, str] = {}
    for field, raw, clean in (
        ("real_name", real_name, _clean_name),
        ("phone", phone, normalise_phone),
        ("id_number", id_number, normalise_id_number),
    ):
        try:
            cleaned[field] = clean(raw)
        except ValidationError as exc:
            errors[field] = exc
    if errors:
        raise ValidationError(errors)
    return cleaned


def _existing_caller(*, number_hash: str, real_name: str, phone: str) -> User | None:
    caller = User.objects.filter(id_number_hash=number_hash).first()
    if caller is None:
        return None
    # The number alone is not proof of who is calling: the name and phone on record must agree
    # too. The desk never overwrites a resident's own details.
    errors = {}
    if caller.real_name and caller.real_name != real_name:
        errors["real_name"] = ValidationError(
            _(
                "This name does not match the one on record for this identity number. Please "
                "check both with the caller."
            ),
            code="name_mismatch",
        )
    if caller.phone and caller.phone != phone:
        errors["phone"] = ValidationError(
            _(
                "This identity number is registered with another mobile phone number. Ask the "
                "caller for the number on their account; they can change it online or at an "
                "office."
            ),
            code="phone_mismatch",
        )
    if errors:
        raise ValidationError(errors)
    return caller


def _open_caller_account(*, real_name: str, phone: str, id_number: str, operator) -> User:
    # No e-mail and no usable password: the account exists so the booking has an owner and the
    # blacklist a person to match. The caller can reach it through the hotline or an office.
    caller = User(username=f"caller-{secrets.token_hex(8)}", email="", role=User.Role.RESIDENT)
    caller.set_unusable_password()
    caller.save()
    return resident_profile_update(
        user=caller,
        real_name=real_name,
        phone=phone,
        id_number=id_number,
        kind=IdentityNumberRecord.Kind.HOTLINE,
        by=operator,
    )


def _caller_with_consent(
    *, operator, details: dict[str, str], matter: Matter, office: Office
) -> CallerConsent:
    number_hash = hash_id_number(details["id_number"])
    for _attempt in range(2):
        try:
            with transaction.atomic(durable=True):
                caller = _existing_caller(
                    number_hash=number_hash,
                    real_name=details["real_name"],
                    phone=details["phone"],
                )
                created = caller is None
                if caller is None:
                    caller = _open_caller_account(**details, operator=operator)
                return CallerConsent.objects.create(
                    operator=operator,
                    caller=caller,
                    account_created=created,
                    matter=matter,
                    office=office,
                    consent_version=CONSENT_VERSION,
                    consent_text=str(CONSENT_TEXT),
                )
        except IdNumberInUse:
            # Someone opened an account with this number between our look-up and our insert
            # (another operator, or the resident online): take that account on the second pass.
            continue
    raise IdNumberInUse


def hotline_booking_create(
    *,
    operator,
    real_name: str,
    phone: str,
    id_number: str,
    consent: bool,
    matter: Matter,
    office: Office,
    starts_at: dt.datetime,
    fee: FeeRequest | None = None,
    green_channel: str = "",
    language: str | None = None,
) -> CallerConsent:
    """Book for a caller: find their account by identity number or open one, record their
    consent, then book through the same service as the web (channel "hotline").

    Raises ValidationError (keyed by `real_name`, `phone`, `id_number`, `consent`) before anything
    is written; the booking errors of `appointment_book` (Blacklisted, SlotTaken, ...) after the
    consent and account are recorded but nothing is booked. Returns the consent record with its
    appointment."""
    if not consent:
        raise ValidationError(
            {
                "consent": ValidationError(
                    _("The caller must agree before anything is booked or stored."),
                    code="required",
                )
            }
        )
    details = caller_details_clean(real_name=real_name, phone=phone, id_number=id_number)
    record = _caller_with_consent(operator=operator, details=details, matter=matter, office=office)
    appointment = appointment_book(
        resident=record.caller,
        matter=matter,
        office=office,
        starts_at=starts_at,
        actor=operator,
        channel="hotline",
        language=language or translation.get_language(),
        fee=fee,
        green_channel=green_channel,
    )
    # appointment_book commits on its own (durable); linking is a second short transaction.
    with transaction.atomic():
        record.appointment = appointment
        record.save(update_fields=["appointment"])
    logger.info("hotline booking appointment=%s consent=%s", appointment.pk, record.pk)
    return record


def hotline_lookup(*, operator, reference: str, phone: str) -> Appointment | None:
    """The appointment with this reference booked with this phone number, or None.

    Both must match; the answer is the same whichever does not, so a caller (or anyone reading
    the screen) learns nothing about which part was wrong. Every look-up is recorded."""
    since = timezone.now() - LOOKUP_FAILURE_WINDOW
    failures = HotlineLookup.objects.filter(operator=operator, found=False, at__gte=since)
    if failures.count() >= LOOKUP_FAILURE_LIMIT:
        raise TooManyLookups
    normalised = normalise_reference(reference)[:32]
    try:
        number = normalise_phone(phone)
    except ValidationError:
        number = ""
    appointment = None
    if normalised and number:
        appointment = (
            Appointment.objects.select_related(
                "resident", "matter", "office", "office__district", "notary"
            )
            .filter(reference=normalised, applicant_phone=number)
            .first()
        )
    with transaction.atomic():
        HotlineLookup.objects.create(
            operator=operator,
            reference=normalised,
            found=appointment is not None,
            appointment=appointment,
        )
    return appointment


def caller_change_record(
    *,
    operator,
    appointment: Appointment,
    previous_starts_at: dt.datetime,
    action: str,
    reason: str,
) -> CallerChangeConsent:
    """The caller's consent to a cancellation or move, written inside the change's own transaction
    (appointments' services call it back), so the two stand or fall together."""
    return CallerChangeConsent.objects.create(
        operator=operator,
        appointment=appointment,
        action=action,
        previous_starts_at=previous_starts_at,
        new_starts_at=appointment.starts_at
        if action == CallerChangeConsent.Action.RESCHEDULE
        else None,
        reason=reason,
        consent_version=CHANGE_CONSENT_VERSION,
        consent_text=str(CHANGE_CONSENT_TEXT),
    )


# --- legal aid for a caller ---------------------------------------------------------------------


def hotline_legal_aid_apply(
    *,
    operator,
    real_name: str,
    phone: str,
    id_number: str,
    consent: bool,
    centre: LegalAidCentre,
    case_kind: CaseKind,
    case_description: str,
    ground: str,
    monthly_income_per_person: Decimal | None = None,
    agent_name: str = "",
    agent_relation: str = "",
    language: str | None = None,
) -> LegalAidConsent:
    """File a legal-aid application for a caller on the phone: find their account by identity
    number or open one, then apply through the same service as the web (channel "hotline", no
    documents yet: the centre asks once for what is missing) and record the consent read out.

    Raises ValidationError (keyed by `real_name`, `phone`, `id_number`, `consent`,
    `case_description`, `ground`) before anything is written. Everything else is one transaction:
    the account, the application and the consent are written together or not at all."""
    if not consent:
        raise ValidationError(
            {
                "consent": ValidationError(
                    _("The caller must agree before anything is filed or stored."),
                    code="required",
                )
            }
        )
    details = caller_details_clean(real_name=real_name, phone=phone, id_number=id_number)
    description = (case_description or "").strip()
    problems: dict[str, ValidationError] = {}
    if not description:
        problems["case_description"] = ValidationError(_("Describe the case."), code="required")
    if ground not in LegalAidApplication.Ground.values:
        problems["ground"] = ValidationError(_("Choose why the caller qualifies."), code="invalid")
    if problems:
        raise ValidationError(problems)
    number_hash = hash_id_number(details["id_number"])
    for _attempt in range(2):
        try:
            with transaction.atomic(durable=True):
                caller = _existing_caller(
                    number_hash=number_hash,
                    real_name=details["real_name"],
                    phone=details["phone"],
                )
                created = caller is None
                if caller is None:
                    caller = _open_caller_account(**details, operator=operator)
                application = application_submit(
                    applicant=caller,
                    centre=centre,
                    case_kind=case_kind,
                    applicant_name=details["real_name"],
                    applicant_phone=details["phone"],
                    agent_name=agent_name,
                    agent_relation=agent_relation,
                    case_description=description,
                    ground=ground,
                    monthly_income_per_person=monthly_income_per_person,
                    consent=True,
                    uploads=[],
                    language=language or translation.get_language() or "zh-hans",
                    filed_by=operator,
                )
                record = LegalAidConsent.objects.create(
                    operator=operator,
                    caller=caller,
                    account_created=created,
                    application=application,
                    consent_version=LEGAL_AID_CONSENT_VERSION,
                    consent_text=str(LEGAL_AID_CONSENT_TEXT),
                )
        except IdNumberInUse:
            # Someone opened an account with this number meanwhile: take it on the second pass.
            continue
        logger.info("hotline legal-aid application=%s consent=%s", record.application_id, record.pk)
        return record
    raise IdNumberInUse
