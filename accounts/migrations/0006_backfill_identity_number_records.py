"""Start the history of identity numbers: one "initial" record per account that holds a number.

Without it an account's number before its first change would be in no record, and the blacklist
(which matches every recorded number) would lose the person as soon as they changed it. Accounts
that already have a record are skipped, so running this again adds nothing."""

from django.core.exceptions import ImproperlyConfigured
from django.db import migrations
from django.utils import timezone

BATCH = 2000


def _masked(token: str) -> str:
    # The helpers are imported here, not at the top, so that loading the migration graph never
    # needs the keys. They are plain functions of the value: no model state is involved.
    from accounts.crypto import decrypt_id_number
    from accounts.identity import mask_id_number

    try:
        return mask_id_number(decrypt_id_number(token))
    except ImproperlyConfigured:
        # The hash, which the blacklist matches, is copied regardless; a missing key must not
        # block the deployment over a display column (the profile page reports the key loudly).
        return ""


def records_for_existing_numbers(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Record = apps.get_model("accounts", "IdentityNumberRecord")
    now = timezone.now()
    users = (
        User.objects.filter(id_number_hash__isnull=False, identity_numbers__isnull=True)
        .order_by("pk")
        .values_list("pk", "id_number_hash", "id_number_encrypted")
    )
    batch = []
    for pk, number_hash, token in users.iterator(chunk_size=BATCH):
        batch.append(
            Record(
                user_id=pk,
                id_number_hash=number_hash,
                id_number_masked=_masked(token),
                kind="initial",
                set_at=now,
                set_by=None,
            )
        )
        if len(batch) >= BATCH:
            Record.objects.bulk_create(batch)
            batch = []
    Record.objects.bulk_create(batch)


def remove_initial_records(apps, schema_editor):
    apps.get_model("accounts", "IdentityNumberRecord").objects.filter(kind="initial").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_identity_number_record"),
    ]

    operations = [
        migrations.RunPython(records_for_existing_numbers, remove_initial_records),
    ]
