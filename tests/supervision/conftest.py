import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts.models import User
from appointments.models import Appointment
from appointments.references import ALPHABET
from tests.appointments.conftest import make_bookable, make_resident
from tests.factories import MatterFactory, NotaryFactory, OfficeFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")

_codes = itertools.product(ALPHABET, repeat=4)


def beijing(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def past_appointment(
    *,
    notary,
    resident,
    starts_at: dt.datetime,
    status: str = Appointment.Status.COMPLETED,
    matter=None,
) -> Appointment:
    """An appointment in the past, in its final state.

    Written directly: the booking service refuses times in the past, and no service marks a visit
    completed yet. Only the rows the supervision code reads are filled in."""
    code = "".join(next(_codes))
    return Appointment.objects.create(
        reference=f"{starts_at:%Y%m%d}-{code}",
        resident=resident,
        matter=matter or notary.matters.first(),
        office=notary.office,
        notary=notary,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=30),
        status=status,
        cancelled_at=starts_at if status == Appointment.Status.CANCELLED else None,
        applicant_name=resident.real_name or "测试居民",
        applicant_phone=resident.phone or "13800138000",
        fee_quote=Decimal("200.00"),
        fee_gross=Decimal("200.00"),
        language="en",
    )


@dataclass
class People:
    """Two offices (A can be booked for real) and one user of every role."""

    bookable: object
    office_b: object
    notary_b: object
    matter_plain: object
    resident: User
    other_resident: User
    clerk_a: User
    clerk_b: User
    operator: User
    admin: User

    @property
    def office_a(self):
        return self.bookable.office

    @property
    def notary_a(self):
        return self.bookable.notary

    @property
    def matter(self):
        return self.bookable.matter

    def by_role(self, role: str):
        return {
            "anonymous": None,
            "resident": self.resident,
            "clerk_a": self.clerk_a,
            "clerk_b": self.clerk_b,
            "operator": self.operator,
            "admin": self.admin,
        }[role]


@pytest.fixture
def people(db) -> People:
    bookable = make_bookable(notaries=1)
    # Not run at most once, so the statistics have something to compare the share with.
    matter_plain = MatterFactory(code="contract", run_at_most_once=False, materials=0)
    bookable.office.matters.add(matter_plain)
    bookable.notary.matters.add(matter_plain)
    office_b = OfficeFactory(slug="east", matters=[bookable.matter, matter_plain])
    notary_b = NotaryFactory(office=office_b, matters=[bookable.matter, matter_plain])
    return People(
        bookable=bookable,
        office_b=office_b,
        notary_b=notary_b,
        matter_plain=matter_plain,
        resident=make_resident(email="resident@example.com"),
        other_resident=make_resident(email="other@example.com"),
        clerk_a=UserFactory(role=User.Role.OFFICE_STAFF, office=bookable.office),
        clerk_b=UserFactory(role=User.Role.OFFICE_STAFF, office=office_b),
        operator=UserFactory(role=User.Role.HOTLINE_OPERATOR),
        admin=UserFactory(role=User.Role.BUREAU_ADMIN),
    )


def last_year() -> int:
    return timezone.localdate(timezone=SHANGHAI).year - 1


# --- consultation requests and legal-aid applications ---------------------------------------------

_consult_codes = itertools.product(ALPHABET, repeat=4)


def make_topic(code: str, name_en: str | None = None):
    from consult.models import Topic

    return Topic.objects.create(code=code, name_zh=f"主题{code}", name_en=name_en or code)


def past_consultation(
    *,
    topic,
    received_at: dt.datetime,
    answered_at: dt.datetime | None = None,
    resident=None,
    answered_by=None,
    channel: str = "web",
    owner_office=None,
):
    """A consultation request received in the past with the deadline the desk gives it, answered
    at `answered_at` or still open.

    Written directly: the desk's services record "now"; only what supervision reads is filled."""
    from consult.models import Consultation
    from consult.services import consultation_deadline

    code = "".join(next(_consult_codes))
    answered = answered_at is not None
    return Consultation.objects.create(
        reference=f"{received_at:%Y%m%d}-{code}",
        phone="13700001111",
        resident=resident,
        topic=topic,
        question="我的工资被拖欠了怎么办？",
        answer_channel="callback",
        consent=True,
        channel=channel,
        received_at=received_at,
        deadline=consultation_deadline(received_at=received_at),
        owner_office=owner_office,
        owner_user=None if owner_office is not None else answered_by,
        status="answered" if answered else "taken" if answered_by or owner_office else "new",
        answer="可以申请劳动仲裁。" if answered else "",
        answered_at=answered_at,
        answered_by=answered_by if answered else None,
    )


def make_case_kind(slug: str = "unpaid-wages"):
    from legalaid.models import CaseKind

    return CaseKind.objects.create(
        slug=slug,
        name_zh=f"追索劳动报酬{slug}",
        name_en=f"Unpaid wages {slug}",
        summary_zh="拖欠工资。",
        eligibility_zh="农民工。",
    )


def legal_aid_application(
    *, applicant, centre, case_kind, at: dt.datetime, outcome: str = "", by=None
):
    """An application submitted at `at` through the services, then accepted and granted or
    refused an hour later when `outcome` says so ("accepted", "granted" or "refused")."""
    from legalaid import services as legal_aid

    application = legal_aid.application_submit(
        applicant=applicant,
        centre=centre,
        case_kind=case_kind,
        applicant_name="王申请",
        applicant_phone="13900001111",
        case_description="拖欠工资三个月。",
        ground="migrant_worker",
        consent=True,
        uploads=[],
        now=at,
    )
    if outcome:
        application = legal_aid.application_accept(
            application=application, by=by, now=at + dt.timedelta(minutes=30)
        )
    if outcome in ("granted", "refused"):
        application = legal_aid.application_decide(
            application=application,
            by=by,
            grant=outcome == "granted",
            reason="" if outcome == "granted" else "收入超过标准。",
            now=at + dt.timedelta(hours=1),
        )
    return application
