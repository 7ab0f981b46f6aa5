"""Pain-monitoring flags: what a physiotherapist would point out in the logs (domain.md §4).

The pain-monitoring model (Thomeé 1997; Silbernagel et al. 2007) lets exercise hurt a little
and asks that it settles by the next morning. Each flag names its day or week and says the rule
in plain words; none of them is a diagnosis. Weekly values are compared as the screen shows
them, to one decimal.

- Pain during an exercise above 5 of 10: a breach (the exercise, that day).
- Pain during an exercise of 7 or more: severe; stop that exercise and get advice.
- Morning pain the day after a session higher than the morning of the session's day.
- A week whose mean morning pain is at least 1 point above the week before's.
- Persistent pain (`persistent_pain`): weekly mean pain not eased by 2 points over 6 weeks, or
  risen two weeks running: suggest a professional review.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

import pandas as pd

from hamtrack.catalogue import exercise_name
from hamtrack.safety import EXERCISE_PAIN_LIMIT, SEVERE_PAIN
from hamtrack.trends import one_decimal, tenths
from hamtrack.weeks import as_days, monday_of, week_label, week_starts

WEEKLY_MORNING_RISE = 1
"""A week's mean morning pain this many points above the week before's is flagged (§4)."""

PERSISTENT_WEEKS = 6
PERSISTENT_IMPROVEMENT = 2
"""Weekly mean pain should ease by 2 points over 6 weeks; if not, suggest a review (§4)."""

PERSISTENT_PAIN_FLOOR = 2
"""The persistent-pain rule looks only at a latest weekly mean of 2 or more: below that there
are not 2 points left to ease by, and pain that low is not called persistent."""


class FlagKind(enum.StrEnum):
    """Which rule raised a flag."""

    EXERCISE_PAIN = "exercise_pain"
    SEVERE_EXERCISE_PAIN = "severe_exercise_pain"
    NEXT_MORNING_WORSE = "next_morning_worse"
    MORNING_PAIN_ROSE = "morning_pain_rose"
    PERSISTENT_PAIN = "persistent_pain"

    @property
    def rule(self) -> str:
        """The rule, in plain words."""
        return {
            FlagKind.EXERCISE_PAIN: (
                f"Pain during an exercise may reach {EXERCISE_PAIN_LIMIT} out of 10; above that "
                "the load is more than your body is ready for."
            ),
            FlagKind.SEVERE_EXERCISE_PAIN: (
                f"Pain of {SEVERE_PAIN} or more during an exercise means stop that exercise."
            ),
            FlagKind.NEXT_MORNING_WORSE: "Pain from exercise should settle by the next morning.",
            FlagKind.MORNING_PAIN_ROSE: (
                f"A week's morning pain should not average {WEEKLY_MORNING_RISE} point or more "
                "above the week before's."
            ),
            FlagKind.PERSISTENT_PAIN: (
                f"Pain should ease by {PERSISTENT_IMPROVEMENT} points over {PERSISTENT_WEEKS} "
                "weeks, and should not rise two weeks running."
            ),
        }[self]

    @property
    def advice(self) -> str:
        """What to do about it."""
        return {
            FlagKind.EXERCISE_PAIN: (
                "Ease off next time: fewer reps, a shorter hold or a lighter band."
            ),
            FlagKind.SEVERE_EXERCISE_PAIN: (
                "Leave that exercise out until you have talked to your physiotherapist or doctor."
            ),
            FlagKind.NEXT_MORNING_WORSE: (
                "If this keeps happening, ease off and mention it to your physiotherapist."
            ),
            FlagKind.MORNING_PAIN_ROSE: (
                "Go easier for a few days, and mention it to your physiotherapist if it stays up."
            ),
            FlagKind.PERSISTENT_PAIN: (
                "Pain that hangs on like this is worth a review: please ask your physiotherapist "
                "or doctor to look at how things are going."
            ),
        }[self]

    @property
    def urgent(self) -> bool:
        """Flags that ask the person to stop something or get advice."""
        return self in (FlagKind.SEVERE_EXERCISE_PAIN, FlagKind.PERSISTENT_PAIN)


@dataclass(frozen=True, slots=True)
class Flag:
    """One thing a physiotherapist would point out: what happened and when, the rule, and what
    to do. `detail` is the short fact ("Tue 4 Mar 2025: Glute bridge hurt 6/10."); `message`
    is the whole of it: the detail, the rule and the advice."""

    kind: FlagKind
    detail: str
    day: dt.date | None = None
    week: dt.date | None = None
    """The Monday of the flagged ISO week, for weekly rules."""
    exercise: str | None = None

    @property
    def message(self) -> str:
        return f"{self.detail} {self.kind.rule} {self.kind.advice}"

    @property
    def when(self) -> dt.date:
        """The flagged day, or the Monday of the flagged week (for sorting and ranges)."""
        when = self.day if self.day is not None else self.week
        assert when is not None
        return when


def day_text(day: dt.date) -> str:
    """A day as flags name it: 'Tue 4 Mar 2025'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def week_text(monday: dt.date) -> str:
    """A week as flags name it: 'week of 10 Mar 2025 (2025-W11)'."""
    return f"week of {monday.day} {monday:%b %Y} ({week_label(monday)})"


