"""Reads of legal aid."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import LegalAidCentre


def legal_aid_centres_listed() -> QuerySet[LegalAidCentre]:
    """Every listed centre, by district, with its district."""
    return LegalAidCentre.objects.listed().select_related("district")
