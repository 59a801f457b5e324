"""The annual return-visit draw: quota per notary, reproducibility, the year's edges, once a year."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from appointments.models import Appointment
from supervision import errors
from supervision.models import ReturnVisit, ReturnVisitDraw
from supervision.selectors import draw_selection
from supervision.services import return_visit_draw_run
from supervision.tasks import run_annual_draw
from tests.factories import NotaryFactory
from tests.supervision.conftest import beijing, last_year, past_appointment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    """These tests read the English wording of messages; pages pick the visitor's language."""
    with translation.override("en"):
        yield


YEAR = 2024
AFTER = beijing(2026, 1, 5, 2)  # "now" for draws of YEAR


def completed(notary, resident, count: int, *, year: int = YEAR, status="completed"):
    """`count` appointments spread over the year, a day apart."""
    return [
        past_appointment(
            notary=notary,
            resident=resident,
            starts_at=beijing(year, 1, 1, 9) + dt.timedelta(days=3 * i, hours=i % 6),
            status=status,
        )
        for i in range(count)
    ]


def drawn_ids(draw) -> set[int]:
    return set(draw.visits.values_list("appointment_id", flat=True))


@pytest.fixture
def year_data(people):
    """Notary A: 15 completed in the year; notary B: 4; notary C: only outside the year; plus
    appointments of A that must never be drawn (other statuses, other years)."""
    notary_c = NotaryFactory(office=people.office_b, matters=[people.matter])
    data = {
        "a": completed(people.notary_a, people.resident, 15),
        "b": completed(people.notary_b, people.other_resident, 4),
        "c": completed(notary_c, people.resident, 12, year=YEAR + 1),
        "noise": [
            *completed(people.notary_a, people.resident, 3, status="no_show"),
            *completed(people.notary_a, people.resident, 3, status="cancelled"),
            *completed(people.notary_a, people.resident, 5, year=YEAR - 1),
            *completed(people.notary_a, people.resident, 5, year=YEAR + 1),
        ],
        "notary_c": notary_c,
    }
    return data


def test_draw_takes_ten_per_notary_and_all_of_a_notary_with_fewer(people, year_data):
    draw = return_visit_draw_run(year=YEAR, seed=42, now=AFTER)

    ids = drawn_ids(draw)
    a = {x.pk for x in year_data["a"]}
    b = {x.pk for x in year_data["b"]}
    assert len(ids & a) == 10
    assert ids & b == b  # fewer than 10: every one of them
    assert ids <= a | b
    assert (draw.notary_count, draw.candidate_count, draw.selected_count) == (2, 19, 14)
    assert draw.short_notary_count == 1
    assert draw.seed == 42
    assert ReturnVisit.objects.filter(draw=draw, status="pending").count() == 14
    assert ReturnVisit.history.filter(history_type="+").count() == 14


def test_draw_never_takes_a_notary_or_appointment_outside_the_year(people, year_data):
    draw = return_visit_draw_run(year=YEAR, seed=7, now=AFTER)
    drawn = Appointment.objects.filter(pk__in=drawn_ids(draw))
    assert year_data["notary_c"].pk not in set(drawn.values_list("notary_id", flat=True))
    for appointment in drawn:
        assert appointment.status == Appointment.Status.COMPLETED
        assert appointment.starts_at.astimezone(beijing(YEAR, 1, 1).tzinfo).year == YEAR


def test_the_year_is_the_beijing_calendar_year(people):
    """00:30 on 1 January in Beijing is still 31 December in UTC, and the other way round."""
    inside_first = past_appointment(
        notary=people.notary_a, resident=people.resident, starts_at=beijing(YEAR, 1, 1, 0, 10)
    )
    inside_last = past_appointment(
        notary=people.notary_a, resident=people.resident, starts_at=beijing(YEAR, 12, 31, 23, 30)
    )
    past_appointment(
        notary=people.notary_a, resident=people.resident, starts_at=beijing(YEAR + 1, 1, 1, 0, 30)
    )
    past_appointment(
        notary=people.notary_a,
        resident=people.resident,
        starts_at=beijing(YEAR, 1, 1) - dt.timedelta(hours=11),
    )
    draw = return_visit_draw_run(year=YEAR, seed=1, now=AFTER)
    assert drawn_ids(draw) == {inside_first.pk, inside_last.pk}


