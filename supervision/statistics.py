"""The bureau's statistics: one office or the whole city, for a year or one month of it.

Every figure is aggregated by the database (COUNT, AVG, grouped by month), so the page costs the
same handful of queries for one office with ten appointments as for the city with a million. The
one exception is the median answer time of consultation requests, which counts working hours on
the statutory calendar: it reads the two timestamps of each answered request (one query) and the
calendar of the period (one query), and computes in Python.
"""

from __future__ import annotations

import datetime as dt
import statistics as pystatistics
from dataclasses import dataclass, field, fields

from django.conf import settings
from django.db.models import Avg, Count, F, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import offices_for_staff
from appointments.calendar import StatutoryCalendar
from appointments.models import Appointment, ExemptionClaim
from casework.models import FINISHED_STATUSES, OPEN_STATUSES, Case, CaseStep
from consult.models import Consultation
from events.models import EVENTS_PER_YEAR
from legalaid.models import OPEN_STATUSES as LEGAL_AID_OPEN_STATUSES
from legalaid.models import Application as LegalAidApplication
from notaries.models import Office
from portal.i18n import is_english

from .models import Rating, ReturnVisit
from .selectors import SHANGHAI


@dataclass
class MonthFigures:
    """The counts of one month (or, summed, of the whole period)."""

    month: dt.date | None = None
    appointments: int = 0
    completed: int = 0
    no_shows: int = 0
    cancellations: int = 0
    run_at_most_once: int = 0
    cases_on_time: int = 0
    cases_late: int = 0
    cases_open_overdue: int = 0
    consultations: int = 0
    consultations_overdue: int = 0

    @property
    def cases_overdue(self) -> int:
        return self.cases_late + self.cases_open_overdue


COUNTS = [f.name for f in fields(MonthFigures) if f.name != "month"]


@dataclass
class ExemptionFigure:
    code: str
    name_zh: str
    name_en: str
    count: int

    @property
    def name(self) -> str:
        return (self.name_en or self.name_zh) if is_english() else self.name_zh


@dataclass
class CountFigure:
    """One line of a breakdown: a topic or a channel with its count and how many were late."""

    key: str
    name: str
    count: int = 0
    overdue: int = 0


@dataclass
class ConsultationFigures:
    """Consultation requests received in the period (by the day they were received)."""

    received: int = 0
    answered: int = 0
    # Answered after the deadline, or still open with the deadline passed.
    overdue: int = 0
    median_answer_minutes: float | None = None
    by_topic: list[CountFigure] = field(default_factory=list)
    by_channel: list[CountFigure] = field(default_factory=list)

    @property
    def overdue_share(self) -> float | None:
        return _percent(self.overdue, self.received)

    @property
    def median_answer_hours(self) -> float | None:
        if self.median_answer_minutes is None:
            return None
        return round(self.median_answer_minutes / 60, 1)


@dataclass
class LegalAidCentreFigures:
    """Applications made in the period to one centre, and what became of them."""

    slug: str = ""
    name: str = ""
    applications: int = 0
    granted: int = 0
    refused: int = 0
    pending: int = 0


@dataclass
class LegalAidFigures:
    centres: list[LegalAidCentreFigures]
    totals: LegalAidCentreFigures

    @property
    def grant_share(self) -> float | None:
        return _percent(self.totals.granted, self.totals.granted + self.totals.refused)


@dataclass
class EventShortfall:
    office: Office
    count: int


@dataclass
class Statistics:
    office: Office | None
    year: int
    month: int | None
    months: list[MonthFigures]
    totals: MonthFigures
    exemptions: list[ExemptionFigure]
    rating_average: float | None
    rating_count: int
    visit_average: float | None
    visit_count: int
    visit_fee_as_quoted: int
    visit_one_visit: int
    event_shortfalls: list[EventShortfall] = field(default_factory=list)
    consultations: ConsultationFigures = field(default_factory=ConsultationFigures)
    # None for one office: legal aid is decided by the centres, not by notary offices.
    legal_aid: LegalAidFigures | None = None

    @property
    def run_at_most_once_share(self) -> float | None:
        return _percent(self.totals.run_at_most_once, self.totals.appointments)

    @property
    def fee_as_quoted_share(self) -> float | None:
        return _percent(self.visit_fee_as_quoted, self.visit_count)

    @property
    def one_visit_share(self) -> float | None:
        return _percent(self.visit_one_visit, self.visit_count)

    @property
    def exemptions_total(self) -> int:
        return sum(e.count for e in self.exemptions)


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _month_starts(year: int, month: int | None) -> list[dt.date]:
    if month is not None:
        return [dt.date(year, month, 1)]
    return [dt.date(year, m, 1) for m in range(1, 13)]


