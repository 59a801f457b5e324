"""The admin's History pages in the reader's language: yes and no rather than True and False,
and no "None" where a change has no reason."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value) -> Any:
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        if value is None:
            return "—"
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(SimpleHistoryAdmin):
    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)
