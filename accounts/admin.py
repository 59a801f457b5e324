from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .crypto import hash_id_number
from .identity import normalise_id_number
from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "email",
        "real_name",
        "first_name",
        "last_name",
        "role",
        "is_staff",
        "is_active",
    ]
    list_filter = ["role", "office", "legal_aid_centre", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name", "real_name", "phone"]
    ordering = ["email"]
    # The identity number is shown masked and cannot be edited here: changing it must go through
    # resident_profile_update, which validates it and keeps it unique.
    readonly_fields = ["id_number_display", "birth_date"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Portal role"), {"fields": ["role", "office", "legal_aid_centre"]}),
        (
            _("Resident profile"),
            {"fields": ["real_name", "phone", "id_number_display", "birth_date"]},
        ),
    ]

    @admin.display(description=_("resident identity number"))
    def id_number_display(self, obj: User) -> str:
        return obj.id_number_masked or "—"

    def get_search_results(self, request, queryset, search_term):
        matches, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # A full identity number is found through its keyed hash: the column holds no digits.
        try:
            number = normalise_id_number(search_term)
        except ValidationError:
            return matches, may_have_duplicates
        by_number = queryset.filter(id_number_hash=hash_id_number(number))
        return matches | by_number, may_have_duplicates
