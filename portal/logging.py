"""Personal data never reaches logs or error reports: identity and phone numbers are masked."""

from __future__ import annotations

import logging
import re

from django.views.debug import SafeExceptionReporterFilter

# An 18-character resident identity number (the last may be X), or a mainland mobile number,
# standing alone (not inside a longer run of digits such as a timestamp).
ID_NUMBER_RE = re.compile(r"(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])")
PHONE_RE = re.compile(r"(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])")
SENSITIVE_FIELDS = re.compile(r"id_number|phone|password|token|secret|key", re.IGNORECASE)


def mask_personal_data(text: str) -> str:
    text = ID_NUMBER_RE.sub(r"\1********\2", text)
    return PHONE_RE.sub(r"\1****\2", text)


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_personal_data(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class PortalExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports hide form fields holding identity numbers, phone numbers and secrets."""

    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|ID_NUMBER", flags=re.IGNORECASE
    )

    def get_post_parameters(self, request):
        parameters = super().get_post_parameters(request)
        if not parameters:
            return parameters
        cleansed = parameters.copy()
        for name in cleansed:
            if SENSITIVE_FIELDS.search(name):
                cleansed[name] = self.cleansed_substitute
        return cleansed
