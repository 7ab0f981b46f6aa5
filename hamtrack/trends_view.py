"""The Trends page's view model: adherence, pain, scores and flags for the weeks shown, worked
out in one place.

`trends_view` turns a `TrendData` into a frozen `TrendsView` whose every number comes from a
tested function of hamtrack.adherence, hamtrack.trends or hamtrack.flags. The frames in it are
already aggregated (one row per week, or per day for the faint pain points), so what goes to the
browser grows with weeks, not with check-ins.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

import pandas as pd
from sqlite_utils import Database

from hamtrack import trends
from hamtrack.adherence import ThisWeek, WeekStatus, sessions_against_target, this_week
from hamtrack.flags import Flag, pain_flags, persistent_pain
from hamtrack.memo import by_content
from hamtrack.models import BAND_LEVELS, ProgrammeExercise
from hamtrack.nordic import NORDIC
from hamtrack.numbers import one_decimal, round_half_up, rounded_text
from hamtrack.weeks import date_text, monday_of, range_start

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

    adherence_all = sessions_against_target(
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
        exercises=with_doses(
            trends.exercise_summary(data.exercises, data.programme, since=since),
            data.exercises,
            data.programme,
            since=since,
        ),
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


def read_trends_view(
    db: Database, *, today: dt.date, weeks: int | None, read: trends.Read | None = None
) -> TrendsView:
    """Read only what the range needs (plus the weeks its rules look back on) and work it out;
    `read` as `trends.read_trend_data` takes it."""
    data = trends.read_trend_data(db, today=today, since=range_start(today, weeks), read=read)
    return trends_view(data, weeks=weeks)


THIS_WEEK_TABLES = ("check_ins", "sessions", "questionnaire_responses", "pauses", "profile")
"""What `read_this_week` reads (the first day logged comes from the first three)."""


def read_this_week(db: Database, *, today: dt.date) -> ThisWeek | None:
    """This week's sessions against the target, as the Trends page counts them, read without
    working out the rest of the page (for Home)."""
    data = trends.read_adherence_data(db, today=today)
    if data.first_day is None:
        return None
    return this_week(
        sessions_against_target(
            data.sessions, data.pauses, target=data.target, first_day=data.first_day, today=today
        )
    )


def _known(value: object) -> bool:
    return value is not None and not pd.isna(value)


DOSE_COLUMNS = ("usual_sets", "usual_per_set", "programme_sets", "programme_per_set")
"""What `with_doses` adds to an exercise summary: sets in a session and reps (or seconds held)
in a set, as usually logged and as the programme has them."""


@by_content
def with_doses(
    summary: pd.DataFrame,
    exercises: pd.DataFrame,
    programme: tuple[ProgrammeExercise, ...],
    *,
    since: dt.date | None,
) -> pd.DataFrame:
    """`trends.exercise_summary` rows with the usual dose beside the programme's, set for set.

    A total (30 reps in a session) is never set against a set (10 reps): the usual sets in a
    session is the median over the days it was done, the usual set the median of the sets
    logged, each beside the programme's own figure. The Nordic exercise has no fixed figure:
    its dose follows its own build-up (docs/rules.md §1).
    """
    sets_by_day: dict[str, dict[int, float]] = {}
    per_set: dict[str, list[float]] = {}
    for done in trends.done_since(exercises, since):
        days = sets_by_day.setdefault(done.exercise, {})
        days[done.day] = days.get(done.day, 0.0) + done.sets
        per_set.setdefault(done.exercise, []).append(done.per_set)
    nan = float("nan")
    usual = {
        slug: (
            float(statistics.median(days.values())),
            _median_known(per_set[slug]),
        )
        for slug, days in sets_by_day.items()
    }
    planned = {item.exercise: item for item in programme if item.exercise != NORDIC}
    result = summary.copy()
    result["usual_sets"] = [usual.get(slug, (nan, nan))[0] for slug in result["exercise"]]
    result["usual_per_set"] = [usual.get(slug, (nan, nan))[1] for slug in result["exercise"]]
    result["programme_sets"] = [
        float(planned[slug].sets or 1) if slug in planned else nan for slug in result["exercise"]
    ]
    result["programme_per_set"] = [
        _planned_per_set(planned[slug], unit) if slug in planned else nan
        for slug, unit in zip(result["exercise"], result["unit"], strict=True)
    ]
    return result


def _median_known(values: list[float]) -> float:
    known = trends.known_values(values)
    return float(statistics.median(known)) if known else float("nan")


def _planned_per_set(item: ProgrammeExercise, unit: str) -> float:
    first, second = (item.hold_s, item.reps) if unit == "seconds" else (item.reps, item.hold_s)
    value = first if first is not None else second
    return float("nan") if value is None else float(value)


def dose_words(sets: float, per_set: float, unit: str) -> str:
    """A dose set for set: '3 sets of 10 reps', '1 set of 12 reps', '2 holds of 30 s'."""
    count = int(round_half_up(float(sets)))
    amount = rounded_text(float(per_set))
    if unit == "seconds":
        return f"{count} hold{'s' if count != 1 else ''} of {amount} s"
    return f"{count} set{'s' if count != 1 else ''} of {amount} reps"


def exercise_line(row: pd.Series) -> str:
    """One plain sentence about an exercise from a `with_doses` row, e.g. 'done in 8 of 10
    sessions; usually 3 sets of 10 reps (programme: 3 sets of 12 reps); band: light; pain
    during 1.5/10 on average.' Doses are compared set for set, never a total with a set; a dose
    done as planned says so ('usually 3 sets of 10 reps, as in your programme')."""
    times = int(row["times_done"])
    if row["in_programme"]:
        parts = [f"done in {times} of {int(row['session_days'])} sessions"]
    else:
        parts = [f"done {times} time{'s' if times != 1 else ''} (not in your programme)"]
    if _known(row.get("usual_sets")) and _known(row.get("usual_per_set")):
        done = dose_words(row["usual_sets"], row["usual_per_set"], row["unit"])
        usual = f"usually {done}"
        if _known(row.get("programme_sets")) and _known(row.get("programme_per_set")):
            planned = dose_words(row["programme_sets"], row["programme_per_set"], row["unit"])
            usual += ", as in your programme" if planned == done else f" (programme: {planned})"
        elif row["in_programme"] and row["exercise"] == NORDIC:
            usual += " (programme: its own build-up, see My programme)"
        parts.append(usual)
    if _known(row["band_latest"]) and int(row["band_latest"]) > 0:
        parts.append(f"band: {BAND_LEVELS[int(row['band_latest'])].lower()}")
    if _known(row["pain_mean"]):
        parts.append(f"pain during {one_decimal(row['pain_mean']):.1f}/10 on average")
    return "; ".join(parts) + "."


# ---------------------------------------------------------------------------------------------
# Each chart in words: what it shows and its latest values, for a screen reader and for anyone
# who reads a sentence faster than a drawing.

_STATUS_WORDS = {
    WeekStatus.MET: "target met",
    WeekStatus.MISSED: "below target",
    WeekStatus.IN_PROGRESS: "so far",
    WeekStatus.PAUSED: "paused",
}

WEEKS_IN_WORDS = 4
"""The newest weeks a chart's words list one by one."""


