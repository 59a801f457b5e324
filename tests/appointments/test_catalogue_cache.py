"""The office page is read back from the catalogue's cache (notaries/catalogue_cache.py) with no
query at all, and still shows every change of the catalogue at once: the office, its notaries,
their leave today, its matters, their categories, the exemptions, the district, the demo
marker."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from appointments.models import Leave
from notaries import catalogue_cache
from notaries.models import DemoDataset, Notary
from tests.appointments.conftest import give_week, make_bookable
from tests.factories import ExemptionFactory, MatterFactory, NotaryFactory

pytestmark = pytest.mark.django_db


def page(client, bookable) -> str:
    response = client.get(f"/offices/{bookable.office.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def queries_of(client, url: str) -> int:
    client.get(url)  # fills the caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_a_warm_office_page_asks_the_database_nothing_however_big_the_office(english):
    small = make_bookable(notaries=1)
    assert queries_of(english, f"/offices/{small.office.slug}/") == 0
    for n in range(6):
        matter = MatterFactory(code=f"more-{n}")
        small.office.matters.add(matter)
        notary = NotaryFactory(office=small.office, matters=[matter])
        give_week(notary)
    assert queries_of(english, f"/offices/{small.office.slug}/") == 0
    assert "more-5" in english.get(f"/offices/{small.office.slug}/").content.decode()


@pytest.fixture
def bookable(db):
    return make_bookable(notaries=2)


def test_the_office_renamed_and_its_hours_changed_show_at_once(english, bookable):
    assert bookable.office.name_en in page(english, bookable)
    bookable.office.name_en = "Central Notary Office, renamed"
    bookable.office.opening_hours_en = "Mon-Sat 08:00-20:00"
    bookable.office.save()
    shown = page(english, bookable)
    assert "Central Notary Office, renamed" in shown and "Mon-Sat 08:00-20:00" in shown


def test_the_district_renamed_shows_at_once(english, bookable):
    page(english, bookable)
    district = bookable.office.district
    district.name_en = "Renamed District"
    district.save()
    assert "Renamed District" in page(english, bookable)


def test_a_notary_added_renamed_or_off_duty_shows_at_once(english, bookable):
    assert "2 notaries, 2 on duty today." in page(english, bookable)
    newcomer = NotaryFactory(office=bookable.office, name_en="Newcomer Notary")
    shown = page(english, bookable)
    assert "Newcomer Notary" in shown and "3 notaries, 3 on duty today." in shown
    newcomer.status = Notary.Status.SUSPENDED
    newcomer.name_en = "Newcomer, suspended"
    newcomer.save()
    shown = page(english, bookable)
    assert "Newcomer, suspended" in shown and "3 notaries, 2 on duty today." in shown


def test_leave_today_shows_at_once_and_its_withdrawal_too(english, bookable):
    assert "On leave today" not in page(english, bookable)
    today = timezone.localdate()
    leave = Leave.objects.create(notary=bookable.notary, starts_on=today, ends_on=today)
    shown = page(english, bookable)
    assert "On leave today" in shown and "2 notaries, 1 on duty today." in shown
    leave.delete()
    assert "On leave today" not in page(english, bookable)


def test_leave_tomorrow_is_not_shown_today_and_is_tomorrow(english, bookable):
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    Leave.objects.create(notary=bookable.notary, starts_on=tomorrow, ends_on=tomorrow)
    assert "On leave today" not in page(english, bookable)
    now = dt.datetime.combine(tomorrow, dt.time(9), tzinfo=timezone.get_current_timezone())
    with mock.patch("django.utils.timezone.now", return_value=now):
        assert "On leave today" in page(english, bookable)


def test_a_matter_unpublished_or_no_longer_handled_leaves_the_fee_table(english, bookable):
    other = MatterFactory(code="contract", name_en="Contract certification")
    bookable.office.matters.add(other)
    assert "Contract certification" in page(english, bookable)
    bookable.office.matters.remove(other)
    assert "Contract certification" not in page(english, bookable)
    assert bookable.matter.name_en in page(english, bookable)
    bookable.matter.is_published = False
    bookable.matter.save()
    assert bookable.matter.name_en not in page(english, bookable)


def test_a_category_renamed_shows_at_once(english, bookable):
    page(english, bookable)
    category = bookable.matter.category
    category.name_en = "Renamed category"
    category.save()
    assert "Renamed category" in page(english, bookable)


def test_exemptions_added_and_withdrawn_show_at_once(english, bookable):
    page(english, bookable)
    exemption = ExemptionFactory(name_en="Flood victims")
    assert "Flood victims" in page(english, bookable)
    exemption.is_active = False
    exemption.save()
    assert "Flood victims" not in page(english, bookable)


def test_the_demo_notice_follows_the_marker(english, bookable):
    assert "Demo data." not in page(english, bookable)
    marker = DemoDataset.objects.create(version=1)
    assert "Demo data." in page(english, bookable)
    assert "Demo data." in english.get("/").content.decode()
    marker.delete()
    assert "Demo data." not in page(english, bookable)
    assert "Demo data." not in english.get("/").content.decode()


def test_with_the_cache_unreachable_the_page_is_computed_and_right(english, bookable):
    page(english, bookable)
    broken = mock.Mock()
    for method in ("get", "set", "add", "get_many", "set_many"):
        getattr(broken, method).side_effect = ConnectionError("redis is down")
    with mock.patch.object(catalogue_cache, "_cache", return_value=broken):
        shown = page(english, bookable)
        assert bookable.office.name_en in shown
        bookable.office.name_en = "Renamed while Redis was down"
        bookable.office.save()  # the bump fails, logged; the change stands
        assert "Renamed while Redis was down" in page(english, bookable)
    # The cache is back, holding the page from before the rename under an unchanged version:
    # this process does not trust it until that value has expired.
    assert "Renamed while Redis was down" in page(english, bookable)
    catalogue_cache._distrust_until = 0.0


def test_a_write_bumps_the_version_again_when_it_commits(
    english, bookable, django_capture_on_commit_callbacks
):
    """A reader that computed from the old rows while the write was open stored them under the
    version bumped as the write happened; the commit bumps again, so nobody asks for that."""
    with django_capture_on_commit_callbacks(execute=True):
        bookable.office.name_en = "Renamed in a transaction"
        bookable.office.save()
        during = catalogue_cache.version()
    assert catalogue_cache.version() != during
    assert "Renamed in a transaction" in page(english, bookable)
