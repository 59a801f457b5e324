"""Schedules, the statutory calendar and appointments.

The one rule that must never break, that a notary is never booked twice for the same minute, is
held by PostgreSQL itself: an exclusion constraint over the notary and the time range of every
active appointment. The services check first to give friendly answers; the database guarantees.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from notaries.models import Matter, Notary, Office
from portal.db import PostgresExclusionConstraint, TsTzRange
from portal.i18n import LocalizedMixin

# --- The statutory calendar -----------------------------------------------------------------------


class CalendarDay(LocalizedMixin, models.Model):
    """An admin's word on one date: it wins over the calendar package and the provisional rules.

    Used to enter the State Council's holiday schedule for a year the package does not cover yet
    (holidays and the adjusted working weekends), or to correct any single day.
    """

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: offices open (e.g. an adjusted working weekend). Unticked: closed."),
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=60, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        kind = _("working day") if self.is_working_day else _("holiday")
        return f"{self.date:%Y-%m-%d} {kind} {self.name}".strip()


class HolidayScheduleYear(models.Model):
    """Records that the official holiday schedule of a year has been entered as calendar days.

    Until then a year the calendar package does not cover runs on provisional holidays, and
    admins are warned on their pages.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]
        verbose_name = _("holiday schedule entered")
        verbose_name_plural = _("holiday schedules entered")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="holiday_year_range"
            )
        ]

    def __str__(self) -> str:
        return str(self.year)


# --- Schedules ------------------------------------------------------------------------------------


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WorkingPeriod(models.Model):
    """One period of a notary's regular week, e.g. Monday 9:00–12:00 (several a day for a lunch
    break).

    On a statutory holiday nobody works. On an adjusted working weekend day a notary works their
    periods of that weekday if they have any (offices open on Saturday mornings), otherwise those
    of their first working weekday, Monday to Friday.
    """

    notary = models.ForeignKey(
        Notary, on_delete=models.CASCADE, related_name="working_periods", verbose_name=_("notary")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["notary", "weekday", "starts"]
        verbose_name = _("working period")
        verbose_name_plural = _("working periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=F("starts")),
                name="working_period_ends_after_start",
                violation_error_message=_("A period must end after it starts."),
            ),
            models.UniqueConstraint(
                fields=["notary", "weekday", "starts"], name="working_period_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


class Leave(models.Model):
    """Whole days a notary is away (inclusive)."""

    notary = models.ForeignKey(
        Notary, on_delete=models.CASCADE, related_name="leaves", verbose_name=_("notary")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["notary", "starts_on"]
        verbose_name = _("leave")
        verbose_name_plural = _("leave")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="leave_ends_on_or_after_start",
                violation_error_message=_("Leave must end on or after its first day."),
            )
        ]
        indexes = [models.Index(fields=["notary", "ends_on"], name="leave_notary_end_idx")]

    def __str__(self) -> str:
        return f"{self.notary} {self.starts_on}–{self.ends_on}"


class Block(models.Model):
    """A one-off stretch of time a notary cannot take appointments (a meeting, a home visit)."""

    notary = models.ForeignKey(
        Notary, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("notary")
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["notary", "starts_at"]
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="block_ends_after_start",
                violation_error_message=_("A block must end after it starts."),
            )
        ]
        indexes = [models.Index(fields=["notary", "starts_at"], name="block_notary_start_idx")]

    def __str__(self) -> str:
        return f"{self.notary} {self.starts_at:%Y-%m-%d %H:%M}"


