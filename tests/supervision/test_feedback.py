"""Ratings of completed appointments, and opinions and complaints with their answers."""

import html
import re

import pytest
from django.core import mail

from appointments.services import appointment_book
from supervision import errors
from supervision.models import Opinion, OpinionAnswer, Rating
from supervision.services import opinion_answer_create, opinion_create, rating_create
from tests.appointments.conftest import at
from tests.supervision.conftest import beijing, past_appointment

pytestmark = pytest.mark.django_db


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture
def visit(people):
    return past_appointment(
        notary=people.notary_a, resident=people.resident, starts_at=beijing(2025, 3, 4)
    )


def feedback_url(appointment) -> str:
    return f"/appointments/{appointment.reference}/feedback/"


# --- ratings --------------------------------------------------------------------------------------


def test_a_resident_rates_their_completed_appointment_once(english, people, visit):
    english.force_login(people.resident)
    page = english.get(feedback_url(visit))
    assert page.status_code == 200
    assert 'type="radio"' in page.content.decode()

    response = english.post(feedback_url(visit), {"stars": "4", "comment": "Quick and kind."})
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.appointment, rating.resident, rating.stars) == (visit, people.resident, 4)

    again = english.post(feedback_url(visit), {"stars": "1"})
    assert again.status_code == 400
    assert "already rated" in text(again)
    assert Rating.objects.get().stars == 4


@pytest.mark.parametrize("who", ["other_resident", "clerk_a", "admin", "operator"])
def test_nobody_else_can_see_or_rate_the_appointment(client, people, visit, who):
    client.force_login(getattr(people, who))
    assert client.get(feedback_url(visit)).status_code == 404
    assert client.post(feedback_url(visit), {"stars": "1"}).status_code == 404
    assert not Rating.objects.exists()


def test_an_anonymous_visitor_is_asked_to_sign_in(client, visit):
    response = client.get(feedback_url(visit))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_appointment_not_completed_cannot_be_rated(english, people):
    booked = appointment_book(
        resident=people.resident,
        matter=people.matter,
        office=people.office_a,
        starts_at=at(people.bookable.day, 9),
        language="en",
    )
    english.force_login(people.resident)

    page = english.get(feedback_url(booked))
    assert page.status_code == 200
    assert "once it has been completed" in text(page)
    assert 'name="stars"' not in page.content.decode()

    refused = english.post(feedback_url(booked), {"stars": "5"})
    assert refused.status_code == 400
    assert 'role="alert"' in refused.content.decode()
    assert "once it has been completed" in text(refused)
    assert not Rating.objects.exists()


@pytest.mark.parametrize("status", ["booked", "checked_in", "no_show", "cancelled"])
def test_the_service_refuses_any_status_but_completed(people, status):
    appointment = past_appointment(
        notary=people.notary_a,
        resident=people.resident,
        starts_at=beijing(2025, 3, 4),
        status=status,
    )
    with pytest.raises(errors.NotCompleted):
        rating_create(appointment=appointment, resident=people.resident, stars=5)


def test_the_service_refuses_stars_out_of_range(people, visit):
    for stars in (0, 6):
        with pytest.raises(errors.InvalidStars):
            rating_create(appointment=visit, resident=people.resident, stars=stars)


# --- opinions: sending ----------------------------------------------------------------------------


def test_anyone_can_send_a_complaint_without_signing_in(english, people):
    response = english.post(
        "/opinions/new/",
        {
            "kind": "complaint",
            "office": str(people.office_a.pk),
            "text": "I waited an hour.",
            "contact": "13912345678",
        },
    )
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert (opinion.kind, opinion.office, opinion.sender) == ("complaint", people.office_a, None)
    assert opinion.language == "en"


