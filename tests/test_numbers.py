"""Numbers as HamTrack shows them: one half-up rounding for screens, files and the summary."""

from fractions import Fraction

import pytest

from hamtrack.numbers import one_decimal, round_half_up, rounded_text, tenths


@pytest.mark.parametrize(
    ("value", "shown"),
    [(4.25, 4.3), (4.35, 4.4), (4.249, 4.2), (0.05, 0.1), (10.0, 10.0), (2 / 3, 0.7)],
)
def test_values_are_shown_to_one_decimal_rounded_half_up(value, shown):
    assert one_decimal(value) == shown
    assert tenths(value) == round(shown * 10)


def test_a_missing_value_stays_missing():
    assert one_decimal(None) is None
    assert one_decimal(float("nan")) is None


@pytest.mark.parametrize(
    ("value", "decimals", "rounded", "text"),
    [
        (35.5, 0, 36.0, "36"),
        (2.5, 0, 3.0, "3"),  # half up, where Python's round gives 2
        (Fraction(320, 9), 0, 36.0, "36"),  # 35.55… exactly
        (Fraction(320, 9), 1, 35.6, "35.6"),
        (2.25, 1, 2.3, "2.3"),
        (0.0, 1, 0.0, "0.0"),
    ],
)
def test_one_rounding_rule_half_up_for_floats_and_exact_fractions(value, decimals, rounded, text):
    assert round_half_up(value, decimals) == rounded
    assert rounded_text(value, decimals) == text