def _week(start: pd.Timestamp | dt.date, today: dt.date) -> str:
    day = start.date() if isinstance(start, pd.Timestamp) else start
    if day == monday_of(today):
        return "this week"
    return f"the week of {date_text(day, today=today)}"


def sessions_in_words(view: TrendsView) -> str:
    """The sessions chart in words: finished weeks at target, then the newest weeks' days."""
    return _sessions_in_words(view.adherence, since=view.since, today=view.today)


# The words are worked out again only when what they describe changed: a check-in leaves the
# sessions' words as they were, a session the pain's (each is most of a millisecond).
@by_content
def _sessions_in_words(rows: pd.DataFrame, *, since: dt.date | None, today: dt.date) -> str:
    if rows.empty:
        return "No weeks to show yet."
    finished = rows[rows["status"].isin([WeekStatus.MET, WeekStatus.MISSED])]
    met = int((finished["status"] == WeekStatus.MET).sum())
    lead = (
        f"Days with an exercise session each week since {date_text(since, today=today)}"
        if since is not None
        else "Days with an exercise session each week"
    )
    text = (
        f"{lead}: {met} of {len(finished)} finished week{'s' if len(finished) != 1 else ''} "
        "at target."
    )
    latest = []
    newest = rows.tail(WEEKS_IN_WORDS)
    for start, status, days, needed in zip(
        newest["week_start"],
        newest["status"],
        newest["session_days"].tolist(),
        newest["sessions_needed"].tolist(),
        strict=True,
    ):
        when = _week(start, today)
        if status == WeekStatus.PAUSED:
            latest.append(f"{when}: paused")
        else:
            latest.append(f"{when}: {days} of {needed}, {_STATUS_WORDS.get(status, status)}")
    return f"{text} Latest: {'; '.join(latest)}."


