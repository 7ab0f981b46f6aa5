"""Programme rules: phase defaults, doses, the Nordic progression, plans and suggestions."""

import datetime as dt
import itertools

import pandas as pd
import pytest

from hamtrack import db as store
from hamtrack import programme as prog
from hamtrack.catalogue import EXERCISES, exercises_for_phase
from hamtrack.flags import persistent_pain
from hamtrack.models import (
    CheckIn,
    ExerciseDone,
    Pause,
    PauseReason,
    Phase,
    ProgrammeExercise,
    Region,
    Session,
    Side,
)
from hamtrack.programme import SuggestionKind, WeekSummary

A, E, F, R = Phase.ACUTE, Phase.EARLY_REHAB, Phase.FUNCTIONAL, Phase.RETURN_TO_SPORT
MONDAY = dt.date(2025, 3, 3)

# ---------------------------------------------------------------------------------------------
# Nordic progression (Petersen et al. 2011, domain §3).


@pytest.mark.parametrize(
    ("days_in", "week", "sessions", "sets", "reps_text", "reps"),
    [
        (0, 1, 1, 2, "5", 5),
        (6, 1, 1, 2, "5", 5),
        (7, 2, 2, 2, "6", 6),
        (14, 3, 3, 3, "6–8", 6),
        (21, 4, 3, 3, "8–10", 8),
        (28, 5, 3, 3, "12, 10, 8", 10),
        (69, 10, 3, 3, "12, 10, 8", 10),
        (70, 11, 1, 3, "12, 10, 8", 10),
        (400, 58, 1, 3, "12, 10, 8", 10),
        (-5, 1, 1, 2, "5", 5),
    ],
)
def test_the_nordic_dose_follows_the_published_weekly_progression(
    days_in, week, sessions, sets, reps_text, reps
):
    dose = prog.nordic_dose(MONDAY, MONDAY + dt.timedelta(days=days_in))
    assert (dose.week, dose.sessions_per_week, dose.sets, dose.reps_text, dose.reps_per_set) == (
        week,
        sessions,
        sets,
        reps_text,
        reps,
    )


def test_the_first_ten_weeks_add_up_to_the_published_27_sessions():
    weekly = [prog.nordic_dose(MONDAY, MONDAY + dt.timedelta(weeks=w)) for w in range(10)]
    assert sum(d.sessions_per_week for d in weekly) == 27


@pytest.mark.parametrize(
    ("days_in", "text", "session_text"),
    [
        (0, "Week 1 of 10: 1 session this week, 2 sets of 5", "2 sets of 5 (week 1 of 10)"),
        (15, "Week 3 of 10: 3 sessions this week, 3 sets of 6–8", "3 sets of 6–8 (week 3 of 10)"),
        (
            30,
            "Week 5 of 10: 3 sessions this week, 3 sets of 12, 10 and 8 reps",
            "3 sets of 12, 10 and 8 reps (week 5 of 10)",
        ),
        (
            77,
            "Week 12, keeping it up: 1 session this week, 3 sets of 12, 10 and 8 reps",
            "3 sets of 12, 10 and 8 reps (week 12, keeping it up)",
        ),
    ],
)
def test_the_nordic_dose_reads_as_plain_words(days_in, text, session_text):
    dose = prog.nordic_dose(MONDAY, MONDAY + dt.timedelta(days=days_in))
    assert dose.text == text
    assert dose.session_text == session_text


@pytest.mark.parametrize(
    ("phase", "warns"), [(None, True), (A, True), (E, True), (F, True), (R, False)]
)
def test_the_nordic_exercise_warns_before_the_late_phase(phase, warns):
    message = prog.nordic_too_early(phase)
    assert (message is not None) is warns
    if message and phase is not None:
        assert phase.label.lower() in message
        assert "return-to-sport" in message


# ---------------------------------------------------------------------------------------------
# A phase's programme and doses.


@pytest.mark.parametrize("phase", list(Phase))
def test_a_phase_programme_is_its_exercises_at_catalogue_doses(phase):
    items = prog.default_programme(phase, today=MONDAY)
    assert [i.exercise for i in items] == [e.slug for e in exercises_for_phase(phase)]
    for item in items:
        exercise = EXERCISES[item.exercise]
        assert item.added_on == MONDAY
        if item.exercise != prog.NORDIC:
            assert (item.sets, item.reps, item.hold_s) == (
                exercise.dose_sets,
                exercise.dose_reps,
                exercise.dose_hold_s,
            )


