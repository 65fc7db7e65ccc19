from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from digipuff.core.formatting import (
    format_millions,
    format_number,
    format_percent,
    format_share,
    format_thousands,
    parse_number,
)
from digipuff.core.suppression import format_count


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("1234.5"), 1, "1 234,5"),
        (1234567, 0, "1 234 567"),
        (Decimal("-2.6"), 1, "-2,6"),
        (Decimal("0.05"), 1, "0,1"),
        (Decimal("0.25"), 1, "0,3"),
        (Decimal("-0.25"), 1, "-0,3"),
        (Decimal("-0.04"), 1, "0,0"),
        (999, 0, "999"),
        (1000, 0, "1 000"),
        (None, 0, "-"),
        (0.1, 2, "0,10"),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_percent_share_and_kronor():
    assert format_percent(Decimal("5.66")) == "5,7 %"
    assert format_percent(None) == "-"
    assert format_share(57, 1000) == "5,7 %"
    assert format_share(1, 0) == "-"
    assert format_thousands(Decimal("1234567")) == "1 235"
    assert format_millions(418_000_000) == "418,0"
    assert format_millions(Decimal("-1049999")) == "-1,0"


@pytest.mark.parametrize(
    ("count", "expected"), [(None, "-"), (0, "0"), (1, "--"), (6, "--"), (7, "7"), (1234, "1 234")]
)
def test_small_counts_are_suppressed(count, expected):
    assert format_count(count, threshold=7) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234,5", Decimal("1234.5")),
        ("-2,6", Decimal("-2.6")),
        ("\u22123", Decimal("-3")),
        ("5,7 %", Decimal("5.7")),
        ("1234.5", Decimal("1234.5")),
        ("1.234,5", Decimal("1234.5")),
        ("", None),
        ("-", None),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["abc", "1,2,3", "12a", "--5", "1 2x"])
def test_parse_number_refuses_nonsense(text):
    with pytest.raises(ValueError, match="is not a number"):
        parse_number(text)


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_formatting_round_trips_through_parsing(value):
    assert parse_number(format_number(value, 2)) == value


@given(st.text(max_size=30))
def test_parse_number_never_raises_anything_but_value_error(text):
    with contextlib.suppress(ValueError):
        parse_number(text)


def test_template_filters():
    rendered = Template(
        "{% load digipuff %}{{ a|num:1 }}|{{ b|pct }}|{{ c|tkr }}|{{ c|mnkr }}|{{ d|count }}|{{ e|count }}"
    ).render(Context({"a": Decimal("1234.5"), "b": Decimal("5.7"), "c": 418_000_000, "d": 3, "e": None}))
    assert rendered == "1 234,5|5,7 %|418 000|418,0|--|-"


def test_a_year_in_the_query_string_that_is_not_a_plain_number_is_ignored(client, org, users):
    client.force_login(users["reader"])
    assert client.get("/?year=²").status_code == 200
    assert client.get("/?year=99999999999999999999").status_code == 200
