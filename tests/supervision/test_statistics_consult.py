"""The statistics page's consultation and legal-aid figures: volume by month (a request counts
in the Beijing month it was received), topic and channel, the overdue share and the median answer
time counted in working hours across a public holiday, legal-aid decisions per centre, the CSV,
and a query count that does not grow with the data."""

import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from appointments.calendar import StatutoryCalendar
from consult.services import consultation_create
from supervision.statistics import statistics_compute, working_minutes
from tests.dates import working_day_after, working_day_before
from tests.factories import LegalAidCentreFactory, UserFactory
from tests.supervision.conftest import (
    SHANGHAI,
    beijing,
    legal_aid_application,
    make_case_kind,
    make_topic,
    past_consultation,
)

pytestmark = pytest.mark.django_db

YEAR = 2024
NATIONAL_DAY = dt.date(YEAR, 10, 1)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture
def consult_data(people):
    """Six requests received in 2024 and one in 2023; two legal-aid centres' applications.

    Answer times in working hours (09:00–17:30 on working days):
    jan: 31 Jan 17:00 → 1 Feb 10:00: 0.5 + 1 = 1.5 h, on time (due 1 Feb 17:30)
    feb: 1 Feb 00:30 → 1 Feb 15:00: 6 h, on time. It is still 31 January in UTC.
    mar: 4 Mar 09:00 → 09:30 by phone: 0.5 h, on time
    eve: the last working day before National Day 10:00 → the first working day after it 10:00:
         7.5 + 1 = 8.5 h, on time, although eight calendar days passed (due that day 17:30)
    late: the same eve 16:00 → the second working day after 11:00: 1.5 + 8.5 + 2 = 12 h, late
    open: the same eve 11:00, never answered: overdue
    """
    labour = make_topic("labour-test", "Labour")
    inheritance = make_topic("inheritance-test", "Inheritance")
    operator = people.operator
    eve = working_day_before(NATIONAL_DAY)
    first_after = working_day_after(eve)
    second_after = working_day_after(first_after)
    rows = {
        "jan": past_consultation(
            topic=inheritance,
            received_at=beijing(YEAR, 1, 31, 17),
            answered_at=beijing(YEAR, 2, 1, 10),
            answered_by=operator,
        ),
        "feb": past_consultation(
            topic=inheritance,
            received_at=beijing(YEAR, 2, 1, 0, 30),
            answered_at=beijing(YEAR, 2, 1, 15),
            answered_by=operator,
            owner_office=people.office_a,
        ),
        "mar": past_consultation(
            topic=inheritance,
            received_at=beijing(YEAR, 3, 4, 9),
            answered_at=beijing(YEAR, 3, 4, 9, 30),
            answered_by=operator,
            channel="hotline",
        ),
        "eve": past_consultation(
            topic=labour, received_at=at(eve, 10), answered_at=at(first_after, 10)
        ),
        "late": past_consultation(
            topic=labour, received_at=at(eve, 16), answered_at=at(second_after, 11)
        ),
        "open": past_consultation(topic=labour, received_at=at(eve, 11)),
        # Another year: never counted.
        "old": past_consultation(
            topic=labour, received_at=beijing(YEAR - 1, 12, 31, 23), answered_at=None
        ),
    }
    kind = make_case_kind()
    north, south = LegalAidCentreFactory(slug="north"), LegalAidCentreFactory(slug="south")
    staff = UserFactory(role=User.Role.LEGAL_AID_STAFF, legal_aid_centre=north)
    applicant = people.resident
    apps = [
        legal_aid_application(
            applicant=applicant,
            centre=north,
            case_kind=kind,
            at=beijing(YEAR, 1, 31, 16, 30),
            outcome="granted",
            by=staff,
        ),
        legal_aid_application(
            applicant=applicant,
            centre=north,
            case_kind=kind,
            at=beijing(YEAR, 2, 1, 0, 10),
            outcome="refused",
            by=staff,
        ),
        legal_aid_application(
            applicant=applicant, centre=north, case_kind=kind, at=beijing(YEAR, 5, 6)
        ),
        legal_aid_application(
            applicant=applicant,
            centre=south,
            case_kind=kind,
            at=beijing(YEAR, 6, 3),
            outcome="accepted",
            by=staff,
        ),
        legal_aid_application(
            applicant=applicant,
            centre=south,
            case_kind=kind,
            at=beijing(YEAR, 7, 1),
            outcome="granted",
            by=staff,
        ),
        # 2023 in Beijing: not counted.
        legal_aid_application(
            applicant=applicant,
            centre=south,
            case_kind=kind,
            at=beijing(YEAR - 1, 12, 31, 23),
            outcome="granted",
            by=staff,
        ),
    ]
    return {"rows": rows, "apps": apps, "north": north, "south": south, "kind": kind}


def marked(response, attribute: str) -> dict[str, str]:
    return dict(
        re.findall(rf'{attribute}="([\w-]+)">([^<]*)<', response.content.decode(), flags=re.S)
    )


def test_working_minutes_skip_the_holiday_and_the_nights():
    eve = working_day_before(NATIONAL_DAY)
    first_after = working_day_after(eve)
    calendar = StatutoryCalendar.for_range(start=eve, end=first_after)
    assert working_minutes(at(eve, 10), at(first_after, 10), calendar) == 8.5 * 60
    # Received after hours and answered before the office opens: no working time at all.
    assert working_minutes(at(eve, 18), at(first_after, 8), calendar) == 0
    assert working_minutes(at(first_after, 10), at(eve, 10), calendar) == 0


