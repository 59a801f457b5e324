"""Appointments: booking, rescheduling and cancelling (built on the catalogue in `notaries`)."""
