"""Trends: is it getting better? Weekly pain, exercise volume and questionnaire scores.

Every function here is pure: it takes frames read once per table (`read_trend_data` does the
reading) and returns a new frame or a frozen value, one row per ISO week (Monday to Sunday, on
the person's local dates). Weeks with nothing logged are kept as rows with missing values, so a
gap stays a gap on a chart and in a CSV.

A week's pain is the mean of its days' mean pain (each day counts once however often the person
checked in), its minimum and maximum are the lowest and highest single check-in. Morning pain
and morning stiffness are those of each day's first check-in before noon (docs/rules.md §2).
A change in pain is meaningful at 2 points or more, judged on the values the screen shows (one
decimal), between complete weeks with at least 3 days with a check-in; the percentage is shown
beside it as information only (docs/rules.md §2).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlite_utils import Database

from hamtrack import db as store
from hamtrack import oswestry
from hamtrack.adherence import weekly_adherence
from hamtrack.catalogue import EXERCISES, exercise_name
from hamtrack.flags import complete_weeks
from hamtrack.memo import by_content
from hamtrack.models import Pause, ProgrammeExercise
from hamtrack.numbers import tenths
from hamtrack.weeks import DAY_DTYPE, as_days, monday_of, week_frame, week_label, week_starts

PAIN_MEANINGFUL_POINTS = 2
"""A change in weekly pain of 2 points or more is meaningful: the 0–10 scale's measurement
error is about 2 points (Childs 2005). A percentage alone never makes a change meaningful."""

TREND_WEEKS = 4
"""The headline pain trend compares the first and last weeks with pain in the last 4 weeks."""

LOOKBACK_WEEKS = 8
"""Weeks read before the range shown: the rules that compare with earlier weeks need them."""


# ---------------------------------------------------------------------------------------------
# Meaningful change in pain.


def meaningful_pain_change(earlier: float, later: float) -> bool:
    """True when pain moved by 2 points or more, either way, on the one-decimal values shown.

    0.5 → 0.3 is "40 %" but a fifth of a point: not meaningful (docs/rules.md §2).
    """
    return abs(tenths(later) - tenths(earlier)) >= PAIN_MEANINGFUL_POINTS * 10


def direction(change: float) -> str:
    """'better' (pain or score went down), 'worse' (up) or 'same', on the values shown."""
    shown = tenths(change)
    return "better" if shown < 0 else "worse" if shown > 0 else "same"


# ---------------------------------------------------------------------------------------------
# Pain by week.

WEEKLY_PAIN_COLUMNS = (
    "week_start",
    "week_end",
    "week",
    "days_logged",
    "pain_mean",
    "pain_min",
    "pain_max",
    "morning_days",
    "morning_pain_mean",
    "morning_pain_min",
    "morning_pain_max",
    "stiffness_mean",
    "stiffness_min",
    "stiffness_max",
)


def _numeric(frame: pd.DataFrame, column: str) -> pd.Series:
    # A column that is all NULL arrives from SQLite as objects; make it a float with NaN.
    return pd.to_numeric(frame[column], errors="coerce").astype("float64")


@by_content
def weekly_pain(daily: pd.DataFrame, *, first: dt.date, last: dt.date) -> pd.DataFrame:
    """One row per ISO week from `first`'s week to `last`'s, from `db.daily_pain_frame` rows.

    Columns: week_start, week_end, week, days_logged, pain_mean (mean of the days' means),
    pain_min, pain_max (lowest and highest check-in), morning_days, morning_pain_mean/min/max,
    stiffness_mean/min/max (morning stiffness). A week with no check-in has days_logged 0 and
    missing values.
    """
    weeks = week_frame(first, last)
    days = pd.DataFrame(
        {
            "week_start": week_starts(daily["day"]) if len(daily) else as_days([]),
            "mean": _numeric(daily, "mean_pain"),
            "min": _numeric(daily, "min_pain"),
            "max": _numeric(daily, "max_pain"),
            "morning": _numeric(daily, "morning_pain"),
            "stiffness": _numeric(daily, "morning_stiffness"),
        }
    )
    # Four reductions over every column at once, rather than eleven one column at a time.
    grouped = days.groupby("week_start")
    count, mean, low, high = grouped.count(), grouped.mean(), grouped.min(), grouped.max()
    summary = pd.DataFrame(
        {
            "days_logged": count["mean"],
            "pain_mean": mean["mean"],
            "pain_min": low["min"],
            "pain_max": high["max"],
            "morning_days": count["morning"],
            "morning_pain_mean": mean["morning"],
            "morning_pain_min": low["morning"],
            "morning_pain_max": high["morning"],
            "stiffness_mean": mean["stiffness"],
            "stiffness_min": low["stiffness"],
            "stiffness_max": high["stiffness"],
        }
    )
    result = weeks.merge(summary, left_on="week_start", right_index=True, how="left")
    for column in ("days_logged", "morning_days"):
        result[column] = result[column].fillna(0).astype("int64")
    return result.reset_index(drop=True)[list(WEEKLY_PAIN_COLUMNS)]


@dataclass(frozen=True, slots=True)
class PainTrend:
    """How weekly mean pain moved between two complete weeks, and whether that is meaningful."""

    earlier_week: dt.date
    later_week: dt.date
    earlier: float
    later: float
    meaningful: bool

    @property
    def change(self) -> float:
        """Later minus earlier, on the values shown: negative is less pain."""
        return (tenths(self.later) - tenths(self.earlier)) / 10

    @property
    def percent(self) -> float | None:
        """The change as a percentage of the earlier value, shown as information only (None
        from an earlier value of 0)."""
        before = tenths(self.earlier)
        return None if before == 0 else 100 * (tenths(self.later) - before) / before

    @property
    def direction(self) -> str:
        return direction(self.later - self.earlier)

    @property
    def weeks_apart(self) -> int:
        return (self.later_week - self.earlier_week).days // 7


def pain_trend(
    weekly: pd.DataFrame, *, today: dt.date, weeks: int = TREND_WEEKS
) -> PainTrend | None:
    """The change in weekly mean pain over the complete weeks of the last `weeks` weeks.

    Compares the first and the last complete week (over before `today`, 3 or more days with a
    check-in, docs/rules.md §2) among the `weeks` weeks before this one; the week in progress is
    never an end point (see `pain_so_far`). None when fewer than two weeks qualify.
    """
    newest = monday_of(today) - dt.timedelta(weeks=1)
    oldest = newest - dt.timedelta(weeks=weeks - 1)
    window = [
        (start, mean)
        for start, mean in complete_weeks(weekly, today=today).items()
        if oldest <= start <= newest
    ]
    if len(window) < 2:
        return None
    (first, before), (last, after) = window[0], window[-1]
    return PainTrend(
        earlier_week=first,
        later_week=last,
        earlier=before,
        later=after,
        meaningful=meaningful_pain_change(before, after),
    )


@dataclass(frozen=True, slots=True)
class PainSoFar:
    """This week's mean pain so far: shown as it is, never judged."""

    week: dt.date
    mean: float
    days: int


def pain_so_far(weekly: pd.DataFrame, *, today: dt.date) -> PainSoFar | None:
    """The week in progress's mean pain and its days with a check-in; None without one."""
    rows = weekly[weekly["week_start"] == pd.Timestamp(monday_of(today))] if len(weekly) else weekly
    if rows.empty or pd.isna(rows["pain_mean"].iloc[0]):
        return None
    row = rows.iloc[0]
    return PainSoFar(row["week_start"].date(), float(row["pain_mean"]), int(row["days_logged"]))


@by_content
def daily_points(daily: pd.DataFrame, *, since: dt.date | None = None) -> pd.DataFrame:
    """The days' mean pain for the faint points of the pain chart: day, pain (one row a day)."""
    frame = pd.DataFrame({"day": as_days(daily["day"]), "pain": _numeric(daily, "mean_pain")})
    if since is not None:
        frame = frame[frame["day"] >= pd.Timestamp(since)]
    return frame.dropna().reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Exercises: volume by week and how often each was done against the programme.

VOLUME_COLUMNS = (
    "week_start",
    "week",
    "exercise",
    "name",
    "unit",
    "times",
    "sets",
    "volume",
    "band_min",
    "band_max",
    "pain_mean",
    "pain_max",
)


def volume_unit(exercise: str) -> str:
    """'seconds' for held exercises (stretches, isometrics), else 'reps'."""
    known = EXERCISES.get(exercise)
    return "seconds" if known is not None and known.is_hold else "reps"


def _with_amounts(exercises: pd.DataFrame) -> pd.DataFrame:
    """Each logged exercise with its sets (1 if not given) and its amount: reps or seconds held
    in total (sets × reps, or sets × hold), by the exercise's unit."""
    frame = exercises.copy()
    frame["day"] = as_days(frame["day"]) if len(frame) else as_days([])
    sets = _numeric(frame, "sets").fillna(1)
    reps, hold = _numeric(frame, "reps"), _numeric(frame, "hold_s")
    frame["sets_done"] = sets
    frame["unit"] = frame["exercise"].map(volume_unit).astype(object)
    per_set = np.where(frame["unit"] == "seconds", hold.fillna(reps), reps.fillna(hold))
    frame["amount"] = sets * per_set
    frame["pain_during"] = _numeric(frame, "pain_during")
    frame["band_level"] = _numeric(frame, "band_level")
    return frame


@dataclass(frozen=True, slots=True)
class Done:
    """One exercise as logged, with what the summaries count of it."""

    day: int
    """Days since 1970-01-01: whole numbers group and compare faster than timestamps."""
    exercise: str
    sets: float
    """Sets done (1 when not given)."""
    per_set: float
    """Reps in a set, or seconds held, by the exercise's unit (NaN when neither is given)."""
    amount: float
    """sets × per_set: reps, or seconds held, in total."""
    pain: float
    band: float


# One kept: the three summaries of one range share it, and ten years of it is ~2 MB.
@by_content(kept=1)
def done_since(exercises: pd.DataFrame, since: dt.date | None) -> list[Done]:
    """Each exercise of `exercises` (`db.session_exercises_frame` rows) done on or after
    `since`, in the frame's order, with its sets and amount as `_with_amounts` counts them.

    The summaries of the exercises look at a few hundred of these: worked through one by one
    they cost a fraction of what the same grouping costs in pandas calls.
    """
    if not len(exercises):
        return []
    days = as_days(exercises["day"]).to_numpy().astype("datetime64[D]").astype(np.int64)
    sets = _numeric(exercises, "sets").fillna(1).tolist()
    reps = _numeric(exercises, "reps").tolist()
    hold = _numeric(exercises, "hold_s").tolist()
    pain = _numeric(exercises, "pain_during").tolist()
    band = _numeric(exercises, "band_level").tolist()
    first = None if since is None else _day_number(since)
    done = []
    for n, (day, slug) in enumerate(zip(days.tolist(), exercises["exercise"], strict=True)):
        if first is not None and day < first:
            continue
        if volume_unit(slug) == "seconds":
            per_set = hold[n] if hold[n] == hold[n] else reps[n]  # NaN is not itself
        else:
            per_set = reps[n] if reps[n] == reps[n] else hold[n]
        done.append(Done(day, slug, sets[n], per_set, sets[n] * per_set, pain[n], band[n]))
    return done


def _day_number(day: dt.date) -> int:
    return (day - _EPOCH).days


_EPOCH = dt.date(1970, 1, 1)


def _as_timestamps(day_numbers: Sequence[int]) -> pd.Series:
    return pd.Series(np.array(day_numbers, dtype="datetime64[D]").astype(DAY_DTYPE))


def known_values(values: Iterable[float]) -> list[float]:
    """The values that are not NaN (a missing figure from a record), in order."""
    return [v for v in values if v == v]


@by_content
def exercise_volume(exercises: pd.DataFrame, *, since: dt.date | None = None) -> pd.DataFrame:
    """One row per (ISO week, exercise) the exercise was done, from `db.session_exercises_frame`.

    Columns: week_start, week, exercise (slug), name, unit ('reps' or 'seconds'), times (days
    done), sets, volume (sets × reps, or total seconds held), band_min, band_max (band level,
    0 = no band), pain_mean, pain_max (pain during it).
    """
    groups: dict[tuple[int, str], list[Done]] = {}
    for item in done_since(exercises, since):
        # 1970-01-01 was a Thursday: (day + 3) % 7 is the weekday, Monday 0.
        monday = item.day - (item.day + 3) % 7
        groups.setdefault((monday, item.exercise), []).append(item)
    if not groups:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in VOLUME_COLUMNS})
    keys = sorted(groups)
    mondays = [monday for monday, _ in keys]
    slugs = [slug for _, slug in keys]
    rows = [groups[key] for key in keys]
    pains = [known_values(item.pain for item in row) for row in rows]
    bands = [known_values(item.band for item in row) for row in rows]
    return pd.DataFrame(
        {
            "week_start": _as_timestamps(mondays),
            "week": pd.Series([week_label(_EPOCH + dt.timedelta(days=m)) for m in mondays]),
            "exercise": pd.Series(slugs),
            "name": pd.Series([exercise_name(slug) for slug in slugs], dtype=object),
            "unit": pd.Series([volume_unit(slug) for slug in slugs], dtype=object),
            "times": pd.Series([len({item.day for item in row}) for row in rows], dtype="int64"),
            "sets": pd.Series([sum(item.sets for item in row) for row in rows]).astype("int64"),
            "volume": pd.Series(
                [sum(known_values(item.amount for item in row)) for row in rows], dtype="float64"
            ),
            "band_min": pd.Series([min(b) for b in bands]).astype("int64"),
            "band_max": pd.Series([max(b) for b in bands]).astype("int64"),
            "pain_mean": pd.Series(
                [sum(p) / len(p) if p else float("nan") for p in pains], dtype="float64"
            ),
            "pain_max": pd.Series([max(p) for p in pains]).astype("int64"),
        }
    )


