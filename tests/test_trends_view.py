"""The Trends page's view model: which weeks it covers and what it holds for each range."""

import dataclasses
import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlite_reads import tables_read

from hamtrack import db as store
from hamtrack import demo, trends_view
from hamtrack.flags import FlagKind
from hamtrack.models import (
    CheckIn,
    ExerciseDone,
    Pause,
    PauseReason,
    ProgrammeExercise,
    Region,
    Session,
)
from hamtrack.trends_view import (
    DAILY_POINTS_MAX_WEEKS,
    dose_words,
    exercise_line,
    pain_in_words,
    read_trends_view,
    scores_in_words,
    sessions_in_words,
    volume_in_words,
)
from hamtrack.weeks import date_text

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
            "exercise": "bridge",
            "unit": "reps",
            "in_programme": True,
            "times_done": 8,
            "session_days": 10,
            "usual_sets": 3.0,
            "usual_per_set": 10.0,
            "programme_sets": 3.0,
            "programme_per_set": 12.0,
            "band_latest": 2,
            "pain_mean": 1.25,
        }
    )
    assert exercise_line(row) == (
        "done in 8 of 10 sessions; usually 3 sets of 10 reps (programme: 3 sets of 12 reps); "
        "band: light; pain during 1.3/10 on average."
    )
    extra = pd.Series(
        {
            **row.to_dict(),
            "exercise": "wall-stretch",
            "unit": "seconds",
            "in_programme": False,
            "times_done": 1,
            "usual_sets": 1.0,
            "usual_per_set": 90.0,
            "programme_sets": None,
            "programme_per_set": None,
            "band_latest": 0,
        }
    )
    assert exercise_line(extra) == (
        "done 1 time (not in your programme); usually 1 hold of 90 s; "
        "pain during 1.3/10 on average."
    )


@pytest.mark.parametrize(
    ("logged", "planned", "expected"),
    [
        # (sets × reps logged in sessions, programme sets × reps, the words)
        ([(3, 10)], (3, 10), "usually 3 sets of 10 reps, as in your programme;"),
        # Two entries the same day add their sets; the set stays a set.
        ([(2, 10), (1, 10)], (3, 12), "usually 3 sets of 10 reps (programme: 3 sets of 12 reps)"),
        ([(1, 30)], (3, 10), "usually 1 set of 30 reps (programme: 3 sets of 10 reps)"),
        # 13 sets of 10 is not the programme's 3 sets of 10.
        ([(13, 10)], (3, 10), "usually 13 sets of 10 reps (programme: 3 sets of 10 reps)"),
    ],
)
def test_doses_are_compared_set_for_set_never_a_total_with_a_set(
    fresh_db, logged, planned, expected
):
    day = D(2025, 3, 17)
    store.store_bundle(
        fresh_db,
        store.Bundle(
            sessions=(
                Session(
                    day=day,
                    exercises=tuple(
                        ExerciseDone("bridge", pain_during=1, sets=sets, reps=reps)
                        for sets, reps in logged
                    ),
                ),
            ),
            programme=(
                ProgrammeExercise("bridge", sets=planned[0], reps=planned[1], added_on=day),
            ),
        ),
        today=TODAY,
    )
    view = read_trends_view(fresh_db, today=TODAY, weeks=4)
    (line,) = [exercise_line(row) for _, row in view.exercises.iterrows()]
    assert expected in line


def test_the_nordic_exercise_is_compared_with_its_own_build_up(fresh_db):
    day = D(2025, 3, 17)
    store.store_bundle(
        fresh_db,
        store.Bundle(
            sessions=(
                Session(
                    day=day,
                    exercises=(ExerciseDone("nordic-hamstring", pain_during=2, sets=2, reps=5),),
                ),
            ),
            programme=(ProgrammeExercise("nordic-hamstring", sets=3, reps=10, added_on=day),),
        ),
        today=TODAY,
    )
    view = read_trends_view(fresh_db, today=TODAY, weeks=4)
    (line,) = [exercise_line(row) for _, row in view.exercises.iterrows()]
    assert "usually 2 sets of 5 reps (programme: its own build-up" in line


@pytest.mark.parametrize(
    ("day", "today", "text"),
    [
        (D(2025, 12, 14), D(2026, 1, 5), "14 Dec 2025"),
        (D(2026, 1, 2), D(2026, 1, 5), "2 Jan"),
        (D(2025, 3, 3), D(2025, 3, 19), "3 Mar"),
    ],
)
def test_a_date_carries_its_year_only_when_it_is_not_this_year(day, today, text):
    assert date_text(day, today=today) == text