def _pain(value: float) -> str:
    shown = one_decimal(value)
    return f"{shown:.1f}/10" if shown != int(shown) else f"{int(shown)}/10"


def exercise_flags(exercises: pd.DataFrame) -> list[Flag]:
    """Breaches (pain above 5) and severe pain (7 or more) during exercises, one per exercise
    and day, from `db.session_exercises_frame` rows."""
    if exercises.empty:
        return []
    frame = pd.DataFrame(
        {
            "day": as_days(exercises["day"]),
            "exercise": exercises["exercise"],
            "pain": pd.to_numeric(exercises["pain_during"]),
        }
    )
    worst = frame.groupby(["day", "exercise"], sort=True)["pain"].max()
    return [
        Flag(
            kind=(FlagKind.SEVERE_EXERCISE_PAIN if pain >= SEVERE_PAIN else FlagKind.EXERCISE_PAIN),
            day=day_ts.date(),
            exercise=slug,
            detail=f"{day_text(day_ts.date())}: {exercise_name(slug)} hurt {int(pain)}/10.",
        )
        for (day_ts, slug), pain in worst[worst > EXERCISE_PAIN_LIMIT].items()
    ]


def next_morning_flags(session_days: pd.Series, daily_pain: pd.DataFrame) -> list[Flag]:
    """Mornings after a session that hurt more than the morning of the session's day.

    `session_days` are days with a session; `daily_pain` is `db.daily_pain_frame`. A pair is
    judged only when both mornings have a check-in before noon.
    """
    if daily_pain.empty or session_days.empty:
        return []
    mornings = pd.Series(
        pd.to_numeric(daily_pain["morning_pain"], errors="coerce").to_numpy(),
        index=pd.DatetimeIndex(as_days(daily_pain["day"])),
    ).dropna()
    flags = []
    for day_ts in sorted(set(as_days(session_days))):
        after_ts = day_ts + pd.Timedelta(days=1)
        if day_ts not in mornings.index or after_ts not in mornings.index:
            continue
        before, after = int(mornings[day_ts]), int(mornings[after_ts])
        if after > before:
            flags.append(
                Flag(
                    kind=FlagKind.NEXT_MORNING_WORSE,
                    day=after_ts.date(),
                    detail=(
                        f"{day_text(after_ts.date())}: morning pain {after}/10, up from "
                        f"{before}/10 on the morning of your session the day before."
                    ),
                )
            )
    return flags


def weekly_morning_means(daily_pain: pd.DataFrame) -> pd.Series:
    """Mean morning pain per ISO week (index: the weeks' Mondays), weeks with a morning only."""
    if daily_pain.empty:
        return pd.Series(dtype="float64", index=pd.DatetimeIndex([], dtype="datetime64[us]"))
    mornings = pd.to_numeric(daily_pain["morning_pain"], errors="coerce").astype("float64")
    frame = pd.DataFrame({"week_start": week_starts(daily_pain["day"]), "morning": mornings})
    return frame.dropna().groupby("week_start")["morning"].mean()