EXERCISE_SUMMARY_COLUMNS = (
    "exercise",
    "name",
    "in_programme",
    "unit",
    "prescribed",
    "times_done",
    "session_days",
    "percent_of_sessions",
    "typical",
    "dose_percent",
    "band_prescribed",
    "band_latest",
    "pain_mean",
    "pain_max",
)


def _prescribed_amount(item: ProgrammeExercise, unit: str) -> float | None:
    per_set = item.hold_s if unit == "seconds" else item.reps
    per_set = per_set if per_set is not None else (item.reps or item.hold_s)
    return None if per_set is None else float((item.sets or 1) * per_set)


@by_content
def exercise_summary(
    exercises: pd.DataFrame,
    programme: Sequence[ProgrammeExercise],
    *,
    since: dt.date | None = None,
) -> pd.DataFrame:
    """How each exercise was done against the programme, since `since` (None: all logged).

    One row per programme exercise (in programme order), then any other exercise logged.
    A programme exercise is expected in every session from the day it was added, so:
    times_done (days it was done) of session_days (days with any session since it was added
    and since `since`), percent_of_sessions; prescribed and typical (the median, per day) amount
    in its unit (total reps, or total seconds held), dose_percent (typical ÷ prescribed);
    band_prescribed and band_latest; pain_mean and pain_max during it.
    """
    done = done_since(exercises, since)
    session_days = list(dict.fromkeys(item.day for item in done))
    by_slug: dict[str, list[Done]] = {}
    for item in done:
        by_slug.setdefault(item.exercise, []).append(item)
    rows = []
    planned = {item.exercise: item for item in programme}
    logged = [slug for slug in by_slug if slug not in planned]
    for slug in [*planned, *logged]:
        item = planned.get(slug)
        unit = volume_unit(slug)
        done_of = by_slug.get(slug, [])
        pain = known_values(d.pain for d in done_of)
        # Each day it was done: its amount in all (what was not given counts nothing) and the
        # heaviest band, oldest day first.
        amounts: dict[int, float] = {}
        bands: dict[int, list[float]] = {}
        for d in sorted(done_of, key=lambda d: d.day):
            amounts[d.day] = amounts.get(d.day, 0.0) + (d.amount if d.amount == d.amount else 0)
            bands.setdefault(d.day, []).append(d.band)
        if item is not None:
            added = _day_number(item.added_on)
            counted = sum(1 for day in session_days if day >= added)
            done_days = sum(1 for day in amounts if day >= added)
            prescribed = _prescribed_amount(item, unit)
        else:
            counted, prescribed = len(session_days), None
            done_days = len(amounts)
        typical = float(statistics.median(amounts.values())) if amounts else None
        latest = max(known_values(bands[max(bands)]), default=float("nan")) if bands else None
        rows.append(
            {
                "exercise": slug,
                "name": exercise_name(slug),
                "in_programme": item is not None,
                "unit": unit,
                "prescribed": prescribed,
                "times_done": done_days,
                "session_days": counted,
                "percent_of_sessions": (
                    min(100.0, 100 * done_days / counted) if item is not None and counted else None
                ),
                "typical": typical,
                "dose_percent": (
                    100 * typical / prescribed if typical is not None and prescribed else None
                ),
                "band_prescribed": item.band_level if item is not None else None,
                "band_latest": None if latest is None else int(latest),
                "pain_mean": (
                    (sum(pain) / len(pain) if pain else float("nan")) if done_of else None
                ),
                "pain_max": int(max(pain)) if done_of else None,
            }
        )
    result = pd.DataFrame.from_records(rows, columns=list(EXERCISE_SUMMARY_COLUMNS))
    for column in ("prescribed", "percent_of_sessions", "typical", "dose_percent", "pain_mean"):
        result[column] = pd.to_numeric(result[column]).astype("float64")
    return result