def test_each_chart_has_words_with_its_latest_values(year_of_logs):
    view = read_trends_view(year_of_logs, today=TODAY, weeks=4)
    sessions = sessions_in_words(view)
    assert sessions.startswith("Days with an exercise session each week since 24 Feb: 3 of 3")
    assert sessions.endswith("this week: 2 of 3, so far.")
    assert "the week of 10 Mar: 3 of 3, target met" in sessions
    pain = pain_in_words(view)
    assert "highest 3.0/10" in pain
    assert pain.endswith("this week: 3.0/10 over 3 days.")
    volume = volume_in_words(view, "bridge")
    assert volume.startswith("Glute bridge, reps each week it was done: most 60")
    assert volume.endswith("this week: 40.")
    assert scores_in_words(view) == "No questionnaire scores in these weeks."
    # Over a year the weeks of another year carry it.
    whole = read_trends_view(year_of_logs, today=TODAY, weeks=None)
    assert "since 15 Jan 2024" in sessions_in_words(whole)


def test_the_persistent_pain_message_gives_last_years_week_its_year(fresh_db):
    """In January, 'the week of 24 Nov' would read as a week to come: it says 2025."""
    today = D(2026, 1, 14)
    first = D(2025, 11, 17)
    days = [first + dt.timedelta(days=n) for n in range((today - first).days + 1)]
    store.store_bundle(
        fresh_db, store.Bundle(check_ins=tuple(check_in(d, 6) for d in days)), today=today
    )
    view = read_trends_view(fresh_db, today=today, weeks=12)
    assert view.persistent is not None
    assert "6/10 in the week of 24 Nov 2025, 6/10 in the week of 5 Jan)" in view.persistent.detail


@pytest.mark.parametrize(
    ("sets", "per_set", "unit", "words"),
    [
        (3.0, 10.0, "reps", "3 sets of 10 reps"),
        (1.0, 12.0, "reps", "1 set of 12 reps"),
        (2.5, 12.5, "reps", "3 sets of 13 reps"),  # medians rounded half up (docs/rules.md §2)
        (2.0, 30.0, "seconds", "2 holds of 30 s"),
        (1.0, 45.0, "seconds", "1 hold of 45 s"),
    ],
)
def test_a_dose_is_told_set_for_set(sets, per_set, unit, words):
    assert dose_words(sets, per_set, unit) == words


@pytest.mark.parametrize("today", [D(2026, 3, 4), D(2026, 3, 8), D(2026, 3, 9)])
def test_this_week_for_home_is_the_one_trends_shows(fresh_db, today):
    """Home counts this week's sessions as Trends does (docs/rules.md §5), without the rest."""
    store.store_bundle(fresh_db, demo.generate(weeks=30, seed=3, today=today), today=today)
    expected = trends_view.read_trends_view(fresh_db, today=today, weeks=4).this_week
    assert trends_view.read_this_week(fresh_db, today=today) == expected
    assert expected is not None


def test_this_week_reads_only_the_tables_its_cache_is_keyed_on(fresh_db):
    store.add_check_in(fresh_db, check_in(TODAY, 3), today=TODAY)
    store.add_session(fresh_db, session(TODAY), today=TODAY)
    read = trends_view.THIS_WEEK_TABLES
    assert tables_read(fresh_db, lambda db: trends_view.read_this_week(db, today=TODAY)) <= set(
        read
    )
    assert trends_view.read_this_week(fresh_db, today=TODAY).session_days == 1


def test_nothing_logged_has_no_week_yet(fresh_db):
    assert trends_view.read_this_week(fresh_db, today=TODAY) is None


# ---------------------------------------------------------------------------------------------
# What the page keeps across saves is what a full recomputation gives (issue: performance v2).

_DAYS_BACK = st.integers(min_value=0, max_value=40)
_STEPS = st.one_of(
    st.tuples(st.just("check in"), _DAYS_BACK, st.integers(min_value=0, max_value=10)),
    st.tuples(st.just("session"), _DAYS_BACK, st.integers(min_value=0, max_value=10)),
    st.tuples(
        st.just("edit a check-in"), st.integers(0, 99), st.integers(min_value=0, max_value=10)
    ),
    st.tuples(st.just("delete a check-in"), st.integers(0, 99), st.just(0)),
    st.tuples(st.just("delete a session"), st.integers(0, 99), st.just(0)),
    st.tuples(st.just("pause"), _DAYS_BACK, st.integers(min_value=0, max_value=10)),
    st.tuples(st.just("next day"), st.just(0), st.integers(min_value=1, max_value=3)),
)


