"""Decisions recorded before the one-time notice existed: the first needs-changes decision of
each appointment becomes its notice, and a notice marked sent is recorded as e-mailed."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.migration_steps import before, latest, migrate, one_appointment, restoring_latest

pytestmark = pytest.mark.django_db(transaction=True)


def test_old_decisions_get_their_notice():
    with restoring_latest():
        old = migrate(before(("casework", "0004_one_time_notice")))
        appointment = one_appointment(old).appointment
        clerk = old.get_model("accounts", "User").objects.create(
            username="c", email="c@example.com"
        )
        PreReview = old.get_model("casework", "PreReview")
        sent = timezone.now() - dt.timedelta(days=1)
        first = PreReview.objects.create(
            appointment=appointment,
            reviewer=clerk,
            outcome="needs_changes",
            created_at=sent,
            notice_sent_at=sent,
        )
        second = PreReview.objects.create(
            appointment=appointment,
            reviewer=clerk,
            outcome="needs_changes",
            created_at=sent + dt.timedelta(hours=1),
        )

        new = migrate(latest())
        rows = {r.pk: r for r in new.get_model("casework", "PreReview").objects.all()}
        assert rows[first.pk].is_notice and rows[first.pk].emailed_at == sent
        assert not rows[first.pk].needs_call
        assert not rows[second.pk].is_notice and rows[second.pk].emailed_at is None
