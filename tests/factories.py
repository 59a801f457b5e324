from __future__ import annotations

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from notaries.models import (
    District,
    Exemption,
    MaterialItem,
    Matter,
    MatterCategory,
    Notary,
    Office,
)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    slug = factory.Sequence(lambda n: f"district-{n}")
    name_zh = factory.Sequence(lambda n: f"测试区{n}")
    name_en = factory.Sequence(lambda n: f"Test District {n}")
    position = factory.Sequence(lambda n: n)


class MatterCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatterCategory

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_zh = factory.Sequence(lambda n: f"类别{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    position = factory.Sequence(lambda n: n)


class ExemptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exemption

    code = factory.Sequence(lambda n: f"exemption-{n}")
    name_zh = factory.Sequence(lambda n: f"减免{n}")
    name_en = factory.Sequence(lambda n: f"Exemption {n}")
    description_zh = "符合条件的申请人免收公证费。"
    description_en = "Qualifying applicants pay no fee."


class MatterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Matter
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"matter-{n}")
    name_zh = factory.Sequence(lambda n: f"公证事项{n}")
    name_en = factory.Sequence(lambda n: f"Matter {n}")
    category = factory.SubFactory(MatterCategoryFactory)
    description_zh = "用于说明的事项。"
    description_en = "A matter for testing."
    run_at_most_once = True
    processing_days = 5
    appointment_minutes = 30
    fee_amount = Decimal("200.00")
    fee_basis_zh = "每件200元"
    fee_basis_en = "200 yuan per matter"

    @factory.post_generation
    def materials(self, create, extracted, **kwargs):
        if not create:
            return
        count = 2 if extracted is None else extracted
        for position in range(1, count + 1):
            MaterialItemFactory(matter=self, position=position)


class MaterialItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaterialItem

    matter = factory.SubFactory(MatterFactory, materials=0)
    position = factory.Sequence(lambda n: n + 1)
    name_zh = factory.Sequence(lambda n: f"材料{n}")
    name_en = factory.Sequence(lambda n: f"Document {n}")
    form = MaterialItem.Form.ORIGINAL_AND_COPY
    copies = 1
    provider = MaterialItem.Provider.APPLICANT


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"office-{n}")
    name_zh = factory.Sequence(lambda n: f"测试公证处{n}")
    name_en = factory.Sequence(lambda n: f"Test Notary Office {n}")
    district = factory.SubFactory(DistrictFactory)
    kind = Office.Kind.PUBLIC_INSTITUTION
    address_zh = "测试路1号"
    address_en = "No. 1, Test Road"
    phone = "010-60000000"
    opening_hours_zh = "周一至周五 9:00–17:00"
    opening_hours_en = "Mon–Fri 9:00–17:00"
    # No times kept back for the green channel unless a test asks for it.
    green_channel_percent = 0

    @factory.post_generation
    def matters(self, create, extracted, **kwargs):
        if create and extracted:
            self.matters.set(extracted)


class NotaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notary
        skip_postgeneration_save = True

    office = factory.SubFactory(OfficeFactory)
    name_zh = factory.Sequence(lambda n: f"公证员{n}")
    name_en = factory.Sequence(lambda n: f"Notary {n}")
    licence_number = factory.Sequence(lambda n: f"110099{n:08d}")
    status = Notary.Status.ON_DUTY

    @factory.post_generation
    def matters(self, create, extracted, **kwargs):
        if create and extracted:
            self.matters.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.django.Password("Correct-horse-42")


class LegalAidCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "legalaid.LegalAidCentre"

    slug = factory.Sequence(lambda n: f"centre-{n}")
    name_zh = factory.Sequence(lambda n: f"测试法律援助中心{n}")
    name_en = factory.Sequence(lambda n: f"Test Legal Aid Centre {n}")
    district = factory.SubFactory(DistrictFactory)
    address_zh = "测试路1号"
    address_en = "1 Test Road"
    phone = "010-12348000"