def test_the_nordic_exercise_starts_at_week_one_of_its_progression():
    [nordic] = [i for i in prog.default_programme(R, today=MONDAY) if i.exercise == prog.NORDIC]
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


def test_todays_programme_gives_the_nordic_exercise_this_weeks_dose():
    items = (
        ProgrammeExercise("wall-stretch", sets=2, hold_s=40, added_on=MONDAY),
        ProgrammeExercise(prog.NORDIC, sets=2, reps=5, added_on=MONDAY),
    )
    wall, nordic = prog.todays_programme(items, today=MONDAY + dt.timedelta(days=22))
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
            ProgrammeExercise(prog.NORDIC, sets=9, reps=9, added_on=MONDAY),
            "Week 1 of 10: 1 session this week, 2 sets of 5",
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


def test_the_summary_table_lists_every_exercise_with_purpose_and_phases():
    rows = prog.summary_table()
    assert [r.slug for r in rows] == list(EXERCISES)
    stretch = rows[0]
    assert stretch.phases == "All phases (gently in the acute phase)"
    assert next(r for r in rows if r.slug == "standing-hip-extension").phases == (
        "Early rehab, functional retraining"
    )


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


def test_the_nordic_exercise_joins_only_as_many_sessions_as_its_week_asks():
    items = (
        ProgrammeExercise("wall-stretch", sets=2, hold_s=30, added_on=MONDAY),
        ProgrammeExercise(prog.NORDIC, sets=2, reps=5, added_on=MONDAY),
    )
    planned = prog.plan_sessions(items, start=MONDAY, weeks=10, weekdays=range(7))
    nordic_days = [p.day for p in planned if any(e.slug == prog.NORDIC for e in p.exercises)]
    assert len(planned) == 70
    assert len(nordic_days) == 27
    assert nordic_days[:3] == [MONDAY, MONDAY + dt.timedelta(days=7), MONDAY + dt.timedelta(days=8)]
    week_3 = next(p for p in planned if p.day == MONDAY + dt.timedelta(days=14))
    assert week_3.exercises[1].dose == "3 sets of 6–8 (week 3 of 10)"


# ---------------------------------------------------------------------------------------------
# Progression suggestions, on hand-worked weeks. Today is Wednesday 19 March 2025: this week
# began on the 17th, the last two full weeks on the 3rd and the 10th.

TODAY = dt.date(2025, 3, 19)
THIS, LAST, BEFORE = dt.date(2025, 3, 17), dt.date(2025, 3, 10), dt.date(2025, 3, 3)


def wk(start, *, met=True, breaches=0, n=6, ex_pain=1.0, pain=None):
    return WeekSummary(start, met, breaches, n, ex_pain if n else None, pain)


GOOD = [wk(BEFORE), wk(LAST)]


@pytest.mark.parametrize(
    ("weeks", "phase", "since", "expected"),
    [
        (GOOD, E, BEFORE, F),
        (GOOD, A, dt.date(2025, 1, 1), E),
        ([wk(BEFORE, met=False), wk(LAST)], E, BEFORE, None),
        ([wk(BEFORE), wk(LAST, breaches=1)], E, BEFORE, None),
        ([wk(BEFORE, ex_pain=2.5), wk(LAST, ex_pain=2.5)], E, BEFORE, None),
        ([wk(BEFORE, ex_pain=2.0), wk(LAST, ex_pain=2.0)], E, BEFORE, F),
        # Weighted by exercises logged: (10 × 1.0 + 2 × 5.0) / 12 = 1.67.
        ([wk(BEFORE, n=10, ex_pain=1.0), wk(LAST, n=2, ex_pain=5.0)], E, BEFORE, F),
        ([wk(BEFORE, n=2, ex_pain=5.0), wk(LAST, n=2, ex_pain=1.0)], E, BEFORE, None),
        ([wk(BEFORE, n=0), wk(LAST, n=0)], E, BEFORE, None),
        ([wk(LAST)], E, BEFORE, None),
        (GOOD, E, dt.date(2025, 3, 4), None),
        (GOOD, R, BEFORE, None),
        (GOOD, None, None, None),
        ([wk(LAST), wk(THIS)], E, BEFORE, None),
    ],
)
def test_the_next_phase_is_suggested_after_two_good_full_weeks_in_this_phase(
    weeks, phase, since, expected
):
    found = prog.suggest_next_phase(weeks, phase=phase, phase_since=since, today=TODAY)
    assert (found.phase if found else None) == expected
    if found:
        assert found.kind is SuggestionKind.NEXT_PHASE
        assert len(found.reasons) == 3
        assert "3 March" in found.reasons[0]
        assert "10 March" in found.reasons[0]


