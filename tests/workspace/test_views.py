import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appointments.models import Appointment, Leave, WorkingPeriod
from appointments.services import home_visit_request_create, home_visit_schedule
from tests.appointments.conftest import at, give_week, make_resident
from tests.dates import at_the_counter, working_day_after
from tests.factories import NotaryFactory
from tests.workspace.conftest import text
from tests.workspace.helpers import book_on
from workspace.selectors import appointments_search_for_staff

pytestmark = pytest.mark.django_db


def agenda_url(world, day=None, **extra) -> str:
    query = f"date={(day or world.day).isoformat()}&office=central"
    for key, value in extra.items():
        query += f"&{key}={value}"
    return f"/staff/agenda/?{query}"


def schedule_url(notary) -> str:
    return f"/staff/notaries/{notary.pk}/schedule/"


# --- the day's agenda ---------------------------------------------------------------------------


def test_agenda_shows_only_this_offices_appointments_of_that_day(as_staff_a, world):
    mine = world.book(hour=9)
    also_mine = world.book(world.other_resident, hour=10, minute=30)
    next_day = world.book(
        make_resident(email="later@example.com"), hour=9, day=working_day_after(world.day)
    )
    elsewhere = world.book(make_resident(email="east@example.com"), hour=9, office=world.office_b)

    response = as_staff_a.get(agenda_url(world))

    assert response.status_code == 200
    page = text(response)
    assert mine.reference in page and also_mine.reference in page
    assert next_day.reference not in page and elsewhere.reference not in page
    assert page.index("09:00") < page.index("10:30") or mine.notary != also_mine.notary
    assert "测试居民" in page and "138****8000" in page
    assert "13800138000" not in page  # the phone is masked
    assert world.matter.name_en in page
    for notary in world.notaries:
        assert notary.name_en in page  # a column per notary on duty, booked or not


def test_agenda_marks_green_channel_and_shows_the_home_visit_address(as_staff_a, world):
    from appointments.services import appointment_book

    green = appointment_book(
        resident=world.resident,
        matter=world.matter,
        office=world.office,
        starts_at=at(world.day, 9),
        language="en",
        green_channel="pregnant",
    )
    request = home_visit_request_create(
        resident=world.other_resident,
        matter=world.matter,
        office=world.office,
        address="No. 8, Quiet Lane, Chaoyang",
        reason="Bedridden",
        phone="13900139000",
    )
    visit = home_visit_schedule(
        request=request, starts_at=at(world.day, 14), minutes=90, by=world.staff_a
    )
    page = text(as_staff_a.get(agenda_url(world)))
    assert green.reference in page and "Green channel" in page and "Pregnant" in page
    assert visit.reference in page and "No. 8, Quiet Lane, Chaoyang" in page


def test_agenda_for_one_notary_lists_only_theirs(as_staff_a, world):
    n0, n1, _n2 = world.notaries
    theirs = book_on(n0, resident=world.resident, matter=world.matter, day=world.day, hour=9)
    other = book_on(n1, resident=world.other_resident, matter=world.matter, day=world.day, hour=9)
    page = text(as_staff_a.get(agenda_url(world, notary=n0.pk)))
    assert theirs.reference in page and other.reference not in page


def test_an_unreadable_date_is_said_on_the_page_not_a_500(as_staff_a, world):
    response = as_staff_a.get("/staff/agenda/?date=2026-13-45")
    assert response.status_code == 400
    assert "Enter the day as YYYY-MM-DD" in text(response)


def test_a_bureau_admin_chooses_the_office_first(english, world):
    english.force_login(world.admin)
    response = english.get("/staff/agenda/")
    assert response.status_code == 200
    assert "Choose an office to see its agenda." in text(response)
    assert world.office_b.name_en in text(response)


def _status_trail(appointment):
    return list(
        appointment.events.exclude(to_status="")
        .order_by("at", "id")
        .values_list("to_status", "actor", "channel")
    )


