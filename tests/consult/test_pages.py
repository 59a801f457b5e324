"""The consultation desk from the outside: a resident asks on /consult/ (no account needed) and
reads the answer by reference; operators work the queue (first taker owns it); receivers accept a
referral and answer; supervisors see what is overdue."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from appointments.calendar import StatutoryCalendar
from consult.models import Consultation, ConsultationEvent
from consult.services import consultation_refer, consultation_take
from tests.factories import MatterFactory

from .conftest import ask, reload, signed_in

pytestmark = pytest.mark.django_db

TOO_MANY_EN = "Be patient, you are sending too many requests."
TOO_MANY_ZH = "请稍等，您已经提交过多次请求。"


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def post_question(client, world, **changes):
    return client.post("/consult/", world.question(**changes))


# --- the public side ------------------------------------------------------------------------------


def test_anonymous_consult_page_shows_its_form_in_english(english, world):
    response = english.get("/consult/")
    assert response.status_code == 200
    body = text(response)
    assert "Free legal consultation" in body
    for label in ["Inheritance", "Call me back", "At a public-welfare event", "Mobile phone"]:
        assert label in body
    page = response.content.decode()
    assert 'name="question"' in page and 'name="consent"' in page
    assert 'href="/events/"' in page  # the public-welfare events stay one click away
    assert "<script>" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_anonymous_consult_page_shows_its_form_in_chinese(chinese, world):
    response = chinese.get("/consult/")
    assert response.status_code == 200
    body = text(response)
    assert "免费法律咨询" in body
    for label in ["继承", "给我回电话", "公益活动", "手机号码", "咨询编号"]:
        assert label in body


def test_the_menu_and_the_home_page_lead_to_the_consultation_form(english, world):
    home = english.get("/").content.decode()
    assert home.count('href="/consult/"') >= 2  # the menu's link and the home page's
    assert 'href="/events/">Free consultations' not in home


def test_a_question_asked_without_an_account_gets_a_reference_and_reaches_the_queue(english, world):
    response = post_question(english, world)
    consultation = Consultation.objects.get()
    assert (
        response.status_code == 302 and response.url == f"/consult/sent/{consultation.reference}/"
    )
    sent = english.get(response.url)
    assert consultation.reference in text(sent)
    assert consultation.phone == "13900002222" and consultation.channel == "web"
    assert consultation.status == "new" and consultation.resident is None
    # Another browser cannot open the reference page.
    assert Client().get(response.url).status_code == 404

    operator = signed_in(Client(HTTP_ACCEPT_LANGUAGE="en"), world.users["operator"])
    queue = operator.get("/hotline/consultations/")
    assert consultation.reference in text(queue) and "139****2222" in text(queue)
    assert consultation.reference in text(operator.get("/hotline/consultations/?phone=0000 2222"))
    assert consultation.reference not in text(
        operator.get("/hotline/consultations/?phone=13811112222")
    )
    # Once taken it leaves "new"; the caller's requests are all found under "all".
    consultation_take(consultation=consultation, by=world.users["bureau"])
    assert consultation.reference not in text(operator.get("/hotline/consultations/?phone=2222"))
    everything = operator.get("/hotline/consultations/?tab=all&phone=13900002222")
    assert consultation.reference in text(everything)


def test_the_status_page_needs_the_reference_and_the_phone_number(english, world):
    consultation = ask()
    wrong = english.post(
        "/consult/status/", {"reference": consultation.reference, "phone": "13911112222"}
    )
    assert wrong.status_code == 404
    assert "No request has this reference and phone number" in text(wrong)
    assert "房子怎么继承" not in text(wrong)
    right = english.post(
        "/consult/status/",
        {"reference": consultation.reference.lower().replace("-", ""), "phone": "+86 13900002222"},
    )
    assert right.status_code == 200
    assert "Waiting to be taken" in text(right) and "房子怎么继承" in text(right)


def test_a_consultations_reference_says_it_is_one_and_reads_back_however_typed(english, world):
    """ZX- in front tells a consultation from an appointment (20261204-7K3F) on the phone; the
    status look-up takes it in lower case with spaces, and older references without it still
    open their consultation."""
    asked = ask()
    assert re.fullmatch(r"ZX-\d{8}-[34679ACDEFGHJKMNPQRTWXY]{4}", asked.reference)
    assert asked.reference[3:11] == f"{timezone.localdate():%Y%m%d}"
    recorded = ask(recorded_by=world.users["operator"])  # an operator records a caller's
    assert recorded.reference.startswith("ZX-") and recorded.reference != asked.reference
    typed = " ".join([asked.reference[:2].lower(), asked.reference[3:11], asked.reference[12:]])
    found = english.post("/consult/status/", {"reference": typed, "phone": "13900002222"})
    assert found.status_code == 200 and "房子怎么继承" in text(found)

    older = ask(phone="13900003333")
    Consultation.objects.filter(pk=older.pk).update(reference="20261101-7K3F")
    found = english.post("/consult/status/", {"reference": "20261101 7k3f", "phone": "13900003333"})
    assert found.status_code == 200 and "房子怎么继承" in text(found)


def test_an_operator_opens_a_consultation_by_the_reference_a_caller_reads_out(english, world):
    asked = ask()
    operator = signed_in(english, world.users["operator"])
    typed = asked.reference.lower().replace("-", " ")
    found = operator.get("/hotline/consultations/", {"phone": typed})
    assert found.status_code == 302
    assert found.url == f"/hotline/consultations/{asked.reference}/"
    assert "房子怎么继承" in text(operator.get(found.url))

    unknown = operator.get("/hotline/consultations/", {"phone": "ZX-20000101-7K3F", "tab": "all"})
    assert unknown.status_code == 200
    assert "No consultation has the reference ZX-20000101-7K3F." in text(unknown)
    assert asked.reference not in text(unknown)  # no list of everything instead
    assert 'value="ZX-20000101-7K3F"' in unknown.content.decode()  # what was typed stays
    # A phone number still searches by phone.
    assert asked.reference in text(operator.get("/hotline/consultations/", {"phone": "0000 2222"}))


def test_a_signed_in_resident_sees_the_answer_in_their_own_list(english, world):
    resident = world.users["resident"]
    signed_in(english, resident)
    form = english.get("/consult/").content.decode()
    assert 'value="13800138000"' in form  # the profile's phone number, filled in
    english.post("/consult/", world.question(phone="13800138000"))
    consultation = Consultation.objects.get()
    assert consultation.resident == resident
    operator = world.users["operator"]
    consultation_take(consultation=consultation, by=operator)
    staff = signed_in(Client(), operator)
    staff.post(
        f"/hotline/consultations/{consultation.reference}/",
        {"action": "answer", "answer-answer": "请带上死亡证明和房产证到公证处办理继承公证。"},
    )
    assert english.get("/consult/mine/").content.decode().count(consultation.reference) >= 1
    detail = english.get(f"/consult/mine/{consultation.reference}/")
    assert "Answered" in text(detail) and "死亡证明" in text(detail)
    assert f'href="/consult/{consultation.reference}/opinion/"' in detail.content.decode()
    other = signed_in(Client(), world.users["other_resident"])
    assert other.get(f"/consult/mine/{consultation.reference}/").status_code == 404


def test_e_mail_answers_need_an_address_and_consent_is_required(english, world):
    missing_email = post_question(english, world, answer_channel="email")
    assert missing_email.status_code == 400
    assert "Enter the e-mail address the answer should go to" in text(missing_email)
    assert "房子怎么继承" in missing_email.content.decode()  # the input is kept
    no_consent = english.post("/consult/", {**world.question(), "consent": ""})
    assert no_consent.status_code == 400
    assert Consultation.objects.count() == 0


def test_the_anonymous_form_is_rate_limited_with_a_translated_429(world, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "consultation": "2/h/ip"}
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    for _ in range(2):
        assert post_question(chinese, world).status_code == 302
    refused = post_question(chinese, world)
    assert refused.status_code == 429
    assert TOO_MANY_ZH in text(refused)
    assert "房子怎么继承" in refused.content.decode()  # the question is kept
    assert Consultation.objects.count() == 2
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert TOO_MANY_EN in text(post_question(english, world))


# --- the operators --------------------------------------------------------------------------------


def test_the_first_operator_to_take_it_owns_it_and_the_second_is_told_who(world):
    consultation = ask()
    first = signed_in(Client(HTTP_ACCEPT_LANGUAGE="en"), world.users["operator"])
    second_user = world.users["bureau"]
    second = signed_in(Client(HTTP_ACCEPT_LANGUAGE="en"), second_user)
    url = f"/hotline/consultations/{consultation.reference}/"
    assert "Take this request" in text(second.get(url))  # both see it as new
    assert first.post(url, {"action": "take"}).status_code == 302
    refused = second.post(url, {"action": "take"}, follow=True)
    assert "operator@example.com already took this request" in text(refused)
    consultation = reload(consultation)
    assert consultation.owner_user == world.users["operator"] and consultation.status == "taken"
    assert ConsultationEvent.objects.filter(consultation=consultation, kind="taken").count() == 1
    mine = first.get("/hotline/consultations/?tab=mine")
    assert consultation.reference in text(mine)
    assert consultation.reference not in text(first.get("/hotline/consultations/?tab=new"))


def test_an_operator_records_a_callers_question_and_owns_it(english, world):
    signed_in(english, world.users["operator"])
    response = english.post("/hotline/consultations/new/", world.question(topic_code="labour"))
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response.url == f"/hotline/consultations/{consultation.reference}/"
    assert consultation.channel == "hotline" and consultation.owner_user == world.users["operator"]
    page = text(english.get(response.url))
    assert f"Recorded as {consultation.reference}" in page and "Record the answer" in page


def test_a_referral_to_an_office_is_recorded_and_accepted_by_its_clerk(world):
    operator = signed_in(Client(HTTP_ACCEPT_LANGUAGE="en"), world.users["operator"])
    consultation = consultation_take(consultation=ask(), by=world.users["operator"])
    url = f"/hotline/consultations/{consultation.reference}/"
    referred = operator.post(
        url,
        {"action": "refer", "refer-receiver": f"office:{world.office_a.pk}", "refer-note": "房产"},
    )
    assert referred.status_code == 302
    consultation = reload(consultation)
    assert consultation.status == "referred" and consultation.referred_office == world.office_a
    assert consultation.owner_user == world.users["operator"]  # still responsible
    assert consultation.reference in text(operator.get("/hotline/consultations/?tab=referred"))

    clerk_b = signed_in(Client(), world.users["clerk_b"])
    assert clerk_b.get(f"/consult/desk/{consultation.reference}/").status_code == 404
    assert (
        clerk_b.post(f"/consult/desk/{consultation.reference}/", {"action": "accept"}).status_code
        == 404
    )

    clerk = signed_in(Client(HTTP_ACCEPT_LANGUAGE="en"), world.users["clerk_a"])
    desk = text(clerk.get("/consult/desk/"))
    assert consultation.reference in desk
    page = f"/consult/desk/{consultation.reference}/"
    assert "Accept the referral" in text(clerk.get(page))
    clerk.post(page, {"action": "accept"})
    consultation = reload(consultation)
    assert consultation.owner_office == world.office_a and consultation.owner_user is None
    assert consultation.status == "taken"
    answered = clerk.post(page, {"action": "answer", "answer-answer": "请到本处办理继承公证。"})
    assert answered.status_code == 302
    assert reload(consultation).status == "answered"
    assert list(consultation.events.values_list("kind", flat=True)) == [
        "received",
        "taken",
        "referred",
        "accepted",
        "answered",
    ]


def test_a_referral_to_a_legal_aid_centre_is_accepted_or_returned_with_a_note(world):
    operator = world.users["operator"]
    first = consultation_take(consultation=ask(), by=operator)
    second = consultation_take(consultation=ask(phone="13900003333"), by=operator)
    for consultation in (first, second):
        consultation_refer(consultation=consultation, by=operator, centre=world.centre, note="欠薪")
    staff = signed_in(Client(HTTP_ACCEPT_LANGUAGE="en"), world.users["legal_aid"])
    desk = text(staff.get("/consult/desk/"))
    assert first.reference in desk and second.reference in desk
    staff.post(f"/consult/desk/{first.reference}/", {"action": "accept"})
    assert reload(first).owner_centre == world.centre
    returned = staff.post(f"/consult/desk/{second.reference}/", {"action": "return"})
    assert returned.status_code == 400 and "This field is required" in text(returned)
    staff.post(
        f"/consult/desk/{second.reference}/",
        {"action": "return", "return-note": "不属于法律援助范围"},
    )
    second = reload(second)
    assert second.status == "taken" and second.owner_user == operator
    assert second.events.filter(kind="returned", note="不属于法律援助范围").exists()
    # Returned, it is no longer the centre's: the operator has it again.
    assert staff.get(f"/consult/desk/{second.reference}/").status_code == 404
    mine = signed_in(Client(), operator).get("/hotline/consultations/?tab=mine")
    assert second.reference in text(mine)


def test_a_referral_to_a_notary_reaches_the_clerks_of_the_notarys_office(world):
    operator = world.users["operator"]
    consultation = consultation_take(consultation=ask(), by=operator)
    consultation_refer(consultation=consultation, by=operator, notary=world.notary_a, note="遗嘱")
    clerk = signed_in(Client(), world.users["clerk_a"])
    assert consultation.reference in text(clerk.get("/consult/desk/"))
    clerk.post(f"/consult/desk/{consultation.reference}/", {"action": "accept"})
    assert reload(consultation).owner_notary == world.notary_a
    other = signed_in(Client(), world.users["clerk_b"])
    assert consultation.reference not in text(other.get("/consult/desk/"))


def test_a_notarization_question_turns_into_a_booking_in_one_step(english, world):
    matter = MatterFactory()
    consultation = ask(topic="notarization")
    page = english.post(
        "/consult/status/", {"reference": consultation.reference, "phone": "13900002222"}
    )
    assert "Book the notarization" in text(page) and matter.code in page.content.decode()
    started = english.get("/consult/book/", {"matter": matter.code})
    assert started.status_code == 302 and started.url == f"/book/{matter.code}/"
    assert english.get("/consult/book/", {"matter": "no-such"}).url == "/book/"
    operator = signed_in(Client(), world.users["operator"])
    desk = operator.get("/hotline/consultations/book/", {"matter": matter.code})
    assert desk.url == f"/hotline/matters/{matter.code}/"
    # Other topics do not offer it.
    other = ask(topic="labour")
    other_page = english.post(
        "/consult/status/", {"reference": other.reference, "phone": "13900002222"}
    )
    assert "Book the notarization" not in text(other_page)


# --- supervision: deadlines on the statutory calendar -----------------------------------------


def _find(predicate, start=dt.date(2026, 1, 1)):
    cal = StatutoryCalendar.for_range(start=start, end=start + dt.timedelta(days=365))
    for info in cal.days():
        if predicate(cal, info):
            return info.date
    raise AssertionError("the statutory calendar has no such day")


def _moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _overdue_page(world) -> str:
    bureau = signed_in(Client(HTTP_ACCEPT_LANGUAGE="en"), world.users["bureau"])
    response = bureau.get("/bureau/consultations/overdue/")
    assert response.status_code == 200
    return text(response)


def test_a_request_asked_before_a_public_holiday_is_overdue_only_after_it(world):
    def eve(cal, info):
        following = info.date + dt.timedelta(days=1)
        return info.is_working_day and following <= cal.end and cal.day(following).kind == "holiday"

    day = _find(eve)
    with time_machine.travel(_moment(day, 10), tick=False):
        post_question(Client(), world)
    consultation = Consultation.objects.get()
    due = timezone.localtime(consultation.deadline)
    cal = StatutoryCalendar.for_range(start=day, end=due.date())
    assert due.time() == dt.time(17, 30) and cal.is_working_day(due.date())
    assert any(d.kind == "holiday" for d in cal.days() if day < d.date < due.date())
    holiday = day + dt.timedelta(days=1)
    with time_machine.travel(_moment(holiday, 18), tick=False):
        assert consultation.reference not in _overdue_page(world)
    with time_machine.travel(due - dt.timedelta(minutes=1), tick=False):
        assert consultation.reference not in _overdue_page(world)
    with time_machine.travel(due + dt.timedelta(minutes=1), tick=False):
        assert consultation.reference in _overdue_page(world)
        operator = signed_in(Client(), world.users["operator"])
        assert consultation.reference in text(operator.get("/hotline/consultations/?tab=overdue"))


def test_an_adjusted_working_weekend_day_counts_towards_the_deadline(world):
    weekend = _find(lambda cal, info: info.adjusted and info.is_working_day)
    cal = StatutoryCalendar.for_range(start=weekend - dt.timedelta(days=10), end=weekend)
    before = max(d for d in cal.working_days() if d < weekend)
    with time_machine.travel(_moment(before, 9), tick=False):
        post_question(Client(), world)
    consultation = Consultation.objects.get()
    assert timezone.localtime(consultation.deadline) == _moment(weekend, 17, 30)
    with time_machine.travel(_moment(weekend, 17, 0), tick=False):
        assert consultation.reference not in _overdue_page(world)
    with time_machine.travel(_moment(weekend, 17, 31), tick=False):
        assert consultation.reference in _overdue_page(world)
    # Answered, it leaves the list.
    consultation_take(consultation=consultation, by=world.users["operator"])
    Consultation.objects.filter(pk=consultation.pk).update(
        status="answered", answer="已答复", answered_at=_moment(weekend, 17, 0)
    )
    with time_machine.travel(_moment(weekend, 17, 31), tick=False):
        assert consultation.reference not in _overdue_page(world)


# --- query counts ---------------------------------------------------------------------------------


def _fill(world, count: int) -> None:
    operator = world.users["operator"]
    for n in range(count):
        consultation = ask(phone=f"1390000{n:04d}")
        if n % 3 == 1:
            consultation_take(consultation=consultation, by=operator)
        elif n % 3 == 2:
            consultation_take(consultation=consultation, by=operator)
            target = [
                {"office": world.office_a},
                {"notary": world.notary_a},
                {"centre": world.centre},
            ][n % 9 // 3]
            consultation_refer(consultation=consultation, by=operator, note="转", **target)


QUEUES = [
    ("operator", "/hotline/consultations/"),
    ("operator", "/hotline/consultations/?tab=mine"),
    ("operator", "/hotline/consultations/?tab=referred"),
    ("operator", "/hotline/consultations/?tab=overdue"),
    ("operator", "/hotline/consultations/?tab=all&phone=1390000"),
    ("clerk_a", "/consult/desk/"),
    ("legal_aid", "/consult/desk/"),
    ("bureau", "/consult/desk/"),
    ("bureau", "/bureau/consultations/overdue/"),
    ("resident", "/consult/mine/"),
]


@pytest.mark.parametrize(("role", "url"), QUEUES)
def test_queue_pages_cost_the_same_queries_with_more_rows(
    world, client, django_assert_max_num_queries, role, url
):
    client.force_login(world.users[role])
    _fill(world, 9)
    Consultation.objects.update(
        deadline=timezone.now() - dt.timedelta(hours=1), resident=world.users["resident"]
    )
    client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    _fill(world, 27)
    Consultation.objects.update(
        deadline=timezone.now() - dt.timedelta(hours=1), resident=world.users["resident"]
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_an_answer_by_e_mail_goes_out_once_in_the_askers_language(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    from consult.notifications import answer_email_send

    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    post_question(chinese, world, answer_channel="email", email="asker@example.com")
    callback = ask(phone="13900003333")  # wants a call back: no e-mail
    consultation = Consultation.objects.get(email="asker@example.com")
    operator = signed_in(Client(HTTP_ACCEPT_LANGUAGE="en"), world.users["operator"])
    with django_capture_on_commit_callbacks(execute=True):
        for row in (consultation, callback):
            url = f"/hotline/consultations/{row.reference}/"
            operator.post(url, {"action": "take"})
            operator.post(url, {"action": "answer", "answer-answer": "请携带户口簿到公证处。"})
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["asker@example.com"]
    assert consultation.reference in message.subject and "答复" in message.subject
    assert "请携带户口簿到公证处。" in message.body and "/consult/status/" in message.body
    assert reload(consultation).answer_emailed_at is not None
    assert answer_email_send(consultation_id=consultation.pk) is False  # a second delivery
    assert len(mailoutbox) == 1