@pytest.mark.parametrize(
    ("weeks", "phase", "since", "expected"),
    [
        ([wk(THIS, breaches=2)], F, BEFORE, (SuggestionKind.STEP_BACK, E)),
        ([wk(LAST, breaches=3)], E, BEFORE, (SuggestionKind.STEP_BACK, A)),
        ([wk(BEFORE, breaches=4)], F, BEFORE, None),
        ([wk(LAST, breaches=1), wk(THIS, breaches=1)], F, BEFORE, None),
        ([wk(LAST, breaches=2)], F, THIS, None),
        ([wk(LAST, breaches=2)], F, dt.date(2025, 3, 16), (SuggestionKind.STEP_BACK, E)),
        ([wk(THIS, breaches=2)], A, BEFORE, (SuggestionKind.SEE_PROFESSIONAL, None)),
        ([wk(THIS, breaches=2)], None, None, None),
    ],
)
def test_a_step_back_is_suggested_after_two_breaches_in_a_recent_week_of_this_phase(
    weeks, phase, since, expected
):
    found = prog.suggest_step_back(weeks, phase=phase, phase_since=since, today=TODAY)
    assert ((found.kind, found.phase) if found else None) == expected
    if found:
        assert "pain warnings" in found.reasons[0]


def _pains(*means, last=LAST):
    """Weeks ending with `last`, oldest first, with these weekly mean pains (None: no data)."""
    start = last - dt.timedelta(weeks=len(means) - 1)
    return [wk(start + dt.timedelta(weeks=i), pain=p) for i, p in enumerate(means) if p is not None]


@pytest.mark.parametrize(
    ("weeks", "reasons"),
    [
        (_pains(5, 5, 4.5, 4.5, 4, 3.5), ["less than the 2 points"]),
        (_pains(5, 5, 4.5, 4.5, 4, 3), []),
        (_pains(5, None, None, None, None, 4), ["less than the 2 points"]),
        (_pains(None, 3, 2, 2, 2, 2), []),
        (_pains(2, 3, 4), ["rose two weeks running"]),
        (_pains(5, 4, 4, 2, 3, 4), ["less than the 2 points", "rose two weeks running"]),
        (_pains(2, 3, 3), []),
        (_pains(2.01, 2.02, 2.04), []),
        (_pains(1.5, 1.5, 1.5, 1.5, 1.5, 1.5), []),
        (_pains(3.5, 3, 2.5, 2.5, 2, 2), ["less than the 2 points"]),
        (_pains(3.96, 3, 2.5, 2.5, 2, 1.96), []),
        (_pains(0.8, 1.2, 1.9), []),
        (_pains(2, 3, None, 4), []),
        (_pains(2, 2, 2, 2, 2, 2, last=THIS), []),
    ],
)
def test_a_professional_review_is_suggested_when_pain_persists(weeks, reasons):
    found = prog.suggest_review(weeks, today=TODAY)
    if not reasons:
        assert found is None
        return
    assert found.kind is SuggestionKind.SEE_PROFESSIONAL
    assert len(found.reasons) == len(reasons) + 1
    for reason, text in zip(reasons, found.reasons, strict=False):
        assert reason in text


def test_stepping_back_outranks_moving_on_and_a_review_comes_alongside():
    weeks = [
        wk(BEFORE - dt.timedelta(weeks=4), pain=3),
        wk(BEFORE, pain=3),
        wk(LAST, pain=4),
        wk(THIS, breaches=2),
    ]
    found = prog.suggestions(weeks, phase=E, phase_since=dt.date(2025, 1, 6), today=TODAY)
    assert [s.kind for s in found] == [SuggestionKind.STEP_BACK, SuggestionKind.SEE_PROFESSIONAL]


def test_good_weeks_alone_suggest_only_moving_on():
    found = prog.suggestions(GOOD, phase=E, phase_since=BEFORE, today=TODAY)
    assert [(s.kind, s.phase) for s in found] == [(SuggestionKind.NEXT_PHASE, F)]


