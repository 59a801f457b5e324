"""A worker SIGKILLed in the middle of a job loses nothing, and the job's e-mail goes out once.

Each test publishes one job onto a real Redis broker, lets a real worker (a subprocess) take it
and stop at a chosen moment, kills the worker's process group there, starts a second worker and
waits for the broker to re-deliver the job to it. Two moments:

- "before_send": inside the job, as the e-mail is about to go out. Nothing was sent; what the job
  had written rolls back with the dead connection, so the re-delivered job must send it.
- "after_task": the job sent and committed, but the worker died before acknowledging it (tasks
  are acknowledged late). The re-delivered job must find it sent and send nothing.

Celery tasks are acknowledged late (CELERY_TASK_ACKS_LATE), so the broker keeps a taken job until
the worker says it is done; Redis gives it back once it is CELERY_BROKER_VISIBILITY_TIMEOUT old.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from accounts.models import User
from appointments.models import Appointment, DeliveredMessage
from appointments.services import appointment_book
from casework.models import PreReview, ProblemKind
from casework.services import Problem, prereview_record
from tests.appointments.conftest import at, make_bookable, make_resident
from tests.factories import UserFactory

pytestmark = [pytest.mark.ops, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# The reminder job reminds of every appointment starting within this many hours; the test's
# appointment is on the next plain working day, which may be a holiday week away.
REMINDER_HOURS = str(24 * 60)


@dataclass(frozen=True)
class Job:
    task_id: str
    to: str
    subject: str  # what the e-mail's subject says
    recorded: Callable[[], object]  # what the database keeps of the send (falsy: not sent)
    returns_when_sent: object
    returns_when_skipped: object


def _book(email: str):
    bookable = make_bookable(notaries=1)
    return appointment_book(
        resident=make_resident(email=email),
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 10),
        language="en",
    )


def reminder_job(rig, monkeypatch) -> Job:
    """The beat job that sends the reminders due, published as beat publishes it."""
    appointment = _book("remind-me@example.com")  # its confirmation goes to the local outbox
    task_id = rig.publish("appointments.tasks.send_due_reminders", task_id=str(uuid.uuid4()))
    return Job(
        task_id=task_id,
        to="remind-me@example.com",
        subject=f"Reminder: your appointment tomorrow · {appointment.reference}",
        recorded=lambda: Appointment.objects.get(pk=appointment.pk).reminder_sent_at,
        returns_when_sent=1,
        returns_when_skipped=0,
    )


def message_job(rig, monkeypatch) -> Job:
    """The booking confirmation, enqueued by the booking service after its commit."""
    task_id = str(uuid.uuid4())
    monkeypatch.setattr(
        "appointments.tasks.send_appointment_message",
        rig.enqueuer("appointments.tasks.send_appointment_message", task_id=task_id),
    )
    appointment = _book("confirm-me@example.com")
    return Job(
        task_id=task_id,
        to="confirm-me@example.com",
        subject=f"Appointment confirmed · {appointment.reference}",
        # The task's id is the message's idempotency key.
        recorded=lambda: DeliveredMessage.objects.filter(key=f"task:{task_id}").count(),
        returns_when_sent=True,
        returns_when_skipped=False,
    )


def notice_job(rig, monkeypatch) -> Job:
    """The one-time pre-review notice, enqueued by the pre-review service after its commit."""
    appointment = _book("review-me@example.com")
    task_id = str(uuid.uuid4())
    monkeypatch.setattr(
        "casework.tasks.send_prereview_notice",
        rig.enqueuer("casework.tasks.send_prereview_notice", task_id=task_id),
    )
    material = appointment.matter.materials.order_by("position").first()
    prereview = prereview_record(
        appointment=appointment,
        reviewer=UserFactory(role=User.Role.OFFICE_STAFF, office=appointment.office),
        problems=[Problem(material=material, kind=ProblemKind.MISSING)],
    )
    return Job(
        task_id=task_id,
        to="review-me@example.com",
        subject=f"Your materials need changes before the visit · {appointment.reference}",
        recorded=lambda: PreReview.objects.get(pk=prereview.pk).notice_sent_at,
        returns_when_sent=None,  # the task returns nothing either way
        returns_when_skipped=None,
    )


JOBS = {"reminder": reminder_job, "message": message_job, "notice": notice_job}


@pytest.mark.parametrize("moment", ["before_send", "after_task"])
@pytest.mark.parametrize("kind", JOBS)
def test_a_worker_killed_mid_job_loses_nothing_and_the_email_goes_out_once(
    rig, monkeypatch, kind, moment
):
    job = JOBS[kind](rig, monkeypatch)
    sent_before_the_kill = moment == "after_task"

    rig.start_worker("first", hang=moment, APPOINTMENT_REMINDER_HOURS=REMINDER_HOURS)
    rig.wait_until_hanging("first", moment)
    rig.kill("first")

    # The broker still holds the job: the dead worker never acknowledged it.
    assert job.task_id in rig.unacked()
    assert len(rig.delivered(to=job.to)) == int(sent_before_the_kill)
    assert bool(job.recorded()) is sent_before_the_kill
    recorded_by_the_first = job.recorded()

    rig.wait_until_redeliverable(job.task_id)
    rig.start_worker("second", APPOINTMENT_REMINDER_HOURS=REMINDER_HOURS)
    (run,) = rig.wait_for(
        "the job to be re-delivered to the second worker and finish",
        lambda: rig.runs(job.task_id, worker="second"),
    )

    assert run["state"] == "SUCCESS"
    assert run["retval"] == (
        job.returns_when_skipped if sent_before_the_kill else job.returns_when_sent
    )
    delivered = rig.delivered(to=job.to)
    assert [str(m["Subject"]).strip() for m in delivered] == [job.subject], rig.logs()
    assert len(rig.mail_files()) == 1
    assert job.recorded()
    if sent_before_the_kill:
        assert job.recorded() == recorded_by_the_first  # recorded once, not again
    rig.wait_for(
        "the second worker to acknowledge the job", lambda: job.task_id not in rig.unacked()
    )
