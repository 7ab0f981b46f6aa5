"""The Nordic protocol as a sequence of 27 sessions that follows the sessions logged
(Petersen et al. 2011; docs/rules.md §1)."""

import datetime as dt

import pytest

from hamtrack.models import Phase
from hamtrack.nordic import (
    SESSIONS_IN_PROTOCOL,
    dose_at,
    next_session,
    nordic_dose,
    nordic_progression,
    nordic_too_early,
)

D = dt.date
A, E, F, R = Phase.ACUTE, Phase.EARLY_REHAB, Phase.FUNCTIONAL, Phase.RETURN_TO_SPORT
MONDAY = D(2025, 3, 3)


def on(*offsets: int) -> list[dt.date]:
    return [MONDAY + dt.timedelta(days=n) for n in offsets]


@pytest.mark.parametrize(
    ("session", "week", "sessions", "sets", "reps_text", "reps"),
    [
        (1, 1, 1, 2, "5", 5),
        (2, 2, 2, 2, "6", 6),
        (3, 2, 2, 2, "6", 6),
        (4, 3, 3, 3, "6–8", 6),
        (7, 4, 3, 3, "8–10", 8),
        (10, 5, 3, 3, "12, 10, 8", 10),
        (27, 10, 3, 3, "12, 10, 8", 10),
        (28, 11, 1, 3, "12, 10, 8", 10),
        (400, 11, 1, 3, "12, 10, 8", 10),
    ],
)
def test_each_place_of_the_sequence_has_its_published_dose(
    session, week, sessions, sets, reps_text, reps
):
    dose = dose_at(session)
    assert (dose.week, dose.sessions_per_week, dose.sets, dose.reps_text, dose.reps_per_set) == (
        week,
        sessions,
        sets,
        reps_text,
        reps,
    )


def test_the_ten_weeks_are_27_sessions():
    assert SESSIONS_IN_PROTOCOL == 27
    assert sum(int(row[1]) for row in nordic_progression()[:4]) + 6 * 3 == 27


SEQUENCE_TABLE = [
    # (case, days with a Nordic session (days after Monday 3 March 2025), the day asked about,
    #  the place of a session that day)
    ("the first session", [], 0, 1),
    ("one a week moves on one place a week", [0, 7], 14, 3),
    ("week 1 holds one session: three in it move on one", [0, 2, 4], 7, 2),
    ("a second session in week 1 repeats the first dose", [0], 2, 1),
    ("weeks under target never raise the dose", [0, 7, 14, 21, 28], 35, 6),
    ("a missed week does not raise the dose", [0, 7, 8], 21, 4),
    ("13 days without one: no step back", [0, 7, 8, 14, 16, 18], 31, 7),
    ("14 days without one: two protocol weeks earlier", [0, 7, 8, 14, 16, 18], 32, 2),
    ("a lay-off in week 1 or 2 goes back to the start", [0, 7], 30, 1),
    ("a lay-off after the ten weeks resumes at week 9", list(range(0, 200, 2)), 230, 22),
]


@pytest.mark.parametrize(
    ("done", "day", "place"),
    [case[1:] for case in SEQUENCE_TABLE],
    ids=[case[0] for case in SEQUENCE_TABLE],
)
def test_the_dose_follows_nordic_sessions_logged_never_the_calendar(done, day, place):
    assert next_session(on(*done), on=MONDAY + dt.timedelta(days=day)) == place


def test_the_issues_pause_never_raises_the_dose():
    """Added on 3 March, Mon/Wed/Fri, a pause 17 March–6 April: 2 sets of 6 (week 2) on the
    12th, and on 7 April not week 6 but two protocol weeks back."""
    done = on(0, 2, 4, 7, 9, 11)
    assert nordic_dose(done, on=D(2025, 3, 12)).session_text == "2 sets of 6 (week 2 of 10)"
    after = nordic_dose(done, on=D(2025, 4, 7))
    assert after.week == 1
    assert after.session_text == "2 sets of 5 (week 1 of 10)"


@pytest.mark.parametrize(
    ("session", "target", "text"),
    [
        (1, 3, "Week 1 of 10: 1 session a week, 2 sets of 5"),
        (4, 3, "Week 3 of 10: 3 sessions a week, 3 sets of 6–8"),
        (
            4,
            2,
            "Week 3 of 10: 2 sessions a week (your weekly target is 2; the protocol has 3, so "
            "the build-up takes longer), 3 sets of 6–8",
        ),
        (10, 7, "Week 5 of 10: 3 sessions a week, 3 sets of 12, 10 and 8 reps"),
        (30, 3, "After the 10 weeks, keeping it up: 1 session a week, 3 sets of 12, 10 and 8 reps"),
    ],
)
def test_the_dose_says_how_many_sessions_a_week_the_plan_really_holds(session, target, text):
    """Never "3 sessions this week" with a weekly target of 2."""
    assert dose_at(session).text(target) == text


@pytest.mark.parametrize(
    ("phase", "warns"), [(None, True), (A, True), (E, True), (F, True), (R, False)]
)
def test_the_nordic_exercise_warns_before_the_late_phase(phase, warns):
    message = nordic_too_early(phase)
    assert (message is not None) is warns
    if message and phase is not None:
        assert phase.label.lower() in message
        assert "return-to-sport" in message
