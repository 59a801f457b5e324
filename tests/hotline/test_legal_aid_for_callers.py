"""A 12348 operator files a legal-aid application for a caller on the phone: the same service as
the web (channel hotline, the operator in the event log), the caller's account found or opened by
identity number, no documents at filing (the centre then asks once), the consent read out and
kept; the role matrix of the new addresses."""

import pytest
from django.core import mail

from accounts.models import User
from hotline.models import LegalAidConsent
from legalaid import services as legal_aid
from legalaid.models import Application, ApplicationEvent
from tests.appointments.conftest import make_resident, valid_id_number
from tests.factories import LegalAidCentreFactory, OfficeFactory, UserFactory
from tests.legalaid.conftest import make_kind

pytestmark = pytest.mark.django_db

CALLER_NUMBER = valid_id_number(611)
CALLER_PHONE = "13900139611"


@pytest.fixture
def desk(db):
    kind = make_kind("work-injury")
    centre = LegalAidCentreFactory()
    other_centre = LegalAidCentreFactory()
    office_a, office_b = OfficeFactory(), OfficeFactory()
    users = {
        "resident": make_resident(email="resident@example.com"),
        "clerk_a": UserFactory(role=User.Role.OFFICE_STAFF, office=office_a),
        "clerk_b": UserFactory(role=User.Role.OFFICE_STAFF, office=office_b),
        "legal_aid_staff": UserFactory(role=User.Role.LEGAL_AID_STAFF, legal_aid_centre=centre),
        "operator": UserFactory(role=User.Role.HOTLINE_OPERATOR),
        "other_operator": UserFactory(role=User.Role.HOTLINE_OPERATOR),
        "bureau": UserFactory(role=User.Role.BUREAU_ADMIN),
    }
    return {"kind": kind, "centre": centre, "other_centre": other_centre, "users": users}


