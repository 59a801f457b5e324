import pytest

from tests.appointments.conftest import at, valid_id_number
from tests.blacklist.conftest import World, make_world

NEW_CALLER_NUMBER = valid_id_number(500)
NEW_CALLER_PHONE = "13900139000"


def caller_post(world: World, **overrides) -> dict:
    data = {
        "start": at(world.bookable.day, 9).isoformat(),
        "real_name": "李来电",
        "phone": NEW_CALLER_PHONE,
        "id_number": NEW_CALLER_NUMBER,
        "language": "en",
        "consent": "on",
        "copies": 1,
        "parties": 1,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def book_url(world: World) -> str:
    return f"/hotline/matters/{world.matter.code}/{world.office.slug}/book/"


@pytest.fixture
def world(db) -> World:
    return make_world()


@pytest.fixture
def as_operator(english, world):
    english.force_login(world.operator)
    return english
