"""Bureau administration of legal aid: the centres (and, later, the kinds of case with their
eligibility and documents). Every record keeps its change history, read on its History page."""

from __future__ import annotations

from django.contrib import admin

from portal.admin_history import HistoryAdmin

from .models import LegalAidCentre


@admin.register(LegalAidCentre)
class LegalAidCentreAdmin(HistoryAdmin):
    list_display = ["name_zh", "name_en", "district", "phone", "is_active"]
    list_filter = ["district", "is_active"]
    search_fields = ["name_zh", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
