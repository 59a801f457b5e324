import datetime as dt

import pytest

from appointments import errors
from appointments.models import Appointment, HomeVisitRequest
from appointments.services import home_visit_decline, home_visit_request_create, home_visit_schedule
from tests.appointments.conftest import at
from tests.factories import OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(bookable, resident):
    return home_visit_request_create(
        resident=resident,
        matter=bookable.matter,
        office=bookable.office,
        address="北京市东城区某街1号",
        reason="Bedridden",
        phone="13800138000",
    )


@pytest.fixture
def clerk(bookable):
    return UserFactory(role="office_staff", office=bookable.office)


def test_a_resident_asks_for_a_home_visit_from_the_wizard(client, bookable, resident):
    client.force_login(resident)
    url = f"/book/{bookable.matter.code}/{bookable.office.slug}/home-visit/"
    bad = client.post(
        url, {"address": "", "reason": "ill", "phone": "abc"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert bad.status_code == 400 and "Enter a phone number of digits only." in bad.content.decode()
    assert not HomeVisitRequest.objects.exists()
    ok = client.post(url, {"address": "No. 1 Road", "reason": "Bedridden", "phone": "13800138000"})
    assert ok.status_code == 302
    assert HomeVisitRequest.objects.get().status == "requested"
    assert (
        "Waiting for the office"
        in client.get("/appointments/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_staff_schedule_a_home_visit_which_then_holds_the_notarys_time(visit, clerk, bookable):
    appointment = home_visit_schedule(
        request=visit, starts_at=at(bookable.day, 9), minutes=120, by=clerk
    )
    visit.refresh_from_db()
    assert visit.status == "scheduled" and visit.appointment == appointment
    assert appointment.home_visit_address == "北京市东城区某街1号"
    assert appointment.ends_at - appointment.starts_at == dt.timedelta(minutes=120)
    assert appointment.events.get().actor == clerk
    # The notary is away for those two hours.
    from appointments.services import appointment_book
    from tests.appointments.conftest import make_resident

    with pytest.raises(errors.SlotTaken):
        appointment_book(
            resident=make_resident(email="later@example.com"),
            matter=bookable.matter,
            office=bookable.office,
            starts_at=at(bookable.day, 10),
        )


def test_a_home_visit_cannot_run_past_the_notarys_working_period(visit, clerk, bookable):
    with pytest.raises(errors.SlotUnavailable):
        home_visit_schedule(request=visit, starts_at=at(bookable.day, 11), minutes=120, by=clerk)
    visit.refresh_from_db()
    assert visit.status == "requested" and not Appointment.objects.exists()


def test_declining_needs_a_reason_the_resident_sees(visit, clerk):
    with pytest.raises(errors.DecisionInvalid):
        home_visit_decline(request=visit, by=clerk, reason=" ")
    home_visit_decline(request=visit, by=clerk, reason="Outside our district")
    visit.refresh_from_db()
    assert visit.status == "declined" and visit.decision_note == "Outside our district"
    with pytest.raises(errors.NotActive):
        home_visit_schedule(request=visit, starts_at=visit.created_at, minutes=60, by=clerk)


@pytest.mark.parametrize(
    ("who", "list_status", "detail_status"),
    [
        ("anonymous", 302, 302),
        ("resident", 404, 404),
        ("other_clerk", 200, 404),
        ("clerk", 200, 200),
        ("bureau", 200, 200),
    ],
)
def test_home_visit_pages_are_scoped_to_the_office(
    client, visit, clerk, resident, who, list_status, detail_status
):
    users = {
        "resident": resident,
        "clerk": clerk,
        "other_clerk": UserFactory(role="office_staff", office=OfficeFactory()),
        "bureau": UserFactory(role="bureau_admin"),
    }
    if who in users:
        client.force_login(users[who])
    listing = client.get("/staff/home-visits/")
    assert listing.status_code == list_status
    if list_status == 200:
        assert (
            visit.address in listing.content.decode()
            or visit.resident.real_name in listing.content.decode()
        ) == (who != "other_clerk")
    assert client.get(f"/staff/home-visits/{visit.pk}/").status_code == detail_status
    decline = client.post(f"/staff/home-visits/{visit.pk}/decline/", {"reason": "x"})
    assert decline.status_code == (302 if who in {"anonymous", "clerk", "bureau"} else 404)