def morning_rise_flags(daily_pain: pd.DataFrame) -> list[Flag]:
    """Weeks whose mean morning pain is at least 1 point above the week just before."""
    means = weekly_morning_means(daily_pain)
    flags = []
    for week_ts, mean in means.items():
        before_ts = week_ts - pd.Timedelta(weeks=1)
        if before_ts not in means.index:
            continue
        before = means[before_ts]
        if tenths(mean) - tenths(before) >= WEEKLY_MORNING_RISE * 10:
            monday = week_ts.date()
            flags.append(
                Flag(
                    kind=FlagKind.MORNING_PAIN_ROSE,
                    week=monday,
                    detail=(
                        f"The {week_text(monday)}: mornings averaged {_pain(mean)}, up from "
                        f"{_pain(before)} the week before."
                    ),
                )
            )
    return flags


def pain_flags(
    exercises: pd.DataFrame,
    daily_pain: pd.DataFrame,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[Flag]:
    """Every pain-monitoring flag (the four rules above), oldest first.

    `exercises` is `db.session_exercises_frame`, `daily_pain` is `db.daily_pain_frame`; read
    them from a week before `since` so the first week can be compared. Flags are kept when their
    day (or week) falls within `since`–`until`; a week counts when it overlaps that range.
    """
    session_days = pd.Series(exercises["day"].unique()) if len(exercises) else pd.Series([])
    flags = [
        *exercise_flags(exercises),
        *next_morning_flags(session_days, daily_pain),
        *morning_rise_flags(daily_pain),
    ]
    low = None if since is None else (monday_of(since), since)
    kept = []
    for flag in flags:
        if low is not None and flag.when < (low[0] if flag.day is None else low[1]):
            continue
        if until is not None and flag.when > until:
            continue
        kept.append(flag)
    order = list(FlagKind)
    return sorted(kept, key=lambda f: (f.when, order.index(f.kind), f.exercise or ""))


def persistent_pain(weekly_pain: pd.DataFrame, *, today: dt.date) -> Flag | None:
    """The persistent-pain rule over finished weeks, from `trends.weekly_pain` rows.

    Raised when the last finished week's mean pain is at least PERSISTENT_PAIN_FLOOR and either
    it has not eased by 2 points since the week 5 weeks earlier (6 weeks in all), or it rose
    two weeks running (three weeks in a row, each higher). None when neither holds or the
    weeks needed have no pain logged.
    """
    latest = monday_of(today) - dt.timedelta(weeks=1)
    means = {
        ts.date(): float(mean)
        for ts, mean in zip(weekly_pain["week_start"], weekly_pain["pain_mean"], strict=True)
        if not pd.isna(mean)
    }
    if latest not in means or means[latest] < PERSISTENT_PAIN_FLOOR:
        return None
    reasons = []
    earlier = latest - dt.timedelta(weeks=PERSISTENT_WEEKS - 1)
    if earlier in means and tenths(means[earlier]) - tenths(means[latest]) < (
        PERSISTENT_IMPROVEMENT * 10
    ):
        reasons.append(
            f"has not eased by {PERSISTENT_IMPROVEMENT} points in {PERSISTENT_WEEKS} weeks "
            f"({_pain(means[earlier])} in the {_short_week(earlier)}, {_pain(means[latest])} in "
            f"the {_short_week(latest)})"
        )
    run = [latest - dt.timedelta(weeks=n) for n in (2, 1, 0)]
    if all(w in means for w in run) and (
        tenths(means[run[0]]) < tenths(means[run[1]]) < tenths(means[run[2]])
    ):
        reasons.append(
            "has risen two weeks running (" + ", then ".join(_pain(means[w]) for w in run) + ")"
        )
    if not reasons:
        return None
    return Flag(
        kind=FlagKind.PERSISTENT_PAIN,
        week=latest,
        detail=f"Your weekly average pain {' and '.join(reasons)}.",
    )


def _short_week(monday: dt.date) -> str:
    return f"week of {monday.day} {monday:%b}"
