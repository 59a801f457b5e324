"""Calendar changes over booked appointments: a day closed by a calendar day, an office closure or
a year's official schedule lists the appointments on it, the admin and the workspace warn, and
staff move or cancel them all in one transaction."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone, translation

from accounts.models import User
from appointments import errors as booking_errors
from appointments.calendar import StatutoryCalendar, package_covers, provisional_holidays
from appointments.conflicts import (
    CANCEL,
    MOVE,
    ConflictNotListed,
    MoveRefused,
    appointments_on_closed_days,
    closed_day_conflicts_resolve,
    move_options_for,
)
from appointments.models import Appointment, CalendarDay, OfficeClosure, WorkingPeriod
from appointments.services import appointment_book, appointment_cancel
from tests.appointments.conftest import TZ, at, make_bookable, make_resident
from tests.appointments.test_concurrency import run_in_parallel
from tests.dates import working_day_after
from tests.factories import UserFactory
from tests.workspace.conftest import text

pytestmark = pytest.mark.django_db

PAGE = "/staff/calendar-conflicts/"
Status = Appointment.Status


@pytest.fixture
def three_booked(world):
    """Three residents booked at office A on the test day, at 9:00, 10:00 and 11:00."""
    return [
        world.book(world.resident, hour=9),
        world.book(world.other_resident, hour=10),
        world.book(make_resident(email="third@example.com"), hour=11),
    ]


def close_day(day, *, name_en="Bridging holiday", name_zh="调休放假") -> CalendarDay:
    return CalendarDay.objects.create(
        date=day, is_working_day=False, name_zh=name_zh, name_en=name_en
    )


def references(conflicts) -> set[str]:
    return {conflict.appointment.reference for conflict in conflicts}


@pytest.fixture
def superuser(world):
    return UserFactory(
        email="root@example.com", role=User.Role.BUREAU_ADMIN, is_staff=True, is_superuser=True
    )


@pytest.fixture
def as_admin_site(english, superuser):
    english.force_login(superuser)
    return english


# --- which appointments ---------------------------------------------------------------------------


def test_a_calendar_day_closing_a_booked_day_lists_every_appointment_on_it(world, three_booked):
    later = world.book(make_resident(email="later@example.com"), day=working_day_after(world.day))
    assert appointments_on_closed_days() == []

    close_day(world.day)

    conflicts = appointments_on_closed_days()
    assert references(conflicts) == {a.reference for a in three_booked}
    assert later.reference not in references(conflicts)
    assert {c.name_en for c in conflicts} == {"Bridging holiday"}
    assert [c.appointment.starts_at for c in conflicts] == sorted(a.starts_at for a in three_booked)


def test_the_list_is_limited_to_the_offices_asked_for(world, three_booked):
    east = world.book(make_resident(email="east@example.com"), office=world.office_b)
    close_day(world.day)

    assert references(appointments_on_closed_days()) == {
        *(a.reference for a in three_booked),
        east.reference,
    }
    only_east = appointments_on_closed_days(
        offices=type(world.office_b).objects.filter(slug="east")
    )
    assert references(only_east) == {east.reference}


def test_cancelled_and_finished_appointments_are_not_listed(world, three_booked):
    first, second, _third = three_booked
    appointment_cancel(appointment=first, actor=world.staff_a, reason="Moved away")
    close_day(world.day)
    after_the_day = at(world.day, 23)

    assert first.reference not in references(appointments_on_closed_days())
    assert second.reference in references(appointments_on_closed_days())
    assert appointments_on_closed_days(now=after_the_day) == []


def test_a_saturday_its_notary_works_is_not_a_conflict_but_a_closure_on_it_is(world):
    saturday = _next_plain_saturday(world.day)
    notary = world.notaries[0]
    WorkingPeriod.objects.create(notary=notary, weekday=5, starts=dt.time(9), ends=dt.time(12))
    saturday_visit = world.book(day=saturday, hour=9)
    assert saturday_visit.notary_id == notary.pk
    assert appointments_on_closed_days() == []

    OfficeClosure.objects.create(office=world.office, date=saturday, name_en="Fire drill")

    (conflict,) = appointments_on_closed_days()
    assert conflict.appointment.pk == saturday_visit.pk
    assert conflict.kind == "closure" and conflict.name_en == "Fire drill"


def test_the_selector_costs_the_same_few_queries_however_many_appointments(
    world, settings, django_assert_max_num_queries
):
    settings.APPOINTMENT_MAX_ACTIVE_PER_RESIDENT = 20
    settings.APPOINTMENT_MAX_ACTIVE_PER_ACCOUNT = 20
    residents = [make_resident(email=f"q{i}@example.com") for i in range(4)]
    second_day = working_day_after(world.day)

    def fill(day, count):
        times = [(9, 0), (9, 30), (10, 0), (10, 30), (11, 0), (11, 30)]
        for index in range(count):
            hour, minute = times[index // 3]
            world.book(residents[index % 4], hour=hour, minute=minute, day=day)

    fill(world.day, 3)
    close_day(world.day)
    with django_assert_max_num_queries(2):
        assert len(appointments_on_closed_days()) == 3

    fill(second_day, 12)
    close_day(second_day)
    OfficeClosure.objects.create(office=world.office_b, date=world.day, name_en="Repairs")
    with django_assert_max_num_queries(2):
        conflicts = appointments_on_closed_days()
    assert len(conflicts) == 15
    assert {c.appointment.matter.name_en for c in conflicts} == {world.matter.name_en}


# --- the admin ----------------------------------------------------------------------------------


def _post_calendar_day(client, day):
    return client.post(
        "/admin/appointments/calendarday/add/",
        {"date": day.isoformat(), "name_zh": "调休放假", "name_en": "Bridging holiday"},
        follow=True,
    )


def test_saving_a_calendar_day_over_bookings_warns_with_their_references(
    as_admin_site, world, three_booked
):
    response = _post_calendar_day(as_admin_site, world.day)

    assert response.status_code == 200
    assert CalendarDay.objects.filter(date=world.day, is_working_day=False).exists()
    page = text(response)
    assert "3 booked appointments are on days that are now closed" in page
    for appointment in three_booked:
        assert appointment.reference in page
    assert 'href="/staff/calendar-conflicts/"' in response.content.decode()
    # Said once, not again by the list the save returns to.
    assert page.count("3 booked appointments are on days that are now closed") == 1


def test_the_calendar_lists_keep_warning_until_the_appointments_are_resolved(
    as_admin_site, world, three_booked
):
    close_day(world.day)
    for url in (
        "/admin/appointments/calendarday/",
        "/admin/appointments/officeclosure/",
        "/admin/appointments/holidayscheduleyear/",
    ):
        assert "3 booked appointments are on days" in text(as_admin_site.get(url))

    closed_day_conflicts_resolve(
        resolutions={a.pk: (CANCEL, "The office is closed that day.") for a in three_booked},
        by=world.staff_a,
    )
    assert "booked appointments are on days" not in text(
        as_admin_site.get("/admin/appointments/calendarday/")
    )


def test_saving_a_calendar_day_over_no_booking_says_nothing(as_admin_site, world, three_booked):
    page = text(_post_calendar_day(as_admin_site, working_day_after(world.day)))
    assert "now closed" not in page


def test_saving_an_office_closure_over_bookings_warns_too(as_admin_site, world, three_booked):
    east = world.book(make_resident(email="east@example.com"), office=world.office_b)
    response = as_admin_site.post(
        "/admin/appointments/officeclosure/add/",
        {"office": world.office.pk, "date": world.day.isoformat(), "name_en": "Moving house"},
        follow=True,
    )
    page = text(response)
    assert "3 booked appointments are on days that are now closed" in page
    assert all(a.reference in page for a in three_booked)
    assert east.reference not in page


# --- the official schedule of a provisional year -------------------------------------------------


def _first_provisional_year(after: int) -> int:
    return next(year for year in range(after + 1, 2101) if not package_covers(year))


def test_entering_a_provisional_years_schedule_over_a_booked_day_lists_it(
    english, superuser, world
):
    year = _first_provisional_year(timezone.localdate().year)
    spring_festival = sorted(
        day for day, names in provisional_holidays(year).items() if names[1] == "Spring Festival"
    )
    # Two weeks before that year's Spring Festival, a resident books the first working day after
    # its provisional holidays, which the State Council's schedule (its bridging days) then closes.
    two_weeks_before = dt.datetime.combine(spring_festival[0], dt.time(10), tzinfo=TZ)
    with time_machine.travel(two_weeks_before - dt.timedelta(days=14), tick=True):
        day = working_day_after(spring_festival[-1])
        assert StatutoryCalendar.for_range(start=day, end=day).day(day).provisional
        booked = world.book(day=day, hour=9)
        assert appointments_on_closed_days() == []

        close_day(day, name_zh="春节", name_en="Spring Festival")
        english.force_login(superuser)  # signed in on that day: a session from today expired
        response = english.post(
            "/admin/appointments/holidayscheduleyear/add/",
            {"year": year, "entered_at_0": f"{day.year}-01-01", "entered_at_1": "10:00:00"},
            follow=True,
        )

        assert response.status_code == 200
        page = text(response)
        assert "1 booked appointment is on a day that is now closed" in page
        assert booked.reference in page
        (conflict,) = appointments_on_closed_days()
        assert conflict.appointment.pk == booked.pk
        with translation.override("zh-hans"):
            assert conflict.reason == "春节"
        with translation.override("en"):
            assert conflict.reason == "Spring Festival"


# --- the workspace page ---------------------------------------------------------------------------


def test_the_page_lists_the_offices_appointments_on_closed_days(as_staff_a, world, three_booked):
    close_day(world.day)
    response = as_staff_a.get(PAGE)

    assert response.status_code == 200
    page = text(response)
    for appointment in three_booked:
        assert appointment.reference in page
        assert f'href="/staff/appointments/{appointment.reference}/"' in response.content.decode()
    assert "Bridging holiday" in page
    assert world.matter.name_en in page
    assert "测试居民" in page and "138****8000" in page and "13800138000" not in page
    assert "Move it to another time" in page and "Cancel it and write to the resident" in page
    # One fieldset, with its legend, per appointment: a screen reader announces whose choice it is.
    assert response.content.decode().count("<legend") == 3


def test_the_page_names_why_in_the_readers_language(chinese, world, three_booked):
    close_day(world.day)
    chinese.force_login(world.staff_a)
    response = chinese.get(PAGE)
    assert response.status_code == 200
    assert "调休放假" in text(response) and "Bridging holiday" not in text(response)


def test_another_offices_clerk_sees_none_of_them(english, world, three_booked):
    close_day(world.day)
    english.force_login(world.staff_b)
    page = text(english.get(PAGE))
    assert not any(a.reference in page for a in three_booked)
    assert "No appointment is on a closed day." in page


def test_the_page_is_for_staff_only(client, english, world, three_booked):
    close_day(world.day)
    anonymous = client.get(PAGE)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    english.force_login(world.resident)
    assert english.get(PAGE).status_code == 404


def test_the_workspace_home_and_agenda_warn_while_any_remain(english, world, three_booked):
    english.force_login(world.staff_a)
    assert "now closed" not in text(english.get("/staff/"))
    close_day(world.day)

    for url in ("/staff/", f"/staff/agenda/?date={world.day.isoformat()}"):
        response = english.get(url)
        assert "3 booked appointments are on days that are now closed" in text(response)
        assert 'href="/staff/calendar-conflicts/"' in response.content.decode()

    english.force_login(world.staff_b)
    assert "now closed" not in text(english.get("/staff/"))


def _choices(world):
    conflicts = appointments_on_closed_days()
    return {entry.conflict.appointment.pk: entry for entry in move_options_for(conflicts=conflicts)}


def test_resolving_moves_and_cancels_them_all_in_one_go(
    as_staff_a, world, three_booked, django_capture_on_commit_callbacks
):
    first, second, third = three_booked
    close_day(world.day)
    choices = _choices(world)
    first_time = choices[first.pk].options[0]
    third_time = choices[third.pk].options[1]
    assert as_staff_a.get(PAGE).content.decode().count(first_time.value) >= 1
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = as_staff_a.post(
            PAGE,
            {
                f"action_{first.pk}": "move",
                f"time_{first.pk}": first_time.value,
                f"action_{second.pk}": "cancel",
                f"message_{second.pk}": "The office is closed for the holiday; please book again.",
                f"action_{third.pk}": "move",
                f"time_{third.pk}": third_time.value,
            },
        )

    assert response.status_code == 302 and response["Location"] == PAGE
    for appointment in three_booked:
        appointment.refresh_from_db()
    assert first.status == Status.BOOKED and first.starts_at == first_time.starts_at
    assert third.status == Status.BOOKED and third.starts_at == third_time.starts_at
    assert second.status == Status.CANCELLED
    new_days = [a.starts_at.astimezone(TZ).date() for a in (first, third)]
    calendar = StatutoryCalendar.for_range(start=min(new_days), end=max(new_days))
    assert all(calendar.is_working_day(day) for day in new_days)
    assert appointments_on_closed_days() == []
    page = text(as_staff_a.get(PAGE))
    assert "Appointments moved: 2; cancelled: 1." in page
    assert "No appointment is on a closed day." in page

    to_second = [m for m in mail.outbox if m.to == [world.other_resident.email]]
    assert len(to_second) == 1
    assert "The office is closed for the holiday; please book again." in to_second[0].body
    assert {tuple(m.to) for m in mail.outbox} >= {
        (world.resident.email,),
        ("third@example.com",),
    }


def test_one_refused_move_changes_nothing_and_the_page_keeps_what_was_typed(
    as_staff_a, world, three_booked, django_capture_on_commit_callbacks
):
    first, second, third = three_booked
    close_day(world.day)
    choices = _choices(world)
    # A time on the closed day itself: not open.
    not_open = at(world.day, 14).isoformat()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = as_staff_a.post(
            PAGE,
            {
                f"action_{first.pk}": "move",
                f"time_{first.pk}": choices[first.pk].options[0].value,
                f"action_{second.pk}": "cancel",
                f"message_{second.pk}": "Please come another day.",
                f"action_{third.pk}": "move",
                f"time_{third.pk}": not_open,
            },
        )

    assert response.status_code == 400
    page = text(response)
    assert f"Appointment {third.reference} cannot be moved" in page
    assert "Nothing was saved" in page
    assert "Please come another day." in page  # the message typed is kept
    for appointment in three_booked:
        before = (appointment.status, appointment.starts_at)
        appointment.refresh_from_db()
        assert (appointment.status, appointment.starts_at) == before
    assert len(appointments_on_closed_days()) == 3
    assert mail.outbox == []


def test_a_missing_decision_or_message_is_said_on_the_page(as_staff_a, world, three_booked):
    first, second, _third = three_booked
    close_day(world.day)
    response = as_staff_a.post(
        PAGE,
        {
            f"action_{first.pk}": "cancel",
            f"message_{first.pk}": "  ",
            f"action_{second.pk}": "move",
        },
    )
    assert response.status_code == 400
    page = text(response)
    assert "Write the message the resident will receive." in page
    assert "Choose the new time." in page
    assert "Choose what happens to it." in page
    assert len(appointments_on_closed_days()) == 3


def test_a_forged_time_is_refused_not_a_500(as_staff_a, world, three_booked):
    close_day(world.day)
    data = {f"action_{a.pk}": "move" for a in three_booked}
    data |= {f"time_{a.pk}": "not-a-time" for a in three_booked}
    response = as_staff_a.post(PAGE, data)
    assert response.status_code == 400
    assert "Choose the new time of appointment" in text(response)


# --- the service ----------------------------------------------------------------------------------


def test_the_service_refuses_another_offices_appointment(world, three_booked):
    first = three_booked[0]
    close_day(world.day)
    with pytest.raises(ConflictNotListed):
        closed_day_conflicts_resolve(resolutions={first.pk: (CANCEL, "Closed")}, by=world.staff_b)
    first.refresh_from_db()
    assert first.status == Status.BOOKED


def test_the_service_refuses_an_appointment_whose_day_is_open(world, three_booked):
    first = three_booked[0]
    with pytest.raises(ConflictNotListed) as refused:
        closed_day_conflicts_resolve(resolutions={first.pk: (CANCEL, "Closed")}, by=world.staff_a)
    assert first.reference in str(refused.value)


def test_the_service_rolls_back_earlier_resolutions_when_a_later_one_fails(world, three_booked):
    first, second, third = three_booked
    close_day(world.day)
    choices = _choices(world)
    with pytest.raises(MoveRefused) as refused:
        closed_day_conflicts_resolve(
            resolutions={
                first.pk: (MOVE, choices[first.pk].options[0].value),
                second.pk: (CANCEL, "Closed that day."),
                # A time on the closed day itself is never open.
                third.pk: (MOVE, at(world.day, 15).isoformat()),
            },
            by=world.staff_a,
        )
    assert third.reference in str(refused.value)
    for appointment in three_booked:
        appointment.refresh_from_db()
        assert appointment.status == Status.BOOKED
        assert appointment.starts_at.astimezone(TZ).date() == world.day


def test_an_office_closure_is_resolved_the_same_way(
    world, three_booked, django_capture_on_commit_callbacks
):
    first, second, third = three_booked
    east = world.book(make_resident(email="east@example.com"), office=world.office_b)
    OfficeClosure.objects.create(
        office=world.office, date=world.day, name_zh="搬迁", name_en="Moving house"
    )
    conflicts = appointments_on_closed_days()
    assert references(conflicts) == {a.reference for a in three_booked}
    with translation.override("en"):
        assert {c.reason for c in conflicts} == {"Moving house"}
    choices = _choices(world)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        done = closed_day_conflicts_resolve(
            resolutions={
                first.pk: (MOVE, choices[first.pk].options[0].value),
                second.pk: (CANCEL, "We are moving house; please book again."),
                third.pk: (MOVE, choices[third.pk].options[1].value),
            },
            by=world.staff_a,
        )

    assert {a.pk for a in done.moved} == {first.pk, third.pk}
    assert [a.pk for a in done.cancelled] == [second.pk]
    assert appointments_on_closed_days() == []
    east.refresh_from_db()
    assert east.status == Status.BOOKED
    assert any("We are moving house" in m.body for m in mail.outbox)


def _next_plain_saturday(after: dt.date) -> dt.date:
    """A Saturday that is an ordinary weekend day by the calendar, soon after `after`."""
    calendar = StatutoryCalendar.for_range(start=after, end=after + dt.timedelta(days=28))
    return next(
        info.date
        for info in calendar.days()
        if info.date.weekday() == 5 and info.kind == "weekend" and info.date > after
    )


# --- races --------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_move_racing_a_booking_for_the_same_time_never_double_books_the_notary():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and exclusion constraints need PostgreSQL; CI runs these there")
    bookable = make_bookable(notaries=1)
    clerk = UserFactory(role=User.Role.OFFICE_STAFF, office=bookable.office)
    stranded = appointment_book(
        resident=make_resident(email="stranded@example.com"),
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 9),
    )
    close_day(bookable.day)
    target = at(working_day_after(bookable.day), 9)
    rival = make_resident(email="rival@example.com")

    moved, booked = run_in_parallel(
        [
            lambda: closed_day_conflicts_resolve(
                resolutions={stranded.pk: (MOVE, target.isoformat())}, by=clerk
            ),
            lambda: appointment_book(
                resident=rival, matter=bookable.matter, office=bookable.office, starts_at=target
            ),
        ]
    )

    stranded.refresh_from_db()
    if isinstance(booked, Appointment):
        assert isinstance(moved, MoveRefused), (moved, booked)
        assert stranded.starts_at == at(bookable.day, 9)
    else:
        assert isinstance(booked, booking_errors.SlotTaken), (moved, booked)
        assert stranded.starts_at == target
    assert Appointment.objects.active().filter(starts_at=target).count() == 1
