"""The resident profile: identity number validation, encrypted storage, masking, the profile page.

Every identity number here is generated (region 110105, an invented birth date and sequence) with
stdnum's own check digit; none belongs to a real person.
"""

import datetime
import threading

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection, transaction
from django.db.models.query import QuerySet
from django.test import override_settings
from stdnum.cn import ric

from accounts.crypto import decrypt_id_number, encrypt_id_number, hash_id_number
from accounts.errors import IdNumberInUse
from accounts.identity import normalise_id_number
from accounts.models import User
from accounts.services import resident_profile_update
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Plum-blossom-2026"
PHONE = "13800138000"
PROFILE_URL = "/accounts/profile/"


def make_id_number(*, region: str = "110105", birth: str = "19500101", sequence: str = "123"):
    body = f"{region}{birth}{sequence}"
    # calc_check_digit expects the number with a (placeholder) check digit at the end.
    return body + ric.calc_check_digit(body + "0")


VALID = make_id_number()  # 110105195001011234
OTHER = make_id_number(birth="19800615", sequence="456")
# The first sequence whose check character is X, to test the lower-case x.
WITH_X = next(
    number
    for number in (make_id_number(sequence=f"{seq:03d}") for seq in range(100, 1000))
    if number.endswith("X")
)
WRONG_CHECK_DIGIT = VALID[:-1] + str((int(VALID[-1]) + 1) % 10)


def save_profile(user, *, id_number=VALID, phone=PHONE, real_name="张三"):
    return resident_profile_update(user=user, real_name=real_name, phone=phone, id_number=id_number)


# --- identity numbers --------------------------------------------------------------------------


def test_generated_test_numbers_are_valid():
    assert VALID == "110105195001011234"
    for number in (VALID, OTHER, WITH_X):
        assert ric.is_valid(number)


def test_normalise_id_number_accepts_spaces_lower_case_x_and_full_width_digits():
    spaced = f"{WITH_X[:6]} {WITH_X[6:14]} {WITH_X[14:].lower()}"
    assert normalise_id_number(spaced) == WITH_X
    full_width = VALID.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert normalise_id_number(full_width) == VALID


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (VALID[:-1], "id_number_length"),
        (VALID[:10] + "A" + VALID[11:], "id_number_format"),
        (WRONG_CHECK_DIGIT, "id_number_checksum"),
        (make_id_number(birth="19500230"), "id_number_birth_date"),
        (make_id_number(birth="20991231"), "id_number_future_birth_date"),
        (make_id_number(region="990000"), "id_number_region"),
    ],
)
def test_normalise_id_number_rejects_each_mistake_with_its_own_code(raw, code):
    with pytest.raises(ValidationError) as excinfo:
        normalise_id_number(raw)
    assert excinfo.value.code == code


# --- the service -------------------------------------------------------------------------------


def test_resident_profile_update_stores_the_number_encrypted_with_its_hash():
    user = save_profile(UserFactory())

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_user WHERE id = %s", [user.pk])
        raw_row = " ".join(str(value) for value in cursor.fetchone())
    assert VALID not in raw_row
    assert VALID[6:14] not in raw_row.replace("1950-01-01", "")  # only the derived birth date

    user.refresh_from_db()
    assert user.id_number_encrypted
    assert user.id_number_hash == hash_id_number(VALID)
    assert len(user.id_number_hash) == 64
    assert user.id_number == VALID
    assert user.birth_date == datetime.date(1950, 1, 1)
    assert user.real_name == "张三"
    assert user.phone == PHONE
    assert user.has_complete_profile


def test_masked_properties_show_only_the_ends():
    user = save_profile(UserFactory(), phone="13812345678")
    assert user.id_number_masked == "110105********1234"
    assert user.phone_masked == "138****5678"


def test_a_new_account_has_no_profile():
    user = UserFactory()
    assert user.id_number == ""
    assert user.id_number_masked == ""
    assert user.id_number_hash is None
    assert user.age_on(datetime.date(2026, 1, 1)) is None
    assert not user.has_complete_profile


def test_age_on_counts_completed_years_and_the_birthday_itself():
    user = save_profile(UserFactory())  # born 1 January 1950
    assert user.age_on(datetime.date(2019, 12, 31)) == 69
    assert user.age_on(datetime.date(2020, 1, 1)) == 70


def test_resident_profile_update_accepts_a_lower_case_x():
    user = save_profile(UserFactory(), id_number=WITH_X.lower())
    user.refresh_from_db()
    assert user.id_number == WITH_X
    assert user.id_number_hash == hash_id_number(WITH_X)


