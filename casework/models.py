"""What happens around and after the visit: materials uploaded for pre-review, the one-time notice,
posting the certificate and the case with its promised due date.

Every decision is a row that says who made it and when: pre-reviews, check-ins and case steps are
never edited, only added to; a replaced upload is marked superseded, never deleted.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.identity import validate_phone
from appointments.models import Appointment
from notaries.models import MaterialItem

from .storage import private_storage

# --- uploads ------------------------------------------------------------------------------------


class FileKind(models.TextChoices):
    """The file types a scan may have, with the extension each is stored under."""

    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"


EXTENSION_FOR_KIND = {FileKind.PDF: ".pdf", FileKind.JPEG: ".jpg", FileKind.PNG: ".png"}


def submission_upload_to(instance: MaterialSubmission, filename: str) -> str:
    # Never the resident's own file name: it may carry personal data or path tricks, and a
    # guessable name would tell anyone with disk access whose document it is.
    extension = EXTENSION_FOR_KIND.get(FileKind(instance.content_type), "")
    today = timezone.localdate()
    return f"materials/{today:%Y/%m}/{uuid.uuid4().hex}{extension}"


class MaterialSubmissionQuerySet(models.QuerySet["MaterialSubmission"]):
    def current(self) -> MaterialSubmissionQuerySet:
        return self.filter(superseded_at__isnull=True)

    def awaiting_review(self) -> MaterialSubmissionQuerySet:
        return self.current().filter(reviewed_in__isnull=True)


class MaterialSubmission(models.Model):
    """One checklist item answered before the visit: a scan, or a promise to bring the original."""

    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.PROTECT,
        related_name="material_submissions",
        verbose_name=_("appointment"),
    )
    # NULL: a document that is not a checklist item ("other").
    material = models.ForeignKey(
        MaterialItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("checklist item"),
    )
    bring_original = models.BooleanField(_("will bring the original"), default=False)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=submission_upload_to, blank=True
    )
    original_name = models.CharField(_("uploaded file name"), max_length=255, blank=True)
    content_type = models.CharField(
        _("file type"), max_length=40, choices=FileKind.choices, blank=True
    )
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    # The pre-review that looked at this submission; NULL while it waits for one.
    reviewed_in = models.ForeignKey(
        "PreReview",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("reviewed in"),
    )

    objects = MaterialSubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["appointment", "material__position", "uploaded_at", "id"]
        verbose_name = _("material submission")
        verbose_name_plural = _("material submissions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(bring_original=True, file="", size__isnull=True, sha256="")
                    | (
                        Q(bring_original=False, size__gt=0)
                        & ~Q(file="")
                        & ~Q(sha256="")
                        & ~Q(content_type="")
                    )
                ),
                name="submission_file_xor_bring_original",
            ),
            # One current answer per checklist item; older ones stay, marked superseded.
            models.UniqueConstraint(
                fields=["appointment", "material"],
                condition=Q(superseded_at__isnull=True, material__isnull=False),
                name="submission_one_current_per_item",
            ),
        ]
        indexes = [
            models.Index(
                fields=["appointment"],
                condition=Q(superseded_at__isnull=True, reviewed_in__isnull=True),
                name="submission_awaiting_review_idx",
            )
        ]

    def __str__(self) -> str:
        label = self.material.name if self.material_id else _("Other document")
        return f"{self.appointment} {label}"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


# --- pre-review ---------------------------------------------------------------------------------


class PreReview(models.Model):
    """One decision on the materials of a run-at-most-once appointment: the audit of pre-review.

    A decision that finds problems lists every one of them (the one-time notice): the office may
    not come back later with something it could have asked for now.
    """

    class Outcome(models.TextChoices):
        PASSED = "passed", _("Passed")
        NEEDS_CHANGES = "needs_changes", _("Needs changes")

    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.PROTECT,
        related_name="prereviews",
        verbose_name=_("appointment"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    created_at = models.DateTimeField(_("reviewed at"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    message = models.TextField(_("message to the resident"), blank=True)
    # Set when the delivery job ran, whatever it could deliver (the fields below say what).
    notice_sent_at = models.DateTimeField(_("notice processed at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    texted_at = models.DateTimeField(_("sent by SMS at"), null=True, blank=True)
    needs_call = models.BooleanField(
        _("to be called by the hotline"),
        default=False,
        help_text=_("Neither an e-mail address nor a mobile phone: the hotline calls."),
    )
    called_at = models.DateTimeField(_("called by the hotline at"), null=True, blank=True)
    # The first decision that asks for anything is the one-time notice; there is one at most.
    is_notice = models.BooleanField(_("the one-time notice"), default=False)
    # A later decision about items the resident did not re-send since the notice: why.
    later_reason = models.TextField(_("reason for marking items not re-sent"), blank=True)

    class Meta:
        ordering = ["appointment", "created_at", "id"]
        get_latest_by = ["created_at", "id"]
        verbose_name = _("pre-review")
        verbose_name_plural = _("pre-reviews")
        constraints = [
            # Once passed, the resident was promised a single visit: there is no second pass.
            models.UniqueConstraint(
                fields=["appointment"],
                condition=Q(outcome="passed"),
                name="prereview_passed_once",
            ),
            # The one-time notice is one: the database refuses a second.
            models.UniqueConstraint(
                fields=["appointment"],
                condition=Q(is_notice=True),
                name="prereview_one_notice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appointment} {self.get_outcome_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def passed(self) -> bool:
        return self.outcome == self.Outcome.PASSED


class ProblemKind(models.TextChoices):
    MISSING = "missing", _("Missing")
    UNREADABLE = "unreadable", _("Unreadable")
    WRONG = "wrong", _("Wrong document")
    EXPIRED = "expired", _("Expired")
    # Not a problem: the office checks it through a data link, the resident need not bring it.
    DATA_LINK = "data_link", _("Will be verified by data link: no need to bring it")
    # Kept for decisions recorded before the marks above were the only ones offered.
    OTHER = "other", _("Other problem")


# Marks that ask the resident to do something.
PROBLEM_KINDS = (
    ProblemKind.MISSING,
    ProblemKind.UNREADABLE,
    ProblemKind.WRONG,
    ProblemKind.EXPIRED,
    ProblemKind.OTHER,
)


class PreReviewItem(models.Model):
    """One problem in a needs-changes decision."""

    prereview = models.ForeignKey(
        PreReview, on_delete=models.CASCADE, related_name="items", verbose_name=_("pre-review")
    )
    material = models.ForeignKey(
        MaterialItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checklist item"),
    )
    kind = models.CharField(_("problem"), max_length=20, choices=ProblemKind.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["prereview", "material__position", "id"]
        verbose_name = _("pre-review problem")
        verbose_name_plural = _("pre-review problems")
        constraints = [
            models.UniqueConstraint(
                fields=["prereview", "material"],
                condition=Q(material__isnull=False),
                name="prereview_item_once_per_material",
            )
        ]

    def __str__(self) -> str:
        label = self.material.name if self.material_id else _("Other")
        return f"{label}: {self.get_kind_display()}"

    @property
    def is_problem(self) -> bool:
        return self.kind in PROBLEM_KINDS


class OutsideListRequest(models.Model):
    """A document the office believes the law requires beyond the appointment's list: never part
    of the notice's marks, recorded with its legal basis, shown to the resident as such and
    listed for the bureau's review."""

    prereview = models.ForeignKey(
        PreReview,
        on_delete=models.CASCADE,
        related_name="outside_requests",
        verbose_name=_("pre-review"),
    )
    document = models.CharField(_("document asked for"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["prereview", "id"]
        verbose_name = _("request outside the list")
        verbose_name_plural = _("requests outside the list")
        constraints = [
            models.CheckConstraint(
                condition=~Q(document="") & ~Q(legal_basis=""),
                name="outside_request_has_document_and_basis",
            )
        ]

    def __str__(self) -> str:
        return f"{self.prereview_id} {self.document}"


# --- post ---------------------------------------------------------------------------------------


postcode_validator = RegexValidator(r"^[0-9]{6}$", _("A postcode is 6 digits."))


class PostalDelivery(models.Model):
    """The resident asks for the certificate by post; the office records the posting."""

    appointment = models.OneToOneField(
        Appointment,
        on_delete=models.PROTECT,
        related_name="postal_delivery",
        verbose_name=_("appointment"),
    )
    recipient_name = models.CharField(_("recipient's name"), max_length=60)
    phone = models.CharField(
        _("recipient's mobile phone"), max_length=11, validators=[validate_phone]
    )
    address = models.CharField(_("postal address"), max_length=300)
    postcode = models.CharField(_("postcode"), max_length=6, validators=[postcode_validator])
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=40, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posted by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("postal delivery")
        verbose_name_plural = _("postal deliveries")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(posted_at__isnull=True, posted_by__isnull=True, tracking_number="")
                    | (Q(posted_at__isnull=False, posted_by__isnull=False) & ~Q(tracking_number=""))
                ),
                name="postal_delivery_posted_fields_together",
            )
        ]

    def __str__(self) -> str:
        return f"{self.appointment} → {self.postcode}"

    @property
    def is_posted(self) -> bool:
        return self.posted_at is not None


