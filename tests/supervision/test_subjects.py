"""Opinions and return visits about a consultation request or a legal-aid application: the
resident's form from their own request or application (anyone else's is a 404), the bureau's
lists naming the subject, the draw that takes answered requests and decided applications too, and
the database's rule that a return visit has exactly one subject and an opinion at most one."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from accounts.models import User
from supervision.models import Opinion, ReturnVisit, ReturnVisitDraw
from supervision.selectors import draw_selection, draw_selection_subjects
from supervision.services import return_visit_draw_run, return_visit_record
from tests.factories import LegalAidCentreFactory, UserFactory
from tests.supervision.conftest import (
    beijing,
    legal_aid_application,
    make_case_kind,
    make_topic,
    past_appointment,
    past_consultation,
)

pytestmark = pytest.mark.django_db

YEAR = 2024
AFTER = beijing(2026, 1, 5, 2)
LOGIN = "login"


@pytest.fixture
def subjects(people):
    topic = make_topic("labour-test", "Labour")
    kind = make_case_kind()
    centre = LegalAidCentreFactory(slug="north")
    staff = UserFactory(role=User.Role.LEGAL_AID_STAFF, legal_aid_centre=centre)
    consultation = past_consultation(
        topic=topic,
        received_at=beijing(YEAR, 3, 4, 9),
        answered_at=beijing(YEAR, 3, 4, 11),
        resident=people.resident,
        answered_by=people.operator,
        owner_office=people.office_a,
    )
    application = legal_aid_application(
        applicant=people.resident,
        centre=centre,
        case_kind=kind,
        at=beijing(YEAR, 4, 1),
        outcome="granted",
        by=staff,
    )
    return {
        "consultation": consultation,
        "application": application,
        "staff": staff,
        "centre": centre,
        "topic": topic,
        "kind": kind,
    }


# --- the resident's form ------------------------------------------------------------------------


def test_the_applicant_complains_about_their_legal_aid_application(english, people, subjects):
    application = subjects["application"]
    english.force_login(people.resident)
    status_page = english.get(f"/legal-aid/applications/{application.reference}/")
    url = f"/legal-aid/applications/{application.reference}/opinion/"
    assert url in status_page.content.decode()

    page = english.get(url)
    assert page.status_code == 200
    assert application.reference in page.content.decode()
    response = english.post(url, {"kind": "complaint", "text": "Nobody called me back."})
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.legal_aid_application == application
    assert (opinion.appointment, opinion.consultation, opinion.office) == (None, None, None)
    assert opinion.sender == people.resident
    # The resident finds it under their opinions, with the application named.
    mine = english.get("/opinions/mine/").content.decode()
    assert application.reference in mine and "Nobody called me back." in mine


def test_an_empty_message_stays_on_the_page_and_writes_nothing(english, people, subjects):
    english.force_login(people.resident)
    url = f"/consult/{subjects['consultation'].reference}/opinion/"
    response = english.post(url, {"kind": "complaint", "text": "   ", "contact": "me@example.com"})
    assert response.status_code == 400
    assert 'value="me@example.com"' in response.content.decode()
    assert Opinion.objects.count() == 0


def test_praise_for_a_consultation_goes_to_the_office_that_owns_it(english, people, subjects):
    consultation = subjects["consultation"]
    english.force_login(people.resident)
    own_page = english.get(f"/consult/mine/{consultation.reference}/").content.decode()
    assert f"/consult/{consultation.reference}/opinion/" in own_page
    form = english.get(f"/consult/{consultation.reference}/opinion/").content.decode()
    assert f'href="/consult/mine/{consultation.reference}/"' in form
    response = english.post(
        f"/consult/{consultation.reference.lower()}/opinion/",
        {"kind": "opinion", "text": "Clear answer, thank you."},
    )
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.consultation == consultation
    assert opinion.office == people.office_a

    english.force_login(people.clerk_a)
    listing = english.get("/bureau/opinions/").content.decode()
    assert f'Legal consultation <span class="text-nowrap">{consultation.reference}' in listing
    detail = english.get(f"/bureau/opinions/{opinion.pk}/").content.decode()
    assert consultation.reference in detail and "Labour" in detail
    english.force_login(people.clerk_b)
    assert english.get(f"/bureau/opinions/{opinion.pk}/").status_code == 404


def test_a_legal_aid_opinion_reaches_the_bureau_list(english, people, subjects):
    application = subjects["application"]
    english.force_login(people.resident)
    english.post(
        f"/legal-aid/applications/{application.reference}/opinion/",
        {"kind": "complaint", "text": "Too slow."},
    )
    english.force_login(people.admin)
    listing = english.get("/bureau/opinions/").content.decode()
    assert 'data-subject="legal_aid_application"' in listing
    assert application.reference in listing and subjects["centre"].name_en in listing
    english.force_login(people.clerk_a)
    assert application.reference not in english.get("/bureau/opinions/").content.decode()


# --- who may open the forms -----------------------------------------------------------------------

ROLES = [
    "anonymous",
    "resident",
    "other_resident",
    "clerk_a",
    "clerk_b",
    "legal_aid_staff",
    "operator",
    "admin",
]
OWNER_ONLY = dict.fromkeys(ROLES, 404) | {"anonymous": LOGIN, "resident": 200}


def _user(people, subjects, role):
    if role == "legal_aid_staff":
        return subjects["staff"]
    return getattr(people, role) if role != "anonymous" else None


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["consultation", "application"])
def test_only_the_owner_opens_the_form(client, people, subjects, role, which):
    subject = subjects[which]
    url = (
        f"/consult/{subject.reference}/opinion/"
        if which == "consultation"
        else f"/legal-aid/applications/{subject.reference}/opinion/"
    )
    user = _user(people, subjects, role)
    if user is not None:
        client.force_login(user)
    for response in (
        client.get(url),
        client.post(url, {"kind": "complaint", "text": "Someone else's."}),
    ):
        if OWNER_ONLY[role] == LOGIN:
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]
        elif OWNER_ONLY[role] == 200:
            assert response.status_code in (200, 302)
        else:
            assert response.status_code == 404
    expected = 1 if role == "resident" else 0
    assert Opinion.objects.count() == expected


def test_a_consultation_made_without_an_account_has_no_form(client, people, subjects):
    anonymous = past_consultation(topic=subjects["topic"], received_at=beijing(YEAR, 3, 5, 9))
    client.force_login(people.resident)
    assert client.get(f"/consult/{anonymous.reference}/opinion/").status_code == 404
    assert client.get("/consult/NO-SUCH-REF/opinion/").status_code == 404


# --- the draw -------------------------------------------------------------------------------------


def test_the_draw_takes_answered_requests_and_decided_applications(people, subjects):
    appointment = past_appointment(
        notary=people.notary_a, resident=people.resident, starts_at=beijing(YEAR, 5, 6)
    )
    # Never drawn: an open request, a pending application, and both from another year.
    past_consultation(topic=subjects["topic"], received_at=beijing(YEAR, 6, 3, 9))
    legal_aid_application(
        applicant=people.resident,
        centre=subjects["centre"],
        case_kind=subjects["kind"],
        at=beijing(YEAR, 6, 3),
        outcome="accepted",
        by=subjects["staff"],
    )
    past_consultation(
        topic=subjects["topic"],
        received_at=beijing(YEAR + 1, 1, 2, 9),
        answered_at=beijing(YEAR + 1, 1, 2, 10),
        answered_by=people.operator,
    )
    draw = return_visit_draw_run(year=YEAR, seed=3, now=AFTER)
    visits = {visit.subject_kind: visit for visit in draw.visits.all()}
    assert visits["appointment"].appointment == appointment
    assert visits["consultation"].consultation == subjects["consultation"]
    assert visits["legal_aid_application"].legal_aid_application == subjects["application"]
    assert draw.visits.count() == 3
    assert (draw.consultation_candidate_count, draw.consultation_selected_count) == (1, 1)
    assert (draw.legal_aid_candidate_count, draw.legal_aid_selected_count) == (1, 1)
    assert draw.selected_count == 1


def test_ten_requests_of_each_person_who_answered_and_the_appointments_unchanged(people, subjects):
    for i in range(12):
        past_appointment(
            notary=people.notary_a, resident=people.resident, starts_at=beijing(YEAR, 1, 2 + i)
        )
    before = draw_selection(year=YEAR, seed=11)
    other_operator = UserFactory(role=User.Role.HOTLINE_OPERATOR)
    for i in range(14):
        past_consultation(
            topic=subjects["topic"],
            received_at=beijing(YEAR, 2, 1 + i, 9),
            answered_at=beijing(YEAR, 2, 1 + i, 10),
            answered_by=other_operator,
        )
    # A seed draws the same appointments whatever consultations were added since.
    assert draw_selection(year=YEAR, seed=11) == before
    draw = return_visit_draw_run(year=YEAR, seed=11, now=AFTER)
    assert set(draw.visits.exclude(appointment=None).values_list("appointment_id", flat=True)) == (
        set(before)
    )
    # 10 of the other operator's 14, and the one request the first operator answered.
    assert draw.consultation_candidate_count == 15
    assert draw.consultation_selected_count == 11
    assert sorted((kind, pk) for kind, pk in draw_selection_subjects(year=YEAR, seed=11)) == sorted(
        (visit.subject_kind, visit.subject.pk) for visit in draw.visits.all()
    )


def test_a_consultation_visit_is_recorded_without_the_fee_questions(english, people, subjects):
    draw = return_visit_draw_run(year=YEAR, seed=5, now=AFTER)
    visit = draw.visits.get(consultation=subjects["consultation"])
    english.force_login(people.admin)
    url = f"/bureau/draws/{YEAR}/visits/{visit.pk}/"
    page = english.get(url).content.decode()
    assert subjects["consultation"].reference in page
    assert "13700001111" in page  # the number to call
    assert 'name="fee_as_quoted"' not in page
    response = english.post(url, {"status": "done", "satisfaction": "4", "comments": "OK"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.satisfaction, visit.fee_as_quoted) == ("done", 4, None)

    worklist = english.get(f"/bureau/draws/{YEAR}/?kind=legal_aid_application").content.decode()
    assert subjects["application"].reference in worklist
    assert '<tr data-subject="legal_aid_application">' in worklist
    assert '<tr data-subject="consultation">' not in worklist
    assert f"/bureau/draws/{YEAR}/visits/{visit.pk}/" not in worklist


def test_an_appointment_visit_still_needs_the_fee_answers(people):
    past_appointment(
        notary=people.notary_a, resident=people.resident, starts_at=beijing(YEAR, 5, 6)
    )
    visit = return_visit_draw_run(year=YEAR, seed=5, now=AFTER).visits.get()
    from supervision import errors

    with translation.override("en"), pytest.raises(errors.SurveyIncomplete):
        return_visit_record(visit=visit, by=people.admin, status="done", satisfaction=5)


# --- the database's rules -----------------------------------------------------------------------


def test_a_return_visit_has_exactly_one_subject(people, subjects):
    appointment = past_appointment(
        notary=people.notary_a, resident=people.resident, starts_at=beijing(YEAR, 5, 6)
    )
    draw = ReturnVisitDraw.objects.create(
        year=YEAR, seed=1, per_notary=10, candidates_digest="", drawn_at=AFTER
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ReturnVisit.objects.create(draw=draw)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReturnVisit.objects.create(
            draw=draw, appointment=appointment, consultation=subjects["consultation"]
        )
    ReturnVisit.objects.create(draw=draw, consultation=subjects["consultation"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ReturnVisit.objects.create(draw=draw, consultation=subjects["consultation"])


def test_an_opinion_has_at_most_one_subject(people, subjects):
    Opinion.objects.create(kind="opinion", text="General.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Opinion.objects.create(
            kind="opinion",
            text="Both.",
            consultation=subjects["consultation"],
            legal_aid_application=subjects["application"],
        )
    assert Opinion.objects.count() == 1


# --- the lists cost the same whatever their subjects ----------------------------------------------


def _more_subjects(people, subjects, count: int):
    from supervision.services import opinion_create

    for i in range(count):
        consultation = past_consultation(
            topic=make_topic(f"more-{i}"),
            received_at=beijing(YEAR, 5, 1 + i, 9),
            answered_at=beijing(YEAR, 5, 1 + i, 10),
            resident=people.resident,
            answered_by=UserFactory(role=User.Role.HOTLINE_OPERATOR),
        )
        application = legal_aid_application(
            applicant=people.resident,
            centre=LegalAidCentreFactory(slug=f"more-{i}"),
            case_kind=subjects["kind"],
            at=beijing(YEAR, 6, 1 + i),
            outcome="refused",
            by=subjects["staff"],
        )
        opinion_create(
            kind="complaint", text="Late.", sender=people.resident, consultation=consultation
        )
        opinion_create(
            kind="complaint", text="Why?", sender=people.resident, legal_aid_application=application
        )


def test_the_opinion_list_and_the_worklist_do_not_grow_with_their_subjects(
    client, people, subjects
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from supervision.services import opinion_create

    opinion_create(
        kind="complaint",
        text="Late.",
        sender=people.resident,
        consultation=subjects["consultation"],
    )
    opinion_create(
        kind="opinion",
        text="Good.",
        sender=people.resident,
        legal_aid_application=subjects["application"],
    )
    client.force_login(people.admin)
    urls = ["/bureau/opinions/?show=all", "/opinions/mine/"]
    small = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        small[url] = len(queries)
    _more_subjects(people, subjects, 6)
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            content = client.get(url).content.decode()
        assert len(queries) == small[url], url
        if url.startswith("/bureau"):
            assert content.count('data-subject="consultation"') == 7


def test_the_worklist_does_not_grow_with_consultations_and_legal_aid(client, people, subjects):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    past_appointment(
        notary=people.notary_a, resident=people.resident, starts_at=beijing(YEAR, 5, 6)
    )
    small_draw = return_visit_draw_run(year=YEAR, seed=1, now=AFTER)
    client.force_login(people.admin)
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/bureau/draws/{YEAR}/").status_code == 200
    assert small_draw.visits.count() == 3

    # Six more answered requests (each its own answerer) and refused applications (each its
    # own centre): drawn again, the worklist has seven of each.
    _more_subjects(people, subjects, 6)
    small_draw.delete()
    return_visit_draw_run(year=YEAR, seed=1, now=AFTER)
    with CaptureQueriesContext(connection) as large:
        content = client.get(f"/bureau/draws/{YEAR}/").content.decode()
    assert content.count('<tr data-subject="consultation">') == 7
    assert content.count('<tr data-subject="legal_aid_application">') == 7
    assert len(large) == len(small)
