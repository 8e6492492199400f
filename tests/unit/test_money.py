"""One precision rule for yuan everywhere (issue 11): the header, the message footer, the model prices
and Settings agree."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hunyuan_desktop.catalog import format_yuan


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("99.998", "¥99.9980"),  # a balance: four places
        ("0.002", "¥0.0020"),
        ("0.0003", "¥0.0003"),  # a price per 1K tokens: exact in four places
        ("0.000678", "¥0.000678"),  # a reply's cost: four places would say ¥0.0007
        ("0.0000012", "¥0.000001"),  # at most six
        ("0", "¥0.0000"),
        ("-1.5", "-¥1.5000"),
        ("1e30", "¥?"),  # no account holds that
    ],
)
def test_one_rule_for_yuan(amount: str, shown: str) -> None:
    assert format_yuan(Decimal(amount)) == shown


def test_nothing_known_is_a_dash() -> None:
    assert format_yuan(None) == "—"
