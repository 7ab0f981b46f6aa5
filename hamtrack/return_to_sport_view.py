"""What the return-to-sport screens show, read from the logs (docs/rules.md §9).

hamtrack.return_to_sport holds the rules over plain values; this module reads those values from
the database (the tests on both legs, the runs, the hamstring pain of check-ins and sessions, the
pain-monitoring flags of the last two complete weeks) and hands them over, so the Return to sport
page, Trends, Home and My programme's suggestion all show one checklist and one symmetry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlite_utils import Database

from hamtrack import db as store
from hamtrack import flags, memo
from hamtrack.catalogue import exercise_name
from hamtrack.models import Phase, Region, Side
from hamtrack.return_to_sport import (
    KNEE_EXTENSION_DIFFERENCE_MAX,
    LSI_NEEDED,
    STRAIGHT_LEG_RAISE_SHORTFALL_MAX,
    CriterionResult,
    ExercisePain,
    HamstringPain,
    Measure,
    MeasureKind,
    Retest,
    RunningEntry,
    Symmetry,
    checklist,
    retest_after,
    symmetry_by_day,
    two_week_window,
)

SYMMETRY_KINDS = (
    MeasureKind.STRENGTH,
    MeasureKind.BRIDGE,
    MeasureKind.KNEE_EXTENSION,
    MeasureKind.STRAIGHT_LEG_RAISE,
)

SYMMETRY_COLUMNS = ["day", "test", "value", "shown", "unit", "line", "meets", "text"]


def symmetry_target(kind: MeasureKind) -> int:
    """The line a symmetry chart draws: 90 % for the indexes, 10° or 10 % for range."""
    if kind is MeasureKind.KNEE_EXTENSION:
        return KNEE_EXTENSION_DIFFERENCE_MAX
    if kind is MeasureKind.STRAIGHT_LEG_RAISE:
        return STRAIGHT_LEG_RAISE_SHORTFALL_MAX
    return LSI_NEEDED


def symmetry_unit(kind: MeasureKind) -> str:
    """The unit of a test's symmetry figure: % for the indexes and the raise, ° for extension."""
    return "°" if kind is MeasureKind.KNEE_EXTENSION else "%"


def symmetry_frame(measures: Sequence[Measure], injured_side: Side | None) -> pd.DataFrame:
    """One row per test and day with a symmetry figure, oldest first, for the symmetry charts.

    Columns: day (Timestamp), test (the short name), value (float: the index in %, the extra
    knee-extension deficit in degrees or the straight-leg raise shortfall in %), shown (the
    figure as text, never rounded across its line), unit, line (the threshold), meets (the
    rule's verdict on the exact figure) and text (the sentence). Days without a figure (one leg
    only, no profile, both legs injured) are left out.
    """
    rows = []
    for kind in SYMMETRY_KINDS:
        for symmetry in symmetry_by_day(measures, injured_side, kind):
            if symmetry.value is None:
                continue
            rows.append(
                {
                    "day": pd.Timestamp(symmetry.day),
                    "test": kind.short,
                    "value": float(symmetry.value),
                    "shown": symmetry.shown_value,
                    "unit": symmetry_unit(kind),
                    "line": symmetry_target(kind),
                    "meets": symmetry.meets_target,
                    "text": symmetry.text,
                }
            )
    frame = pd.DataFrame(rows, columns=SYMMETRY_COLUMNS)
    return frame.sort_values(["day", "test"], kind="stable").reset_index(drop=True)


@memo.by_content
def symmetry_in_words(symmetry: pd.DataFrame, *, test: str) -> str:
    """One test's symmetry chart in words: what it shows and its latest figure (its text
    alternative, for a screen reader)."""
    rows = symmetry[symmetry["test"] == test]
    if rows.empty:
        return f"The {test} symmetry by date tested: no figure yet."
    latest = rows.iloc[-1]
    line = f"{int(latest['line'])}{' %' if latest['unit'] == '%' else latest['unit']}"
    return (
        f"The {test} symmetry by date tested, with the line at {line}. "
        f"Latest, {latest['day']:%d %b %Y}: {latest['text']}"
    )


# Worked out once per content of the tests (their digest) and the injured side: a check-in or a
# session saved leaves the tests, and so these, as they were.
_symmetries = memo.Kept(kept=4)  # each holds every test day: a few hundred kB at ten years
_checklists = memo.Kept()


def forget_kept() -> None:
    """Drop every symmetry and checklist kept (tests compare them with a full reading)."""
    _symmetries.forget()
    _checklists.forget()


def _injured_side(db: Database) -> Side | None:
    profile = store.injury_profile(db)
    return None if profile is None else Side(profile.profile.injured_side)


@dataclass(frozen=True, slots=True)
class LegsCompared:
    """The symmetry between the legs as the Return to sport page shows it, for every test."""

    key: tuple[str, Side | None]
    """What it was worked out from: the tests' digest and the injured side."""
    frame: pd.DataFrame
    """`symmetry_frame` of every test."""
    by_kind: dict[MeasureKind, tuple[Symmetry, ...]]
    """`symmetry_by_day` of each test of SYMMETRY_KINDS."""
    days: dict[MeasureKind, pd.DataFrame]
    """Each test's days, newest first: the date and the sentence ("Date", "Both legs")."""
    in_words: dict[MeasureKind, str]
    """Each test's chart in words (`symmetry_in_words`)."""


