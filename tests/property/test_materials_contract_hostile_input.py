"""Hostile answers on the consent to an online check and on the commitment statement: never a
server error; an accepted request writes exactly its one record (a verification, a commitment),
whole; a refused one writes nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commitments.models import Commitment, CommitmentStatement
from verification.models import RegistryRecord, Verification

from .strategies import params, values
from .support import (
    assert_no_server_error,
    assert_unchanged,
    book,
    examples,
    has_nul,
    has_undecodable,
    post_form,
    snapshot,
    table,
)

pytestmark = pytest.mark.django_db

BACKENDS = [
    "verification.backends.DemoVerifier",
    "tests.verification.backends.DownVerifier",
    "tests.verification.backends.TimingOutVerifier",
]


def _appointment(world, resident):
    appointment = getattr(world, "_appointment", None)
    if appointment is None:
        first, second = list(world.matter.materials.order_by("position"))[:2]
        first.verification_kind = "identity"
        first.save()
        second.commitment_allowed = True
        second.save()
        RegistryRecord.objects.create(
            id_number_hash=resident.id_number_hash, kind="identity", summary="valid"
        )
        CommitmentStatement.objects.create(version=1, text_zh="本人承诺", text_en="I promise")
        appointment = world._appointment = book(world, resident)
        world._items = (first, second)
    return appointment, world._items


@examples(40)
@given(data=st.data())
def test_the_consent_form_records_one_whole_answer_or_nothing(
    signed_in, settings, world, resident, data
):
    appointment, (verifiable, other) = _appointment(world, resident)
    settings.VERIFIER_BACKEND = data.draw(st.sampled_from(BACKENDS))
    material = data.draw(st.sampled_from([verifiable.pk, other.pk, 999999]))
    fields = data.draw(params(consent=values("on", "1", "true"), csrfmiddlewaretoken=values()))
    before = snapshot()
    response = post_form(
        signed_in, f"/appointments/{appointment.reference}/verification/{material}/", fields
    )
    assert_no_server_error(response)
    if response.status_code != 302:
        assert response.status_code in (400, 404)
        assert_unchanged(before, response)
        return
    assert material == verifiable.pk
    assert not has_nul(*fields.values()) and not has_undecodable(*fields.values())
    assert before.changes(snapshot()) == {table(Verification): 1}
    check = Verification.objects.get()
    assert check.asked_by == resident and check.kind == "identity"
    assert check.backend == settings.VERIFIER_BACKEND
    expected = "verified" if settings.VERIFIER_BACKEND.endswith("DemoVerifier") else "unavailable"
    assert check.answer == expected
    check.delete()


@examples(40)
@given(data=st.data())
def test_the_commitment_form_records_one_whole_commitment_or_nothing(
    signed_in, world, resident, data
):
    appointment, (verifiable, allowed) = _appointment(world, resident)
    material = data.draw(st.sampled_from([allowed.pk, verifiable.pk, 999999]))
    fields = data.draw(
        params(
            real_name=values(appointment.applicant_name),
            agree=values("on"),
            version=values("1", "2", "0", "-1", "99999999999"),
            confirm=values("1"),
        )
    )
    before = snapshot()
    response = post_form(
        signed_in, f"/appointments/{appointment.reference}/commitments/{material}/", fields
    )
    assert_no_server_error(response)
    if response.status_code != 302:
        assert response.status_code in (200, 400, 404)
        assert_unchanged(before, response)
        return
    assert material == allowed.pk
    assert before.changes(snapshot()) == {table(Commitment): 1}
    commitment = Commitment.objects.get()
    assert commitment.real_name == appointment.applicant_name
    assert commitment.statement.version == 1 and commitment.given_by == resident
    commitment.delete()


@pytest.fixture
def bureau_proposal(world, resident):
    from django.contrib.auth import get_user_model

    from commitments.models import FalseCommitmentReport

    appointment, (_verifiable, allowed) = _appointment(world, resident)
    commitment = Commitment.objects.create(
        appointment=appointment,
        material_id=allowed.pk,
        item_name="x",
        statement=CommitmentStatement.objects.get(version=1),
        real_name=appointment.applicant_name,
        given_by=resident,
    )
    clerk = get_user_model().objects.create(
        username="clerk-p", email="clerk-p@example.com", role="office_staff", office=world.office
    )
    bureau = get_user_model().objects.create(
        username="bureau-p", email="bureau-p@example.com", role="bureau_admin"
    )
    report = FalseCommitmentReport.objects.create(
        commitment=commitment, reported_by=clerk, finding="found"
    )
    return report, bureau


@examples(40)
@given(data=st.data())
def test_the_bureaus_decision_is_whole_or_nothing(client, bureau_proposal, data):
    from blacklist.models import BlacklistEntry
    from commitments.models import FalseCommitmentReport

    report, bureau = bureau_proposal
    client.force_login(bureau)
    action = data.draw(st.sampled_from(["enter", "dismiss"]))
    if action == "enter":
        fields = data.draw(
            params(
                reason=values("False statement, decision 17"),
                starts_on=values("2026-01-05", "2026-13-40", "yesterday"),
                ends_on=values("", "2025-01-01", "2030-12-31"),
            )
        )
    else:
        fields = data.draw(params(reason=values("Not false after all")))
    before = snapshot()
    response = post_form(client, f"/bureau/commitment-reports/{report.pk}/{action}/", fields)
    assert_no_server_error(response)
    if response.status_code != 302:
        assert response.status_code == 400
        assert_unchanged(before, response)
        return
    current = FalseCommitmentReport.objects.get(pk=report.pk)
    changes = before.changes(snapshot())
    if action == "enter":
        entry = BlacklistEntry.objects.get()
        assert current.status == "entered" and current.entry == entry
        assert current.decided_by == bureau and entry.reason
        assert changes == {table(BlacklistEntry): 1, table(BlacklistEntry.history.model): 1}
    else:
        assert current.status == "dismissed" and current.dismiss_reason.strip()
        assert changes == {}
    # Back to a proposal for the next example.
    FalseCommitmentReport.objects.filter(pk=report.pk).update(
        status="proposed", entry=None, decided_by=None, decided_at=None, dismiss_reason=""
    )
    BlacklistEntry.history.model.objects.all().delete()
    BlacklistEntry.objects.all().delete()
