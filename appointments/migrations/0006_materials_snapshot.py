"""Every appointment keeps its materials list as booked. Appointments booked before this existed
get their matter's list as it is now (the best record there is), marked "migration"."""

from django.db import migrations, models
from django.utils import timezone

_ITEM_FIELDS = (
    "position",
    "name_zh",
    "name_en",
    "note_zh",
    "note_en",
    "form",
    "copies",
    "provider",
    "commitment_allowed",
)


def snapshot_existing(apps, schema_editor):
    Appointment = apps.get_model("appointments", "Appointment")
    MaterialItem = apps.get_model("notaries", "MaterialItem")
    ExemptionClaim = apps.get_model("appointments", "ExemptionClaim")
    taken_at = timezone.now().isoformat()
    # Every row is new to the field: all of them need a snapshot.
    matter_ids = set(Appointment.objects.values_list("matter_id", flat=True).distinct())
    items_by_matter = {}
    for item in MaterialItem.objects.filter(matter_id__in=matter_ids).order_by(
        "matter_id", "position"
    ):
        data = {"id": item.pk}
        data.update({name: getattr(item, name) for name in _ITEM_FIELDS})
        items_by_matter.setdefault(item.matter_id, []).append(data)
    # One UPDATE a matter for appointments without claims; those with claims get their evidence.
    with_claims = ExemptionClaim.objects.values("appointment_id")
    for matter_id in matter_ids:
        snapshot = {
            "version": 1,
            "taken_at": taken_at,
            "source": "migration",
            "items": items_by_matter.get(matter_id, []),
            "evidence": [],
        }
        Appointment.objects.filter(matter_id=matter_id).exclude(pk__in=with_claims).update(
            materials_snapshot=snapshot
        )
    claims = {}
    for claim in ExemptionClaim.objects.select_related("exemption").order_by("id"):
        claims.setdefault(claim.appointment_id, []).append(
            {
                "exemption": claim.exemption.code,
                "name_zh": claim.name_zh,
                "name_en": claim.name_en,
                "evidence_zh": claim.evidence_zh,
                "evidence_en": claim.evidence_en,
            }
        )
    pending = Appointment.objects.filter(pk__in=with_claims)
    for appointment in pending.only("pk", "matter_id").iterator(chunk_size=2000):
        appointment.materials_snapshot = {
            "version": 1,
            "taken_at": taken_at,
            "source": "migration",
            "items": items_by_matter.get(appointment.matter_id, []),
            "evidence": claims.get(appointment.pk, []),
        }
        appointment.save(update_fields=["materials_snapshot"])


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0005_event_log_channel_status_reason"),
        ("notaries", "0003_fee_standards_exemption_rules_green_channel"),
    ]

    operations = [
        migrations.AddField(
            model_name="appointment",
            name="materials_snapshot",
            field=models.JSONField(
                blank=True, default=dict, editable=False, verbose_name="materials list as booked"
            ),
        ),
        migrations.RunPython(snapshot_existing, migrations.RunPython.noop, elidable=True),
    ]
