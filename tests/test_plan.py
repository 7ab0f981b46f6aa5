"""The programme of a phase, its doses in words, and the planned sessions ahead."""

import datetime as dt
import itertools

import pytest

from hamtrack import plan as prog
from hamtrack.catalogue import EXERCISES, exercises_for_phase
from hamtrack.models import Pause, PauseReason, Phase, ProgrammeExercise, Side
from hamtrack.nordic import NORDIC

A, E, F, R = Phase.ACUTE, Phase.EARLY_REHAB, Phase.FUNCTIONAL, Phase.RETURN_TO_SPORT
MONDAY = dt.date(2025, 3, 3)

# ---------------------------------------------------------------------------------------------
# A phase's programme and doses.


@pytest.mark.parametrize("phase", list(Phase))
def test_a_phase_programme_is_its_exercises_at_catalogue_doses(phase):
    items = prog.default_programme(phase, today=MONDAY)
    assert [i.exercise for i in items] == [e.slug for e in exercises_for_phase(phase)]
    for item in items:
        exercise = EXERCISES[item.exercise]
        assert item.added_on == MONDAY
        if item.exercise != NORDIC:
            assert (item.sets, item.reps, item.hold_s) == (
                exercise.dose_sets,
                exercise.dose_reps,
                exercise.dose_hold_s,
            )


def test_the_nordic_exercise_starts_at_week_one_of_its_progression():
    [nordic] = [i for i in prog.default_programme(R, today=MONDAY) if i.exercise == NORDIC]
    assert (nordic.sets, nordic.reps, nordic.hold_s) == (2, 5, None)


def test_moving_phase_keeps_the_persons_doses_for_exercises_that_stay():
    mine = (
        ProgrammeExercise("prone-hamstring-curl", sets=3, reps=12, band_level=2, added_on=MONDAY),
        ProgrammeExercise("sitting-heel-dig", sets=8, hold_s=7, added_on=MONDAY),
    )
    later = MONDAY + dt.timedelta(days=20)
    moved = prog.programme_for_phase(mine, E, today=later)
    assert [i.exercise for i in moved] == [e.slug for e in exercises_for_phase(E)]
    curl = next(i for i in moved if i.exercise == "prone-hamstring-curl")
    assert (curl.sets, curl.reps, curl.band_level, curl.added_on) == (3, 12, 2, MONDAY)
    raise_ = next(i for i in moved if i.exercise == "straight-leg-raise")
    assert raise_.added_on == later
    assert "sitting-heel-dig" not in {i.exercise for i in moved}


def test_todays_programme_gives_the_nordic_exercise_the_dose_of_its_next_session():
    """Six Nordic sessions logged over three weeks: the next is week 4's 3 sets of 8–10."""
    items = (
        ProgrammeExercise("wall-stretch", sets=2, hold_s=40, added_on=MONDAY),
        ProgrammeExercise(NORDIC, sets=2, reps=5, added_on=MONDAY),
    )
    done = [MONDAY + dt.timedelta(days=n) for n in (0, 7, 9, 14, 16, 18)]
    wall, nordic = prog.todays_programme(
        items, today=MONDAY + dt.timedelta(days=22), nordic_done=done
    )
    assert (wall.sets, wall.hold_s) == (2, 40)
    assert (nordic.sets, nordic.reps, nordic.added_on) == (3, 8, MONDAY)


@pytest.mark.parametrize(
    ("item", "text"),
    [
        (
            ProgrammeExercise("lying-hamstring-stretch", sets=3, hold_s=30),
            "Hold 30 s, 3 times, each leg",
        ),
        (ProgrammeExercise("wall-stretch", sets=1, hold_s=60), "Hold 60 s, once"),
        (ProgrammeExercise("bridge", sets=3, reps=10), "3 sets of 10"),
        (ProgrammeExercise("bridge", sets=1, reps=15, band_level=3), "1 set of 15 · Medium band"),
        (
            ProgrammeExercise("prone-hamstring-curl", sets=2, reps=10, side=Side.LEFT),
            "2 sets of 10, left leg only",
        ),
        (
            ProgrammeExercise(NORDIC, sets=9, reps=9, added_on=MONDAY),
            "Week 1 of 10: 1 session a week, 2 sets of 5",
        ),
    ],
)  # fmt: skip
def test_a_dose_reads_as_plain_words(item, text):
    assert prog.dose_text(item, today=MONDAY) == text


