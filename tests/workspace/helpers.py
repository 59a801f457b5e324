"""Booking onto one chosen notary, through the real booking service.

Booking picks the least-busy free notary itself; to put an appointment on a given one, the others
are blocked for that moment (a real Block, as staff would enter) and unblocked afterwards."""

import datetime as dt

from appointments.models import Block
from appointments.services import appointment_book
from tests.appointments.conftest import at


def book_on(notary, *, resident, matter, day: dt.date, hour: int, minute: int = 0, language="en"):
    starts_at = at(day, hour, minute)
    others = list(notary.office.notaries.exclude(pk=notary.pk))
    blocks = [
        Block.objects.create(
            notary=other, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2)
        )
        for other in others
    ]
    try:
        appointment = appointment_book(
            resident=resident,
            matter=matter,
            office=notary.office,
            starts_at=starts_at,
            language=language,
        )
    finally:
        for block in blocks:
            block.delete()
    assert appointment.notary_id == notary.pk
    return appointment
