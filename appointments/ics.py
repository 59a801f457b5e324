"""Calendar files (.ics) for an appointment, so a resident's phone reminds them too."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from .models import Appointment


def appointment_ics(appointment: Appointment, *, url: str) -> bytes:
    with translation.override(appointment.language):
        calendar = Calendar()
        calendar.add("prodid", "-//City Notary Service//Appointments//ZH-EN")
        calendar.add("version", "2.0")
        calendar.add("method", "PUBLISH")
        event = Event()
        event.add("uid", f"{appointment.reference}@notary-portal")
        event.add("dtstamp", appointment.updated_at)
        event.add("dtstart", appointment.starts_at)
        event.add("dtend", appointment.ends_at)
        event.add(
            "summary",
            _("Notarization: %(matter)s (%(reference)s)")
            % {"matter": appointment.matter.name, "reference": appointment.reference},
        )
        event["location"] = vText(f"{appointment.office.name}, {appointment.office.address}")
        event.add(
            "description",
            _("Reference %(reference)s. Bring the materials on the checklist: %(url)s")
            % {"reference": appointment.reference, "url": url}
            + "\n"
            + _("Office phone: %(phone)s. Hotline: %(hotline)s.")
            % {"phone": appointment.office.phone, "hotline": settings.HOTLINE_NUMBER},
        )
        event.add("url", url)
        if appointment.status == Appointment.Status.CANCELLED:
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
        calendar.add_component(event)
        return calendar.to_ical()
