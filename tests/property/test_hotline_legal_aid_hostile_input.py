"""Hostile input on the operator's legal-aid form for a caller: never a server error, and either
one whole application (with its submitted event and the caller's consent, and the caller's
account when the desk opened one) or nothing at all."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import IdentityNumberRecord, User
from hotline.models import LegalAidConsent
from legalaid.models import Application, ApplicationEvent
from tests.appointments.conftest import valid_id_number
from tests.legalaid.conftest import make_world

from .strategies import params, values
from .support import assert_no_server_error, examples, post_form, snapshot, table

pytestmark = pytest.mark.django_db

# A filing writes these and nothing else: the application, its event, the consent, and the
# caller's account with its identity-number record when the desk opened one.
WHOLE_FILING = {
    table(Application),
    table(ApplicationEvent),
    table(LegalAidConsent),
    table(User),
    table(IdentityNumberRecord),
}


@pytest.fixture
def la_world(db):
    return make_world()


@examples(40)
@given(data=st.data())
def test_the_callers_application_is_whole_or_nothing(client, la_world, data):
    client.force_login(la_world.users[data.draw(st.sampled_from(["operator", "bureau"]))])
    fields = data.draw(
        params(
            real_name=values("赵来电", "A" * 61),
            phone=values("13900139611", "+86 139 0013 9611"),
            id_number=values(valid_id_number(612), "110105198001010000"),
            centre=values(str(la_world.centre.pk), "0", "-1"),
            agent_name=values("", "王代理"),
            agent_relation=values("", "儿子"),
            case_description=values("工伤赔偿。"),
            ground=values("migrant_worker", "hardship", "elderly"),
            monthly_income_per_person=values("", "1000", "-1", "1e9", "NaN"),
            language=values("zh-hans", "en"),
            consent=values("on"),
        )
    )
    _whole_or_nothing(client, la_world, fields)


def _whole_or_nothing(client, la_world, fields) -> None:
    before = snapshot()
    response = post_form(client, f"/hotline/legal-aid/cases/{la_world.kind.slug}/", fields)
    assert_no_server_error(response)
    changes = before.changes(snapshot())
    if not changes:
        return
    assert response.status_code == 302, changes
    assert set(changes) <= WHOLE_FILING, changes
    assert changes[table(Application)] == 1
    assert changes[table(ApplicationEvent)] == 1
    assert changes[table(LegalAidConsent)] == 1
    application = Application.objects.order_by("-pk").first()
    assert application.channel == "hotline" and application.filed_by is not None
    assert application.hotline_consent.caller == application.applicant
    assert application.applicant_name and application.consent


GOOD = {
    "real_name": "赵来电",
    "phone": "13900139611",
    "id_number": valid_id_number(613),
    "agent_name": "",
    "agent_relation": "",
    "case_description": "工伤赔偿。",
    "ground": "migrant_worker",
    "monthly_income_per_person": "",
    "language": "zh-hans",
    "consent": "on",
}


@examples(40)
@given(data=st.data())
def test_one_hostile_field_in_a_good_filing(client, la_world, data):
    """A good filing with one field hostile or missing: the happy path runs often, so a partly
    written filing would show."""
    client.force_login(la_world.users["operator"])
    fields = {**GOOD, "centre": str(la_world.centre.pk)}
    name = data.draw(st.sampled_from(sorted(fields)))
    value = data.draw(st.none() | values(fields[name]))
    if value is None:
        del fields[name]
    else:
        fields[name] = value
    _whole_or_nothing(client, la_world, fields)