def test_the_city_page_shows_volume_overdue_share_and_answer_time(english, people, consult_data):
    english.force_login(people.admin)
    response = english.get(f"/bureau/statistics/?year={YEAR}")
    assert response.status_code == 200
    figures = marked(response, "data-consultation-figure")
    assert figures["received"] == "6"
    assert figures["answered"] == "5"
    # The late answer and the open request past its deadline; the answer on the first working
    # day after the holiday is on time.
    assert " ".join(figures["overdue_share"].split()) == "33.3% (2)"
    # Median of 0.5, 1.5, 6, 8.5 and 12 working hours.
    assert figures["median_hours"] == "6.0 working hours"
    assert marked(response, "data-topic") == {"inheritance-test": "3", "labour-test": "3"}
    assert marked(response, "data-topic-overdue") == {"inheritance-test": "0", "labour-test": "2"}
    assert marked(response, "data-channel") == {"web": "5", "hotline": "1"}


def test_requests_count_in_the_beijing_month_they_were_received(people, consult_data):
    stats = statistics_compute(office=None, year=YEAR)
    by_month = {m.month.month: (m.consultations, m.consultations_overdue) for m in stats.months}
    assert by_month[1] == (1, 0)
    # Received at 00:30 on 1 February in Beijing, still 31 January in UTC.
    assert by_month[2] == (1, 0)
    assert by_month[3] == (1, 0)
    eve = working_day_before(NATIONAL_DAY)
    assert by_month[eve.month] == (3, 2)
    assert stats.totals.consultations == 6

    february = statistics_compute(office=None, year=YEAR, month=2)
    assert february.consultations.received == 1
    assert february.consultations.median_answer_hours == 6.0
    assert [(c.slug, c.applications) for c in february.legal_aid.centres] == [("north", 1)]


def test_an_open_request_within_its_deadline_is_not_overdue(people, consult_data):
    topic = make_topic("housing-test")
    consultation_create(
        phone="13700002222",
        topic=topic,
        question="租房押金？",
        answer_channel="callback",
        consent=True,
    )
    today = dt.datetime.now(SHANGHAI)
    stats = statistics_compute(office=None, year=today.year, month=today.month)
    assert stats.consultations.received == 1
    assert stats.consultations.overdue == 0
    assert stats.consultations.median_answer_minutes is None


def test_legal_aid_decisions_per_centre(english, people, consult_data):
    english.force_login(people.admin)
    content = english.get(f"/bureau/statistics/?year={YEAR}").content.decode()
    rows = {
        slug: re.findall(r"<td>(\d+)</td>", row)
        for slug, row in re.findall(r'<tr data-centre="(\w+)">(.*?)</tr>', content, flags=re.S)
    }
    # Applications, granted, refused, pending (the accepted one at south is still pending).
    assert rows["north"] == ["3", "1", "1", "1"]
    assert rows["south"] == ["2", "1", "0", "1"]
    totals = marked_figures(content)
    assert totals == {"applications": "5", "granted": "2", "refused": "1", "pending": "2"}


def marked_figures(content: str) -> dict[str, str]:
    return dict(re.findall(r'data-legal-aid-figure="(\w+)">(\d+)<', content))


def test_an_office_sees_its_own_requests_and_no_legal_aid(english, people, consult_data):
    english.force_login(people.clerk_a)
    response = english.get(f"/bureau/statistics/?year={YEAR}")
    assert marked(response, "data-consultation-figure")["received"] == "1"
    assert "Legal-aid decisions" not in response.content.decode()


def test_the_csv_has_the_consultation_and_legal_aid_figures(english, people, consult_data):
    english.force_login(people.admin)
    response = english.get(f"/bureau/statistics/?year={YEAR}&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    values = {row[0]: row[1] for row in rows if len(row) == 2}
    assert values["Consultation requests received"] == "6"
    assert values["Consultation requests answered"] == "5"
    assert values["Consultation requests overdue"] == "2"
    assert values["Overdue share of consultation requests (%)"] == "33.3"
    assert values["Median answer time of consultation requests (working hours)"] == "6.0"
    february = next(row for row in rows if row and row[0] == f"{YEAR}-02")
    assert february[-2:] == ["1", "0"]
    topics = {row[1]: row[2:] for row in rows if len(row) == 4 and row[1].endswith("-test")}
    assert topics == {"inheritance-test": ["3", "0"], "labour-test": ["3", "2"]}
    centres = {row[1]: row[2:] for row in rows if len(row) == 6 and row[1] in ("north", "south")}
    assert centres == {"north": ["3", "1", "1", "1"], "south": ["2", "1", "0", "1"]}
    assert next(row for row in rows if row and row[0] == "All centres")[2:] == ["5", "2", "1", "2"]


def test_the_query_count_does_not_grow_with_consultations_and_applications(
    client, people, consult_data
):
    client.force_login(people.admin)
    url = f"/bureau/statistics/?year={YEAR}"
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    staff = UserFactory(role=User.Role.LEGAL_AID_STAFF, legal_aid_centre=consult_data["north"])
    for number in range(5):
        topic = make_topic(f"more-{number}")
        centre = LegalAidCentreFactory(slug=f"more-{number}")
        for i in range(8):
            received = beijing(YEAR, 1 + i % 12, 1 + number, 9 + i % 7)
            past_consultation(
                topic=topic,
                received_at=received,
                answered_at=received + dt.timedelta(days=i % 3, hours=1) if i % 4 else None,
                channel=["web", "hotline"][i % 2],
            )
            legal_aid_application(
                applicant=people.resident,
                centre=centre,
                case_kind=consult_data["kind"],
                at=received,
                outcome=["", "accepted", "granted", "refused"][i % 4],
                by=staff,
            )
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert marked(response, "data-consultation-figure")["received"] == "46"
    assert len(large) == len(small)
