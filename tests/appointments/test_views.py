import html
import re

import pytest
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appointments.models import Appointment
from appointments.services import appointment_book
from tests.appointments.conftest import at, make_resident
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture
def signed_in(client, resident):
    client.force_login(resident)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def review_url(bookable):
    return f"/book/{bookable.matter.code}/{bookable.office.slug}/review/"


# --- the wizard, step by step -------------------------------------------------------------------


def test_wizard_walks_from_matter_to_confirmation_without_javascript(
    signed_in, bookable, resident, django_capture_on_commit_callbacks
):
    page = signed_in.get("/book/", {"q": bookable.matter.name_en})
    assert f'href="/book/{bookable.matter.code}/"' in page.content.decode()

    offices = signed_in.get(f"/book/{bookable.matter.code}/")
    assert offices.status_code == 200
    assert "Earliest free times anywhere in the city" in text(offices)
    assert f"/book/{bookable.matter.code}/{bookable.office.slug}/" in offices.content.decode()

    day = signed_in.get(
        f"/book/{bookable.matter.code}/{bookable.office.slug}/", {"date": bookable.day.isoformat()}
    )
    body = day.content.decode()
    start = at(bookable.day, 9).isoformat()
    assert f'value="{start}"' in body
    assert f'action="{review_url(bookable)}"' in body

    review = signed_in.get(review_url(bookable), {"start": start})
    page = text(review)
    assert review.status_code == 200
    assert "Check your appointment and confirm" in page
    assert bookable.office.address_en in page
    assert "Fee for the matter 200.00 yuan" in page
    assert "Total by the fee standard 200.00 yuan" in page
    assert "110105********" in page  # the applicant's number, masked
    assert resident.id_number not in review.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = signed_in.post(review_url(bookable), {"start": start})
    appointment = Appointment.objects.get()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == f"/appointments/{appointment.reference}/"
    detail = text(signed_in.get(confirmed["Location"]))
    assert appointment.reference in detail
    assert "Your appointment is booked." in detail
    assert len(mail.outbox) == 1 and appointment.reference in mail.outbox[0].body


def test_booking_asks_anonymous_visitors_to_sign_in_first(client, bookable):
    response = client.get(review_url(bookable), {"start": at(bookable.day, 9).isoformat()})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_booking_sends_residents_without_details_to_the_profile_and_back(client, bookable):
    client.force_login(UserFactory())
    start = at(bookable.day, 9).isoformat()
    response = client.get(review_url(bookable), {"start": start})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/profile/?next=")
    assert "review" in response["Location"]


def test_a_time_taken_meanwhile_says_so_and_offers_the_nearest_free_times(signed_in, bookable):
    start = at(bookable.day, 10)
    appointment_book(
        resident=make_resident(email="quick@example.com"),
        matter=bookable.matter,
        office=bookable.office,
        starts_at=start,
    )
    response = signed_in.post(review_url(bookable), {"start": start.isoformat()})
    assert response.status_code == 409
    page = text(response)
    assert "This time was just taken by someone else" in page
    assert f"{bookable.day:%m-%d}" in page and "09:30" in page and "10:30" in page
    assert Appointment.objects.count() == 1


@pytest.mark.parametrize("start", ["", "yesterday", "2026-13-45T99:99", "<script>", "9" * 200])
def test_nonsense_times_never_cause_an_error_page(signed_in, bookable, start):
    response = signed_in.post(review_url(bookable), {"start": start})
    assert response.status_code in (302, 400, 409)
    assert Appointment.objects.count() == 0


def test_unknown_matter_or_office_in_the_wizard_is_a_404(signed_in, bookable):
    assert signed_in.get("/book/no-such-matter/").status_code == 404
    assert signed_in.get(f"/book/{bookable.matter.code}/atlantis/").status_code == 404


