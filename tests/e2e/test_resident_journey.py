"""A resident signs up, verifies the e-mail, gives their details, books a run-at-most-once matter
through the wizard, reschedules it and cancels it: all in a real (headless) browser, in Chinese."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from stdnum.cn import ric

from accounts.models import User
from appointments.models import Appointment

from .conftest import expect_ok, html_lang, main_text, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "li.ming@example.com"
PASSWORD = "Plum-blossom-2026"
PHONE = "13912345678"
BIRTH = dt.date(1985, 6, 15)


def invented_id_number(birth: dt.date, sequence: int) -> str:
    body = f"110105{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum ignores the last digit


def choose_time(page, day: dt.date, hh_mm: str) -> None:
    """On a time picker (wizard or reschedule): pick the day, then the time."""
    page.click(f'a.day-choice[href="?date={day.isoformat()}"]')
    page.wait_for_url(re.compile(rf"date={day.isoformat()}"))
    page.locator("label.btn", has_text=re.compile(rf"^{hh_mm}$")).click()


def test_resident_signs_up_books_reschedules_and_cancels(world, page, live_server):
    matter, office, day = world.matter, world.office, world.day
    materials = list(matter.materials.order_by("position"))
    assert matter.run_at_most_once

    # --- sign up (Chinese by default) and verify the e-mail address --------------------------
    expect_ok(page.goto("/accounts/signup/"), "sign-up")
    assert html_lang(page) == "zh-Hans"
    page.fill("#id_email", EMAIL)
    page.fill("#id_phone", PHONE)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    screenshot(page, "signup-zh")
    page.locator('main form[action$="/accounts/signup/"] button[type=submit]').click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    assert mail.outbox[0].to == [EMAIL]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    expect_ok(page.goto(urlsplit(link.group(0)).path), "confirmation link")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    user = User.objects.get(email=EMAIL)
    assert user.role == User.Role.RESIDENT
    assert user.emailaddress_set.get().verified
    assert user.phone == PHONE
    # Confirming signed the resident in: the header now offers "My appointments".
    assert page.locator('header a[href="/appointments/"]').is_visible()

    # --- the wizard: matter -> office -> day -> time --------------------------------------------
    expect_ok(page.goto("/book/"), "wizard start")
    page.locator(f'main a[href="/book/{matter.code}/"]').click()
    page.wait_for_url(f"**/book/{matter.code}/")
    assert matter.name_zh in page.inner_text("h1")
    page.locator(f'main a[href="/book/{matter.code}/{office.slug}/"]').click()
    page.wait_for_url(f"**/book/{matter.code}/{office.slug}/")
    choose_time(page, day, "10:00")
    screenshot(page, "book-time-zh")
    page.locator("main form button[type=submit]", has_text="下一步").click()

    # No identity details yet: the wizard sends the resident to the profile, then back.
    page.wait_for_url(re.compile(r"/accounts/profile/\?next="))
    id_number = invented_id_number(BIRTH, 123)
    page.fill("#id_real_name", "李明")
    page.fill("#id_id_number", id_number)
    screenshot(page, "profile-zh")
    page.locator("main form button[type=submit]", has_text="保存我的信息").click()
    page.wait_for_url(re.compile(rf"/book/{matter.code}/{office.slug}/review/"))
    user.refresh_from_db()
    assert user.real_name == "李明"
    assert user.id_number == id_number
    assert user.birth_date == BIRTH

    # --- review: checklist and fee, then confirm -------------------------------------------------
    review = main_text(page)
    assert "确认" in page.inner_text("h1")
    assert f"{day.isoformat()}" in review and "10:00" in review, review
    for item in materials:
        assert item.name_zh in review
    assert "最多跑一次" in review
    assert re.search(r"200(\.00)?元", review), review
    assert "李明" in review and id_number not in review  # the identity number is masked
    screenshot(page, "book-review-zh")
    page.locator("main form[method=post] button[type=submit]", has_text="确认预约").click()
    page.wait_for_url(re.compile(r"/appointments/[^/]+/$"))

    appointment = Appointment.objects.get(resident=user)
    assert appointment.status == Appointment.Status.BOOKED
    assert timezone.localtime(appointment.starts_at).time() == dt.time(10)
    assert timezone.localdate(appointment.starts_at) == day
    detail = main_text(page)
    assert "预约成功。" in detail
    assert appointment.reference in detail
    assert "已预约" in detail
    for item in materials:
        assert item.name_zh in detail
    assert re.search(r"200(\.00)?元", detail), detail
    assert office.name_zh in detail
    screenshot(page, "appointment-zh")

    # --- reschedule to the afternoon ---------------------------------------------------------
    page.locator("main a", has_text="更改时间").click()
    page.wait_for_url(f"**/appointments/{appointment.reference}/reschedule/")
    choose_time(page, day, "14:00")
    screenshot(page, "reschedule-zh")
    page.locator("main form button[type=submit]", has_text="改到这个时间").click()
    page.wait_for_url(f"**/appointments/{appointment.reference}/")
    assert "您的预约已改期。" in main_text(page)
    assert "14:00" in main_text(page)
    appointment.refresh_from_db()
    assert timezone.localtime(appointment.starts_at).time() == dt.time(14)
    assert appointment.status == Appointment.Status.BOOKED

    # --- cancel -------------------------------------------------------------------------------
    page.locator("main a", has_text="取消预约").click()
    page.wait_for_url(f"**/appointments/{appointment.reference}/cancel/")
    page.fill("#id_reason", "行程有变")
    screenshot(page, "cancel-zh")
    page.locator("main form button[type=submit]", has_text="确定取消预约").click()
    page.wait_for_url(f"**/appointments/{appointment.reference}/")
    detail = main_text(page)
    assert "您的预约已取消。" in detail
    assert "已取消" in detail
    assert page.locator("main a", has_text="更改时间").count() == 0
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    # Confirmation, change and cancellation were each e-mailed after the verification e-mail.
    assert len(mail.outbox) >= 4, [m.subject for m in mail.outbox]
