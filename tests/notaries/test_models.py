from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from notaries.models import MaterialItem, Matter
from tests.factories import MaterialItemFactory, MatterFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("processing_days", 0),
        ("processing_days", 61),
        ("appointment_minutes", 5),
        ("appointment_minutes", 300),
        ("fee_amount", Decimal("-1.00")),
        ("code", "Will Notarization"),
        ("code", "-will"),
    ],
)
def test_database_rejects_a_matter_outside_the_rules(field, value):
    matter = MatterFactory(materials=0)
    setattr(matter, field, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        matter.save()


def test_matter_validation_explains_the_processing_time_rule_in_the_visitors_language():
    matter = MatterFactory.build(processing_days=0, category=MatterFactory(materials=0).category)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        matter.full_clean()
    assert "Processing time must be 1 to 60 working days." in str(error.value)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        matter.full_clean()
    assert "办理时限必须为1至60个工作日" in str(error.value)


def test_a_materials_list_cannot_hold_two_items_at_the_same_position():
    item = MaterialItemFactory(position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        MaterialItemFactory(matter=item.matter, position=1)


def test_material_copies_must_be_at_least_one():
    item = MaterialItemFactory()
    item.copies = 0
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_names_follow_the_active_language_and_fall_back_to_chinese():
    matter = MatterFactory(name_zh="遗嘱公证", name_en="Will", materials=0)
    with translation.override("zh-hans"):
        assert matter.name == "遗嘱公证"
    with translation.override("en"):
        assert matter.name == "Will"
    item = MaterialItemFactory(matter=matter, note_zh="需本人到场", note_en="")
    with translation.override("en"):
        assert item.note == "需本人到场"


def test_materials_come_in_their_listed_order():
    matter = MatterFactory(materials=0)
    for position in (3, 1, 2):
        MaterialItemFactory(matter=matter, position=position, name_en=f"Item {position}")
    assert [m.name_en for m in matter.materials.all()] == ["Item 1", "Item 2", "Item 3"]
    assert MaterialItem._meta.ordering == ["matter", "position"]


def test_email_addresses_are_unique_regardless_of_case():
    UserFactory(email="Resident@Example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="resident@example.com")


def test_matter_code_is_the_stable_public_address():
    matter = MatterFactory(code="power-of-attorney", materials=0)
    assert matter.get_absolute_url() == "/matters/power-of-attorney/"
    assert Matter.objects.published().filter(pk=matter.pk).exists()
