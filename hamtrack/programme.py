"""The rehabilitation programme: what each phase holds, how much to do, and when to move on.

Pure rules over plain values. The phase a person is in is their choice (domain §2); the
suggestions here only explain what the logged weeks show and are applied by the person, never by
HamTrack itself.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources

import pandas as pd
from sqlite_utils import Database

from hamtrack.catalogue import EXERCISES, Exercise
from hamtrack.models import (
    BAND_LEVELS,
    WEEKLY_TARGET_MAX,
    WEEKLY_TARGET_MIN,
    Pause,
    Phase,
    ProgrammeExercise,
    Side,
)
from hamtrack.weeks import monday_of, week_starts

NORDIC = "nordic-hamstring"
"""The late-phase exercise whose weekly dose follows its own published progression."""

DEFAULT_WEEKLY_TARGET = 3
"""Product default for sessions a week (domain §3): a default, not a clinical standard."""

WARM_UP = (
    "Warm up for five minutes before you start: walk briskly or march on the spot, circle your "
    "hips, and swing each leg gently forwards and back. Your muscles should feel warm, not tired."
)

GOLDEN_RULES = (
    "Move slowly and breathe normally; never bounce into a stretch.",
    "Pain during an exercise may reach 5 out of 10. Above that, make it easier next time.",
    "Pain of 7 or more: stop that exercise and talk to a physiotherapist or doctor.",
    "Pain from a session should have settled by the next morning.",
    "Progress a little at a time: a few more reps, a slightly longer hold or the next band.",
)

STRETCH_HOLD_NOTE = (
    "Holding a stretch for 30 seconds works as well as 60 and better than 15. Aim for about a "
    "minute in total for each stretch."
)

STAGE_CRITERIA = (
    "Before loading the leg harder: a single-leg squat and easy cycling without pain.",
    "Before sprinting: jogging without pain at more than about 70 % of your top speed.",
    "Before going back to your sport: running at full speed and a change-of-direction drill, "
    "both without pain.",
)
"""Published stage criteria (BJSM 2022;56:792), shown for orientation only, never as rules."""

EXERCISE_PAIN_GOAL = 2.0
"""Mean pain during exercise at or below this, with the other criteria, suggests moving on (§6)."""

STEP_BACK_BREACHES = 2
"""This many pain-monitoring warnings in one week suggest stepping back a phase (§6)."""

PERSISTENT_WEEKS = 6
MEANINGFUL_IMPROVEMENT = 2
PERSISTENT_PAIN_FLOOR = 2
"""The persistent-pain rule (§4) looks only at a latest weekly mean of 2 or more: below that
there are not 2 points left to ease by. The same numbers as hamtrack.flags' persistent-pain flag,
judged like it on the one-decimal values the screens show."""

PHASE_DESCRIPTIONS = {
    Phase.ACUTE: (
        "The first days after the injury or a flare-up: walking briskly or stretching hurts. "
        "Gentle stretches and switching the muscle on, nothing more."
    ),
    Phase.EARLY_REHAB: (
        "The worst has settled and walking is comfortable. Start building strength with light "
        "exercises."
    ),
    Phase.FUNCTIONAL: (
        "Everyday movement is easy. Train the buttocks and hamstrings together and steady your "
        "balance."
    ),
    Phase.RETURN_TO_SPORT: (
        "Jogging feels fine and you are getting ready for running, sport or heavy work. This is "
        "where the Nordic exercise comes in."
    ),
}
"""What each phase feels like, to help a person pick theirs (their physiotherapist knows best)."""

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# ---------------------------------------------------------------------------------------------
# The catalogue as the person reads it.


def phases_text(exercise: Exercise) -> str:
    """When an exercise fits, in words: 'All phases (gently in acute)' or 'Early rehab'."""
    if set(exercise.phases) == set(Phase):
        text = "All phases"
    else:
        text = ", ".join(p.label for p in exercise.phases)
        text = text[0] + text[1:].lower()
    if exercise.gentle_in:
        gentle = ", ".join(p.label.lower() for p in exercise.gentle_in)
        text += f" (gently in the {gentle} phase)"
    return text


def dose_note(exercise: Exercise) -> str | None:
    """A line of evidence on the dose of this kind of exercise, where there is one."""
    return STRETCH_HOLD_NOTE if exercise.kind == "stretch" else None


def how_to(exercise: Exercise) -> tuple[tuple[str, str], ...]:
    """The cues of an exercise in the order a person reads them: set-up, movement, feel."""
    return (
        ("Getting set", exercise.setup),
        ("The movement", exercise.movement),
        ("What you should feel", exercise.feel),
    )


STOP_LABEL = "Stop if you notice"


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One line of the summary table: an exercise, what it is for and when it fits."""

    slug: str
    exercise: str
    purpose: str
    phases: str