def pain_in_words(view: TrendsView) -> str:
    """The pain chart in words: its highest and lowest week and the newest weeks' averages."""
    return _pain_in_words(view.pain_weekly, today=view.today)


@by_content
def _pain_in_words(weekly: pd.DataFrame, *, today: dt.date) -> str:
    rows = weekly[weekly["pain_mean"].notna()]
    if rows.empty:
        return "No pain logged in these weeks."
    high = rows.loc[rows["pain_mean"].idxmax()]
    low = rows.loc[rows["pain_mean"].idxmin()]
    text = (
        f"Average pain each week (0 to 10): highest {_pain(high['pain_mean'])} in "
        f"{_week(high['week_start'], today)}, lowest {_pain(low['pain_mean'])} in "
        f"{_week(low['week_start'], today)}."
    )
    newest = rows.tail(WEEKS_IN_WORDS)
    latest = [
        f"{_week(start, today)}: {_pain(mean)} over {days} day{'s' if days != 1 else ''}"
        for start, mean, days in zip(
            newest["week_start"],
            newest["pain_mean"].tolist(),
            newest["days_logged"].tolist(),
            strict=True,
        )
    ]
    return f"{text} Latest: {'; '.join(latest)}."


def scores_in_words(view: TrendsView) -> str:
    """The questionnaire chart in words: how many answers, the first and the newest score."""
    latest = view.latest_score
    if latest is None or view.scores.empty:
        return "No questionnaire scores in these weeks."
    count = len(view.scores)
    return (
        f"Back questionnaire score (0 to 100, lower is better), {count} answer"
        f"{'s' if count != 1 else ''} shown. Your first: {latest.baseline:.0f} on "
        f"{date_text(latest.baseline_day, today=view.today)}; latest: {latest.percent:.0f} on "
        f"{date_text(latest.day, today=view.today)}."
    )


def volume_in_words(view: TrendsView, exercise: str) -> str:
    """One exercise's weekly amount in words: its newest weeks and its biggest week."""
    return _volume_in_words(view.volume, exercise, today=view.today)


@by_content
def _volume_in_words(volume: pd.DataFrame, exercise: str, *, today: dt.date) -> str:
    rows = volume[volume["exercise"] == exercise]
    if rows.empty:
        return "Not done in these weeks."
    unit = "seconds held" if rows["unit"].iloc[0] == "seconds" else "reps"
    top = rows.loc[rows["volume"].idxmax()]
    newest = rows.tail(WEEKS_IN_WORDS)
    latest = [
        f"{_week(start, today)}: {amount:.0f}"
        for start, amount in zip(newest["week_start"], newest["volume"].tolist(), strict=True)
    ]
    return (
        f"{rows['name'].iloc[0]}, {unit} each week it was done: most {top['volume']:.0f} in "
        f"{_week(top['week_start'], today)}. Latest: {'; '.join(latest)}."
    )


def _pain(value: float) -> str:
    return f"{one_decimal(value):.1f}/10"