def test_day_picker_tolerates_a_bad_date(signed_in, bookable):
    for value in ["", "not-a-date", "2099-01-01", "1999-01-01"]:
        response = signed_in.get(
            f"/book/{bookable.matter.code}/{bookable.office.slug}/", {"date": value}
        )
        assert response.status_code == 200


# --- my appointments ----------------------------------------------------------------------------


@pytest.fixture
def booked(bookable, resident):
    return appointment_book(
        resident=resident,
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 9),
    )


def test_my_appointments_lists_upcoming_and_past(signed_in, booked):
    page = text(signed_in.get("/appointments/"))
    assert booked.reference in page
    assert page.index("Upcoming") < page.index(booked.reference) < page.index("Past and cancelled")


def test_another_residents_appointment_is_a_404(client, booked, other_resident):
    client.force_login(other_resident)
    for suffix in ["", "cancel/", "reschedule/", "calendar.ics"]:
        assert client.get(f"/appointments/{booked.reference}/{suffix}").status_code == 404
    assert client.post(f"/appointments/{booked.reference}/cancel/").status_code == 404
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.BOOKED


def test_appointment_pages_need_sign_in(client, booked):
    response = client.get(f"/appointments/{booked.reference}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_reference_typed_in_lower_case_still_finds_it(signed_in, booked):
    assert signed_in.get(f"/appointments/{booked.reference.lower()}/").status_code == 200


def test_cancel_from_the_page(signed_in, booked):
    confirm = signed_in.get(f"/appointments/{booked.reference}/cancel/")
    assert "The time becomes free for others at once." in text(confirm)
    response = signed_in.post(f"/appointments/{booked.reference}/cancel/", {"reason": "ill"})
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.CANCELLED


def test_reschedule_from_the_page(signed_in, booked, bookable):
    page = signed_in.get(
        f"/appointments/{booked.reference}/reschedule/", {"date": bookable.day.isoformat()}
    )
    assert page.status_code == 200
    new_start = at(bookable.day, 14)
    response = signed_in.post(
        f"/appointments/{booked.reference}/reschedule/",
        {"start": new_start.isoformat(), "date": bookable.day.isoformat()},
    )
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.starts_at == new_start


def test_calendar_file_describes_the_appointment(signed_in, booked):
    response = signed_in.get(f"/appointments/{booked.reference}/calendar.ics")
    assert response["Content-Type"] == "text/calendar"
    assert f'filename="{booked.reference}.ics"' in response["Content-Disposition"]
    from icalendar import Calendar

    event = next(iter(Calendar.from_ical(response.content).walk("VEVENT")))
    assert event.decoded("dtstart") == booked.starts_at
    assert event.decoded("dtend") == booked.ends_at
    assert booked.reference in str(event["summary"])
    assert booked.office.address_zh in str(event["location"]) or booked.office.address_en in str(
        event["location"]
    )
    assert str(event["uid"]) == f"{booked.reference}@notary-portal"


def test_booking_pages_work_in_chinese(client, resident, booked, bookable):
    client.force_login(resident)
    page = text(client.get(f"/book/{bookable.matter.code}/{bookable.office.slug}/"))
    assert "选择日期" in page
    assert "我的预约" in text(client.get("/appointments/"))


@pytest.mark.parametrize("path", ["/book/will/", "/book/will/central/"])
def test_wizard_pages_cost_the_same_queries_however_busy_the_city(signed_in, bookable, path):
    from tests.appointments.test_availability import _grow

    def cold_and_warm() -> tuple[int, int]:
        signed_in.get(path)  # the session and the language settle
        caches["availability"].clear()
        counts = []
        for _ in range(2):  # computed, then from the availability cache
            with CaptureQueriesContext(connection) as captured:
                assert signed_in.get(path).status_code == 200
            counts.append(len(captured.captured_queries))
        return counts[0], counts[1]

    small = cold_and_warm()
    _grow(bookable, factor=1)
    large = cold_and_warm()
    assert large == small
    assert small[1] <= small[0]
