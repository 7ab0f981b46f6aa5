"""Suggestions to move on, step back or get a review (docs/rules.md §7), on hand-worked weeks
and from a real database. Today is Wednesday 19 March 2025: this week began on the 17th, the
last two complete weeks on the 3rd and the 10th."""

import datetime as dt

import pytest

from hamtrack import db as store
from hamtrack import progression as prog
from hamtrack.flags import Flag, FlagKind
from hamtrack.models import CheckIn, ExerciseDone, Phase, Region, Session
from hamtrack.progression import SuggestionKind, WeekSummary
from hamtrack.return_to_sport import Criterion, CriterionResult, Status

A, E, F, R = Phase.ACUTE, Phase.EARLY_REHAB, Phase.FUNCTIONAL, Phase.RETURN_TO_SPORT
MONDAY = dt.date(2025, 3, 3)
TODAY = dt.date(2025, 3, 19)
THIS, LAST, BEFORE = dt.date(2025, 3, 17), dt.date(2025, 3, 10), dt.date(2025, 3, 3)


def breach(day: dt.date, exercise: str = "bridge", pain: int = 6) -> Flag:
    return Flag(
        FlagKind.EXERCISE_PAIN,
        detail=f"{day:%a} {day.day} {day:%b %Y}: Glute bridge hurt {pain}/10.",
        day=day,
        exercise=exercise,
    )


def wk(start, *, met=True, breaches=(), n=6, ex_pain=1.0):
    """A week; `breaches` are day offsets from its Monday, one breach each."""
    flags = tuple(breach(start + dt.timedelta(days=d)) for d in breaches)
    return WeekSummary(start, met, 3 if met else 1, 3, flags, n, ex_pain if n else None)


GOOD = [wk(BEFORE), wk(LAST)]