def form(desk, **overrides) -> dict:
    data = {
        "real_name": "赵来电",
        "phone": CALLER_PHONE,
        "id_number": CALLER_NUMBER,
        "centre": str(desk["centre"].pk),
        "case_description": "工地受伤，老板不给赔偿。",
        "ground": "migrant_worker",
        "language": "zh-hans",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def apply_url(desk) -> str:
    return f"/hotline/legal-aid/cases/{desk['kind'].slug}/"


def test_the_operator_files_for_a_new_caller(english, desk):
    operator = desk["users"]["operator"]
    english.force_login(operator)
    home = english.get("/hotline/legal-aid/").content.decode()
    assert apply_url(desk) in home
    assert english.get(apply_url(desk)).status_code == 200

    response = english.post(apply_url(desk), form(desk))
    assert response.status_code == 302
    application = Application.objects.get()
    assert response["Location"] == f"/hotline/legal-aid/applications/{application.reference}/"
    assert (application.channel, application.filed_by) == ("hotline", operator)
    assert application.centre == desk["centre"]
    assert application.files.count() == 0
    assert (application.applicant_name, application.applicant_phone) == ("赵来电", CALLER_PHONE)
    caller = application.applicant
    assert caller.id_number == CALLER_NUMBER and not caller.has_usable_password()
    event = ApplicationEvent.objects.get(application=application)
    assert (event.kind, event.by) == ("submitted", operator)
    consent = LegalAidConsent.objects.get()
    assert (consent.operator, consent.caller, consent.account_created) == (operator, caller, True)
    assert "legal-aid application" in consent.consent_text

    filed = english.get(response["Location"]).content.decode()
    assert application.reference in filed
    # The centre sees where it came from, and asks once for the documents.
    staff = desk["users"]["legal_aid_staff"]
    english.force_login(staff)
    page = english.get(f"/legal-aid/centre/{application.reference}/").content.decode()
    assert 'data-channel="hotline"' in page
    legal_aid.application_accept(application=application, by=staff)
    legal_aid.application_request_missing(application=application, by=staff, note="工伤认定书")
    application.refresh_from_db()
    assert application.status == "more_needed"
    assert mail.outbox == []  # no e-mail address: the notice goes by SMS


def test_a_known_caller_keeps_their_account(english, desk):
    resident = desk["users"]["resident"]
    english.force_login(desk["users"]["operator"])
    response = english.post(
        apply_url(desk),
        form(
            desk, real_name=resident.real_name, phone=resident.phone, id_number=resident.id_number
        ),
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.applicant == resident
    assert LegalAidConsent.objects.get().account_created is False
    # The resident finds it among their own applications.
    english.force_login(resident)
    assert application.reference in english.get("/legal-aid/applications/").content.decode()


def test_without_consent_nothing_is_filed_and_the_input_stays(english, desk):
    english.force_login(desk["users"]["operator"])
    users_before = User.objects.count()
    response = english.post(apply_url(desk), form(desk, consent=None))
    assert response.status_code == 400
    content = response.content.decode()
    assert "Without consent nothing is filed or stored." in content
    assert "工地受伤，老板不给赔偿。" in content and CALLER_PHONE in content
    assert Application.objects.count() == 0 and LegalAidConsent.objects.count() == 0
    assert User.objects.count() == users_before


def test_a_name_that_does_not_match_the_number_files_nothing(english, desk):
    resident = desk["users"]["resident"]
    english.force_login(desk["users"]["operator"])
    response = english.post(
        apply_url(desk),
        form(desk, real_name="别人", phone=resident.phone, id_number=resident.id_number),
    )
    assert response.status_code == 400
    assert "does not match the one on record" in response.content.decode()
    assert Application.objects.count() == 0


def test_hardship_needs_the_income(english, desk):
    english.force_login(desk["users"]["operator"])
    response = english.post(apply_url(desk), form(desk, ground="hardship"))
    assert response.status_code == 400
    assert "monthly income per member" in response.content.decode()
    assert Application.objects.count() == 0
    response = english.post(
        apply_url(desk), form(desk, ground="hardship", monthly_income_per_person="800")
    )
    assert response.status_code == 302


# --- the role matrix ------------------------------------------------------------------------------

ROLES = [
    "anonymous",
    "resident",
    "clerk_a",
    "clerk_b",
    "legal_aid_staff",
    "operator",
    "other_operator",
    "bureau",
]
DESK = dict.fromkeys(ROLES, 404) | {"anonymous": "login", "operator": 200, "bureau": 200}
MATRIX = {
    "home": DESK | {"other_operator": 200},
    "apply": DESK | {"other_operator": 200},
    # The filed application: the operator who filed it, and the bureau.
    "filed": DESK,
}


@pytest.fixture
def filed(desk):
    from hotline.services import hotline_legal_aid_apply

    return hotline_legal_aid_apply(
        operator=desk["users"]["operator"],
        real_name="赵来电",
        phone=CALLER_PHONE,
        id_number=CALLER_NUMBER,
        consent=True,
        centre=desk["centre"],
        case_kind=desk["kind"],
        case_description="工伤",
        ground="migrant_worker",
    ).application


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(MATRIX))
def test_role_matrix(client, desk, filed, role, page):
    url = {
        "home": "/hotline/legal-aid/",
        "apply": apply_url(desk),
        "filed": f"/hotline/legal-aid/applications/{filed.reference}/",
    }[page]
    if role != "anonymous":
        client.force_login(desk["users"][role])
    response = client.get(url)
    expected = MATRIX[page][role]
    if expected == "login":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", [r for r in ROLES if MATRIX["apply"][r] != 200])
def test_nobody_outside_the_desk_can_file(client, desk, role):
    if role != "anonymous":
        client.force_login(desk["users"][role])
    response = client.post(apply_url(desk), form(desk))
    assert response.status_code in (302, 404)
    assert Application.objects.count() == 0


def test_an_unpublished_kind_is_not_offered(client, desk):
    hidden = make_kind("hidden", is_published=False)
    client.force_login(desk["users"]["operator"])
    assert client.get(f"/hotline/legal-aid/cases/{hidden.slug}/").status_code == 404
    assert hidden.name_zh not in client.get("/hotline/legal-aid/").content.decode()