# ---------------------------------------------------------------------------------------------
# Reading the weeks from a real database, through adherence, trends and flags.


@pytest.mark.parametrize(
    ("changes", "since"),
    [
        ([], None),
        ([(MONDAY, A)], MONDAY),
        ([(MONDAY, A), (MONDAY + dt.timedelta(days=9), E)], MONDAY + dt.timedelta(days=9)),
        ([(MONDAY, E), (MONDAY + dt.timedelta(days=9), E)], MONDAY),
        ([(MONDAY, E), (MONDAY + dt.timedelta(days=3), A), (TODAY, E)], TODAY),
    ],
)
def test_the_current_phase_starts_at_the_last_change_to_another_phase(changes, since):
    assert prog.phase_since(changes) == since


def _log(db, day, *pains, morning=None):
    if pains:
        exercises = tuple(
            ExerciseDone(slug, pain_during=p, sets=2, reps=10)
            for slug, p in zip(("bridge", "standing-hip-extension"), pains, strict=False)
        )
        store.add_session(db, Session(day, exercises), today=TODAY)
    if morning is not None:
        pain = dict.fromkeys(Region, morning)
        store.add_check_in(db, CheckIn(day, dt.time(8), pain, 1), today=TODAY)


def test_weeks_read_from_the_logs_carry_target_breaches_and_pain(fresh_db):
    store.set_phase(fresh_db, F, day=dt.date(2025, 2, 1), today=TODAY)
    for k in (0, 2, 4):  # week of 3 March: three sessions, pain 1 and 3
        _log(fresh_db, BEFORE + dt.timedelta(days=k), 1, 3, morning=2)
    _log(fresh_db, LAST, 6, morning=2)  # week of 10 March: one session, one breach
    _log(fresh_db, LAST + dt.timedelta(days=1), morning=3)  # next morning worse: a breach
    weeks = {w.start: w for w in prog.progress_weeks(fresh_db, today=TODAY)}
    assert weeks[BEFORE] == WeekSummary(BEFORE, True, 0, 6, 2.0, 2.0)
    assert weeks[LAST] == WeekSummary(LAST, False, 2, 1, 6.0, 2.5)
    assert weeks[THIS].exercises_logged == 0


def test_breaches_before_the_current_phase_are_not_counted(fresh_db):
    _log(fresh_db, LAST, 6, 7)
    both = {w.start: w.breaches for w in prog.progress_weeks(fresh_db, today=TODAY)}
    later = {
        w.start: w.breaches
        for w in prog.progress_weeks(fresh_db, today=TODAY, since=LAST + dt.timedelta(days=1))
    }
    assert (both[LAST], later[LAST]) == (2, 0)


def test_the_standing_reads_phase_since_and_suggestions_from_the_database(fresh_db):
    store.set_phase(fresh_db, E, day=dt.date(2025, 2, 1), today=TODAY)
    for monday in (BEFORE, LAST):
        for k in (0, 2, 4):
            _log(fresh_db, monday + dt.timedelta(days=k), 1, 2)
    standing = prog.read_standing(fresh_db, today=TODAY)
    assert (standing.phase, standing.since) == (E, dt.date(2025, 2, 1))
    assert [(s.kind, s.phase) for s in standing.suggestions] == [(SuggestionKind.NEXT_PHASE, F)]


def test_a_new_database_has_no_phase_and_no_suggestion(fresh_db):
    assert prog.read_standing(fresh_db, today=TODAY) == prog.Standing(None, None, ())


@pytest.mark.parametrize(
    "means",
    [
        (5, 5, 4.5, 4.5, 4, 3.5),
        (5, 4, 4, 2, 3, 4),
        (2, 3, 4),
        (3.96, 3, 2.5, 2.5, 2, 1.96),
        (1.5, 1.5, 1.5, 1.5, 1.5, 1.5),
        (4.25, 4, 3, 2.3, 2.25, 2.26),
        (6, 5, 4, 3, 2.5, 2),
    ],
)
def test_the_review_suggestion_agrees_with_the_persistent_pain_flag(means):
    weeks = _pains(*means)
    frame = pd.DataFrame(
        {
            "week_start": pd.to_datetime([w.start for w in weeks]),
            "pain_mean": [w.pain_mean for w in weeks],
        }
    )
    flagged = persistent_pain(frame, today=TODAY) is not None
    assert (prog.suggest_review(weeks, today=TODAY) is not None) is flagged
