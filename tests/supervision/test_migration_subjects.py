"""The subjects migration (supervision 0002) and the legal-aid channel (legalaid 0004) applied to
a database holding the old rows: opinions and return visits keep their appointment and satisfy
the one-subject rules, old applications count as made online, and the new rules hold at once."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

UNDER_TEST = [("supervision", "0002_subjects"), ("legalaid", "0004_application_channel")]


def _before():
    """Every app at its latest migration that does not need the ones under test (backwards from
    the latest, so Django accepts the plan)."""
    graph = MigrationExecutor(connection).loader.graph
    targets = []
    for app, name in graph.leaf_nodes():
        node = (app, name)
        while node is not None and any(m in graph.forwards_plan(node) for m in UNDER_TEST):
            parents = [p.key for p in graph.node_map[node].parents if p.key[0] == app]
            node = parents[0] if parents else None
        targets.append(node or (app, None))
    return targets


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def test_old_opinions_visits_and_applications_survive_the_migration():
    try:
        _old_rows_survive()
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _old_rows_survive():
    old = _migrate(_before())
    User = old.get_model("accounts", "User")
    resident = User.objects.create(username="r", email="r@example.com")
    caller = User.objects.create(username="c", email="c@example.com")
    district = old.get_model("notaries", "District").objects.create(
        slug="d", name_zh="区", name_en="D"
    )
    category = old.get_model("notaries", "MatterCategory").objects.create(
        slug="c", name_zh="类", name_en="C"
    )
    matter = old.get_model("notaries", "Matter").objects.create(
        code="will",
        name_zh="遗嘱",
        name_en="Will",
        category=category,
        description_zh="x",
        description_en="x",
        fee_amount=Decimal("300.00"),
        fee_basis_zh="x",
        fee_basis_en="x",
    )
    office = old.get_model("notaries", "Office").objects.create(
        slug="o",
        name_zh="处",
        name_en="O",
        district=district,
        kind="public",
        address_zh="a",
        address_en="a",
        phone="010-12345678",
        opening_hours_zh="h",
        opening_hours_en="h",
    )
    notary = old.get_model("notaries", "Notary").objects.create(
        office=office, name_zh="甲", name_en="A", licence_number="1234567890"
    )
    start = timezone.now() - dt.timedelta(days=400)
    appointment = old.get_model("appointments", "Appointment").objects.create(
        reference="20251101-AAAA",
        resident=resident,
        matter=matter,
        office=office,
        notary=notary,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=30),
        status="completed",
        applicant_name="x",
        applicant_phone="13800138000",
        fee_quote=Decimal("300.00"),
        fee_gross=Decimal("300.00"),
    )
    Opinion = old.get_model("supervision", "Opinion")
    about = Opinion.objects.create(kind="complaint", text="Slow.", appointment=appointment)
    general = Opinion.objects.create(kind="opinion", text="Fine.")
    draw = old.get_model("supervision", "ReturnVisitDraw").objects.create(
        year=start.year, seed=1, per_notary=10, candidates_digest="x"
    )
    visit = old.get_model("supervision", "ReturnVisit").objects.create(
        draw=draw,
        appointment=appointment,
        status="done",
        satisfaction=4,
        fee_as_quoted=True,
        one_visit=True,
        caller=caller,
        called_at=timezone.now(),
    )
    centre = old.get_model("legalaid", "LegalAidCentre").objects.create(
        slug="n",
        name_zh="中心",
        name_en="Centre",
        district=district,
        address_zh="a",
        address_en="a",
        phone="010-12348000",
    )
    kind = old.get_model("legalaid", "CaseKind").objects.create(
        slug="w", name_zh="工资", name_en="Wages", summary_zh="x", eligibility_zh="x"
    )
    application = old.get_model("legalaid", "Application").objects.create(
        reference="LA-20251101-AAAA",
        applicant=resident,
        centre=centre,
        case_kind=kind,
        applicant_name="王",
        applicant_phone="13900001111",
        case_description="x",
        ground="migrant_worker",
        consent=True,
    )

    new = _migrate([("supervision", "0002_subjects"), ("legalaid", "0004_application_channel")])
    Opinion = new.get_model("supervision", "Opinion")
    ReturnVisit = new.get_model("supervision", "ReturnVisit")
    Application = new.get_model("legalaid", "Application")
    moved = Opinion.objects.get(pk=about.pk)
    assert moved.appointment_id == appointment.pk and moved.consultation_id is None
    assert Opinion.objects.get(pk=general.pk).legal_aid_application_id is None
    kept = ReturnVisit.objects.get(pk=visit.pk)
    assert (kept.appointment_id, kept.satisfaction) == (appointment.pk, 4)
    old_application = Application.objects.get(pk=application.pk)
    assert (old_application.channel, old_application.filed_by_id) == ("web", None)

    # The new rules hold from the first row on.
    with pytest.raises(IntegrityError), transaction.atomic():
        ReturnVisit.objects.create(draw_id=draw.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Opinion.objects.create(
            kind="opinion",
            text="Two.",
            appointment_id=appointment.pk,
            legal_aid_application_id=application.pk,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(channel="hotline")
    # A legal-aid visit needs no fee answers.
    ReturnVisit.objects.create(
        draw_id=draw.pk,
        legal_aid_application_id=application.pk,
        status="done",
        satisfaction=5,
        caller_id=caller.pk,
        called_at=timezone.now(),
    )