def period_bounds(year: int, month: int | None) -> tuple[dt.date, dt.date]:
    """[first day, day after the last) of the year or of one month of it."""
    if month is None:
        return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    if month == 12:
        return dt.date(year, 12, 1), dt.date(year + 1, 1, 1)
    return dt.date(year, month, 1), dt.date(year, month + 1, 1)


def _as_month(value) -> dt.date:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value, SHANGHAI)
        return value.date()
    return value


def statistics_compute(
    *, office: Office | None, year: int, month: int | None = None, today: dt.date | None = None
) -> Statistics:
    """The figures of `office` (None: the city) for `year`, or one `month` of it.

    Appointments count by the local day they were for; cases by their due date; exemptions,
    ratings and return visits by their appointment's day.
    """
    today = today or timezone.localdate(timezone=SHANGHAI)
    first, after = period_bounds(year, month)
    start = dt.datetime.combine(first, dt.time(), tzinfo=SHANGHAI)
    end = dt.datetime.combine(after, dt.time(), tzinfo=SHANGHAI)
    in_period = Q(appointment__starts_at__gte=start, appointment__starts_at__lt=end)
    if office is not None:
        in_period &= Q(appointment__office=office)

    months = {m: MonthFigures(month=m) for m in _month_starts(year, month)}

    appointments = Appointment.objects.filter(starts_at__gte=start, starts_at__lt=end)
    if office is not None:
        appointments = appointments.filter(office=office)
    status = Appointment.Status
    for row in (
        appointments.annotate(m=TruncMonth("starts_at", tzinfo=SHANGHAI))
        .values("m")
        .annotate(
            appointments=Count("id"),
            completed=Count("id", filter=Q(status=status.COMPLETED)),
            no_shows=Count("id", filter=Q(status=status.NO_SHOW)),
            cancellations=Count("id", filter=Q(status=status.CANCELLED)),
            run_at_most_once=Count("id", filter=Q(matter__run_at_most_once=True)),
        )
        .order_by("m")
    ):
        figures = months.get(_as_month(row["m"]))
        if figures is not None:
            for name in ("appointments", "completed", "no_shows", "cancellations"):
                setattr(figures, name, row[name])
            figures.run_at_most_once = row["run_at_most_once"]

    # The day a case was finished: when the certificate was issued or posted, Beijing time.
    finished_on = Subquery(
        CaseStep.objects.filter(case=OuterRef("pk"), step__in=FINISHED_STATUSES)
        .order_by("at", "id")
        .annotate(day=TruncDate("at", tzinfo=SHANGHAI))
        .values("day")[:1]
    )
    cases = Case.objects.filter(due_date__gte=first, due_date__lt=after)
    if office is not None:
        cases = cases.filter(appointment__office=office)
    for row in (
        cases.annotate(finished_on=finished_on, m=TruncMonth("due_date"))
        .values("m")
        .annotate(
            cases_on_time=Count(
                "id",
                filter=Q(status__in=FINISHED_STATUSES, finished_on__lte=F("due_date")),
            ),
            cases_late=Count(
                "id",
                filter=Q(status__in=FINISHED_STATUSES, finished_on__gt=F("due_date")),
            ),
            cases_open_overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_date__lt=today)),
        )
        .order_by("m")
    ):
        figures = months.get(_as_month(row["m"]))
        if figures is not None:
            figures.cases_on_time = row["cases_on_time"]
            figures.cases_late = row["cases_late"]
            figures.cases_open_overdue = row["cases_open_overdue"]

    consultations = _consultation_figures(office=office, start=start, end=end, months=months)

    totals = MonthFigures()
    for figures in months.values():
        for name in COUNTS:
            setattr(totals, name, getattr(totals, name) + getattr(figures, name))

    exemptions = [
        ExemptionFigure(
            code=row["exemption__code"],
            name_zh=row["exemption__name_zh"],
            name_en=row["exemption__name_en"],
            count=row["count"],
        )
        for row in ExemptionClaim.objects.filter(in_period, status=ExemptionClaim.Status.CONFIRMED)
        .values("exemption__code", "exemption__name_zh", "exemption__name_en")
        .annotate(count=Count("id"))
        .order_by("exemption__code")
    ]

    ratings = Rating.objects.filter(in_period).aggregate(average=Avg("stars"), count=Count("id"))
    visits = ReturnVisit.objects.filter(in_period, status=ReturnVisit.Status.DONE).aggregate(
        average=Avg("satisfaction"),
        count=Count("id"),
        fee_as_quoted=Count("id", filter=Q(fee_as_quoted=True)),
        one_visit=Count("id", filter=Q(one_visit=True)),
    )

    return Statistics(
        office=office,
        year=year,
        month=month,
        months=list(months.values()),
        totals=totals,
        exemptions=exemptions,
        rating_average=_rounded(ratings["average"]),
        rating_count=ratings["count"],
        visit_average=_rounded(visits["average"]),
        visit_count=visits["count"],
        visit_fee_as_quoted=visits["fee_as_quoted"],
        visit_one_visit=visits["one_visit"],
        event_shortfalls=event_shortfalls(office=office, year=year),
        consultations=consultations,
        legal_aid=_legal_aid_figures(start=start, end=end) if office is None else None,
    )