def test_check_in_then_complete_from_the_agenda(as_staff_a, world):
    appointment = world.book()
    base = f"/staff/appointments/{appointment.reference}"
    back = agenda_url(world)
    with at_the_counter(appointment):
        page = text(as_staff_a.get(back))
        assert "Check in" in page
        response = as_staff_a.post(f"{base}/check-in/", {"next": back})
        assert response.status_code == 302
        assert response["Location"] == back  # back on the agenda the clerk was looking at
        response = as_staff_a.post(f"{base}/complete/", {"next": back}, follow=True)
    assert "completed" in text(response)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.COMPLETED
    assert _status_trail(appointment) == [
        ("checked_in", world.staff_a.pk, "counter"),
        ("completed", world.staff_a.pk, "counter"),
    ]


def test_the_agenda_offers_check_in_only_on_the_visits_day(as_staff_a, world):
    appointment = world.book()
    page = text(as_staff_a.get(agenda_url(world)))
    assert appointment.reference in page and "Check in" not in page  # days ahead


def test_refused_transitions_are_explained_on_the_agenda(as_staff_a, world):
    appointment = world.book()
    base = f"/staff/appointments/{appointment.reference}"
    back = agenda_url(world)

    early = as_staff_a.post(f"{base}/no-show/", {"next": back}, follow=True)
    assert early.redirect_chain[-1][0] == back
    assert "only after the start time" in text(early)
    assert appointment.reference in text(early)  # the agenda of that day, shown again

    too_soon = as_staff_a.post(f"{base}/complete/", {"next": back}, follow=True)
    assert "does not allow this" in text(too_soon)

    days_before = as_staff_a.post(f"{base}/check-in/", {"next": back}, follow=True)
    assert "Check-in opens on the day of the visit" in text(days_before)

    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED
    assert _status_trail(appointment) == []


def test_no_show_after_the_start_time_from_the_agenda(as_staff_a, world):
    appointment = world.book()
    with time_machine.travel(appointment.starts_at + dt.timedelta(minutes=20), tick=True):
        page = as_staff_a.get(agenda_url(world))
        assert "Did not come" in text(page)
        response = as_staff_a.post(f"/staff/appointments/{appointment.reference}/no-show/")
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.NO_SHOW
    assert _status_trail(appointment) == [("no_show", world.staff_a.pk, "counter")]


def test_actions_are_post_only(as_staff_a, world):
    appointment = world.book()
    response = as_staff_a.get(f"/staff/appointments/{appointment.reference}/check-in/")
    assert response.status_code == 405


def test_a_next_address_elsewhere_is_not_followed(as_staff_a, world):
    appointment = world.book()
    with at_the_counter(appointment):
        response = as_staff_a.post(
            f"/staff/appointments/{appointment.reference}/check-in/",
            {"next": "https://evil.example/"},
        )
    assert response["Location"] == f"/staff/appointments/{appointment.reference}/"


def test_printable_day_sheets_one_page_per_notary_with_appointments(as_staff_a, world):
    n0, n1, n2 = world.notaries
    first = book_on(n0, resident=world.resident, matter=world.matter, day=world.day, hour=9)
    second = book_on(n1, resident=world.other_resident, matter=world.matter, day=world.day, hour=9)

    everyone = as_staff_a.get(f"/staff/agenda/print/?date={world.day.isoformat()}")
    assert everyone.status_code == 200
    body = everyone.content.decode()
    # Two notaries have someone coming; the third, idle that day, gets no blank page.
    assert body.count('class="day-sheet"') == 2
    assert n2.name_en not in text(everyone)
    assert "break-after: page" in body and "@media print" in body
    assert first.reference in body and second.reference in body

    one = as_staff_a.get(f"/staff/agenda/print/?date={world.day.isoformat()}&notary={n0.pk}")
    body = one.content.decode()
    assert body.count('class="day-sheet"') == 1
    assert first.reference in body and second.reference not in body
    assert n2.name_en not in text(one)


