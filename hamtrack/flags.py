"""Pain-monitoring flags: what a physiotherapist would point out in the logs (docs/rules.md §3, §4).

The pain-monitoring model (Thomeé 1997; Silbernagel et al. 2007) lets exercise hurt a little
and asks that it settles by the next morning. Each flag names its day or week (and its region,
where the rule is about one) and says the rule in plain words; none of them is a diagnosis.

- Pain during an exercise above 5 of 10: a breach (the exercise, that day).
- Pain during an exercise of 7 or more: severe; stop that exercise and get advice.
- A region's morning pain the day after a session 2 or more points above its morning pain on
  the session's day (each region on its own; a 1-point rise is within the scale's error).
- A week whose mean morning pain in a region is at least 1 point above the week before's, on
  exact means, both weeks complete with 3 or more mornings.
- Persistent pain (`persistent_pain`, §4): the last complete week's mean pain is 4 or more and
  has not eased by 2 points since the complete week six weeks earlier, or rose by 2 points or
  more over the last two weeks: suggest a professional review.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hamtrack.catalogue import exercise_name
from hamtrack.enums import Region
from hamtrack.memo import by_content
from hamtrack.numbers import one_decimal, tenths
from hamtrack.safety import EXERCISE_PAIN_LIMIT, SEVERE_PAIN
from hamtrack.weeks import as_days, date_text, monday_of, week_label

NEXT_MORNING_RISE = 2
"""A region's morning pain this many points above the session day's morning is flagged (§3):
the 0–10 scale's measurement error is about 2 points, so a 1-point rise is noise."""

WEEKLY_MORNING_RISE = 1
"""A week's mean morning pain in a region this many points above the week before's (§3)."""

MORNINGS_FOR_A_WEEK = 3
"""A week's morning mean is compared only when the week is over and has this many mornings."""

PERSISTENT_WEEKS = 6
PERSISTENT_IMPROVEMENT = 2
PERSISTENT_RISE = 2
PERSISTENT_RISE_WEEKS = 2
PERSISTENT_PAIN_FLOOR = 4
"""Persistent pain (§4): at a weekly mean of 4 or more, pain should ease by 2 points over six
weeks and should not rise by 2 points over two; below 4 (mild pain) the rule never fires."""

DAYS_FOR_A_WEEK = 3
"""A week's mean pain is a verdict's end point only when the week is over and holds this many
days with a check-in (docs/rules.md §2)."""