def exercise_pain(exercises: pd.DataFrame, *, since: dt.date | None = None) -> pd.DataFrame:
    """Mean and highest pain during each exercise: exercise, name, times, pain_mean, pain_max."""
    frame = _with_amounts(exercises)
    if since is not None:
        frame = frame[frame["day"] >= pd.Timestamp(since)]
    grouped = frame.groupby("exercise", sort=False)
    result = pd.DataFrame(
        {
            "times": grouped["day"].nunique(),
            "pain_mean": grouped["pain_during"].mean(),
            "pain_max": grouped["pain_during"].max(),
        }
    ).reset_index()
    result.insert(1, "name", result["exercise"].map(exercise_name).astype(object))
    return result


# ---------------------------------------------------------------------------------------------
# Questionnaire scores over time.

QUESTIONNAIRE_COLUMNS = (
    "day",
    "week",
    "questionnaire_id",
    "questionnaire_version",
    "percent",
    "band",
    "band_label",
    "change",
    "meaningful",
)


def _scored(scores: pd.DataFrame) -> pd.DataFrame:
    scored = scores[scores["percent"].notna()].sort_values(["day", "response_id"])
    # Frames made by hand (and old callers) may lack the definition: one unnamed definition.
    for column in ("questionnaire_id", "questionnaire_version"):
        if column not in scored.columns:
            scored = scored.assign(**{column: ""})
    return scored


