"""Hostile input on the consultation forms (the public question, the operator's question for a
caller, the status look-up, the steps of whoever works on a request, the queues' filters): never
a server error, and either one whole request (with its events) or nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consult.models import Consultation, ConsultationEvent, Topic
from consult.services import consultation_create
from tests.consult.conftest import make_world

from .strategies import params, values
from .support import (
    assert_no_server_error,
    assert_unchanged,
    examples,
    has_nul,
    post_form,
    query,
    snapshot,
    table,
)

pytestmark = pytest.mark.django_db

CONSULT_TABLES = {table(Consultation), table(ConsultationEvent)}


@pytest.fixture
def c_world(db, settings):
    # The property is about the input, not the rate limit (tests/consult covers that).
    settings.PORTAL_RATE_LIMITS = {
        **settings.PORTAL_RATE_LIMITS,
        "consultation": "100000/h",
        "consultation_lookup": "100000/h",
    }
    return make_world()


def question_fields(data):
    topics = [str(pk) for pk in Topic.objects.values_list("pk", flat=True)]
    return data.draw(
        params(
            topic=values(*topics, "0", "-1"),
            question=values("房子怎么继承？", "How do I inherit a flat?"),
            answer_channel=values("callback", "email", "office", "event"),
            phone=values("13900002222", "+86 139 0000 2222", "1390000222"),
            email=values("", "me@example.com", "me@"),
            consent=values("on", "", "false"),
        )
    )


def _whole_or_nothing(before, response, *, events: int) -> None:
    assert_no_server_error(response)
    changes = before.changes(snapshot())
    assert set(changes) <= CONSULT_TABLES, changes
    if not changes:
        return
    assert response.status_code == 302
    assert changes == {table(Consultation): 1, table(ConsultationEvent): events}, changes
    consultation = Consultation.objects.order_by("-pk").first()
    assert consultation.consent and consultation.question.strip()
    assert len(consultation.phone) == 11 and consultation.phone.isdigit()
    if consultation.answer_channel == "email":
        assert consultation.email


@examples(40)
@given(data=st.data())
def test_the_public_question_form_stores_a_whole_request_or_nothing(client, c_world, data):
    fields = question_fields(data)
    before = snapshot()
    response = post_form(client, "/consult/", fields)
    _whole_or_nothing(before, response, events=1)


@examples(25)
@given(data=st.data())
def test_the_operators_question_form_stores_a_whole_request_or_nothing(client, c_world, data):
    client.force_login(c_world.users["operator"])
    fields = question_fields(data)
    before = snapshot()
    response = post_form(client, "/hotline/consultations/new/", fields)
    _whole_or_nothing(before, response, events=2)


@examples(30)
@given(data=st.data())
def test_the_status_look_up_never_writes(client, c_world, data):
    known = getattr(c_world, "_known", None)
    if known is None:
        known = c_world._known = consultation_create(
            phone="13900002222",
            topic=Topic.objects.get(code="notarization"),
            question="遗嘱怎么公证？",
            answer_channel="callback",
            consent=True,
        )
    fields = data.draw(
        params(
            reference=values(known.reference, known.reference.lower(), "20260101-AAAA"),
            phone=values("13900002222", "13900003333"),
        )
    )
    before = snapshot()
    response = post_form(client, "/consult/status/", fields)
    assert_no_server_error(response)
    assert_unchanged(before, response, "a status look-up")
    if response.status_code == 200:
        assert "遗嘱怎么公证" in response.content.decode()  # 200 only when found


@examples(40)
@given(data=st.data())
def test_working_on_a_request_never_fails_or_half_records(client, c_world, data):
    consultation = consultation_create(
        phone="13900002222",
        topic=Topic.objects.get(code="inheritance"),
        question="房子怎么继承？",
        answer_channel="callback",
        consent=True,
    )
    role = data.draw(st.sampled_from(["operator", "bureau", "clerk_a", "clerk_b", "legal_aid"]))
    desk = "hotline/consultations" if role in ("operator", "bureau") else "consult/desk"
    client.force_login(c_world.users[role])
    receivers = [
        f"office:{c_world.office_a.pk}",
        f"centre:{c_world.centre.pk}",
        f"notary:{c_world.notary_a.pk}",
        "office:0",
        "person:1",
    ]
    for _step in range(data.draw(st.integers(1, 3))):
        fields = data.draw(
            params(
                action=values("take", "answer", "refer", "accept", "return"),
                **{
                    "answer-answer": values("请带上身份证到公证处。"),
                    "refer-receiver": values(*receivers),
                    "refer-note": values("转交"),
                    "return-note": values("不属于本处"),
                },
            )
        )
        before = ConsultationEvent.objects.filter(consultation=consultation).count()
        response = post_form(client, f"/{desk}/{consultation.reference}/", fields)
        assert_no_server_error(response)
        consultation.refresh_from_db()
        after = ConsultationEvent.objects.filter(consultation=consultation).count()
        assert after - before in (0, 1)
        if after == before:
            continue
        assert response.status_code == 302
        if consultation.status == "answered":
            assert consultation.answer.strip() and consultation.answered_by is not None
        if consultation.status == "referred":
            assert consultation.receiver_label and consultation.referral_note.strip()
        if consultation.status == "taken":
            assert consultation.owner_label


@examples(40)
@given(data=st.data())
def test_the_queues_filters_never_fail_or_write(client, c_world, data):
    role, path = data.draw(
        st.sampled_from(
            [
                ("operator", "/hotline/consultations/"),
                ("clerk_a", "/consult/desk/"),
                ("bureau", "/bureau/consultations/overdue/"),
                ("resident", "/consult/mine/"),
                ("operator", "/hotline/consultations/book/"),
                ("resident", "/consult/book/"),
            ]
        )
    )
    client.force_login(c_world.users[role])
    fields = data.draw(
        params(
            tab=values("new", "mine", "referred", "overdue", "all", "answered"),
            phone=values("2222", "139 0000", "+8613900002222"),
            page=values("1", "2", "0", "last"),
            matter=values("will", ""),
        )
    )
    before = snapshot()
    response = client.get(query(path, fields))
    assert_no_server_error(response)
    assert_unchanged(before, response, f"GET {path}")
    if has_nul(*fields.values()):
        assert response.status_code == 400