def test_agenda_query_count_does_not_grow_with_appointments(
    as_staff_a, world, settings, django_assert_max_num_queries
):
    settings.APPOINTMENT_MAX_ACTIVE_PER_RESIDENT = 20
    settings.APPOINTMENT_MAX_ACTIVE_PER_ACCOUNT = 20
    fourth = NotaryFactory(office=world.office, matters=[world.matter])
    give_week(fourth)
    residents = [make_resident(email=f"r{i}@example.com") for i in range(4)]
    times = [(9, 0), (9, 30), (10, 0), (10, 30), (11, 0), (11, 30), (13, 30)]
    times += [(14, 0), (14, 30), (15, 0), (15, 30), (16, 0), (16, 30)]

    def fill(count: int, start: int) -> None:
        for index in range(start, start + count):
            hour, minute = times[index // 4]
            world.book(residents[index % 4], hour=hour, minute=minute)

    fill(5, 0)
    with CaptureQueriesContext(connection) as queries:
        small = as_staff_a.get(agenda_url(world))
    assert small.status_code == 200
    fill(35, 5)
    assert Appointment.objects.filter(office=world.office).count() == 40
    with django_assert_max_num_queries(len(queries)):
        large = as_staff_a.get(agenda_url(world))
    assert text(large).count(world.matter.name_en) >= 40
    assert len(queries) <= 12


# --- search -------------------------------------------------------------------------------------


def test_search_by_reference_or_name_stays_in_the_office(as_staff_a, world):
    mine = world.book(hour=9)
    theirs = world.book(make_resident(email="east@example.com"), hour=9, office=world.office_b)

    by_reference = text(as_staff_a.get(f"/staff/search/?q={mine.reference.lower()}"))
    assert mine.reference in by_reference

    foreign = text(as_staff_a.get(f"/staff/search/?q={theirs.reference}"))
    assert theirs.reference not in foreign and "No appointment matches." in foreign

    by_name = text(as_staff_a.get("/staff/search/?q=居民"))
    assert mine.reference in by_name and theirs.reference not in by_name
    assert "138****8000" in by_name and "13800138000" not in by_name


def test_search_returns_at_most_the_limit(world):
    for hour, resident in ((9, world.resident), (10, world.other_resident), (11, None)):
        world.book(resident or make_resident(email="x@example.com"), hour=hour)
    result = appointments_search_for_staff(user=world.staff_a, query="测试", limit=2)
    assert len(result.rows) == 2 and result.more


# --- a notary's schedule ------------------------------------------------------------------------


def hours_post(rows: list[tuple[str, str, str]], **extra) -> dict:
    data = {
        "action": "hours",
        "hours-TOTAL_FORMS": str(len(rows)),
        "hours-INITIAL_FORMS": "0",
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "1000",
    }
    for index, (weekday, starts, ends) in enumerate(rows):
        data[f"hours-{index}-weekday"] = weekday
        data[f"hours-{index}-starts"] = starts
        data[f"hours-{index}-ends"] = ends
    data.update(extra)
    return data


def test_schedule_page_shows_the_weekly_hours(as_staff_a, world):
    response = as_staff_a.get(schedule_url(world.notaries[0]))
    assert response.status_code == 200
    assert response.content.decode().count('value="13:30"') == 5


def test_weekly_hours_are_saved(as_staff_a, world):
    notary = world.notaries[0]
    response = as_staff_a.post(
        schedule_url(notary), hours_post([("0", "08:30", "12:00"), ("0", "13:00", "17:30")])
    )
    assert response.status_code == 302
    assert list(
        WorkingPeriod.objects.filter(notary=notary).values_list("weekday", "starts", "ends")
    ) == [(0, dt.time(8, 30), dt.time(12)), (0, dt.time(13), dt.time(17, 30))]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("0", "12:00", "09:00")], "A period must end after it starts."),
        ([("2", "09:00", "12:00"), ("2", "11:30", "14:00")], "overlap"),
        ([("2", "09:00", "")], "Give the day, the start and the end"),
    ],
)
def test_weekly_hours_errors_are_shown_on_the_page_with_the_input_kept(
    as_staff_a, world, rows, message
):
    notary = world.notaries[0]
    before = WorkingPeriod.objects.filter(notary=notary).count()
    response = as_staff_a.post(schedule_url(notary), hours_post(rows))
    assert response.status_code == 400
    assert message in text(response)
    body = response.content.decode()
    for _weekday, starts, _ends in rows:
        assert f'value="{starts}"' in body
    assert WorkingPeriod.objects.filter(notary=notary).count() == before


