import html
import re
from urllib.parse import urlencode

import pytest

from accounts.models import User
from appointments.models import Appointment
from blacklist.models import BookingAttempt
from hotline.models import CallerConsent, HotlineLookup
from hotline.services import hotline_booking_create
from tests.appointments.conftest import at, give_week, make_resident, valid_id_number
from tests.factories import MatterFactory, NotaryFactory, OfficeFactory, UserFactory

from .conftest import NEW_CALLER_NUMBER, NEW_CALLER_PHONE, book_url, caller_post

pytestmark = pytest.mark.django_db


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def alerts(response) -> list[str]:
    content = response.content.decode()
    found = re.findall(r'<div[^>]*role="alert"[^>]*>(.*?)</div>', content, flags=re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", a)).split()) for a in found]


def booked(world, operator=None):
    return hotline_booking_create(
        operator=operator or world.operator,
        real_name="李来电",
        phone=NEW_CALLER_PHONE,
        id_number=NEW_CALLER_NUMBER,
        consent=True,
        matter=world.matter,
        office=world.office,
        starts_at=at(world.bookable.day, 9),
        language="en",
    )


# --- permissions ----------------------------------------------------------------------------------


def _desk_urls(world, record) -> list[str]:
    code, slug = world.matter.code, world.office.slug
    start = at(world.bookable.day, 10).isoformat()
    return [
        "/hotline/",
        "/hotline/?q=will",
        f"/hotline/matters/{code}/",
        f"/hotline/matters/{code}/{slug}/",
        f"/hotline/matters/{code}/{slug}/book/?{urlencode({'start': start})}",
        f"/hotline/bookings/{record.appointment.reference}/",
        "/hotline/lookup/",
    ]


def test_desk_sends_anonymous_visitors_to_sign_in(client, world):
    record = booked(world)
    for url in _desk_urls(world, record):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    assert client.post("/hotline/lookup/", {"reference": "x", "phone": "1"}).status_code == 302


@pytest.mark.parametrize("who", ["resident", "clerk"])
def test_desk_is_404_for_residents_and_clerks(client, world, who):
    record = booked(world)
    client.force_login(getattr(world, who))
    for url in _desk_urls(world, record):
        assert client.get(url).status_code == 404, url
    for url, data in (
        (book_url(world), caller_post(world, id_number=valid_id_number(600))),
        (
            "/hotline/lookup/",
            {"reference": record.appointment.reference, "phone": NEW_CALLER_PHONE},
        ),
    ):
        assert client.post(url, data).status_code == 404, url
    assert Appointment.objects.count() == 1
    assert not HotlineLookup.objects.exists()


@pytest.mark.parametrize("who", ["operator", "admin"])
def test_desk_is_open_to_operators_and_bureau_admins(client, world, who):
    record = booked(world)
    client.force_login(getattr(world, who))
    for url in _desk_urls(world, record):
        assert client.get(url).status_code == 200, url


def test_an_operator_cannot_open_another_operators_booking_by_its_reference(client, world):
    record = booked(world)
    colleague = UserFactory(role=User.Role.HOTLINE_OPERATOR)
    client.force_login(colleague)
    assert client.get(f"/hotline/bookings/{record.appointment.reference}/").status_code == 404
    assert client.get("/hotline/bookings/20000101-AAAA/").status_code == 404


def test_book_page_without_a_time_goes_back_to_the_times(as_operator, world):
    response = as_operator.get(book_url(world))
    assert response.status_code == 302
    assert response["Location"] == f"/hotline/matters/{world.matter.code}/{world.office.slug}/"


def test_unknown_matter_or_office_is_404(as_operator, world):
    assert as_operator.get("/hotline/matters/nope/").status_code == 404
    assert as_operator.get(f"/hotline/matters/{world.matter.code}/nowhere/").status_code == 404


# --- finding a matter and its times -----------------------------------------------------------


def test_desk_finds_matters_in_either_language(as_operator, world):
    MatterFactory(code="loan", name_zh="借款合同", name_en="Loan contract")
    world.matter.name_zh, world.matter.name_en = "遗嘱", "Will"
    world.matter.save()
    chinese = text(as_operator.get("/hotline/", {"q": "遗嘱"}))
    assert "Will" in chinese or "遗嘱" in chinese
    assert "Loan contract" not in chinese
    english = text(as_operator.get("/hotline/", {"q": "loan"}))
    assert "Loan contract" in english
    assert "No matter matches" in text(as_operator.get("/hotline/", {"q": "zzzz"}))


def test_matter_page_shows_the_earliest_times_and_each_office(as_operator, world):
    response = as_operator.get(f"/hotline/matters/{world.matter.code}/")
    page = text(response)
    assert "Earliest free times anywhere in the city" in page
    assert world.office.name in page
    assert world.office_b.name in page
    assert f"/hotline/matters/{world.matter.code}/{world.office.slug}/book/" in (
        response.content.decode()
    )


def test_office_times_page_offers_the_day_s_times(as_operator, world):
    day = world.bookable.day
    response = as_operator.get(
        f"/hotline/matters/{world.matter.code}/{world.office.slug}/", {"date": day.isoformat()}
    )
    assert response.status_code == 200
    assert at(day, 9).isoformat() in response.content.decode()


# --- booking for a caller -------------------------------------------------------------------------


def test_booking_for_a_new_caller_creates_the_account_and_the_consent(as_operator, world):
    response = as_operator.post(book_url(world), caller_post(world))
    record = CallerConsent.objects.get()
    appointment = record.appointment
    assert response.status_code == 302
    assert response["Location"] == f"/hotline/bookings/{appointment.reference}/"
    caller = User.objects.get(id_number_hash=record.caller.id_number_hash)
    assert caller.email == ""
    assert not caller.has_usable_password()
    assert record.account_created
    assert record.operator == world.operator
    assert appointment.starts_at == at(world.bookable.day, 9)

    page = as_operator.get(response["Location"])
    assert appointment.reference in text(page)
    # Operators see masked identity numbers only.
    assert NEW_CALLER_NUMBER not in page.content.decode()
    assert caller.id_number_masked in text(page)


def test_without_consent_nothing_is_written_and_the_form_says_why(as_operator, world):
    users = User.objects.count()
    response = as_operator.post(book_url(world), caller_post(world, consent=None))
    assert response.status_code == 400
    assert any("Without consent nothing is booked or stored" in a for a in alerts(response))
    assert User.objects.count() == users
    assert not CallerConsent.objects.exists()
    assert not Appointment.objects.exists()
    content = response.content.decode()
    assert 'value="李来电"' in content
    assert f'value="{NEW_CALLER_PHONE}"' in content


def test_an_invalid_id_number_gives_the_specific_message_and_keeps_the_input(as_operator, world):
    typed = NEW_CALLER_NUMBER[:-1] + ("0" if NEW_CALLER_NUMBER[-1] != "0" else "1")
    response = as_operator.post(book_url(world), caller_post(world, id_number=typed))
    assert response.status_code == 400
    assert "The check digit does not match — please check the number." in alerts(response)
    content = response.content.decode()
    assert f'value="{typed}"' in content
    assert 'aria-invalid="true"' in content
    assert not CallerConsent.objects.exists()
    assert not Appointment.objects.exists()


def test_a_short_id_number_says_how_many_characters_were_typed(as_operator, world):
    response = as_operator.post(book_url(world), caller_post(world, id_number="1101051980"))
    assert any("you entered 10" in a for a in alerts(response))
    assert 'value="1101051980"' in response.content.decode()


def test_a_blacklisted_caller_is_refused_at_the_desk_with_the_polite_message(as_operator, world):
    entry = world.blacklist()
    response = as_operator.post(
        book_url(world),
        caller_post(
            world,
            real_name="测试居民",
            phone=world.resident.phone,
            id_number=world.resident.id_number,
        ),
    )
    assert response.status_code == 400
    assert (
        "We cannot take this booking online. Please contact the notary office in person."
        in text(response)
    )
    assert not Appointment.objects.exists()
    attempt = BookingAttempt.objects.get()
    assert (attempt.entry, attempt.channel, attempt.actor) == (entry, "hotline", world.operator)


def test_a_taken_time_offers_to_choose_another(as_operator, world):
    world.book(hour=9)
    world.book(make_resident(email="second@example.com"), hour=9)
    response = as_operator.post(book_url(world), caller_post(world))
    assert response.status_code == 409
    assert "Choose another time" in text(response)
    # The same nearest free times the web wizard offers, one press away.
    assert "The nearest free times at this office:" in text(response)
    assert f'value="{at(world.bookable.day, 9, 30).isoformat()}"' in response.content.decode()


def test_the_book_page_reads_out_the_materials_list(as_operator, world):
    response = as_operator.get(book_url(world), {"start": caller_post(world)["start"]})
    assert response.status_code == 200
    assert "Materials the caller must bring" in text(response)
    for item in world.matter.materials.all():
        assert item.name_en in text(response)


# --- look-up ------------------------------------------------------------------------------------


def test_lookup_by_reference_and_phone_finds_the_appointment(as_operator, world):
    appointment = booked(world).appointment
    response = as_operator.post(
        "/hotline/lookup/",
        {"reference": appointment.reference.lower(), "phone": NEW_CALLER_PHONE},
    )
    assert response.status_code == 200
    page = text(response)
    assert "Appointment found" in page
    assert appointment.reference in page
    assert NEW_CALLER_NUMBER not in response.content.decode()
    assert HotlineLookup.objects.get().found


def test_lookup_gives_the_same_not_found_answer_whichever_part_is_wrong(as_operator, world):
    appointment = booked(world).appointment
    wrong_phone = as_operator.post(
        "/hotline/lookup/", {"reference": appointment.reference, "phone": "13600136000"}
    )
    wrong_reference = as_operator.post(
        "/hotline/lookup/", {"reference": "20000101-AAAA", "phone": NEW_CALLER_PHONE}
    )
    assert wrong_phone.status_code == wrong_reference.status_code == 200
    assert alerts(wrong_phone) == alerts(wrong_reference)
    assert alerts(wrong_phone) == [
        "No appointment matches this reference and phone number. Please check both with the caller."
    ]
    assert "Appointment found" not in text(wrong_phone)
    assert list(HotlineLookup.objects.values_list("found", flat=True)) == [False, False]


def test_lookup_form_errors_keep_the_input(as_operator, world):
    response = as_operator.post("/hotline/lookup/", {"reference": "20261123-7K3F", "phone": ""})
    assert response.status_code == 400
    assert 'value="20261123-7K3F"' in response.content.decode()
    assert alerts(response)
    assert not HotlineLookup.objects.exists()


@pytest.mark.parametrize(
    ("typed", "language", "expected"),
    [
        (
            "zx 20261204 7k3f",
            "en",
            "ZX-20261204-7K3F is a 12348 consultation, not an appointment: open it under Legal "
            "consultations by that reference.",
        ),
        (
            "ZX-20261204-7K3F",
            "zh-hans",
            "ZX-20261204-7K3F 是12348法律咨询的编号，不是预约：请在“法律咨询”中按此编号打开。",
        ),
        (
            "la20261204 7K3F",
            "en",
            "LA-20261204-7K3F is a legal-aid application, not an appointment: its legal-aid "
            "centre answers about it.",
        ),
    ],
)
def test_a_reference_of_another_desk_is_named_not_looked_up(
    as_operator, world, typed, language, expected
):
    """A caller reading out a consultation's or a legal-aid application's reference is told at
    once where it belongs; nothing is looked up, so it does not count towards the limit."""
    response = as_operator.post(
        "/hotline/lookup/",
        {"reference": typed, "phone": NEW_CALLER_PHONE},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert expected in text(response)
    assert f'value="{typed}"' in response.content.decode()  # what was typed stays
    assert f'value="{NEW_CALLER_PHONE}"' in response.content.decode()
    assert not HotlineLookup.objects.exists()


# --- query counts ---------------------------------------------------------------------------------


def _more_matters(count: int, start: int) -> None:
    for index in range(count):
        MatterFactory(code=f"extra-{start + index}", name_en=f"Extra will {start + index}")


def test_desk_home_query_count_does_not_grow_with_matters(
    as_operator, world, django_assert_max_num_queries
):
    _more_matters(2, 0)
    with django_assert_max_num_queries(20) as small:
        assert as_operator.get("/hotline/", {"q": "will"}).status_code == 200
    _more_matters(30, 100)
    with django_assert_max_num_queries(len(small)) as large:
        assert as_operator.get("/hotline/", {"q": "will"}).status_code == 200
    assert len(large) == len(small)


def _more_offices(world, count: int) -> None:
    for _ in range(count):
        office = OfficeFactory(matters=[world.matter])
        for _ in range(2):
            give_week(NotaryFactory(office=office, matters=[world.matter]))


def test_matter_times_query_count_does_not_grow_with_offices_and_bookings(
    as_operator, world, django_assert_max_num_queries
):
    url = f"/hotline/matters/{world.matter.code}/"
    with django_assert_max_num_queries(40) as small:
        assert as_operator.get(url).status_code == 200
    _more_offices(world, 6)
    world.book(hour=9)
    booked(world)
    with django_assert_max_num_queries(len(small)) as large:
        assert as_operator.get(url).status_code == 200
    assert len(large) == len(small)
