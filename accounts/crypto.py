"""Encryption and keyed hashing of resident identity numbers.

The number is stored encrypted (Fernet) so a leaked database or backup does not leak it, with an
HMAC beside it so the portal can find an account by number and refuse duplicates without
decrypting every row. A plain hash would not do: there are few enough valid numbers (region, birth
date, sequence) to enumerate them all.

Keys come from settings. ID_NUMBER_ENCRYPTION_KEYS is newest first: the first key encrypts, every
key decrypts, so a key is rotated by putting a new one in front and removing the old one once the
stored values have been re-encrypted (saving a profile re-encrypts it). ID_NUMBER_HASH_KEY cannot
be rotated without recomputing every stored hash from the decrypted numbers.

With empty settings (development, tests) keys are derived from SECRET_KEY, so a fresh checkout
works without configuration; production settings refuse to start without real keys.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from stdnum.cn import ric


def _derive(secret: str, purpose: bytes) -> bytes:
    # Separate `info` labels give independent keys for encryption and hashing from one secret.
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"notary-portal id-number",
        info=purpose,
    ).derive(secret.encode())


@functools.lru_cache(maxsize=8)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        raise ImproperlyConfigured(
            "ID_NUMBER_ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64-encoded bytes)."
        ) from None


def _fernet() -> MultiFernet:
    # Read the settings on every call (the cache is keyed on their value) so that rotating keys,
    # and override_settings in tests, take effect without a restart of the import.
    keys = tuple(k for k in settings.ID_NUMBER_ENCRYPTION_KEYS if k)
    if not keys:
        keys = (base64.urlsafe_b64encode(_derive(settings.SECRET_KEY, b"fernet")).decode(),)
    return _multi_fernet(keys)


def _hash_key() -> bytes:
    if settings.ID_NUMBER_HASH_KEY:
        return settings.ID_NUMBER_HASH_KEY.encode()
    return _derive(settings.SECRET_KEY, b"hmac-sha256")


def encrypt_id_number(value: str) -> str:
    """Encrypt a normalised identity number with the newest key; returns a text token."""
    return _fernet().encrypt(value.encode()).decode()


def decrypt_id_number(token: str) -> str:
    """Decrypt a stored token with any configured key; "" for an empty token."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        # Never silently show an empty number: that would invite the resident to enter it again
        # and hide that a key has gone missing.
        raise ImproperlyConfigured(
            "A stored identity number cannot be decrypted with any key in "
            "ID_NUMBER_ENCRYPTION_KEYS (was a key removed, or SECRET_KEY changed?)."
        ) from None


def hash_id_number(value: str) -> str:
    """HMAC-SHA256 (hex, 64 characters) of the compacted, upper-case number."""
    normalised = ric.compact("".join(value.split())).upper()
    return hmac.new(_hash_key(), normalised.encode(), hashlib.sha256).hexdigest()
