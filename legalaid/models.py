"""Legal aid: the city's legal-aid centres (an organisation kind beside notary offices, with their
own staff role, see accounts.User.Role.LEGAL_AID_STAFF), the kinds of case with their eligibility
and documents, and residents' applications with the centres' decisions."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from notaries.models import District
from portal.i18n import LocalizedMixin


class LegalAidCentreQuerySet(models.QuerySet["LegalAidCentre"]):
    def listed(self) -> LegalAidCentreQuerySet:
        return self.filter(is_active=True)


class LegalAidCentre(LocalizedMixin, models.Model):
    """A legal-aid centre (法律援助中心): usually one per district, run by the district's justice
    bureau. Its staff accept, complete and decide the applications made to it."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, unique=True)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="legal_aid_centres",
        verbose_name=_("district"),
    )
    address_zh = models.CharField(_("address (Chinese)"), max_length=200)
    address_en = models.CharField(_("address (English)"), max_length=250)
    phone = models.CharField(
        _("phone"),
        max_length=20,
        validators=[RegexValidator(r"^[0-9][0-9-]{6,18}$", _("Digits and hyphens only."))],
    )
    is_active = models.BooleanField(_("listed"), default=True)

    history = HistoricalRecords()
    objects = LegalAidCentreQuerySet.as_manager()

    class Meta:
        ordering = ["district__position", "slug"]
        verbose_name = _("legal-aid centre")
        verbose_name_plural = _("legal-aid centres")

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return self.localized("address")
