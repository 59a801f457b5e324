"""Short references residents can read over the phone: `20261123-7K3F`.

The date is the booking date; four characters from an alphabet without look-alikes (no 0/O,
1/I/L, 2/Z, 5/S, 8/B, U/V) give 23**4 = 279,841 codes a day, far above a few thousand bookings;
a collision is caught by the unique constraint and a new code drawn.

What is not an appointment says so in front (`new_reference(prefix=...)`): a 12348
consultation `ZX-20261123-7K3F` (咨询, `consult.models.REFERENCE_PREFIX`), a legal-aid
application `LA-20261123-7K3F` (`legalaid.models.REFERENCE_PREFIX`), so that an operator told a
reference on the phone knows which desk it belongs to before looking it up.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
REFERENCE_RE = re.compile(rf"^\d{{8}}-[{ALPHABET}]{{4}}$")


_TYPED = re.compile(r"(?:([A-Z]{2})-?)?(\d{8})-?([0-9A-Z]{4})")


def new_reference(*, on: dt.date, prefix: str = "") -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(4))
    return f"{prefix}{'-' if prefix else ''}{on:%Y%m%d}-{code}"


def normalise_reference(raw: str) -> str:
    """What a resident or operator typed, tidied: upper case, no spaces, hyphens restored
    (`zx 20261123 7k3f` is `ZX-20261123-7K3F`); anything else comes back as typed, upper case."""
    text = re.sub(r"[\s_]", "", raw or "").upper()
    typed = _TYPED.fullmatch(text)
    if typed:
        prefix, day, code = typed.groups()
        text = f"{prefix}-{day}-{code}" if prefix else f"{day}-{code}"
    return text
