"""The workspace keeps no rows of its own: an appointment's status changes, moves and
cancellations are written by appointments' services into the appointment's one event log
(appointments.AppointmentEvent). The former StatusChange rows were migrated into it
(workspace/migrations/0002)."""