class OfficeClosure(LocalizedMixin, models.Model):
    """A day an office is closed outside the statutory calendar (moving, training, repairs)."""

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="closures", verbose_name=_("office")
    )
    date = models.DateField(_("date"))
    name_zh = models.CharField(_("reason (Chinese)"), max_length=100, blank=True)
    name_en = models.CharField(_("reason (English)"), max_length=150, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["office", "date"]
        verbose_name = _("office closure")
        verbose_name_plural = _("office closures")
        constraints = [
            models.UniqueConstraint(fields=["office", "date"], name="office_closure_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.date}"


# --- Appointments ---------------------------------------------------------------------------------


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def active(self) -> AppointmentQuerySet:
        return self.filter(status__in=Appointment.ACTIVE_STATUSES)

    def upcoming(self) -> AppointmentQuerySet:
        return self.active().filter(ends_at__gt=timezone.now())

    def overlapping(self, starts_at, ends_at) -> AppointmentQuerySet:
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def by_reference(self, raw: str) -> AppointmentQuerySet:
        """The appointment whose reference was typed as `raw` (spaces, case, hyphen forgiven)."""
        from .references import normalise_reference

        return self.filter(reference=normalise_reference(raw))


class Appointment(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CHECKED_IN = "checked_in", _("Checked in")
        COMPLETED = "completed", _("Completed")
        NO_SHOW = "no_show", _("No-show")
        CANCELLED = "cancelled", _("Cancelled")

    # Statuses that hold the notary's time (and the resident's).
    ACTIVE_STATUSES = (Status.BOOKED, Status.CHECKED_IN)

    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("resident"),
    )
    matter = models.ForeignKey(
        Matter, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("matter")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("office")
    )
    notary = models.ForeignKey(
        Notary, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("notary")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.BOOKED
    )
    applicant_name = models.CharField(_("applicant's name"), max_length=60)
    applicant_phone = models.CharField(_("applicant's mobile phone"), max_length=20)

    class Relationship(models.TextChoices):
        SELF = "", _("The account holder")
        PARENT = "parent", _("Parent")
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        RELATIVE = "relative", _("Other relative")
        AGENT = "agent", _("Agent with a power of attorney")

    # Who the appointment is for, when the account holder books for someone else (a parent, a
    # spouse, as an agent). Everything that depends on the person (age-based exemptions, the
    # green channel, the blacklist, the per-person cap and overlap rule, the counter's identity
    # check) uses the applicant; the account holder manages the appointment.
    applicant_relationship = models.CharField(
        _("applicant's relationship to the account holder"),
        max_length=20,
        choices=Relationship.choices,
        blank=True,
        default="",
    )
    # Keyed hash of the applicant's identity number (the account holder's own when booking for
    # themself): the per-person overlap constraint and cap are keyed on it.
    applicant_id_hash = models.CharField(
        _("applicant's identity number (keyed hash)"), max_length=64, blank=True, default=""
    )
    # Fernet token of the applicant's number, for the counter's identity check; empty when the
    # appointment is for the account holder (their profile holds it).
    applicant_id_encrypted = models.TextField(
        _("applicant's identity number (encrypted)"), blank=True, default=""
    )
    applicant_birth_date = models.DateField(_("applicant's date of birth"), null=True, blank=True)

    class GreenChannel(models.TextChoices):
        NONE = "", _("No")
        ELDERLY = "elderly", _("Aged 70 or over")
        PREGNANT = "pregnant", _("Pregnant")
        SERIOUSLY_ILL = "seriously_ill", _("Seriously ill")
        DISABLED = "disabled", _("Disabled")

    fee_quote = models.DecimalField(
        _("quoted fee payable (yuan)"),
        max_digits=11,
        decimal_places=2,
        help_text=_("As quoted at booking, after the exemptions claimed; never changed later."),
    )
    fee_gross = models.DecimalField(
        _("quoted fee before exemptions (yuan)"), max_digits=11, decimal_places=2, default=0
    )
    # The breakdown as quoted ({"lines": [{"code", "label", "amount"}], "copies", "parties",
    # "value"}), kept as it was so a later change of the fee standard does not alter it.
    fee_details = models.JSONField(_("quote breakdown"), default=dict, blank=True)
    fee_final = models.DecimalField(
        _("final fee (yuan)"), max_digits=11, decimal_places=2, null=True, blank=True
    )
    fee_final_note = models.CharField(_("note on the final fee"), max_length=300, blank=True)
    fee_final_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("final fee recorded by"),
    )
    fee_final_at = models.DateTimeField(_("final fee recorded at"), null=True, blank=True)
    green_channel = models.CharField(
        _("green channel"), max_length=20, choices=GreenChannel.choices, blank=True, default=""
    )
    home_visit_address = models.CharField(
        _("home visit address"),
        max_length=300,
        blank=True,
        help_text=_("Set for a home visit: the notary comes to this address."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="zh-hans",
        help_text=_("The language the resident booked in; messages are sent in it."),
    )
    # The materials list as booked (appointments/materials.py): {"items": [...], "evidence":
    # [...], "taken_at"}. The contract with the resident; a catalogue edit never changes it.
    materials_snapshot = models.JSONField(
        _("materials list as booked"), default=dict, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(
        _("personal data removed at"),
        null=True,
        blank=True,
        help_text=_("Set by the retention job; the statistics (times, matter, fees) remain."),
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="appointment_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(fee_quote__gte=0)
                & Q(fee_gross__gte=F("fee_quote"))
                & (Q(fee_final__isnull=True) | Q(fee_final__gte=0)),
                name="appointment_fees_consistent",
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_at__isnull=False)
                | (~Q(status="cancelled") & Q(cancelled_at__isnull=True)),
                name="appointment_cancelled_at_iff_cancelled",
            ),
            # The guarantee: a notary's active appointments never overlap.
            PostgresExclusionConstraint(
                name="appointment_no_overlap_per_notary",
                expressions=[
                    (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
                    ("notary", RangeOperators.EQUAL),
                ],
                condition=Q(status__in=["booked", "checked_in"]),
                violation_error_message=_("This notary already has an appointment at that time."),
            ),
            # And a person cannot be in two places at once, whoever booked for them: keyed on
            # the applicant's identity number, so three relatives cannot book one parent twice.
            PostgresExclusionConstraint(
                name="appointment_no_overlap_per_applicant",
                expressions=[
                    (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
                    ("applicant_id_hash", RangeOperators.EQUAL),
                ],
                condition=Q(status__in=["booked", "checked_in"]) & ~Q(applicant_id_hash=""),
                violation_error_message=_("This person already has an appointment at that time."),
            ),
        ]
        indexes = [
            models.Index(fields=["notary", "starts_at"], name="appointment_notary_start_idx"),
            models.Index(fields=["resident", "starts_at"], name="appointment_resident_start_idx"),
            models.Index(fields=["office", "starts_at"], name="appointment_office_start_idx"),
            models.Index(
                fields=["applicant_id_hash", "starts_at"], name="appointment_person_start_idx"
            ),
            models.Index(
                fields=["starts_at"],
                name="appointment_reminder_due_idx",
                condition=Q(status="booked", reminder_sent_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def for_someone_else(self) -> bool:
        return bool(self.applicant_relationship)

    @property
    def is_agency(self) -> bool:
        """Booked by an agent under a power of attorney: the power joins the checklist."""
        return self.applicant_relationship == self.Relationship.AGENT

    @property
    def applicant(self):
        """The person the appointment is for: the account holder (their profile as it is now), or
        the person they booked for, as recorded with the appointment."""
        from .applicants import Applicant

        if not self.for_someone_else:
            return self.resident
        return Applicant(
            real_name=self.applicant_name,
            phone=self.applicant_phone,
            id_number_hash=self.applicant_id_hash,
            id_number_encrypted=self.applicant_id_encrypted,
            birth_date=self.applicant_birth_date,
            relationship=self.applicant_relationship,
        )

    @property
    def applicant_id_masked(self) -> str:
        return self.applicant.id_number_masked

    @property
    def booked_materials(self):
        """The checklist as booked (a list of appointments.materials.BookedItem)."""
        from .materials import booked_items

        return booked_items(self)


class AppointmentEvent(models.Model):
    """The one log of an appointment's life: every booking, move, status change, fee decision,
    with who did it, when, through which channel and why. Rows are only ever added.

    Written only by appointments' services (appointments/events.py); other apps call those."""

    class Kind(models.TextChoices):
        BOOKED = "booked", _("Booked")
        RESCHEDULED = "rescheduled", _("Rescheduled")
        REASSIGNED = "reassigned", _("Given to another notary")
        CHECKED_IN = "checked_in", _("Checked in")
        COMPLETED = "completed", _("Completed")
        NO_SHOW = "no_show", _("Did not come")
        CANCELLED = "cancelled", _("Cancelled")
        FEE_REQUOTED = "fee_requoted", _("Fee quoted again")
        FEE_RECORDED = "fee_recorded", _("Final fee recorded")
        EXEMPTION_DECIDED = "exemption_decided", _("Exemption decided")

    class Channel(models.TextChoices):
        WEB = "web", _("Online")
        HOTLINE = "hotline", _("12348 hotline")
        COUNTER = "counter", _("Notary office")
        SYSTEM = "system", _("Automatic")

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="events", verbose_name=_("appointment")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    # Set for status changes only: the status before and after.
    from_status = models.CharField(
        _("from status"), max_length=20, choices=Appointment.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=20, choices=Appointment.Status.choices, blank=True
    )
    # Why, in the actor's words (a staff cancellation's message to the resident, say).
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["appointment", "at", "id"]
        verbose_name = _("appointment event")
        verbose_name_plural = _("appointment events")
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status="", to_status="")
                | (~Q(to_status="") & ~Q(from_status=F("to_status"))),
                name="appointment_event_status_change_changes_status",
            )
        ]
        indexes = [models.Index(fields=["appointment", "at"], name="appointment_event_at_idx")]

    def __str__(self) -> str:
        return f"{self.appointment} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class ExemptionClaim(models.Model):
    """A fee exemption claimed for an appointment, and the counter's decision on it.

    The rule's name and evidence are copied at booking, so the resident's record reads as it was
    even after the bureau edits the rule."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("To be checked at the counter")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Not granted")

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="exemption_claims"
    )
    exemption = models.ForeignKey(
        "notaries.Exemption", on_delete=models.PROTECT, related_name="claims"
    )
    automatic = models.BooleanField(
        _("recognised automatically"),
        default=False,
        help_text=_("Recognised from the identity number (age), not declared."),
    )
    name_zh = models.CharField(max_length=80)
    name_en = models.CharField(max_length=120)
    evidence_zh = models.CharField(max_length=200, blank=True)
    evidence_en = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CLAIMED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["appointment", "id"]
        verbose_name = _("exemption claim")
        verbose_name_plural = _("exemption claims")
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "exemption"], name="exemption_claim_once_per_appointment"
            ),
            models.CheckConstraint(
                condition=Q(status="claimed") | (Q(decided_at__isnull=False) & ~Q(reason="")),
                name="exemption_decision_has_reason",
                violation_error_message=_("A decision needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appointment} {self.exemption.code} {self.status}"

    @property
    def name(self) -> str:
        from portal.i18n import is_english

        return (self.name_en or self.name_zh) if is_english() else self.name_zh

    @property
    def evidence(self) -> str:
        from portal.i18n import is_english

        return (self.evidence_en or self.evidence_zh) if is_english() else self.evidence_zh


class HomeVisitRequest(models.Model):
    """A resident who cannot come asks for a home visit; staff schedule it like any appointment
    (it then holds the notary's time) or decline it with a reason."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for the office")
        SCHEDULED = "scheduled", _("Scheduled")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="home_visit_requests"
    )
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="home_visit_requests")
    address = models.CharField(_("address of the visit"), max_length=300)
    reason = models.CharField(_("why you cannot come"), max_length=300)
    preferred_times = models.CharField(_("times that suit you"), max_length=300, blank=True)
    phone = models.CharField(_("phone for the office to call"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=300, blank=True)
    appointment = models.OneToOneField(
        Appointment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="home_visit_request",
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("home visit request")
        verbose_name_plural = _("home visit requests")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(appointment__isnull=False),
                name="home_visit_scheduled_has_appointment",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_note=""),
                name="home_visit_declined_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["office", "created_at"],
                name="home_visit_open_idx",
                condition=Q(status="requested"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.created_at:%Y-%m-%d} {self.get_status_display()}"


class DeliveredMessage(models.Model):
    """One e-mail/SMS delivery, keyed by the task's id: a re-delivered task (a worker died after
    sending but before acknowledging) finds its key and does not send again."""

    key = models.CharField(max_length=100, unique=True)
    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="delivered_messages"
    )
    kind = models.CharField(max_length=20)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("delivered message")
        verbose_name_plural = _("delivered messages")

    def __str__(self) -> str:
        return f"{self.appointment_id} {self.kind} {self.sent_at:%Y-%m-%d %H:%M}"
