from dataclasses import dataclass

import pytest

from notaries.models import MaterialItem, Notary, Office
from tests.factories import (
    DistrictFactory,
    ExemptionFactory,
    MaterialItemFactory,
    MatterCategoryFactory,
    MatterFactory,
    NotaryFactory,
    OfficeFactory,
)


@dataclass
class Catalogue:
    family: object
    business: object
    will: object
    loan: object
    elderly: object
    allowance: object
    dongcheng: object
    haidian: object
    central: object
    west: object


@pytest.fixture
def catalogue(db):
    """A small catalogue shaped like the real one: two districts, two offices, two matters."""
    family = MatterCategoryFactory(slug="family", name_zh="婚姻家庭", name_en="Family", position=1)
    business = MatterCategoryFactory(
        slug="business", name_zh="合同商务", name_en="Contracts", position=2
    )
    elderly = ExemptionFactory(
        code="elderly-will",
        name_zh="七十岁以上老人遗嘱免费",
        name_en="Free wills for people aged 70 or over",
    )
    allowance = ExemptionFactory(
        code="minimum-allowance", name_zh="低保对象免费", name_en="Minimum living allowance"
    )
    will = MatterFactory(
        code="will",
        name_zh="遗嘱公证",
        name_en="Will",
        category=family,
        description_zh="订立遗嘱，处分个人财产。",
        description_en="Make a will to decide who receives your property.",
        run_at_most_once=True,
        fee_basis_zh="每件300元",
        fee_basis_en="300 yuan per will",
        materials=0,
    )
    will.exemptions.set([elderly, allowance])
    MaterialItemFactory(
        matter=will,
        position=1,
        name_zh="立遗嘱人居民身份证",
        name_en="Testator's identity card",
        form=MaterialItem.Form.ORIGINAL,
    )
    MaterialItemFactory(
        matter=will,
        position=2,
        name_zh="房产证",
        name_en="Property certificate",
        form=MaterialItem.Form.ORIGINAL_AND_COPY,
        copies=2,
        commitment_allowed=True,
        note_zh="如遗嘱涉及房产",
        note_en="If the will covers a home",
    )
    loan = MatterFactory(
        code="loan-contract",
        name_zh="借款合同公证",
        name_en="Loan contract",
        category=business,
        run_at_most_once=False,
        processing_days=10,
        description_zh="借贷双方签订合同。",
        description_en="A lender and a borrower sign a contract.",
    )
    dongcheng = DistrictFactory(slug="dongcheng", name_zh="东城区", name_en="Dongcheng", position=1)
    haidian = DistrictFactory(slug="haidian", name_zh="海淀区", name_en="Haidian", position=2)
    central = OfficeFactory(
        slug="dongcheng-first",
        name_zh="东城第一公证处",
        name_en="Dongcheng First Notary Office",
        district=dongcheng,
        matters=[will, loan],
    )
    west = OfficeFactory(
        slug="haidian-first",
        name_zh="海淀第一公证处",
        name_en="Haidian First Notary Office",
        district=haidian,
        kind=Office.Kind.COOPERATIVE,
        matters=[loan],
    )
    NotaryFactory(office=central, name_zh="张明", name_en="Zhang Ming", matters=[will, loan])
    NotaryFactory(office=central, name_zh="李华", name_en="Li Hua", status=Notary.Status.ON_LEAVE)
    NotaryFactory(office=west, name_zh="王芳", name_en="Wang Fang", status=Notary.Status.SUSPENDED)
    return Catalogue(
        family, business, will, loan, elderly, allowance, dongcheng, haidian, central, west
    )


@pytest.fixture
def grow(catalogue):
    """Adds many more matters, materials, offices and notaries, to show a page's cost is flat."""

    def _grow(factor: int = 1):
        for _ in range(5 * factor):
            matter = MatterFactory(category=catalogue.family, materials=6)
            matter.exemptions.set([catalogue.allowance])
            catalogue.central.matters.add(matter)
            catalogue.west.matters.add(matter)
            office = OfficeFactory(district=catalogue.haidian, matters=[matter, catalogue.will])
            for _ in range(4):
                NotaryFactory(office=office, matters=[matter])
            for _ in range(4):
                NotaryFactory(office=catalogue.central)
        for _ in range(3 * factor):
            MaterialItemFactory(matter=catalogue.will, position=100 + MaterialItem.objects.count())

    return _grow
