from __future__ import annotations

import importlib
from dataclasses import dataclass

import pytest

from accounts.models import User
from consult.models import Consultation, Topic
from consult.services import consultation_create
from notaries.models import Notary, Office
from tests.appointments.conftest import make_resident
from tests.factories import LegalAidCentreFactory, NotaryFactory, OfficeFactory, UserFactory

ROLES = [
    "anonymous",
    "resident",
    "other_resident",
    "clerk_a",
    "clerk_b",
    "legal_aid",
    "operator",
    "bureau",
]

QUESTION = {
    "topic": "",  # set per world (the inheritance topic's pk)
    "question": "我父亲去世了，房子怎么继承？",
    "answer_channel": "callback",
    "phone": "139 0000 2222",
    "email": "",
    "consent": "on",
}


@dataclass
class World:
    office_a: Office
    office_b: Office
    notary_a: Notary
    centre: object
    users: dict[str, User]

    def question(self, **changes) -> dict[str, str]:
        topic = Topic.objects.get(code=changes.pop("topic_code", "inheritance"))
        return {**QUESTION, "topic": str(topic.pk), **changes}


def ensure_topics() -> None:
    """The bureau's list as the data migration seeds it. A transactional test (the browser tests)
    or the demo tests' flush empties every table, migrations' rows included, for the tests that
    run after them: put the list back."""
    seeded = importlib.import_module("consult.migrations.0002_seed_topics")
    for position, (code, name_zh, name_en, notarization) in enumerate(seeded.TOPICS):
        Topic.objects.get_or_create(
            code=code,
            defaults={
                "name_zh": name_zh,
                "name_en": name_en,
                "is_notarization": notarization,
                "position": position,
            },
        )


@pytest.fixture(autouse=True)
def _seeded_topics(db):
    ensure_topics()


def make_world() -> World:
    ensure_topics()
    office_a, office_b = OfficeFactory(), OfficeFactory()
    centre = LegalAidCentreFactory()
    users = {
        "resident": make_resident(email="asker@example.com"),
        "other_resident": make_resident(email="someone-else@example.com"),
        "clerk_a": UserFactory(role=User.Role.OFFICE_STAFF, office=office_a),
        "clerk_b": UserFactory(role=User.Role.OFFICE_STAFF, office=office_b),
        "legal_aid": UserFactory(role=User.Role.LEGAL_AID_STAFF, legal_aid_centre=centre),
        "operator": UserFactory(role=User.Role.HOTLINE_OPERATOR, email="operator@example.com"),
        "bureau": UserFactory(role=User.Role.BUREAU_ADMIN, email="bureau@example.com"),
    }
    return World(office_a, office_b, NotaryFactory(office=office_a), centre, users)


@pytest.fixture
def world(db) -> World:
    return make_world()


def ask(*, resident=None, topic: str = "inheritance", phone: str = "13900002222", **kw):
    return consultation_create(
        phone=phone,
        topic=Topic.objects.get(code=topic),
        question="我父亲去世了，房子怎么继承？",
        answer_channel="callback",
        consent=True,
        resident=resident,
        **kw,
    )


def signed_in(client, user):
    client.force_login(user)
    return client


def reload(consultation: Consultation) -> Consultation:
    consultation.refresh_from_db()
    return consultation
