"""Casework reads, always scoped to who is asking. Anything outside a user's scope is a 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.permissions import (
    appointments_for_staff,
    get_appointment_for_user,
    is_staff_member,
    offices_for_staff,
)
from appointments.calendar import add_working_days
from appointments.models import Appointment
from appointments.references import normalise_reference
from notaries.models import MaterialItem

from .models import (
    Case,
    CaseStep,
    MaterialSubmission,
    PostalDelivery,
    PreReview,
    PreReviewItem,
)
from .services import uploads_open

# "Due soon" on the staff home: what falls due within this many working days.
DUE_SOON_WORKING_DAYS = 5
# A bureau admin sees the whole city: each list on the staff home shows at most this many rows
# (the most urgent first) so the page stays small whatever the backlog.
LIST_LIMIT = 100


# --- residents ----------------------------------------------------------------------------------


def get_materials_appointment_for_user(*, user, reference: str) -> Appointment:
    """The resident's own appointment of a run-at-most-once matter; anything else is a 404."""
    appointment = get_appointment_for_user(user=user, reference=reference)
    if not appointment.matter.run_at_most_once:
        raise Http404("Not a run-at-most-once matter")
    return appointment


def get_submission_for_user(*, user, reference: str, submission_id: int) -> MaterialSubmission:
    """A submitted file, for the resident who owns the appointment or staff of its office."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    scope = Q(appointment__resident=user)
    if is_staff_member(user):
        scope |= Q(appointment__office__in=offices_for_staff(user))
    submission = (
        MaterialSubmission.objects.filter(scope)
        .filter(pk=submission_id, appointment__reference=normalise_reference(reference))
        .exclude(file="")
        .first()
    )
    if submission is None:
        raise Http404("No such file")
    return submission


def submissions_for_appointment(*, appointment: Appointment) -> list[MaterialSubmission]:
    return list(
        MaterialSubmission.objects.filter(appointment=appointment)
        .select_related("material", "uploaded_by")
        .order_by("material__position", "-uploaded_at", "-id")
    )


def prereviews_for_appointment(*, appointment: Appointment) -> list[PreReview]:
    """Every decision, latest first, with its problems."""
    return list(
        PreReview.objects.filter(appointment=appointment)
        .select_related("reviewer")
        .prefetch_related(
            Prefetch("items", queryset=PreReviewItem.objects.select_related("material"))
        )
        .prefetch_related("outside_requests")
        .order_by("-created_at", "-id")
    )


def case_for_appointment(*, appointment: Appointment) -> Case | None:
    return (
        Case.objects.filter(appointment=appointment)
        .select_related("accepted_by")
        .prefetch_related(
            Prefetch("steps", queryset=CaseStep.objects.select_related("by").order_by("at", "id"))
        )
        .first()
    )


def postal_delivery_for_appointment(*, appointment: Appointment) -> PostalDelivery | None:
    return PostalDelivery.objects.filter(appointment=appointment).first()


@dataclass
class MaterialRow:
    """One checklist item with its current answer, earlier answers and open problem."""

    material: object
    current: MaterialSubmission | None = None
    earlier: list[MaterialSubmission] = field(default_factory=list)
    problem: PreReviewItem | None = None


@dataclass
class Casework:
    """Everything the appointment pages show about casework, read with a fixed number of queries."""

    appointment: Appointment
    submissions: list[MaterialSubmission]
    prereviews: list[PreReview]
    case: Case | None
    postal_delivery: PostalDelivery | None

    @property
    def latest_prereview(self) -> PreReview | None:
        return self.prereviews[0] if self.prereviews else None

    @property
    def notice(self) -> PreReview | None:
        """The one-time notice, if it has been given."""
        return next((review for review in self.prereviews if review.is_notice), None)

    @property
    def passed(self) -> bool:
        return any(review.passed for review in self.prereviews)

    @property
    def awaiting_review(self) -> bool:
        return any(s.is_current and s.reviewed_in_id is None for s in self.submissions)

    @property
    def open_notice(self) -> PreReview | None:
        """The needs-changes notice the resident still has to answer, if any."""
        latest = self.latest_prereview
        if latest is None or latest.passed:
            return None
        return latest

    @property
    def uploads_open(self) -> bool:
        return uploads_open(appointment=self.appointment, passed=self.passed)

    @property
    def other_submissions(self) -> list[MaterialSubmission]:
        return [s for s in self.submissions if s.material_id is None]

    def material_rows(self) -> list[MaterialRow]:
        """One row per item of the list as booked (never the catalogue's list of today)."""
        notice = self.open_notice
        problems = (
            {item.material_id: item for item in notice.items.all() if item.is_problem}
            if notice
            else {}
        )
        rows = {
            material.pk: MaterialRow(material=material, problem=problems.get(material.pk))
            for material in self.appointment.booked_materials
        }
        for submission in self.submissions:
            row = rows.get(submission.material_id) if submission.material_id else None
            if row is None:
                continue
            if submission.is_current:
                row.current = submission
            else:
                row.earlier.append(submission)
        return list(rows.values())


def casework_for_appointment(*, appointment: Appointment) -> Casework:
    prereviews = prereviews_for_appointment(appointment=appointment)
    booked = {item.pk: item.name for item in appointment.booked_materials}
    for review in prereviews:
        for item in review.items.all():
            # Named as on the resident's list, not as the catalogue may call it today.
            live = item.material.name if item.material is not None else ""
            item.booked_name = booked.get(item.material_id) or live  # type: ignore[attr-defined]
    return Casework(
        appointment=appointment,
        submissions=submissions_for_appointment(appointment=appointment),
        prereviews=prereviews,
        case=case_for_appointment(appointment=appointment),
        postal_delivery=postal_delivery_for_appointment(appointment=appointment),
    )


def checklist_materials(*, appointment: Appointment) -> list[MaterialItem]:
    """The catalogue rows of the items on the appointment's list as booked (in its order): what
    uploads and pre-review problems refer to. An item added to the catalogue later is not
    among them."""
    order = [item.pk for item in appointment.booked_materials]
    live = MaterialItem.objects.in_bulk(order)
    return [live[pk] for pk in order if pk in live]


# --- staff --------------------------------------------------------------------------------------


def find_appointment_for_staff(*, user, query: str) -> Appointment | None:
    """The appointment a clerk typed the reference of, if it is in their scope."""
    reference = normalise_reference(query)
    if not reference:
        return None
    return appointments_for_staff(user=user).filter(reference=reference).first()


def prereview_queue(*, user) -> QuerySet[Appointment]:
    """Booked run-at-most-once appointments in scope with submissions no decision has seen yet,
    soonest visit first."""
    waiting = MaterialSubmission.objects.awaiting_review().filter(appointment=OuterRef("pk"))
    passed = PreReview.objects.filter(appointment=OuterRef("pk"), outcome=PreReview.Outcome.PASSED)
    return (
        appointments_for_staff(user=user)
        .filter(status=Appointment.Status.BOOKED, matter__run_at_most_once=True)
        .filter(Exists(waiting))
        .exclude(Exists(passed))
        .order_by("starts_at", "id")
    )


def open_cases_for_staff(*, user) -> QuerySet[Case]:
    return (
        Case.objects.open()
        .filter(appointment__office__in=offices_for_staff(user))
        .select_related("appointment", "appointment__matter", "appointment__office")
        .order_by("due_date", "id")
    )


@dataclass
class Capped:
    """The first rows of a list, and whether more were left off."""

    rows: list
    more: bool

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)