def test_an_exercise_outside_the_chosen_phase_is_marked():
    bridge = ProgrammeExercise("bridge", sets=3, reps=10)
    assert prog.outside_phase(bridge, A)
    assert not prog.outside_phase(bridge, F)
    assert not prog.outside_phase(bridge, None)


# ---------------------------------------------------------------------------------------------
# Planned sessions.


@pytest.mark.parametrize("target", range(1, 8))
def test_default_session_days_match_the_target_and_leave_rest_days_up_to_three(target):
    days = prog.default_weekdays(target)
    assert len(days) == target == len(set(days))
    if target <= 3:
        assert all(b - a >= 2 for a, b in itertools.pairwise(days))


def test_planned_sessions_fall_on_the_chosen_days_and_skip_a_break():
    items = (ProgrammeExercise("bridge", sets=3, reps=10, added_on=MONDAY),)
    holiday = Pause(
        MONDAY + dt.timedelta(days=7), MONDAY + dt.timedelta(days=9), PauseReason.HOLIDAY
    )
    planned = prog.plan_sessions(items, start=MONDAY, weeks=2, weekdays=(0, 2, 4), pauses=[holiday])
    assert [p.day.isoformat() for p in planned] == [
        "2025-03-03",
        "2025-03-05",
        "2025-03-07",
        "2025-03-14",
    ]
    assert planned[0].exercises[0].dose == "3 sets of 10"
    assert planned[0].exercises[0].name == "Glute bridge"


def test_the_nordic_exercise_joins_only_as_many_sessions_as_its_week_moves_on():
    items = (
        ProgrammeExercise("wall-stretch", sets=2, hold_s=30, added_on=MONDAY),
        ProgrammeExercise(NORDIC, sets=2, reps=5, added_on=MONDAY),
    )
    planned = prog.plan_sessions(items, start=MONDAY, weeks=10, weekdays=range(7))
    nordic_days = [p.day for p in planned if any(e.slug == NORDIC for e in p.exercises)]
    assert len(planned) == 70
    assert len(nordic_days) == 27
    assert nordic_days[:3] == [MONDAY, MONDAY + dt.timedelta(days=7), MONDAY + dt.timedelta(days=8)]
    week_3 = next(p for p in planned if p.day == MONDAY + dt.timedelta(days=14))
    assert week_3.exercises[1].dose == "3 sets of 6–8 (week 3 of 10)"


def test_a_planned_break_of_two_weeks_steps_the_nordic_back_two_weeks():
    """The issue's plan: Mon/Wed/Fri from 3 March, a break 17 March–6 April: week 2 on the
    12th, and after the break week 1 again, never week 6."""
    items = (ProgrammeExercise(NORDIC, sets=2, reps=5, added_on=MONDAY),)
    holiday = Pause(dt.date(2025, 3, 17), dt.date(2025, 4, 6), PauseReason.HOLIDAY)
    planned = prog.plan_sessions(items, start=MONDAY, weeks=6, weekdays=(0, 2, 4), pauses=[holiday])
    doses = {p.day: p.exercises[0].dose for p in planned}
    assert doses[dt.date(2025, 3, 12)] == "2 sets of 6 (week 2 of 10)"
    assert doses[dt.date(2025, 4, 7)] == "2 sets of 5 (week 1 of 10)"


def test_the_plan_counts_the_nordic_sessions_already_logged():
    items = (ProgrammeExercise(NORDIC, sets=2, reps=5, added_on=MONDAY),)
    done = [MONDAY + dt.timedelta(days=n) for n in (0, 7, 9)]
    planned = prog.plan_sessions(
        items, start=MONDAY + dt.timedelta(days=14), weeks=1, weekdays=(0, 2, 4), nordic_done=done
    )
    assert [p.exercises[0].dose for p in planned] == ["3 sets of 6–8 (week 3 of 10)"] * 3