# --- consultations and legal aid ----------------------------------------------------------------


def _clock(setting: str) -> dt.time:
    hours, minutes = (int(part) for part in setting.split(":"))
    return dt.time(hours, minutes)


def working_minutes(start: dt.datetime, end: dt.datetime, calendar: StatutoryCalendar) -> float:
    """The working time between two moments, in minutes: the part of [start, end) that falls in
    the working hours (CONSULT_WORKING_DAY_STARTS–CONSULT_WORKING_DAY_ENDS, Beijing time) of the
    calendar's working days. A request received on Friday evening and answered on Monday at 10:00
    took one working hour, however long the weekend or the holiday in between."""
    if end <= start:
        return 0.0
    opens = _clock(settings.CONSULT_WORKING_DAY_STARTS)
    closes = _clock(settings.CONSULT_WORKING_DAY_ENDS)
    first = timezone.localtime(start, SHANGHAI)
    last = timezone.localtime(end, SHANGHAI)
    total = 0.0
    day = first.date()
    while day <= last.date():
        if calendar.is_working_day(day):
            window_start = max(first, dt.datetime.combine(day, opens, tzinfo=SHANGHAI))
            window_end = min(last, dt.datetime.combine(day, closes, tzinfo=SHANGHAI))
            if window_end > window_start:
                total += (window_end - window_start).total_seconds() / 60
        day += dt.timedelta(days=1)
    return total


