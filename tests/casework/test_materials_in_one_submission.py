"""The materials page sends every chosen file in one submission, with a result per item."""

import html
import re

import pytest

from casework.models import MaterialSubmission
from tests.casework.conftest import HTML, JPEG, PDF, PNG, upload
from tests.factories import MaterialItemFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture
def three_items(world):
    MaterialItemFactory(matter=world.matter, position=3, name_en="Third paper")
    return world


@pytest.fixture
def as_resident(english, three_items):
    english.force_login(three_items.resident)
    return english


def url(appointment) -> str:
    return f"/appointments/{appointment.reference}/materials/"


def test_three_files_in_one_submission_store_three(as_resident, three_items):
    appointment = three_items.book()
    first, second, third = three_items.materials
    response = as_resident.post(
        url(appointment),
        {
            f"file_{first.pk}": upload("id.pdf", PDF),
            f"file_{second.pk}": upload("book.jpg", JPEG),
            f"file_{third.pk}": upload("deed.png", PNG),
        },
    )
    assert response.status_code == 302
    stored = MaterialSubmission.objects.filter(appointment=appointment).order_by(
        "material__position"
    )
    assert [(s.material_id, s.original_name) for s in stored] == [
        (first.pk, "id.pdf"),
        (second.pk, "book.jpg"),
        (third.pk, "deed.png"),
    ]
    page = text(as_resident.get(response["Location"]))
    assert "3 items received" in page
    assert "id.pdf" in page and "book.jpg" in page and "deed.png" in page


def test_files_and_ticks_and_other_documents_go_together(as_resident, three_items):
    appointment = three_items.book()
    first, second, _third = three_items.materials
    response = as_resident.post(
        url(appointment),
        {
            f"file_{first.pk}": upload("id.pdf", PDF),
            f"original_{second.pk}": "on",
            "file_other": [upload("extra1.pdf", PDF), upload("extra2.png", PNG)],
        },
    )
    assert response.status_code == 302
    assert MaterialSubmission.objects.filter(appointment=appointment).count() == 4
    assert MaterialSubmission.objects.get(material=second).bring_original
    assert MaterialSubmission.objects.filter(material__isnull=True).count() == 2


def test_a_refused_file_is_named_on_its_item_and_the_good_ones_are_kept(as_resident, three_items):
    appointment = three_items.book()
    first, second, third = three_items.materials
    response = as_resident.post(
        url(appointment),
        {
            f"file_{first.pk}": upload("id.pdf", PDF),
            f"file_{second.pk}": upload("fake.pdf", HTML),
            f"file_{third.pk}": upload("deed.png", PNG),
        },
    )
    assert response.status_code == 400
    stored = set(
        MaterialSubmission.objects.filter(appointment=appointment).values_list(
            "material", flat=True
        )
    )
    assert stored == {first.pk, third.pk}
    page = text(response)
    assert "2 items were received." in page
    assert "1 answer was not accepted" in page
    assert "fake.pdf: " in page and "does not match its content" in page
    body = response.content.decode()
    # The refusal sits on the second item's card.
    second_card = body[body.index(f'id="item-{second.pk}"') : body.index(f'id="item-{third.pk}"')]
    assert "does not match its content" in second_card and 'aria-invalid="true"' in second_card


def test_a_file_and_a_tick_for_one_item_is_refused_for_that_item_only(as_resident, three_items):
    appointment = three_items.book()
    first, second, _third = three_items.materials
    response = as_resident.post(
        url(appointment),
        {
            f"file_{first.pk}": upload("id.pdf", PDF),
            f"original_{first.pk}": "on",
            f"original_{second.pk}": "on",
        },
    )
    assert response.status_code == 400
    assert list(MaterialSubmission.objects.values_list("material", flat=True)) == [second.pk]
    assert "not both" in text(response)


def test_nothing_chosen_is_explained(as_resident, three_items):
    appointment = three_items.book()
    response = as_resident.post(url(appointment), {})
    assert response.status_code == 400
    assert "Choose a file to upload" in text(response)
    assert not MaterialSubmission.objects.exists()


def test_an_item_not_on_the_list_is_refused(as_resident, three_items):
    appointment = three_items.book()
    stranger = MaterialItemFactory()  # another matter's item
    response = as_resident.post(url(appointment), {f"file_{stranger.pk}": upload("x.pdf", PDF)})
    assert response.status_code == 400
    assert "not on the matter's list" in text(response)
    assert not MaterialSubmission.objects.exists()


def test_the_page_in_chinese(chinese, three_items):
    appointment = three_items.book()
    chinese.force_login(three_items.resident)
    page = text(chinese.get(url(appointment)))
    assert "我将携带原件" in page
