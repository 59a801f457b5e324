"""Signing in with a one-time code by text message, for accounts that have no e-mail sign-in.

The 12348 hotline opens accounts for callers with a name, a mobile phone number and an identity
number, but no e-mail address or password. Their owners claim them here: the identity number and
the mobile phone number on record, then a 6-digit code sent to that phone. Once in, they may add
an e-mail address and a password (and then sign in with those, like everyone else), or keep
signing in by code.

An account that already has an e-mail sign-in (a confirmed address) is never reached this way:
knowing someone's identity number and phone number must not open an account that its owner
protects with a password.

What the visitor is told does not depend on whether an account matched: the same "if the details
match, a code was sent" and the same "wrong or expired" whatever was wrong, so the form cannot be
used to find out who has an account.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from portal.sms import send_sms

from .crypto import hash_id_number
from .identity import normalise_id_number, normalise_phone
from .models import SignInCode, User

logger = logging.getLogger(__name__)

CODE_DIGITS = 6
CODE_VALID = dt.timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5
# Codes sent to one account in CODES_WINDOW, whoever asks: a text-message bomb is as much abuse
# as guessing. Past the limit nothing is sent (the page says the same as always).
CODES_PER_WINDOW = 3
CODES_WINDOW = dt.timedelta(hours=1)


def has_email_sign_in(user: User) -> bool:
    """Whether the account signs in with a confirmed e-mail address (and so can also recover its
    password by e-mail). Until the address is confirmed, codes still work: a mistyped address
    must not lock its owner out."""
    return EmailAddress.objects.filter(user_id=user.pk, verified=True).exists()


def _digest(code_id: int, code: str) -> str:
    return salted_hmac("accounts.sms_sign_in", f"{code_id}:{code}").hexdigest()


def _account_for(*, id_number: str, phone: str) -> User | None:
    try:
        number = normalise_id_number(id_number)
        mobile = normalise_phone(phone)
    except ValidationError:
        return None
    user = User.objects.filter(
        id_number_hash=hash_id_number(number), role=User.Role.RESIDENT, is_active=True
    ).first()
    if user is None or not hmac.compare_digest(user.phone or "", mobile):
        return None
    if has_email_sign_in(user):
        return None
    return user


def sign_in_code_send(*, id_number: str, phone: str, now: dt.datetime | None = None) -> int | None:
    """Send a sign-in code to the account with this identity number and this mobile phone number
    on record, if there is one without an e-mail sign-in and it has not had too many codes.
    Returns the code's id to remember in the session, or None when nothing was sent."""
    now = now or timezone.now()
    user = _account_for(id_number=id_number, phone=phone)
    if user is None:
        return None
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    with transaction.atomic():
        # Serialises concurrent requests for one account, so the per-account count holds.
        User.objects.select_for_update().filter(pk=user.pk).first()
        recent = SignInCode.objects.filter(user=user, created_at__gte=now - CODES_WINDOW).count()
        if recent >= CODES_PER_WINDOW:
            logger.info("sign-in code refused user=%s: too many codes", user.pk)
            return None
        # A new code replaces any older one still open.
        SignInCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
            expires_at=now
        )
        record = SignInCode.objects.create(
            user=user, code_hash="", created_at=now, expires_at=now + CODE_VALID
        )
        record.code_hash = _digest(record.pk, code)
        record.save(update_fields=["code_hash"])
        # In the language of the page that asked for it.
        body = _(
            "Your sign-in code for the city notary service is %(code)s. It is valid for "
            "%(minutes)d minutes. Nobody from the service will ask you for it."
        ) % {"code": code, "minutes": CODE_VALID.seconds // 60}
        phone_number = user.phone
        transaction.on_commit(lambda: send_sms(to=phone_number, body=body))
    logger.info("sign-in code sent user=%s code=%s", user.pk, record.pk)
    return record.pk


def sign_in_code_check(
    *, code_id: int | None, code: str, now: dt.datetime | None = None
) -> User | None:
    """The account the code signs in to, or None (wrong, expired, used, too many tries, or no
    code was sent). A right code is used up; a wrong one counts against the code."""
    now = now or timezone.now()
    entered = "".join(code.split())[: CODE_DIGITS + 1]
    if not code_id:
        return None
    with transaction.atomic():
        record = (
            SignInCode.objects.select_for_update()
            .select_related("user")
            .filter(pk=code_id, used_at__isnull=True, expires_at__gt=now)
            .first()
        )
        if record is None or record.attempts >= CODE_MAX_ATTEMPTS:
            return None
        right = (
            entered.isdigit()
            and len(entered) == CODE_DIGITS
            and hmac.compare_digest(record.code_hash, _digest(record.pk, entered))
        )
        if not right:
            record.attempts += 1
            record.save(update_fields=["attempts"])
            return None
        # The account may have gained an e-mail sign-in since the code was sent.
        if has_email_sign_in(record.user) or not record.user.is_active:
            return None
        record.used_at = now
        record.save(update_fields=["used_at"])
        return record.user


def email_sign_in_add(*, request, user: User, email: str, password: str) -> User:
    """Give an account claimed by code an e-mail address (to be confirmed by the link allauth
    sends) and a password. Raises ValidationError keyed by field."""

    email = email.strip()
    errors: dict[str, ValidationError] = {}
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        errors["email"] = ValidationError(
            _("Another account already uses this e-mail address."), code="email_in_use"
        )
    try:
        validate_password(password, user)
    except ValidationError as error:
        errors["password1"] = error
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user.email = email
        user.set_password(password)
        user.save(update_fields=["email", "password"])
        EmailAddress.objects.filter(user=user).exclude(email__iexact=email).delete()
        address = EmailAddress.objects.add_email(request, user, email, confirm=False)
        EmailAddress.objects.filter(pk=address.pk).update(primary=True)
        address.primary = True
    # The confirmation link goes out once the account is saved (allauth reads the request's
    # site from its own request context, so this is sent here, not from an on-commit hook).
    address.send_confirmation(request)
    return user