def _consultation_figures(
    *, office: Office | None, start: dt.datetime, end: dt.datetime, months: dict
) -> ConsultationFigures:
    """Volume per month, topic and channel, the overdue share and the median answer time of the
    requests received in [start, end): two queries for the counts, two for the answer time."""
    now = timezone.now()
    rows = Consultation.objects.filter(received_at__gte=start, received_at__lt=end)
    if office is not None:
        rows = rows.filter(owner_office=office)
    answered = Q(status=Consultation.Status.ANSWERED)
    late = (answered & Q(answered_at__gt=F("deadline"))) | (~answered & Q(deadline__lt=now))
    figures = ConsultationFigures()
    topics: dict[str, CountFigure] = {}
    channels = {
        value: CountFigure(key=value, name=str(label))
        for value, label in Consultation.Channel.choices
    }
    english = is_english()
    for row in (
        rows.annotate(m=TruncMonth("received_at", tzinfo=SHANGHAI))
        .values("m", "topic__code", "topic__name_zh", "topic__name_en", "channel")
        .annotate(
            n=Count("id"), answered=Count("id", filter=answered), late=Count("id", filter=late)
        )
        .order_by("m")
    ):
        figures.received += row["n"]
        figures.answered += row["answered"]
        figures.overdue += row["late"]
        month_figures = months.get(_as_month(row["m"]))
        if month_figures is not None:
            month_figures.consultations += row["n"]
            month_figures.consultations_overdue += row["late"]
        code = row["topic__code"]
        if code not in topics:
            name = (row["topic__name_en"] or row["topic__name_zh"]) if english else None
            topics[code] = CountFigure(key=code, name=name or row["topic__name_zh"])
        channel = channels.setdefault(row["channel"], CountFigure(row["channel"], row["channel"]))
        for line in (topics[code], channel):
            line.count += row["n"]
            line.overdue += row["late"]
    figures.by_topic = sorted(topics.values(), key=lambda t: (-t.count, t.key))
    figures.by_channel = list(channels.values())
    figures.median_answer_minutes = _median_answer_minutes(rows.filter(answered))
    return figures


def _median_answer_minutes(rows) -> float | None:
    times = list(rows.values_list("received_at", "answered_at"))
    if not times:
        return None
    first = min(timezone.localdate(received, SHANGHAI) for received, _ in times)
    last = max(timezone.localdate(answered_at, SHANGHAI) for _, answered_at in times)
    calendar = StatutoryCalendar.for_range(start=first, end=last)
    return round(
        pystatistics.median(working_minutes(a, b, calendar) for a, b in times),
        1,
    )


def _legal_aid_figures(*, start: dt.datetime, end: dt.datetime) -> LegalAidFigures:
    """Applications made in [start, end), per centre: how many, granted, refused, still pending
    (whatever the month of the decision). One query."""
    status = LegalAidApplication.Status
    english = is_english()
    centres = []
    for row in (
        LegalAidApplication.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("centre__slug", "centre__name_zh", "centre__name_en")
        .annotate(
            applications=Count("id"),
            granted=Count("id", filter=Q(status=status.GRANTED)),
            refused=Count("id", filter=Q(status=status.REFUSED)),
            pending=Count("id", filter=Q(status__in=LEGAL_AID_OPEN_STATUSES)),
        )
        .order_by("centre__slug")
    ):
        name = row["centre__name_en"] if english else row["centre__name_zh"]
        centres.append(
            LegalAidCentreFigures(
                slug=row["centre__slug"],
                name=name or row["centre__name_zh"],
                applications=row["applications"],
                granted=row["granted"],
                refused=row["refused"],
                pending=row["pending"],
            )
        )
    totals = LegalAidCentreFigures(
        applications=sum(c.applications for c in centres),
        granted=sum(c.granted for c in centres),
        refused=sum(c.refused for c in centres),
        pending=sum(c.pending for c in centres),
    )
    return LegalAidFigures(centres=centres, totals=totals)


def _rounded(value) -> float | None:
    return None if value is None else round(float(value), 2)


def event_shortfalls(*, office: Office | None, year: int) -> list[EventShortfall]:
    """Listed offices with fewer than the two public-welfare events a year the reform promises
    (counted by the events' start in `year`), in one query."""
    start, end = (
        dt.datetime(year, 1, 1, tzinfo=SHANGHAI),
        dt.datetime(year + 1, 1, 1, tzinfo=SHANGHAI),
    )
    offices = Office.objects.listed()
    if office is not None:
        offices = offices.filter(pk=office.pk)
    return [
        EventShortfall(office=o, count=o.event_count)
        for o in offices.annotate(
            event_count=Count(
                "events", filter=Q(events__starts_at__gte=start, events__starts_at__lt=end)
            )
        )
        .filter(event_count__lt=EVENTS_PER_YEAR)
        .select_related("district")
    ]


def statistics_offices(*, user):
    """The offices `user` may choose on the statistics page."""
    return offices_for_staff(user).select_related("district")


def _number(value) -> str:
    return "" if value is None else str(value)


