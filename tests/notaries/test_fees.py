from decimal import Decimal

import pytest
from django.utils import translation

from notaries.fees import fee_quote, fee_standard_lines, value_fee
from notaries.models import FeeBand
from tests.factories import MatterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def by_value(db):
    matter = MatterFactory(
        code="inheritance",
        fee_amount=Decimal("0"),
        fee_by_value=True,
        fee_value_minimum=Decimal("200.00"),
        fee_value_maximum=Decimal("30000.00"),
        materials=0,
    )
    for lower, rate in [("0", "0.8"), ("500000", "0.5"), ("5000000", "0.1")]:
        FeeBand.objects.create(
            matter=matter, lower_bound=Decimal(lower), rate_percent=Decimal(rate)
        )
    return matter


def test_flat_fee_for_one_copy(db):
    matter = MatterFactory(fee_amount=Decimal("200.00"), materials=0)
    quote = fee_quote(matter=matter)
    assert quote.gross == Decimal("200.00")
    assert [line.code for line in quote.lines] == ["flat"]


def test_extra_copies_and_parties_are_added(db):
    matter = MatterFactory(
        fee_amount=Decimal("300.00"),
        fee_included_copies=2,
        fee_per_extra_copy=Decimal("20.00"),
        fee_per_extra_party=Decimal("100.00"),
        materials=0,
    )
    quote = fee_quote(matter=matter, copies=5, parties=3)
    assert [(line.code, line.amount) for line in quote.lines] == [
        ("flat", Decimal("300.00")),
        ("copies", Decimal("60.00")),
        ("parties", Decimal("200.00")),
    ]
    assert quote.gross == Decimal("560.00")
    with translation.override("en"):
        labels = [line.label for line in fee_quote(matter=matter, copies=5, parties=3).lines]
    assert labels[1] == "3 additional copies × 20.00 yuan"
    assert labels[2] == "2 additional parties × 100.00 yuan"


@pytest.mark.parametrize(
    ("value", "fee"),
    [
        ("0", "200.00"),  # the minimum
        ("10000", "200.00"),  # 80.00 by rate, raised to the minimum
        ("100000", "800.00"),
        ("500000", "4000.00"),  # the whole first band
        ("600000", "4500.00"),  # 4000 + 0.5% of 100,000
        ("5000000", "26500.00"),  # 4000 + 22,500
        ("6000000", "27500.00"),  # + 0.1% of 1,000,000
        ("90000000", "30000.00"),  # capped at the maximum
        ("123456.78", "987.65"),  # 987.65424 rounds to the fen
        ("123456.84", "987.65"),  # 987.65472: half-up at the fen, not the yuan
        ("123456.88", "987.66"),
    ],
)
def test_value_based_fee_is_progressive_with_minimum_maximum_and_rounding(by_value, value, fee):
    assert value_fee(by_value, Decimal(value)) == Decimal(fee)


def test_a_combined_standard_adds_its_parts(by_value):
    by_value.fee_amount = Decimal("100.00")
    by_value.fee_per_extra_copy = Decimal("20.00")
    quote = fee_quote(matter=by_value, copies=2, value=Decimal("100000"))
    assert quote.gross == Decimal("100.00") + Decimal("20.00") + Decimal("800.00")


def test_value_based_fee_needs_a_sane_value(by_value):
    for value in [None, Decimal("-1"), Decimal("1e15")]:
        with pytest.raises(ValueError):
            fee_quote(matter=by_value, value=value)
    with pytest.raises(ValueError):
        fee_quote(matter=by_value, copies=0, value=Decimal("1"))


def test_money_is_never_a_float(by_value):
    quote = fee_quote(matter=by_value, value=Decimal("0.1"))
    assert all(isinstance(line.amount, Decimal) for line in quote.lines)
    assert isinstance(quote.gross, Decimal)


def test_fee_standard_in_plain_words(by_value):
    with translation.override("en"):
        lines = fee_standard_lines(by_value)
    assert "on the value from 0 to 500,000 yuan: 0.8%" in lines
    assert "on the value above 5,000,000 yuan: 0.1%" in lines
    assert "value-based fee at least 200.00 yuan" in lines
    assert "value-based fee at most 30000.00 yuan" in lines
    with translation.override("zh-hans"):
        assert any("0.8%" in line for line in fee_standard_lines(by_value))


def test_the_matter_page_discloses_the_fee_standard(client, by_value):
    from tests.factories import OfficeFactory

    OfficeFactory(matters=[by_value])
    page = client.get("/matters/inheritance/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "on the value from 500,000 to 5,000,000 yuan: 0.5%" in page
