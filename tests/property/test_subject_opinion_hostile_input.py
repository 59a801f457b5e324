"""Hostile input on the resident's opinion forms about their own consultation request or
legal-aid application: never a server error, and either one whole opinion about that subject or
nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from supervision.models import Opinion
from tests.appointments.conftest import make_resident
from tests.factories import LegalAidCentreFactory, UserFactory
from tests.supervision.conftest import (
    beijing,
    legal_aid_application,
    make_case_kind,
    make_topic,
    past_consultation,
)

from .strategies import params, values
from .support import assert_no_server_error, examples, post_form, snapshot, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned(db):
    resident = make_resident(email="owner@example.com")
    centre = LegalAidCentreFactory()
    staff = UserFactory(role=User.Role.LEGAL_AID_STAFF, legal_aid_centre=centre)
    consultation = past_consultation(
        topic=make_topic("labour-prop"),
        received_at=beijing(2024, 3, 4, 9),
        answered_at=beijing(2024, 3, 4, 11),
        resident=resident,
    )
    application = legal_aid_application(
        applicant=resident,
        centre=centre,
        case_kind=make_case_kind(),
        at=beijing(2024, 4, 1),
        outcome="granted",
        by=staff,
    )
    return {"resident": resident, "consultation": consultation, "application": application}


@examples(40)
@given(data=st.data())
def test_an_opinion_about_ones_own_case_is_whole_or_nothing(client, owned, data):
    client.force_login(owned["resident"])
    which = data.draw(st.sampled_from(["consultation", "application"]))
    subject = owned[which]
    url = (
        f"/consult/{subject.reference}/opinion/"
        if which == "consultation"
        else f"/legal-aid/applications/{subject.reference}/opinion/"
    )
    fields = data.draw(
        params(
            kind=values("opinion", "complaint"),
            text=values("答复很及时。", "x" * 5001),
            contact=values("", "owner@example.com", "13900001111"),
        )
    )
    before = snapshot()
    response = post_form(client, url, fields)
    assert_no_server_error(response)
    changes = before.changes(snapshot())
    if not changes:
        assert response.status_code in (400, 429), response.status_code
        return
    assert response.status_code == 302
    assert changes == {table(Opinion): 1}
    opinion = Opinion.objects.order_by("-pk").first()
    assert opinion.sender == owned["resident"] and opinion.text.strip()
    if which == "consultation":
        assert opinion.consultation == subject and opinion.legal_aid_application is None
    else:
        assert opinion.legal_aid_application == subject and opinion.consultation is None
