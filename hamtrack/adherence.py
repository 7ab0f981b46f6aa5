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
import hashlib
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hamtrack.memo import by_content, working_afresh
from hamtrack.models import Pause
from hamtrack.numbers import round_half_up
from hamtrack.weeks import as_days, monday_of, week_frame

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


def habit_multiplier(target: int) -> float:
    """Loop's daily decay for a frequency of `target` sessions a week: 0.5 ** (sqrt(f) / 13)."""
    return 0.5 ** (math.sqrt(target / DAYS_PER_WEEK) / 13)


def _window(target: int) -> tuple[int, int]:
    """Days looked back and session days wanted in them (both doubled below daily, as Loop)."""
    if target < DAYS_PER_WEEK:
        return 2 * DAYS_PER_WEEK, 2 * target
    return DAYS_PER_WEEK, target


def _walk(
    walked: np.ndarray, target: int, *, tail: np.ndarray | None = None, score: float = 0.0
) -> np.ndarray:
    """The habit score (0–1) after each unpaused day of `walked` (1: a session that day).

    `tail` and `score` carry the walk on from where an earlier one stopped: the days walked
    just before (the window looks back over them) and the score after them. Carried on or
    walked from the start, the same days give the same floats: the same operations in the same
    order (docs/rules.md §5).
    """
    window, wanted = _window(target)
    before = np.zeros(0, dtype=np.int64) if tail is None else tail[-(window - 1) :]
    padded = np.concatenate([before, walked])
    if not len(padded):
        # Every day so far is paused: nothing to walk, and nothing counts against the habit.
        return np.zeros(0)
    in_window = np.convolve(padded, np.ones(window, dtype=np.int64))[len(before) : len(padded)]
    multiplier = habit_multiplier(target)
    walk = np.empty(len(walked))
    for i in range(len(walked)):
        score = score * multiplier + min(1.0, in_window[i] / wanted) * (1 - multiplier)
        walk[i] = score
    return walk


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
    scores = _scores_by_day(done_on, is_paused, _walk(done_on[~is_paused], target))
    days = pd.date_range(first_day, periods=length, freq="D", unit="us")
    return pd.Series(scores * 100, index=days, name="habit_score")


def _scores_by_day(
    done_on: np.ndarray, is_paused: np.ndarray, walk: np.ndarray, score: float = 0.0
) -> np.ndarray:
    """Each day's score from the walk over unpaused days: a paused day shows the score of the
    last unpaused day before it (`score` before any)."""
    # The walk runs over unpaused days only: paused days leave the timeline.
    steps = np.cumsum(~is_paused) - 1
    return np.where(steps >= 0, np.concatenate([walk, [0.0]])[np.maximum(steps, 0)], score)


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


CARRY_WEEKS = 8
"""Weeks before the last 8 are carried forward from the last time they were worked out, when
nothing logged in them has changed since (see `weekly_adherence`)."""

_CARRIED_KEPT = 16


@dataclass(frozen=True, slots=True)
class _Carried:
    """`weekly_adherence` up to a checkpoint Monday: its rows, and where the habit walk was."""

    rows: pd.DataFrame
    tail: np.ndarray
    """The last unpaused days walked before the checkpoint (1: a session), for the window."""
    score: float
    """The habit score (0–1) after them."""


_carried: dict[tuple, _Carried] = {}
_carried_lock = threading.Lock()


def forget_carried_weeks() -> None:
    """Drop every week kept to carry forward (the next `weekly_adherence` works out all)."""
    with _carried_lock:
        _carried.clear()


