"""Proposals from false commitments recorded before the bureau decided them on its page: one whose
status the admin had set by hand (no entry, no author) goes back to the bureau as a proposal, so
the "a decision is whole" constraint holds on the old data."""

import pytest

from tests.migration_steps import before, latest, migrate, one_appointment, restoring_latest

pytestmark = pytest.mark.django_db(transaction=True)


def test_hand_set_statuses_go_back_to_the_bureau():
    with restoring_latest():
        old = migrate(before(("commitments", "0002_report_decision")))
        rows = one_appointment(old)
        resident, appointment = rows.resident, rows.appointment
        clerk = old.get_model("accounts", "User").objects.create(
            username="c", email="c@example.com"
        )
        statement = old.get_model("commitments", "CommitmentStatement").objects.create(
            version=1, text_zh="承诺", text_en="I promise"
        )
        Commitment = old.get_model("commitments", "Commitment")
        Report = old.get_model("commitments", "FalseCommitmentReport")
        reports = {}
        for material_id, status in ((1, "proposed"), (2, "entered"), (3, "dismissed")):
            commitment = Commitment.objects.create(
                appointment=appointment,
                material_id=material_id,
                item_name="x",
                statement=statement,
                real_name="x",
                given_by=resident,
            )
            reports[status] = Report.objects.create(
                commitment=commitment, reported_by=clerk, finding="found", status=status
            )

        new = migrate(latest())
        rows = new.get_model("commitments", "FalseCommitmentReport").objects.all()
        assert {row.pk: row.status for row in rows} == {r.pk: "proposed" for r in reports.values()}
        assert all(row.entry_id is None and row.decided_by_id is None for row in rows)