def _definition(row: pd.Series) -> tuple[str, str]:
    return str(row["questionnaire_id"]), str(row["questionnaire_version"])


@by_content
def questionnaire_series(scores: pd.DataFrame, *, since: dt.date | None = None) -> pd.DataFrame:
    """The scored responses of `oswestry.scores_frame`, oldest first, each against the first
    scored response of its own definition (id and version; docs/rules.md §6): day, week,
    questionnaire_id, questionnaire_version, percent, band, band_label, change (points shown
    from that baseline), meaningful (10 points or more). Unscored responses are left out; with
    `since`, so are earlier ones (the baselines stay the very first of each definition)."""
    scored = _scored(scores)
    if scored.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in QUESTIONNAIRE_COLUMNS})
    # Each response's baseline: the first scored response of its definition, over all of them.
    definition = [
        scored["questionnaire_id"].astype(str),
        scored["questionnaire_version"].astype(str),
    ]
    baseline = (
        scored["percent"].astype("float64").groupby(definition, sort=False).transform("first")
    )
    if since is not None:
        kept = (as_days(scored["day"]) >= pd.Timestamp(since)).to_numpy()
        scored, baseline = scored[kept], baseline[kept]
    scored = scored.reset_index(drop=True)
    days = as_days(scored["day"]).reset_index(drop=True)
    percent = scored["percent"].astype("float64")
    bases = baseline.tolist()
    bands = scored["band"]
    return pd.DataFrame(
        {
            "day": days,
            "week": pd.Series([week_label(monday_of(ts.date())) for ts in days], dtype=object),
            "questionnaire_id": scored["questionnaire_id"].astype(object),
            "questionnaire_version": scored["questionnaire_version"].astype(object),
            "percent": percent,
            "band": bands.astype(object),
            "band_label": bands.map(lambda key: oswestry.BAND_LABELS.get(key, key)).astype(object),
            "change": pd.Series(
                [float(oswestry.points_shown(b, p)) for b, p in zip(bases, percent, strict=True)],
                dtype="float64",
            ),
            "meaningful": pd.Series(
                [oswestry.meaningful_change(b, p) for b, p in zip(bases, percent, strict=True)],
                dtype=bool,
            ),
        },
        columns=list(QUESTIONNAIRE_COLUMNS),
    )


