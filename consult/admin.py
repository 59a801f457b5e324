from django.contrib import admin

from portal.admin_history import HistoryAdmin

from .models import Topic


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    list_display = ["code", "name_zh", "name_en", "is_notarization", "is_active", "position"]
    list_editable = ["is_active", "position"]
