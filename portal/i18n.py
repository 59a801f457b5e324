"""Bilingual content: catalogue records carry ``<field>_zh`` and ``<field>_en`` columns."""

from __future__ import annotations

from django.utils.translation import get_language


def is_english(language: str | None = None) -> bool:
    return (language or get_language() or "zh-hans").lower().startswith("en")


class LocalizedMixin:
    """Gives ``obj.name`` (and ``obj.localized("field")``) in the active language.

    Chinese is the authoritative text; an empty English value falls back to it so a resident
    never sees a blank.
    """

    def localized(self, field: str, language: str | None = None) -> str:
        chinese = getattr(self, f"{field}_zh")
        if is_english(language):
            return getattr(self, f"{field}_en") or chinese
        return chinese

    @property
    def name(self) -> str:
        return self.localized("name")
