"""The statistics page against a small data set worked out by hand, its CSV, and its cost."""

import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appointments.models import ExemptionClaim
from appointments.services import exemption_decide
from casework.services import case_accept, case_advance
from events.services import event_create
from supervision.services import rating_create, return_visit_draw_run, return_visit_record
from supervision.statistics import statistics_compute
from tests.factories import ExemptionFactory, NotaryFactory, OfficeFactory
from tests.supervision.conftest import SHANGHAI, beijing, past_appointment

pytestmark = pytest.mark.django_db

YEAR = 2024


def claim(appointment, exemption, *, decide: bool | None, by):
    row = ExemptionClaim.objects.create(
        appointment=appointment,
        exemption=exemption,
        name_zh=exemption.name_zh,
        name_en=exemption.name_en,
    )
    if decide is not None:
        exemption_decide(claim=row, by=by, confirm=decide, reason="Checked the certificate.")


def finish(case, *, by, issued_at: dt.datetime):
    for step in ("verified", "approved"):
        case = case_advance(case=case, step=step, by=by, now=issued_at - dt.timedelta(hours=2))
    return case_advance(case=case, step="issued", by=by, now=issued_at)


def event(office, by, starts_at):
    return event_create(
        office=office,
        by=by,
        title_zh="社区咨询",
        title_en="Community advice",
        description="Free advice.",
        place="Community centre",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
        capacity=30,
    )


@pytest.fixture
def data(people):
    """Office A ("central") and office B ("east") in 2024; the expected figures are in the tests."""
    p = people
    ramo, plain = p.matter, p.matter_plain

    def visit(notary, when, status="completed", matter=ramo):
        return past_appointment(
            notary=notary, resident=p.resident, starts_at=when, status=status, matter=matter
        )

    a = {
        # 00:30 on 1 January in Beijing is still 2023 in UTC: it counts in January 2024.
        "a1": visit(p.notary_a, beijing(YEAR, 1, 1, 0, 30)),
        "a2": visit(p.notary_a, beijing(YEAR, 1, 11), matter=plain),
        "a3": visit(p.notary_a, beijing(YEAR, 1, 12), matter=plain),
        "a4": visit(p.notary_a, beijing(YEAR, 1, 15), status="no_show"),
        "a5": visit(p.notary_a, beijing(YEAR, 2, 2), status="cancelled", matter=plain),
        "a6": visit(p.notary_a, beijing(YEAR, 2, 5)),
    }
    b = {
        "b1": visit(p.notary_b, beijing(YEAR, 1, 20)),
        "b2": visit(p.notary_b, beijing(YEAR, 3, 3), matter=plain),
    }
    visit(p.notary_a, beijing(YEAR - 1, 12, 31, 23, 0))  # another year: never counted

    # Cases, by due date: on time, late, open past due; a6's is late by Beijing's date only.
    clerk = p.clerk_a
    case1 = case_accept(
        appointment=a["a1"], by=clerk, on=dt.date(YEAR, 1, 2), now=beijing(YEAR, 1, 2)
    )
    finish(case1, by=clerk, issued_at=dt.datetime.combine(case1.due_date, dt.time(16), SHANGHAI))
    case2 = case_accept(
        appointment=a["a2"], by=clerk, on=dt.date(YEAR, 1, 11), now=beijing(YEAR, 1, 11)
    )
    finish(
        case2,
        by=clerk,
        issued_at=dt.datetime.combine(case2.due_date + dt.timedelta(days=3), dt.time(10), SHANGHAI),
    )
    case_accept(appointment=a["a3"], by=clerk, on=dt.date(YEAR, 1, 12), now=beijing(YEAR, 1, 12))
    case4 = case_accept(
        appointment=a["a6"], by=clerk, on=dt.date(YEAR, 2, 5), now=beijing(YEAR, 2, 5)
    )
    # 00:30 the day after the due date in Beijing is still the due date in UTC.
    finish(
        case4,
        by=clerk,
        issued_at=dt.datetime.combine(
            case4.due_date + dt.timedelta(days=1), dt.time(0, 30), SHANGHAI
        ),
    )
    case_b = case_accept(
        appointment=b["b1"], by=p.clerk_b, on=dt.date(YEAR, 1, 22), now=beijing(YEAR, 1, 22)
    )
    finish(
        case_b, by=p.clerk_b, issued_at=dt.datetime.combine(case_b.due_date, dt.time(9), SHANGHAI)
    )

    elderly = ExemptionFactory(code="elderly-will", name_en="Aged 70 or over", name_zh="七十岁以上")
    low_income = ExemptionFactory(
        code="low-income", name_en="Minimum living allowance", name_zh="低保"
    )
    claim(a["a1"], elderly, decide=True, by=clerk)
    claim(a["a2"], low_income, decide=True, by=clerk)
    claim(a["a3"], low_income, decide=True, by=clerk)
    claim(a["a6"], low_income, decide=False, by=clerk)
    claim(a["a4"], elderly, decide=None, by=clerk)
    claim(b["b1"], elderly, decide=True, by=p.clerk_b)

    rating_create(appointment=a["a1"], resident=p.resident, stars=4)
    rating_create(appointment=a["a2"], resident=p.resident, stars=5)
    rating_create(appointment=b["b1"], resident=p.resident, stars=1)

    draw = return_visit_draw_run(year=YEAR, seed=1, now=beijing(YEAR + 1, 1, 5))
    visits = {v.appointment_id: v for v in draw.visits.all()}
    admin = p.admin
    return_visit_record(
        visit=visits[a["a1"].pk],
        by=admin,
        status="done",
        satisfaction=3,
        fee_as_quoted=True,
        one_visit=True,
    )
    return_visit_record(
        visit=visits[a["a2"].pk],
        by=admin,
        status="done",
        satisfaction=5,
        fee_as_quoted=False,
        one_visit=True,
    )
    return_visit_record(visit=visits[a["a3"].pk], by=admin, status="unreachable")
    return_visit_record(
        visit=visits[b["b1"].pk],
        by=admin,
        status="done",
        satisfaction=4,
        fee_as_quoted=True,
        one_visit=True,
    )

    event(p.office_a, clerk, beijing(YEAR, 6, 1))
    event(p.office_a, clerk, beijing(YEAR + 1, 6, 1))  # another year
    event(p.office_b, p.clerk_b, beijing(YEAR, 3, 1))
    event(p.office_b, p.clerk_b, beijing(YEAR, 9, 1))
    return {**a, **b}