# --- cases -------------------------------------------------------------------------


class CaseStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    VERIFIED = "verified", _("Verified")
    APPROVED = "approved", _("Approved")
    ISSUED = "issued", _("Issued")
    POSTED = "posted", _("Posted")


# A case is finished when the certificate is in the resident's hands or in the post.
FINISHED_STATUSES = (CaseStatus.ISSUED, CaseStatus.POSTED)
OPEN_STATUSES = (CaseStatus.ACCEPTED, CaseStatus.VERIFIED, CaseStatus.APPROVED)


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


class Case(models.Model):
    """The notarization after the visit, with the due date promised in working days."""

    appointment = models.OneToOneField(
        Appointment, on_delete=models.PROTECT, related_name="case", verbose_name=_("appointment")
    )
    accepted_on = models.DateField(_("accepted on"))
    accepted_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.ACCEPTED
    )

    history = HistoricalRecords()
    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gt=F("accepted_on")), name="case_due_after_accepted"
            )
        ]
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=Q(status__in=["accepted", "verified", "approved"]),
                name="case_open_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.appointment} {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES


class CaseStep(models.Model):
    """Who did each step of a case, and when."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="steps", verbose_name=_("case")
    )
    step = models.CharField(_("step"), max_length=20, choices=CaseStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["case", "at", "id"]
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="case_step_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_step_display()} {self.at:%Y-%m-%d %H:%M}"


class IdentityDisclosure(models.Model):
    """Every time staff display a resident's full identity number: who, when, which appointment.

    Pages show the number masked; the full value is shown only on an explicit request, which is
    recorded here first."""

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    appointment = models.ForeignKey(
        "appointments.Appointment",
        on_delete=models.PROTECT,
        related_name="identity_disclosures",
        verbose_name=_("appointment"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("identity number disclosure")
        verbose_name_plural = _("identity number disclosures")

    def __str__(self) -> str:
        return f"{self.viewer_id} {self.appointment_id} {self.at:%Y-%m-%d %H:%M}"
