"""The 12348 consultation desk in the demo: a handful of questions in every state, so the try-out
operator, clerk, legal-aid staff, bureau and resident each find a queue at once.

Written through the consult services (the owner, referral and answer rules decide), then dated
back onto the statutory calendar's working days before today, deadlines recomputed from that.
Once: when the demo's questions exist already (their phone numbers are the demo's own) nothing
changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from appointments.calendar import StatutoryCalendar
from consult.models import Consultation, ConsultationEvent, Topic
from consult.services import (
    consultation_accept,
    consultation_answer,
    consultation_create,
    consultation_deadline,
    consultation_refer,
    consultation_take,
)
from legalaid.models import LegalAidCentre
from notaries.models import Notary, Office

# Invented numbers of the demo's askers (the 1370000 block is nobody's in the demo).
PHONE_PREFIX = "1370000"

# (phone suffix, topic, working days ago, hour, answer channel, asked by, steps, question)
# asked by: "web" anonymous, "resident" the try-out resident, "operator" recorded on the phone.
# steps: "take", "refer:office" (the try-out clerk's office), "refer:notary" (one of its notaries),
# "refer:centre" (the try-out legal-aid centre), "accept", "answer".
QUESTIONS: list[tuple[str, str, int, int, str, str, tuple[str, ...], str]] = [
    ("0001", "inheritance", 0, 9, "callback", "web", (), "父亲去世后没有遗嘱，房子怎么继承？"),
    ("0002", "labour", 3, 10, "callback", "web", (), "公司拖欠三个月工资，我该怎么办？"),
    ("0003", "housing", 0, 11, "email", "resident", (), "房东不退押金，可以起诉吗？"),
    (
        "0004",
        "marriage-family",
        1,
        9,
        "callback",
        "operator",
        ("take",),
        "离婚后孩子抚养费怎么定？",
    ),
    (
        "0005",
        "consumer",
        4,
        14,
        "callback",
        "operator",
        ("take",),
        "网购商品有质量问题，商家拒绝退货。",
    ),
    (
        "0006",
        "notarization",
        1,
        15,
        "office",
        "operator",
        ("take", "refer:office"),
        "老人想立遗嘱，需要带什么材料到公证处？",
    ),
    (
        "0007",
        "notarization",
        0,
        10,
        "callback",
        "operator",
        ("take", "refer:notary"),
        "出国留学需要哪些公证？",
    ),
    (
        "0008",
        "labour",
        1,
        10,
        "callback",
        "operator",
        ("take", "refer:centre"),
        "农民工工伤，老板不赔偿，能申请法律援助吗？",
    ),
    (
        "0009",
        "inheritance",
        2,
        16,
        "office",
        "operator",
        ("take", "refer:office", "accept"),
        "继承公证需要所有继承人都到场吗？",
    ),
    (
        "0010",
        "notarization",
        5,
        9,
        "callback",
        "resident",
        ("take", "answer"),
        "委托书公证要本人去吗？",
    ),
    (
        "0011",
        "other",
        6,
        11,
        "event",
        "web",
        ("take", "answer"),
        "社区有没有免费的法律讲座？",
    ),
]

ANSWERS = {
    "0010": "需要委托人本人携带身份证到公证处办理；行动不便的可以申请上门服务。",
    "0011": "各公证处每年至少举办两次公益法律服务活动，请在“公益活动”页面报名。",
}


def seed_consultations(*, report: Any) -> None:
    if Consultation.objects.filter(phone__startswith=PHONE_PREFIX).exists():
        return
    User = get_user_model()
    operator = User.objects.get(email="operator@demo.invalid")
    clerk = User.objects.get(email="clerk@demo.invalid")
    centre_staff = User.objects.get(email="legal-aid@demo.invalid")
    resident = User.objects.get(email="resident@demo.invalid")
    office = Office.objects.get(pk=clerk.office_id)
    centre = LegalAidCentre.objects.get(pk=centre_staff.legal_aid_centre_id)
    notary = Notary.objects.filter(office=office).order_by("licence_number").first()

    today = timezone.localdate()
    calendar = StatutoryCalendar.for_range(start=today - dt.timedelta(days=40), end=today)
    before_today = sorted((d for d in calendar.working_days() if d < today), reverse=True)

    for suffix, topic, days_ago, hour, channel, asked_by, steps, question in QUESTIONS:
        day = today if days_ago == 0 else before_today[days_ago - 1]
        consultation = consultation_create(
            phone=PHONE_PREFIX + suffix,
            email="asker@demo.invalid" if channel == "email" else "",
            topic=Topic.objects.get(code=topic),
            question=question,
            answer_channel=channel,
            consent=True,
            resident=resident if asked_by == "resident" else None,
            recorded_by=operator if asked_by == "operator" else None,
        )
        for step in steps:
            if step == "take" and consultation.status == Consultation.Status.NEW:
                consultation = consultation_take(consultation=consultation, by=operator)
            elif step == "refer:office":
                consultation = consultation_refer(
                    consultation=consultation, by=operator, office=office, note="请公证处当面解答。"
                )
            elif step == "refer:notary" and notary is not None:
                consultation = consultation_refer(
                    consultation=consultation,
                    by=operator,
                    notary=notary,
                    note="涉外公证，请公证员答复。",
                )
            elif step == "refer:centre":
                consultation = consultation_refer(
                    consultation=consultation, by=operator, centre=centre, note="符合法律援助条件。"
                )
            elif step == "accept":
                consultation = consultation_accept(consultation=consultation, by=clerk)
            elif step == "answer":
                consultation = consultation_answer(
                    consultation=consultation, by=operator, answer=ANSWERS[suffix]
                )
        _date_back(consultation, day=day, hour=hour, today=today)
        report.count("consultations", created=True, changed=True)


def _date_back(consultation: Consultation, *, day: dt.date, hour: int, today: dt.date) -> None:
    """Move the request (and its events, a few minutes apart) to `day` at `hour`; today's are
    kept before now so that nothing happens in the future."""
    received = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    now = timezone.now()
    if received > now:
        received = now - dt.timedelta(minutes=30)
    Consultation.objects.filter(pk=consultation.pk).update(
        received_at=received,
        deadline=consultation_deadline(received_at=received),
        answered_at=min(received + dt.timedelta(hours=2), now)
        if consultation.answered_at
        else None,
    )
    events = ConsultationEvent.objects.filter(consultation=consultation).order_by("at", "id")
    for n, event in enumerate(events):
        at = received + dt.timedelta(minutes=5 * n)
        ConsultationEvent.objects.filter(pk=event.pk).update(at=min(at, now))
