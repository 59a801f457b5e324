"""Reads of the consultation desk."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Consultation, Topic


def topics_offered() -> QuerySet[Topic]:
    return Topic.objects.filter(is_active=True)


def consultations_overdue() -> QuerySet[Consultation]:
    return Consultation.objects.overdue().select_related(
        "topic", "owner_user", "owner_office", "owner_notary", "owner_centre"
    )
