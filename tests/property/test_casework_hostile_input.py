"""Hostile answers on the materials page (one form, many files): never a server error; every
stored answer is whole and is exactly one row of material_submission; nothing else is written."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from casework.models import MaterialSubmission
from tests.casework.conftest import HTML, JPEG, PDF, PNG

from .strategies import hostile_scalar
from .support import assert_no_server_error, book, examples, has_nul, snapshot, table

pytestmark = pytest.mark.django_db

contents = st.one_of(
    st.sampled_from([PDF, JPEG, PNG, HTML, b"", b"%PDF-1.4 broken", b"\x89PNG\r\n\x1a\nbad"]),
    st.binary(max_size=200),
)
names = st.one_of(
    st.sampled_from(["scan.pdf", "photo.jpg", "photo.png", "x.exe", "../../etc/passwd.pdf"]),
    hostile_scalar.map(lambda s: s[:80]),
)
files = st.builds(lambda name, content: SimpleUploadedFile(name or "x", content), names, contents)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"


@examples(50)
@given(data=st.data())
def test_the_materials_form_stores_whole_answers_or_nothing(signed_in, world, resident, data):
    appointment = getattr(world, "_appointment", None)
    if appointment is None:
        appointment = world._appointment = book(world, resident)
    items = list(world.matter.materials.order_by("position"))
    keys = [str(item.pk) for item in items] + ["other", "999999", "-1", "x"]
    fields: dict = {}
    for key in data.draw(st.lists(st.sampled_from(keys), max_size=5, unique=True)):
        if data.draw(st.booleans()):
            fields[f"file_{key}"] = data.draw(st.lists(files, min_size=1, max_size=2))
        if data.draw(st.booleans()):
            fields[f"original_{key}"] = data.draw(st.one_of(st.just("on"), hostile_scalar))
    if data.draw(st.booleans()):
        fields["material"] = data.draw(st.one_of(st.sampled_from(keys), hostile_scalar))
        fields["file"] = data.draw(files)
    before = snapshot()
    response = signed_in.post(f"/appointments/{appointment.reference}/materials/", fields)
    assert_no_server_error(response)
    assert response.status_code in (302, 400)
    changes = before.changes(snapshot())
    stored = MaterialSubmission.objects.filter(appointment=appointment)
    assert set(changes) <= {table(MaterialSubmission)}, changes
    assert changes.get(table(MaterialSubmission), 0) == stored.count()
    for submission in stored:
        # Whole: a checked scan with its type, size and digest, or a promise with no file.
        if submission.bring_original:
            assert not submission.file and submission.material_id is not None
        else:
            assert submission.file and submission.size and len(submission.sha256) == 64
            assert submission.content_type in ("application/pdf", "image/jpeg", "image/png")
    if has_nul(*[v for v in fields.values() if isinstance(v, str)]):
        assert response.status_code == 400
    for submission in stored:
        if submission.file:
            submission.file.delete(save=False)
    stored.delete()


@examples(40)
@given(data=st.data())
def test_the_prereview_form_records_a_whole_decision_or_nothing(client, world, resident, data):
    from django.contrib.auth import get_user_model

    from casework.models import OutsideListRequest, PreReview, PreReviewItem

    from .strategies import params, values
    from .support import post_form

    appointment = getattr(world, "_appointment", None)
    if appointment is None:
        appointment = world._appointment = book(world, resident)
        world._clerk = get_user_model().objects.create(
            username="clerk-fuzz",
            email="clerk@example.com",
            role="office_staff",
            office=world.office,
        )
    client.force_login(world._clerk)
    items = list(world.matter.materials.order_by("position"))
    kinds = ("ok", "missing", "unreadable", "expired", "wrong", "data_link", "other")
    fields = data.draw(
        params(
            **{f"status_{item.pk}": values(*kinds) for item in items},
            **{f"note_{item.pk}": values("old deed", "") for item in items},
            status_999999=values("missing"),
            message=values("", "please"),
            outside_document=values("", "Birth record"),
            outside_basis=values("", "Law art. 28"),
            reason=values("", "Expired since"),
        )
    )
    before = snapshot()
    response = post_form(client, f"/staff/appointments/{appointment.reference}/pre-review/", fields)
    assert_no_server_error(response)
    assert response.status_code in (302, 400)
    changes = before.changes(snapshot())
    if response.status_code != 302:
        assert changes == {}, changes
        return
    review = PreReview.objects.get(appointment=appointment)
    expected = {table(PreReview): 1}
    if review.items.count():
        expected[table(PreReviewItem)] = review.items.count()
    if review.outside_requests.count():
        expected[table(OutsideListRequest)] = review.outside_requests.count()
    assert changes == expected
    for request in review.outside_requests.all():
        assert request.document and request.legal_basis
    review.items.all().delete()
    review.outside_requests.all().delete()
    review.delete()
