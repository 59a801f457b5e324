"""A lived-in demo: the portal's past year and its next few days (`seed_demo`, after the catalogue).

What it makes, all of it invented and all dated from today:
- residents (with profiles) and one clerk account per office besides the try-out clerk;
- from 1 January of last year until yesterday, visits at every office: completed (with the fee
  recorded, exemption decisions, a case that went through every step, many rated), no-shows and
  cancellations; every notary has at least 11 completed visits last year, so the return-visit
  draw of last year can take its 10 from each;
- the cases of the last weeks still open, some of them overdue, a few posted;
- opinions and complaints, most answered; public-welfare events (a few offices held fewer than
  the two a year), past ones with sign-ups and some still to come;
- at the try-out clerk's office: today's and the coming working days' appointments, booked
  through the booking service (so the availability rules and the exclusion constraints decide
  them); today's earlier visits checked in and completed through the lifecycle services; uploads
  waiting for the pre-review; home-visit requests;
- the try-out resident's own past visits, an upcoming one, a rating and opinions.

Past visits are written in bulk through the models (a year of a city is too much to book one at a
time in under a minute): one visit per notary per day, and never an active status, so neither
exclusion constraint (a notary's or a resident's active appointments never overlap) is touched.
Everything is drawn from one seeded generator over dates relative to today: the same day gives
the same history. It runs inside the loader's transaction, once: when the history's residents
exist already it changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from appointments import errors as booking_errors
from appointments import services as booking
from appointments.calendar import StatutoryCalendar
from appointments.fees import FeeRequest, booking_quote
from appointments.models import Appointment, AppointmentEvent, ExemptionClaim, HomeVisitRequest
from appointments.references import ALPHABET
from casework import errors as casework_errors
from casework.models import Case, CaseStatus, CaseStep, MaterialSubmission, PostalDelivery
from casework.services import case_accept, material_submission_create
from events.models import Event, EventSignup
from notaries.models import Exemption, Matter, Notary, Office
from supervision.models import Opinion, OpinionAnswer, Rating

from . import data

RANDOM_SEED = 20261202
RESIDENTS = 240
# The history is made once: its first resident is the marker.
MARKER_EMAIL = "resident-001@demo.invalid"
TRYOUT_OFFICE = "dongcheng-first"
# Offices that held fewer public-welfare events this year than the two a year promised.
EVENT_SHORTFALL_OFFICES = {"xicheng-first": 1, "fengtai-first": 1, "yanqing-first": 0}
# Completed visits per notary last year: the draw takes 10 of each.
COMPLETED_LAST_YEAR = 11
UPCOMING_WORKING_DAYS = 4  # besides today
UPCOMING_EVENT_OFFICES = 4  # offices with a public-welfare event in the coming weeks, any day
PER_DAY_AT_TRYOUT_OFFICE = 14

Status = Appointment.Status
Kind = AppointmentEvent.Kind
Channel = AppointmentEvent.Channel
SHANGHAI = timezone.get_default_timezone()

# Popular matters come up more often (by category).
CATEGORY_WEIGHTS = {
    "family-and-inheritance": 4,
    "powers-and-declarations": 4,
    "civil-status": 3,
    "education-and-work": 3,
    "property": 2,
    "contracts-and-business": 1,
    "evidence-preservation": 1,
    "guardianship": 1,
    "supervision-and-deposits": 1,
}

# The value involved in value-based matters (an estate, a contract), in yuan.
ESTATE_VALUES = [Decimal("300000"), Decimal("1200000"), Decimal("3500000")]
CANCEL_REASONS = ["", "", "行程有变，改日再约", "材料还没准备好", "家里有事"]
RATING_COMMENTS = [
    "",
    "",
    "",
    "工作人员很耐心，一次就办好了。",
    "材料清单写得很清楚，没有白跑。",
    "等候时间有点长，但办理很顺利。",
    "公证员解释得很详细，谢谢！",
    "预约很方便，到了直接办理。",
    "希望停车再方便一些。",
]
OPINIONS = [
    ("opinion", "建议在网上公开每个公证员的擅长事项，方便选择。"),
    ("opinion", "希望周六也能开放预约，上班族平时请假不方便。"),
    ("complaint", "预约的时间到了还等了四十分钟，希望改进。"),
    ("opinion", "材料清单很清楚，建议把表格模板也放上去下载。"),
    ("complaint", "电话一直打不通，希望增加接听人员。"),
    ("opinion", "老人办理遗嘱免费的政策很好，建议多宣传。"),
    ("complaint", "收费和网上报价不一致，工作人员没有解释清楚。"),
    ("opinion", "大厅的指示牌不够明显，第一次来找了很久。"),
    ("opinion", "希望能通过邮寄领取公证书，节省一趟。"),
    ("complaint", "工作人员态度生硬，问了两遍才回答。"),
]
ANSWERS = {
    "opinion": "感谢您的建议，我们已转交相关部门研究，会在后续改进中考虑。",
    "complaint": "您反映的情况我们已核实并向当事工作人员了解，已要求整改，感谢监督。",
}
EVENT_TOPICS = [
    ("遗嘱与继承公益讲座", "Free talk: wills and inheritance", "社区活动中心"),
    ("老年人权益保护公证咨询", "Notarial advice on the rights of older people", "街道便民服务中心"),
    ("公证进社区：房产与赠与", "Notaries in the community: property and gifts", "社区居委会会议室"),
    ("留学材料公证一站式答疑", "Studying abroad: your documents, answered", "区图书馆报告厅"),
    ("小微企业合同公证公益课", "Contracts for small businesses: a free class", "区市民服务中心"),
]
STREETS = ["和平里北街", "安定门东大街", "交道口南大街", "北新桥三条", "东四十条", "雍和宫大街"]


def _user_model():
    return get_user_model()


@dataclass
class Context:
    """What every step of the history shares."""

    rng: random.Random
    now: dt.datetime
    today: dt.date
    calendar: StatutoryCalendar
    working: list[dt.date]
    offices: dict[int, Office]
    staff: dict[int, Any]  # office id -> the account that works its counter
    operator: Any
    bureau: Any
    tryout_resident: Any
    residents: list[Any]
    matters: dict[int, Matter]
    references: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def working_after(self, day: dt.date, days: int) -> dt.date:
        """The date `days` working days after `day` (the calendar's own add_working_days)."""
        index = _bisect_right(self.working, day)
        return self.working[index + days - 1]

    def reference(self, on: dt.date) -> str:
        while True:
            ref = f"{on:%Y%m%d}-{''.join(self.rng.choice(ALPHABET) for _ in range(4))}"
            if ref not in self.references:
                self.references.add(ref)
                return ref


def _bisect_right(days: list[dt.date], day: dt.date) -> int:
    import bisect

    return bisect.bisect_right(days, day)


def _at(day: dt.date, clock: str | dt.time) -> dt.datetime:
    time = clock if isinstance(clock, dt.time) else dt.time.fromisoformat(clock)
    return dt.datetime.combine(day, time, tzinfo=SHANGHAI)


def seed_history(*, report, progress: Callable[[str], None]) -> None:
    """The history, once (see the module's docstring); `report` counts what was created."""
    User = _user_model()
    if User.objects.filter(email=MARKER_EMAIL).exists():
        progress("history: already there, nothing to add")
        return
    ctx = _context()
    progress(f"history: {RESIDENTS} residents and the offices' clerks")
    _seed_people(ctx)
    progress(f"history: past visits since 1 January {ctx.today.year - 1} at every office")
    past = _seed_past_visits(ctx)
    progress(f"history: {len(past.completed)} cases, exemption decisions and ratings")
    _seed_cases(ctx, past)
    _seed_ratings(ctx, past)
    progress("history: opinions and public-welfare events")
    _seed_opinions(ctx, past)
    _seed_events(ctx)
    progress("history: today's and the coming days' appointments at the try-out office")
    _seed_tryout_office(ctx)
    _seed_tryout_resident(ctx, past)
    for label, n in sorted(ctx.counts.items()):
        report.created[label] = report.created.get(label, 0) + n


# --- context and people -------------------------------------------------------------------------


def _context() -> Context:
    User = _user_model()
    now = timezone.now()
    today = timezone.localdate(now)
    start = dt.date(today.year - 1, 1, 1)
    calendar = StatutoryCalendar.for_range(start=start, end=today + dt.timedelta(days=400))
    offices = {o.pk: o for o in Office.objects.filter(is_active=True).order_by("pk")}
    clerk = User.objects.get(email="clerk@demo.invalid")
    return Context(
        rng=random.Random(f"{RANDOM_SEED}:{today.isoformat()}"),  # noqa: S311 (not secret)
        now=now,
        today=today,
        calendar=calendar,
        working=calendar.working_days(),
        offices=offices,
        staff={clerk.office_id: clerk},
        operator=User.objects.get(email="operator@demo.invalid"),
        bureau=User.objects.get(email="bureau@demo.invalid"),
        tryout_resident=User.objects.get(email="resident@demo.invalid"),
        residents=[],
        matters={m.pk: m for m in Matter.objects.select_related("category").order_by("pk")},
        references=set(Appointment.objects.values_list("reference", flat=True)),
    )


def _id_number(rng: random.Random, born: dt.date, serial: int) -> str:
    from stdnum.cn import ric

    body = f"1101{rng.choice(['01', '02', '05', '06', '08'])}{born:%Y%m%d}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def _seed_people(ctx: Context) -> None:
    from accounts.services import resident_profile_update

    User = _user_model()
    rng = ctx.rng
    names: set[str] = set()
    people = []
    while len(people) < RESIDENTS:
        surname, _ = rng.choice(data.SURNAMES)
        given = rng.sample(data.GIVEN_NAME_CHARS, rng.choice([1, 2, 2]))
        name = surname + "".join(ch for ch, _ in given)
        if name in names:
            continue
        names.add(name)
        people.append((surname, "".join(ch for ch, _ in given)))
    accounts = []
    for i, (surname, given) in enumerate(people, start=1):
        email = f"resident-{i:03d}@demo.invalid"
        user = User(username=email, email=email, first_name=given, last_name=surname)
        user.set_unusable_password()
        accounts.append(user)
    User.objects.bulk_create(accounts)
    accounts = list(
        User.objects.filter(
            email__endswith="@demo.invalid", username__startswith="resident-"
        ).order_by("email")
    )
    for i, user in enumerate(accounts, start=1):
        # A city's applicants: many in middle age, a fifth aged 70 or over.
        year = (
            rng.choice(range(1938, 1956)) if rng.random() < 0.2 else rng.choice(range(1956, 2004))
        )
        born = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        resident_profile_update(
            user=user,
            real_name=f"{user.last_name}{user.first_name}",
            phone=f"13{rng.randint(5, 9)}{i:04d}{rng.randint(0, 9999):04d}",
            id_number=_id_number(rng, born, 100 + i),
        )
    ctx.residents = accounts
    ctx.counts["history residents"] += len(accounts)

    staff = []
    for office in ctx.offices.values():
        if office.pk in ctx.staff:
            continue
        surname, _ = rng.choice(data.SURNAMES)
        given = rng.choice(data.GIVEN_NAME_CHARS)[0]
        email = f"staff.{office.slug}@demo.invalid"
        user = User(
            username=email,
            email=email,
            first_name=given,
            last_name=surname,
            role="office_staff",
            office=office,
        )
        user.set_unusable_password()
        staff.append(user)
    User.objects.bulk_create(staff)
    for user in User.objects.filter(email__startswith="staff.", email__endswith="@demo.invalid"):
        ctx.staff[user.office_id] = user
    ctx.counts["office clerks"] += len(staff)


# --- past visits ----------------------------------------------------------------------------------


@dataclass
class Past:
    appointments: list[Appointment] = field(default_factory=list)
    completed: list[Appointment] = field(default_factory=list)


class _Age:
    """Stands in for a resident of a given age when quoting (only the age matters)."""

    def __init__(self, age: int) -> None:
        self.age = age

    def age_on(self, date: dt.date) -> int:
        return self.age


def _office_starts(office: Office) -> dict[int, list[str]]:
    """Start times on each weekday within the office's published hours (30-minute steps, leaving
    an hour before each period ends)."""
    week = data.WORKING_WEEKS.get(office.opening_hours_en) or next(
        iter(data.WORKING_WEEKS.values())
    )
    starts: dict[int, list[str]] = {}
    for weekday, periods in week.items():
        times = []
        for begin, end in periods:
            t = dt.datetime.combine(dt.date.min, dt.time.fromisoformat(begin))
            last = dt.datetime.combine(dt.date.min, dt.time.fromisoformat(end)) - dt.timedelta(
                hours=1
            )
            while t <= last:
                times.append(t.time().strftime("%H:%M"))
                t += dt.timedelta(minutes=30)
        starts[weekday] = times
    return starts


def _seed_past_visits(ctx: Context) -> Past:
    rng, today = ctx.rng, ctx.today
    past_days = [d for d in ctx.working if d < today]
    last_year = [d for d in past_days if d.year == today.year - 1]
    this_year = [d for d in past_days if d.year == today.year]
    quotes: dict[tuple[int, bool, Decimal | None], Any] = {}
    busy: set[tuple[int, dt.date]] = set()  # (resident, day): one visit a day each
    starts_by_office = {pk: _office_starts(o) for pk, o in ctx.offices.items()}
    exemptions = {e.pk: e for e in Exemption.objects.all()}
    matter_exemptions: dict[int, list[Exemption]] = defaultdict(list)
    for matter_id, exemption_id in Matter.exemptions.through.objects.values_list(
        "matter_id", "exemption_id"
    ):
        matter_exemptions[matter_id].append(exemptions[exemption_id])
    notary_matters: dict[int, list[int]] = defaultdict(list)
    for notary_id, matter_id in Notary.matters.through.objects.order_by(
        "notary_id", "matter_id"
    ).values_list("notary_id", "matter_id"):
        notary_matters[notary_id].append(matter_id)

    tryout = next(o for o in ctx.offices.values() if o.slug == TRYOUT_OFFICE)
    rows: list[Appointment] = []
    plans: list[dict[str, Any]] = []
    notaries = list(Notary.objects.filter(office__in=list(ctx.offices)).order_by("pk"))
    # Every office's past holds each outcome whatever today is: its first notary's extra visits
    # last year are a no-show and a cancellation (the rest are drawn).
    outcomes_given: set[int] = set()
    for notary in notaries:
        matter_ids = notary_matters.get(notary.pk)
        if not matter_ids:
            continue
        weights = [CATEGORY_WEIGHTS.get(ctx.matters[m].category.slug, 1) for m in matter_ids]
        n_last = rng.randint(COMPLETED_LAST_YEAR + 2, COMPLETED_LAST_YEAR + 4)
        n_this = round(len(this_year) / 21 * rng.uniform(0.6, 1.0))
        chosen = sorted(rng.sample(last_year, min(n_last, len(last_year))))
        given: list[str] = []
        if notary.office_id not in outcomes_given:
            outcomes_given.add(notary.office_id)
            given = [Status.NO_SHOW, Status.CANCELLED]
        statuses = (
            [Status.COMPLETED] * COMPLETED_LAST_YEAR
            + given
            + [_random_outcome(rng) for _ in range(len(chosen) - COMPLETED_LAST_YEAR - len(given))]
        )
        rng.shuffle(statuses)
        days = list(zip(chosen, statuses, strict=False))
        days += [
            (d, _random_outcome(rng))
            for d in sorted(rng.sample(this_year, min(n_this, len(this_year))))
        ]
        if notary.office_id == tryout.pk and notary.status == Notary.Status.ON_DUTY:
            # The try-out office's last working days: cases just accepted and being worked on.
            taken = {d for d, _ in days}
            days += [(d, Status.COMPLETED) for d in past_days[-3:] if d not in taken]
        for day, status in days:
            matter = ctx.matters[rng.choices(matter_ids, weights)[0]]
            weekday = day.weekday() if day.weekday() < 5 else 0
            clock = rng.choice(starts_by_office[notary.office_id][weekday])
            resident = rng.choice(ctx.residents)
            while (resident.pk, day) in busy:
                resident = rng.choice(ctx.residents)
            busy.add((resident.pk, day))
            starts_at = _at(day, clock)
            elderly = (resident.age_on(day) or 0) >= 70
            value = rng.choice(ESTATE_VALUES) if matter.fee_by_value else None
            key = (matter.pk, elderly, value)
            if key not in quotes:
                quotes[key] = booking_quote(
                    matter=matter,
                    resident=_Age(75 if elderly else 40),
                    on=day,
                    request=FeeRequest(value=value),
                )
            quote = quotes[key]
            lead = rng.choice([1, 2, 3, 3, 5, 7, 7, 10, 14])
            declared = None
            declarable = [
                e
                for e in matter_exemptions[matter.pk]
                if e.kind not in (Exemption.Kind.AGE, Exemption.Kind.LEGAL_AID)
            ]
            if not quote.exemptions and declarable and quote.gross > 0 and rng.random() < 0.08:
                declared = rng.choice(declarable)
            claims = [(e, True) for e, _auto in quote.exemptions] + (
                [(declared, False)] if declared else []
            )
            rows.append(
                Appointment(
                    reference=ctx.reference(day - dt.timedelta(days=lead)),
                    resident=resident,
                    matter=matter,
                    office_id=notary.office_id,
                    notary=notary,
                    starts_at=starts_at,
                    ends_at=starts_at + dt.timedelta(minutes=matter.appointment_minutes),
                    status=status,
                    applicant_name=resident.real_name,
                    applicant_phone=resident.phone,
                    applicant_id_hash=resident.id_number_hash,
                    applicant_birth_date=resident.birth_date,
                    fee_quote=Decimal("0.00") if claims else quote.gross,
                    fee_gross=quote.gross,
                    fee_details=quote.details,
                    green_channel=Appointment.GreenChannel.ELDERLY
                    if (resident.age_on(day) or 0) >= 70
                    else "",
                    language="zh-hans" if rng.random() < 0.93 else "en",
                    cancelled_at=(
                        starts_at - dt.timedelta(days=rng.randint(0, lead), hours=5)
                        if status == Status.CANCELLED
                        else None
                    ),
                    reminder_sent_at=(
                        starts_at - dt.timedelta(hours=24) if status != Status.CANCELLED else None
                    ),
                )
            )
            plans.append({"lead": lead, "claims": claims})
    # Decided before the insert (the fees are columns of the visit), written after it.
    events, claims = _past_events_and_fees(ctx, rows, plans)
    Appointment.objects.bulk_create(rows, batch_size=1000)
    # auto_now_add/auto_now set "now" on insert: when each was booked, and last changed.
    by_lead: dict[int, list[int]] = defaultdict(list)
    for row, plan in zip(rows, plans, strict=True):
        by_lead[plan["lead"]].append(row.pk)
    for lead, ids in by_lead.items():
        for chunk in _chunks(ids, 900):
            Appointment.objects.filter(pk__in=chunk).update(
                created_at=F("starts_at") - dt.timedelta(days=lead), updated_at=F("ends_at")
            )
    AppointmentEvent.objects.bulk_create(events, batch_size=2000)
    ExemptionClaim.objects.bulk_create(claims, batch_size=1000)
    ctx.counts["appointment events"] += len(events)
    ctx.counts["exemption claims"] += len(claims)
    ctx.counts["past appointments"] += len(rows)
    past = Past(appointments=rows)
    past.completed = [a for a in rows if a.status == Status.COMPLETED]
    return past


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _random_outcome(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.07:
        return Status.NO_SHOW
    if roll < 0.16:
        return Status.CANCELLED
    return Status.COMPLETED


def _past_events_and_fees(
    ctx: Context, rows: list[Appointment], plans: list[dict[str, Any]]
) -> tuple[list[AppointmentEvent], list[ExemptionClaim]]:
    """Each past visit's event log, exemption decisions and recorded fee (set on the unsaved
    visit)."""
    rng = ctx.rng
    events: list[AppointmentEvent] = []
    claims: list[ExemptionClaim] = []
    for appointment, plan in zip(rows, plans, strict=True):
        staff = ctx.staff[appointment.office_id]
        booked_at = appointment.starts_at - dt.timedelta(days=plan["lead"], hours=rng.randint(1, 9))
        roll = rng.random()
        booker, channel = (
            (appointment.resident, Channel.WEB)
            if roll < 0.8
            else (ctx.operator, Channel.HOTLINE)
            if roll < 0.95
            else (staff, Channel.COUNTER)
        )
        events.append(
            AppointmentEvent(
                appointment=appointment,
                kind=Kind.BOOKED,
                actor=booker,
                at=booked_at,
                channel=channel,
                data={
                    "starts_at": appointment.starts_at.isoformat(),
                    "notary_id": appointment.notary_id,
                },
            )
        )
        start, end = appointment.starts_at, appointment.ends_at
        if appointment.status == Status.CANCELLED:
            by_office = rng.random() < 0.15
            events.append(
                _status_event(
                    appointment,
                    Kind.CANCELLED,
                    Status.BOOKED,
                    actor=staff if by_office else appointment.resident,
                    at=appointment.cancelled_at,
                    channel=Channel.COUNTER if by_office else Channel.WEB,
                    reason="公证员临时外出办理现场公证，请改约其他时间。"
                    if by_office
                    else rng.choice(CANCEL_REASONS),
                )
            )
        elif appointment.status == Status.NO_SHOW:
            events.append(
                _status_event(
                    appointment,
                    Kind.NO_SHOW,
                    Status.BOOKED,
                    actor=staff,
                    at=start + dt.timedelta(minutes=30),
                    channel=Channel.COUNTER,
                )
            )
        else:
            checked_in = start - dt.timedelta(minutes=rng.randint(3, 25))
            events.append(
                _status_event(
                    appointment,
                    Kind.CHECKED_IN,
                    Status.BOOKED,
                    actor=staff,
                    at=checked_in,
                    channel=Channel.COUNTER,
                    to=Status.CHECKED_IN,
                )
            )
        for exemption, automatic in plan["claims"]:
            claim = ExemptionClaim(
                appointment=appointment,
                exemption=exemption,
                automatic=automatic,
                name_zh=exemption.name_zh,
                name_en=exemption.name_en,
                evidence_zh=exemption.evidence_zh,
                evidence_en=exemption.evidence_en,
            )
            if appointment.status == Status.COMPLETED:
                confirm = automatic or rng.random() < 0.8
                claim.status = (
                    ExemptionClaim.Status.CONFIRMED if confirm else ExemptionClaim.Status.REJECTED
                )
                claim.decided_by = staff
                claim.decided_at = start + dt.timedelta(minutes=10)
                claim.reason = (
                    "已核对身份证，年满七十周岁。"
                    if automatic
                    else "已核验证明材料原件。"
                    if confirm
                    else "未能提供有效的证明材料，按标准收费。"
                )
                if not confirm:
                    appointment.fee_quote = appointment.fee_gross
                events.append(
                    AppointmentEvent(
                        appointment=appointment,
                        kind=Kind.EXEMPTION_DECIDED,
                        actor=staff,
                        at=claim.decided_at,
                        channel=Channel.COUNTER,
                        reason=claim.reason,
                        data={"exemption": exemption.code, "status": claim.status},
                    )
                )
            claims.append(claim)
        if appointment.status == Status.COMPLETED:
            extra = rng.random() < 0.05 and appointment.fee_quote > 0
            appointment.fee_final = appointment.fee_quote + (Decimal("20.00") if extra else 0)
            appointment.fee_final_note = "加办一份副本" if extra else ""
            appointment.fee_final_by = staff
            appointment.fee_final_at = end - dt.timedelta(minutes=5)
            events.append(
                AppointmentEvent(
                    appointment=appointment,
                    kind=Kind.FEE_RECORDED,
                    actor=staff,
                    at=appointment.fee_final_at,
                    channel=Channel.COUNTER,
                    reason=appointment.fee_final_note,
                    data={
                        "amount": str(appointment.fee_final),
                        "previous": None,
                        "quote": str(appointment.fee_quote),
                    },
                )
            )
            events.append(
                _status_event(
                    appointment,
                    Kind.COMPLETED,
                    Status.CHECKED_IN,
                    actor=staff,
                    at=end,
                    channel=Channel.COUNTER,
                )
            )
    return events, claims


def _status_event(
    appointment: Appointment,
    kind: str,
    from_status: str,
    *,
    actor,
    at: dt.datetime,
    channel: str,
    reason: str = "",
    to: str | None = None,
) -> AppointmentEvent:
    return AppointmentEvent(
        appointment=appointment,
        kind=kind,
        actor=actor,
        at=at,
        channel=channel,
        reason=reason,
        from_status=from_status,
        to_status=to or appointment.status,
    )


# --- cases ----------------------------------------------------------------------------------------


_STEPS = [CaseStatus.ACCEPTED, CaseStatus.VERIFIED, CaseStatus.APPROVED, CaseStatus.ISSUED]


def _seed_cases(ctx: Context, past: Past) -> None:
    """A case for every completed visit: finished on time (most), late (some), or still open for
    the recent ones; a few of the open ones are past their due date; a few are posted."""
    rng, today = ctx.rng, ctx.today
    cases: list[Case] = []
    step_plans: list[list[tuple[str, dt.datetime]]] = []
    posts: list[tuple[int, Appointment]] = []
    forced_overdue = 0  # the try-out office always has some overdue cases to show
    for appointment in past.completed:
        at_tryout = ctx.offices[appointment.office_id].slug == TRYOUT_OFFICE
        day = timezone.localdate(appointment.starts_at)
        due = ctx.working_after(day, appointment.matter.processing_days)
        staff = ctx.staff[appointment.office_id]
        accepted = appointment.ends_at + dt.timedelta(minutes=5)
        # The working days until it was (or will be) finished.
        late = rng.random() < 0.08
        total = appointment.matter.processing_days + (
            rng.randint(1, 4)
            if late
            else -rng.randint(0, max(0, appointment.matter.processing_days - 1))
        )
        # A few recent ones are stuck past their due date (waiting for a document, say).
        recent_due = today - dt.timedelta(days=30) < due < today
        stuck = recent_due and (rng.random() < 0.3 or (at_tryout and forced_overdue < 2))
        if stuck and at_tryout:
            forced_overdue += 1
        steps = [(CaseStatus.ACCEPTED, accepted)]
        stage_days = [
            ctx.working_after(day, max(1, round(total * share))) for share in (0.3, 0.7, 1.0)
        ]
        for step, step_day in zip(_STEPS[1:], stage_days, strict=True):
            if step_day >= today or (stuck and step == CaseStatus.APPROVED):
                break
            steps.append(
                (step, _at(step_day, f"{rng.randint(9, 16):02d}:{rng.choice(['05', '20', '40'])}"))
            )
        posted = steps[-1][0] == CaseStatus.ISSUED and rng.random() < 0.04
        if posted:
            steps[-1] = (CaseStatus.POSTED, steps[-1][1])
            posts.append((len(cases), appointment))
        cases.append(
            Case(
                appointment=appointment,
                accepted_on=day,
                accepted_at=accepted,
                accepted_by=staff,
                due_date=due,
                status=steps[-1][0],
            )
        )
        step_plans.append(steps)
    bulk_create_with_history(cases, Case, batch_size=1000, default_date=ctx.now)
    saved = dict(Case.objects.values_list("appointment_id", "pk"))
    steps = [
        CaseStep(
            case_id=saved[case.appointment_id],
            step=step,
            by=case.accepted_by,
            at=at,
            note="已邮寄，请留意查收。" if step == CaseStatus.POSTED else "",
        )
        for case, plan in zip(cases, step_plans, strict=True)
        for step, at in plan
    ]
    CaseStep.objects.bulk_create(steps, batch_size=2000)
    deliveries = []
    for index, appointment in posts:
        posted_at = step_plans[index][-1][1]
        deliveries.append(
            PostalDelivery(
                appointment=appointment,
                recipient_name=appointment.applicant_name,
                phone=appointment.applicant_phone,
                address=f"北京市东城区{rng.choice(STREETS)}{rng.randint(1, 80)}号",
                postcode=f"1000{rng.randint(10, 99)}",
                requested_at=appointment.ends_at,
                requested_by=appointment.resident,
                posted_at=posted_at,
                tracking_number=f"SF{rng.randint(10**11, 10**12 - 1)}",
                posted_by=ctx.staff[appointment.office_id],
            )
        )
    bulk_create_with_history(deliveries, PostalDelivery, default_date=ctx.now)
    ctx.counts["cases"] += len(cases)
    ctx.counts["case steps"] += len(steps)
    ctx.counts["postal deliveries"] += len(deliveries)


def _seed_ratings(ctx: Context, past: Past) -> None:
    rng = ctx.rng
    ratings = [
        Rating(
            appointment=a,
            resident=a.resident,
            stars=rng.choices([5, 4, 3, 2, 1], [55, 28, 10, 4, 3])[0],
            comment=rng.choice(RATING_COMMENTS),
            created_at=a.ends_at + dt.timedelta(hours=rng.randint(2, 60)),
        )
        for a in past.completed
        if rng.random() < 0.35 and a.ends_at + dt.timedelta(hours=60) < ctx.now
    ]
    Rating.objects.bulk_create(ratings, batch_size=1000)
    ctx.counts["ratings"] += len(ratings)


# --- opinions and events --------------------------------------------------------------------------


def _seed_opinions(ctx: Context, past: Past) -> None:
    rng = ctx.rng
    opinions: list[Opinion] = []
    answers: list[tuple[int, str, Any, dt.datetime]] = []
    offices = list(ctx.offices.values())
    tryout = next(o for o in offices if o.slug == TRYOUT_OFFICE)
    for i in range(48):
        kind, text = OPINIONS[i % len(OPINIONS)]
        # The try-out office gets its share and more; a few are about no office (the bureau's).
        office = tryout if i % 4 == 0 else None if i % 11 == 5 else rng.choice(offices)
        days_ago = rng.randint(0, 330) if i >= 4 else i + 1
        created = ctx.now - dt.timedelta(days=days_ago, hours=rng.randint(0, 10))
        resident = rng.choice(ctx.residents) if rng.random() < 0.7 else None
        opinions.append(
            Opinion(
                kind=kind,
                text=text,
                office=office,
                contact="" if resident else f"138{rng.randint(10**7, 10**8 - 1)}",
                sender=resident,
                language="zh-hans",
                created_at=created,
            )
        )
        # The older ones are answered; the newest wait for an answer.
        if days_ago > 6 and rng.random() < 0.85:
            answered = created + dt.timedelta(days=rng.randint(1, 5))
            by = ctx.staff[office.pk] if office is not None else ctx.bureau
            answers.append((i, ANSWERS[kind], by, answered))
    saved = Opinion.objects.bulk_create(opinions)
    rows = []
    for index, text, by, at in answers:
        opinion = saved[index]
        opinion.answered_at = at
        rows.append(OpinionAnswer(opinion=opinion, text=text, by=by, created_at=at, emailed_at=at))
    OpinionAnswer.objects.bulk_create(rows)
    Opinion.objects.bulk_update([saved[i] for i, *_ in answers], ["answered_at"])
    ctx.counts["opinions"] += len(opinions)
    ctx.counts["opinion answers"] += len(rows)


def _seed_events(ctx: Context) -> None:
    rng, today = ctx.rng, ctx.today
    events: list[Event] = []
    for office in ctx.offices.values():
        for year in (today.year - 1, today.year):
            count = rng.randint(2, 3)
            if year == today.year and office.slug in EVENT_SHORTFALL_OFFICES:
                count = EVENT_SHORTFALL_OFFICES[office.slug]
            first = dt.date(year, 1, 10)
            last = dt.date(year, 12, 20)
            if year == today.year:
                # This year's: most held already, some still to come in the next weeks.
                last = min(last, today + dt.timedelta(days=40))
            span = max(1, (last - first).days)
            for n in range(count):
                day = first + dt.timedelta(days=rng.randint(0, span))
                if day.weekday() >= 5:
                    day += dt.timedelta(days=7 - day.weekday())
                title_zh, title_en, place = EVENT_TOPICS[(n + office.pk) % len(EVENT_TOPICS)]
                starts = _at(day, rng.choice(["09:30", "14:00", "14:30"]))
                events.append(
                    Event(
                        office=office,
                        title_zh=title_zh,
                        title_en=title_en,
                        description=(
                            f"{office.name_zh}的公证员现场讲解并解答疑问，免费参加，请提前报名。"
                        ),
                        place=f"{office.district.name_zh}{place}",
                        starts_at=starts,
                        ends_at=starts + dt.timedelta(hours=2),
                        capacity=rng.choice([30, 40, 50, 80]),
                        created_by=ctx.staff[office.pk],
                    )
                )
    # Some still to come whatever the day (late December too): one in the next weeks at each of
    # the first offices that kept the promise (a shortfall office's count stays as it is).
    kept = [o for o in ctx.offices.values() if o.slug not in EVENT_SHORTFALL_OFFICES]
    for n, office in enumerate(sorted(kept, key=lambda o: o.pk)[:UPCOMING_EVENT_OFFICES]):
        title_zh, title_en, place = EVENT_TOPICS[(n + office.pk) % len(EVENT_TOPICS)]
        starts = _at(ctx.working_after(today, 5 + 3 * n), "14:00")
        events.append(
            Event(
                office=office,
                title_zh=title_zh,
                title_en=title_en,
                description=f"{office.name_zh}的公证员现场讲解并解答疑问，免费参加，请提前报名。",
                place=f"{office.district.name_zh}{place}",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
                capacity=40,
                created_by=ctx.staff[office.pk],
            )
        )
    saved = bulk_create_with_history(events, Event, default_date=ctx.now)
    signups = []
    for event in saved:
        taken = rng.sample(
            ctx.residents, min(len(ctx.residents), rng.randint(3, event.capacity // 2))
        )
        if event.ends_at > ctx.now:
            taken = taken[: rng.randint(2, 8)]
        signups.extend(
            EventSignup(
                event=event,
                resident=r,
                created_at=min(event.starts_at, ctx.now) - dt.timedelta(days=rng.randint(1, 14)),
            )
            for r in taken
        )
    EventSignup.objects.bulk_create(signups, batch_size=2000)
    ctx.counts["public-welfare events"] += len(events)
    ctx.counts["event sign-ups"] += len(signups)


# --- the try-out clerk's office: today and the coming days --------------------------------------


def _png(seed: int) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), (245, 245, 240))
    draw = ImageDraw.Draw(image)
    for row in range(6):
        y = 30 + row * 25
        draw.line((30, y, 290 - (seed * 13 + row * 37) % 120, y), fill=(90, 90, 90), width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _book(
    ctx: Context,
    *,
    resident,
    matter: Matter,
    office: Office,
    starts_at: dt.datetime,
    now: dt.datetime,
    actor=None,
    fee: FeeRequest | None = None,
) -> Appointment | None:
    """One booking through the booking service's own plan and write (the same checks and locks
    as `appointment_book`, inside the loader's transaction); None when the time was not free."""
    actor = actor or resident
    try:
        with transaction.atomic():
            plan = booking._booking_plan(
                resident=resident,
                matter=matter,
                office=office,
                starts_at=starts_at,
                now=now,
                fee=fee,
                green_channel="",
                channel=booking.events.channel_for(actor),
                actor=actor,
            )
            return booking._booking_write(plan, actor=actor, language="zh-hans")
    except (booking_errors.BookingError, IntegrityError):
        return None


def _seed_tryout_office(ctx: Context) -> None:
    from appointments.availability import compute_availability

    rng, today = ctx.rng, ctx.today
    office = Office.objects.get(slug=TRYOUT_OFFICE)
    clerk = ctx.staff[office.pk]
    matters = list(office.matters.filter(is_published=True).order_by("code"))
    run_once = [m for m in matters if m.run_at_most_once]
    days = [d for d in ctx.working if d >= today][: UPCOMING_WORKING_DAYS + 1]
    active: dict[int, int] = defaultdict(int)
    booked: list[Appointment] = []
    for day in days:
        booking_now = _at(day, "08:00") - dt.timedelta(days=2)
        for i in range(PER_DAY_AT_TRYOUT_OFFICE):
            matter = rng.choice(run_once if i % 3 else matters)
            slots = compute_availability(
                matter=matter, start_date=day, days=1, office_slugs=[office.slug], now=booking_now
            ).slots(office_id=office.pk, date=day)
            if not slots:
                continue
            slot = slots[(i * 7 + rng.randint(0, 3)) % len(slots)]
            candidates = [r for r in ctx.residents if active[r.pk] < 2]
            resident = rng.choice(candidates)
            appointment = _book(
                ctx,
                resident=resident,
                matter=matter,
                office=office,
                starts_at=slot.starts_at,
                now=booking_now,
            )
            if appointment is not None:
                active[resident.pk] += 1
                booked.append(appointment)
    ctx.counts["appointments at the try-out office"] += len(booked)

    # Today's visits so far: checked in when they came, completed when done, one did not come.
    no_show_done = False
    for appointment in booked:
        if timezone.localdate(appointment.starts_at) != today:
            continue
        if appointment.starts_at > ctx.now - dt.timedelta(minutes=15):
            continue
        if not no_show_done and appointment.starts_at + dt.timedelta(minutes=30) < ctx.now:
            booking.appointment_mark_no_show(
                appointment=appointment,
                by=clerk,
                now=appointment.starts_at + dt.timedelta(minutes=30),
            )
            no_show_done = True
            continue
        booking.appointment_check_in(
            appointment=appointment, by=clerk, now=appointment.starts_at - dt.timedelta(minutes=8)
        )
        if appointment.ends_at < ctx.now:
            booking.appointment_complete(appointment=appointment, by=clerk, now=appointment.ends_at)
            with contextlib.suppress(casework_errors.CaseworkError):
                case_accept(
                    appointment=appointment,
                    by=clerk,
                    now=appointment.ends_at + dt.timedelta(minutes=3),
                )

    # Uploads waiting for the pre-review: scans sent ahead for the coming visits.
    uploads = 0
    for appointment in booked:
        appointment.refresh_from_db()
        if appointment.status != Status.BOOKED or not appointment.matter.run_at_most_once:
            continue
        if uploads >= 8:
            break
        for material in appointment.matter.materials.order_by("position")[:2]:
            try:
                material_submission_create(
                    appointment=appointment,
                    material=material,
                    by=appointment.resident,
                    file=SimpleUploadedFile(
                        f"scan-{material.position}.png",
                        _png(appointment.pk + material.position),
                        content_type="image/png",
                    ),
                    now=min(ctx.now, appointment.created_at + dt.timedelta(hours=3)),
                )
            except casework_errors.CaseworkError:
                continue
        uploads += 1
    ctx.counts["uploads awaiting pre-review"] += MaterialSubmission.objects.filter(
        appointment__office=office
    ).count()

    # Home-visit requests from people who cannot come.
    elderly = [r for r in ctx.residents if (r.age_on(today) or 0) >= 75][:3]
    wills = [m for m in matters if "遗嘱" in m.name_zh] or matters
    reasons = ["行动不便，长期卧床", "年事已高，无法久坐", "刚做完手术，医生建议静养"]
    for n, resident in enumerate(elderly):
        request = booking.home_visit_request_create(
            resident=resident,
            matter=wills[n % len(wills)],
            office=office,
            address=f"北京市东城区{STREETS[n]}{10 + n}号{n + 1}单元{101 + n}室",
            reason=reasons[n],
            phone=resident.phone,
            preferred_times="工作日上午" if n % 2 == 0 else "周三或周四下午",
        )
        if n == 2:
            booking.home_visit_decline(
                request=request, by=clerk, reason="该事项可由家属代为预约到公证处办理，已电话沟通。"
            )
    ctx.counts["home-visit requests"] += HomeVisitRequest.objects.filter(office=office).count()


def _seed_tryout_resident(ctx: Context, past: Past) -> None:
    """The try-out resident's own story: two completed visits (one rated, one waiting to be
    rated), a will booked for the coming days (free from 70),
    an opinion answered and one waiting, a place at an upcoming event."""
    from appointments.availability import compute_availability
    from supervision.services import opinion_create, rating_create

    now = ctx.now
    resident = ctx.tryout_resident
    office = Office.objects.get(slug=TRYOUT_OFFICE)
    clerk = ctx.staff[office.pk]
    mine = [
        a for a in past.appointments if a.office_id == office.pk and a.status == Status.COMPLETED
    ][-3:]
    for appointment in mine[:2]:
        Appointment.objects.filter(pk=appointment.pk).update(
            resident=resident, applicant_name=resident.real_name, applicant_phone=resident.phone
        )
        AppointmentEvent.objects.filter(
            appointment=appointment, kind=Kind.BOOKED, channel=Channel.WEB
        ).update(actor=resident)
        Rating.objects.filter(appointment=appointment).delete()
    if mine:
        rating_create(
            appointment=Appointment.objects.get(pk=mine[0].pk),
            resident=resident,
            stars=5,
            comment="预约方便，一次办好，谢谢工作人员！",
            now=mine[0].ends_at + dt.timedelta(hours=5),
        )
    # A will in the coming days: free, since the resident is over 70 on the day.
    will = Matter.objects.filter(code="will").first()
    for day in [d for d in ctx.working if d > ctx.today][1:6] if will is not None else []:
        slots = compute_availability(
            matter=will, start_date=day, days=1, office_slugs=[office.slug], now=now
        ).slots(office_id=office.pk, date=day)
        middle = slots[len(slots) // 2].starts_at if slots else None
        if middle and _book(
            ctx, resident=resident, matter=will, office=office, starts_at=middle, now=now
        ):
            break
    opinion = opinion_create(
        kind="opinion",
        text="希望公证处门口增加无障碍坡道，方便轮椅进出。",
        office=office,
        sender=resident,
        language="zh-hans",
        now=now - dt.timedelta(days=20),
    )
    OpinionAnswer.objects.create(
        opinion=opinion,
        text="感谢您的建议，无障碍坡道已列入本季度改造计划。",
        by=clerk,
        created_at=now - dt.timedelta(days=18),
        emailed_at=now - dt.timedelta(days=18),
    )
    Opinion.objects.filter(pk=opinion.pk).update(answered_at=now - dt.timedelta(days=18))
    opinion_create(
        kind="opinion",
        text="建议在预约成功的短信里写上公证处的乘车路线。",
        office=office,
        sender=resident,
        language="zh-hans",
        now=now - dt.timedelta(days=1),
    )
    upcoming = Event.objects.filter(starts_at__gt=now).order_by("starts_at").first()
    if upcoming is not None:
        EventSignup.objects.get_or_create(event=upcoming, resident=resident)
