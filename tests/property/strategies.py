"""Hostile input for the property tests: what a fuzzer, a confused browser or an attacker sends.

Every strategy draws *strings* (or lists of strings, which the test client sends as a repeated
parameter, where the view expects one value). Lone surrogates are left out of the text strategies
because they cannot be encoded as UTF-8 by any client; invalid UTF-8 bytes are sent instead by
`raw_bytes`, percent-encoded into the query or body by hand.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

# Every plane: the BMP, the supplementary planes (emoji, CJK extension B, private use), control
# and format characters; only the surrogate halves (Cs) are impossible to send.
any_character = st.characters(exclude_categories=("Cs",))
control_character = st.characters(
    min_codepoint=0, max_codepoint=0x1F, exclude_categories=("Cs",)
) | st.sampled_from(["\x7f", "\x85", "\u2028", "\u2029", "\u200b", "\u202e", "\ufeff", "\ufffe"])

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 50,
    "\r\n",
    "\t\x0b\x0c",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "' OR '1'='1",
    "'; DROP TABLE appointments_appointment; --",
    '" OR 1=1 --',
    "1; SELECT pg_sleep(10)",
    "%",
    "_",
    "%%%%",
    "\\",
    "\\x00",
    "%00",
    "../../../../etc/passwd",
    "${jndi:ldap://x}",
    "null",
    "None",
    "undefined",
    "true",
    "[]",
    "{}",
    "遗嘱公证",
    "𠀀𪚥🀄👩‍👩‍👧‍👦",
    "\U0010ffff\U000e0001",
    "\u202eevil",
    "Ａ１２３ｘ",
    "ß" * 40,
]

NUMBERS = [
    "0",
    "-0",
    "1",
    "-1",
    "01",
    "+1",
    "1.0",
    "1e3",
    "1e999999",
    "-1e999999",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "inf",
    "9" * 40,
    "-" + "9" * 40,
    str(2**63),
    str(-(2**63) - 1),
    str(2**31),
    "0x10",
    "1_000",
    "١٢٣",  # Arabic-Indic digits: int() accepts them
    "１２",  # full-width digits: so does int()
    "99999999999.99",
    "100000000000.01",
    "0.001",
    "-0.01",
    "1,000",
    " 7 ",
]

DATES = [
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-02-29",
    "2028-02-29",
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "2026-1-1",
    "20261126",
    "2026-W48-4",
    "2026-330",
    "yesterday",
    "today",
    "1999-01-01",
    "2099-01-01",
    "-2026-01-01",
    "２０２６-１２-０１",
]

DATETIMES = [
    "0001-01-01T00:00:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59",
    "9999-12-31T23:59:59.999999",
    "9999-12-31T23:59:59-23:59",
    "9999-12-31T16:00:00+00:00",
    "2026-11-26T09:00:00+23:59",
    "2026-11-26T09:00:00-23:59",
    "2026-11-26T24:00:00",
    "2026-11-26T09:60",
    "2026-11-26T09:00:00Z",
    "2026-11-26 09:00",
    "2026-11-26T09",
    "2026-11-26T09:00:00.123456789",
    "2026-11-26T09:00:00+08:00[Asia/Shanghai]",
    "T09:00",
    "09:00",
    "2026-11-26T09:00:00+99:99",
]


def _hostile_repeat(pair) -> str:
    text, times = pair
    return (text or "x") * times


# Text of any plane with control characters mixed in.
mixed_text = st.text(any_character | control_character, max_size=60)
# Long strings: far beyond every max_length of the forms and the columns (no 5 MB bodies: the
# test client would spend the suite's time on them).
long_text = st.tuples(st.sampled_from([*NASTY[1:], "a", "9", "遗"]), st.integers(300, 6000)).map(
    _hostile_repeat
)

numbers = st.one_of(
    st.sampled_from(NUMBERS),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)

dates = st.one_of(
    st.sampled_from(DATES),
    st.dates().map(dt.date.isoformat),
)

datetimes = st.one_of(
    st.sampled_from(DATETIMES),
    st.datetimes().map(dt.datetime.isoformat),
    st.datetimes(
        timezones=st.timezones(),
    ).map(dt.datetime.isoformat),
    st.builds(
        lambda moment, offset: moment.replace(
            tzinfo=dt.timezone(dt.timedelta(minutes=offset))
        ).isoformat(),
        st.datetimes(),
        st.integers(-(24 * 60 - 1), 24 * 60 - 1),
    ),
)

hostile_scalar = st.one_of(
    st.just("\x00"),  # PostgreSQL text cannot hold NUL: worth its own branch
    st.sampled_from(NASTY),
    mixed_text,
    long_text,
    numbers,
    dates,
    datetimes,
)


# Bytes that are not UTF-8 (a lone continuation byte, an overlong NUL, a truncated sequence),
# percent-encoded into a query string or a form body by the caller.
raw_bytes = st.one_of(
    st.sampled_from([b"\xff", b"\xc0\x80", b"\xe4\xb8", b"\xed\xa0\x80", b"%", b"%zz", b"\x00"]),
    st.binary(max_size=40),
)


def _insert(good: str, char: str, position: int) -> str:
    position %= len(good) + 1
    return good[:position] + char + good[position:]


def corrupted(*good: str) -> st.SearchStrategy[str]:
    """A good value with one control character (often NUL) slipped in: it passes a casual look
    and reaches the deepest code before anything notices."""
    return st.builds(
        _insert,
        st.sampled_from(list(good)),
        st.just("\x00") | control_character,
        st.integers(0, 60),
    )


def values(*good: str, scalar: st.SearchStrategy[str] = hostile_scalar):
    """One parameter's value: mostly hostile, sometimes one of the `good` values (so the view's
    happy path runs too) or a corrupted good value, sometimes a list where one value is
    expected; now and then raw bytes that are not UTF-8."""
    one = st.one_of(scalar, raw_bytes)
    if good:
        one = st.one_of(st.sampled_from(list(good)), corrupted(*good), scalar, raw_bytes)
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))


def params(**fields: st.SearchStrategy):
    """A query or form: every field optional (missing fields are hostile too)."""
    return st.fixed_dictionaries({}, optional=fields)
