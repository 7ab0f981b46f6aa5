"""Reproducible demo data: a made-up rehabilitation story to try HamTrack with.

The story: pain starts moderate and mostly eases over the weeks, with a few flare-ups; the person
moves through the four phases, misses a couple of weeks, takes a holiday (a pause), and answers the
questionnaire most weeks. The same seed and dates always give the same records, and the database is
marked as demo so every screen says so.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from hamtrack.catalogue import EXERCISES, exercises_for_phase
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

DEFAULT_WEEKS = 16
MIN_WEEKS, MAX_WEEKS = 1, 1040

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
    middle = list(range(2, weeks - 1))
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
            if day - dt.timedelta(days=1) in session_days and rng.random() < 0.04:
                pain += 2.2  # now and then a session leaves the next morning clearly sorer
            # A flare-up is in the hamstring; the back keeps to its own course.
            left, back = _clamp(pain), _clamp((pain - flare) * 0.7 + rng.gauss(0, 0.35))
            if rng.random() < 0.9:
                check_ins.append(
                    CheckIn(
                        day=day,
                        time=dt.time(rng.randint(6, 9), rng.choice((0, 15, 30, 45))),
                        pain={
                            Region.LEFT_HAMSTRING: left,
                            Region.RIGHT_HAMSTRING: _clamp(rng.gauss(0.4, 0.35)),
                            Region.LOW_BACK: back,
                        },
                        stiffness=_clamp(pain * 0.8 + rng.gauss(0, 0.8)),
                        note=rng.choice(_NOTES) if rng.random() < 0.2 else "",
                    )
                )
            if rng.random() < 0.3:
                evening = _clamp(pain + rng.gauss(-0.5, 0.8))
                check_ins.append(
                    CheckIn(
                        day=day,
                        time=dt.time(rng.randint(17, 21), 0),
                        pain={
                            Region.LEFT_HAMSTRING: evening,
                            Region.RIGHT_HAMSTRING: 0,
                            Region.LOW_BACK: _clamp(evening * 0.6),
                        },
                        stiffness=_clamp(evening * 0.6),
                    )
                )
            if day in session_days:
                exercises = []
                for exercise in exercises_for_phase(phase):
                    during = _clamp(pain_level * 0.6 + rng.gauss(0, 1.0))
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
    return Records(
        check_ins=tuple(check_ins),
        sessions=tuple(sessions),
        responses=tuple(responses),
        phase_changes=tuple(phase_changes),
        programme=programme,
        pauses=(holiday,) if holiday else (),
        weekly_target=3,
        is_demo=True,
    )
