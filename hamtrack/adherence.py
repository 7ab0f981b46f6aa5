"""Adherence: is the person doing their programme, week by week, and how steady is the habit?

Three measures, all over ISO weeks (Monday to Sunday) on the person's local dates
(docs/rules.md §5):

- Weekly adherence: a week needs `ceil(target × unpaused days ÷ 7)` days with a session (at
  least 1 when any day is unpaused); it is met when the days with a session reach that number,
  and its percentage is days ÷ needed, capped at 100 %, so the percentage and met/missed never
  disagree. A day with two sessions counts once. Days inside a pause (illness, holiday, flare-up,
  advised rest) and days before the first thing was ever logged leave the week pro rata: 3 a
  week with 3 paused days needs ceil(3 × 4/7) = 2 days; a first week starting on a Wednesday
  (5 days) needs ceil(15/7) = 3.
- Streak: consecutive weeks at target, counted back from this week. A week still in progress
  does not break it, and a fully paused week neither breaks nor extends it.
- Habit score (0–100): the habit strength of Loop Habit Tracker (uhabits `Score.kt`,
  `ScoreList.kt`). For a target of n sessions in d = 7 days, frequency f = n/d; walking day by
  day over unpaused days only (a pause is taken out of the timeline, so it lowers the score
  neither while it lasts nor afterwards), `done = min(1, session days in the last 2d unpaused
  days ÷ 2n)` (window d and n when f = 1, as Loop doubles both only for habits rarer than
  daily), `m = 0.5 ** (sqrt(f) / 13)` and `score = previous × m + done × (1 − m)`, from 0. A
  missed session dents it; nothing resets it to zero.

The weekly target is the current one (the profile keeps no history of past targets).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hamtrack.models import Pause
from hamtrack.numbers import round_half_up
from hamtrack.weeks import as_days, week_frame

DEFAULT_TARGET = 3
DAYS_PER_WEEK = 7


class WeekStatus:
    """How a week stands against its target (plain strings, so they go straight into CSVs)."""

    MET = "met"
    MISSED = "missed"
    PAUSED = "paused"
    IN_PROGRESS = "in progress"


ADHERENCE_COLUMNS = (
    "week_start",
    "week_end",
    "week",
    "session_days",
    "sessions",
    "paused_days",
    "counted_days",
    "target",
    "sessions_needed",
    "percent",
    "status",
    "met",
    "complete",
    "habit_score",
)


def paused_days(pauses: Iterable[Pause], *, first: dt.date, last: dt.date) -> set[dt.date]:
    """Every day from `first` to `last` that falls inside a pause."""
    found: set[dt.date] = set()
    for pause in pauses:
        day, stop = max(pause.start, first), min(pause.end, last)
        while day <= stop:
            found.add(day)
            day += dt.timedelta(days=1)
    return found


def session_day_counts(sessions: pd.DataFrame) -> pd.Series:
    """Sessions logged per day (index: day timestamps), from a frame with one row per session."""
    if sessions.empty:
        return pd.Series(dtype="int64", index=pd.DatetimeIndex([], dtype="datetime64[us]"))
    return as_days(sessions["day"]).value_counts().sort_index()


def habit_multiplier(target: int) -> float:
    """Loop's daily decay for a frequency of `target` sessions a week: 0.5 ** (sqrt(f) / 13)."""
    return 0.5 ** (math.sqrt(target / DAYS_PER_WEEK) / 13)


def _window(target: int) -> tuple[int, int]:
    """Days looked back and session days wanted in them (both doubled below daily, as Loop)."""
    if target < DAYS_PER_WEEK:
        return 2 * DAYS_PER_WEEK, 2 * target
    return DAYS_PER_WEEK, target