def summary_table() -> tuple[SummaryRow, ...]:
    """Every exercise of the catalogue with its purpose and phases, in catalogue order."""
    return tuple(SummaryRow(e.slug, e.name, e.purpose, phases_text(e)) for e in EXERCISES.values())


ILLUSTRATION_WIDTH = 360
"""Pixels to show a drawing at: they are drawn for about 300 px; wider only adds empty space."""


@cache
def illustration_svg(slug: str) -> str:
    """The drawing of an exercise as SVG markup (drawn for HamTrack, shipped in the package)."""
    if slug not in EXERCISES:
        raise KeyError(f"No exercise {slug!r} in the catalogue.")
    path = resources.files("hamtrack").joinpath(f"data/illustrations/{slug}.svg")
    return path.read_text("utf-8")


# ---------------------------------------------------------------------------------------------
# Nordic hamstring progression (Petersen et al. 2011, domain §3).


@dataclass(frozen=True, slots=True)
class NordicDose:
    """The Nordic exercise's dose for one week of its progression."""

    week: int
    sessions_per_week: int
    sets: int
    reps_text: str
    reps_per_set: int
    """One number for a log form: the lower end of a range, or the mean of 12/10/8."""

    @property
    def sets_text(self) -> str:
        """The sets of one session: '2 sets of 5', or '3 sets of 12, 10 and 8 reps'."""
        if "," in self.reps_text:
            first, *rest = self.reps_text.split(", ")
            return f"{self.sets} sets of {', '.join([first, *rest[:-1]])} and {rest[-1]} reps"
        return f"{self.sets} sets of {self.reps_text}"

    @property
    def stage(self) -> str:
        """Where in the progression this week is: 'week 3 of 10' or 'week 12, keeping it up'."""
        if self.week > 10:
            return f"week {self.week}, keeping it up"
        return f"week {self.week} of 10"

    @property
    def text(self) -> str:
        """The week's dose: 'Week 1 of 10: 1 session this week, 2 sets of 5'."""
        sessions = f"{self.sessions_per_week} session" + ("s" if self.sessions_per_week > 1 else "")
        return f"{self.stage.capitalize()}: {sessions} this week, {self.sets_text}"

    @property
    def session_text(self) -> str:
        """One session's dose: '2 sets of 5 (week 1 of 10)'."""
        return f"{self.sets_text} ({self.stage})"


_NORDIC_WEEKS = {
    1: (1, 2, "5", 5),
    2: (2, 2, "6", 6),
    3: (3, 3, "6–8", 6),
    4: (3, 3, "8–10", 8),
}
_NORDIC_BUILT_UP = (3, 3, "12, 10, 8", 10)
_NORDIC_KEEP_UP = (1, 3, "12, 10, 8", 10)


def nordic_week(added_on: dt.date, today: dt.date) -> int:
    """Which week of the progression `today` falls in, counting from the day it was added."""
    return max(0, (today - added_on).days) // 7 + 1


