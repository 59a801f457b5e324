"""Fee standards: what a matter costs, computed exactly (Decimal, rounded to the fen).

A standard combines up to four parts: a flat fee for the matter with its included copies, a fee
for each additional copy, a fee for each party beyond the first, and a fee on the value involved
(progressive bands with a minimum and a maximum, as for inheritance, gifts and property).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import FeeBand, Matter

FEN = Decimal("0.01")
MAX_COPIES = 20
MAX_PARTIES = 20
MAX_VALUE = Decimal("100000000000")  # 100 billion yuan: anything above is a typing error


def to_fen(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class QuoteLine:
    code: str
    label: str
    amount: Decimal


@dataclass(frozen=True)
class FeeQuote:
    lines: tuple[QuoteLine, ...]
    copies: int
    parties: int
    value: Decimal | None

    @property
    def gross(self) -> Decimal:
        return to_fen(sum((line.amount for line in self.lines), Decimal("0")))


def _bands(matter: Matter) -> list[FeeBand]:
    # Uses the prefetched bands when the caller loaded them.
    return sorted(matter.fee_bands.all(), key=lambda band: band.lower_bound)


def value_fee(matter: Matter, value: Decimal) -> Decimal:
    """The progressive fee on `value`: each band's rate applies to the part of the value inside
    that band; then the minimum and maximum apply."""
    bands = _bands(matter)
    total = Decimal("0")
    for index, band in enumerate(bands):
        upper = bands[index + 1].lower_bound if index + 1 < len(bands) else None
        if value <= band.lower_bound:
            break
        part = (min(value, upper) if upper is not None else value) - band.lower_bound
        total += part * band.rate_percent / Decimal("100")
    total = max(total, matter.fee_value_minimum)
    if matter.fee_value_maximum is not None:
        total = min(total, matter.fee_value_maximum)
    return to_fen(total)


def fee_quote(
    *, matter: Matter, copies: int = 1, parties: int = 1, value: Decimal | None = None
) -> FeeQuote:
    """The fee for `matter` with the given numbers, as a breakdown of labelled lines."""
    if not 1 <= copies <= MAX_COPIES or not 1 <= parties <= MAX_PARTIES:
        raise ValueError("copies and parties must be between 1 and 20")
    lines = []
    if matter.fee_amount:
        lines.append(QuoteLine("flat", _("Fee for the matter"), to_fen(matter.fee_amount)))
    extra_copies = max(0, copies - matter.fee_included_copies)
    if extra_copies and matter.fee_per_extra_copy:
        lines.append(
            QuoteLine(
                "copies",
                ngettext(
                    "%(count)d additional copy × %(price)s yuan",
                    "%(count)d additional copies × %(price)s yuan",
                    extra_copies,
                )
                % {"count": extra_copies, "price": matter.fee_per_extra_copy},
                to_fen(extra_copies * matter.fee_per_extra_copy),
            )
        )
    extra_parties = parties - 1
    if extra_parties and matter.fee_per_extra_party:
        lines.append(
            QuoteLine(
                "parties",
                ngettext(
                    "%(count)d additional party × %(price)s yuan",
                    "%(count)d additional parties × %(price)s yuan",
                    extra_parties,
                )
                % {"count": extra_parties, "price": matter.fee_per_extra_party},
                to_fen(extra_parties * matter.fee_per_extra_party),
            )
        )
    if matter.fee_by_value:
        if value is None or value < 0 or value > MAX_VALUE:
            raise ValueError("a value-based fee needs the value involved")
        lines.append(
            QuoteLine(
                "value",
                _("Fee on the value involved (%(value)s yuan)")
                % {"value": number_format(value, decimal_pos=2, force_grouping=True)},
                value_fee(matter, value),
            )
        )
    return FeeQuote(lines=tuple(lines), copies=copies, parties=parties, value=value)


def fee_standard_lines(matter: Matter) -> list[str]:
    """The fee standard in plain words, one line per part, in the active language."""
    lines = []
    if matter.fee_amount:
        lines.append(
            ngettext(
                "%(price)s yuan per matter, including %(count)d copy of the certificate",
                "%(price)s yuan per matter, including %(count)d copies of the certificate",
                matter.fee_included_copies,
            )
            % {"price": matter.fee_amount, "count": matter.fee_included_copies}
        )
    if matter.fee_per_extra_copy:
        lines.append(
            _("%(price)s yuan for each additional copy") % {"price": matter.fee_per_extra_copy}
        )
    if matter.fee_per_extra_party:
        lines.append(
            _("%(price)s yuan for each party beyond the first")
            % {"price": matter.fee_per_extra_party}
        )
    if matter.fee_by_value:
        bands = _bands(matter)
        for index, band in enumerate(bands):
            upper = bands[index + 1].lower_bound if index + 1 < len(bands) else None
            low = number_format(band.lower_bound, decimal_pos=0, force_grouping=True)
            rate = band.rate_percent.normalize()
            if upper is None:
                lines.append(
                    _("on the value above %(low)s yuan: %(rate)s%%") % {"low": low, "rate": rate}
                )
            else:
                high = number_format(upper, decimal_pos=0, force_grouping=True)
                lines.append(
                    _("on the value from %(low)s to %(high)s yuan: %(rate)s%%")
                    % {"low": low, "high": high, "rate": rate}
                )
        lines.append(
            _("value-based fee at least %(minimum)s yuan") % {"minimum": matter.fee_value_minimum}
        )
        if matter.fee_value_maximum is not None:
            lines.append(
                _("value-based fee at most %(maximum)s yuan")
                % {"maximum": matter.fee_value_maximum}
            )
    return lines
