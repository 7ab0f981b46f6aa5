"""ISO weeks (Monday to Sunday, on the person's local dates): the unit every trend is told in."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

DAY_DTYPE = "datetime64[us]"
"""The dtype of every day and week column in the trend frames (the database frames' own)."""

WEEK_COLUMNS = ("week_start", "week_end", "week")


def monday_of(day: dt.date) -> dt.date:
    """The Monday that starts `day`'s ISO week."""
    return day - dt.timedelta(days=day.weekday())


def week_label(monday: dt.date) -> str:
    """The ISO week name, e.g. '2025-W01' (the week of Monday 30 December 2024)."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def mondays(first: dt.date, last: dt.date) -> list[dt.date]:
    """The Mondays of every week from `first`'s week to `last`'s, oldest first."""
    start, stop = monday_of(first), monday_of(last)
    return [start + dt.timedelta(weeks=n) for n in range((stop - start).days // 7 + 1)]


def as_days(values: pd.Series | list) -> pd.Series:
    """Dates or timestamps as midnight timestamps of the frames' one dtype."""
    if isinstance(values, pd.Series) and pd.api.types.is_datetime64_dtype(values.dtype):
        return values.astype(DAY_DTYPE).dt.normalize()
    if isinstance(values, list) and all(type(v) is dt.date for v in values):
        # Plain dates convert in one step through numpy, not one by one.
        return pd.Series(np.array(values, dtype="datetime64[D]").astype(DAY_DTYPE))
    return pd.Series(pd.to_datetime(values), dtype=DAY_DTYPE).dt.normalize()


def week_starts(days: pd.Series) -> pd.Series:
    """The Monday of each day's ISO week, as a timestamp column."""
    days = as_days(days)
    return days - pd.to_timedelta(days.dt.day_of_week, unit="D")


def week_frame(first: dt.date, last: dt.date) -> pd.DataFrame:
    """One row per ISO week from `first`'s week to `last`'s: week_start, week_end, week (label)."""
    starts = mondays(first, last) if first <= last else []
    return pd.DataFrame(
        {
            "week_start": as_days(starts),
            "week_end": as_days([m + dt.timedelta(days=6) for m in starts]),
            "week": pd.Series([week_label(m) for m in starts], dtype=object),
        }
    )


def range_start(today: dt.date, weeks: int | None) -> dt.date | None:
    """The Monday of the first week shown when the last `weeks` weeks (this one included) are
    shown; None for the whole history."""
    if weeks is None:
        return None
    if weeks < 1:
        raise ValueError(f"A range needs at least one week (got {weeks}).")
    return monday_of(today) - dt.timedelta(weeks=weeks - 1)


def date_text(day: dt.date, *, today: dt.date) -> str:
    """A date as a person reads it: '14 Dec' in `today`'s year, '14 Dec 2025' in any other, so
    a date of last year never reads like one to come."""
    return f"{day.day} {day:%b}" if day.year == today.year else f"{day.day} {day:%b %Y}"
