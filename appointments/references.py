"""Short references residents can read over the phone: `20261123-7K3F`.

The date is the booking date; four characters from an alphabet without look-alikes (no 0/O,
1/I/L, 2/Z, 5/S, 8/B, U/V) give 23**4 = 279,841 codes a day, far above a few thousand bookings;
a collision is caught by the unique constraint and a new code drawn.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
REFERENCE_RE = re.compile(rf"^\d{{8}}-[{ALPHABET}]{{4}}$")


def new_reference(*, on: dt.date) -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(4))
    return f"{on:%Y%m%d}-{code}"


def normalise_reference(raw: str) -> str:
    """What a resident or operator typed, tidied: upper case, no spaces, hyphen restored."""
    text = re.sub(r"[\s_]", "", raw or "").upper()
    if re.fullmatch(r"\d{8}[0-9A-Z]{4}", text):
        text = f"{text[:8]}-{text[8:]}"
    return text