def test_resident_profile_update_refuses_a_number_held_by_another_account():
    save_profile(UserFactory())
    second = UserFactory()
    with pytest.raises(IdNumberInUse):
        save_profile(second, real_name="李四")
    second.refresh_from_db()
    assert second.real_name == ""
    assert second.id_number_hash is None


def test_resident_profile_update_lets_residents_save_their_own_number_again():
    user = save_profile(UserFactory())
    save_profile(user, real_name="张三丰", phone="13900139000")
    user.refresh_from_db()
    assert user.real_name == "张三丰"
    assert user.id_number == VALID


def test_resident_profile_update_reports_every_invalid_field_at_once():
    user = UserFactory()
    with pytest.raises(ValidationError) as excinfo:
        resident_profile_update(user=user, real_name=" ", phone="123", id_number=VALID[:-1])
    assert set(excinfo.value.message_dict) == {"real_name", "phone", "id_number"}


def test_the_unique_constraint_catches_what_the_check_misses(monkeypatch):
    """A second account whose check ran before the first one committed still gets the friendly
    error, and a caller's surrounding transaction stays usable."""
    save_profile(UserFactory())
    second = UserFactory()
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    with transaction.atomic():
        with pytest.raises(IdNumberInUse):
            save_profile(second, real_name="李四")
        # The savepoint was rolled back: the caller can go on querying.
        assert User.objects.filter(pk=second.pk, id_number_hash__isnull=True).count() == 1
    assert second.real_name == ""  # the instance was restored too
    assert second.id_number_encrypted == ""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_accounts_saving_the_same_number_at_once_get_one_winner(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real parallel transactions")
    users = [UserFactory(), UserFactory()]
    real_exists = QuerySet.exists
    barrier = threading.Barrier(2, timeout=10)

    def exists_then_wait(self):
        # Both accounts pass the friendly check before either writes: the race the constraint
        # is there for.
        result = real_exists(self)
        barrier.wait()
        return result

    monkeypatch.setattr(QuerySet, "exists", exists_then_wait)
    outcomes = []

    def save(user):
        try:
            save_profile(user)
            outcomes.append("saved")
        except IdNumberInUse:
            outcomes.append("in use")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(outcomes) == ["in use", "saved"]
    assert User.objects.filter(id_number_hash=hash_id_number(VALID)).count() == 1


# --- keys --------------------------------------------------------------------------------------


def test_a_number_encrypted_with_an_old_key_still_decrypts_after_rotation():
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(ID_NUMBER_ENCRYPTION_KEYS=[old_key]):
        user = save_profile(UserFactory())
        old_token = user.id_number_encrypted
    with override_settings(ID_NUMBER_ENCRYPTION_KEYS=[new_key, old_key]):
        user.refresh_from_db()
        assert user.id_number == VALID
        new_token = encrypt_id_number(VALID)
        assert decrypt_id_number(new_token) == VALID
    with override_settings(ID_NUMBER_ENCRYPTION_KEYS=[new_key]):
        # The newest key encrypts: the new token does not need the old key.
        assert decrypt_id_number(new_token) == VALID
        with pytest.raises(ImproperlyConfigured):
            decrypt_id_number(old_token)


def test_the_hash_depends_on_the_hash_key_and_not_on_spelling():
    derived = hash_id_number(WITH_X)
    assert derived == hash_id_number(f" {WITH_X[:9]} {WITH_X[9:].lower()} ")
    with override_settings(ID_NUMBER_HASH_KEY="a-different-hash-key-of-32-characters!"):
        assert hash_id_number(WITH_X) != derived


# --- the profile page --------------------------------------------------------------------------


@pytest.fixture
def resident(english):
    user = UserFactory()
    english.force_login(user)
    return user


def post_profile(client, **overrides):
    data = {"real_name": "张三", "phone": PHONE, "id_number": VALID, **overrides}
    return client.post(PROFILE_URL, data)


def test_the_profile_page_needs_sign_in(english):
    response = english.get(PROFILE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/accounts/profile/")


def test_saving_the_profile_redirects_back_with_a_message(english, resident):
    response = post_profile(english)
    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    page = english.get(PROFILE_URL).content.decode()
    assert "Your details have been saved." in page
    resident.refresh_from_db()
    assert resident.id_number == VALID
    assert resident.birth_date == datetime.date(1950, 1, 1)


def test_the_profile_page_shows_the_number_and_phone_masked_only(english, resident):
    save_profile(resident, phone="13812345678")
    body = english.get(PROFILE_URL).content.decode()
    assert "110105********1234" in body
    assert "138****5678" in body
    assert VALID not in body
    assert "13812345678" not in body
    assert "Why we ask for your identity number" in body
    assert "encrypted" in body


@pytest.mark.parametrize(
    ("id_number", "message"),
    [
        (VALID[:-1], "A resident identity number has 18 characters; you entered 17."),
        (VALID[:10] + "A" + VALID[11:], "17 digits followed by a digit or the letter X"),
        (WRONG_CHECK_DIGIT, "The check digit does not match — please check the number."),
        (make_id_number(birth="19500230"), "must be a real birth date"),
        (make_id_number(birth="20991231"), "The birth date in this number is in the future."),
    ],
)
def test_an_invalid_number_is_explained_on_the_same_page(english, resident, id_number, message):
    response = post_profile(english, real_name="王五", id_number=id_number)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert f'value="{id_number}"' in body
    assert 'value="王五"' in body
    resident.refresh_from_db()
    assert resident.real_name == ""
    assert resident.id_number_hash is None


def test_the_profile_form_accepts_a_lower_case_x(english, resident):
    response = post_profile(english, id_number=f"{WITH_X[:6]} {WITH_X[6:].lower()}")
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.id_number == WITH_X


def test_a_number_held_by_another_account_is_refused_on_the_page(english, resident):
    save_profile(UserFactory())
    response = post_profile(english, real_name="李四")
    assert response.status_code == 200
    body = response.content.decode()
    assert "already registered to another account" in body
    assert 'value="李四"' in body
    resident.refresh_from_db()
    assert resident.id_number_hash is None
    assert resident.real_name == ""


def test_a_wrong_phone_is_refused_on_the_profile_page(english, resident):
    response = post_profile(english, phone="12345678901")
    assert response.status_code == 200
    assert "Enter an 11-digit mainland China mobile phone number" in response.content.decode()
    resident.refresh_from_db()
    assert not resident.has_complete_profile


def test_leaving_number_and_phone_empty_keeps_the_stored_ones(english, resident):
    save_profile(resident)
    response = post_profile(english, real_name="张三丰", phone="", id_number="")
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.real_name == "张三丰"
    assert resident.phone == PHONE
    assert resident.id_number == VALID


def test_the_number_is_required_while_none_is_stored(english, resident):
    response = post_profile(english, id_number="")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_next_on_this_site_is_followed_after_saving(english, resident):
    response = english.post(
        f"{PROFILE_URL}?next=/book/will/", {"real_name": "张三", "phone": PHONE, "id_number": VALID}
    )
    assert response.status_code == 302
    assert response["Location"] == "/book/will/"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example.com/", "//evil.example.com/book/", "javascript:alert(1)"]
)
def test_next_to_another_host_is_ignored(english, resident, next_url):
    page = english.get(PROFILE_URL, {"next": next_url}).content.decode()
    # (The language switcher echoes the whole current URL, escaped, to come back to it.)
    assert f'name="next" value="{next_url}"' not in page
    assert f'href="{next_url}"' not in page
    response = english.post(
        PROFILE_URL, {"real_name": "张三", "phone": PHONE, "id_number": VALID, "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL


def test_the_admin_shows_the_number_masked_only(client):
    admin = User.objects.create_superuser("admin", "admin@example.com", PASSWORD)
    resident = save_profile(UserFactory())
    client.force_login(admin)
    body = client.get(f"/admin/accounts/user/{resident.pk}/change/").content.decode()
    assert "110105********1234" in body
    assert VALID not in body


def test_the_admin_finds_a_resident_by_full_identity_number(client):
    admin = User.objects.create_superuser("admin", "admin@example.com", PASSWORD)
    resident = save_profile(UserFactory(email="findme@example.com"))
    client.force_login(admin)
    body = client.get("/admin/accounts/user/", {"q": VALID}).content.decode()
    assert resident.email in body


# --- sign-up -----------------------------------------------------------------------------------


def signup_data(**overrides):
    return {
        "email": "resident@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "phone": PHONE,
        **overrides,
    }


def test_sign_up_stores_the_phone_number(english):
    response = english.post("/accounts/signup/", signup_data(phone="138 0013 8000"))
    assert response.status_code == 302
    assert User.objects.get(email="resident@example.com").phone == PHONE


def test_sign_up_requires_a_phone_number(english):
    response = english.post("/accounts/signup/", signup_data(phone=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mobile phone number" in body
    assert "This field is required." in body
    assert not User.objects.filter(email="resident@example.com").exists()


def test_sign_up_refuses_a_wrong_phone_number(english):
    response = english.post("/accounts/signup/", signup_data(phone="12345678901"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter an 11-digit mainland China mobile phone number" in body
    assert 'value="12345678901"' in body
    assert not User.objects.filter(email="resident@example.com").exists()