def questionnaire_band(baseline: float) -> tuple[float, float]:
    """The scores around `baseline` that are not yet a meaningful change (for the chart band):
    within 10 points, clipped to 0–100."""
    half = float(oswestry.MEANINGFUL_POINTS)
    return max(0.0, baseline - half), min(100.0, baseline + half)


@dataclass(frozen=True, slots=True)
class LatestScore:
    """The newest questionnaire score, and its change from the first of the same definition."""

    day: dt.date
    percent: float
    band: str
    baseline_day: dt.date
    baseline: float
    change: oswestry.Change | None
    """None when the newest response is the baseline itself."""
    questionnaire_id: str = ""
    questionnaire_version: str = ""

    @property
    def points_shown(self) -> int | None:
        """The change in whole points, between the two scores as the screen shows them (each
        rounded half up), so '10' and '38' on screen always differ by the -28 shown."""
        return None if self.change is None else self.change.points

    @property
    def definition(self) -> str:
        """Which definition the score (and its baseline) comes from."""
        return oswestry.definition_label(self.questionnaire_id, self.questionnaire_version)


@by_content
def latest_score(scores: pd.DataFrame) -> LatestScore | None:
    """The newest scored response against the first scored one of the same definition (id and
    version): a baseline never spans two definitions. None when none is scored."""
    scored = _scored(scores)
    if scored.empty:
        return None
    last = scored.iloc[-1]
    key = _definition(last)
    same = scored[
        (scored["questionnaire_id"].astype(str) == key[0])
        & (scored["questionnaire_version"].astype(str) == key[1])
    ]
    first = same.iloc[0]
    return LatestScore(
        day=pd.Timestamp(last["day"]).date(),
        percent=float(last["percent"]),
        band=last["band"],
        baseline_day=pd.Timestamp(first["day"]).date(),
        baseline=float(first["percent"]),
        change=(
            oswestry.change_summary(float(first["percent"]), float(last["percent"]))
            if len(same) > 1
            else None
        ),
        questionnaire_id=key[0],
        questionnaire_version=key[1],
    )


