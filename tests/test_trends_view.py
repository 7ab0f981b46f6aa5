"""The Trends page's view model: which weeks it covers and what it holds for each range."""

import datetime as dt

import pandas as pd
import pytest

from hamtrack import db as store
from hamtrack.flags import FlagKind
from hamtrack.models import CheckIn, ExerciseDone, ProgrammeExercise, Region, Session
from hamtrack.trends_view import DAILY_POINTS_MAX_WEEKS, exercise_line, read_trends_view

D = dt.date
TODAY = D(2025, 3, 19)  # Wednesday of 2025-W12


def check_in(day: dt.date, pain: int) -> CheckIn:
    return CheckIn(
        day=day,
        time=dt.time(8, 0),
        pain={Region.LEFT_HAMSTRING: pain, Region.RIGHT_HAMSTRING: 0, Region.LOW_BACK: 0},
        stiffness=1,
    )


def session(day: dt.date, pain: int = 1) -> Session:
    return Session(day=day, exercises=(ExerciseDone("bridge", pain_during=pain, sets=2, reps=10),))


@pytest.fixture
def year_of_logs(fresh_db):
    """A check-in every day and three sessions a week for 60 weeks up to TODAY."""
    first = D(2024, 1, 15)
    days = [first + dt.timedelta(days=n) for n in range((TODAY - first).days + 1)]
    store.store_bundle(
        fresh_db,
        store.Bundle(
            check_ins=tuple(check_in(d, 3) for d in days),
            sessions=tuple(
                session(d, 6 if d == D(2025, 3, 17) else 1)
                for d in days
                if d.weekday() in (0, 2, 4)
            ),
            programme=(ProgrammeExercise("bridge", sets=2, reps=10, added_on=first),),
        ),
        today=TODAY,
    )
    return fresh_db


def test_nothing_logged_is_an_empty_view(fresh_db):
    view = read_trends_view(fresh_db, today=TODAY, weeks=12)
    assert view.is_empty
    assert view.this_week is None
    assert view.flags == ()


@pytest.mark.parametrize(
    ("weeks", "since", "rows"),
    [(4, D(2025, 2, 24), 4), (12, D(2024, 12, 30), 12), (None, D(2024, 1, 15), 62)],
)
def test_a_range_shows_its_weeks_from_monday_to_this_week(year_of_logs, weeks, since, rows):
    view = read_trends_view(year_of_logs, today=TODAY, weeks=weeks)
    assert view.since == since
    assert len(view.adherence) == rows
    assert len(view.pain_weekly) == rows
    assert view.adherence["week"].iloc[-1] == "2025-W12"


def test_a_range_reaching_before_the_first_log_starts_at_the_first_logged_week(fresh_db):
    store.store_bundle(fresh_db, store.Bundle(check_ins=(check_in(D(2025, 3, 5), 4),)), today=TODAY)
    view = read_trends_view(fresh_db, today=TODAY, weeks=52)
    assert view.since == D(2025, 3, 3)
    assert view.adherence["week"].tolist() == ["2025-W10", "2025-W11", "2025-W12"]
    assert view.sessions_logged == 0
    assert view.pain_days == 1


def test_ranges_over_a_year_send_weekly_ranges_instead_of_daily_points(year_of_logs):
    short = read_trends_view(year_of_logs, today=TODAY, weeks=12)
    assert len(short.pain_daily) == 12 * 7 - 4  # Thursday to Sunday of this week are to come
    whole = read_trends_view(year_of_logs, today=TODAY, weeks=None)
    assert len(whole.adherence) > DAILY_POINTS_MAX_WEEKS
    assert whole.pain_daily.empty
    assert whole.pain_days > 400


def test_the_view_holds_this_weeks_adherence_the_streak_and_the_flags_in_range(year_of_logs):
    view = read_trends_view(year_of_logs, today=TODAY, weeks=4)
    assert (view.this_week.session_days, view.this_week.sessions_needed) == (2, 3)
    assert view.this_week.streak == 61  # all 61 finished weeks met; this one is in progress
    assert [(f.kind, f.day) for f in view.flags] == [(FlagKind.EXERCISE_PAIN, D(2025, 3, 17))]
    assert view.pain_trend.earlier == view.pain_trend.later == 3.0
    assert not view.pain_trend.meaningful
    assert view.persistent is None  # 3/10 is mild pain: the review rule starts at 4
    assert (view.pain_trend.later_week, view.pain_so_far.days) == (D(2025, 3, 10), 3)
    # Mondays, Wednesdays and Fridays from 24 February to today: 11 sessions, bridge in each.
    assert view.exercises[["times_done", "session_days"]].values.tolist() == [[11, 11]]
    assert view.volume["volume"].tolist() == [60.0, 60.0, 60.0, 40.0]


def test_an_exercise_line_says_how_often_how_much_and_how_it_felt():
    row = pd.Series(
        {
            "unit": "reps",
            "in_programme": True,
            "times_done": 8,
            "session_days": 10,
            "typical": 25.0,
            "prescribed": 30.0,
            "band_latest": 2,
            "pain_mean": 1.25,
        }
    )
    assert exercise_line(row) == (
        "done in 8 of 10 sessions; usually 25 reps (programme: 30); band: light; "
        "pain during 1.3/10 on average."
    )
    extra = pd.Series(
        {
            **row.to_dict(),
            "unit": "seconds",
            "in_programme": False,
            "times_done": 1,
            "prescribed": None,
            "band_latest": 0,
            "typical": 90.0,
        }
    )
    assert exercise_line(extra) == (
        "done 1 time (not in your programme); usually 90 s held; pain during 1.3/10 on average."
    )