OFFICE_A = {
    "appointments": "6",
    "completed": "4",
    "no_shows": "1",
    "cancellations": "1",
    "cases_on_time": "1",
    "cases_late": "2",
    "cases_open_overdue": "1",
    "run_at_most_once_share": "50.0% (3)",
    "rating_average": "4.5 (2 ratings)",
    "visit_average": "4.0 (2 return visits)",
    "fee_as_quoted_share": "50.0%",
    "one_visit_share": "100.0%",
}
CITY = {
    "appointments": "8",
    "completed": "6",
    "no_shows": "1",
    "cancellations": "1",
    "cases_on_time": "2",
    "cases_late": "2",
    "cases_open_overdue": "1",
    "run_at_most_once_share": "50.0% (4)",
    "rating_average": "3.33 (3 ratings)",
    "visit_average": "4.0 (3 return visits)",
    "fee_as_quoted_share": "66.7%",
    "one_visit_share": "100.0%",
}


def figures(response) -> dict[str, str]:
    content = response.content.decode()
    return {
        name: " ".join(value.split())
        for name, value in re.findall(r'data-figure="(\w+)">(.*?)</td>', content, flags=re.S)
    }


def exemptions(response) -> dict[str, str]:
    return dict(re.findall(r'data-exemption="([\w-]+)">(\d+)<', response.content.decode()))


def test_office_figures_match_the_hand_made_data(english, people, data):
    english.force_login(people.clerk_a)
    response = english.get(f"/bureau/statistics/?year={YEAR}")
    assert response.status_code == 200
    assert figures(response) == OFFICE_A
    assert exemptions(response) == {"elderly-will": "1", "low-income": "2"}


def test_city_figures_match_the_hand_made_data(english, people, data):
    english.force_login(people.admin)
    response = english.get(f"/bureau/statistics/?year={YEAR}")
    assert figures(response) == CITY
    assert exemptions(response) == {"elderly-will": "2", "low-income": "2"}
    # Office A held one event in 2024; office B two.
    content = response.content.decode()
    assert "Fewer than 2 public-welfare events in 2024" in content
    warning = content.split("Fewer than 2 public-welfare events", 1)[1].split("</div>", 1)[0]
    assert people.office_a.name_en in warning
    assert people.office_b.name_en not in warning