def _digest(*arrays: np.ndarray) -> str:
    found = hashlib.blake2b(digest_size=16)
    for array in arrays:
        # Each array's length first, so no two different lists of arrays read alike.
        found.update(len(array).to_bytes(8, "little"))
        found.update(np.ascontiguousarray(array, dtype=np.int64).tobytes())
    return found.hexdigest()


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

    The weeks before the last CARRY_WEEKS are all over, and the habit score is a running fold:
    when the sessions, pauses, target and first day before them are exactly those of an earlier
    call, their rows and the walk's state are carried forward from it and only the recent weeks
    are worked out. A save of today's entry changes nothing before them; an edit or deletion of
    an older entry, an import or a restore does, and everything is worked out again.
    """
    if first_day is None or first_day > today:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ADHERENCE_COLUMNS})
    days = np.asarray(as_days(sessions["day"]) if len(sessions) else [], dtype="datetime64[D]")
    days = days[(days >= np.datetime64(first_day)) & (days <= np.datetime64(today))]
    logged_days, counts = np.unique(days, return_counts=True)
    offsets = (logged_days - np.datetime64(first_day)).astype(np.int64)
    last_sunday = monday_of(today) + dt.timedelta(days=DAYS_PER_WEEK - 1)
    paused = np.array(
        sorted(
            (d - first_day).days for d in paused_days(pauses, first=first_day, last=last_sunday)
        ),
        dtype=np.int64,
    )
    checkpoint = monday_of(today) - dt.timedelta(weeks=CARRY_WEEKS)
    if checkpoint <= monday_of(first_day) or working_afresh():
        return _weeks(offsets, counts.astype(np.int64), paused, target, first_day, today)[0]
    cut = (checkpoint - first_day).days
    key = (
        target,
        first_day,
        checkpoint,
        _digest(offsets[offsets < cut], counts[offsets < cut], paused[paused < cut]),
    )
    with _carried_lock:
        carried = _carried.get(key)
    if carried is not None:
        recent, _ = _weeks(
            offsets,
            counts.astype(np.int64),
            paused,
            target,
            first_day,
            today,
            carried=carried,
            start=checkpoint,
        )
        return pd.concat([carried.rows, recent], ignore_index=True)
    rows, kept = _weeks(
        offsets, counts.astype(np.int64), paused, target, first_day, today, keep=checkpoint
    )
    with _carried_lock:
        while len(_carried) >= _CARRIED_KEPT:
            _carried.pop(next(iter(_carried)))
        _carried[key] = kept
    return rows


sessions_against_target = by_content(weekly_adherence)
"""`weekly_adherence`, found again by content: a check-in leaves the sessions as they were."""


def _weeks(
    offsets: np.ndarray,
    counts: np.ndarray,
    paused: np.ndarray,
    target: int,
    first_day: dt.date,
    today: dt.date,
    *,
    start: dt.date | None = None,
    carried: _Carried | None = None,
    keep: dt.date | None = None,
) -> tuple[pd.DataFrame, _Carried | None]:
    """The rows of `weekly_adherence` from the week of `start` (None: of `first_day`) to this
    week, the habit walk carried on from `carried`; and, with `keep` (a later Monday), what to
    carry forward from there. Days are given as offsets from `first_day`."""
    monday = start if start is not None else monday_of(first_day)
    weeks = week_frame(monday, today)
    # One slot per day of the weeks shown, Monday first, folded into one row per week.
    shift = (first_day - monday).days  # slot of first_day (negative when it is earlier)
    length = len(weeks) * DAYS_PER_WEEK
    logged = np.zeros(length, dtype=np.int64)
    is_paused = np.zeros(length, dtype=bool)
    inside = (offsets + shift >= 0) & (offsets + shift < length)
    logged[offsets[inside] + shift] = counts[inside]
    pause_slots = paused + shift
    is_paused[pause_slots[(pause_slots >= 0) & (pause_slots < length)]] = True
    before_start = np.arange(length) < shift
    # The habit walk over the days from first_day (or `start`) to today.
    first_slot, today_slot = max(shift, 0), (today - monday).days
    done_on = (logged[first_slot : today_slot + 1] > 0).astype(np.int64)
    off = ~is_paused[first_slot : today_slot + 1]
    walk = _walk(
        done_on[off],
        target,
        tail=None if carried is None else carried.tail,
        score=0.0 if carried is None else carried.score,
    )
    scores = _scores_by_day(done_on, ~off, walk, score=0.0 if carried is None else carried.score)
    by_week = (len(weeks), DAYS_PER_WEEK)
    done = (logged > 0).reshape(by_week).sum(axis=1)
    counted = (~is_paused & ~before_start).reshape(by_week).sum(axis=1)
    week_target = target * counted / DAYS_PER_WEEK
    needed = np.array([sessions_needed(target, int(c)) for c in counted], dtype=np.int64)
    complete = (weeks["week_end"] < pd.Timestamp(today)).to_numpy()
    # The score at each week's end, or today's for this week.
    ends = np.minimum(
        np.arange(len(weeks)) * DAYS_PER_WEEK + DAYS_PER_WEEK - 1 - first_slot, len(scores) - 1
    )
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
    # Built whole in one step: assigning eleven columns one by one to the weeks' frame was
    # most of what carrying the recent weeks forward cost after a save.
    rows = pd.DataFrame(
        {
            "week_start": weeks["week_start"],
            "week_end": weeks["week_end"],
            "week": weeks["week"],
            "session_days": done,
            "sessions": logged.reshape(by_week).sum(axis=1),
            "paused_days": is_paused.reshape(by_week).sum(axis=1),
            "counted_days": counted,
            "target": week_target,
            "sessions_needed": needed,
            "percent": percent,
            "status": pd.Series(status, dtype=object),
            "met": status == WeekStatus.MET,
            "complete": complete,
            "habit_score": scores[ends] * 100,
        }
    )
    if keep is None:
        return rows, None
    kept_weeks = (keep - monday).days // DAYS_PER_WEEK
    walked_before = int(off[: (keep - monday).days - first_slot].sum())
    window, _ = _window(target)
    walked = done_on[off]
    return rows, _Carried(
        rows=rows.iloc[:kept_weeks].reset_index(drop=True),
        tail=walked[max(0, walked_before - (window - 1)) : walked_before].copy(),
        score=float(walk[walked_before - 1]) if walked_before else 0.0,
    )


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
