import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import User
from appointments.calendar import StatutoryCalendar
from consult.errors import AlreadyOwned, NotReceiver
from consult.models import Consultation, Topic
from consult.services import (
    consultation_accept,
    consultation_answer,
    consultation_create,
    consultation_deadline,
    consultation_refer,
    consultation_take,
)
from tests.factories import OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _ask(**kw):
    return consultation_create(
        phone="13800138000",
        topic=Topic.objects.get(code="inheritance"),
        question="我父亲去世了，房子怎么继承？",
        answer_channel="callback",
        consent=True,
        **kw,
    )


def _find(predicate, start=dt.date(2026, 1, 1)):
    cal = StatutoryCalendar.for_range(start=start, end=start + dt.timedelta(days=365))
    for info in cal.days():
        if predicate(cal, info):
            return info.date
    pytest.skip("no such day in the calendar")


def test_topics_are_seeded_for_the_bureau_list():
    assert set(Topic.objects.values_list("code", flat=True)) >= {
        "marriage-family",
        "inheritance",
        "labour",
        "housing",
        "consumer",
        "notarization",
        "other",
    }


def test_deadline_skips_a_public_holiday():
    # The working day just before a public holiday: the answer is due on the first working day
    # after the holiday, at 17:30, not on the holiday.
    def eve(cal, info):
        nxt = info.date + dt.timedelta(days=1)
        return info.is_working_day and nxt <= cal.end and cal.day(nxt).kind == "holiday"

    day = _find(eve)
    received = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    due = timezone.localtime(consultation_deadline(received_at=received))
    cal = StatutoryCalendar.for_range(start=day, end=due.date())
    assert due.time() == dt.time(17, 30)
    assert cal.is_working_day(due.date())
    between = [d for d in cal.days() if day < d.date < due.date()]
    assert between and not any(d.is_working_day for d in between)
    assert any(d.kind == "holiday" for d in between)


def test_deadline_counts_an_adjusted_working_weekend():
    def adjusted(cal, info):
        return info.adjusted and info.is_working_day

    saturday = _find(adjusted)
    cal = StatutoryCalendar.for_range(start=saturday - dt.timedelta(days=7), end=saturday)
    before = max(d for d in cal.working_days() if d < saturday)
    received = timezone.make_aware(dt.datetime.combine(before, dt.time(9)))
    due = timezone.localtime(consultation_deadline(received_at=received))
    assert due.date() == saturday  # the adjusted weekend day is a working day
    late = timezone.make_aware(dt.datetime.combine(before, dt.time(18)))
    assert timezone.localtime(consultation_deadline(received_at=late)).date() > saturday


def test_first_taker_owns_and_second_is_told_who():
    first = UserFactory(role=User.Role.HOTLINE_OPERATOR, email="first@example.com")
    second = UserFactory(role=User.Role.HOTLINE_OPERATOR)
    consultation = _ask()
    consultation_take(consultation=consultation, by=first)
    with pytest.raises(AlreadyOwned) as refused:
        consultation_take(consultation=consultation, by=second)
    assert "first@example.com" in str(refused.value)
    consultation.refresh_from_db()
    assert consultation.owner_user == first and consultation.status == "taken"


def test_referral_stays_with_owner_until_receiver_accepts():
    operator = UserFactory(role=User.Role.HOTLINE_OPERATOR)
    office, other = OfficeFactory(), OfficeFactory()
    clerk = UserFactory(role=User.Role.OFFICE_STAFF, office=office)
    stranger = UserFactory(role=User.Role.OFFICE_STAFF, office=other)
    consultation = consultation_take(consultation=_ask(), by=operator)
    consultation_refer(consultation=consultation, by=operator, office=office, note="房产继承")
    consultation.refresh_from_db()
    assert consultation.status == "referred" and consultation.owner_user == operator
    with pytest.raises(NotReceiver):
        consultation_accept(consultation=consultation, by=stranger)
    consultation_accept(consultation=consultation, by=clerk)
    consultation.refresh_from_db()
    assert consultation.owner_office == office and consultation.owner_user is None
    consultation_answer(consultation=consultation, by=clerk, answer="请携带死亡证明到公证处。")
    consultation.refresh_from_db()
    assert consultation.status == "answered"
    assert list(consultation.events.values_list("kind", flat=True)) == [
        "received",
        "taken",
        "referred",
        "accepted",
        "answered",
    ]


def test_overdue_request_is_listed():
    consultation = _ask()
    Consultation.objects.filter(pk=consultation.pk).update(
        deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    assert list(Consultation.objects.overdue()) == [consultation]
