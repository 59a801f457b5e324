"""The workspace wrote its own trail of status changes (check-in, no-show, completed, cancelled
for leave); the appointment's one event log holds them now.

Each StatusChange row is kept: where the event log already records the same change (the check-in
that casework/0003 moved in, or the cancellation the booking service logged beside it, at the
same moment), the row is merged into that event (its message becomes the event's reason, its
delivery stamp is kept); otherwise it becomes a new event. Every event says in
data["migrated_from"] which old rows it holds, so no historical row is lost."""

import datetime as dt

from django.db import migrations

SAME_MOMENT = dt.timedelta(seconds=2)
KIND_OF_STATUS = {
    "checked_in": "checked_in",
    "completed": "completed",
    "no_show": "no_show",
    "cancelled": "cancelled",
}


def status_changes_into_events(apps, schema_editor):
    StatusChange = apps.get_model("workspace", "StatusChange")
    Event = apps.get_model("appointments", "AppointmentEvent")
    for row in StatusChange.objects.order_by("pk").iterator(chunk_size=2000):
        kind = KIND_OF_STATUS.get(row.to_status, row.to_status)
        source = f"workspace.statuschange:{row.pk}"
        twin = (
            Event.objects.filter(
                appointment_id=row.appointment_id,
                kind=kind,
                at__gte=row.at - SAME_MOMENT,
                at__lte=row.at + SAME_MOMENT,
            )
            .order_by("pk")
            .first()
        )
        extra = {}
        if row.notice_sent_at is not None:
            extra["notice_sent_at"] = row.notice_sent_at.isoformat()
        if twin is not None:
            data = dict(twin.data or {})
            data["migrated_from"] = [*data.get("migrated_from", []), source]
            data.update(extra)
            twin.data = data
            twin.from_status = twin.from_status or row.from_status
            twin.to_status = twin.to_status or row.to_status
            twin.reason = twin.reason or row.note
            twin.channel = "counter"
            twin.save(update_fields=["data", "from_status", "to_status", "reason", "channel"])
            continue
        Event.objects.create(
            appointment_id=row.appointment_id,
            kind=kind,
            actor_id=row.by_id,
            at=row.at,
            channel="counter",
            from_status=row.from_status,
            to_status=row.to_status,
            reason=row.note,
            data={"migrated_from": [source], **extra},
        )


def events_into_status_changes(apps, schema_editor):
    StatusChange = apps.get_model("workspace", "StatusChange")
    Event = apps.get_model("appointments", "AppointmentEvent")
    for event in Event.objects.filter(channel="counter").exclude(to_status="").exclude(
        actor_id=None
    ):
        StatusChange.objects.create(
            appointment_id=event.appointment_id,
            from_status=event.from_status,
            to_status=event.to_status,
            by_id=event.actor_id,
            at=event.at,
            note=event.reason,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0005_event_log_channel_status_reason"),
        ("casework", "0003_check_ins_into_the_event_log"),
        ("workspace", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(status_changes_into_events, events_into_status_changes),
        migrations.DeleteModel(name="StatusChange"),
    ]