# ---------------------------------------------------------------------------------------------
# Reading, once per table, and the weekly summary others export.


@dataclass(frozen=True, slots=True)
class TrendData:
    """Everything the trends are computed from, read in one query per table.

    Sessions, questionnaire responses and pauses cover the whole history (streaks, the habit
    score and the questionnaire baseline need it); check-ins and exercises start at `read_from`.
    """

    today: dt.date
    read_from: dt.date | None
    first_day: dt.date | None
    target: int
    sessions: pd.DataFrame
    """One row per session: id and day (`db.session_days_frame`)."""
    daily_pain: pd.DataFrame
    exercises: pd.DataFrame
    scores: pd.DataFrame
    pauses: tuple[Pause, ...]
    programme: tuple[ProgrammeExercise, ...]

    @property
    def is_empty(self) -> bool:
        return self.first_day is None


@by_content
def _scores_of(rows: store.ResponseRows) -> pd.DataFrame:
    # Scored again only when a questionnaire changed: a check-in or a session leaves the rows as
    # they were.
    return oswestry.scores_frame(store.responses_from_rows(rows))


@dataclass(frozen=True, slots=True)
class AdherenceData:
    """What adherence is worked out from (hamtrack.adherence.weekly_adherence's inputs)."""

    first_day: dt.date | None
    """The first day anything was logged, up to today (None: nothing yet)."""
    target: int
    sessions: pd.DataFrame
    """One row per session: id and day (`db.session_days_frame`)."""
    pauses: tuple[Pause, ...]


