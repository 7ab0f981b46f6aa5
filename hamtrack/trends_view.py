"""The Trends page's view model: adherence, pain, scores and flags for the weeks shown, worked
out in one place.

`trends_view` turns a `TrendData` into a frozen `TrendsView` whose every number comes from a
tested function of hamtrack.adherence, hamtrack.trends or hamtrack.flags. The frames in it are
already aggregated (one row per week, or per day for the faint pain points), so what goes to the
browser grows with weeks, not with check-ins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlite_utils import Database

from hamtrack import trends
from hamtrack.adherence import ThisWeek, this_week, weekly_adherence
from hamtrack.flags import Flag, pain_flags, persistent_pain
from hamtrack.models import BAND_LEVELS
from hamtrack.numbers import one_decimal
from hamtrack.weeks import monday_of, range_start

RANGES: tuple[int | None, ...] = (4, 12, 26, 52, None)
"""The ranges a person can pick, in weeks (None: everything)."""

DEFAULT_RANGE = 12

DAILY_POINTS_MAX_WEEKS = 53
"""Beyond a year the pain chart shows each week's lowest-to-highest range instead of one point
a day, so a ten-year history still sends a few hundred rows to the browser."""

MIN_PAIN_DAYS = 2
"""Days with pain logged in the range before the pain chart is drawn."""


@dataclass(frozen=True, slots=True)
class TrendsView:
    """What the trends page shows for one range, computed from the logs."""

    today: dt.date
    weeks: int | None
    since: dt.date | None
    """The Monday of the first week shown (the later of the range start and the first logged
    week); None when nothing is logged."""
    target: int
    this_week: ThisWeek | None
    adherence: pd.DataFrame
    sessions_logged: int
    pain_weekly: pd.DataFrame
    pain_daily: pd.DataFrame
    pain_days: int
    pain_trend: trends.PainTrend | None
    pain_so_far: trends.PainSoFar | None
    """This week's pain so far: shown, never a verdict's end point."""
    scores: pd.DataFrame
    latest_score: trends.LatestScore | None
    score_band: tuple[float, float] | None
    volume: pd.DataFrame
    exercises: pd.DataFrame
    pauses: pd.DataFrame
    flags: tuple[Flag, ...]
    persistent: Flag | None

    @property
    def is_empty(self) -> bool:
        return self.since is None

    @property
    def span(self) -> tuple[dt.date, dt.date] | None:
        """The time axis of every chart: the first Monday shown to the Monday after this week."""
        if self.since is None:
            return None
        return self.since, monday_of(self.today) + dt.timedelta(weeks=1)


def trends_view(data: trends.TrendData, *, weeks: int | None) -> TrendsView:
    """Everything the trends page shows for the last `weeks` weeks (None: all) of `data`.

    `data` must have been read for at least that range (`read_trend_data(since=...)`).
    """
    today = data.today
    if data.first_day is None:
        return _empty_view(data, weeks)
    start = range_start(today, weeks)
    since = max(start, monday_of(data.first_day)) if start else monday_of(data.first_day)
    shown = pd.Timestamp(since)

    adherence_all = weekly_adherence(
        data.sessions, data.pauses, target=data.target, first_day=data.first_day, today=today
    )
    pain_all = trends.weekly_pain(
        data.daily_pain, first=data.read_from or data.first_day, last=today
    )
    pain_weekly = pain_all[pain_all["week_start"] >= shown].reset_index(drop=True)
    long_range = (monday_of(today) - since).days // 7 + 1 > DAILY_POINTS_MAX_WEEKS
    daily = trends.daily_points(data.daily_pain, since=since)
    latest = trends.latest_score(data.scores)
    series = trends.questionnaire_series(data.scores, since=since)
    if latest is not None and not series.empty:
        # The chart draws the scores of the latest's definition against its baseline: scores of
        # another definition are never compared with it (docs/rules.md §6).
        same = (series["questionnaire_id"] == latest.questionnaire_id) & (
            series["questionnaire_version"] == latest.questionnaire_version
        )
        series = series[same].reset_index(drop=True)
    sessions_in_range = (
        data.sessions[pd.to_datetime(data.sessions["day"]) >= shown]
        if len(data.sessions)
        else data.sessions
    )

    return TrendsView(
        today=today,
        weeks=weeks,
        since=since,
        target=data.target,
        this_week=this_week(adherence_all),
        adherence=adherence_all[adherence_all["week_start"] >= shown].reset_index(drop=True),
        sessions_logged=len(sessions_in_range),
        pain_weekly=pain_weekly,
        pain_daily=daily.iloc[0:0] if long_range else daily,
        pain_days=len(daily),
        pain_trend=trends.pain_trend(pain_all, today=today),
        pain_so_far=trends.pain_so_far(pain_all, today=today),
        scores=series,
        latest_score=latest,
        score_band=None if latest is None else trends.questionnaire_band(latest.baseline),
        volume=trends.exercise_volume(data.exercises, since=since),
        exercises=trends.exercise_summary(data.exercises, data.programme, since=since),
        pauses=trends.pauses_in(data.pauses, first=since, last=today),
        flags=tuple(
            pain_flags(data.exercises, data.daily_pain, since=since, until=today, today=today)
        ),
        persistent=persistent_pain(pain_all, today=today),
    )


def _empty_view(data: trends.TrendData, weeks: int | None) -> TrendsView:
    empty = pd.DataFrame()
    return TrendsView(
        today=data.today,
        weeks=weeks,
        since=None,
        target=data.target,
        this_week=None,
        adherence=empty,
        sessions_logged=0,
        pain_weekly=empty,
        pain_daily=empty,
        pain_days=0,
        pain_trend=None,
        pain_so_far=None,
        scores=empty,
        latest_score=None,
        score_band=None,
        volume=empty,
        exercises=empty,
        pauses=empty,
        flags=(),
        persistent=None,
    )


def read_trends_view(db: Database, *, today: dt.date, weeks: int | None) -> TrendsView:
    """Read only what the range needs (plus the weeks its rules look back on) and work it out."""
    data = trends.read_trend_data(db, today=today, since=range_start(today, weeks))
    return trends_view(data, weeks=weeks)


def _known(value: object) -> bool:
    return value is not None and not pd.isna(value)


def exercise_line(row: pd.Series) -> str:
    """One plain sentence about an exercise from a `trends.exercise_summary` row, e.g.
    'done in 8 of 10 sessions; usually 30 reps (programme: 30); band: light; pain during
    1.5/10 on average.'"""
    unit = "s held" if row["unit"] == "seconds" else "reps"
    times = int(row["times_done"])
    if row["in_programme"]:
        parts = [f"done in {times} of {int(row['session_days'])} sessions"]
    else:
        parts = [f"done {times} time{'s' if times != 1 else ''} (not in your programme)"]
    if _known(row["typical"]):
        planned = f" (programme: {row['prescribed']:.0f})" if _known(row["prescribed"]) else ""
        parts.append(f"usually {row['typical']:.0f} {unit}{planned}")
    if _known(row["band_latest"]) and int(row["band_latest"]) > 0:
        parts.append(f"band: {BAND_LEVELS[int(row['band_latest'])].lower()}")
    if _known(row["pain_mean"]):
        parts.append(f"pain during {one_decimal(row['pain_mean']):.1f}/10 on average")
    return "; ".join(parts) + "."
