"""Forms laid out as tables (the admin's tabular inlines, the workspace's weekly hours) show their
column headers once, above the rows, so a screen reader meets each input with no name. Every
field of such a row gets one that says which row and which column it is ("Required material 2:
number")."""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext


def label_row_fields(form, row: str) -> None:
    for field in form.fields.values():
        if field.widget.is_hidden:
            continue
        name = gettext("%(row)s: %(field)s") % {"row": row, "field": field.label}
        field.widget.attrs["aria-label"] = name


class LabelledInlineMixin:
    """For admin.TabularInline: an aria-label on every visible field of every row."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        item = capfirst(str(self.verbose_name or self.model._meta.verbose_name))

        class LabelledFormSet(formset):
            def _construct_form(self, i, **kwargs):
                form = super()._construct_form(i, **kwargs)
                label_row_fields(form, f"{item} {i + 1}")
                return form

            @property
            def empty_form(self):
                form = super().empty_form
                label_row_fields(form, gettext("New %(item)s") % {"item": item})
                return form

        LabelledFormSet.__name__ = formset.__name__
        return LabelledFormSet