Read = Callable[..., Any]
"""How `read_trend_data` calls a reader of stored records: `read(reader, tables, **options)`
returns `reader(db, **options)`, where `tables` names every table the reader reads. A caller may
keep each result until one of its tables changes (hamtrack_ui keys them on table revisions):
after a check-in, the exercises and scores read before are still the stored ones."""


def read_scores(db: Database, *, until: dt.date) -> pd.DataFrame:
    """Every questionnaire answered up to `until`, scored (`oswestry.scores_frame`)."""
    return _scores_of(store.questionnaire_rows(db, until=until))


PAIN_TABLES = ("check_ins",)
"""What `db.daily_pain_frame` reads."""
EXERCISE_TABLES = ("sessions", "session_exercises")
"""What `db.session_exercises_frame` reads."""
SESSION_TABLES = ("sessions",)
"""What `db.session_days_frame` reads."""
SCORE_TABLES = ("questionnaire_responses", "questionnaire_answers")
"""What `read_scores` reads."""


def read_adherence_data(db: Database, *, today: dt.date, read: Read | None = None) -> AdherenceData:
    """Read what adherence needs, every session up to `today` (through `read`, see `Read`)."""
    first_day = store.first_logged_day(db)
    return AdherenceData(
        first_day=first_day if first_day is not None and first_day <= today else None,
        target=store.get_profile(db).weekly_target,
        sessions=(read or _read_from(db))(store.session_days_frame, SESSION_TABLES, until=today),
        pauses=tuple(saved.value for saved in store.pauses(db)),
    )


def read_trend_data(
    db: Database, *, today: dt.date, since: dt.date | None = None, read: Read | None = None
) -> TrendData:
    """Read what the trends need for weeks from `since` (None: all) up to `today`.

    Pain and exercises are read from LOOKBACK_WEEKS before `since`, for the rules that look at
    earlier weeks. Anything dated after `today` is left out. The frames are read through `read`
    (see `Read`; by default straight from `db`).
    """
    if read is None:
        read = _read_from(db)
    read_from = None if since is None else monday_of(since) - dt.timedelta(weeks=LOOKBACK_WEEKS)
    adherence = read_adherence_data(db, today=today, read=read)
    return TrendData(
        today=today,
        read_from=read_from,
        first_day=adherence.first_day,
        target=adherence.target,
        sessions=adherence.sessions,
        daily_pain=read(store.daily_pain_frame, PAIN_TABLES, since=read_from, until=today),
        exercises=read(
            store.session_exercises_frame, EXERCISE_TABLES, since=read_from, until=today
        ),
        scores=read(read_scores, SCORE_TABLES, until=today),
        pauses=adherence.pauses,
        programme=tuple(store.programme(db)),
    )


