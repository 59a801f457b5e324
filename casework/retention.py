"""Casework's share of the retention job (appointments/retention.py): the post address, the
pre-review messages and the uploaded scans of appointments whose personal data is removed."""

from __future__ import annotations

from django.db import transaction

from .models import MaterialSubmission, PostalDelivery, PreReview


def casework_anonymise(ids: list[int]) -> int:
    """Runs inside the retention batch's transaction, with the appointments locked."""
    PostalDelivery.objects.filter(appointment_id__in=ids).update(
        recipient_name="", phone="", address="", postcode=""
    )
    PreReview.objects.filter(appointment_id__in=ids).update(message="")
    removed = 0
    for submission in MaterialSubmission.objects.filter(appointment_id__in=ids).exclude(file=""):
        # Files go when the transaction commits, so a rolled-back batch keeps its files.
        name, storage = submission.file.name, submission.file.storage
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        removed += 1
    MaterialSubmission.objects.filter(appointment_id__in=ids).update(file="", original_name="")
    return removed
