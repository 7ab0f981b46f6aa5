"""The person's programme and the sessions ahead: which exercises, how much, on which days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from hamtrack.catalogue import EXERCISES
from hamtrack.enums import Phase, Side
from hamtrack.models import (
    BAND_LEVELS,
    WEEKLY_TARGET_MAX,
    WEEKLY_TARGET_MIN,
    Pause,
    ProgrammeExercise,
)
from hamtrack.nordic import NORDIC, dose_at, moves_on_this_week, nordic_dose

DEFAULT_WEEKLY_TARGET = 3
"""Product default for sessions a week (docs/rules.md §5): a default, not a clinical standard."""

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def default_item(slug: str, *, today: dt.date) -> ProgrammeExercise:
    """An exercise at its catalogue dose, added to the programme today."""
    exercise = EXERCISES[slug]
    if slug == NORDIC:
        dose = dose_at(1)
        return ProgrammeExercise(slug, sets=dose.sets, reps=dose.reps_per_set, added_on=today)
    return ProgrammeExercise(
        slug,
        sets=exercise.dose_sets,
        reps=exercise.dose_reps,
        hold_s=exercise.dose_hold_s,
        added_on=today,
    )


def default_programme(phase: Phase, *, today: dt.date) -> tuple[ProgrammeExercise, ...]:
    """The exercises of `phase` (those whose phases include it) at their default doses."""
    return tuple(
        default_item(e.slug, today=today) for e in EXERCISES.values() if Phase(phase) in e.phases
    )


def programme_for_phase(
    current: Iterable[ProgrammeExercise], phase: Phase, *, today: dt.date
) -> tuple[ProgrammeExercise, ...]:
    """The programme after moving to `phase`: that phase's exercises, keeping the person's doses.

    An exercise already in the programme keeps its dose, band and start date; the phase's other
    exercises join at their defaults; exercises outside the phase are left out.
    """
    kept = {item.exercise: item for item in current}
    return tuple(kept.get(item.exercise, item) for item in default_programme(phase, today=today))


def todays_programme(
    items: Iterable[ProgrammeExercise], *, today: dt.date, nordic_done: Iterable[dt.date] = ()
) -> tuple[ProgrammeExercise, ...]:
    """The programme as it stands today: the Nordic exercise at the dose of its next session,
    from the days a Nordic session was logged (`nordic.nordic_days`)."""
    done = tuple(nordic_done)
    result = []
    for item in items:
        if item.exercise == NORDIC:
            dose = nordic_dose(done, on=today)
            item = replace(item, sets=dose.sets, reps=dose.reps_per_set, hold_s=None)
        result.append(item)
    return tuple(result)


def dose_text(
    item: ProgrammeExercise,
    *,
    today: dt.date,
    nordic_done: Iterable[dt.date] = (),
    target: int | None = None,
) -> str:
    """How much of an exercise to do, in words: '3 × 30 s hold, each leg · Light band'.

    The Nordic exercise's dose follows the Nordic sessions logged (`nordic_done`); with a weekly
    `target` below the protocol's count it says how many sessions a week the plan holds.
    """
    exercise = EXERCISES[item.exercise]
    if item.exercise == NORDIC:
        return nordic_dose(nordic_done, on=today).text(target)
    sets = item.sets or 1
    times = "once" if sets == 1 else f"{sets} times"
    if item.hold_s is not None:
        text = f"Hold {item.hold_s} s, {times}"
    elif item.reps is not None:
        text = f"{sets} sets of {item.reps}" if sets > 1 else f"1 set of {item.reps}"
    else:
        text = exercise.dose_text
    if item.side is not Side.BOTH:
        text += f", {Side(item.side).value} leg only"
    elif exercise.per_leg:
        text += ", each leg"
    if item.band_level:
        text += f" · {BAND_LEVELS[item.band_level]} band"
    return text


def outside_phase(item: ProgrammeExercise, phase: Phase | None) -> bool:
    """True when an exercise in the programme is not part of the chosen phase."""
    return phase is not None and Phase(phase) not in EXERCISES[item.exercise].phases


def default_weekdays(target: int) -> tuple[int, ...]:
    """Session days for a weekly target, spread out with rest days between (0 is Monday)."""
    spread = {
        1: (2,),
        2: (0, 3),
        3: (0, 2, 4),
        4: (0, 2, 4, 6),
        5: (0, 1, 3, 4, 6),
        6: (0, 1, 2, 3, 4, 5),
        7: (0, 1, 2, 3, 4, 5, 6),
    }
    return spread[min(max(int(target), WEEKLY_TARGET_MIN), WEEKLY_TARGET_MAX)]


@dataclass(frozen=True, slots=True)
class PlannedExercise:
    slug: str
    name: str
    dose: str


@dataclass(frozen=True, slots=True)
class PlannedSession:
    """A day with a session in the plan and the exercises to do on it."""

    day: dt.date
    exercises: tuple[PlannedExercise, ...]


def plan_sessions(
    items: Sequence[ProgrammeExercise],
    *,
    start: dt.date,
    weeks: int,
    weekdays: Iterable[int],
    pauses: Iterable[Pause] = (),
    nordic_done: Iterable[dt.date] = (),
) -> tuple[PlannedSession, ...]:
    """The planned sessions from `start` for `weeks` weeks, skipping days in a break.

    The Nordic exercise follows its sequence of sessions (docs/rules.md §1), counting the ones
    logged (`nordic_done`) and then the planned ones as if done: it joins a week's sessions only
    as many times as the protocol's weekly count moves it on, and after a break of 14 days or
    more it resumes two protocol weeks earlier.
    """
    days_of_week = set(weekdays)
    breaks = list(pauses)
    done = [d for d in nordic_done if d < start]
    planned = []
    for offset in range(max(0, weeks) * 7):
        day = start + dt.timedelta(days=offset)
        if day.weekday() not in days_of_week or any(p.covers(day) for p in breaks):
            continue
        exercises = []
        for item in items:
            if item.exercise == NORDIC:
                if not moves_on_this_week(done, on=day):
                    continue
                dose_words = nordic_dose(done, on=day).session_text
                done.append(day)
            else:
                dose_words = dose_text(item, today=day)
            exercises.append(
                PlannedExercise(item.exercise, EXERCISES[item.exercise].name, dose_words)
            )
        if exercises:
            planned.append(PlannedSession(day, tuple(exercises)))
    return tuple(planned)