def _read_from(db: Database) -> Read:
    def read(reader: Callable[..., Any], tables: Sequence[str], **options: Any) -> Any:
        return reader(db, **options)

    return read


SUMMARY_COLUMNS = (
    "week",
    "week_start",
    "week_end",
    "complete",
    "weekly_target",
    "target",
    "sessions_needed",
    "session_days",
    "sessions",
    "paused_days",
    "adherence_percent",
    "status",
    "habit_score",
    "days_logged",
    "pain_mean",
    "pain_min",
    "pain_max",
    "morning_pain_mean",
    "morning_pain_min",
    "morning_pain_max",
    "stiffness_mean",
    "stiffness_min",
    "stiffness_max",
    "questionnaire_score",
    "questionnaire_band",
)


def weekly_summary(data: TrendData, *, since: dt.date | None = None) -> pd.DataFrame:
    """One row per ISO week, oldest first, from the first logged week (or `since`) to this week.

    Adherence (see hamtrack.adherence) and pain (see `weekly_pain`) side by side, plus the last
    questionnaire score of the week. Exact values: round when writing (one decimal in CSVs).
    Weeks before `data.read_from` have no pain columns, so pass a `since` no earlier than the
    one the data was read for.
    """
    if data.first_day is None:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SUMMARY_COLUMNS})
    adherence = weekly_adherence(
        data.sessions,
        data.pauses,
        target=data.target,
        first_day=data.first_day,
        today=data.today,
    )
    pain = weekly_pain(data.daily_pain, first=data.first_day, last=data.today)
    summary = adherence.merge(
        pain.drop(columns=["week_end", "week"]), on="week_start", how="left", validate="1:1"
    )
    series = questionnaire_series(data.scores)
    if series.empty:
        summary["questionnaire_score"] = np.nan
        summary["questionnaire_band"] = None
    else:
        series = series.assign(week_start=week_starts(series["day"]))
        last_of_week = series.groupby("week_start").last()[["percent", "band"]]
        summary = summary.merge(
            last_of_week.rename(
                columns={"percent": "questionnaire_score", "band": "questionnaire_band"}
            ),
            left_on="week_start",
            right_index=True,
            how="left",
        )
    summary = summary.rename(columns={"percent": "adherence_percent"})
    summary["weekly_target"] = data.target
    if since is not None:
        summary = summary[summary["week_start"] >= pd.Timestamp(monday_of(since))]
    return summary.reset_index(drop=True)[list(SUMMARY_COLUMNS)]


def weekly_summary_of(
    db: Database, *, today: dt.date, since: dt.date | None = None
) -> pd.DataFrame:
    """`weekly_summary` straight from the database (for exports and reports)."""
    return weekly_summary(read_trend_data(db, today=today, since=since), since=since)


@by_content
def pauses_in(pauses: Iterable[Pause], *, first: dt.date | None, last: dt.date) -> pd.DataFrame:
    """The pauses overlapping `first`–`last`, clipped to it, for charts: start, end (the day
    after the last paused day, so a one-day pause has a width), reason, label."""
    rows = []
    for pause in pauses:
        start = pause.start if first is None else max(pause.start, first)
        end = min(pause.end, last)
        if start <= end:
            rows.append(
                {
                    "start": start,
                    "end": end + dt.timedelta(days=1),
                    "reason": pause.reason.value,
                    "label": f"Paused: {pause.reason.label}",
                }
            )
    frame = pd.DataFrame.from_records(rows, columns=["start", "end", "reason", "label"])
    frame["start"] = as_days(frame["start"])
    frame["end"] = as_days(frame["end"])
    return frame
