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