def test_a_missing_text_keeps_what_was_typed_and_says_why(english, people):
    response = english.post(
        "/opinions/new/", {"kind": "opinion", "text": "", "contact": "me@example.com"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'role="alert"' in content
    assert 'value="me@example.com"' in content
    assert not Opinion.objects.exists()


def test_a_referenced_appointment_must_be_the_senders_own(english, people, visit):
    english.force_login(people.other_resident)
    response = english.post(
        "/opinions/new/",
        {"kind": "complaint", "text": "Rude.", "appointment_reference": visit.reference},
    )
    assert response.status_code == 400
    assert "None of your appointments has this reference" in text(response)
    assert not Opinion.objects.exists()


def test_the_own_appointment_sets_the_office(english, people, visit):
    english.force_login(people.resident)
    response = english.post(
        "/opinions/new/",
        {"kind": "opinion", "text": "Very good.", "appointment_reference": visit.reference.lower()},
    )
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert (opinion.appointment, opinion.office, opinion.sender) == (
        visit,
        people.office_a,
        people.resident,
    )
    english.force_login(people.clerk_a)
    page = english.get(f"/bureau/opinions/{opinion.pk}/")
    assert f'href="/staff/appointments/{visit.reference}/"' in page.content.decode()


def test_an_anonymous_sender_cannot_refer_to_an_appointment(people, visit):
    with pytest.raises(errors.SignInForAppointment):
        opinion_create(kind="complaint", text="x", appointment_reference=visit.reference)


def test_an_appointment_of_another_office_is_refused(people, visit):
    with pytest.raises(errors.AppointmentAtOtherOffice):
        opinion_create(
            kind="complaint",
            text="x",
            office=people.office_b,
            sender=people.resident,
            appointment_reference=visit.reference,
        )


# --- opinions: reading and answering --------------------------------------------------------------


@pytest.fixture
def opinions(people):
    return {
        "a": opinion_create(
            kind="complaint",
            text="Office A was slow.",
            office=people.office_a,
            contact="zhang.san@example.com",
            sender=people.resident,
            language="en",
        ),
        "b": opinion_create(kind="opinion", text="Office B is nice.", office=people.office_b),
        "none": opinion_create(kind="opinion", text="The website is hard to read."),
    }


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("clerk_a", {"a"}),
        ("clerk_b", {"b"}),
        ("admin", {"a", "b", "none"}),
    ],
)
def test_opinions_are_visible_only_to_the_office_concerned_and_the_bureau(
    client, people, opinions, who, visible
):
    client.force_login(getattr(people, who))
    listing = client.get("/bureau/opinions/?show=all").content.decode()
    for key, opinion in opinions.items():
        detail = client.get(f"/bureau/opinions/{opinion.pk}/")
        if key in visible:
            assert opinion.text in listing
            assert detail.status_code == 200
        else:
            assert opinion.text not in listing
            assert detail.status_code == 404


def test_the_contact_is_masked_for_staff(client, people, opinions):
    client.force_login(people.clerk_a)
    page = client.get(f"/bureau/opinions/{opinions['a'].pk}/").content.decode()
    assert "zhang.san@example.com" not in page
    assert "zh***@example.com" in page


def test_an_answer_is_emailed_after_commit_and_shown_to_the_signed_in_sender(
    english, people, opinions, django_capture_on_commit_callbacks
):
    english.force_login(people.clerk_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(
            f"/bureau/opinions/{opinions['a'].pk}/", {"text": "We have added a second counter."}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["zhang.san@example.com"]
    assert "We have added a second counter." in mail.outbox[0].body
    assert OpinionAnswer.objects.get().emailed_at is not None
    assert Opinion.objects.get(pk=opinions["a"].pk).answered_at is not None

    english.force_login(people.resident)
    mine = english.get("/opinions/mine/")
    assert "We have added a second counter." in text(mine)
    english.force_login(people.other_resident)
    assert "We have added a second counter." not in text(english.get("/opinions/mine/"))


def test_no_mail_without_an_email_address(people, opinions, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        opinion_answer_create(opinion=opinions["b"], by=people.clerk_b, text="Thank you!")
    assert mail.outbox == []


def test_an_empty_answer_is_refused_on_the_page(english, people, opinions):
    english.force_login(people.admin)
    response = english.post(f"/bureau/opinions/{opinions['none'].pk}/", {"text": "  "})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not OpinionAnswer.objects.exists()


def test_the_unanswered_filter_hides_answered_opinions(client, people, opinions):
    opinion_answer_create(opinion=opinions["none"], by=people.admin, text="Noted.")
    client.force_login(people.admin)
    listing = client.get("/bureau/opinions/").content.decode()
    assert opinions["none"].text not in listing
    assert opinions["b"].text in listing