def habit_scores(
    session_days: Iterable[dt.date],
    paused: Iterable[dt.date],
    *,
    target: int,
    first_day: dt.date,
    today: dt.date,
) -> pd.Series:
    """The habit score (0–100) at the end of each day from `first_day` to `today`.

    `session_days` are the days with at least one session; `paused` the days inside a pause.
    """
    if today < first_day:
        return pd.Series(dtype="float64", index=pd.DatetimeIndex([], dtype="datetime64[us]"))
    length = (today - first_day).days + 1
    done_on = np.zeros(length, dtype=np.int64)
    is_paused = np.zeros(length, dtype=bool)
    for day in set(session_days):
        if first_day <= day <= today:
            done_on[(day - first_day).days] = 1
    for day in set(paused):
        if first_day <= day <= today:
            is_paused[(day - first_day).days] = True
    # The walk runs over unpaused days only: paused days leave the timeline, and the window
    # counts back over the last unpaused days.
    walked = done_on[~is_paused]
    window, wanted = _window(target)
    in_window = np.convolve(walked, np.ones(window, dtype=np.int64))[: len(walked)]
    multiplier = habit_multiplier(target)
    walk = np.empty(len(walked))
    score = 0.0
    for i in range(len(walked)):
        score = score * multiplier + min(1.0, in_window[i] / wanted) * (1 - multiplier)
        walk[i] = score
    # A paused day shows the score of the last unpaused day before it (0 before any).
    steps = np.cumsum(~is_paused) - 1
    scores = np.where(steps >= 0, np.concatenate([walk, [0.0]])[np.maximum(steps, 0)], 0.0)
    days = pd.date_range(first_day, periods=length, freq="D", unit="us")
    return pd.Series(scores * 100, index=days, name="habit_score")


def sessions_needed(target: int, unpaused_days: int) -> int:
    """Days with a session a week needs: ceil(target × unpaused days ÷ 7), at least 1 when any
    day is unpaused, 0 for a fully paused week (docs/rules.md §5). Whole-number arithmetic, so
    no float error turns 3 into 4."""
    if unpaused_days <= 0:
        return 0
    return max(1, -(-target * unpaused_days // DAYS_PER_WEEK))


def week_percent(session_days: int, needed: int) -> float | None:
    """A week's adherence: days with a session ÷ days needed, capped at 100 %; None when
    nothing was needed (a fully paused week). Of the same need as met/missed, so a week shown
    below 100 % is never "met" and one at 100 % is never "missed"."""
    if needed <= 0:
        return None
    return min(100.0, 100 * session_days / needed)


def weekly_adherence(
    sessions: pd.DataFrame,
    pauses: Iterable[Pause],
    *,
    target: int = DEFAULT_TARGET,
    first_day: dt.date | None,
    today: dt.date,
) -> pd.DataFrame:
    """One row per ISO week from `first_day`'s week to this week: sessions against the target.

    `sessions` has one row per logged session with a `day` column (db.sessions_frame);
    `first_day` is the first day anything was logged (None: nothing yet, an empty frame).
    Columns: week_start, week_end, week ('2025-W01'), session_days, sessions, paused_days,
    counted_days (days not paused and not before the first day), target (pro rata, may be
    fractional), sessions_needed (`sessions_needed`), percent (`week_percent`; NaN for a fully
    paused week),
    status (met, missed, paused, in progress), met, complete (the week has ended),
    habit_score (0–100 at the week's end, or today for this week).
    """
    if first_day is None or first_day > today:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ADHERENCE_COLUMNS})
    per_day = {
        ts.date(): int(n)
        for ts, n in session_day_counts(sessions).items()
        if first_day <= ts.date() <= today
    }
    weeks = week_frame(first_day, today)
    monday = weeks["week_start"].iloc[0].date()
    last_sunday = weeks["week_end"].iloc[-1].date()
    paused = paused_days(pauses, first=first_day, last=last_sunday)
    scores = habit_scores(per_day, paused, target=target, first_day=first_day, today=today)

    # One slot per day of the weeks shown, Monday first, folded into one row per week.
    length = len(weeks) * DAYS_PER_WEEK
    logged = np.zeros(length, dtype=np.int64)
    is_paused = np.zeros(length, dtype=bool)
    for day, count in per_day.items():
        logged[(day - monday).days] = count
    for day in paused:
        is_paused[(day - monday).days] = True
    before_start = np.arange(length) < (first_day - monday).days
    by_week = (len(weeks), DAYS_PER_WEEK)
    done = (logged > 0).reshape(by_week).sum(axis=1)
    counted = (~is_paused & ~before_start).reshape(by_week).sum(axis=1)
    week_target = target * counted / DAYS_PER_WEEK
    needed = np.array([sessions_needed(target, int(c)) for c in counted], dtype=np.int64)
    complete = (weeks["week_end"] < pd.Timestamp(today)).to_numpy()
    # The score at each week's end, or today's for this week.
    ends = np.minimum((weeks["week_end"] - pd.Timestamp(first_day)).dt.days, len(scores) - 1)
    percent = np.array(
        [
            np.nan if (p := week_percent(int(d), int(n))) is None else p
            for d, n in zip(done, needed, strict=True)
        ],
        dtype="float64",
    )
    status = np.where(
        needed == 0,
        WeekStatus.PAUSED,
        np.where(
            done >= needed,
            WeekStatus.MET,
            np.where(complete, WeekStatus.MISSED, WeekStatus.IN_PROGRESS),
        ),
    )
    return weeks.assign(
        session_days=done,
        sessions=logged.reshape(by_week).sum(axis=1),
        paused_days=is_paused.reshape(by_week).sum(axis=1),
        counted_days=counted,
        target=week_target,
        sessions_needed=needed,
        percent=percent,
        status=pd.Series(status, dtype=object),
        met=status == WeekStatus.MET,
        complete=complete,
        habit_score=scores.to_numpy()[ends.to_numpy()],
    )[list(ADHERENCE_COLUMNS)]