def test_the_same_seed_over_the_same_data_draws_the_same_appointments(people, year_data):
    draw = return_visit_draw_run(year=YEAR, seed=2024_0105, now=AFTER)

    # An auditor recomputes the draw from its recorded seed and gets exactly the same selection.
    assert set(draw_selection(year=YEAR, seed=draw.seed)) == drawn_ids(draw)
    assert draw_selection(year=YEAR, seed=draw.seed) == draw_selection(year=YEAR, seed=draw.seed)
    # And the seed matters: another one chooses differently among notary A's fifteen.
    assert set(draw_selection(year=YEAR, seed=draw.seed + 1)) != drawn_ids(draw)


def test_the_same_seed_chooses_the_same_positions_in_another_years_identical_data(people):
    """Two years with the same shape of data, drawn with one seed: the same places in each
    notary's ordered list are chosen (the order of candidates is deterministic)."""
    first = completed(people.notary_a, people.resident, 15, year=2022)
    second = completed(people.notary_a, people.resident, 15, year=2023)
    draw_one = return_visit_draw_run(year=2022, seed=99, now=AFTER)
    draw_two = return_visit_draw_run(year=2023, seed=99, now=AFTER)

    def positions(appointments, draw):
        ids = drawn_ids(draw)
        return [i for i, appointment in enumerate(appointments) if appointment.pk in ids]

    assert positions(first, draw_one) == positions(second, draw_two)
    assert len(positions(first, draw_one)) == 10


def test_a_seed_is_generated_and_recorded_when_none_is_given(people, year_data):
    draw = return_visit_draw_run(year=YEAR, now=AFTER)
    assert 0 <= draw.seed < 2**63
    assert set(draw_selection(year=YEAR, seed=draw.seed)) == drawn_ids(draw)
    assert len(draw.candidates_digest) == 64


def test_a_year_is_drawn_once(people, year_data):
    first = return_visit_draw_run(year=YEAR, seed=1, now=AFTER)
    with pytest.raises(errors.DrawAlreadyExists):
        return_visit_draw_run(year=YEAR, seed=2, now=AFTER)
    assert ReturnVisitDraw.objects.get() == first
    assert ReturnVisit.objects.count() == 14


def test_a_year_that_is_not_over_cannot_be_drawn(people, year_data):
    with pytest.raises(errors.YearNotOver):
        return_visit_draw_run(year=YEAR, now=beijing(YEAR, 12, 31, 23, 59))
    assert not ReturnVisitDraw.objects.exists()


def test_the_yearly_task_draws_the_previous_year_once(people):
    year = last_year()
    appointments = completed(people.notary_a, people.resident, 12, year=year)
    completed(people.notary_a, people.resident, 3, year=year - 1)

    first = run_annual_draw.delay().get()
    second = run_annual_draw.delay().get()

    draw = ReturnVisitDraw.objects.get()
    assert first == draw.pk
    assert second is None
    assert draw.year == year
    assert draw.drawn_by is None
    assert drawn_ids(draw) <= {a.pk for a in appointments}
    assert draw.visits.count() == 10


def test_the_command_prints_progress_and_a_summary_and_refuses_a_second_run(people, year_data):
    out = StringIO()
    call_command("return_visit_draw", "--year", str(YEAR), "--seed", "5", stdout=out)
    text = out.getvalue()
    assert "2/2 notaries" in text
    assert "Drawn 2024: 14 of 19 completed matters, 2 notaries, seed 5." in text
    assert set(draw_selection(year=YEAR, seed=5)) == drawn_ids(ReturnVisitDraw.objects.get())

    with pytest.raises(CommandError, match="already been made"):
        call_command("return_visit_draw", "--year", str(YEAR), stdout=StringIO())
    assert ReturnVisitDraw.objects.count() == 1


def test_an_interrupted_draw_leaves_nothing_behind(people, year_data):
    def interrupt(done, total):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        return_visit_draw_run(year=YEAR, seed=3, now=AFTER, progress=interrupt)
    assert not ReturnVisitDraw.objects.exists()
    assert not ReturnVisit.objects.exists()