@pytest.mark.parametrize(
    ("weeks", "phase", "since", "expected"),
    [
        (GOOD, E, BEFORE, F),
        (GOOD, A, dt.date(2025, 1, 1), E),
        ([wk(BEFORE, met=False), wk(LAST)], E, BEFORE, None),
        ([wk(BEFORE), wk(LAST, breaches=(1,))], E, BEFORE, None),
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
def test_the_next_phase_is_suggested_after_two_good_complete_weeks_in_this_phase(
    weeks, phase, since, expected
):
    found = prog.suggest_next_phase(weeks, phase=phase, phase_since=since, today=TODAY)
    assert (found.phase if found else None) == expected
    if found:
        assert found.kind is SuggestionKind.NEXT_PHASE
        assert len(found.reasons) == 3
        # The numbers it used: both weeks' days against the need, and the pain averaged.
        assert "the week of 3 March: 3 of 3 days" in found.reasons[0]
        assert "the week of 10 March: 3 of 3 days" in found.reasons[0]
        assert "exercises (the aim is 2 or less)" in found.reasons[2]


@pytest.mark.parametrize(
    ("weeks", "phase", "since", "expected"),
    [
        ([wk(THIS, breaches=(0, 1))], F, BEFORE, (SuggestionKind.STEP_BACK, E)),
        ([wk(LAST, breaches=(0, 2, 4))], E, BEFORE, (SuggestionKind.STEP_BACK, A)),
        # One bad session with two painful exercises is one day, not two breaches.
        ([wk(THIS, breaches=(1, 1))], F, BEFORE, None),
        ([wk(BEFORE, breaches=(0, 1, 2, 3))], F, BEFORE, None),
        ([wk(LAST, breaches=(4,)), wk(THIS, breaches=(0,))], F, BEFORE, None),
        ([wk(THIS, breaches=(0, 1))], A, BEFORE, (SuggestionKind.SEE_PROFESSIONAL, None)),
        ([wk(THIS, breaches=(0, 1))], None, None, None),
    ],
)
def test_a_step_back_is_suggested_after_breaches_on_two_different_days_of_one_week(
    weeks, phase, since, expected
):
    found = prog.suggest_step_back(weeks, phase=phase, phase_since=since, today=TODAY)
    assert ((found.kind, found.phase) if found else None) == expected
    if found:
        assert "Pain warnings on" in found.reasons[0]
        assert "different days" in found.reasons[0]
        assert "hurt 6/10" in found.reasons[0]  # the numbers it used


def test_the_review_suggestion_is_the_persistent_pain_flag_in_its_own_words():
    flag = Flag(
        FlagKind.PERSISTENT_PAIN,
        detail="Your weekly average pain has not eased by 2 points in 6 weeks (5.1/10 …).",
        week=LAST,
    )
    found = prog.suggest_review(flag)
    assert found.kind is SuggestionKind.SEE_PROFESSIONAL
    assert found.reasons[0] == flag.detail
    assert prog.suggest_review(None) is None


def test_stepping_back_outranks_moving_on_and_a_review_comes_alongside():
    weeks = [wk(BEFORE), wk(LAST), wk(THIS, breaches=(0, 1))]
    persistent = Flag(FlagKind.PERSISTENT_PAIN, detail="Fact.", week=LAST)
    found = prog.suggestions(
        weeks, phase=E, phase_since=dt.date(2025, 1, 6), today=TODAY, persistent=persistent
    )
    assert [s.kind for s in found] == [SuggestionKind.STEP_BACK, SuggestionKind.SEE_PROFESSIONAL]


def test_good_weeks_alone_suggest_only_moving_on():
    found = prog.suggestions(GOOD, phase=E, phase_since=BEFORE, today=TODAY)
    assert [(s.kind, s.phase) for s in found] == [(SuggestionKind.NEXT_PHASE, F)]


def criterion(status: Status, text: str = "bridge: 22 right vs 22 left, 100 %") -> CriterionResult:
    return CriterionResult(Criterion.BRIDGE, status, text)


MET = (criterion(Status.MET),) * 6


@pytest.mark.parametrize(
    ("checklist", "moves"),
    [
        (MET, True),
        ((*MET[:5], criterion(Status.NOT_MET, "bridge: 17 right vs 22 left, 77 %")), False),
        ((*MET[:5], criterion(Status.MISSING, "bridge: no test logged yet")), False),
        ((), False),
    ],
)
def test_moving_into_return_to_sport_needs_the_checklist_met(checklist, moves):
    """docs/rules.md §9: good weeks in functional retraining suggest the move only when every
    criterion of the checklist is met; each criterion is listed with its entry either way."""
    found = prog.suggestions(GOOD, phase=F, phase_since=BEFORE, today=TODAY, checklist=checklist)
    assert [s.kind for s in found] == [SuggestionKind.NEXT_PHASE]
    assert (found[0].phase is R) is moves
    for result in checklist:
        assert f"{result.status.label}: {result.text[0].upper()}{result.text[1:]}." in (
            found[0].reasons
        )
    assert not any("cleared" in reason.lower() for reason in found[0].reasons)


def test_the_checklist_leaves_the_other_phase_steps_alone():
    found = prog.suggestions(GOOD, phase=E, phase_since=BEFORE, today=TODAY, checklist=())
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


def test_weeks_read_from_the_logs_carry_target_breaches_and_exercise_pain(fresh_db):
    store.set_phase(fresh_db, F, day=dt.date(2025, 2, 1), today=TODAY)
    for k in (0, 2, 4):  # week of 3 March: three sessions, pain 1 and 3
        _log(fresh_db, BEFORE + dt.timedelta(days=k), 1, 3, morning=2)
    _log(fresh_db, LAST, 6, morning=2)  # week of 10 March: one session, one breach
    _log(fresh_db, LAST + dt.timedelta(days=1), morning=4)  # 2 points worse: a breach
    weeks = {w.start: w for w in prog.logged_weeks(fresh_db, today=TODAY).weeks}
    assert (weeks[BEFORE].target_met, weeks[BEFORE].session_days) == (True, 3)
    assert (weeks[BEFORE].exercises_logged, weeks[BEFORE].exercise_pain_mean) == (6, 2.0)
    assert weeks[BEFORE].breaches == ()
    assert (weeks[LAST].target_met, weeks[LAST].exercise_pain_mean) == (False, 6.0)
    assert [f.kind for f in weeks[LAST].breaches] == [
        FlagKind.EXERCISE_PAIN,
        *[FlagKind.NEXT_MORNING_WORSE] * 3,  # one per region
    ]
    assert len(weeks[LAST].breach_days) == 2
    assert weeks[THIS].exercises_logged == 0


def test_breaches_before_the_current_phase_are_not_counted(fresh_db):
    _log(fresh_db, LAST, 6, 7)
    both = {w.start: w.breaches for w in prog.logged_weeks(fresh_db, today=TODAY).weeks}
    later = {
        w.start: w.breaches
        for w in prog.logged_weeks(fresh_db, today=TODAY, since=LAST + dt.timedelta(days=1)).weeks
    }
    assert (len(both[LAST]), later[LAST]) == (2, ())


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
    ("weekly", "review"),
    [
        ((5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 4.5), True),  # 4.3 is not 2 below 5
        ((2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0), False),  # mild pain never asks for a review
        ((6.0, 6.0, 5.0, 5.0, 5.0, 4.5, 4.0), False),
    ],
)
def test_the_review_follows_the_persistent_pain_rule_from_the_database(fresh_db, weekly, review):
    store.set_phase(fresh_db, E, day=dt.date(2025, 1, 1), today=TODAY)
    first = LAST - dt.timedelta(weeks=6)
    for n, mean in enumerate(weekly):
        for d in range(3):
            day = first + dt.timedelta(weeks=n, days=d)
            pain = {Region.LEFT_HAMSTRING: int(mean), Region.RIGHT_HAMSTRING: 0, Region.LOW_BACK: 0}
            if mean != int(mean) and d == 0:
                pain[Region.LEFT_HAMSTRING] = int(mean) + 1  # a higher first day: 5, 4, 4
            store.add_check_in(fresh_db, CheckIn(day, dt.time(8), pain, 1), today=TODAY)
    kinds = [s.kind for s in prog.read_standing(fresh_db, today=TODAY).suggestions]
    assert (SuggestionKind.SEE_PROFESSIONAL in kinds) is review


def test_a_missing_injury_profile_is_named_once_for_every_criterion_it_holds_up():
    """docs/rules.md §9: before the injured side is set, one line says so for all of them."""
    reason = "set the injured side in your injury profile to compare the legs"
    checklist = (
        CriterionResult(Criterion.NO_PAIN, Status.MISSING, f"pain: {reason}"),
        CriterionResult(Criterion.BRIDGE, Status.MISSING, f"bridge: {reason}"),
        CriterionResult(Criterion.RUNNING, Status.MET, "running: done"),
    )
    (found,) = prog.suggestions(GOOD, phase=F, phase_since=BEFORE, today=TODAY, checklist=checklist)
    assert found.phase is None
    assert found.reasons[-2:] == (
        "Met: Running: done.",
        f"Not enough in your logs: Pain, bridge: {reason}.",
    )
