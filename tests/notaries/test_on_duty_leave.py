"""An office's "on duty today" counts recorded leave: a notary away today is not on duty today,
on the office pages and in the open data alike."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from notaries.models import Notary
from tests.dates import working_day_after, working_day_before
from tests.factories import NotaryFactory, UserFactory
from tests.notaries.test_views import text
from workspace.services import leave_record_with_resolutions

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(catalogue):
    return UserFactory(role=User.Role.OFFICE_STAFF, office=catalogue.central)


def record_leave(notary, *, by, starts_on, ends_on=None):
    return leave_record_with_resolutions(
        notary=notary,
        starts_on=starts_on,
        ends_on=ends_on or starts_on,
        reason="Annual leave",
        resolutions={},
        by=by,
    )


def zhang(catalogue) -> Notary:
    return catalogue.central.notaries.get(name_en="Zhang Ming")


def central_in_api(client) -> dict:
    data = client.get("/api/v1/offices?lang=en").json()
    return next(office for office in data["results"] if office["slug"] == "dongcheng-first")


def test_a_notary_on_leave_today_is_not_counted_on_duty(english, client, catalogue, clerk):
    today = timezone.localdate()
    record_leave(zhang(catalogue), by=clerk, starts_on=today)

    assert "2 notaries, 0 on duty" in text(english.get("/offices/"))
    assert "2 notaries, 0 on duty today." in text(english.get("/offices/dongcheng-first/"))
    assert central_in_api(client)["notaries_on_duty"] == 0
    assert client.get("/api/v1/offices/dongcheng-first").json()["notaries_on_duty"] == 0


def test_the_office_page_shows_them_as_on_leave_today(english, catalogue, clerk):
    record_leave(zhang(catalogue), by=clerk, starts_on=timezone.localdate())
    page = text(english.get("/offices/dongcheng-first/"))
    # The table lists Li Hua (status: on leave), then Zhang Ming, then the fee table follows.
    zhang_row = page[page.index("Zhang Ming") : page.index("Matters and fees")]
    assert "On leave today" in zhang_row and "On duty" not in zhang_row


def test_leave_that_ended_or_has_not_begun_does_not_count(english, client, catalogue, clerk):
    today = timezone.localdate()
    record_leave(
        zhang(catalogue),
        by=clerk,
        starts_on=working_day_before(today, 2),
        ends_on=working_day_before(today),
    )
    record_leave(zhang(catalogue), by=clerk, starts_on=working_day_after(today))

    assert central_in_api(client)["notaries_on_duty"] == 1
    page = text(english.get("/offices/dongcheng-first/"))
    assert "1 on duty today" in page and "On leave today" not in page


def test_leave_spanning_today_counts_once_for_each_notary(client, catalogue, clerk):
    today = timezone.localdate()
    colleague = NotaryFactory(office=catalogue.central, name_en="Chen Jing")
    record_leave(zhang(catalogue), by=clerk, starts_on=today, ends_on=working_day_after(today, 3))
    # A second, overlapping record for the same notary must not make the count go below zero.
    record_leave(zhang(catalogue), by=clerk, starts_on=today)

    office = central_in_api(client)
    assert office["notary_count"] == 3
    assert office["notaries_on_duty"] == 1  # Chen Jing; Li Hua's status is "on leave"
    assert colleague.status == Notary.Status.ON_DUTY


@pytest.mark.parametrize("url", ["/offices/", "/offices/dongcheng-first/", "/api/v1/offices"])
def test_counting_leave_costs_no_query_per_notary(
    client, catalogue, clerk, django_assert_max_num_queries, url
):
    today = timezone.localdate()
    record_leave(zhang(catalogue), by=clerk, starts_on=today)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(6):
        notary = NotaryFactory(office=catalogue.central)
        record_leave(notary, by=clerk, starts_on=today)
        record_leave(notary, by=clerk, starts_on=working_day_after(today))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