def test_one_month(english, people, data):
    english.force_login(people.admin)
    response = english.get(f"/bureau/statistics/?office=central&year={YEAR}&month=2")
    got = figures(response)
    assert (got["appointments"], got["completed"], got["cancellations"]) == ("2", "1", "1")
    assert (got["cases_on_time"], got["cases_late"]) == ("0", "1")
    assert got["run_at_most_once_share"] == "50.0% (1)"


def test_the_months_and_the_chart(english, people, data):
    stats = statistics_compute(office=people.office_a, year=YEAR)
    by_month = {m.month.month: m for m in stats.months}
    assert [by_month[1].appointments, by_month[2].appointments, by_month[3].appointments] == [
        4,
        2,
        0,
    ]
    assert (by_month[1].cases_on_time, by_month[1].cases_late, by_month[1].cases_open_overdue) == (
        1,
        1,
        1,
    )

    english.force_login(people.admin)
    content = english.get(f"/bureau/statistics/?office=central&year={YEAR}").content.decode()
    # Appointments, absences, cases, consultation requests.
    assert content.count('role="img"') == 4
    assert '<title id="chart-appointments-title">Appointments by month</title>' in content
    assert "Appointments: 01 4, 02 2, 03 0" in content


def test_the_csv_has_the_same_numbers_and_opens_in_excel(english, people, data):
    english.force_login(people.clerk_a)
    response = english.get(f"/bureau/statistics/?year={YEAR}&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    values = {row[0]: row[1] for row in rows if len(row) == 2}
    assert values["Appointments"] == OFFICE_A["appointments"]
    assert values["Completed"] == OFFICE_A["completed"]
    assert values["No-shows"] == OFFICE_A["no_shows"]
    assert values["Cancellations"] == OFFICE_A["cancellations"]
    assert values["Cases finished on time"] == OFFICE_A["cases_on_time"]
    assert values["Cases finished late"] == OFFICE_A["cases_late"]
    assert values["Open cases past their due date"] == OFFICE_A["cases_open_overdue"]
    assert values["Run-at-most-once share (%)"] == "50.0"
    assert values["Average rating (1–5)"] == "4.5"
    assert values["Average satisfaction in return visits (1–5)"] == "4.0"
    assert values["Fee as quoted (%)"] == "50.0"
    assert values["Served in one visit (%)"] == "100.0"
    exemption_rows = {row[1]: row[2] for row in rows if len(row) == 3 and row[1] != "Code"}
    assert exemption_rows == {"elderly-will": "1", "low-income": "2"}
    january = next(row for row in rows if row and row[0] == f"{YEAR}-01")
    assert january[1:5] == ["4", "3", "1", "0"]


def test_chinese_names_survive_the_csv(chinese, people, data):
    chinese.force_login(people.admin)
    response = chinese.get(f"/bureau/statistics/?office=central&year={YEAR}&format=csv")
    decoded = response.content.decode("utf-8-sig")
    assert people.office_a.name_zh in decoded
    assert "七十岁以上" in decoded


def test_a_bad_year_is_an_error_on_the_page_not_a_crash(english, people):
    english.force_login(people.admin)
    response = english.get("/bureau/statistics/?year=abc&month=13")
    assert response.status_code == 400
    content = response.content.decode()
    assert 'role="alert"' in content
    assert 'value="abc"' in content


def grow(people, *, offices: int, per_office: int):
    """More offices, notaries, appointments, ratings and events: the page must not notice."""
    for number in range(offices):
        office = OfficeFactory(matters=[people.matter])
        notary = NotaryFactory(office=office, matters=[people.matter])
        for i in range(per_office):
            appointment = past_appointment(
                notary=notary,
                resident=people.resident,
                starts_at=beijing(YEAR, 1 + i % 12, 1 + number % 28, 9 + i % 8),
                status=["completed", "no_show", "cancelled"][i % 3],
            )
            if appointment.status == "completed":
                rating_create(appointment=appointment, resident=people.resident, stars=1 + i % 5)
        event(office, people.admin, beijing(YEAR, 4, 1 + number % 28))


@pytest.mark.parametrize("who", ["admin", "clerk_a"])
def test_the_query_count_does_not_grow_with_the_data(
    client, people, data, who, django_assert_max_num_queries
):
    client.force_login(getattr(people, who))
    url = f"/bureau/statistics/?year={YEAR}"

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow(people, offices=6, per_office=30)
    # 12 before the consultation and legal-aid figures; they add the consultation counts, the
    # answer times (and the calendar when there are answers: tests/supervision/
    # test_statistics_consult.py) and the legal-aid decisions.
    with django_assert_max_num_queries(14), CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large) == len(small)
