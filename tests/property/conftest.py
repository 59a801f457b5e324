"""Fixtures of the property tests: one world per test, built with the appointment tests' helpers."""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import caches
from hypothesis.configuration import set_hypothesis_home_dir

from notaries.models import Exemption, FeeBand
from tests.appointments.conftest import make_bookable, make_resident
from tests.factories import ExemptionFactory, MatterFactory, NotaryFactory

from .support import World

# Hypothesis keeps caches (Unicode tables, constants found in the code) in `.hypothesis/` under
# the working directory; keep the work tree clean and put them in the system's temporary directory.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / f"portal-hypothesis-{os.getuid()}")


@pytest.fixture
def world(db) -> World:
    bookable = make_bookable(notaries=2)
    matter = bookable.matter
    matter.fee_per_extra_copy = Decimal("20.00")
    matter.fee_per_extra_party = Decimal("50.00")
    matter.save()
    elderly = ExemptionFactory(code="elderly-will", kind=Exemption.Kind.AGE, min_age=70)
    allowance = ExemptionFactory(code="minimum-allowance", kind=Exemption.Kind.STATUS)
    purpose = ExemptionFactory(code="relief-purpose", kind=Exemption.Kind.PURPOSE)
    matter.exemptions.set([elderly, allowance, purpose])

    by_value = MatterFactory(
        code="property-sale",
        fee_by_value=True,
        fee_value_minimum=Decimal("200.00"),
        fee_value_maximum=Decimal("100000.00"),
        materials=1,
    )
    FeeBand.objects.create(matter=by_value, lower_bound=Decimal("0"), rate_percent=Decimal("1"))
    FeeBand.objects.create(
        matter=by_value, lower_bound=Decimal("500000"), rate_percent=Decimal("0.5")
    )
    bookable.office.matters.add(by_value)
    for notary in bookable.notaries:
        notary.matters.add(by_value)
    # A notary of another office, so that an office slug of the wrong office is a real case.
    NotaryFactory(matters=[matter])
    return World(bookable, by_value, ["minimum-allowance", "relief-purpose"])


@pytest.fixture
def resident(db):
    return make_resident(email="fuzzed@example.com")


@pytest.fixture
def other_resident(db):
    return make_resident(email="bystander@example.com")


@pytest.fixture
def signed_in(client, resident):
    client.force_login(resident)
    return client


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    # allauth keeps its rate-limit counters in the cache; a fuzzed sign-up run would otherwise
    # hit "too many attempts" after 20 examples and stop testing the form. The portal's own form
    # limits (tested in tests/portal/test_rate_limits.py) would stop the fuzzing of the forms
    # after a few examples: they are off here.
    settings.PORTAL_RATE_LIMITS = {}
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()