def nordic_dose(added_on: dt.date, today: dt.date) -> NordicDose:
    """This week's Nordic dose: 1×(2×5), 2×(2×6), 3×(3×6–8), 3×(3×8–10), then 3×, 1× after wk 10."""
    week = nordic_week(added_on, today)
    if week in _NORDIC_WEEKS:
        sessions, sets, reps_text, reps = _NORDIC_WEEKS[week]
    elif week <= 10:
        sessions, sets, reps_text, reps = _NORDIC_BUILT_UP
    else:
        sessions, sets, reps_text, reps = _NORDIC_KEEP_UP
    return NordicDose(week, sessions, sets, reps_text, reps)


def nordic_progression() -> tuple[tuple[str, str, str], ...]:
    """The published progression as rows of (weeks, sessions a week, sets and reps)."""
    rows = []
    for label, week in (("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5–10", 5), ("After 10", 11)):
        dose = nordic_dose(dt.date.min, dt.date.min + dt.timedelta(weeks=week - 1))
        rows.append((label, str(dose.sessions_per_week), dose.sets_text))
    return tuple(rows)


def nordic_too_early(phase: Phase | None) -> str | None:
    """A warning when the Nordic exercise is logged or planned before the late phase."""
    if phase is Phase.RETURN_TO_SPORT:
        return None
    if phase is None:
        return (
            "The Nordic exercise is hard on the hamstrings and belongs to the return-to-sport "
            "phase. Choose your phase in My programme; if you are not yet that far, leave it out "
            "for now."
        )
    return (
        f"The Nordic exercise belongs to the return-to-sport phase and you are in the "
        f"{phase.label.lower()} phase. It loads the hamstring hard: leave it out until you reach "
        "the late phase, or your physiotherapist says it is time."
    )


# ---------------------------------------------------------------------------------------------
# A phase's programme and its doses.


def default_item(slug: str, *, today: dt.date) -> ProgrammeExercise:
    """An exercise at its catalogue dose, added to the programme today."""
    exercise = EXERCISES[slug]
    if slug == NORDIC:
        dose = nordic_dose(today, today)
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
    items: Iterable[ProgrammeExercise], *, today: dt.date
) -> tuple[ProgrammeExercise, ...]:
    """The programme as it stands today: the Nordic exercise at this week's progression dose."""
    result = []
    for item in items:
        if item.exercise == NORDIC:
            dose = nordic_dose(item.added_on, today)
            item = replace(item, sets=dose.sets, reps=dose.reps_per_set, hold_s=None)
        result.append(item)
    return tuple(result)


def dose_text(item: ProgrammeExercise, *, today: dt.date) -> str:
    """How much of an exercise to do, in words: '3 × 30 s hold, each leg · Light band'."""
    exercise = EXERCISES[item.exercise]
    if item.exercise == NORDIC:
        return nordic_dose(item.added_on, today).text
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


# ---------------------------------------------------------------------------------------------
# Planned sessions: the days of the coming weeks, with what to do on each.


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
) -> tuple[PlannedSession, ...]:
    """The planned sessions from `start` for `weeks` weeks, skipping days in a break.

    The Nordic exercise joins only as many sessions of each week of its progression as that
    week's dose asks for (the first ones).
    """
    days_of_week = set(weekdays)
    breaks = list(pauses)
    nordic_sessions: dict[int, int] = {}
    planned = []
    for offset in range(max(0, weeks) * 7):
        day = start + dt.timedelta(days=offset)
        if day.weekday() not in days_of_week or any(p.covers(day) for p in breaks):
            continue
        exercises = []
        for item in items:
            if item.exercise == NORDIC:
                dose = nordic_dose(item.added_on, day)
                done = nordic_sessions.get(dose.week, 0)
                if done >= dose.sessions_per_week:
                    continue
                nordic_sessions[dose.week] = done + 1
                dose_words = dose.session_text
            else:
                dose_words = dose_text(item, today=day)
            exercises.append(
                PlannedExercise(item.exercise, EXERCISES[item.exercise].name, dose_words)
            )
        if exercises:
            planned.append(PlannedSession(day, tuple(exercises)))
    return tuple(planned)


