"""The one place where writes that change availability bump its versions
(appointments/availability_cache.py): the models' saves and deletes, and the many-to-many changes
of who handles what. Services, the admin, the workspace and the demo loader all write through
the models, so none of them has to remember. A write that bypasses the models (a queryset
`update()` of times, statuses or hours, a COPY) must call the bump functions itself."""

from __future__ import annotations

import datetime as dt

from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.utils import timezone

from notaries import catalogue_cache
from notaries.models import Matter, Notary, Office

from . import availability_cache as versions
from .models import Appointment, Block, CalendarDay, Leave, OfficeClosure, WorkingPeriod

MARGIN = dt.timedelta(hours=2)  # an office's largest buffer reaches this far into the next day
_WAS = "_availability_was"


def _days(starts_at: dt.datetime | None, ends_at: dt.datetime | None) -> list[dt.date]:
    if starts_at is None or ends_at is None:
        return []
    first = timezone.localdate(starts_at - MARGIN)
    last = timezone.localdate(ends_at + MARGIN)
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _remember_appointment(sender, instance: Appointment, **kwargs) -> None:
    # What the row held when loaded, so a move also bumps the day it leaves. Read from __dict__
    # only: a deferred field is not loaded for this.
    fields = instance.__dict__
    setattr(
        instance,
        _WAS,
        (fields.get("office_id"), fields.get("starts_at"), fields.get("ends_at")),
    )


def _appointment_changed(sender, instance: Appointment, **kwargs) -> None:
    office_id, starts_at, ends_at = getattr(instance, _WAS, (None, None, None))
    if office_id is not None:
        versions.bump_days(office_id, _days(starts_at, ends_at))
    if instance.office_id is not None:
        versions.bump_days(instance.office_id, _days(instance.starts_at, instance.ends_at))
    _remember_appointment(sender, instance)


def _notary_office(instance) -> int | None:
    notary = instance._state.fields_cache.get("notary")  # loaded already: no query
    if notary is not None:
        return notary.office_id
    if instance.notary_id is None:
        return None
    return Notary.objects.filter(pk=instance.notary_id).values_list("office_id", flat=True).first()


def _notary_thing_changed(sender, instance, **kwargs) -> None:
    """Weekly hours, leave and blocks: their notary's office."""
    office_id = _notary_office(instance)
    if office_id is not None:
        versions.bump_office(office_id)


def _notary_changed(sender, instance: Notary, **kwargs) -> None:
    # Status, matters, or a move to another office: the old office is bumped too.
    was = getattr(instance, "_availability_office", None)
    for office_id in {was, instance.office_id} - {None}:
        versions.bump_office(office_id)
    instance._availability_office = instance.office_id  # type: ignore[attr-defined]


def _remember_notary(sender, instance: Notary, **kwargs) -> None:
    instance._availability_office = instance.__dict__.get("office_id")  # type: ignore[attr-defined]


def _office_changed(sender, instance: Office, **kwargs) -> None:
    versions.bump_office(instance.pk)


def _leave_changed(sender, instance: Leave, **kwargs) -> None:
    # The office page shows who is on leave today (a cached view of the catalogue).
    catalogue_cache.bump()


def _closure_changed(sender, instance: OfficeClosure, **kwargs) -> None:
    versions.bump_office(instance.office_id)


def _city_changed(sender, instance, **kwargs) -> None:
    versions.bump_city()


def _notary_matters_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if not reverse:  # notary.matters.add(...)
        versions.bump_office(instance.office_id)
    else:  # matter.notaries.add(...): every office of the notaries involved
        ids = pk_set or []
        for office_id in set(Notary.objects.filter(pk__in=ids).values_list("office_id", flat=True)):
            versions.bump_office(office_id)
        if action == "post_clear":
            versions.bump_city()


def _office_matters_changed(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    # Which offices handle a matter is read afresh for every answer; bump for good measure.
    if action.startswith("post_"):
        if reverse:
            versions.bump_city()
        else:
            versions.bump_office(instance.pk)


def connect() -> None:
    uid = "availability-versions"
    post_init.connect(_remember_appointment, sender=Appointment, dispatch_uid=uid)
    post_init.connect(_remember_notary, sender=Notary, dispatch_uid=uid)
    for signal in (post_save, post_delete):
        signal.connect(_appointment_changed, sender=Appointment, dispatch_uid=uid)
        for model in (WorkingPeriod, Leave, Block):
            signal.connect(_notary_thing_changed, sender=model, dispatch_uid=uid)
        signal.connect(_leave_changed, sender=Leave, dispatch_uid="catalogue-version")
        signal.connect(_notary_changed, sender=Notary, dispatch_uid=uid)
        signal.connect(_office_changed, sender=Office, dispatch_uid=uid)
        signal.connect(_closure_changed, sender=OfficeClosure, dispatch_uid=uid)
        for model in (CalendarDay, Matter):
            signal.connect(_city_changed, sender=model, dispatch_uid=uid)
    m2m_changed.connect(_notary_matters_changed, sender=Notary.matters.through, dispatch_uid=uid)
    m2m_changed.connect(_office_matters_changed, sender=Office.matters.through, dispatch_uid=uid)
