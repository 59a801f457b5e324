import pytest
from django.contrib.auth.models import Group, Permission

from notaries.models import Matter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureau_admin(db):
    group = Group.objects.create(name="Bureau admins")
    group.permissions.set(Permission.objects.filter(content_type__app_label="notaries"))
    user = UserFactory(email="admin@example.com", is_staff=True, role="bureau_admin")
    user.groups.add(group)
    return user


def _matter_form(matter, **changes):
    data = {
        "code": matter.code,
        "name_zh": matter.name_zh,
        "name_en": matter.name_en,
        "category": matter.category_id,
        "is_published": "on",
        "description_zh": matter.description_zh,
        "description_en": matter.description_en,
        "run_at_most_once": "on",
        "processing_days": matter.processing_days,
        "appointment_minutes": matter.appointment_minutes,
        "fee_amount": str(matter.fee_amount),
        "fee_included_copies": matter.fee_included_copies,
        "fee_per_extra_copy": str(matter.fee_per_extra_copy),
        "fee_per_extra_party": str(matter.fee_per_extra_party),
        "fee_value_minimum": str(matter.fee_value_minimum),
        "fee_value_maximum": "" if matter.fee_value_maximum is None else matter.fee_value_maximum,
        "fee_basis_zh": matter.fee_basis_zh,
        "fee_basis_en": matter.fee_basis_en,
        "exemptions": [e.pk for e in matter.exemptions.all()],
        "materials-TOTAL_FORMS": matter.materials.count(),
        "materials-INITIAL_FORMS": matter.materials.count(),
        "materials-MIN_NUM_FORMS": 0,
        "materials-MAX_NUM_FORMS": 1000,
        "fee_bands-TOTAL_FORMS": matter.fee_bands.count(),
        "fee_bands-INITIAL_FORMS": matter.fee_bands.count(),
        "fee_bands-MIN_NUM_FORMS": 0,
        "fee_bands-MAX_NUM_FORMS": 1000,
    }
    if matter.fee_by_value:
        data["fee_by_value"] = "on"
    for i, band in enumerate(matter.fee_bands.all()):
        data[f"fee_bands-{i}-id"] = band.pk
        data[f"fee_bands-{i}-matter"] = matter.pk
        data[f"fee_bands-{i}-lower_bound"] = str(band.lower_bound)
        data[f"fee_bands-{i}-rate_percent"] = str(band.rate_percent)
    for i, item in enumerate(matter.materials.all()):
        for field in [
            "position",
            "name_zh",
            "name_en",
            "form",
            "copies",
            "provider",
            "note_zh",
            "note_en",
        ]:
            data[f"materials-{i}-{field}"] = getattr(item, field)
        data[f"materials-{i}-id"] = item.pk
        data[f"materials-{i}-matter"] = matter.pk
        if item.commitment_allowed:
            data[f"materials-{i}-commitment_allowed"] = "on"
    data.update(changes)
    return data


def test_bureau_admin_edits_a_matter_and_its_materials_and_the_history_shows_who_and_what(
    client, catalogue, bureau_admin
):
    client.force_login(bureau_admin)
    will = catalogue.will
    url = f"/admin/notaries/matter/{will.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        _matter_form(will, processing_days=3, **{"materials-1-copies": 3}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    will.refresh_from_db()
    assert will.processing_days == 3
    assert will.materials.get(position=2).copies == 3

    latest = will.history.first()
    assert latest.history_user == bureau_admin
    assert latest.history_type == "~"
    delta = latest.diff_against(latest.prev_record)
    assert [c.field for c in delta.changes] == ["processing_days"]
    item_history = will.materials.get(position=2).history.first()
    assert item_history.history_user == bureau_admin

    history_page = client.get(
        f"/admin/notaries/matter/{will.pk}/history/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert history_page.status_code == 200
    assert "admin@example.com" in history_page.content.decode()


def test_admin_rejects_an_invalid_matter_with_a_message_and_keeps_the_input(
    client, catalogue, bureau_admin
):
    client.force_login(bureau_admin)
    will = catalogue.will
    response = client.post(
        f"/admin/notaries/matter/{will.pk}/change/",
        _matter_form(will, processing_days=0, name_en="Will (edited)"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Processing time must be 1 to 60 working days." in body
    assert 'value="Will (edited)"' in body
    assert Matter.objects.get(pk=will.pk).name_en == "Will"


def test_a_resident_cannot_enter_the_admin(client, catalogue):
    resident = UserFactory()
    client.force_login(resident)
    response = client.get("/admin/notaries/matter/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_shows_the_demo_banner_only_on_demo_data(client, catalogue, bureau_admin):
    from notaries.models import DemoDataset

    client.force_login(bureau_admin)
    assert "DEMO DATA" not in client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    DemoDataset.objects.create(version=1)
    assert "DEMO DATA" in client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_bureau_admin_reads_appointments_but_cannot_edit_them_in_the_admin(client, bureau_admin):
    from django.contrib.auth.models import Permission

    from appointments.services import appointment_book
    from tests.appointments.conftest import at, make_bookable, make_resident

    bureau_admin.groups.first().permissions.add(
        *Permission.objects.filter(content_type__app_label="appointments")
    )
    bookable = make_bookable()
    appointment = appointment_book(
        resident=make_resident(email="r@example.com"),
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 9),
    )
    client.force_login(bureau_admin)
    listing = client.get("/admin/appointments/appointment/", HTTP_ACCEPT_LANGUAGE="en")
    assert listing.status_code == 200 and appointment.reference in listing.content.decode()
    page = client.get(f"/admin/appointments/appointment/{appointment.pk}/change/")
    assert page.status_code == 200
    assert "13800138000" not in page.content.decode()  # the phone number is not shown
    response = client.post(f"/admin/appointments/appointment/{appointment.pk}/change/", {})
    assert response.status_code == 403
    assert (
        client.post(f"/admin/appointments/appointment/{appointment.pk}/delete/").status_code == 403
    )