MORNING_COLUMNS: dict[Region, str] = {
    Region.LEFT_HAMSTRING: "morning_left_hamstring",
    Region.RIGHT_HAMSTRING: "morning_right_hamstring",
    Region.LOW_BACK: "morning_low_back",
}
"""The per-region morning pain columns of `db.daily_pain_frame`."""


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
            FlagKind.NEXT_MORNING_WORSE: (
                f"Pain from exercise should settle by the next morning; {NEXT_MORNING_RISE} "
                "points or more above the morning before is more than the usual ups and downs."
            ),
            FlagKind.MORNING_PAIN_ROSE: (
                f"A week's morning pain should not average {WEEKLY_MORNING_RISE} point or more "
                "above the week before's."
            ),
            FlagKind.PERSISTENT_PAIN: (
                f"At {PERSISTENT_PAIN_FLOOR}/10 or more, weekly pain should ease by "
                f"{PERSISTENT_IMPROVEMENT} points over {PERSISTENT_WEEKS} weeks, and should not "
                f"rise by {PERSISTENT_RISE} points over {PERSISTENT_RISE_WEEKS}."
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

    @property
    def breach(self) -> bool:
        """Pain-monitoring breaches: they block moving on and count towards stepping back."""
        return self is not FlagKind.PERSISTENT_PAIN


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
    region: Region | None = None
    """The region a morning rule is about (None: the headline pain, or not about a region)."""

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


def pain_text(value: float) -> str:
    """A pain value as flags and verdicts show it: '4/10', '4.3/10'."""
    shown = one_decimal(value)
    assert shown is not None
    return f"{shown:.1f}/10" if shown != int(shown) else f"{int(shown)}/10"


def _where(region: Region | None) -> str:
    return "" if region is None else f" in your {region.label.lower()}"


@by_content
def exercise_flags(exercises: pd.DataFrame) -> list[Flag]:
    """Breaches (pain above 5) and severe pain (7 or more) during exercises, one per exercise
    and day, from `db.session_exercises_frame` rows."""
    if exercises.empty:
        return []
    days = as_days(exercises["day"]).to_numpy().astype("datetime64[D]").tolist()
    pains = pd.to_numeric(exercises["pain_during"]).tolist()
    # The worst pain of each exercise on each day, where it went over the limit (NaN never does).
    worst: dict[tuple[dt.date, str], float] = {}
    for day, slug, pain in zip(days, exercises["exercise"], pains, strict=True):
        if pain > EXERCISE_PAIN_LIMIT and pain > worst.get((day, slug), -1):
            worst[day, slug] = pain
    return [
        Flag(
            kind=(FlagKind.SEVERE_EXERCISE_PAIN if pain >= SEVERE_PAIN else FlagKind.EXERCISE_PAIN),
            day=day,
            exercise=slug,
            detail=f"{day_text(day)}: {exercise_name(slug)} hurt {int(pain)}/10.",
        )
        for (day, slug), pain in sorted(worst.items())
    ]


def region_mornings(daily_pain: pd.DataFrame) -> dict[Region | None, pd.Series]:
    """Each region's morning pain by day (index: day timestamps), days with a morning only.

    From `db.daily_pain_frame`; a frame without the per-region columns gives the headline
    morning pain under None.
    """
    columns = {r: c for r, c in MORNING_COLUMNS.items() if c in daily_pain.columns}
    if not columns:
        columns = {None: "morning_pain"}  # type: ignore[dict-item]
    index = pd.DatetimeIndex(as_days(daily_pain["day"])) if len(daily_pain) else None
    found: dict[Region | None, pd.Series] = {}
    for region, column in columns.items():
        values = pd.to_numeric(daily_pain[column], errors="coerce").astype("float64")
        found[region] = pd.Series(values.to_numpy(), index=index).dropna()
    return found


def next_morning_flags(session_days: pd.Series, daily_pain: pd.DataFrame) -> list[Flag]:
    """Mornings after a session when a region hurt 2 or more points more than on the morning
    of the session's day, one flag per region.

    `session_days` are days with a session; `daily_pain` is `db.daily_pain_frame`. A pair is
    judged only when both mornings have a check-in before noon.
    """
    if daily_pain.empty or session_days.empty:
        return []
    flags = []
    days = pd.DatetimeIndex(as_days(session_days)).unique().sort_values()
    for region, mornings in region_mornings(daily_pain).items():
        # Whole columns at once: walking ten years of days one timestamp at a time was most of
        # the rule's time. A day logged twice counts with its last morning.
        mornings = mornings[~mornings.index.duplicated(keep="last")]
        on_day = mornings.reindex(days).to_numpy()
        next_day = mornings.reindex(days + pd.Timedelta(days=1)).to_numpy()
        paired = ~(np.isnan(on_day) | np.isnan(next_day))
        # Whole points, as the check-in stores them.
        before_all = np.where(paired, on_day, 0).astype(int)
        after_all = np.where(paired, next_day, 0).astype(int)
        rose = paired & (after_all - before_all >= NEXT_MORNING_RISE)
        for day_ts, before, after in zip(
            days[rose], before_all[rose].tolist(), after_all[rose].tolist(), strict=True
        ):
            after_ts = day_ts + pd.Timedelta(days=1)
            flags.append(
                Flag(
                    kind=FlagKind.NEXT_MORNING_WORSE,
                    day=after_ts.date(),
                    region=region,
                    detail=(
                        f"{day_text(after_ts.date())}: morning pain{_where(region)} "
                        f"{after}/10, up from {before}/10 on the morning of your session "
                        "the day before."
                    ),
                )
            )
    return flags


def weekly_morning_means(mornings: pd.Series, *, today: dt.date | None = None) -> pd.Series:
    """Mean morning pain per ISO week (index: the weeks' Mondays) of the weeks that count:
    over before `today` (every week when None) and with 3 or more mornings. Exact means."""
    if mornings.empty:
        return pd.Series(dtype="float64", index=pd.DatetimeIndex([], dtype="datetime64[us]"))
    # Whole days since 1970-01-01 (a Thursday: (day + 3) % 7 is the weekday, Monday 0), worked
    # through one by one: a few hundred mornings cost less so than in a pandas grouping.
    days = pd.DatetimeIndex(mornings.index).to_numpy().astype("datetime64[D]").astype(np.int64)
    weeks: dict[int, list[float]] = {}
    for day, value in zip(days.tolist(), mornings.to_numpy().tolist(), strict=True):
        weeks.setdefault(day - (day + 3) % 7, []).append(value)
    last = None if today is None else (today - dt.date(1970, 1, 1)).days
    counted = [
        (monday, sum(values) / len(values))
        for monday, values in sorted(weeks.items())
        if len(values) >= MORNINGS_FOR_A_WEEK and (last is None or monday + 6 < last)
    ]
    if not counted:
        return pd.Series(
            dtype="float64",
            index=pd.DatetimeIndex([], dtype="datetime64[us]", name="week_start"),
            name="morning",
        )
    index = pd.DatetimeIndex(
        np.array([monday for monday, _ in counted], dtype="datetime64[D]").astype("datetime64[us]"),
        name="week_start",
    )
    return pd.Series([mean for _, mean in counted], index=index, dtype="float64", name="morning")


@by_content
def morning_rise_flags(daily_pain: pd.DataFrame, *, today: dt.date | None = None) -> list[Flag]:
    """Weeks whose mean morning pain in a region is at least 1 point above the week just before,
    on exact means, both weeks over (before `today`) with 3 or more mornings in that region."""
    flags = []
    for region, mornings in region_mornings(daily_pain).items():
        means = weekly_morning_means(mornings, today=today)
        for week_ts, mean in means.items():
            before_ts = week_ts - pd.Timedelta(weeks=1)
            if before_ts not in means.index:
                continue
            before = float(means[before_ts])
            if float(mean) - before >= WEEKLY_MORNING_RISE:
                monday = week_ts.date()
                flags.append(
                    Flag(
                        kind=FlagKind.MORNING_PAIN_ROSE,
                        week=monday,
                        region=region,
                        detail=(
                            f"The {week_text(monday)}: mornings{_where(region)} averaged "
                            f"{pain_text(mean)}, up from {pain_text(before)} the week before."
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
    today: dt.date | None = None,
) -> list[Flag]:
    """Every pain-monitoring flag (the four rules above), oldest first.

    `exercises` is `db.session_exercises_frame`, `daily_pain` is `db.daily_pain_frame`; read
    them from a week before `since` so the first week can be compared. Flags are kept when their
    day (or week) falls within `since`–`until`; a week counts when it overlaps that range. Weekly
    rules judge only weeks over before `today` (default: the day after `until`).
    """
    if today is None and until is not None:
        today = until + dt.timedelta(days=1)
    session_days = pd.Series(exercises["day"].unique()) if len(exercises) else pd.Series([])
    flags = [
        *exercise_flags(exercises),
        *next_morning_flags(session_days, daily_pain),
        *morning_rise_flags(daily_pain, today=today),
    ]
    low = None if since is None else (monday_of(since), since)
    kept = []
    for flag in flags:
        if low is not None and flag.when < (low[0] if flag.day is None else low[1]):
            continue
        if until is not None and flag.when > until:
            continue
        kept.append(flag)
    order, regions = list(FlagKind), [None, *Region]
    return sorted(
        kept,
        key=lambda f: (f.when, order.index(f.kind), regions.index(f.region), f.exercise or ""),
    )


def breach_days(flags: list[Flag] | tuple[Flag, ...]) -> dict[dt.date, list[Flag]]:
    """The breaches of `flags` grouped by the day they happened on, oldest first.

    A weekly flag has no day of its own: it counts as one day, its week's Monday unless a
    day-flag already holds that day (then the Sunday). Stepping back asks for two different
    days (docs/rules.md §7): one bad session with two painful exercises is one day.
    """
    found: dict[dt.date, list[Flag]] = {}
    for flag in flags:
        if flag.kind.breach and flag.day is not None:
            found.setdefault(flag.day, []).append(flag)
    for flag in flags:
        if flag.kind.breach and flag.day is None:
            key = flag.when
            while key in found and any(f.day is not None for f in found[key]):
                key += dt.timedelta(days=1)
            found.setdefault(key, []).append(flag)
    return dict(sorted(found.items()))


# ---------------------------------------------------------------------------------------------
# Complete weeks and persistent pain (docs/rules.md §2, §4).


def complete_weeks(weekly_pain: pd.DataFrame, *, today: dt.date) -> dict[dt.date, float]:
    """The weeks a pain verdict may use, by Monday: over before `today`, with at least 3 days
    with a check-in; their exact mean pain. From `trends.weekly_pain` rows."""
    if weekly_pain.empty:
        return {}
    over = weekly_pain["week_end"] < pd.Timestamp(today)
    enough = weekly_pain["days_logged"] >= DAYS_FOR_A_WEEK
    rows = weekly_pain[over & enough & weekly_pain["pain_mean"].notna()]
    return {
        ts.date(): float(mean)
        for ts, mean in zip(rows["week_start"], rows["pain_mean"], strict=True)
    }


def _short_week(monday: dt.date, today: dt.date) -> str:
    return f"week of {date_text(monday, today=today)}"


def persistent_pain(weekly_pain: pd.DataFrame, *, today: dt.date) -> Flag | None:
    """The persistent-pain rule (docs/rules.md §4) over complete weeks, from `trends.weekly_pain`.

    Judged on the last complete week (over, 3 or more days with a check-in) before `today`: it
    fires when that week's mean pain is 4 or more and either (a) it is less than 2 points below
    the complete week six weeks earlier, or (b) it is 2 or more points above the complete week
    two weeks earlier. Means are judged as shown, to one decimal, so the numbers in the message
    always bear out the verdict. None when neither holds or the weeks needed are not complete.
    """
    weeks = complete_weeks(weekly_pain, today=today)
    latest = monday_of(today) - dt.timedelta(weeks=1)
    if latest not in weeks:
        return None
    # In whole tenths, as shown: 5.1 − 3.1 is exactly 20 tenths, never 1.999….
    last = tenths(weeks[latest])
    if last < PERSISTENT_PAIN_FLOOR * 10:
        return None
    reasons = []
    earlier = latest - dt.timedelta(weeks=PERSISTENT_WEEKS)
    if earlier in weeks:
        first = tenths(weeks[earlier])
        if first - last < PERSISTENT_IMPROVEMENT * 10:
            reasons.append(
                f"has not eased by {PERSISTENT_IMPROVEMENT} points in {PERSISTENT_WEEKS} weeks "
                f"({pain_text(first / 10)} in the {_short_week(earlier, today)}, "
                f"{pain_text(last / 10)} in the {_short_week(latest, today)})"
            )
    before = latest - dt.timedelta(weeks=PERSISTENT_RISE_WEEKS)
    if before in weeks:
        start = tenths(weeks[before])
        if last - start >= PERSISTENT_RISE * 10:
            reasons.append(
                f"has risen by {PERSISTENT_RISE} points or more in {PERSISTENT_RISE_WEEKS} weeks "
                f"({pain_text(start / 10)} in the {_short_week(before, today)}, "
                f"{pain_text(last / 10)} in the {_short_week(latest, today)})"
            )
    if not reasons:
        return None
    return Flag(
        kind=FlagKind.PERSISTENT_PAIN,
        week=latest,
        detail=f"Your weekly average pain {' and '.join(reasons)}.",
    )
