"""Numbers as HamTrack shows them: one rounding rule for every screen, file and summary.

People and spreadsheets round halves up (2.25 shows as 2.3), not to the nearest even digit as
Python's `round` does, so every value shown or written goes through `round_half_up`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pandas as pd


def _decimal(value: float | Fraction) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    # repr gives the shortest text that reads back as the same float: 4.25 stays 4.25, not
    # 4.2499999… as Decimal(float) would make it.
    return Decimal(repr(float(value)))


def round_half_up(value: float | Fraction, decimals: int = 0) -> float:
    """`value` rounded half up to `decimals` places: 4.25 → 4.3 (1 place), 35.5 → 36."""
    step = Decimal(1).scaleb(-decimals)
    return float(_decimal(value).quantize(step, rounding=ROUND_HALF_UP))


def rounded_text(value: float | Fraction, decimals: int = 0) -> str:
    """`value` rounded half up, as text with exactly `decimals` places: '4.3', '36'."""
    step = Decimal(1).scaleb(-decimals)
    return f"{_decimal(value).quantize(step, rounding=ROUND_HALF_UP):f}"


def tenths(value: float) -> int:
    """A value in whole tenths, rounded half up: 4.25 → 43 (so 4.3 on screen)."""
    return round(round_half_up(value, 1) * 10)


def one_decimal(value: float | None) -> float | None:
    """A value rounded half up to one decimal, as screens and CSVs show it; None stays None."""
    if value is None or pd.isna(value):
        return None
    return round_half_up(value, 1)