def streak(weekly: pd.DataFrame) -> int:
    """Consecutive weeks at target, counted back from the newest week of `weekly_adherence`.

    A week in progress does not break the streak (it counts once met); a fully paused week is
    stepped over.
    """
    count = 0
    for status in reversed(weekly["status"].tolist()):
        if status == WeekStatus.MET:
            count += 1
        elif status == WeekStatus.MISSED:
            break
    return count


def best_streak(weekly: pd.DataFrame) -> int:
    """The longest run of weeks at target anywhere in `weekly` (paused weeks stepped over)."""
    best = current = 0
    for status in weekly["status"].tolist():
        if status == WeekStatus.MET:
            current += 1
            best = max(best, current)
        elif status == WeekStatus.MISSED:
            current = 0
    return best


@dataclass(frozen=True, slots=True)
class ThisWeek:
    """Where the current week stands, for headlines (home page, trends)."""

    week: str
    session_days: int
    sessions_needed: int
    percent: float | None
    status: str
    paused_days: int
    streak: int
    habit_score: float
    habit_score_change: float | None
    """Change since the end of last week (None in the first week)."""


def this_week(weekly: pd.DataFrame) -> ThisWeek | None:
    """The newest week of `weekly_adherence` with the streak and habit score; None if empty."""
    if weekly.empty:
        return None
    row = weekly.iloc[-1]
    previous = weekly["habit_score"].iloc[-2] if len(weekly) > 1 else None
    return ThisWeek(
        week=row["week"],
        session_days=int(row["session_days"]),
        sessions_needed=int(row["sessions_needed"]),
        percent=None if pd.isna(row["percent"]) else float(row["percent"]),
        status=row["status"],
        paused_days=int(row["paused_days"]),
        streak=streak(weekly),
        habit_score=float(row["habit_score"]),
        habit_score_change=None if previous is None else float(row["habit_score"] - previous),
    )


def habit_change_text(change: float | None) -> str | None:
    """The habit score's change since last week as shown: '+3 since last week', or 'no change'
    when it rounds to 0 (never '−0'); None in the first week."""
    if change is None:
        return None
    shown = int(round_half_up(abs(change)))
    if shown == 0:
        return "no change since last week"
    # An ASCII minus: screens read the sign to colour the change.
    return f"{'+' if change > 0 else '-'}{shown} since last week"