def _apply(db, step, today: dt.date) -> dt.date:
    kind, a, b = step
    if kind == "check in":
        store.add_check_in(db, check_in(today - dt.timedelta(days=a), b), today=today)
    elif kind == "session":
        store.add_session(db, session(today - dt.timedelta(days=a), b), today=today)
    elif kind == "edit a check-in":
        saved = store.recent_check_ins(db, limit=100)
        if saved:
            chosen = saved[a % len(saved)]
            changed = check_in(chosen.value.day, b)
            store.update_check_in(db, chosen.id, changed, opened=chosen.value, today=today)
    elif kind == "delete a check-in":
        saved = store.recent_check_ins(db, limit=100)
        if saved:
            store.delete_check_in(db, saved[a % len(saved)].id)
    elif kind == "delete a session":
        saved = store.recent_sessions(db, limit=100)
        if saved:
            store.delete_session(db, saved[a % len(saved)].id)
    elif kind == "pause":
        start = today - dt.timedelta(days=a)
        store.add_pause(db, Pause(start, start + dt.timedelta(days=b), PauseReason.ILLNESS))
    elif kind == "next day":
        today += dt.timedelta(days=b)
    return today


def _by_content(spec: dict) -> str:
    """A chart's spec with each dataset named by its Arrow bytes: the name a chart gives a frame
    is a digest of how the frame pickles, which two equal frames laid out differently in memory
    do not share."""
    names = {name: hashlib.sha256(data).hexdigest() for name, data in spec["datasets"].items()}
    text = json.dumps({k: v for k, v in spec.items() if k != "datasets"}, sort_keys=True)
    for name, digest in names.items():
        text = text.replace(json.dumps(name), json.dumps(digest))
    return text + json.dumps(sorted(names.values()))


def _same_view(kept: trends_view.TrendsView, fresh: trends_view.TrendsView) -> None:
    for field in dataclasses.fields(trends_view.TrendsView):
        one, other = getattr(kept, field.name), getattr(fresh, field.name)
        if isinstance(other, pd.DataFrame):
            pd.testing.assert_frame_equal(one, other, check_exact=True, obj=field.name)
        else:
            assert one == other, field.name


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(_STEPS, min_size=1, max_size=10), weeks=st.sampled_from([4, 12, None]))
# Once failed: a pause in the range, its frame equal but laid out differently when kept.
@example(steps=[("delete a check-in", 0, 0)], weeks=4)
def test_trends_kept_across_saves_equal_trends_worked_out_afresh(steps, weeks):
    """After any sequence of check-ins, sessions, edits, deletions and pauses, with days
    passing, the view the page builds from what it kept (frames kept per table revision,
    results kept by content, the adherence weeks carried forward, chart layouts per shape)
    equals the view, words and charts worked out again from nothing."""
    import hamtrack_ui as ui
    from hamtrack import charts, memo

    today = TODAY
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hamtrack.db"
        db = store.open_database(path)
        before = os.environ.get("HAMTRACK_DB")
        os.environ["HAMTRACK_DB"] = str(path)
        try:
            store.store_bundle(db, demo.generate(weeks=8, seed=5, today=TODAY), today=TODAY)
            read = ui.kept_reads(db)
            read_trends_view(db, today=today, weeks=weeks, read=read)
            for step in steps:
                today = _apply(db, step, today)
                kept = read_trends_view(db, today=today, weeks=weeks, read=read)
                with memo.worked_out_afresh():
                    fresh = read_trends_view(db, today=today, weeks=weeks)
                _same_view(kept, fresh)
                assert sessions_in_words(kept) == sessions_in_words(fresh)
                assert pain_in_words(kept) == pain_in_words(fresh)
                kept_chart = ui.parts_spec(
                    charts.adherence_parts(kept.adherence, pauses=kept.pauses, span=kept.span)
                )
                with memo.worked_out_afresh():
                    assert sessions_in_words(fresh) == sessions_in_words(kept)
                    fresh_chart = ui.vega_lite_spec(
                        charts.adherence_chart(
                            fresh.adherence, pauses=fresh.pauses, span=fresh.span
                        )
                    )
                assert _by_content(kept_chart) == _by_content(fresh_chart)
        finally:
            db.conn.close()
            if before is None:
                os.environ.pop("HAMTRACK_DB", None)
            else:
                os.environ["HAMTRACK_DB"] = before
