"""Supervision in the bureau's administration: read-only. Ratings, opinions, answers, draws and
return visits are made through the pages and their services (which keep the record of who did
what); a draw in particular is never made or changed here, only looked up."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Opinion, OpinionAnswer, Rating, ReturnVisit, ReturnVisitDraw


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rating)
class RatingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["appointment", "stars", "created_at"]
    list_filter = ["stars"]
    search_fields = ["appointment__reference"]
    list_select_related = ["appointment"]


class OpinionAnswerInline(ReadOnlyMixin, admin.TabularInline):
    model = OpinionAnswer
    extra = 0
    fields = ["created_at", "by", "text", "emailed_at"]


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "office", "answered_at"]
    list_filter = ["kind", "office"]
    list_select_related = ["office"]
    # The contact is personal data: the admin shows the masked form, like every other page.
    exclude = ["contact"]
    readonly_fields = ["contact_masked"]
    inlines = [OpinionAnswerInline]


@admin.register(ReturnVisitDraw)
class ReturnVisitDrawAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "year",
        "seed",
        "notary_count",
        "candidate_count",
        "selected_count",
        "short_notary_count",
        "drawn_at",
        "drawn_by",
    ]
    list_select_related = ["drawn_by"]


@admin.register(ReturnVisit)
class ReturnVisitAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["appointment", "draw", "status", "satisfaction", "caller", "called_at"]
    list_filter = ["draw", "status"]
    search_fields = ["appointment__reference"]
    list_select_related = ["appointment", "draw", "caller"]