def test_the_hours_errors_are_translated(chinese, world):
    chinese.force_login(world.staff_a)
    response = chinese.post(schedule_url(world.notaries[0]), hours_post([("0", "12:00", "09:00")]))
    assert response.status_code == 400
    assert "A period must end after it starts." not in text(response)


def leave_post(world, **extra) -> dict:
    return {
        "action": "leave",
        "leave-starts_on": world.day.isoformat(),
        "leave-ends_on": world.day.isoformat(),
        "leave-reason": "Training",
        **extra,
    }


@pytest.fixture
def two_on_n0(world):
    n0 = world.notaries[0]
    first = book_on(n0, resident=world.resident, matter=world.matter, day=world.day, hour=9)
    second = book_on(n0, resident=world.other_resident, matter=world.matter, day=world.day, hour=10)
    mail.outbox.clear()
    return first, second


def test_leave_over_booked_appointments_first_lists_them_and_saves_nothing(
    as_staff_a, world, two_on_n0
):
    n0, n1, n2 = world.notaries
    first, second = two_on_n0
    book_on(
        n1,
        resident=make_resident(email="busy@example.com"),
        matter=world.matter,
        day=world.day,
        hour=9,
    )

    response = as_staff_a.post(schedule_url(n0), leave_post(world))

    assert response.status_code == 200
    page = text(response)
    assert "2 appointments fall in this time" in page
    assert first.reference in page and second.reference in page
    assert not Leave.objects.exists()
    body = response.content.decode()
    # For 9:00 only n2 is free (n1 is booked then); for 10:00 both are.
    first_select = body.split(f'name="leave-r-notary_{first.pk}"')[1].split("</select>")[0]
    assert n2.name_en in first_select and n1.name_en not in first_select
    second_select = body.split(f'name="leave-r-notary_{second.pk}"')[1].split("</select>")[0]
    assert n1.name_en in second_select and n2.name_en in second_select
    assert n0.name_en not in second_select and world.notary_b.name_en not in second_select


