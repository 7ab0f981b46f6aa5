"""Reproducible demo data: a made-up rehabilitation story to try HamTrack with.

The story: a right-sided hamstring strain from sprinting. Pain starts moderate and mostly eases
over the weeks, with a few flare-ups; the person moves through the four phases, misses a couple of
weeks, takes a holiday (a pause), and answers the questionnaire most weeks. From functional
retraining on, both legs are tested every two weeks, the injured leg catching up with the other;
in the return-to-sport phase the running progression builds up to full speed. In a story of
twelve weeks or more the last weeks are pain-free and the return-to-sport checklist is met
(docs/rules.md §9). The same seed and dates always give the same records, and the database is
marked as demo so every screen says so.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from hamtrack.catalogue import EXERCISES, exercises_for_phase
from hamtrack.injury import InjuryCause, InjuryProfile, ProfileChange
from hamtrack.models import (
    CheckIn,
    ExerciseDone,
    Pause,
    PauseReason,
    Phase,
    ProgrammeExercise,
    QuestionnaireResponse,
    Region,
    Session,
    Side,
)
from hamtrack.nordic import NORDIC, nordic_dose
from hamtrack.oswestry import default_definition
from hamtrack.records import PhaseChange, Records
from hamtrack.return_to_sport import (
    RETEST_DAYS,
    RUNNING_STEPS,
    Leg,
    Measure,
    MeasureKind,
    RunningEntry,
)

DEFAULT_WEEKS = 16
MIN_WEEKS, MAX_WEEKS = 1, 1040

SETTLED_WEEKS = 3
"""In a story this long or longer (below), its last three weeks (the two complete weeks the
return-to-sport checklist reads, and this one) are pain-free, without flare-up, gap or holiday."""
SETTLED_FROM_WEEKS = 12

_NOTES = (
    "Felt stiff after sitting at work.",
    "Long walk today, legs tired.",
    "Slept badly.",
    "Good day, hardly noticed it.",
    "Bit sore after the stairs.",
    "",
)


@dataclass(frozen=True, slots=True)
class DemoPlan:
    """When each phase starts and which weeks are special, for a story of `weeks` weeks."""

    first_day: dt.date
    weeks: int
    phase_starts: tuple[tuple[int, Phase], ...]
    missed_weeks: frozenset[int]
    flare_weeks: frozenset[int]
    holiday_week: int | None

    @property
    def settled_from(self) -> int:
        """The first of the pain-free last weeks (past the end when the story is too short)."""
        return self.weeks - SETTLED_WEEKS if self.weeks >= SETTLED_FROM_WEEKS else self.weeks

    def start_of(self, phase: Phase) -> int:
        """The week a phase starts in."""
        return next(start for start, p in self.phase_starts if p is phase)

    def phase_in_week(self, week: int) -> Phase:
        current = self.phase_starts[0][1]
        for start, phase in self.phase_starts:
            if week >= start:
                current = phase
        return current


def plan(*, weeks: int, today: dt.date, rng: random.Random) -> DemoPlan:
    """Lay out the story's phases and special weeks over `weeks` weeks ending today."""
    if not MIN_WEEKS <= weeks <= MAX_WEEKS:
        raise ValueError(f"Demo weeks must be from {MIN_WEEKS} to {MAX_WEEKS} (got {weeks}).")
    monday = today - dt.timedelta(days=today.weekday())
    first_day = monday - dt.timedelta(weeks=weeks - 1)
    # Phases take fixed shares of the story so even a short demo shows all four.
    shares = (0.0, 0.15, 0.4, 0.7)
    starts = tuple(
        (min(weeks - 1, round(share * weeks)), phase)
        for share, phase in zip(shares, Phase, strict=True)
    )
    settled = SETTLED_WEEKS if weeks >= SETTLED_FROM_WEEKS else 1
    middle = list(range(2, weeks - settled))
    missed = (
        frozenset(rng.sample(middle, k=min(len(middle), max(1, weeks // 12)))) if middle else []
    )
    spare = [w for w in middle if w not in missed]
    flares = frozenset(rng.sample(spare, k=min(len(spare), max(1, weeks // 16)))) if spare else []
    spare = [w for w in spare if w not in flares]
    holiday = rng.choice(spare) if spare and weeks >= 6 else None
    return DemoPlan(first_day, weeks, starts, frozenset(missed), frozenset(flares), holiday)


def _base_pain(week: int, weeks: int) -> float:
    """Pain eases from about 6 towards 1.5 over the story."""
    progress = week / max(1, weeks - 1)
    return 1.5 + 4.5 * math.exp(-3.0 * progress)


def _clamp(value: float) -> int:
    return max(0, min(10, round(value)))


def _dose(
    slug: str, day: dt.date, nordic_done: list[dt.date], rng: random.Random, band: int
) -> dict:
    exercise = EXERCISES[slug]
    if exercise.is_hold:
        # Holds vary a little around the default, never below the catalogue's range.
        hold = round(exercise.dose_hold_s * rng.choice((0.85, 1.0, 1.15)))
        return {"sets": exercise.dose_sets, "hold_s": max(5, hold)}
    if slug == NORDIC:
        nordic = nordic_dose(nordic_done, on=day)
        nordic_done.append(day)
        return {"sets": nordic.sets, "reps": nordic.reps_per_set}
    return {"sets": exercise.dose_sets, "reps": exercise.dose_reps, "band_level": band}


def generate(*, weeks: int = DEFAULT_WEEKS, seed: int = 1, today: dt.date | None = None) -> Records:
    """Build the demo records (not stored): same `weeks`, `seed` and `today`, same data."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    story = plan(weeks=weeks, today=today, rng=rng)
    definition = default_definition()
    section_ids = tuple(section.id for section in definition.sections)
    holiday = (
        Pause(
            start=story.first_day + dt.timedelta(weeks=story.holiday_week),
            end=story.first_day + dt.timedelta(weeks=story.holiday_week, days=6),
            reason=PauseReason.HOLIDAY,
            note="Away, no exercise kit.",
        )
        if story.holiday_week is not None
        else None
    )

    nordic_done: list[dt.date] = []
    check_ins: list[CheckIn] = []
    sessions: list[Session] = []
    responses: list[QuestionnaireResponse] = []
    for week in range(weeks):
        phase = story.phase_in_week(week)
        settled = week >= story.settled_from
        flare = 2.5 if week in story.flare_weeks else 0.0
        pain_level = _base_pain(week, weeks) + flare
        monday = story.first_day + dt.timedelta(weeks=week)
        days = [
            monday + dt.timedelta(days=d) for d in range(7) if monday + dt.timedelta(d) <= today
        ]
        paused = holiday is not None and holiday.covers(monday)
        skipped = week in story.missed_weeks or paused
        session_days = set()
        if not skipped and days:
            wanted = rng.choice((2, 3, 3, 3, 4))
            session_days = set(rng.sample(days, k=min(wanted, len(days))))
        band = min(5, 1 + week * 4 // max(1, weeks))
        for day in days:
            # Day-to-day wobble stays within the scale's error, so the flags the story raises
            # are the real events below, not noise (docs/rules.md §3).
            pain = pain_level + rng.gauss(0, 0.45)
            if day - dt.timedelta(days=1) in session_days and rng.random() < 0.04 and not settled:
                pain += 2.2  # now and then a session leaves the next morning clearly sorer
            # A flare-up is in the hamstring; the back keeps to its own course.
            injured, back = _clamp(pain), _clamp((pain - flare) * 0.7 + rng.gauss(0, 0.35))
            if settled:
                injured = min(injured, 1)
            if rng.random() < 0.9:
                check_ins.append(
                    CheckIn(
                        day=day,
                        time=dt.time(rng.randint(6, 9), rng.choice((0, 15, 30, 45))),
                        pain={
                            Region.LEFT_HAMSTRING: _clamp(rng.gauss(0.4, 0.35)),
                            Region.RIGHT_HAMSTRING: injured,
                            Region.LOW_BACK: back,
                        },
                        stiffness=_clamp(pain * 0.8 + rng.gauss(0, 0.8)),
                        note=rng.choice(_NOTES) if rng.random() < 0.2 else "",
                    )
                )
            if rng.random() < 0.3:
                evening = _clamp(pain + rng.gauss(-0.5, 0.8))
                if settled:
                    evening = min(evening, 1)
                check_ins.append(
                    CheckIn(
                        day=day,
                        time=dt.time(rng.randint(17, 21), 0),
                        pain={
                            Region.LEFT_HAMSTRING: 0,
                            Region.RIGHT_HAMSTRING: evening,
                            Region.LOW_BACK: _clamp(evening * 0.6),
                        },
                        stiffness=_clamp(evening * 0.6),
                    )
                )
            if day in session_days:
                exercises = []
                for exercise in exercises_for_phase(phase):
                    during = _clamp(pain_level * 0.6 + rng.gauss(0, 1.0))
                    if settled:
                        during = min(during, 1)
                    exercises.append(
                        ExerciseDone(
                            exercise=exercise.slug,
                            pain_during=during,
                            side=Side.BOTH,
                            **_dose(exercise.slug, day, nordic_done, rng, band),
                        )
                    )
                sessions.append(Session(day=day, exercises=tuple(exercises)))
        if days and rng.random() < 0.85:
            percent_guess = pain_level * 7 + rng.gauss(0, 3)
            per_section = max(0.0, min(5.0, percent_guess / 20))
            answers: list[int | None] = [
                max(0, min(5, round(per_section + rng.gauss(0, 0.7)))) for _ in section_ids
            ]
            if len(answers) > 7 and rng.random() < 0.4:
                answers[7] = None  # the section people most often prefer to skip
            responses.append(
                QuestionnaireResponse(
                    day=days[-1],
                    questionnaire_id=definition.id,
                    questionnaire_version=definition.version,
                    section_ids=section_ids,
                    answers=tuple(answers),
                )
            )

    last_phase = story.phase_in_week(weeks - 1)
    last_phase_start = next(s for s, p in story.phase_starts if p is last_phase)
    programme = tuple(
        ProgrammeExercise(
            exercise=e.slug,
            sets=e.dose_sets,
            reps=e.dose_reps,
            hold_s=e.dose_hold_s,
            added_on=story.first_day + dt.timedelta(weeks=last_phase_start),
        )
        for e in exercises_for_phase(last_phase)
    )
    phase_changes = []
    for start, phase in story.phase_starts:
        if not phase_changes or phase_changes[-1].phase is not phase:
            phase_changes.append(PhaseChange(story.first_day + dt.timedelta(weeks=start), phase))
    injury_day = story.first_day - dt.timedelta(days=3)
    profile = ProfileChange(
        dt.datetime.combine(min(story.first_day, today), dt.time(9, 30)),
        InjuryProfile(
            injured_side=Side.RIGHT,
            injury_day=injury_day,
            how=InjuryCause.SPRINTING,
            diagnosis="Grade 2 strain of the right biceps femoris (demo)",
            return_activity="Sunday league football",
        ),
    )
    return Records(
        check_ins=tuple(check_ins),
        sessions=tuple(sessions),
        responses=tuple(responses),
        phase_changes=tuple(phase_changes),
        programme=programme,
        pauses=(holiday,) if holiday else (),
        injury_profile=(profile,),
        measures=_measures(story, today, rng),
        running=_running(story, today, rng),
        weekly_target=3,
        is_demo=True,
    )


def _test_weeks(story: DemoPlan) -> list[int]:
    """Every other week from the start of functional retraining, ending with the last complete
    week, so the latest tests are never more than two weeks old (docs/rules.md §9)."""
    first, last = story.start_of(Phase.FUNCTIONAL), story.weeks - 2
    return sorted(range(last, first - 1, -RETEST_DAYS // 7)) if last >= first else []


def _measures(story: DemoPlan, today: dt.date, rng: random.Random) -> tuple[Measure, ...]:
    """Tests on both legs every two weeks: the injured right leg catches up with the left, from
    about two thirds of its strength to past 90 %, with less pain each time."""
    weeks = _test_weeks(story)
    found: list[Measure] = []
    bridge_left = rng.randint(22, 27)
    strength_left = rng.choice((24.0, 25.5, 27.0))
    deficit_left = rng.randint(6, 10)
    for n, week in enumerate(weeks):
        day = min(story.first_day + dt.timedelta(weeks=week, days=2), today)
        progress = n / max(1, len(weeks) - 1)
        share = min(0.97, 0.64 + 0.32 * progress + rng.gauss(0, 0.015))
        if n == len(weeks) - 1 and story.settled_from < story.weeks:
            share = max(share, 0.92)  # the settled weeks' tests meet the checklist
        pain = 0 if story.settled_from <= week else max(0, round(3 * (1 - progress)))
        bridge_right = round(bridge_left * share)
        strength_right = round(strength_left * share * 2) / 2
        deficit_right = deficit_left + round(22 * (1 - progress))
        for kind, right, left in (
            (MeasureKind.KNEE_EXTENSION, deficit_right, deficit_left),
            (MeasureKind.BRIDGE, bridge_right, bridge_left),
            (MeasureKind.STRENGTH, strength_right, strength_left),
        ):
            unit = "kg" if kind is MeasureKind.STRENGTH else None
            found.append(Measure(day, Leg.RIGHT, kind, right, pain=pain, unit=unit))
            found.append(Measure(day, Leg.LEFT, kind, left, pain=0, unit=unit))
        # The uninjured leg gets a little stronger with the training too.
        bridge_left += rng.choice((0, 0, 1))
    return tuple(found)


def _running(story: DemoPlan, today: dt.date, rng: random.Random) -> tuple[RunningEntry, ...]:
    """Two runs a week through the return-to-sport phase, jog–walk to full speed: the first
    jog–walks still niggle, later runs are pain-free, and the last ones are at full speed."""
    start = story.start_of(Phase.RETURN_TO_SPORT)
    days = [
        day
        for week in range(start, story.weeks)
        for offset in (1, 5)
        if (day := story.first_day + dt.timedelta(weeks=week, days=offset)) <= today
    ]
    steps = list(RUNNING_STEPS.values())
    found = []
    for n, day in enumerate(days):
        # Reach full speed about two thirds of the way through, then keep it there.
        step = steps[min(len(steps) - 1, n * len(steps) * 3 // max(1, 2 * len(days)))]
        pain = 2 if n == 0 else rng.choice((0, 0, 1)) if n < len(days) - 2 else 0
        effort = step.effort if step.effort >= 90 else step.effort + rng.choice((0, 0, 5))
        found.append(RunningEntry(day, step.slug, effort, pain))
    return tuple(found)