# ---------------------------------------------------------------------------------------------
# Progression suggestions (domain §6, persistent pain §4).


@dataclass(frozen=True, slots=True)
class WeekSummary:
    """What one week (Monday to Sunday) shows, as the progression rules need it.

    `breaches` counts pain-monitoring warnings (pain above 5 during an exercise, pain not settled
    by the next morning, a week's morning pain a point above the last). `exercise_pain_mean` is the
    mean pain during exercises over `exercises_logged` exercises; `pain_mean` the week's mean pain
    from check-ins; None where nothing was logged.
    """

    start: dt.date
    target_met: bool
    breaches: int = 0
    exercises_logged: int = 0
    exercise_pain_mean: float | None = None
    pain_mean: float | None = None


class SuggestionKind(enum.StrEnum):
    NEXT_PHASE = "next_phase"
    STEP_BACK = "step_back"
    SEE_PROFESSIONAL = "see_professional"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Something the logged weeks suggest, with the reasons; `phase` is where it would move to."""

    kind: SuggestionKind
    title: str
    reasons: tuple[str, ...]
    phase: Phase | None = None


def _week_name(start: dt.date) -> str:
    return f"the week of {start.day} {start:%B}"


def _by_start(weeks: Iterable[WeekSummary]) -> dict[dt.date, WeekSummary]:
    return {w.start: w for w in weeks}


def _next(phase: Phase) -> Phase | None:
    order = list(Phase)
    return order[phase.order + 1] if phase.order + 1 < len(order) else None


def _previous(phase: Phase) -> Phase | None:
    return list(Phase)[phase.order - 1] if phase.order > 0 else None


def suggest_next_phase(
    weeks: Iterable[WeekSummary],
    *,
    phase: Phase | None,
    phase_since: dt.date | None,
    today: dt.date,
) -> Suggestion | None:
    """Suggest the next phase when the last two full weeks, both in this phase, met §6.

    Criteria: weekly target met in both, no pain-monitoring warning, and mean pain during
    exercise of 2 or less over the two weeks.
    """
    if phase is None or phase_since is None or _next(phase) is None:
        return None
    this_week = monday_of(today)
    starts = [this_week - dt.timedelta(days=14), this_week - dt.timedelta(days=7)]
    if phase_since > starts[0]:
        return None
    found = _by_start(weeks)
    if any(s not in found for s in starts):
        return None
    pair = [found[s] for s in starts]
    logged = sum(w.exercises_logged for w in pair)
    if not all(w.target_met for w in pair) or any(w.breaches for w in pair) or logged == 0:
        return None
    mean = sum((w.exercise_pain_mean or 0.0) * w.exercises_logged for w in pair) / logged
    if mean > EXERCISE_PAIN_GOAL:
        return None
    target = _next(phase)
    assert target is not None
    return Suggestion(
        SuggestionKind.NEXT_PHASE,
        f"You may be ready for the {target.label.lower()} phase",
        (
            f"You met your weekly session target in both of the last two weeks "
            f"({_week_name(starts[0])} and {_week_name(starts[1])}).",
            "There were no pain warnings in those two weeks.",
            f"Pain during your exercises averaged {mean:.1f} out of 10 (the aim is 2 or less).",
        ),
        target,
    )


def suggest_step_back(
    weeks: Iterable[WeekSummary],
    *,
    phase: Phase | None,
    phase_since: dt.date | None,
    today: dt.date,
) -> Suggestion | None:
    """Suggest the phase before after two pain warnings in one week (this week or last).

    Only weeks in the current phase count: once a person changes phase, earlier warnings no
    longer argue for a change. In the acute phase there is nothing gentler, so the suggestion is
    to get advice instead.
    """
    if phase is None:
        return None
    this_week = monday_of(today)
    since = phase_since or dt.date.min
    recent = [
        w
        for w in weeks
        if w.start in (this_week, this_week - dt.timedelta(days=7))
        and w.start + dt.timedelta(days=6) >= since
        and w.breaches >= STEP_BACK_BREACHES
    ]
    if not recent:
        return None
    worst = max(recent, key=lambda w: (w.breaches, w.start))
    reason = (
        f"{worst.breaches} pain warnings in {_week_name(worst.start)}: pain above 5 during an "
        "exercise, pain not settled by the next morning, or a week's morning pain a point "
        "higher than the week before."
    )
    before = _previous(phase)
    if before is None:
        return Suggestion(
            SuggestionKind.SEE_PROFESSIONAL,
            "Your exercises are causing too much pain: please get advice",
            (
                reason,
                "You are already in the gentlest phase, so a physiotherapist or doctor "
                "should look at what you are doing.",
            ),
        )
    return Suggestion(
        SuggestionKind.STEP_BACK,
        f"Consider stepping back to the {before.label.lower()} phase for now",
        (
            reason,
            "Gentler exercises for a while let the hamstring settle before you build up again.",
        ),
        before,
    )


def _tenths(value: float) -> int:
    """A value in tenths, rounded half up as the screens show it: 4.25 → 43."""
    return int(Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) * 10)


def suggest_review(weeks: Iterable[WeekSummary], *, today: dt.date) -> Suggestion | None:
    """Suggest a professional review when pain persists (§4), judged on the last full weeks.

    Persistent: the last full week's mean pain is 2 or more and either has not eased by 2 points
    since the first of six weeks, or rose two weeks running (three weeks, each higher).
    """
    found = {
        s: _tenths(w.pain_mean) for s, w in _by_start(weeks).items() if w.pain_mean is not None
    }
    last = monday_of(today) - dt.timedelta(days=7)
    if last not in found or found[last] < PERSISTENT_PAIN_FLOOR * 10:
        return None
    reasons = []
    first = last - dt.timedelta(days=7 * (PERSISTENT_WEEKS - 1))
    if first in found and found[first] - found[last] < MEANINGFUL_IMPROVEMENT * 10:
        reasons.append(
            f"Your average pain was {found[first] / 10:.1f} in {_week_name(first)} and "
            f"{found[last] / 10:.1f} in {_week_name(last)}: less than the "
            f"{MEANINGFUL_IMPROVEMENT} points of easing hoped for over {PERSISTENT_WEEKS} weeks."
        )
    run = [last - dt.timedelta(days=7 * k) for k in (2, 1, 0)]
    if all(s in found for s in run) and found[run[0]] < found[run[1]] < found[run[2]]:
        shown = [f"{found[s] / 10:.1f}" for s in run]
        reasons.append(
            f"Your average pain rose two weeks running: {shown[0]}, {shown[1]}, then {shown[2]}."
        )
    if not reasons:
        return None
    return Suggestion(
        SuggestionKind.SEE_PROFESSIONAL,
        "Your pain is not easing: a professional review would help",
        (*reasons, "A physiotherapist or doctor can check what is going on and adjust your plan."),
    )


def suggestions(
    weeks: Sequence[WeekSummary],
    *,
    phase: Phase | None,
    phase_since: dt.date | None,
    today: dt.date,
) -> tuple[Suggestion, ...]:
    """Every suggestion the weeks support: stepping back outranks moving on; a review adds."""
    found = []
    back = suggest_step_back(weeks, phase=phase, phase_since=phase_since, today=today)
    if back is not None:
        found.append(back)
    else:
        forward = suggest_next_phase(weeks, phase=phase, phase_since=phase_since, today=today)
        if forward is not None:
            found.append(forward)
    review = suggest_review(weeks, today=today)
    if review is not None:
        found.append(review)
    return tuple(found)


# ---------------------------------------------------------------------------------------------
# Reading the weeks from the logs, through the adherence, trends and flags modules.

BREACH_KINDS = frozenset(
    {"exercise_pain", "severe_exercise_pain", "next_morning_worse", "morning_pain_rose"}
)
"""The pain-monitoring flags (hamtrack.flags.FlagKind values) that count as breaches (§4)."""


def phase_since(changes: Iterable[tuple[dt.date, Phase]]) -> dt.date | None:
    """The first day of the current phase: repeated changes to the same phase do not restart it.

    `changes` are (day, phase) pairs oldest first, as the phase history holds them.
    """
    since, current = None, None
    for day, phase in changes:
        if Phase(phase) != current:
            since, current = day, Phase(phase)
    return since


def progress_weeks(
    db: Database, *, today: dt.date, since: dt.date | None = None
) -> tuple[WeekSummary, ...]:
    """The weeks the progression rules look at: the last seven full ones and this one.

    Reads only those weeks (and one before, for the flags that compare with it) and hands them
    to hamtrack.adherence, hamtrack.trends and hamtrack.flags, so the suggestions judge targets,
    pain and breaches exactly as the trends page shows them. Breaches are counted only from
    `since` on (the first day of the current phase): warnings from an earlier phase do not
    argue for stepping back from this one.
    """
    from hamtrack import db as store
    from hamtrack import flags, trends
    from hamtrack.adherence import WeekStatus, weekly_adherence

    logged_from = store.first_logged_day(db)
    if logged_from is None or logged_from > today:
        return ()
    first = max(monday_of(today) - dt.timedelta(weeks=PERSISTENT_WEEKS + 1), logged_from)
    read_from = monday_of(first) - dt.timedelta(weeks=1)
    daily = store.daily_pain_frame(db, since=read_from, until=today)
    exercises = store.session_exercises_frame(db, since=read_from, until=today)
    adherence = weekly_adherence(
        store.sessions_frame(db, since=first, until=today),
        [saved.value for saved in store.pauses(db)],
        target=store.get_profile(db).weekly_target,
        first_day=first,
        today=today,
    )
    pain = trends.weekly_pain(daily, first=first, last=today)
    pain_means = {
        start.date(): None if pd.isna(mean) else float(mean)
        for start, mean in zip(pain["week_start"], pain["pain_mean"], strict=True)
    }
    counted_from = max(first, since) if since is not None else first
    breaches = Counter(
        monday_of(flag.when)
        for flag in flags.pain_flags(exercises, daily, since=counted_from)
        if flag.kind.value in BREACH_KINDS
    )
    pains: dict[dt.date, list[int]] = {}
    if len(exercises):
        mondays = week_starts(exercises["day"])
        for monday, pain_during in zip(mondays, exercises["pain_during"], strict=True):
            pains.setdefault(monday.date(), []).append(int(pain_during))
    weeks = []
    for start_ts, status in zip(adherence["week_start"], adherence["status"], strict=True):
        start = start_ts.date()
        logged = pains.get(start, [])
        weeks.append(
            WeekSummary(
                start=start,
                target_met=status == WeekStatus.MET,
                breaches=breaches.get(start, 0),
                exercises_logged=len(logged),
                exercise_pain_mean=sum(logged) / len(logged) if logged else None,
                pain_mean=pain_means.get(start),
            )
        )
    return tuple(weeks)


@dataclass(frozen=True, slots=True)
class Standing:
    """Where the person stands: their phase, since when, and what the logged weeks suggest."""

    phase: Phase | None
    since: dt.date | None
    suggestions: tuple[Suggestion, ...]


def read_standing(db: Database, *, today: dt.date) -> Standing:
    """The current phase, its first day and the suggestions of the logged weeks."""
    from hamtrack import db as store

    history = store.phase_changes_frame(db)
    changes = [
        (day.date(), Phase(phase))
        for day, phase in zip(history["day"], history["phase"], strict=True)
        if day.date() <= today
    ]
    since = phase_since(changes)
    phase = changes[-1][1] if changes else None
    weeks = progress_weeks(db, today=today, since=since)
    return Standing(phase, since, suggestions(weeks, phase=phase, phase_since=since, today=today))
