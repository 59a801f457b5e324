"""The subjects migration (supervision 0002) and the legal-aid channel (legalaid 0004) applied to
a database holding the old rows: opinions and return visits keep their appointment and satisfy
the one-subject rules, old applications count as made online, and the new rules hold at once."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.migration_steps import before, migrate, one_appointment, restoring_latest

pytestmark = pytest.mark.django_db(transaction=True)

UNDER_TEST = [("supervision", "0002_subjects"), ("legalaid", "0004_application_channel")]


def test_old_opinions_visits_and_applications_survive_the_migration():
    with restoring_latest():
        old = migrate(before(*UNDER_TEST))
        start = timezone.now() - dt.timedelta(days=400)
        rows = one_appointment(old, starts_at=start, reference="20251101-AAAA", status="completed")
        resident, district, appointment = rows.resident, rows.district, rows.appointment
        caller = old.get_model("accounts", "User").objects.create(
            username="c", email="c@example.com"
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

        new = migrate(UNDER_TEST)
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