def test_leave_is_saved_once_each_appointment_is_moved_or_cancelled_and_residents_are_told(
    as_staff_a, world, two_on_n0, django_capture_on_commit_callbacks
):
    n0, n1, _n2 = world.notaries
    first, second = two_on_n0
    data = leave_post(
        world,
        resolve="1",
        **{
            f"leave-r-action_{first.pk}": "move",
            f"leave-r-notary_{first.pk}": str(n1.pk),
            f"leave-r-action_{second.pk}": "cancel",
            f"leave-r-message_{second.pk}": "The notary is ill. Please book another day.",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = as_staff_a.post(schedule_url(n0), data)
    assert response.status_code == 302
    assert Leave.objects.filter(notary=n0, starts_on=world.day, reason="Training").exists()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.notary == n1 and second.status == Appointment.Status.CANCELLED
    to_second = [m for m in mail.outbox if m.to == [world.other_resident.email]]
    assert any("The notary is ill. Please book another day." in m.body for m in to_second)
    assert any(m.to == [world.resident.email] for m in mail.outbox)
    page = text(as_staff_a.get(schedule_url(n0)))
    assert "Appointments moved: 1; cancelled: 1." in page


def test_leave_with_an_undecided_appointment_keeps_the_input_and_saves_nothing(
    as_staff_a, world, two_on_n0
):
    n0, n1, _n2 = world.notaries
    first, _second = two_on_n0
    data = leave_post(
        world,
        resolve="1",
        **{f"leave-r-action_{first.pk}": "move", f"leave-r-notary_{first.pk}": str(n1.pk)},
    )
    response = as_staff_a.post(schedule_url(n0), data)
    assert response.status_code == 400
    assert "Choose what happens to this appointment." in text(response)
    assert f'value="{n1.pk}" selected' in response.content.decode()  # the choice made is kept
    assert not Leave.objects.exists()
    first.refresh_from_db()
    assert first.notary == n0


def test_a_cancellation_without_a_message_is_refused_on_the_page(as_staff_a, world, two_on_n0):
    n0, n1, _n2 = world.notaries
    first, second = two_on_n0
    data = leave_post(
        world,
        resolve="1",
        **{
            f"leave-r-action_{first.pk}": "move",
            f"leave-r-notary_{first.pk}": str(n1.pk),
            f"leave-r-action_{second.pk}": "cancel",
            f"leave-r-message_{second.pk}": "  ",
        },
    )
    response = as_staff_a.post(schedule_url(n0), data)
    assert response.status_code == 400
    assert "Write the message the resident will receive." in text(response)
    assert not Leave.objects.exists()


def test_moving_to_a_notary_booked_meanwhile_saves_nothing_and_the_page_says_who(
    as_staff_a, world, two_on_n0, django_capture_on_commit_callbacks
):
    n0, n1, _n2 = world.notaries
    first, second = two_on_n0
    as_staff_a.post(schedule_url(n0), leave_post(world))  # the list is shown, n1 free at 10:00
    book_on(
        n1,
        resident=make_resident(email="quick@example.com"),
        matter=world.matter,
        day=world.day,
        hour=10,
    )
    mail.outbox.clear()
    data = leave_post(
        world,
        resolve="1",
        **{
            f"leave-r-action_{first.pk}": "cancel",
            f"leave-r-message_{first.pk}": "Sorry.",
            f"leave-r-action_{second.pk}": "move",
            f"leave-r-notary_{second.pk}": str(n1.pk),
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = as_staff_a.post(schedule_url(n0), data)
    assert response.status_code == 409
    page = text(response)
    assert f"{n1.name_en} is no longer free at the time of appointment {second.reference}" in page
    assert not Leave.objects.exists()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Appointment.Status.BOOKED and second.notary == n0
    assert mail.outbox == []


def test_a_booking_made_after_the_list_was_shown_is_asked_about_before_saving(
    as_staff_a, world, two_on_n0
):
    n0, n1, n2 = world.notaries
    first, second = two_on_n0
    as_staff_a.post(schedule_url(n0), leave_post(world))
    late = book_on(
        n0,
        resident=make_resident(email="late@example.com"),
        matter=world.matter,
        day=world.day,
        hour=11,
    )
    data = leave_post(
        world,
        resolve="1",
        **{
            f"leave-r-action_{first.pk}": "move",
            f"leave-r-notary_{first.pk}": str(n1.pk),
            f"leave-r-action_{second.pk}": "move",
            f"leave-r-notary_{second.pk}": str(n2.pk),
        },
    )
    response = as_staff_a.post(schedule_url(n0), data)
    # The page reads the list again on every save: the new one is asked about, nothing is saved.
    # (A booking landing in the instant between this read and the save's lock is refused by the
    # service in the same way: see test_services.)
    assert response.status_code == 400
    page = text(response)
    assert "3 appointments fall in this time" in page and late.reference in page
    assert page.count("Choose what happens to this appointment.") == 1
    assert not Leave.objects.exists()
    first.refresh_from_db()
    assert first.notary == n0


def test_leave_with_a_last_day_before_the_first_is_refused_with_the_input_kept(as_staff_a, world):
    n0 = world.notaries[0]
    data = leave_post(world)
    data["leave-ends_on"] = (world.day - dt.timedelta(days=2)).isoformat()
    response = as_staff_a.post(schedule_url(n0), data)
    assert response.status_code == 400
    assert "Leave must end on or after its first day." in text(response)
    assert f'value="{data["leave-ends_on"]}"' in response.content.decode()
    assert not Leave.objects.exists()


def test_a_block_without_appointments_is_saved_and_can_be_withdrawn(as_staff_a, world):
    n0 = world.notaries[0]
    response = as_staff_a.post(
        schedule_url(n0),
        {
            "action": "block",
            "block-starts_at": f"{world.day.isoformat()}T09:00",
            "block-ends_at": f"{world.day.isoformat()}T10:00",
            "block-reason": "Meeting",
        },
    )
    assert response.status_code == 302
    block = n0.blocks.get()
    assert block.starts_at == at(world.day, 9)
    response = as_staff_a.post(schedule_url(n0), {"action": "delete_block", "id": str(block.pk)})
    assert response.status_code == 302
    assert not n0.blocks.exists()


def test_withdrawing_another_notarys_leave_is_a_404(as_staff_a, world):
    n0, n1, _n2 = world.notaries
    leave = Leave.objects.create(notary=n1, starts_on=world.day, ends_on=world.day)
    response = as_staff_a.post(schedule_url(n0), {"action": "delete_leave", "id": str(leave.pk)})
    assert response.status_code == 404
    assert Leave.objects.filter(pk=leave.pk).exists()


# --- who may see what ---------------------------------------------------------------------------

ROLES = ["anonymous", "resident", "staff_a", "staff_b", "admin", "hotline"]


def _cases(world, appointment) -> dict[str, tuple[str, str, dict, bool]]:
    """name -> (method, url, data, whether office B's clerk may use it too)."""
    n0 = world.notaries[0]
    day = world.day.isoformat()
    action = f"/staff/appointments/{appointment.reference}"
    return {
        "agenda": ("get", f"/staff/agenda/?date={day}&office=central", {}, False),
        "agenda_notary": (
            "get",
            f"/staff/agenda/?date={day}&office=central&notary={n0.pk}",
            {},
            False,
        ),
        "agenda_own_office": ("get", f"/staff/agenda/?date={day}", {}, True),
        "print": (
            "get",
            f"/staff/agenda/print/?date={day}&office=central&notary={n0.pk}",
            {},
            False,
        ),
        "check_in": ("post", f"{action}/check-in/", {}, False),
        "no_show": ("post", f"{action}/no-show/", {}, False),
        "complete": ("post", f"{action}/complete/", {}, False),
        "search": ("get", f"/staff/search/?q={appointment.reference}", {}, True),
        "notaries": ("get", "/staff/notaries/", {}, True),
        "schedule": ("get", schedule_url(n0), {}, False),
        "schedule_post": ("post", schedule_url(n0), hours_post([("0", "09:00", "12:00")]), False),
    }


CASE_NAMES = [
    "agenda",
    "agenda_notary",
    "agenda_own_office",
    "print",
    "check_in",
    "no_show",
    "complete",
    "search",
    "notaries",
    "schedule",
    "schedule_post",
]


@pytest.mark.parametrize("case", CASE_NAMES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, role, case):
    appointment = world.book()
    method, url, data, open_to_other_office = _cases(world, appointment)[case]
    users = {
        "resident": world.resident,
        "staff_a": world.staff_a,
        "staff_b": world.staff_b,
        "admin": world.admin,
        "hotline": world.hotline,
    }
    if role != "anonymous":
        client.force_login(users[role])
    response = getattr(client, method)(url, data)

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif role in ("resident", "hotline") or (role == "staff_b" and not open_to_other_office):
        assert response.status_code == 404
    else:
        # Allowed: the page, a redirect after the change, or the change refused on the page
        # (a no-show before the start time, completing what was not checked in).
        assert response.status_code in (200, 302, 400), response.status_code
        if response.status_code == 302:
            assert not response["Location"].startswith("/accounts/login/")


def test_office_b_finds_nothing_of_office_a_in_search(client, world):
    appointment = world.book()
    client.force_login(world.staff_b)
    page = text(client.get(f"/staff/search/?q={appointment.reference}"))
    assert appointment.reference not in page


def test_office_b_cannot_act_on_office_a_appointments(client, world):
    appointment = world.book()
    client.force_login(world.staff_b)
    response = client.post(f"/staff/appointments/{appointment.reference}/check-in/")
    assert response.status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_the_agenda_counts_only_what_happens_and_lists_cancellations_apart(as_staff_a, world):
    from appointments.services import appointment_cancel

    kept = world.book(hour=9)
    dropped = world.book(world.other_resident, hour=10)
    appointment_cancel(appointment=dropped, actor=world.other_resident)
    page = text(as_staff_a.get(agenda_url(world)))
    assert "1 appointment this day." in page
    assert "(1 cancelled, listed apart.)" in page
    assert kept.reference in page and dropped.reference in page
    sheet = text(as_staff_a.get(f"/staff/agenda/print/?date={world.day.isoformat()}"))
    assert kept.reference in sheet and dropped.reference not in sheet