def capped(queryset: QuerySet, *, limit: int = LIST_LIMIT) -> Capped:
    rows = list(queryset[: limit + 1])
    return Capped(rows=rows[:limit], more=len(rows) > limit)


@dataclass
class DeadlineLists:
    today: dt.date
    soon_until: dt.date
    due_today: Capped
    overdue: Capped
    due_soon: Capped


def deadline_lists(*, user, today: dt.date | None = None) -> DeadlineLists:
    """Open cases in scope: overdue, due today, and due within the next working days."""
    today = today or timezone.localdate()
    soon_until = add_working_days(start=today, days=DUE_SOON_WORKING_DAYS)
    cases = open_cases_for_staff(user=user)
    return DeadlineLists(
        today=today,
        soon_until=soon_until,
        due_today=capped(cases.filter(due_date=today)),
        overdue=capped(cases.filter(due_date__lt=today)),
        due_soon=capped(cases.filter(due_date__gt=today, due_date__lte=soon_until)),
    )


def notices_to_call() -> QuerySet[PreReview]:
    """Decisions no e-mail or SMS could deliver, not yet called, soonest visit first (for the
    12348 desk, which serves the whole city)."""
    return (
        PreReview.objects.filter(needs_call=True, called_at__isnull=True)
        .select_related("appointment", "appointment__resident", "appointment__office")
        .order_by("appointment__starts_at", "id")
    )
