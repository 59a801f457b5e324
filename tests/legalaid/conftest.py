from __future__ import annotations

from dataclasses import dataclass

import pytest

from accounts.models import User
from legalaid.models import CaseDocument, CaseKind, LegalAidCentre
from tests.appointments.conftest import make_resident
from tests.factories import LegalAidCentreFactory, OfficeFactory, UserFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Every test writes its uploads to its own directory, never to the real one."""
    root = tmp_path / "private_media"
    settings.PRIVATE_MEDIA_ROOT = root
    return root


def make_kind(slug: str = "unpaid-wages", *, documents: int = 2, **extra) -> CaseKind:
    kind = CaseKind.objects.create(
        slug=slug,
        name_zh=extra.pop("name_zh", f"追索劳动报酬{slug}"),
        name_en=extra.pop("name_en", f"Claiming unpaid wages {slug}"),
        summary_zh="用人单位拖欠工资。",
        summary_en="An employer withholds wages.",
        eligibility_zh="农民工不审查经济困难状况。",
        eligibility_en="Migrant workers are not asked about hardship.",
        **extra,
    )
    for position in range(1, documents + 1):
        CaseDocument.objects.create(
            case_kind=kind,
            position=position,
            name_zh=f"证明材料{position}",
            name_en=f"Proof number {position}",
            form=CaseDocument.Form.COPY,
        )
    return kind


@dataclass
class World:
    kind: CaseKind
    centre: LegalAidCentre
    other_centre: LegalAidCentre
    users: dict[str, User]


def make_world() -> World:
    kind = make_kind()
    centre, other = LegalAidCentreFactory(), LegalAidCentreFactory()
    office = OfficeFactory()
    users = {
        "resident": make_resident(email="applicant@example.com"),
        "other_resident": make_resident(email="someone-else@example.com"),
        "clerk": UserFactory(role=User.Role.OFFICE_STAFF, office=office),
        "staff_a": UserFactory(role=User.Role.LEGAL_AID_STAFF, legal_aid_centre=centre),
        "staff_b": UserFactory(role=User.Role.LEGAL_AID_STAFF, legal_aid_centre=other),
        "operator": UserFactory(role=User.Role.HOTLINE_OPERATOR),
        "bureau": UserFactory(role=User.Role.BUREAU_ADMIN),
    }
    return World(kind, centre, other, users)


@pytest.fixture
def world(db) -> World:
    return make_world()
