"""Hostile input on the legal-aid forms (the application with its scans, the applicant's answer
to the one-time notice, the centre's steps): never a server error, and either one whole
application (with its submitted event and its files) or nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from legalaid import services
from legalaid.models import Application, ApplicationEvent, ApplicationFile
from tests.casework.conftest import HTML, JPEG, PDF, PNG
from tests.legalaid.conftest import make_world

from .strategies import hostile_scalar, params, values
from .support import assert_no_server_error, examples, post_form, snapshot, table

pytestmark = pytest.mark.django_db

contents = st.one_of(
    st.sampled_from([PDF, JPEG, PNG, HTML, b"", b"%PDF-1.4 broken"]), st.binary(max_size=100)
)
names = st.one_of(
    st.sampled_from(["scan.pdf", "photo.jpg", "photo.png", "x.exe", "../../x.pdf"]),
    hostile_scalar.map(lambda s: s[:60]),
)
files = st.builds(lambda name, content: SimpleUploadedFile(name or "x", content), names, contents)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"


@pytest.fixture
def la_world(db):
    return make_world()


APPLICATION_TABLES = {table(Application), table(ApplicationEvent), table(ApplicationFile)}


def _whole_or_nothing(before, response) -> None:
    assert_no_server_error(response)
    changes = before.changes(snapshot())
    assert set(changes) <= APPLICATION_TABLES, changes
    if changes:
        assert response.status_code == 302
        assert changes[table(Application)] == 1 and changes[table(ApplicationEvent)] == 1
        application = Application.objects.order_by("-pk").first()
        assert changes.get(table(ApplicationFile), 0) == application.files.count()
        assert application.consent and application.applicant_name


@examples(40)
@given(data=st.data())
def test_the_application_form_stores_a_whole_application_or_nothing(client, la_world, data):
    client.force_login(la_world.users["resident"])
    fields = data.draw(
        params(
            centre=values(str(la_world.centre.pk), "0", "-1"),
            applicant_name=values("王申请", "A" * 61),
            applicant_phone=values("13900001111", "+86 139 0000 1111"),
            agent_name=values("", "王代理"),
            agent_relation=values("", "儿子"),
            case_description=values("拖欠工资。"),
            ground=values("migrant_worker", "hardship", "elderly"),
            monthly_income_per_person=values("1000", "-1", "1e9", "NaN"),
            consent=values("on"),
        )
    )
    uploads = {
        f"document_{position}": data.draw(files)
        for position in data.draw(st.lists(st.sampled_from([0, 1, 2, 3, 99]), max_size=3))
    }
    before = snapshot()
    if uploads:
        plain = {k: v for k, v in fields.items() if isinstance(v, str)}
        response = client.post(
            f"/legal-aid/cases/{la_world.kind.slug}/apply/", {**plain, **uploads}
        )
    else:
        response = post_form(client, f"/legal-aid/cases/{la_world.kind.slug}/apply/", fields)
    _whole_or_nothing(before, response)


@examples(30)
@given(data=st.data())
def test_the_centres_steps_never_fail_or_half_record(client, la_world, data):
    application = getattr(la_world, "_application", None)
    if application is None:
        application = la_world._application = services.application_submit(
            applicant=la_world.users["resident"],
            centre=la_world.centre,
            case_kind=la_world.kind,
            applicant_name="王申请",
            applicant_phone="13900001111",
            case_description="拖欠工资",
            ground="migrant_worker",
            consent=True,
            uploads=[],
        )
    client.force_login(la_world.users[data.draw(st.sampled_from(["staff_a", "staff_b"]))])
    fields = data.draw(
        params(
            action=values("accept", "missing", "decide"),
            **{
                "missing-note": values("身份证复印件"),
                "decision-decision": values("grant", "refuse"),
                "decision-reason": values("收入超过标准"),
            },
        )
    )
    before_events = ApplicationEvent.objects.filter(application=application).count()
    response = post_form(client, f"/legal-aid/centre/{application.reference}/", fields)
    assert_no_server_error(response)
    application.refresh_from_db()
    events = ApplicationEvent.objects.filter(application=application).count()
    assert events - before_events in (0, 1)
    if application.status == "refused":
        assert application.decision_reason
    if application.missing_requested_at:
        assert application.missing_note
