"""The list as it was: an appointment keeps the materials list it was booked with."""

import html
import re

import pytest
from django.utils import timezone

from appointments.services import (
    appointment_reschedule,
    home_visit_request_create,
    home_visit_schedule,
)
from hotline.services import hotline_booking_create
from tests.appointments.conftest import at, valid_id_number
from tests.dates import working_day_after
from tests.factories import ExemptionFactory, MaterialItemFactory, UserFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def edit_catalogue(world):
    """The bureau edits the list after the booking: renames the first item, drops the second,
    adds a third."""
    first, second = world.materials
    first.name_en, first.name_zh, first.copies = "Renamed paper", "改名材料", 3
    first.save()
    second.delete()
    MaterialItemFactory(
        matter=world.matter, position=9, name_en="Brand new paper", name_zh="新增材料"
    )


def test_a_catalogue_edit_leaves_the_booked_list_unchanged_on_every_page(english, world):
    appointment = world.book()
    old_names = [m.name_en for m in world.materials]
    edit_catalogue(world)

    english.force_login(world.resident)
    page = text(english.get(f"/appointments/{appointment.reference}/"))
    for name in old_names:
        assert name in page
    assert "Renamed paper" not in page and "Brand new paper" not in page
    assert "the list as it was when you booked" in page

    # The materials page offers uploads for the booked items only.
    upload_page = text(english.get(f"/appointments/{appointment.reference}/materials/"))
    assert old_names[0] in upload_page and "Brand new paper" not in upload_page

    english.force_login(world.staff_a)
    staff = text(english.get(f"/staff/appointments/{appointment.reference}/"))
    assert old_names[0] in staff and "Renamed paper" not in staff and "Brand new paper" not in staff

    # A new booking gets the new list; the matter's page says when it changed.
    later = world.book(world.other_resident, hour=10)
    assert [item.name for item in later.booked_materials] == ["Renamed paper", "Brand new paper"]
    guide = text(english.get(f"/matters/{world.matter.code}/"))
    today = timezone.localdate().isoformat()
    assert f"This list last changed on {today}" in guide


def test_the_snapshot_keeps_every_attribute_in_both_languages(world):
    exemption = ExemptionFactory(evidence_zh="低保证", evidence_en="Allowance certificate")
    world.matter.exemptions.add(exemption)
    item = world.materials[0]
    item.verification_kind = "marital"
    item.save()
    appointment = world.book()
    snapshot = appointment.materials_snapshot
    stored = snapshot["items"][0]
    assert stored == {
        "id": item.pk,
        "position": item.position,
        "name_zh": item.name_zh,
        "name_en": item.name_en,
        "note_zh": item.note_zh,
        "note_en": item.note_en,
        "form": item.form,
        "copies": item.copies,
        "provider": item.provider,
        "commitment_allowed": item.commitment_allowed,
        "verification_kind": "marital",
    }
    assert len(snapshot["items"]) == 2 and snapshot["source"] == "booking"


def test_an_upload_for_an_item_added_after_booking_is_refused(world):
    from casework.errors import MaterialNotOnChecklist
    from casework.services import material_submission_create
    from tests.casework.conftest import PDF, upload

    appointment = world.book()
    added = MaterialItemFactory(matter=world.matter, position=9)
    with pytest.raises(MaterialNotOnChecklist):
        material_submission_create(
            appointment=appointment, material=added, by=world.resident, file=upload("a.pdf", PDF)
        )


def test_a_reschedule_keeps_the_list(world):
    appointment = world.book()
    before = appointment.materials_snapshot
    edit_catalogue(world)
    moved = appointment_reschedule(
        appointment=appointment,
        starts_at=at(working_day_after(world.bookable.day), 10),
        actor=world.resident,
    )
    moved.refresh_from_db()
    assert moved.materials_snapshot == before


def test_hotline_and_home_visit_bookings_keep_the_list_too(world):
    operator = UserFactory(role="hotline_operator")
    record = hotline_booking_create(
        operator=operator,
        real_name="李来电",
        phone="13900139000",
        id_number=valid_id_number(777),
        consent=True,
        matter=world.matter,
        office=world.bookable.office,
        starts_at=at(world.bookable.day, 9),
        language="en",
    )
    visit = home_visit_request_create(
        resident=world.resident,
        matter=world.matter,
        office=world.bookable.office,
        address="No. 1 Road",
        reason="Bedridden",
        phone="13800138000",
    )
    scheduled = home_visit_schedule(
        request=visit, starts_at=at(world.bookable.day, 10), minutes=60, by=world.staff_a
    )
    names = [m.name_en for m in world.materials]
    edit_catalogue(world)
    for appointment in (record.appointment, scheduled):
        appointment.refresh_from_db()
        assert [item.name_en for item in appointment.booked_materials] == names


def test_the_page_reads_the_snapshot_in_chinese(chinese, world):
    appointment = world.book()
    zh = world.materials[0].name_zh
    edit_catalogue(world)
    chinese.force_login(world.resident)
    page = text(chinese.get(f"/appointments/{appointment.reference}/"))
    assert zh in page and "改名材料" not in page
