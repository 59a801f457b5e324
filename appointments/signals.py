"""Signals of the appointments app, for apps above it (appointments imports none of them).

`appointment_time_freed` is sent after the commit of a write that freed a booked time (a
cancellation, or the old time of a move), with `office_id`, `matter_id` and `starts_at` of the
time freed. The waitlist offers it to whoever waits for it."""

from django.dispatch import Signal

appointment_time_freed = Signal()
