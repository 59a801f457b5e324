"""Legal aid in the demo: applications at every demo centre in every state (submitted, accepted,
missing documents asked for, granted, refused), online and filed by the 12348 operator, over last
year and this one, so the centre queues have work, the statistics show legal-aid decisions and
last year's return-visit draw can call back decided cases; and a few opinions about them and about
an answered consultation.

Written through the legal-aid services (their state rules decide), dated on the statutory
calendar's working days before now. Once: when the demo's applications exist already (their
phone numbers are the demo's own) nothing changes.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from appointments.calendar import StatutoryCalendar
from consult.models import Consultation
from hotline.models import LegalAidConsent
from hotline.services import LEGAL_AID_CONSENT_TEXT, LEGAL_AID_CONSENT_VERSION
from legalaid import services
from legalaid.models import Application, CaseKind, LegalAidCentre
from supervision.models import Opinion, OpinionAnswer

# Invented numbers of the demo's applicants (the 1370001 block is nobody's in the demo).
PHONE_PREFIX = "1370001"
RANDOM_SEED = 12348

# (working days ago, outcome, filed by the operator) of the try-out centre's applications: one in
# every state, recent enough to be the queue's work.
TRY_OUT: list[tuple[int, str, bool]] = [
    (0, "submitted", True),
    (1, "submitted", False),
    (2, "accepted", False),
    (3, "more_needed", True),
    (4, "more_needed_answered", False),
    (8, "granted", False),
    (12, "refused", True),
    (30, "granted", True),
    (150, "granted", False),
    (260, "refused", False),
]
# Every other centre: this many applications spread over the last 300 working days.
PER_CENTRE = 6
OUTCOMES = ["granted", "granted", "refused", "accepted", "submitted", "more_needed"]

CASES = {
    "unpaid-wages": "公司拖欠我三个月工资共一万二千元，多次催要未果。",
    "work-injury": "在工地摔伤，已做工伤认定，老板拒绝赔偿。",
    "maintenance": "离婚后对方两年没有支付孩子的抚养费。",
    "domestic-violence": "长期遭受家庭暴力，想申请人身安全保护令。",
    "veterans-benefits": "退役后应享受的优抚待遇没有落实。",
}
GROUND_FOR = {
    "unpaid-wages": "migrant_worker",
    "work-injury": "migrant_worker",
    "maintenance": "single_mother",
    "domestic-violence": "hardship",
    "veterans-benefits": "military",
}
MISSING = "请补充：劳动合同或工资条复印件、身份证复印件。"
REFUSAL = "家庭人均月收入超过经济困难标准，且不属于免予审查的情形。"


def seed_legal_aid(*, report: Any) -> None:
    if Application.objects.filter(applicant_phone__startswith=PHONE_PREFIX).exists():
        return
    User = get_user_model()
    operator = User.objects.get(email="operator@demo.invalid")
    bureau = User.objects.get(email="bureau@demo.invalid")
    try_out_staff = User.objects.get(email="legal-aid@demo.invalid")
    resident = User.objects.get(email="resident@demo.invalid")
    residents = list(
        User.objects.filter(username__startswith="resident-", email__endswith="@demo.invalid")
        .order_by("email")
        .only("pk", "real_name")[:120]
    ) or [resident]
    kinds = {kind.slug: kind for kind in CaseKind.objects.filter(slug__in=CASES)}
    if not kinds:
        return
    rng = random.Random(RANDOM_SEED)  # noqa: S311 (invented data, reproducible)
    now = timezone.now()
    today = timezone.localdate()
    calendar = StatutoryCalendar.for_range(start=today - dt.timedelta(days=460), end=today)
    before_today = sorted((d for d in calendar.working_days() if d < today), reverse=True)

    def moment(days_ago: int, hour: int) -> dt.datetime:
        day = today if days_ago == 0 else before_today[min(days_ago, len(before_today)) - 1]
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, rng.choice([0, 20, 40]))))
        return min(at, now - dt.timedelta(hours=3))

    made: list[Application] = []
    try_out_centre = LegalAidCentre.objects.get(pk=try_out_staff.legal_aid_centre_id)
    for n, (days_ago, outcome, by_phone) in enumerate(TRY_OUT):
        applicant = resident if n in (5, 6) else residents[n % len(residents)]
        made.append(
            _application(
                applicant=applicant,
                centre=try_out_centre,
                kind=kinds[sorted(kinds)[n % len(kinds)]],
                at=moment(days_ago, 9 + n % 7),
                outcome=outcome,
                staff=try_out_staff,
                operator=operator if by_phone else None,
                suffix=f"{n:04d}",
            )
        )
    staff_of = {}
    for centre in LegalAidCentre.objects.listed().exclude(pk=try_out_centre.pk).order_by("slug"):
        staff_of[centre.pk] = _centre_staff(centre, User)
        for i in range(PER_CENTRE):
            number = len(made)
            made.append(
                _application(
                    applicant=residents[number % len(residents)],
                    centre=centre,
                    kind=kinds[rng.choice(sorted(kinds))],
                    at=moment(rng.randint(5, 300), rng.randint(9, 16)),
                    outcome=OUTCOMES[i % len(OUTCOMES)],
                    staff=staff_of[centre.pk],
                    operator=operator if rng.random() < 0.3 else None,
                    suffix=f"{number:04d}",
                )
            )
    report.count("legal-aid applications", created=True, changed=True)
    _seed_opinions(made=made, resident=resident, bureau=bureau, now=now)
    report.count("opinions about legal aid and consultations", created=True, changed=True)


def _centre_staff(centre: LegalAidCentre, User) -> Any:
    """The centre's desk account (no password: invented staff who decide the demo's cases)."""
    email = f"staff-{centre.slug}@demo.invalid"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(
            username=email,
            email=email,
            role=User.Role.LEGAL_AID_STAFF,
            legal_aid_centre=centre,
            real_name=f"{centre.name_zh}工作人员",
        )
        user.set_unusable_password()
        user.save()
    return user


def _application(
    *, applicant, centre, kind, at: dt.datetime, outcome: str, staff, operator, suffix: str
) -> Application:
    name = applicant.real_name or "示例申请人"
    application = services.application_submit(
        applicant=applicant,
        centre=centre,
        case_kind=kind,
        applicant_name=name,
        applicant_phone=PHONE_PREFIX + suffix,
        case_description=CASES[kind.slug],
        ground=GROUND_FOR[kind.slug],
        monthly_income_per_person=None if GROUND_FOR[kind.slug] != "hardship" else 1800,
        consent=True,
        uploads=[],
        filed_by=operator,
        now=at,
    )
    if operator is not None:
        LegalAidConsent.objects.create(
            operator=operator,
            caller=applicant,
            application=application,
            consent_version=LEGAL_AID_CONSENT_VERSION,
            consent_text=str(LEGAL_AID_CONSENT_TEXT),
            at=at,
        )
    if outcome == "submitted":
        return application
    step = at + dt.timedelta(hours=1)
    application = services.application_accept(application=application, by=staff, now=step)
    if outcome.startswith("more_needed") or outcome == "refused":
        step += dt.timedelta(hours=2)
        application = services.application_request_missing(
            application=application, by=staff, note=MISSING, now=step
        )
        if outcome == "more_needed":
            return application
        step += dt.timedelta(days=1)
        application = services.application_complete(
            application=application, by=applicant, uploads=[], now=step
        )
    if outcome in ("granted", "refused"):
        step += dt.timedelta(days=2)
        application = services.application_decide(
            application=application,
            by=staff,
            grant=outcome == "granted",
            reason="" if outcome == "granted" else REFUSAL,
            now=min(step, timezone.now() - dt.timedelta(minutes=30)),
        )
    return application


def _seed_opinions(*, made: list[Application], resident, bureau, now: dt.datetime) -> None:
    """The try-out resident's complaint about their refusal (answered) and praise for their
    grant (not answered yet), others' about the centres, and one about an answered consultation."""
    mine = [a for a in made if a.applicant_id == resident.pk]
    refused = next((a for a in mine if a.status == Application.Status.REFUSED), None)
    granted = next((a for a in mine if a.status == Application.Status.GRANTED), None)
    rows = []
    if refused is not None:
        rows.append((refused, "complaint", "拒绝的理由没有说清楚，我的收入其实不稳定。", True, 9))
    if granted is not None:
        rows.append((granted, "opinion", "法律援助中心很快指派了律师，非常感谢。", False, 2))
    others = [a for a in made if a.applicant_id != resident.pk and a.decided_at is not None]
    for application, text in zip(
        others[:3],
        ["等了很久才有人联系我。", "工作人员耐心解释了申请条件。", "希望可以在网上补交材料。"],
        strict=False,
    ):
        rows.append((application, "complaint" if "久" in text else "opinion", text, True, 20))
    for application, kind, text, answered, days in rows:
        sent = max(application.created_at, now - dt.timedelta(days=days))
        opinion = Opinion.objects.create(
            kind=kind,
            text=text,
            legal_aid_application=application,
            sender=application.applicant,
            contact=application.applicant_phone,
            created_at=sent,
        )
        if answered:
            at = sent + dt.timedelta(days=1)
            OpinionAnswer.objects.create(
                opinion=opinion,
                text="已转法律援助中心核查，中心将在三个工作日内与您联系说明情况。",
                by=bureau,
                created_at=at,
            )
            Opinion.objects.filter(pk=opinion.pk).update(answered_at=at)
    consultation = (
        Consultation.objects.filter(resident=resident, status=Consultation.Status.ANSWERED)
        .order_by("answered_at")
        .first()
    )
    if consultation is not None and consultation.answered_at is not None:
        Opinion.objects.create(
            kind=Opinion.Kind.OPINION,
            text="热线答复很清楚，省了我跑一趟。",
            consultation=consultation,
            office=consultation.owner_office,
            sender=resident,
            contact=resident.email,
            created_at=min(consultation.answered_at + dt.timedelta(hours=3), now),
        )