def statistics_csv_rows(stats: Statistics) -> list[list[str]]:
    """The page's figures as spreadsheet rows: the summary, exemptions, months, event warnings."""
    totals = stats.totals
    rows: list[list[str]] = [
        [_("Scope"), stats.office.name if stats.office is not None else _("Whole city")],
        [_("Year"), str(stats.year)],
        [_("Month"), str(stats.month) if stats.month else _("Whole year")],
        [],
        [_("Figure"), _("Value")],
        [_("Appointments"), str(totals.appointments)],
        [_("Completed"), str(totals.completed)],
        [_("No-shows"), str(totals.no_shows)],
        [_("Cancellations"), str(totals.cancellations)],
        [_("Cases finished on time"), str(totals.cases_on_time)],
        [_("Cases finished late"), str(totals.cases_late)],
        [_("Open cases past their due date"), str(totals.cases_open_overdue)],
        [_("Run-at-most-once appointments"), str(totals.run_at_most_once)],
        [_("Run-at-most-once share (%)"), _number(stats.run_at_most_once_share)],
        [_("Exemptions granted"), str(stats.exemptions_total)],
        [_("Average rating (1–5)"), _number(stats.rating_average)],
        [_("Ratings"), str(stats.rating_count)],
        [_("Average satisfaction in return visits (1–5)"), _number(stats.visit_average)],
        [_("Return visits done"), str(stats.visit_count)],
        [_("Fee as quoted (%)"), _number(stats.fee_as_quoted_share)],
        [_("Served in one visit (%)"), _number(stats.one_visit_share)],
        [_("Consultation requests received"), str(stats.consultations.received)],
        [_("Consultation requests answered"), str(stats.consultations.answered)],
        [_("Consultation requests overdue"), str(stats.consultations.overdue)],
        [
            _("Overdue share of consultation requests (%)"),
            _number(stats.consultations.overdue_share),
        ],
        [
            _("Median answer time of consultation requests (working hours)"),
            _number(stats.consultations.median_answer_hours),
        ],
        [],
        [_("Exemption"), _("Code"), _("Granted")],
        *([e.name, e.code, str(e.count)] for e in stats.exemptions),
        [],
        [
            _("Month"),
            _("Appointments"),
            _("Completed"),
            _("No-shows"),
            _("Cancellations"),
            _("Cases finished on time"),
            _("Cases finished late"),
            _("Open cases past their due date"),
            _("Run-at-most-once appointments"),
            _("Consultation requests received"),
            _("Consultation requests overdue"),
        ],
        *(
            [
                f"{m.month:%Y-%m}",
                str(m.appointments),
                str(m.completed),
                str(m.no_shows),
                str(m.cancellations),
                str(m.cases_on_time),
                str(m.cases_late),
                str(m.cases_open_overdue),
                str(m.run_at_most_once),
                str(m.consultations),
                str(m.consultations_overdue),
            ]
            for m in stats.months
        ),
        [],
        [_("Consultation topic"), _("Code"), _("Received"), _("Overdue")],
        *([t.name, t.key, str(t.count), str(t.overdue)] for t in stats.consultations.by_topic),
        [],
        [_("Channel"), _("Code"), _("Received"), _("Overdue")],
        *([c.name, c.key, str(c.count), str(c.overdue)] for c in stats.consultations.by_channel),
    ]
    if stats.legal_aid is not None:
        legal_aid = stats.legal_aid
        rows += [
            [],
            [
                _("Legal-aid centre"),
                _("Code"),
                _("Legal-aid applications"),
                _("Granted"),
                _("Refused"),
                _("Pending"),
            ],
            *(
                [
                    c.name,
                    c.slug,
                    str(c.applications),
                    str(c.granted),
                    str(c.refused),
                    str(c.pending),
                ]
                for c in legal_aid.centres
            ),
            [
                _("All centres"),
                "",
                str(legal_aid.totals.applications),
                str(legal_aid.totals.granted),
                str(legal_aid.totals.refused),
                str(legal_aid.totals.pending),
            ],
        ]
    if stats.event_shortfalls:
        rows += [
            [],
            [_("Offices with fewer than 2 public-welfare events this year"), _("Events")],
            *([s.office.name, str(s.count)] for s in stats.event_shortfalls),
        ]
    return rows
