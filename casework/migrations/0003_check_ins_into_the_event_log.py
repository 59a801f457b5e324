"""Check-ins were written to casework's own table; the appointment's one event log holds them now.

Every CheckIn row becomes an AppointmentEvent of kind "checked_in" (who, when, at the counter),
marked with the row it came from, and the table goes. workspace/0002 merges the workspace's own
record of the same check-in into that event."""

from django.db import migrations


def check_ins_into_events(apps, schema_editor):
    CheckIn = apps.get_model("casework", "CheckIn")
    Event = apps.get_model("appointments", "AppointmentEvent")
    batch = []
    for row in CheckIn.objects.order_by("pk").iterator(chunk_size=2000):
        batch.append(
            Event(
                appointment_id=row.appointment_id,
                kind="checked_in",
                actor_id=row.by_id,
                at=row.at,
                channel="counter",
                from_status="booked",
                to_status="checked_in",
                data={"migrated_from": [f"casework.checkin:{row.pk}"]},
            )
        )
        if len(batch) >= 2000:
            Event.objects.bulk_create(batch)
            batch = []
    Event.objects.bulk_create(batch)


def events_into_check_ins(apps, schema_editor):
    CheckIn = apps.get_model("casework", "CheckIn")
    Event = apps.get_model("appointments", "AppointmentEvent")
    for event in Event.objects.filter(kind="checked_in").order_by("appointment_id", "at"):
        CheckIn.objects.get_or_create(
            appointment_id=event.appointment_id, defaults={"by_id": event.actor_id, "at": event.at}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0005_event_log_channel_status_reason"),
        ("casework", "0002_identity_disclosures"),
    ]

    operations = [
        migrations.RunPython(check_ins_into_events, events_into_check_ins),
        migrations.DeleteModel(name="CheckIn"),
    ]
