"""Legal-aid centres and their staff: a new organisation kind beside the notary offices, whose
staff see their own centre only and nothing of the notary offices' work."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from accounts.models import User
from accounts.permissions import (
    has_role,
    is_legal_aid_desk_user,
    is_staff_member,
    legal_aid_centres_for_staff,
    offices_for_staff,
)
from tests.factories import LegalAidCentreFactory, OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_centre_staff_see_their_own_centre_only():
    mine, other = LegalAidCentreFactory(), LegalAidCentreFactory()
    staff = UserFactory(role=User.Role.LEGAL_AID_STAFF, legal_aid_centre=mine)
    assert list(legal_aid_centres_for_staff(staff)) == [mine]
    assert other not in legal_aid_centres_for_staff(staff)
    # A centre's staff work on no notary office's appointments or cases.
    OfficeFactory()
    assert not offices_for_staff(staff).exists()
    assert not is_staff_member(staff)
    assert is_legal_aid_desk_user(staff)


def test_bureau_admins_see_every_centre_and_nobody_else_sees_any():
    centres = {LegalAidCentreFactory(), LegalAidCentreFactory()}
    bureau = UserFactory(role=User.Role.BUREAU_ADMIN)
    assert set(legal_aid_centres_for_staff(bureau)) == centres
    office = OfficeFactory()
    for role, extra in [
        (User.Role.RESIDENT, {}),
        (User.Role.OFFICE_STAFF, {"office": office}),
        (User.Role.HOTLINE_OPERATOR, {}),
    ]:
        user = UserFactory(role=role, **extra)
        assert not legal_aid_centres_for_staff(user).exists(), role
        assert not is_legal_aid_desk_user(user), role


def test_a_deactivated_centre_account_loses_its_centre():
    staff = UserFactory(
        role=User.Role.LEGAL_AID_STAFF, legal_aid_centre=LegalAidCentreFactory(), is_active=False
    )
    assert not legal_aid_centres_for_staff(staff).exists()
    assert not has_role(staff, User.Role.LEGAL_AID_STAFF)


def test_the_database_refuses_centre_staff_without_a_centre():
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role=User.Role.LEGAL_AID_STAFF, legal_aid_centre=None)
    assert not User.objects.filter(role=User.Role.LEGAL_AID_STAFF).exists()


def test_a_centre_keeps_its_change_history_and_speaks_both_languages(settings):
    from django.utils import translation

    centre = LegalAidCentreFactory(
        name_zh="东城区法律援助中心", name_en="Dongcheng Legal Aid Centre"
    )
    centre.phone = "010-64012348"
    centre.save()
    assert centre.history.count() == 2
    with translation.override("en"):
        assert centre.name == "Dongcheng Legal Aid Centre"
    with translation.override("zh-hans"):
        assert centre.name == "东城区法律援助中心"
