"""Names the portal keeps (a resident's, a hotline caller's, a blacklisted person's, a postal
recipient's) refuse invisible bidi and zero-width characters with a clear message, and are
normalised (NFKC) where that does not change their meaning; so are phone numbers."""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.identity import clean_person_name, normalise_phone
from accounts.models import User
from accounts.services import resident_profile_update
from appointments.services import appointment_book
from blacklist.models import BlacklistEntry
from blacklist.services import blacklist_entry_create
from casework.forms import PostalDeliveryForm
from casework.models import PostalDelivery
from casework.services import postal_delivery_request
from hotline.services import caller_details_clean
from tests.appointments.conftest import at, make_bookable, make_resident, valid_id_number
from tests.factories import OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db

MESSAGE = (
    "A name cannot contain invisible formatting characters (such as text-direction marks or "
    "zero-width spaces). Please type the name again."
)
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
MARKS = ["\u200e", "\u200f", "\u061c"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
INVISIBLE = BIDI + MARKS + ZERO_WIDTH


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refusal(raw: str) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        clean_person_name(raw, max_length=60)
    return refused.value


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_a_name_with_a_bidi_control_or_zero_width_character_is_refused(char, where):
    raw = {"start": char + "张三", "middle": "张" + char + "三", "end": "张三" + char}[where]
    error = refusal(raw)
    assert error.code == "invisible_characters"
    assert error.messages == [MESSAGE]


def test_other_control_characters_are_refused_too():
    for raw in (
        "张\x07三",
        "Li\x1bSi",
        "张\u00ad三",
        "Li\U000e0041Si",
    ):  # bell, escape, soft hyphen, tag
        assert refusal(raw).code == "invisible_characters"


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("  张三  ", "张三"),
        ("Ｌｉ　Ｓｉ", "Li Si"),  # full-width letters and the ideographic space
        ("Li\t\n Si", "Li Si"),  # white space is collapsed, not refused
        ("阿依古丽·买买提", "阿依古丽·买买提"),  # the middle dot of Uyghur names stays
        ("ｱﾝﾅ", "アンナ"),  # half-width katakana
        ("葛\U000e0100洪", "葛\U000e0100洪"),  # an ideographic variation selector is kept
    ],
)
def test_names_are_normalised_where_the_meaning_does_not_change(raw, stored):
    assert clean_person_name(raw, max_length=60) == stored


def test_the_length_is_counted_after_normalisation():
    assert clean_person_name("张" * 60, max_length=60) == "张" * 60
    assert refusal("张" * 61).code == "max_length"


def test_an_empty_name_is_refused_only_when_a_message_says_why():
    assert clean_person_name("  ", max_length=60) == ""
    with pytest.raises(ValidationError) as refused:
        clean_person_name(" \u3000 ", max_length=60, required_message="Enter the name.")
    assert refused.value.code == "required"


def test_full_width_digits_in_a_phone_number_are_normalised():
    assert normalise_phone("１３９ ００１３ ９０００") == "13900139000"
    assert normalise_phone("＋８６ １３９００１３９０００") == "13900139000"


# --- where names are entered ----------------------------------------------------------------------


def test_the_resident_profile_refuses_a_name_with_a_right_to_left_override():
    user = UserFactory()
    with pytest.raises(ValidationError) as refused:
        resident_profile_update(
            user=user, real_name="张\u202e三", phone="13800138000", id_number=valid_id_number(301)
        )
    assert refused.value.message_dict == {"real_name": [MESSAGE]}
    user.refresh_from_db()
    assert user.real_name == "" and not user.has_complete_profile


def test_the_profile_page_shows_the_message_and_saves_normalised_values(english):
    user = UserFactory()
    english.force_login(user)
    data = {
        "real_name": "张\u200d三",
        "phone": "１３９００１３９０００",
        "id_number": valid_id_number(302),
    }
    refused = english.post("/accounts/profile/", data)
    assert refused.status_code == 200
    page = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", refused.content.decode())).split())
    assert MESSAGE in page
    assert User.objects.get(pk=user.pk).real_name == ""

    saved = english.post("/accounts/profile/", {**data, "real_name": "Ｌｉ Ｓｉ"})
    assert saved.status_code == 302
    user.refresh_from_db()
    assert (user.real_name, user.phone) == ("Li Si", "13900139000")


def test_the_hotline_refuses_a_callers_name_with_a_zero_width_joiner():
    with pytest.raises(ValidationError) as refused:
        caller_details_clean(
            real_name="李\u200d来电", phone="13900139000", id_number=valid_id_number(303)
        )
    assert refused.value.message_dict == {"real_name": [MESSAGE]}
    cleaned = caller_details_clean(
        real_name="李来电", phone="１３９００１３９０００", id_number=valid_id_number(303)
    )
    assert cleaned["phone"] == "13900139000"


def test_a_blacklist_entry_refuses_a_name_with_a_bidi_isolate():
    admin = UserFactory(role=User.Role.BUREAU_ADMIN)
    office = OfficeFactory()
    with pytest.raises(ValidationError) as refused:
        blacklist_entry_create(
            id_number=valid_id_number(304),
            name="\u2067王五\u2069",
            reason="Forged a property certificate (decision 2025-17).",
            office=office,
            starts_on=timezone.localdate(),
            ends_on=None,
            by=admin,
        )
    assert refused.value.message_dict == {"name": [MESSAGE]}
    assert not BlacklistEntry.objects.exists()


@pytest.fixture
def appointment():
    bookable = make_bookable()
    return appointment_book(
        resident=make_resident(),
        matter=bookable.matter,
        office=bookable.office,
        starts_at=at(bookable.day, 9),
        language="en",
    )


def test_the_postal_recipient_refuses_a_zero_width_space_and_is_normalised(appointment):
    post = {"phone": "１３９００１３９０００", "address": "1 Main Street", "postcode": "100000"}
    form = PostalDeliveryForm({**post, "recipient_name": "张\u200b三"})
    assert not form.is_valid()
    assert form.errors["recipient_name"] == [MESSAGE]

    form = PostalDeliveryForm({**post, "recipient_name": "Ｌｉ　Ｓｉ"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "13900139000"
    delivery = postal_delivery_request(
        appointment=appointment, by=appointment.resident, **form.cleaned_data
    )
    assert delivery.recipient_name == "Li Si"

    with pytest.raises(ValidationError):
        postal_delivery_request(
            appointment=appointment,
            by=appointment.resident,
            **{**form.cleaned_data, "recipient_name": "\ufeff张三"},
        )
    assert PostalDelivery.objects.get().recipient_name == "Li Si"