def _legs_compared(tests: Sequence[Measure], side: Side | None, key: tuple) -> LegsCompared:
    frame = symmetry_frame(tests, side)
    by_kind = {kind: tuple(symmetry_by_day(tests, side, kind)) for kind in SYMMETRY_KINDS}
    days = {
        kind: pd.DataFrame(
            [{"Date": f"{s.day:%d %b %Y}", "Both legs": s.text} for s in reversed(by_day)]
        )
        for kind, by_day in by_kind.items()
    }
    in_words = {kind: symmetry_in_words(frame, test=kind.short) for kind in SYMMETRY_KINDS}
    return LegsCompared(key, frame, by_kind, days, in_words)


def read_symmetry(db: Database, tests: store.Stored[Measure] | None = None) -> LegsCompared:
    """The symmetry between the legs of every test as stored (see `LegsCompared`); `tests`, if
    given, is `db.stored_measures(db)` as just read."""
    tests = store.stored_measures(db) if tests is None else tests
    side = _injured_side(db)
    key = (tests.digest, side)
    kept = _symmetries.get(key, lambda: _legs_compared(tests.values, side, key))
    # What is kept stays as it was, whatever the caller does with its copy.
    return LegsCompared(
        kept.key,
        kept.frame.copy(),
        dict(kept.by_kind),
        {kind: days.copy() for kind, days in kept.days.items()},
        dict(kept.in_words),
    )


@dataclass(frozen=True, slots=True)
class ReturnToSportLogs:
    """Everything the checklist reads, as the core's values."""

    injured_side: Side | None
    measures: tuple[Measure, ...]
    running: tuple[RunningEntry, ...]
    check_ins: tuple[HamstringPain, ...]
    exercises: tuple[ExercisePain, ...]
    flags: tuple[str, ...]


def read_logs(db: Database, *, today: dt.date) -> ReturnToSportLogs:
    """The tests, runs, hamstring pain and flags the checklist needs, up to `today`."""
    return _read_logs(db, store.stored_measures(db), store.stored_running_entries(db), today=today)


def _read_logs(
    db: Database,
    tests: store.Stored[Measure],
    runs: store.Stored[RunningEntry],
    *,
    today: dt.date,
) -> ReturnToSportLogs:
    first, last = two_week_window(today)
    check_ins = tuple(
        HamstringPain(c.day, c.pain[Region.LEFT_HAMSTRING], c.pain[Region.RIGHT_HAMSTRING])
        for c in store.check_ins(db, since=first, until=last)
    )
    exercises = tuple(
        ExercisePain(s.day, exercise_name(e.exercise), Side(e.side), e.pain_during)
        for s in store.sessions(db, since=first, until=last)
        for e in s.exercises
    )
    # Read from a week earlier, so the first week's weekly rules can compare with the one before.
    read_from = first - dt.timedelta(days=7)
    found = flags.pain_flags(
        store.session_exercises_frame(db, since=read_from, until=last),
        store.daily_pain_frame(db, since=read_from, until=last),
        since=first,
        until=last,
        today=today,
    )
    return ReturnToSportLogs(
        injured_side=_injured_side(db),
        measures=tuple(m for m in tests.values if m.day <= today),
        running=tuple(r for r in runs.values if r.day <= today),
        check_ins=check_ins,
        exercises=exercises,
        flags=tuple(f.detail for f in found if f.kind.breach),
    )


def read_checklist(db: Database, *, today: dt.date) -> tuple[CriterionResult, ...]:
    """The return-to-sport checklist (docs/rules.md §9) of the logs as they stand today."""
    tests, runs = store.stored_measures(db), store.stored_running_entries(db)
    logs = _read_logs(db, tests, runs, today=today)
    # The tests and runs by their digest (up to today, which the key holds too); the rest is
    # two weeks' worth, small enough to be its own key.
    key = (
        tests.digest,
        runs.digest,
        today,
        logs.injured_side,
        logs.check_ins,
        logs.exercises,
        logs.flags,
    )
    return _checklists.get(
        key,
        lambda: checklist(
            injured_side=logs.injured_side,
            measures=logs.measures,
            check_ins=logs.check_ins,
            exercises=logs.exercises,
            running=logs.running,
            flags=logs.flags,
            today=today,
        ),
    )


def read_retest(db: Database, *, today: dt.date) -> Retest | None:
    """When the tests on both legs are next due in the current phase (None before the late
    phases, or with no phase set)."""
    phase = store.current_phase(db)
    if phase is None:
        return None
    return retest_after(Phase(phase), store.last_measure_day(db, until=today), today)


SYMMETRY_TABLES = ("measures", "injury_profiles", "injury_profile_history")
"""What `read_symmetry_frame` reads: what it finds stands until one of these tables changes."""


def read_symmetry_frame(db: Database) -> pd.DataFrame | None:
    """The symmetry frame of every test saved (`symmetry_frame`), None before the first."""
    tests = store.stored_measures(db)
    if not tests.values:
        return None
    return read_symmetry(db, tests).frame
