"""The bureau edits every part of the catalogue in the admin: the whole fee standard with its
value bands, exemption rules, offices' booking rules; each validated with a translated message
on the same page, each in the history (a matter's page lists its materials' and bands')."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from notaries.fees import fee_quote
from notaries.models import Exemption, FeeBand, Matter, Office
from tests.factories import UserFactory
from tests.notaries.test_admin import _matter_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureau_admin(db):
    group = Group.objects.create(name="Bureau admins")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=["notaries", "appointments"])
    )
    user = UserFactory(email="admin@example.com", is_staff=True, role="bureau_admin")
    user.groups.add(group)
    return user


def _office_form(office, **changes):
    data = {
        "slug": office.slug,
        "name_zh": office.name_zh,
        "name_en": office.name_en,
        "district": office.district_id,
        "kind": office.kind,
        "is_active": "on",
        "address_zh": office.address_zh,
        "address_en": office.address_en,
        "phone": office.phone,
        "opening_hours_zh": office.opening_hours_zh,
        "opening_hours_en": office.opening_hours_en,
        "booking_window_days": office.booking_window_days,
        "min_notice_minutes": office.min_notice_minutes,
        "buffer_minutes": office.buffer_minutes,
        "green_channel_percent": office.green_channel_percent,
        "matters": [m.pk for m in office.matters.all()],
    }
    data.update(changes)
    return data


def test_a_new_per_copy_fee_saved_in_the_admin_changes_the_quote_on_the_matter_page(
    client, catalogue, bureau_admin
):
    will = catalogue.will
    before = client.get("/matters/will/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "35.00 yuan for each additional copy" not in before
    client.force_login(bureau_admin)
    response = client.post(
        f"/admin/notaries/matter/{will.pk}/change/",
        _matter_form(will, fee_per_extra_copy="35.00", fee_per_extra_party="50"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get("/matters/will/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "35.00 yuan for each additional copy" in page
    assert "50.00 yuan for each party beyond the first" in page
    will.refresh_from_db()
    quote = fee_quote(matter=will, copies=3, parties=2)
    assert quote.gross == will.fee_amount + Decimal("70.00") + Decimal("50.00")
    delta = will.history.first().diff_against(will.history.first().prev_record)
    assert {c.field for c in delta.changes} == {"fee_per_extra_copy", "fee_per_extra_party"}


def test_value_bands_are_an_inline_of_the_matter_and_are_validated(client, catalogue, bureau_admin):
    will = catalogue.will
    client.force_login(bureau_admin)
    url = f"/admin/notaries/matter/{will.pk}/change/"
    assert 'id="fee_bands-group"' in client.get(url).content.decode()
    by_value = {"fee_by_value": "on", "fee_value_minimum": "10", "fee_value_maximum": "5"}
    # No band, and a maximum below the minimum: both said, in Chinese, and nothing saved.
    response = client.post(url, _matter_form(will, **by_value))
    assert response.status_code == 200
    body = response.content.decode()
    assert "最高收费不得低于最低收费。" in body
    assert "按标的额收费至少需要一个标的额档次。" in body
    # Bands that do not start at 0.
    bands = {
        "fee_value_maximum": "",
        "fee_bands-TOTAL_FORMS": 2,
        "fee_bands-0-lower_bound": "100000",
        "fee_bands-0-rate_percent": "1",
        "fee_bands-1-lower_bound": "500000",
        "fee_bands-1-rate_percent": "0.5",
    }
    response = client.post(url, _matter_form(will, **{**by_value, **bands}))
    assert "第一个标的额档次从0元起。" in response.content.decode()
    assert not FeeBand.objects.exists()
    # A rate above 100%.
    bands["fee_bands-0-lower_bound"] = "0"
    bands["fee_bands-1-rate_percent"] = "150"
    response = client.post(url, _matter_form(will, **{**by_value, **bands}))
    assert response.status_code == 200
    assert "费率为0至100（百分比）。" in response.content.decode()
    assert not FeeBand.objects.exists()
    bands["fee_bands-1-rate_percent"] = "0.5"
    response = client.post(url, _matter_form(will, **{**by_value, **bands}))
    assert response.status_code == 302, response.content.decode()[:3000]
    will = Matter.objects.get(pk=will.pk)
    assert [(b.lower_bound, b.rate_percent) for b in will.fee_bands.all()] == [
        (Decimal("0"), Decimal("1")),
        (Decimal("500000"), Decimal("0.5")),
    ]
    # 1% of 500,000 plus 0.5% of the next 100,000.
    assert fee_quote(matter=will, value=Decimal("600000")).gross == will.fee_amount + Decimal(
        "5500.00"
    )


def test_a_material_and_a_band_edit_show_in_the_matters_history(client, catalogue, bureau_admin):
    will = catalogue.will
    will.fee_by_value = True
    will.save()
    band = FeeBand.objects.create(matter=will, lower_bound=0, rate_percent=Decimal("2"))
    client.force_login(bureau_admin)
    form = _matter_form(
        will,
        **{"materials-1-copies": 4, "fee_bands-0-rate_percent": "1.5", "fee_by_value": "on"},
    )
    response = client.post(f"/admin/notaries/matter/{will.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    band.refresh_from_db()
    assert band.rate_percent == Decimal("1.5")

    page = client.get(f"/admin/notaries/matter/{will.pk}/history/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    related = page.content.decode().split('id="related-history"')[1]
    assert "Property certificate" in related
    assert "<strong>Number:</strong> 2 &rarr; 4" in related
    assert "<strong>Rate (%):</strong> 2.000 &rarr; 1.500" in related
    assert "admin@example.com" in related


def test_the_matters_history_page_costs_the_same_queries_however_long_the_history(
    client, catalogue, bureau_admin
):
    will = catalogue.will
    client.force_login(bureau_admin)
    url = f"/admin/notaries/matter/{will.pk}/history/"
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for copies in range(3, 9):
        item = will.materials.get(position=2)
        item.copies = copies
        item.save()
        FeeBand.objects.create(matter=will, lower_bound=copies * 1000, rate_percent=1)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_an_offices_booking_rules_are_edited_validated_and_kept_in_the_history(
    client, catalogue, bureau_admin
):
    office = catalogue.central
    client.force_login(bureau_admin)
    url = f"/admin/notaries/office/{office.pk}/change/"
    page = client.get(url).content.decode()
    for name in ["booking_window_days", "min_notice_minutes", "buffer_minutes"]:
        assert f'name="{name}"' in page
    response = client.post(
        url,
        _office_form(
            office,
            booking_window_days=365,
            min_notice_minutes=20000,
            buffer_minutes=500,
            green_channel_percent=80,
            address_en="Kept as typed",
        ),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "可提前预约天数应为1至180天。" in body
    assert "最短提前时间为0至10080分钟（一周）。" in body
    assert "预约之间的间隔为0至120分钟。" in body
    assert "绿色通道占比须在0至50之间（百分比）。" in body
    assert 'value="Kept as typed"' in body
    response = client.post(
        url,
        _office_form(
            office,
            booking_window_days=60,
            min_notice_minutes=240,
            buffer_minutes=10,
            green_channel_percent=30,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    office = Office.objects.get(pk=office.pk)
    assert (office.booking_window_days, office.min_notice_minutes) == (60, 240)
    assert (office.buffer_minutes, office.green_channel_percent) == (10, 30)
    latest = office.history.first()
    assert latest.history_user == bureau_admin
    assert {c.field for c in latest.diff_against(latest.prev_record).changes} == {
        "booking_window_days",
        "min_notice_minutes",
        "buffer_minutes",
        "green_channel_percent",
    }


def test_an_exemption_rule_is_edited_and_an_age_rule_needs_its_age(client, catalogue, bureau_admin):
    elderly = catalogue.elderly
    client.force_login(bureau_admin)
    url = f"/admin/notaries/exemption/{elderly.pk}/change/"
    data = {
        "code": elderly.code,
        "name_zh": elderly.name_zh,
        "name_en": elderly.name_en,
        "is_active": "on",
        "position": 1,
        "kind": "age",
        "min_age": "",
        "description_zh": "年满七十周岁",
        "description_en": "Aged 70 or over",
        "declaration_zh": "",
        "declaration_en": "",
        "evidence_zh": "",
        "evidence_en": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "按年龄减免的规则须填写最低年龄。" in response.content.decode()
    response = client.post(url, {**data, "kind": "status", "min_age": "70"})
    assert "只有年龄规则才有最低年龄：请留空。" in response.content.decode()
    response = client.post(url, {**data, "min_age": "75"})
    assert response.status_code == 302
    elderly = Exemption.objects.get(pk=elderly.pk)
    assert (elderly.kind, elderly.min_age) == ("age", 75)
    assert elderly.history.first().history_user == bureau_admin


def test_the_statutory_calendar_is_edited_in_the_admin_with_history(client, bureau_admin):
    from appointments.models import CalendarDay
    from tests.dates import next_plain_workday

    day = next_plain_workday()
    client.force_login(bureau_admin)
    response = client.post(
        "/admin/appointments/calendarday/add/",
        {"date": day.isoformat(), "name_zh": "临时调休", "name_en": "Adjusted rest day"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entered = CalendarDay.objects.get(date=day)
    assert entered.is_working_day is False
    assert entered.history.first().history_user == bureau_admin


def test_leave_and_blocks_are_only_read_in_the_admin(client, bureau_admin):
    import datetime as dt

    from appointments.models import Leave
    from tests.factories import NotaryFactory

    leave = Leave.objects.create(
        notary=NotaryFactory(), starts_on=dt.date(2026, 1, 5), ends_on=dt.date(2026, 1, 6)
    )
    client.force_login(bureau_admin)
    listing = client.get("/admin/appointments/leave/")
    assert listing.status_code == 200
    assert "/staff/notaries/" in listing.content.decode()
    assert client.get("/admin/appointments/leave/add/").status_code == 403
    assert client.get("/admin/appointments/block/add/").status_code == 403
    change = f"/admin/appointments/leave/{leave.pk}/change/"
    assert client.get(change).status_code == 200  # to read
    assert client.post(change, {"reason": "x"}).status_code == 403
    assert client.post(f"/admin/appointments/leave/{leave.pk}/delete/").status_code == 403
    assert Leave.objects.filter(pk=leave.pk).exists()


@pytest.mark.parametrize(
    ("role", "where", "text"),
    [
        (User.Role.OFFICE_STAFF, "/staff/", "前往办公工作台"),
        (User.Role.HOTLINE_OPERATOR, "/hotline/", "前往热线服务台"),
        (User.Role.RESIDENT, "/appointments/", "我的预约"),
    ],
)
def test_an_account_without_admin_rights_is_told_where_to_go(client, catalogue, role, where, text):
    client.force_login(UserFactory(role=role, office=catalogue.central))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    body = response.content.decode()
    assert "管理后台仅供司法局使用" in body
    assert f'href="{where}"' in body and text in body
    assert "Forbidden" not in body
    english = client.get("/admin/", follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Administration is for the judicial bureau" in english.content.decode()
